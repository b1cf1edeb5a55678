"""The branded print PDF edition (ReportLab).

A cover with the contents, the sections in the style's columns, quotes and
key-figure tables, running header and footer, a colophon; outline, links and
metadata; only the style's embedded TrueType fonts; a print edition (crop
marks, bleed, CMYK, PDF/X-4) on request; byte-identical output for the same inputs. One layout pass: page
numbers that are known only at the end are drawn as forms filled at the end.

Modules: fonts (registration, glyph coverage), markup (escaping), typography
(paragraph styles), layout (pages, template, canvas), furniture (header and
footer), cover (cover and contents), tables (key figures and the width rule),
flowables (heading, stacks, floats); for the print edition press (its canvas),
inks (colours and pictures in CMYK) and pdfx (output intent, XMP).
"""

from __future__ import annotations

# First: ReportLab imported with the home folder's files and RL_ variables set aside (settings.py).
from .settings import ship_defaults  # isort: skip

import io
import itertools
from collections.abc import Iterator, Sequence

from reportlab.lib.abag import ABag
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, PageBreak, Paragraph, Table, TableStyle
from reportlab.platypus.doctemplate import LayoutError, NextPageTemplate, PageTemplate

from ...errors import RenderError
from ...formatting import fill, format_date, table_texts, upper
from ...model import Block, Bulletin, Figure, Footnote, ListBlock, Quote, Runs, StatsTable, Subheading
from ...model import Paragraph as ParagraphBlock
from ...model import Table as TableBlock
from ...styles import LIST_LEVELS, PT_PER_MM, Style, key_origin
from ..base import COLOPHON_ISSUE_LINE, Renderer, contacts, creators, edition_title, faces_needed, rights_line
from .balance import EndOfText
from .cover import Cover
from .figures import FigureMaker
from .fileid import identified
from .flowables import (
    BIG,
    GAP_SHARE,
    Deferrable,
    FillDown,
    FloatAnchor,
    FloatBarrier,
    FlushDeferred,
    FlushFloats,
    Gap,
    KeptWhole,
    KeptWithNotes,
    LongParagraph,
    NeedSpace,
    NoteRule,
    PageBreakUnlessTop,
    SectionHeading,
    Stack,
    TableStack,
    ToLastColumn,
    flowing,
    kept_together,
    text_leading,
    text_lines,
    whole_height,
)
from .fonts import Coverage, register_fallback, register_roles
from .furniture import Furniture
from .hyphenation import breakable
from .inks import REGISTRATION, Inks, fringing_text
from .layout import BODY_TEMPLATES, BulletinDoc, Geometry, LateForms, canvas_maker, timestamp
from .markup import Markup, plain
from .press import print_canvas
from .softhyphen import SoftHyphenParagraph
from .tables import Placement, TableMaker
from .totalfit import TotalFitParagraph
from .typography import Palette, article_styles, build_styles, footnote_style, in_language

ship_defaults()  # before anything is set: the editions follow from their inputs alone (settings.py)

__all__ = ["PdfRenderer"]

CROP_MARK_LENGTH = 14.0  # points
CROP_MARK_OFFSET = 3.0  # points between the bleed and the marks


ATTRIBUTION = "\u2014\u00a0"  # em dash and no-break space before an attribution: the dash never ends a line
LABEL_GAP = "\u2002"  # en space between a section numeral and its title
NOTE_GAP = "\u2002"  # en space between a footnote's number and its text
# Characters the renderer adds itself, checked against the fonts with the text.
DRAWN_MARKS = ATTRIBUTION + LABEL_GAP + "\u00b7©…"
NOTE_RULE = 0.25  # of the column: the short rule over a section's footnotes
NOTE_WHOLE_SHARE = 0.2  # of a column, at most: a note of several paragraphs kept whole
# Of the page's body, at most: the text between a section's heading and its table on full-width pages of its
# own that goes with them, across the page (set in a column, it left the rest of its page blank).
LEAD_IN_SHARE = 0.25


def _pages_open(flow: list[Flowable], start: int) -> int:
    """Where the full-width pages that begin at or after flow[start] open: after the tables still waiting
    from before them (FlushFloats)."""
    return next(i for i in range(start, len(flow)) if isinstance(flow[i], FlushFloats)) + 1


def _stay_on_the_last_pages(story: list[Flowable]) -> TableStack | None:
    """Text that ends with a table on full-width pages of its own: the colophon goes at the foot of the
    table's last page, instead of alone on a page after it (the story went back to columns there). That
    table, if the text ends so (a table of pages is a TableStack: tables.with_below)."""
    ends = [f for f in story if not isinstance(f, FlushDeferred)][-2:]
    if len(ends) == 2 and isinstance(ends[0], NextPageTemplate) and isinstance(ends[1], PageBreak):
        at = story.index(ends[0])
        del story[at:]
        table = next(f for f in reversed(story) if not isinstance(f, FlushDeferred | FlushFloats))
        return table if isinstance(table, TableStack) else None
    return None


def _passes_waiting(flow: list[Flowable], at: int) -> bool:
    """Whether flow[at] may be set while a block kept whole waits for the next column: a paragraph, or a
    sub-heading over one (its room, NeedSpace, and the heading). A sub-heading over a table or quote
    does not: the block set before that one would take its room and leave it at the column's foot."""
    f = flow[at]
    if isinstance(f, Paragraph | LongParagraph):
        return True
    start = at - 1 if isinstance(f, SectionHeading) else at
    return (
        start >= 0
        and isinstance(flow[start], NeedSpace)
        and start + 2 < len(flow)
        and isinstance(flow[start + 1], SectionHeading)
        and isinstance(flow[start + 2], Paragraph | LongParagraph)
    )


