"""A third-party renderer: the bulletin's key figures as CSV, for spreadsheets.

Install it next to briefexport (`pip install ./examples/stats_csv_plugin`) and
`briefexport formats` lists `csv`; `briefexport build source/2024-02.md -f csv`
writes dist/2024-02.csv. Numbers are written as plain values (92.12), so a
spreadsheet can compute with them; their unit gets its own column. Text from the
bulletin that a spreadsheet would read as a formula ("=HYPERLINK(…)", "+18.8%",
"@SUM(…)") starts with an apostrophe, which spreadsheets show as text (OWASP's
advice on CSV injection).
"""

from __future__ import annotations

import csv
import io

from briefexport.model import Bulletin, Figure, ListBlock, NumberCell, Paragraph, Quote, StatsTable, Subheading, Table
from briefexport.renderers.base import Renderer
from briefexport.styles import Style

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def as_text(text: str) -> str:
    """Text a spreadsheet shows as text, never runs as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


class StatsCsvRenderer(Renderer):
    name = "csv"
    suffix = ".csv"
    media_type = "text/csv; charset=utf-8"
    description = "statistics tables as CSV (example plugin)"

    def render(self, bulletin: Bulletin, style: Style) -> bytes:
        self.out = io.StringIO()
        self.writer = csv.writer(self.out, lineterminator="\n")
        self.writer.writerow(["section", "table", "row", "column", "value", "unit", "as written"])
        # The introduction (before the first section) may hold key figures too, under the style's label.
        parts = [(style.labels.introduction, bulletin.introduction)] + [(s.title, s.blocks) for s in bulletin.sections]
        for self.section_title, blocks in parts:
            for block in blocks:
                self.visit(block)
        return self.out.getvalue().encode("utf-8")

    # Paragraphs, sub-headings, quotes, lists, pictures and plain tables carry no figures; the visitor still names them,
    # because a renderer must handle every block type.
    def visit_paragraph(self, block: Paragraph) -> None:
        pass

    def visit_subheading(self, block: Subheading) -> None:
        pass

    def visit_quote(self, block: Quote) -> None:
        pass

    def visit_figure(self, block: Figure) -> None:
        pass

    def visit_list(self, block: ListBlock) -> None:
        pass

    def visit_table(self, block: Table) -> None:
        pass

    def visit_stats(self, block: StatsTable) -> None:
        for row in block.rows:
            label = row[0].text  # the row label, as written
            for header, cell in zip(block.header_texts[1:], row[1:]):
                if isinstance(cell, NumberCell):
                    value = repr(cell.value).removesuffix(".0")
                    texts = [self.section_title, block.caption_text, label, header]
                    self.writer.writerow([*map(as_text, texts), value, as_text(cell.unit or ""), as_text(cell.text)])
