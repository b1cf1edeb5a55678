"""The plain-text edition: the whole tree as readable UTF-8 text.

Handy for debugging, diffs and golden tests, and the proof that the pipeline
runs end to end with no binary format involved. Emphasis is written *so*,
strong **so**, links as "text <url>", a numbered list's items with the
style's labels (1. a) i.), a hard line break as a new line
(indented as its paragraph), a footnote reference as "[1]" and the notes as a
list after their section (or at the end: the style's placement).
"""

from __future__ import annotations

import textwrap

from ..formatting import NBSP, fill, format_date, source_lead, table_texts, upper
from ..model import (
    LINE_BREAK,
    Bulletin,
    Figure,
    Footnote,
    ListBlock,
    Paragraph,
    Quote,
    Run,
    Runs,
    StatsTable,
    Subheading,
    Table,
    TextCell,
)
from ..styles import Lists, Style
from .base import Renderer, rights_line
from .nobreak import keep_together

WIDTH = 78


def _inline(runs: Runs) -> str:
    """Runs as text: *so* around each stretch of emphasis and **so** around strong, whatever runs the stretch
    spans (a link in emphasised text, a link with a bold word), and a link's address once, after its
    whole text and outside the marks that end with it: "text <url>" (not when the text is the address).
    A note's reference "[1]" takes its own run's look."""
    out: list[str] = []
    strong = emphasis = False
    link: str | None = None
    link_text: list[str] = []

    def end_link() -> None:
        nonlocal link
        text = "".join(link_text)
        if link is not None and link not in (text, f"mailto:{text}"):
            out.append(f" <{link}>")
        link = None
        link_text.clear()

    def close(new_strong: bool, new_emphasis: bool) -> None:
        """Close the marks the next run's look ends: emphasis inside strong, so closed first."""
        nonlocal strong, emphasis
        if emphasis and (not new_emphasis or strong != new_strong):
            out.append("*")
            emphasis = False
        if strong and not new_strong:
            out.append("**")
            strong = False

    def open_(new_strong: bool, new_emphasis: bool) -> None:
        nonlocal strong, emphasis
        if new_strong and not strong:
            out.append("**")
            strong = True
        if new_emphasis and not emphasis:
            out.append("*")
            emphasis = True

    # Each run's next one that is text: looked for once, from the end (a search from each reference took 72 s
    # for 80,000 references, and 1.4 s for 9,900 in a row).
    plain_after: list[Run | None] = [None] * len(runs)
    following: Run | None = None
    for at in range(len(runs) - 1, -1, -1):
        plain_after[at] = following
        if runs[at].note is None and runs[at].text != LINE_BREAK:
            following = runs[at]
    for at, run in enumerate(runs):
        if run.text == LINE_BREAK or run.note is not None:
            # A break, or a note's reference, stands in the look and link around it, if they go on after it
            # ("*a[^1] b*"); else after them ("*a*[^1] b").
            after = plain_after[at]
            same_look = after is not None and (after.strong, after.emphasis) == (strong, emphasis)
            looks = (strong, emphasis) if same_look else (False, False)
            url = link if after is not None and after.url == link else None
        else:
            looks, url = (run.strong, run.emphasis), run.url
        close(*looks)
        if url != link:
            end_link()
        open_(*looks)
        out.append(f"[{run.note}]" if run.note is not None else run.text)
        if url is not None and run.note is None and run.text != LINE_BREAK:
            link = url
            link_text.append(run.text)
    close(False, False)
    end_link()
    return "".join(out)