def _through(f: Flowable) -> Flowable | None:
    return f.through if isinstance(f, NeedSpace) else None


def _keep_notes_with_text(flow: list[Flowable], width: float) -> None:
    """A section's footnotes never open a column without what their section ends with: the rule and the
    first note go with two lines of the last paragraph or quotation before them (one Stack that keeps them
    together, as a quote keeps its attribution), or with the table or figure kept whole in a column before
    them (one block kept whole, `width` wide); from two lines of the note under its rule on, the rest may
    go on in the next column (flowables.split_notes). The note had stood alone at a column's or page's
    top, its section's text ended at the foot before, in about one length of a section in twenty (and as
    often after a quotation or a table). The other notes follow it as they are."""
    at = next((i for i, f in enumerate(flow) if isinstance(f, NoteRule)), None)
    if at is None or at < 2 or not isinstance(flow[at - 1], FlushDeferred):
        return
    last = flow[at - 2]
    end = at + 2  # the rule and the first note's first paragraph, and its others (kept with it)
    while end < len(flow) and flow[end - 1].getKeepWithNext():  # type: ignore[no-untyped-call]  # ReportLab's
        end += 1
    notes = Stack(flow[at:end], space_before=flow[at].getSpaceBefore())
    if isinstance(last, Deferrable):
        # the block and its notes, which go on from under it once their rule has two lines of them there
        block = KeptWithNotes(last.block._content, notes)  # type: ignore[attr-defined]  # ReportLab's
        grown = whole_height(block, width, None) - whole_height(last.block, width, None)
        if not kept_together(notes):  # the column it opens needs to hold only two lines of them
            grown -= max(0.0, notes.wrap(width, BIG)[1] - _two_lines(notes, width))
        kept = Deferrable(block, last.lead_height + grown)
        kept.follower = last.follower
        flow[at - 2 : end] = [kept, FlushDeferred()]  # the other notes after it, wherever it goes
    elif isinstance(last, Paragraph | LongParagraph | Stack):
        # Two lines of text go with them: a last paragraph of one line (a list's last item) takes the
        # paragraphs before it along, which the stack parts from it as it parts a quote from its attribution
        # (a trial's list had its last item set alone at the next page's top, over the note).
        start = at - 2
        while (
            start > 0
            and isinstance(flow[start - 1], Paragraph)
            and isinstance(flow[start], Paragraph)
            and text_lines(flow[start : at - 1], width, enough=2) < 2
        ):
            start -= 1
        # A stack's first and last children have no space of their own before and after them in it: the
        # stacks take theirs (the rule lay on the last line's descenders, a quote lost the space over it,
        # and the first note was set closer to the next than the others).
        before, after = flow[start].getSpaceBefore(), flow[end - 1].getSpaceAfter()
        together = Stack([*flow[start : at - 1], notes], space_before=before, space_after=after, keep_last=True)
        # A block still waiting for a column lets the last paragraph pass, as any other: it opens the next
        # column, after what the paragraph sets in this one (it was set first, and left a fifth of the
        # column white above it); still waiting at the section's end, it is set after the notes.
        flow[start:end] = [together, FlushDeferred()]


def _two_lines(notes: Stack, width: float) -> float:
    """The height of a section's notes' rule and their first two lines, as their Stack sets them."""
    rule, first = notes.content[0], notes.content[1]
    return float(rule.wrap(width, BIG)[1]) + notes.gap(1) + 2 * text_leading(first)


