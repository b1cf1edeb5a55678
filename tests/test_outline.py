"""The plain-text edition, checked against a golden file."""

from __future__ import annotations

import dataclasses
import itertools
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import briefexport
from briefexport.model import Run

from .conftest import FIXTURES

GOLDEN = FIXTURES.parent / "golden" / "minimal.txt"


def test_the_minimal_bulletin_renders_as_its_golden_text(minimal, plain):
    # To accept an intended change: briefexport build tests/fixtures/minimal/bulletin.md -f text, copy it here.
    assert briefexport.render(minimal, "text", style=plain).decode("utf-8") == GOLDEN.read_text(encoding="utf-8")


def test_the_colophon_ends_with_the_rights_line_the_other_editions_print(minimal, plain):
    """A brand designer's trial (helper-177): the text edition's colophon left out labels.rights, which the
    PDF, Word and EPUB colophons print after the publisher ("© 2024 Example Institute. All rights reserved.")."""
    booklet = plain.replace(labels=dataclasses.replace(plain.labels, rights="Reproduction with attribution."))
    text = briefexport.render(minimal, "text", style=booklet).decode("utf-8")
    assert text.endswith("\n© 2024 Example Institute. Reproduction with attribution.\n"), text[-300:]


def test_the_text_edition_numbers_sections_by_the_style(flagship, aircenter):
    text = briefexport.render(flagship, "text", style=aircenter).decode("utf-8")
    for i, section in enumerate(flagship.sections):
        assert f"\n{aircenter.section_label(i)} {section.title}\n" in text


_WORDS = st.text(alphabet="abcdefgh ", min_size=1, max_size=8).filter(lambda t: t.strip() == t and t)
_RUNS = st.lists(
    st.builds(
        Run,
        text=_WORDS,
        emphasis=st.booleans(),
        strong=st.booleans(),
        url=st.sampled_from([None, None, "https://e.org/a", "https://e.org/b"]),
    ),
    min_size=1,
    max_size=8,
)


@given(runs=_RUNS)
@settings(max_examples=300, deadline=None)
def test_the_text_editions_inline_marks_wrap_the_words_and_never_lose_one(runs):
    """Whatever looks and links the runs mix, the text edition's line holds their words in order once the
    marks and addresses are taken out, its * and ** marks pair up, and each link's address follows its
    text once (a review found links and emphasis scrambled: "*see **the report* <url>* today*")."""
    from briefexport.renderers.outline import _inline

    line = _inline(tuple(runs))
    words = re.sub(r" <https://e\.org/[ab]>", "", line).replace("*", "")
    assert words == "".join(run.text for run in runs)
    assert line.count("*") % 2 == 0
    links = [url for url, _ in itertools.groupby(run.url for run in runs) if url]
    assert re.findall(r"<(https://e\.org/[ab])>", line) == links


def test_a_word_longer_than_a_line_stands_whole_on_a_line_of_its_own(tmp_path):
    """A re-trial: a German compound longer than 78 letters was cut across two lines with no mark, and read
    (and was searched) as two words."""
    from .test_sources import write_source

    word = "Grundstücksverkehrsgenehmigungszuständigkeitsübertragungsverordnungsänderungsgesetz"
    source = write_source(tmp_path, f"# S\n\nDas {word} ist lang, und der Satz geht noch weiter.\n")
    text = briefexport.render(briefexport.load(source), "text").decode("utf-8")
    assert f"\n{word}\n" in text or f" {word}\n" in text or f"\n{word} " in text


def test_the_text_edition_keeps_a_date_and_a_figure_with_its_unit_on_one_line(tmp_path):
    """A German editor's trial found "23." at a line's end and "November 2023" on the next: the text edition
    keeps together what the other editions do, with ordinary spaces (wherever the wrap falls)."""
    from .test_sources import FRONT, write_source

    paragraphs = [
        f"{'Wort ' * filler}Am 23. November 2023 gingen 5 000 MW ans Netz, z. B. in Kiel." for filler in range(12)
    ]
    front = FRONT.replace("date:", "language: de\ndate:")
    source = write_source(tmp_path, "# S\n\n" + "\n\n".join(paragraphs) + "\n", front=front)
    text = briefexport.render(briefexport.load(source), "text").decode("utf-8")
    lines = text.splitlines()
    assert "\u00a0" not in text
    assert not [line for line in lines if re.search(r"(?:\b23\.|5|z\.)$", line)]
    assert not [line for line in lines if re.match(r"(?:November|000|MW|B\.)\b", line)]
    assert (text.count("23. November 2023"), text.count("5 000 MW"), text.count("z. B.")) == (12, 12, 12)


@pytest.mark.parametrize(("in_a_row", "count"), [(False, 5_000), (True, 2_400)], ids=["with text", "in a row"])
def test_a_paragraph_of_many_note_references_is_set_in_time_linear_in_their_number(
    in_a_row, count, flagship, aircenter
):
    """A service developer's trial: each reference looked for the run after it in a copy of the rest of the
    paragraph, and 80,000 references of one note took 72 s; a review: 9,900 in a row, with no text between
    them, still took 1.4 s. Four times the references take less than eight times as long."""
    import dataclasses

    from briefexport.model import Footnote, Paragraph, Section

    from .conftest import best_cpu_times

    def with_references(count: int) -> briefexport.model.Bulletin:
        unit = (Run("1", note=1),) if in_a_row else (Run("x"), Run("1", note=1), Run(" "))
        runs = (Run("See"),) + unit * count + (Run(" end."),)
        section = Section("Many references", (Paragraph(runs),))
        note = Footnote(1, "a", ((Run("A note."),),))
        return dataclasses.replace(flagship, sections=(section,), footnotes=(note,))

    short, long = with_references(count), with_references(4 * count)
    first, then = best_cpu_times(
        lambda: briefexport.render(short, "text", style=aircenter),
        lambda: briefexport.render(long, "text", style=aircenter),
    )
    assert then < 8 * first, f"{first:.2f} s, then {then:.2f} s ({then / first:.1f} times)"