def _wrap(text: str, language: str, indent: str = "", hang: str | None = None) -> str:
    """`text` filled to WIDTH, every line after `indent`; the first after `hang` instead when given. What
    the other editions keep on one line (nobreak.py: "23. November", "5 000 MW") is kept on one here too,
    its spaces left ordinary: the text edition is for reading and diffing, not for no-break spaces."""
    first = indent if hang is None else hang
    joined = keep_together(text, language)  # no-break spaces where it had spaces, and nothing else changed
    glue = next(chr(c) for c in range(0xE000, 0xF900) if chr(c) not in text)  # a character the text lacks
    if NBSP in text:  # its own no-break spaces stay: only those keep_together set are held
        held = "".join(glue if new != old else old for old, new in zip(text, joined))
    else:  # most text: no character by character
        held = joined.replace(NBSP, glue)
    # A word longer than a line stands whole on a line of its own: cut, it read (and was searched) as two.
    filled = textwrap.fill(
        held, WIDTH, initial_indent=first, subsequent_indent=indent, break_on_hyphens=False, break_long_words=False
    )
    return filled.replace(glue, " ")


def _list_lines(block: ListBlock, lists: Lists, language: str, level: int = 1, indent: str = "") -> list[str]:
    """ "- item" lines, and a numbered item's label as the style sets it at its level ("3.", "c)", "iv."): an
    item cited by its label reads the same in every edition. A wrapped item's lines stand under its text, a
    nested list two spaces further in than its item."""
    lines = []
    for number, item in enumerate(block.items, block.start):
        mark = f"{lists.label(level, number)} " if block.ordered else "- "
        first, *rest = _lines(item.runs)  # each hard line break starts a new line, under the item's text
        lines.append(_wrap(_inline(first), language, indent + " " * len(mark), indent + mark))
        lines += [_wrap(_inline(line), language, indent + " " * len(mark)) for line in rest]
        for child in item.children:
            lines += _list_lines(child, lists, language, level + 1, indent + "  ")
    return lines


def _lines(runs: Runs) -> list[Runs]:
    """The runs cut at their hard line breaks."""
    lines: list[list[Runs]] = [[]]
    for run in runs:
        if run.text == LINE_BREAK:
            lines.append([])
        else:
            lines[-1].append((run,))
    return [tuple(r for part in line for r in part) for line in lines]


def _wrapped(runs: Runs, language: str, indent: str = "") -> str:
    """Runs wrapped as a paragraph, each hard line break starting a new line."""
    return "\n".join(_wrap(_inline(line), language, indent) for line in _lines(runs))


def _unwrapped(runs: Runs, first: str, rest: str) -> str:
    """Runs on one line after `first` (an attribution, a source), each hard line break starting a new one
    after `rest`."""
    return "\n".join((rest if i else first) + _inline(line) for i, line in enumerate(_lines(runs)))