class PdfRenderer(Renderer):
    name = "pdf"
    suffix = ".pdf"
    media_type = "application/pdf"
    description = "branded print PDF: cover and contents, columns, key figures, outline (ReportLab)"
    weight = 4.0  # line breaking and page layout: about four times a DOCX or EPUB render
    print_edition = True

    def page_count(self, data: bytes) -> int | None:
        return data.count(b"/Type /Page\n") or None

    # -- the document ---------------------------------------------------------------------------

    def render(self, bulletin: Bulletin, style: Style) -> bytes:
        self.bulletin, self.style = bulletin, style
        m = bulletin.metadata
        faces = register_roles(style, self._faces_needed())
        coverage = Coverage(faces, register_fallback(style))
        for where, text in self._texts():
            # The publisher file's text is not in the source: its error is found at the line naming the file.
            coverage.check(text, where, needle="publisher:" if where == "publisher" else None)
        # After the bulletin's own text (a bulletin in a script the fonts lack is told so there), before the
        # style's, whose templates may hold the date: the language's fault, not the designer's.
        date = format_date(m.date, m.language)
        coverage.check(date, f"language: {m.language}: the date as it is written in it ({date})", needle="language:")
        try:  # the marks the PDF sets itself are the fonts' to have: the style's fault, not the source's
            coverage.check(DRAWN_MARKS, "fonts: the marks the PDF sets itself (dashes, spaces, ©, …)")
        except RenderError as error:
            error.file, error.line = (str(style.files[0]), None) if style.files else (None, None)
            raise
        for key, text in self._style_texts():  # after the bulletin's: a title's letter is the title's fault
            try:
                coverage.check(text, key)
            except RenderError as error:
                error.file, error.line = key_origin(style, key)  # the designer's file and line, not the source's
                raise
        if style.page.crop_marks and style.cover.band and style.page.bleed == 0:
            file, line = key_origin(style, "page.bleed")
            raise RenderError(
                "page.bleed is 0, and the cover band runs to the page's edge: the print edition needs it to run "
                "past the trim (3 mm is usual), or cover.band = false",
                file,
                line,
            )
        fringing = fringing_text(style) if style.page.crop_marks else None
        if fringing is not None:
            key, why = fringing
            raise RenderError(why, *key_origin(style, key))
        self.colors = Palette.of(style)
        self.inks = Inks(style)  # the print edition's colours (used only with crop marks: press.py)
        self.markup = Markup(coverage, style.colors.link, m.language)
        self.st = build_styles(style, faces, self.colors, m.language)
        self.article = article_styles(style, faces, self.colors, self.st.body)
        self.note_style = footnote_style(style, faces, self.colors, self.st.body)
        self.subheadings = 0
        self.g = g = Geometry.of(style.page)
        self.floats: list[tuple[Flowable, float]] = []
        self._after_paragraph = False
        self._paragraph: list[Flowable] = []  # the last paragraph block's flowables (a list's lead-in)
        self._unindented: dict[Flowable, ParagraphStyle] = {}  # a paragraph set unindented -> its indented style
        self._bodies: set[Flowable] = set()  # the section's body paragraphs (after one, the next is indented)
        self.float_count = 0
        self.section_pages: dict[int, int] = {}
        self.tables = TableMaker(
            self.st,
            self.colors,
            self.markup,
            m.language,
            style.labels,
            g.column_width,
            g.body_width,
            g.body_height,
        )
        self.figures = FigureMaker(
            self.markup,
            # A figure's caption: the caption family at its size in the ink colour, lighter than a table's.
            ParagraphStyle(
                "figure_caption",
                parent=self.st.source,
                fontSize=self.st.caption.fontSize,
                leading=self.st.caption.leading,
                textColor=self.colors.ink,
                spaceBefore=4,
            ),
            self.st.source,
            self.st.body.leading,
            g.column_width,
            g.body_width,
            g.body_height,
            print_edition=style.page.crop_marks,
        )
        late = LateForms()
        cover = Cover(bulletin, style, g, faces, self.colors, self.markup, self.st)
        furniture = Furniture(bulletin, style, g, faces["furniture"], self.colors, late, coverage)

        labels = [style.section_label(i) for i in range(len(bulletin.sections))]
        story: list[Flowable] = cover.contents(labels, [s.title for s in bulletin.sections], self.section_pages, late)
        story += [NextPageTemplate(BODY_TEMPLATES[1]), PageBreak()]
        if bulletin.introduction:  # unnumbered, before section I: not in the contents, in the outline
            self._after_paragraph = False
            blocks = [self.visit(b) for b in bulletin.introduction]
            blocks.append(self._section_notes(bulletin.introduction_notes()))
            story += self._section(-1, "", style.labels.introduction, blocks, key="introduction")
        for i, (label, section) in enumerate(zip(labels, bulletin.sections)):
            self._after_paragraph = False
            head = self._article(section.byline, section.standfirst)
            blocks = [*(self.visit(b) for b in section.blocks), self._section_notes(bulletin.section_notes(i))]
            story += self._section(i, label, section.title, blocks, head=head)
        if style.footnotes.placement == "end" and bulletin.footnotes:  # all notes under a heading of their own
            notes = [self._note(note) for note in bulletin.footnotes]
            story += self._section(-2, "", style.labels.notes, [[f for note in notes for f in note]], key="notes")
        closing = _stay_on_the_last_pages(story)
        story += [FlushDeferred(), *(FloatBarrier(self.floats) for _ in range(self.float_count))]
        ending, colophon = self._colophon()
        story += [ending, *colophon]
        if closing is not None:  # its last rows go on with the colophon where its last page has no room for it
            closing.reserve = ending.colophon + ending.gap + closing.getSpaceAfter()

        buffer = io.BytesIO()
        doc = BulletinDoc(buffer, geometry=g, floats=self.floats, **self._doc_options())
        cover_frame = g.full_frame(1, cover.contents_top(), cover.contents_bottom())  # above the address
        doc.addPageTemplates(
            [
                PageTemplate(
                    "cover",
                    [cover_frame],
                    onPage=cover.draw,
                    autoNextPageTemplate="contents",
                    pagesize=(g.width, g.height),
                ),
                PageTemplate("contents", [g.full_frame(2)], onPage=furniture.draw, pagesize=(g.width, g.height)),
                *(
                    PageTemplate(t, g.frames(1), onPage=furniture.draw, pagesize=(g.width, g.height))
                    for t in BODY_TEMPLATES
                ),
                PageTemplate("wide", [g.full_frame(2)], onPage=furniture.draw, pagesize=(g.width, g.height)),
            ]
        )
        try:
            stamp = timestamp(m.modified)
        except ValueError as exc:  # the environment's fault, not the bulletin's (render names no source)
            raise RenderError(str(exc), "environment") from None
        try:
            maker = canvas_maker(late, stamp, self.markup.described)
            if style.page.crop_marks:  # the print edition: CMYK, PDF/X-4, padded (press.py)
                seed = "\n".join([m.title, m.issue, str(m.date), style.name])
                maker = print_canvas(maker, self.inks, style.print.pad, seed)
            doc.build(story, canvasmaker=maker)
        except LayoutError as exc:
            first = str(exc).splitlines()[0][:200]
            raise RenderError(f"the PDF layout failed: something is too large for a column or page ({first})") from None
        return identified(buffer.getvalue())

    def _doc_options(self) -> dict[str, object]:
        m, g, page = self.bulletin.metadata, self.g, self.style.page
        options: dict[str, object] = dict(
            pagesize=(g.width, g.height),
            leftMargin=g.inner,
            rightMargin=g.outer,
            topMargin=g.top,
            bottomMargin=g.bottom,
            title=plain(edition_title(self.bulletin)),  # the title bar names the issue
            author=plain("; ".join(creators(self.bulletin))),
            subject=plain(m.summary or m.subtitle or f"{m.title}, {m.issue}"),
            keywords=[plain(k) for k in m.keywords],
            creator="briefexport",
            lang=m.language,
            displayDocTitle=1,
            initialFontName=self.st.body.fontName,
            initialFontSize=self.st.body.fontSize,
            invariant=1,
            pageCompression=1,
        )
        if page.crop_marks:
            border = g.bleed + CROP_MARK_OFFSET + CROP_MARK_LENGTH
            b = g.bleed
            options.update(
                cropMarks=ABag(
                    borderWidth=border,
                    bleedWidth=0,
                    markLength=CROP_MARK_LENGTH,
                    markWidth=0.3,
                    markColor=REGISTRATION,
                    markLast=1,
                ),
                trimBox=(border, border, border + g.width, border + g.height),
                bleedBox=(border - b, border - b, border + g.width + b, border + g.height + b),
                enforceColorSpace=self.inks,  # every colour the print edition paints, in CMYK
            )
        return options

    def _faces_needed(self) -> dict[str, set[str]]:
        needed = faces_needed(self.bulletin)
        if self.bulletin.metadata.subtitle:  # the cover sets the subtitle in the body family's italic
            needed["body"].add("italic")
        return needed

    def _texts(self) -> Iterator[tuple[str, str]]:
        """Every string the PDF draws, with where it comes from (for the glyph check)."""
        b = self.bulletin
        m, p = b.metadata, b.publisher
        yield "title", m.title
        yield "subtitle", m.subtitle or ""
        yield "issue", m.issue
        yield "publisher", " ".join([p.name, p.address_line()])
        for note in b.footnotes:
            yield f"footnote {note.number}", str(note.number) + "".join(r.text for p in note.paragraphs for r in p)
        for where, head, blocks in self._parts():
            yield where, head
            for block in blocks:
                if isinstance(block, Subheading):
                    yield where, block.title
                elif isinstance(block, ParagraphBlock):
                    yield where, "".join(r.text for r in block.runs)
                elif isinstance(block, Quote):
                    yield where, "".join(r.text for r in block.runs) + block.attribution_text
                elif isinstance(block, Figure):
                    yield where, "".join(r.text for r in (*block.caption, *block.credit))
                elif isinstance(block, ListBlock):
                    yield where, "".join(r.text for r in block.runs)
                elif isinstance(block, TableBlock):
                    cells = (cell for row in (block.headers, *block.rows) for cell in row)
                    yield where, block.caption_text + "".join(r.text for cell in cells for r in cell)
                else:
                    notes = "".join(run.text for note in block.notes for run in note)
                    yield where, block.caption_text + notes + block.source_text + "".join(block.header_texts)
                    for row in table_texts(block, m.language):
                        yield from ((where, text) for text in row)

    def _style_texts(self) -> Iterator[tuple[str, str]]:
        """Every string of the style's that the PDF draws, by its key (for the glyph check)."""
        b, s = self.bulletin, self.style
        yield "cover.wordmark", fill(s.cover.wordmark, b)
        yield "labels.contents", upper(s.labels.contents, b.metadata.language)
        yield from ((f"labels.{key}", getattr(s.labels, key)) for key in ("source", "colophon", "rights"))
        yield from ((f"header.{key}", fill(getattr(s.header, key), b)) for key in ("left", "right"))
        yield from ((f"footer.{key}", fill(getattr(s.footer, key), b, page=0, pages=0)) for key in ("text", "page"))
        if any(isinstance(block, ListBlock) for block in b.blocks()):
            yield "lists.bullets", "".join(s.lists.bullets)
            yield "lists.numbers", "".join(s.lists.label(i + 1, 0) for i in range(LIST_LEVELS))
        if b.footnotes and s.footnotes.placement == "end":
            yield "labels.notes", s.labels.notes

    def _parts(self) -> Iterator[tuple[str, str, tuple[Block, ...]]]:
        """The introduction and each section: where its text is, the text over its blocks, its blocks."""
        b, s = self.bulletin, self.style
        if b.introduction:
            yield "introduction", s.labels.introduction, b.introduction
        for i, section in enumerate(b.sections):
            head = [s.section_label(i), section.title, *(r.text for r in (*section.byline, *section.standfirst))]
            yield s.section_place(i, section.title), "".join(head), section.blocks

    # -- sections and blocks ----------------------------------------------------------------------

    def _section(
        self,
        index: int,
        label: str,
        title: str,
        blocks: list[list[Flowable]],
        key: str = "",
        head: Sequence[Flowable] = (),
    ) -> list[Flowable]:
        """A section's heading, its `head` (byline and standfirst, which go where the heading goes) and its
        blocks' flowables."""
        esc = self.markup.text
        heading_style = self.st.heading
        width = self.g.column_width  # a heading is set in a column (or across the page, wider)

        def too_wide(word: str) -> bool:
            return stringWidth(word, heading_style.fontName, heading_style.fontSize) > width

        shown = breakable(title, self.bulletin.metadata.language, too_wide)
        text = (
            f"{self.markup.colored(esc(label), self.style.colors.brand)}{LABEL_GAP}{esc(shown)}"
            if label
            else esc(shown)
        )
        paragraph = SoftHyphenParagraph(text, heading_style)  # its break hyphen a soft one in the text layer
        name, outline = key or f"section{index + 1}", plain(f"{label} {title}".strip())
        self.markup.described[name] = outline  # what a link to it (a contents entry) says: layout.canvas_maker
        heading = SectionHeading(
            paragraph,
            name,
            outline,
            lambda page: self.section_pages.setdefault(index, page),
            rule=(self.colors.accent, 1.6),
        )
        flow = [f for block in blocks for f in block]
        # Taken, not looked up: held past its section, the map would keep every drawn paragraph (and its
        # lines) alive to the end of the build, and the collector would sift them again and again.
        unindented, self._unindented = self._unindented, {}
        body, self._bodies = self._bodies, set()
        # When a block moves on, the paragraph after it is indented if it then follows a body paragraph; after
        # a sub-heading, a list or nothing (the section's heading), it stays flush.
        for earlier, f, after in zip([None, *flow], flow, flow[1:]):
            if (
                isinstance(f, Deferrable)
                and isinstance(after, Paragraph | LongParagraph)
                and after in unindented
                and earlier in body
            ):
                f.follow(after, unindented[after])
        self._keep_subheadings(flow)
        # A block kept whole that waits for the next column lets only text pass it (paragraphs, list items,
        # sub-headings): it is set before a quote or a table, so it never lands inside one. (Set before a
        # sub-heading too, a tall picture ended its column with the text above it, 40 % white.)
        flow = [
            g
            for at, f in enumerate(flow)
            for g in ((f,) if _passes_waiting(flow, at) else (FlushDeferred(_through(f)), f))
        ]
        _keep_notes_with_text(flow, self.g.column_width)
        # What still waits from the section before is set before this section's heading.
        before: list[Flowable] = [FlushDeferred(), FloatBarrier(self.floats)]
        first = next((f for f in flow if not isinstance(f, FlushDeferred)), None)
        if isinstance(first, FloatAnchor):
            # A section that opens with a wide table opens with a band: its heading above the table.
            # If the band must wait for the next page (this one's band is full), so does the section.
            rest = flow[flow.index(first) + 1 :]
            band = self._banded(heading, first, head)
            return [*before, PageBreakUnlessTop(), band, FloatBarrier(self.floats), *rest]
        if isinstance(first, NextPageTemplate) or self._lead_in(flow):  # ... or with full-width pages of its own,
            # its heading after the tables still waiting from the section before, with the table's start
            # (and the few lines that lead in to it: they took a page of their own, the rest of it blank)
            opening = flow.index(next(f for f in flow if isinstance(f, NextPageTemplate)))
            at = _pages_open(flow, opening)
            marks = [f for f in flow[:opening] if isinstance(f, FlushDeferred)]  # set before the pages open
            above = [*head, *(f for f in flow[:opening] if not isinstance(f, FlushDeferred))]
            room = self._room(heading, above, flow[at:])
            return [*before, *marks, *flow[opening:at], room, heading, *above, *flow[at:]]
        return [*before, self._room(heading, head, flow), heading, *head, *flow]

    def _lead_in(self, flow: list[Flowable]) -> bool:
        """Whether a section's flow is a few lines of text and then a table on full-width pages of its own:
        text that, set across the page, takes no more than LEAD_IN_SHARE of it."""
        opening = next((i for i, f in enumerate(flow) if isinstance(f, NextPageTemplate)), None)
        if not opening:
            return False
        text = [f for f in flow[:opening] if not isinstance(f, FlushDeferred)]
        if not all(isinstance(f, Paragraph) for f in text):
            return False
        height = sum(f.wrap(self.g.body_width, BIG)[1] + f.getSpaceBefore() for f in text)
        return height <= self.g.body_height * LEAD_IN_SHARE

    def _room(self, heading: SectionHeading, head: Sequence[Flowable], flow: list[Flowable]) -> NeedSpace:
        """The room a section's heading needs where it starts: its text and rule, its byline and standfirst
        (whole: they go with the heading; a standfirst of over half a column splits as a paragraph) and the
        first lines of the text after them."""
        _, height = heading.wrap(self.g.column_width, BIG)
        height += sum(min(f.wrap(self.g.column_width, BIG)[1], self.g.body_height * 0.5) for f in head)
        height += sum(f.getSpaceBefore() + f.getSpaceAfter() for f in head)
        room = NeedSpace(height + self.st.heading.spaceBefore + self.st.heading.spaceAfter)
        self._make_room(room, flow)
        return room

    def _banded(self, heading: Flowable, anchor: FloatAnchor, head: Sequence[Flowable] = ()) -> FloatAnchor:
        """A wide table's band with a heading (and a section's byline and standfirst) set above the table."""
        stack = Stack([heading, *head, *anchor.block.content])
        _, band = stack.wrap(self.g.body_width, BIG)
        return FloatAnchor(stack, band)

    def _keep_subheadings(self, flow: list[Flowable]) -> None:
        """Keep each sub-heading in `flow` (a NeedSpace, then its SectionHeading) with what it heads, as a
        section's heading is kept: a wide table right under it takes it into its band, and what follows
        the band waits for it (FloatBarrier), so that the heading is neither parted from its table nor
        printed after the text it heads; pages of their own open with it; otherwise its room takes in
        the lines that must follow it in its column (the last first: a sub-heading right before another
        needs that one's room too)."""
        for at in reversed(range(len(flow) - 1)):
            room, heading = flow[at], flow[at + 1]
            if not (isinstance(room, NeedSpace) and isinstance(heading, SectionHeading)):
                continue
            after = flow[at + 2] if at + 2 < len(flow) else None
            if isinstance(after, FloatAnchor):
                flow[at : at + 3] = [self._banded(heading, after)]
                below = at + 1  # past this band and any wide tables right under it
                while below < len(flow) and isinstance(flow[below], FloatAnchor):
                    below += 1
                # Full-width pages open after the bands anyway; at the section's end the next heading waits.
                if below < len(flow) and not isinstance(flow[below], NextPageTemplate | FloatBarrier):
                    flow.insert(below, FloatBarrier(self.floats))
                continue
            if isinstance(after, NextPageTemplate):
                opened = _pages_open(flow, at + 2)
                flow[at:opened] = [*flow[at + 2 : opened], room, heading]
                self._make_room(room, flow[opened:])
                continue
            self._make_room(room, flow[at + 2 :])

    def _make_room(self, room: NeedSpace, flow: list[Flowable]) -> None:
        """Add to a heading's `room` the lead of `flow`, what it heads; and where that opens with a block
        kept whole and then text, the least room: the heading and the text's first lines (the block may
        wait for the next column, as it would under any paragraph)."""
        least = self._lead_past_block(flow)
        if least is not None:
            room.least = room.need + least
        room.need += self._lead(flow)

    def _lead_past_block(self, flow: list[Flowable]) -> float | None:
        """The lead of the text after the block kept whole that opens `flow`, or None when `flow` does not
        open with one followed by text, or the block is short (a heading over a one-line pull quote alone
        at a column's foot seems to head nothing else: it keeps its text, as `need` says)."""
        # Only text right after the block passes it (a FlushDeferred between them, before a section's notes
        # kept with a table, sets the block first: the heading was left alone at a column's foot).
        rest = list(itertools.dropwhile(lambda f: isinstance(f, FlushDeferred), flow))
        if not (len(rest) > 1 and isinstance(rest[0], Deferrable) and isinstance(rest[1], Paragraph | LongParagraph)):
            return None
        if rest[0].lead_height < self.g.body_height * GAP_SHARE:
            return None
        return self._lead(rest[1:])

    def _lead(self, flow: list[Flowable], room: float | None = None) -> float:
        """The height that must follow a heading in the same column: two lines, a quote, a table's start;
        of blocks kept whole, at most `room` (half a page), beyond which nothing is looked at (a section of
        a thousand tables in a row ran out of Python's stack here)."""
        room = self.g.body_height * 0.5 if room is None else room
        above = 0.0  # paragraphs too short to give the two lines alone
        lines = 0
        for at, f in enumerate(flow):
            if isinstance(f, NeedSpace):
                return above + f.need
            if isinstance(f, Deferrable):  # kept-together blocks measured when they were made
                # The heading keeps the block and the first lines of what follows it, up to half a page.
                # Text after it goes on under the heading while a taller block waits for the next column;
                # anything else waits with it (FlushDeferred), so the heading keeps at least the whole block.
                block = f.lead_height + f.block.getSpaceAfter()
                lead = min(block + (self._lead(flow[at + 1 :], room - block) if block < room else 0.0), room)
                after = flow[at + 1] if at + 1 < len(flow) else None  # what passes it while it waits
                return above + (lead if isinstance(after, Paragraph | LongParagraph) else max(lead, f.lead_height))
            if isinstance(f, FloatAnchor | NextPageTemplate | FlushDeferred):
                continue
            if isinstance(f, LongParagraph):
                return above + 2 * f.style.leading
            if isinstance(f, Paragraph):  # two lines, or all of one too short to split (no widows, no orphans)
                above += f.getSpaceBefore()  # a list's first item stands apart from what is above it
                height = self._unsplit(f)
                if height is None:
                    return above + 2 * f.style.leading
                above, lines = above + height + f.getSpaceAfter(), lines + round(height / f.style.leading)
                if lines >= 2:
                    return above
                continue
            height = f.wrap(self.g.column_width, BIG)[1]
            if isinstance(f, Stack):  # a quote: three lines, or all of a short one (its attribution keeps two)
                quoted = text_lines(f.content, self.g.column_width - f.indent)
                if lines + quoted >= 2:
                    lead = height if height < 8 * self.st.quote.leading else 3 * self.st.quote.leading
                    return above + f.getSpaceBefore() + lead
                # A quote of one line is one of the two: the text after it gives the other.
                above, lines = above + f.getSpaceBefore() + height + f.getSpaceAfter(), lines + round(quoted)
                continue
            return above + min(height, self.g.body_height * 0.5)
        return above

    def _article(self, byline: Runs, standfirst: Runs) -> list[Flowable]:
        """A section's byline and standfirst, under its heading; the text after them starts unindented."""
        out: list[Flowable] = [SoftHyphenParagraph(self.markup.runs(byline), self.article.byline)] if byline else []
        if standfirst:  # set as the body's paragraphs are: broken the whole paragraph at a time
            style = in_language(self.article.standfirst, standfirst, None, self.bulletin.metadata.language)
            out.append(flowing(TotalFitParagraph(self.markup.runs(standfirst), style)))
        return out

    def _section_notes(self, notes: tuple[Footnote, ...]) -> list[Flowable]:
        """The footnotes a section first refers to, at its end under a short rule (placement "section")."""
        if not notes or self.style.footnotes.placement != "section":
            return []
        rule = NoteRule(self.g.column_width * NOTE_RULE, self.colors.muted, self.st.body.leading)
        return [rule, *(f for note in notes for f in self._note(note))]

    def _note(self, note: Footnote) -> list[Flowable]:
        """A footnote's paragraphs, the first hanging from its number, which links back to the first reference."""
        number = str(note.number)
        style = self.note_style
        hang = stringWidth(number + NOTE_GAP, style.fontName, style.fontSize)
        hanging = ParagraphStyle(f"footnote{hang:.2f}", parent=style, leftIndent=hang, firstLineIndent=-hang)
        mark = f'<a name="fn-{number}"/>' + self.markup.back(note.number) + NOTE_GAP
        first, *rest = note.paragraphs
        # Hyphenated as the body is: break hyphens read as soft, and no page turns in a word.
        out: list[Flowable] = [TotalFitParagraph(mark + self.markup.runs(first), hanging)]
        indented = ParagraphStyle(f"footnote{hang:.2f}+", parent=style, leftIndent=hang, firstLineIndent=0)
        out += [TotalFitParagraph(self.markup.runs(p), indented) for p in rest]
        # A short note is not parted between its paragraphs (ReportLab keeps them together); a long one goes on
        # in the next column as one of a paragraph does: kept whole, it left a column up to 73 % white.
        # (A note of one paragraph has nothing to keep: not measured, which broke every note's lines once more.)
        if (
            rest
            and sum(whole_height(p, self.g.column_width, None) for p in out) <= self.g.body_height * NOTE_WHOLE_SHARE
        ):
            for paragraph in out[:-1]:
                paragraph.keepWithNext = True
        return out

    def visit_subheading(self, block: Subheading) -> list[Flowable]:
        # A sub-heading is never left at a column's foot: it needs room for itself and two lines after it
        # (added by _section, which sees what follows it).
        self._after_paragraph = False
        self.subheadings += 1
        paragraph = SoftHyphenParagraph(self.markup.text(block.title), self.article.subheading)
        _, height = paragraph.wrap(self.g.column_width, BIG)
        need = height + paragraph.style.spaceBefore + paragraph.style.spaceAfter
        heading = SectionHeading(paragraph, f"sub{self.subheadings}", plain(block.title), lambda page: None, level=1)
        return [NeedSpace(need), heading]

    def visit_paragraph(self, block: ParagraphBlock) -> list[Flowable]:
        # A paragraph right after another is indented; the first after a heading, quote, list, or a table
        # or figure in the column is not (one floated out of the text is passed over: _table, visit_figure).
        language = self.bulletin.metadata.language
        style = self.st.body if self._after_paragraph else self.st.body_first
        paragraph = flowing(
            TotalFitParagraph(
                self.markup.runs(block.runs, lang=block.lang), in_language(style, block.runs, block.lang, language)
            )
        )
        if not self._after_paragraph:  # indented after all if the block before it moves on
            self._unindented[paragraph] = in_language(self.st.body, block.runs, block.lang, language)
        self._after_paragraph = True
        self._paragraph = [paragraph]
        self._bodies.add(paragraph)
        return self._paragraph

    def visit_list(self, block: ListBlock) -> list[Flowable]:
        # The text after a list starts unindented, as after a quote; the list has space above and below.
        lead_in = self._paragraph if self._after_paragraph else []
        self._after_paragraph = False
        items = self._list_items(block, 1, 0.0)
        gap = round(self.st.body.leading * 0.4, 2)
        first, last = items[0], items[-1]
        first.style = ParagraphStyle("list_first", parent=first.style, spaceBefore=gap)
        last.style = ParagraphStyle("list_last", parent=last.style, spaceAfter=gap)
        listed: list[Flowable] = [flowing(item) for item in items]
        if lead_in and (need := self._keep_lead_in(lead_in, first)) is not None:
            need.through = listed[-1]  # whole: a block set after it never lands in the list
        return listed

    def _keep_lead_in(self, lead_in: list[Flowable], first: Flowable) -> NeedSpace | None:
        """A short paragraph that leads into a list ("The plan has three parts:") or a quotation ("He
        said:") starts a new column rather than end one with the list or quotation in the next: it needs
        room for itself and two lines of the first item (all of one too short to split: three lines part
        as two and a widow), or the quotation's first lines. A longer paragraph splits as any other. Set
        apart from the text before it so, it is no text that a block waiting for the next column lets
        pass: that block is set first, never between the lead-in and what it leads into (unless both fit
        before it: FlushDeferred.through). The NeedSpace made, if any."""
        paragraph = lead_in[-1]
        if not isinstance(paragraph, Paragraph):
            return None  # a LongParagraph (pages of text) is no lead-in, and is not laid out whole to find out
        height = self._unsplit(paragraph)
        if height is None:
            return None
        need = NeedSpace(height + paragraph.getSpaceAfter() + self._lead([first]))
        lead_in.insert(0, need)
        return need

    def _unsplit(self, paragraph: Paragraph) -> float | None:
        """The height of a paragraph too short to split in a column (three lines part as two and a widow),
        or None for a longer one."""
        height = float(paragraph.wrap(self.g.column_width, BIG)[1])
        return height if height <= 3.5 * paragraph.style.leading else None

    def _list_items(
        self, block: ListBlock, level: int, left: float, outer: str | None = None
    ) -> list[TotalFitParagraph]:
        """One body-text paragraph per item, its bullet or number hung in the indent, nested lists further in.

        The hang is the style's indent, or more when the widest label of the list needs it. A mark that fits
        the hang leaves the lines as they were, so items are broken as the body's paragraphs are (totalfit).
        """
        body, lists = self.st.body_first, self.style.lists
        if block.ordered:
            marks = [lists.label(level, n) for n in range(block.start, block.start + len(block.items))]
        else:
            marks = [lists.bullet(level)] * len(block.items)
        marks = [plain(mark, self.markup.coverage) for mark in marks]
        font = self._mark_font("".join(marks))
        widest = max(stringWidth(mark, font, body.fontSize) for mark in marks)
        indent = left + max(lists.indent * PT_PER_MM, widest + 0.6 * body.fontSize)  # ReportLab's gap after a mark
        style = ParagraphStyle(
            f"list{level}",
            parent=body,
            leftIndent=indent,
            bulletIndent=left,
            bulletFontName=font,
            bulletFontSize=body.fontSize,  # ReportLab's default is 10 pt, whatever the text's size
        )
        out: list[TotalFitParagraph] = []
        lang, language = block.lang or outer, self.bulletin.metadata.language  # a nested list is in its list's
        for mark, item in zip(marks, block.items):
            item_style = in_language(style, item.runs, lang, language)
            paragraph = TotalFitParagraph(self.markup.runs(item.runs, lang=lang), item_style, bulletText=mark)
            if item.children and self._unsplit(paragraph) is not None:
                # A short item over its sub-items ("Agreements were signed:") goes on with the first of them:
                # it ended a column, its sub-items at the next one's top (a typesetter's trial).
                paragraph.style = ParagraphStyle(f"{item_style.name}+next", parent=item_style, keepWithNext=1)
            out.append(paragraph)
            for child in item.children:
                out += self._list_items(child, level + 1, indent, lang)
        return out

    def _mark_font(self, marks: str) -> str:
        """The body font, or the fallback font that has the marks' first character the body font lacks."""
        coverage = self.markup.coverage
        lacking = next((c for c in marks if ord(c) not in coverage.codepoints), None)
        return coverage.fallback.get(lacking, self.st.body.fontName) if lacking else self.st.body.fontName

    def visit_quote(self, block: Quote) -> list[Flowable]:
        lead_in = self._paragraph if self._after_paragraph else []
        self._after_paragraph = False
        st, c, leading = self.st, self.colors, self.st.body.leading
        if block.kind == "pull":
            return [self._pull(block)]
        language = self.bulletin.metadata.language
        # Ragged, but broken the whole paragraph at a time as the body is: few hyphens, no ladders.
        content: list[Flowable] = [
            flowing(
                TotalFitParagraph(
                    self.markup.runs(runs, lang=block.lang), in_language(st.quote, runs, block.lang, language)
                )
            )
            for runs in block.paragraphs
        ]
        if block.attribution:
            content.append(
                SoftHyphenParagraph(ATTRIBUTION + self.markup.runs(block.attribution, lang=block.lang), st.attribution)
            )
        quote = Stack(content, 11, (c.brand, 1.2), leading * 0.7, leading, keep_last=bool(block.attribution))
        # "President Ilham Aliyev noted:" ended a page, its quotation on the next, a pull quote between them.
        if lead_in and isinstance(lead_in[-1], Paragraph) and lead_in[-1].getPlainText().rstrip().endswith(":"):
            self._keep_lead_in(lead_in, quote)
        return [quote]

    def _pull(self, block: Quote) -> Flowable:
        st, c, leading = self.st, self.colors, self.st.body.leading
        paragraphs = [SoftHyphenParagraph(self.markup.runs(r, lang=block.lang), st.pull) for r in block.paragraphs]
        if block.attribution:
            attribution = self.markup.runs(block.attribution, lang=block.lang)
            paragraphs.append(SoftHyphenParagraph(ATTRIBUTION + attribution, st.pull_attribution))
        box = Table([[paragraphs]], colWidths=[self.g.column_width])
        box.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), st.pull.fontName),
                    ("BACKGROUND", (0, 0), (-1, -1), c.tint),
                    ("LINEABOVE", (0, 0), (-1, 0), 2, c.accent),
                    ("LINEBELOW", (0, -1), (-1, -1), 2, c.accent),
                    ("LEFTPADDING", (0, 0), (-1, -1), 10),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 10),
                    ("TOPPADDING", (0, 0), (-1, -1), 9),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 10),
                ]
            )
        )
        _, height = box.wrap(self.g.column_width, BIG)
        if height > self.g.body_height * 0.8:  # too tall to keep whole: a splittable quote with the accent rule
            content: list[Flowable] = [flowing(p) for p in paragraphs]
            return Stack(content, indent=11, rule=(c.accent, 2), space_before=leading, space_after=leading)
        box.spaceBefore, box.spaceAfter = leading * 0.8, leading
        return Deferrable(KeptWhole([box]), height + box.spaceBefore)

    def visit_figure(self, block: Figure) -> list[Flowable]:
        floats, flowable, _ = self.figures.place(block)
        if floats:
            self.float_count += 1
        else:
            self._after_paragraph = False  # a figure in the column; one across the page floats out of the text
        return [flowable]

    def visit_stats(self, block: StatsTable) -> list[Flowable]:
        return self._table(self.tables.place(block))

    def visit_table(self, block: TableBlock) -> list[Flowable]:
        return self._table(self.tables.place_plain(block))

    def _table(self, placement: Placement) -> list[Flowable]:
        """A table where tables.place put it: in the column, floated to the next page's top within its
        section, or on full-width pages of its own."""
        # A table that floats to a band across a page or to pages of its own stands outside the text:
        # the paragraph after it follows the one before (indented), as after a figure across the page.
        if placement.kind == "float":
            self.float_count += 1
            stack = placement.flowables[0]
            assert isinstance(stack, Stack)  # a float is one Stack: caption, table, source (tables.place)
            return [FloatAnchor(stack, placement.height)]
        if placement.kind == "pages":
            self._paragraph = []  # pages apart: no lead-in to keep with a list after it
            return [
                NextPageTemplate("wide"),
                PageBreak(),
                FlushFloats(self.floats),
                *placement.flowables,
                NextPageTemplate(BODY_TEMPLATES[0]),
                PageBreak(),
            ]
        self._after_paragraph = False
        return placement.flowables

    def _colophon(self) -> tuple[EndOfText, list[Flowable]]:
        """Where the text ends, and the publisher's block set after it at the foot of the last column of the
        last page."""
        b, s, st, esc = self.bulletin, self.style, self.st, self.markup.text
        p = b.publisher
        lines: list[Flowable] = [
            Paragraph(esc(s.labels.colophon), st.colophon_head),
            Paragraph(f"<b>{esc(p.name)}</b>", st.colophon),
            *(Paragraph(self.markup.link(esc(t), url) if url else esc(t), st.colophon) for t, url in contacts(p)),
        ]
        lines.append(Paragraph(esc(fill(COLOPHON_ISSUE_LINE, b)), st.colophon))
        lines.append(Paragraph(esc(rights_line(b, s)), st.colophon))
        leading = st.body.leading
        block = Stack(lines, indent=9, rule=(self.colors.brand, 1.2))
        _, across = block.wrap(self.g.body_width, BIG)  # under balanced columns (balance.py)
        return EndOfText(across, leading), [Gap(leading), ToLastColumn(), FillDown(block), block]