class OutlineRenderer(Renderer):
    name = "text"
    suffix = ".txt"
    media_type = "text/plain; charset=utf-8"
    description = "plain-text outline of the whole bulletin (debugging, diffs, golden tests)"
    dated = False

    def render(self, bulletin: Bulletin, style: Style) -> bytes:
        self.bulletin, self.style = bulletin, style
        m, p = bulletin.metadata, bulletin.publisher
        self.language = m.language
        lines = [upper(m.title, m.language)]
        if m.subtitle:
            lines.append(m.subtitle)
        lines += [f"{m.issue} · {format_date(m.date, m.language)}", p.name]
        if m.summary:
            lines += ["", _wrap(m.summary, self.language)]
        lines += ["", style.labels.contents]
        labels = [style.section_label(i) for i in range(len(bulletin.sections))]
        lines += [f"  {label} {s.title}".rstrip() for label, s in zip(labels, bulletin.sections)]
        if bulletin.introduction:
            heading = style.labels.introduction
            lines += ["", "", heading, "=" * min(len(heading), WIDTH)]
            for block in bulletin.introduction:
                lines += ["", self.visit(block)]
            lines += self._notes(bulletin.introduction_notes())
        for index, (label, section) in enumerate(zip(labels, bulletin.sections)):
            heading = f"{label} {section.title}".strip()
            lines += ["", "", heading, "=" * min(len(heading), WIDTH)]
            if section.byline:
                lines += ["", _wrapped(section.byline, self.language)]
            if section.standfirst:
                lines += ["", _wrapped(section.standfirst, self.language)]
            for block in section.blocks:
                lines += ["", self.visit(block)]
            lines += self._notes(bulletin.section_notes(index))
        if style.footnotes.placement == "end" and bulletin.footnotes:
            heading = style.labels.notes
            lines += ["", "", heading, "=" * min(len(heading), WIDTH), *self._notes(bulletin.footnotes, rule=False)]
        lines += [
            "",
            "",
            "-" * WIDTH,
            style.labels.colophon,
            p.name,
            fill(style.footer.text, bulletin, page="", pages=""),
            rights_line(bulletin, style),  # as the other editions' colophons (it was left out)
        ]
        return ("\n".join(lines) + "\n").encode("utf-8")

    def _notes(self, notes: tuple[Footnote, ...], rule: bool = True) -> list[str]:
        """Footnotes as a list: "[1] text", later paragraphs indented under it; after a short rule at a
        section's end, or under their own heading at the bulletin's end ("end" placement)."""
        if not notes or (rule and self.style.footnotes.placement == "end"):
            return []
        out = ["", "-" * 10] if rule else []
        for note in notes:
            mark, hang = f"[{note.number}] ", " " * len(f"[{note.number}] ")
            first, *rest = note.paragraphs
            line, *more = _lines(first)  # a hard line break starts a new line under the note's text
            out += [
                "",
                _wrap(_inline(line), self.language, hang, mark),
                *(_wrap(_inline(m), self.language, hang) for m in more),
            ]
            out += [_wrapped(p, self.language, hang) for p in rest]
        return out

    def visit_paragraph(self, block: Paragraph) -> str:
        return _wrapped(block.runs, self.language)

    def visit_list(self, block: ListBlock) -> str:
        return "\n".join(_list_lines(block, self.style.lists, self.language))

    def visit_subheading(self, block: Subheading) -> str:
        return f"{block.title}\n{'-' * min(len(block.title), WIDTH)}"

    def visit_quote(self, block: Quote) -> str:
        indent = "    " if block.kind == "block" else "  >> "
        parts = [_wrapped(p, self.language, indent) for p in block.paragraphs]
        if block.attribution:
            parts.append(_unwrapped(block.attribution, f"{indent}— ", f"{indent}  "))
        return "\n\n".join(parts) if block.kind == "block" else "\n".join(parts)

    def visit_figure(self, block: Figure) -> str:
        """[Figure: alt — caption (credit)]: what the picture shows, then what the caption says of it."""
        text = f"Figure: {block.alt}"
        if block.caption:
            text += f" — {_inline(block.caption)}"
        if block.credit:
            text += f" ({_inline(block.credit)})"
        return _wrap(f"[{text}]", self.language)

    def visit_stats(self, block: StatsTable) -> str:
        language = self.bulletin.metadata.language
        printed = zip(block.rows, table_texts(block, language))  # text cells with their markup, as paragraphs
        body_cells = [[_inline(c.runs) if isinstance(c, TextCell) else t for c, t in zip(*row)] for row in printed]
        cells = [[_inline(header) for header in block.headers], *body_cells]
        body = _grid(cells, block.numeric_columns())
        notes = [_wrapped(note, language) for note in block.notes]
        source = _unwrapped(block.source, source_lead(self.style.labels, block, language), "")
        return "\n".join([f"[{_inline(block.caption)}]", *body, *notes, source])

    def visit_table(self, block: Table) -> str:
        cells = [[_inline(cell) for cell in row] for row in (block.headers, *block.rows)]
        body = _grid(cells, (False,) * len(block.headers))
        return "\n".join([f"[{_inline(block.caption)}]", *body] if block.caption else body)


def _grid(cells: list[list[str]], numeric: tuple[bool, ...]) -> list[str]:
    """A table's lines: the header row, a rule under each column, the rows; figures set right, text left."""
    widths = [max(len(row[i]) for row in cells) for i in range(len(numeric))]

    def line(row: list[str]) -> str:
        return "  ".join(t.rjust(w) if n else t.ljust(w) for t, w, n in zip(row, widths, numeric)).rstrip()

    return [line(cells[0]), "  ".join("-" * w for w in widths)] + [line(r) for r in cells[1:]]
