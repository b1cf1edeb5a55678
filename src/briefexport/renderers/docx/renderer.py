"""DocxRenderer: the bulletin as a Word document built on Word's own styles.

Layout of the document: a cover page (brand band with wordmark, title and
subtitle; issue and date; the contents) whose first-page footer carries the
publisher's address; then the sections, each a heading 1 numbered by the
sections list (numbering.py) and starting after the cover; a colophon at the
end. Pages after the cover have the running head (title, issue) and a footer
with the address line and "page X of Y" as PAGE and NUMPAGES fields. Every
paragraph names a style from wordstyles.py; runs carry only emphasis, strong,
links, hard line breaks (w:br) and the language of a passage in another one
(w:lang on each of its runs; right to left: w:rtl, and w:bidi on its paragraph).

The contents show no page numbers. Where a section starts depends on the fonts
and the word processor's line breaking, known only when a reader lays the file
out, and the readers that matter do not recompute a contents list on opening:
LibreOffice never does, Word only after a prompt (w:updateFields) that
recipients are taught to refuse, and never in Protected View. An estimate was
one page off there. So each entry is a link to its section's heading, inside a
TOC field whose stored result holds numeral and title only: a Word user who
chooses Update Table gets Word's own, exact, page numbers.
"""

from __future__ import annotations

import io
import math
import re
import string
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from docx.image.exceptions import InvalidImageStreamError, UnexpectedEndOfFileError, UnrecognizedImageError
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import XmlPart
from docx.oxml.ns import qn
from docx.oxml.shape import CT_Inline
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Emu, Mm

from ... import __version__
from ...errors import DAMAGED, RenderError
from ...formatting import PrintedCell, fill, format_date, has_words, loosened, source_lead, table_parts, whole
from ...model import (
    Block,
    Bulletin,
    Figure,
    ListBlock,
    NumberCell,
    Paragraph,
    Quote,
    Runs,
    StatsTable,
    Subheading,
    Table,
    TextCell,
    plain_text,
)
from ...pictures import finest, png_of, prepared, resampled
from ...rules import reads_left_to_right, right_to_left
from ...styles import PAGE_SIZES_MM, PT_PER_MM, FontFamily, Style
from ..base import (
    COLOPHON_ISSUE_LINE,
    MIN_TABLE_SCALE,
    Renderer,
    contacts,
    cover_logo,
    faces_needed,
    lead,
    link_url,
    list_marks,
    logo_at,
    logo_size,
    rights_line,
    shortened,
    source_runs,
)
from ..fontfiles import fallback_fonts
from ..nobreak import keep_together
from . import fonts, footnotes, measure, package
from . import wordstyles as ws
from .fallback import set_in_fallback
from .numbering import BULLETS_NUM_ID, ListNumbering, numbering
from .ooxml import (
    bookmark,
    colour,
    el,
    field,
    field_end,
    field_start,
    hyperlink,
    mm_tw,
    num_pr,
    paragraph,
    put_in_order,
    run,
    run_properties,
    tw,
    val,
)

if TYPE_CHECKING:
    from docx.opc.part import Part
    from docx.section import _BaseHeaderFooter
    from lxml.etree import _Element as Element

_PAGE_FIELDS = {"page": "PAGE", "pages": "NUMPAGES"}
EMU_PER_TWIP = 635
EMU_PER_POINT = 12_700
INTRODUCTION_ANCHOR = "_Toc0000"  # the sections' are _Toc0001 on (bookmark ids alike)
WORD_PPI = 220  # Word's "default resolution" for the pictures of a document it saves
# Of the text's height, at most, for a picture: its caption goes on the same page, and a portrait chart
# at the text's full width does not take the page (as in the PDF's one column).
FIGURE_SHARE = 0.5
# What python-docx raises for a picture Pillow decodes whole but python-docx cannot parse (a JPEG with
# neither a JFIF nor an EXIF header, a PNG without its IEND chunk): the same pixels go in as a PNG.
NOT_PARSED = (UnrecognizedImageError, UnexpectedEndOfFileError, InvalidImageStreamError)


def _keep_with_next(p: Element) -> None:
    """Keep paragraph `p` on the page of the next one. Direct formatting, as the page break before the first
    heading is: it belongs to this one paragraph by its place (before a list, before the colophon), which
    no style can say."""
    props = p.find(qn("w:pPr"))
    if props is None:
        props = el("w:pPr")
        p.insert(0, props)
    props.insert(0 if props.find(qn("w:pStyle")) is None else 1, el("w:keepNext"))


class DocxRenderer(Renderer):
    name = "docx"
    suffix = ".docx"
    media_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    description = "editable Word copy on Word's own styles, with TOC and page fields (python-docx)"
    weight = 3.0  # subsetting the embedded fonts (fontTools) takes most of it: near a PDF's layout
    dated = False  # its core properties are dated by the bulletin

    @classmethod
    def prepare(cls) -> None:
        package.open_ahead()

    def render(self, bulletin: Bulletin, style: Style) -> bytes:
        self.bulletin, self.style = bulletin, style
        self.rtl = right_to_left(bulletin.metadata.language)  # a document written right to left (Arabic, Persian)
        self.document = document = package.blank_document()
        self.part = document.part
        self.link_ids: dict[str, dict[str, str]] = {}  # part name -> address -> its hyperlink relationship
        self.free_rid: dict[str, int] = {}  # part name -> where the search for a free relationship id starts
        self.shape_id: int | None = None  # the last picture's drawing id (_inline_picture)
        self.geometry = self._page_setup()
        self._styles()
        self.anchors = [f"_Toc{index + 1:04d}" for index in range(len(bulletin.sections))]
        self.referred: set[int] = set()  # notes whose (one) w:footnoteReference is written
        self.total_pages = estimate_pages(bulletin, style, self.geometry)

        self._body()
        self._headers_and_footers()
        self.notes: Element | None = None  # the footnotes part's root, for the embedded fonts
        if bulletin.footnotes:
            self.notes = footnotes.fill(footnotes.add_part(document), bulletin.footnotes, self._inline)
            footnotes.settings(document)

        package.core_properties(document, bulletin)
        package.app_properties(document, bulletin, __version__)
        package.settings(document, style, bulletin.metadata.language)
        package.theme(document, style)
        self._fonts()
        return package.save(document)

    def _styles(self) -> None:
        """The styles part, made from the style: the template's replaced wholesale, but for its list of
        latent built-ins; the lists' numbering, when the bulletin has lists."""
        bulletin = self.bulletin
        styles_part = self.document.part.part_related_by(RT.STYLES)
        assert isinstance(styles_part, XmlPart)  # python-docx loads the styles part as XML
        latent = styles_part.element.find(el("w:latentStyles").tag)
        has_lists = any(isinstance(block, ListBlock) for block in bulletin.blocks())
        hang = ws.list_hang(self.style) if has_lists else None
        self.lists = ListNumbering(ws.LIST_BULLET, ws.LIST_NUMBER, hang) if hang is not None else None
        styles = ws.build_styles(
            self.style,
            self.geometry,
            bulletin.metadata.language,
            latent,
            figures=bool(bulletin.figures()),
            list_hang=hang,
            footnotes=bool(bulletin.footnotes),
        )
        assert isinstance(styles, BaseOxmlElement)  # python-docx's parser makes w:styles its CT_Styles
        styles_part._element = styles

    def _body(self) -> None:
        """The document's body: cover, introduction, sections, colophon, before its section properties."""
        body = self.document.element.body
        for child in list(body):
            if child.tag != el("w:sectPr").tag:
                body.remove(child)
        end = body[-1]
        for element in self._cover():
            end.addprevious(element)
        for element in self._introduction():
            end.addprevious(element)
        for index, section in enumerate(self.bulletin.sections):
            end.addprevious(self._heading(index, section.title))
            for element in self._article(section.byline, section.standfirst):
                end.addprevious(element)
            for element in self._blocks(section.blocks):
                end.addprevious(element)
        # The colophon follows the text, never alone on a page: the paragraph before it keeps with it.
        last = end.getprevious()
        if last is not None and last.tag == el("w:p").tag:
            _keep_with_next(last)
        for element in self._colophon():
            end.addprevious(element)

    def _fonts(self) -> None:
        """The numbering's marks and the font table: what the style's families lack set in its fallback
        fonts, as the PDF sets it (fallback.py); with embed_fonts, the faces the text uses, subset."""
        style = self.style
        hang = ws.heading_hang(style, style.sizes.heading, len(self.bulletin.sections))
        families = ws.font_families(style)
        stories = self._stories()
        characters = self._characters(stories)
        chosen = fallback_fonts(style, (family.regular for family in families.values()), characters)
        fallback = {char: family.family for char, family in chosen.items()}
        for story in stories:
            set_in_fallback(story, fallback)
        package.numbering(self.document, numbering(style, ws.HEADING, hang, self.lists, fallback))
        added = {family.family: family for family in chosen.values() if family.family not in families}
        families |= added
        embedded = {}
        if style.docx.embed_fonts:
            needed: dict[str, set[str]] = {name: {"regular"} for name in fallback.values()}
            for role, faces in faces_needed(self.bulletin).items():
                needed.setdefault(style.font(role).family, set()).update(faces)
            body = style.font("body").regular  # the fallback fonts' symbols take the body's line height
            embedded = {
                name: fonts.embedded_faces(family, needed.get(name, set()), characters, body if name in added else None)
                for name, family in families.items()
            }
        package.font_table(self.document, families, embedded)

    def _stories(self) -> list[Element]:
        """The roots of the parts that hold text: the document, its header and footers, its footnotes."""
        section = self.document.sections[0]
        stories = [self.document.element]
        stories += [story.part.element for story in (section.header, section.footer, section.first_page_footer)]
        return stories + ([self.notes] if self.notes is not None else [])

    def _characters(self, stories: list[Element]) -> frozenset[str]:
        """Every character the edition sets: the stories' text, the sections' labels and the lists' marks."""
        text = {char for story in stories for node in story.iter(qn("w:t")) for char in node.text or ""}
        text |= {char for index in range(len(self.bulletin.sections)) for char in self.style.section_label(index)}
        if self.lists is not None:  # the marks Word draws from numbering.xml, in the items' font
            text |= list_marks(self.style)
        return frozenset(text)

    # --- page ---------------------------------------------------------------

    def _page_setup(self) -> ws.Geometry:
        page = self.style.page
        width, height = PAGE_SIZES_MM[page.size]
        section = self.document.sections[0]
        section.page_width, section.page_height = Mm(width), Mm(height)
        section.top_margin, section.bottom_margin = Mm(page.margin_top), Mm(page.margin_bottom)
        section.left_margin, section.right_margin = Mm(page.margin_inner), Mm(page.margin_outer)
        section.header_distance = Mm(page.margin_top * 0.45)
        section.footer_distance = Mm(page.margin_bottom * 0.4)
        section.gutter = Mm(0)
        section.different_first_page_header_footer = True
        if self.rtl:  # the section's columns and gutter right to left (w:bidi stands before w:docGrid)
            properties: Element = section._sectPr
            grid = properties.find(qn("w:docGrid"))
            if grid is None:
                properties.append(el("w:bidi"))
            else:
                grid.addprevious(el("w:bidi"))
        return ws.Geometry(
            text_width=mm_tw(width - page.margin_inner - page.margin_outer),
            text_height=mm_tw(height - page.margin_top - page.margin_bottom),
            sections=len(self.bulletin.sections),
        )

    def _headers_and_footers(self) -> None:
        b, style = self.bulletin, self.style
        section = self.document.sections[0]
        # Each half of the running head at most half the line, cut with an ellipsis as the PDF's: a long title
        # ran over three lines of every page's head, the issue label run into it.
        font, size, half = style.font("furniture").regular, style.sizes.furniture, self.geometry.text_width // 2 - 120
        left, right = (
            shortened(fill(words, b), lambda start: measure.twips(start, font, size) <= half)
            for words in (style.header.left, style.header.right)
        )
        running = left + "\t" + right
        footer_line = fill(style.footer.text, b, page="", pages="")
        page_words = "".join(literal for literal, *_ in string.Formatter().parse(style.footer.page))  # not {page}
        self._fill(section.header, [paragraph(ws.HEADER, run(running), props=self._set_by_text(running))])
        self._fill(section.first_page_header, [paragraph(None)])
        footer = section.footer
        self._fill(
            footer,
            [
                paragraph(ws.FOOTER, *self._linked(footer_line, footer.part), props=self._set_by_text(footer_line)),
                paragraph(ws.FOOTER, run("\t"), *self._page_line(), props=self._set_by_text(page_words)),
            ],
        )
        first = section.first_page_footer
        self._fill(
            first,
            [
                paragraph(ws.FOOTER, run(b.publisher.name), props=self._set_by_text(b.publisher.name)),
                paragraph(
                    ws.FOOTER,
                    *self._linked(b.publisher.address_line(), first.part),
                    props=self._set_by_text(b.publisher.address_line()),
                ),
            ],
        )

    @staticmethod
    def _fill(story: _BaseHeaderFooter, paragraphs: list[Element]) -> None:
        story.is_linked_to_previous = False
        root = story.part.element
        for child in list(root):
            root.remove(child)
        for p in paragraphs:
            root.append(p)

    def _english(self, key: str) -> str | None:
        """ "en" for a style's words (`key`, "labels.source") left in English in this bulletin's language: its
        runs say so, as the EPUB's do (an Italian copy had Word check "Source:" as Italian, and a screen
        reader read it in an Italian voice)."""
        return self.style.in_english(key, self.bulletin.metadata.language)

    def _page_line(self) -> list[Element]:
        """The footer's page template: its text as runs, {page} and {pages} as PAGE and NUMPAGES fields."""
        out: list[Element] = []
        cached = {"page": "1", "pages": str(self.total_pages)}
        english = self._english("footer.page")  # "page … of …" left in English: said so, as the EPUB does
        for literal, name, _, _ in string.Formatter().parse(self.style.footer.page):
            if literal:
                out.append(run(literal, lang=english))
            if name in _PAGE_FIELDS:
                out += field(_PAGE_FIELDS[name], cached[name])
            elif name is not None:
                out.append(run(fill("{" + name + "}", self.bulletin)))
        return out

    def _linked(self, text: str, part: Part) -> list[Element]:
        """Text with the publisher's email address and website as real hyperlinks."""
        targets = {text: href for text, href in contacts(self.bulletin.publisher) if href}
        if not targets:
            return [run(text)]
        pattern = re.compile("|".join(re.escape(k) for k in sorted(targets, key=len, reverse=True)))
        out: list[Element] = []
        at = 0
        for match in pattern.finditer(text):
            if match.start() > at:
                out.append(run(text[at : match.start()]))
            out.append(self._link(targets[match.group(0)], [run(match.group(0), ws.HYPERLINK)], part))
            at = match.end()
        if at < len(text):
            out.append(run(text[at:]))
        return out

    def _link(self, href: str, runs: list[Element], part: Part | None = None) -> Element:
        """Runs as a hyperlink to `href`, a target link_url made: one relationship per part and address."""
        owner = part or self.part
        known = self.link_ids.setdefault(owner.partname, {})
        rid = known.get(href)
        if rid is None:
            # The first free number, as python-docx's relate_to gives it, found from where the last search
            # ended: relate_to looked through every relationship for the address and for a free number each
            # time, and 8,000 distinct links took a minute.
            number = self.free_rid.get(owner.partname, 1)
            while f"rId{number}" in owner.rels:
                number += 1
            rid, self.free_rid[owner.partname] = f"rId{number}", number + 1
            owner.rels.add_relationship(RT.HYPERLINK, href, rid, is_external=True)
            known[href] = rid
        return hyperlink(rid, runs)

    # --- cover and contents -----------------------------------------------

    def _cover(self) -> list[Element]:
        m, style = self.bulletin.metadata, self.style
        out: list[Element] = [self._wordmark(), paragraph(ws.TITLE, run(m.title))]
        if m.subtitle:
            out.append(paragraph(ws.SUBTITLE, run(m.subtitle)))
        out.append(paragraph(ws.COVER_ISSUE, run(m.issue)))
        out.append(paragraph(ws.COVER_DATE, run(format_date(m.date, m.language))))
        out.append(paragraph(ws.TOC_HEADING, run(style.labels.contents, lang=self._english("labels.contents"))))
        out += self._contents()
        return out

    def _wordmark(self) -> Element:
        style, logo = self.style, cover_logo(self.bulletin, self.style)
        if logo is not None:  # a PNG, JPEG or GIF file (cover_logo checks)
            holder = self.document.add_paragraph()
            try:
                from PIL import Image  # only a cover with a logo pays for Pillow

                with Image.open(logo) as image:
                    size = image.size
                width, height = logo_size(style, *size, PAGE_SIZES_MM[style.page.size][1])
                drawn = holder.add_run()
                finer = logo_at(logo, finest(size, (width * PT_PER_MM, height * PT_PER_MM), WORD_PPI))
                try:
                    picture = drawn.add_picture(
                        io.BytesIO(finer) if finer else str(logo), width=Mm(width), height=Mm(height)
                    )
                except NOT_PARSED:
                    png = io.BytesIO(png_of(logo.read_bytes()))  # as for a figure's picture (visit_figure)
                    picture = drawn.add_picture(png, width=Mm(width), height=Mm(height))
            except DAMAGED as exc:  # a damaged file behind a valid signature
                raise RenderError(f"cover logo {logo.name} cannot be read as a picture: {exc}", logo) from None
            picture._inline.docPr.set("descr", self.bulletin.publisher.name)
            flush(picture._inline)
            element: Element = holder._p
            self.document.element.body.remove(element)  # add_paragraph() put it in the body
            element.insert(0, el("w:pPr", None, val("w:pStyle", ws.WORDMARK)))
            return element
        return paragraph(ws.WORDMARK, run(fill(style.cover.wordmark, self.bulletin)))

    def _contents(self) -> list[Element]:
        """A TOC field over the headings whose stored result is each section's numeral and title, as a
        link to the section, and no page number (see the module's docstring)."""
        entries: list[Element] = []
        if self.bulletin.introduction:
            title = run(self.style.labels.introduction, lang=self._english("labels.introduction"))
            entries.append(paragraph(ws.TOC1, hyperlink(None, [title], anchor=INTRODUCTION_ANCHOR)))
        for index, section in enumerate(self.bulletin.sections):
            label = self.style.section_label(index)
            runs = [run(f"{label}\t"), run(section.title)] if label else [run(section.title)]
            entries.append(paragraph(ws.TOC1, hyperlink(None, runs, anchor=self.anchors[index])))
        if not entries:
            entries.append(paragraph(ws.TOC1))
        first, last = entries[0], entries[-1]
        # Sub-headings (heading 2) join the contents when Word updates it (the stored result lists sections).
        levels = "1-2" if any(isinstance(b, Subheading) for b in self.bulletin.blocks()) else "1-1"
        for r in reversed(field_start(f'TOC \\o "{levels}" \\h \\z \\u')):
            first.insert(1, r)  # after the entry's pPr
        last.append(field_end())
        return entries

    # --- sections and blocks ------------------------------------------------

    def _heading(self, index: int, title: str) -> Element:
        # The numeral is heading 1's list number (numbering.py), not text.
        content = [run(keep_together(title, self.bulletin.metadata.language))]
        # The first section starts the page after the cover (or follows the introduction there).
        extra = [el("w:pageBreakBefore")] if index == 0 and not self.bulletin.introduction else []
        return paragraph(ws.HEADING, *bookmark(index + 1, self.anchors[index], content), props=extra)

    def _introduction(self) -> list[Element]:
        """The blocks before section I under the style's introduction heading, on the page after the cover."""
        if not self.bulletin.introduction:
            return []
        title = run(self.style.labels.introduction, lang=self._english("labels.introduction"))
        heading = paragraph(
            ws.INTRODUCTION_HEADING, *bookmark(0, INTRODUCTION_ANCHOR, [title]), props=[el("w:pageBreakBefore")]
        )
        return [heading, *self._blocks(self.bulletin.introduction)]

    def _blocks(self, blocks: Sequence[Block]) -> list[Element]:
        """The elements of `blocks`, a paragraph that leads into a list or a quotation ("Our recommendations
        are these:") kept with it: not left at a page's foot without it, as the PDF keeps it (a trial's Word
        copy did so)."""
        out: list[Element] = []
        lead_in: Element | None = None  # the paragraph just set, which may lead into what follows
        for block in blocks:
            elements = self.visit(block)
            if lead_in is not None and (
                isinstance(block, ListBlock) or (isinstance(block, Quote) and block.kind == "block")
            ):
                _keep_with_next(lead_in)
            lead_in = elements[-1] if isinstance(block, Paragraph) and elements else None
            out += elements
        return out

    def _article(self, byline: Runs, standfirst: Runs) -> list[Element]:
        """A section's byline and standfirst, under its heading."""
        out = [paragraph(ws.BYLINE, *self._inline(byline))] if byline else []
        if standfirst:
            out.append(paragraph(ws.STANDFIRST, *self._inline(standfirst)))
        return out

    def _inline(self, runs: Runs, part: Part | None = None, lang: str | None = None) -> list[Element]:
        """Runs, links (related from `part`, the document's by default) and footnote references; `lang` is
        their block's language, if its own (w:lang)."""
        out: list[Element] = []
        pending: list[Element] = []
        href: str | None = None
        for r in runs:
            target = link_url(r.url) if r.note is None else None
            if target != href and pending:
                assert href is not None  # pending holds the runs of a link
                out.append(self._link(href, pending, part))
                pending = []
            href = target
            if r.note is not None:  # Word gives a note one reference: a second repeats its number
                out += footnotes.repeated(r.note) if r.note in self.referred else footnotes.reference(r.note)
                self.referred.add(r.note)
                continue
            # In a document written right to left, every run says its language: w:rtl where it is right to left.
            language = r.lang or lang or (self.bulletin.metadata.language if self.rtl else None)
            # As in the PDF and EPUB: "6 478 623" or "7 февраля" parted at a line's end in LibreOffice.
            text = keep_together(r.text, language or self.bulletin.metadata.language)
            element = run(text, ws.HYPERLINK if target else None, r.strong, r.emphasis, language)
            (pending if target else out).append(element)
        if pending:
            assert href is not None
            out.append(self._link(href, pending, part))
        return out

    def _direction(self, lang: str | None) -> list[Element]:
        """A paragraph's pPr for its language where its direction is not the document's (every paragraph of a
        document written right to left is, by its defaults): w:bidi for a right-to-left one, w:bidi off for a
        left-to-right one in a document written right to left."""
        if not lang or right_to_left(lang) == self.rtl:
            return []
        return [el("w:bidi", None if right_to_left(lang) else {"w:val": "0"})]

    def _left_to_right(self, text: str) -> bool:
        """Whether `text` (a line of the publisher's or the style's, a figure) is set left to right in a
        document written right to left (rules.reads_left_to_right)."""
        return self.rtl and reads_left_to_right(text)

    def _set_by_text(self, text: str) -> list[Element]:
        """A paragraph's pPr for a line of the publisher's or the style's, or a figure: w:bidi off where
        `text` is set left to right (_left_to_right)."""
        return [el("w:bidi", {"w:val": "0"})] if self._left_to_right(text) else []

    def visit_paragraph(self, block: Paragraph) -> list[Element]:
        return [paragraph(ws.NORMAL, *self._inline(block.runs, lang=block.lang), props=self._direction(block.lang))]

    def visit_list(self, block: ListBlock) -> list[Element]:
        items = self._list_items(block, 0)
        # The space after a list is the last item's own: no style can say which item is a list's last.
        spacing = el("w:spacing", {"w:after": str(round(self.style.sizes.leading / 2 * 20))})
        props = items[-1].find(qn("w:pPr"))
        assert props is not None  # every item has its style and w:numPr
        props.append(spacing)
        return items

    def _list_items(
        self, block: ListBlock, level: int, outer: str | None = None, within: int | None = None
    ) -> list[Element]:
        """One paragraph per item, in its level's List Bullet or List Number style and in its list (w:numPr):
        the bullets' list, or the numbered list's own, which restarts at its first number. A numbered list
        from 1 inside a numbered list (`within`, its w:numId) is that list's next level, as Word makes one:
        Word restarts it after each item above it, and an item promoted in Word (Shift+Tab) goes on with
        the numbers of the list it joins; a second such list in one item is a list of its own (in that
        item's level it went on from the first: "a. b. c. d.")."""
        assert self.lists is not None  # made in render() for a bulletin with lists
        style = (ws.LIST_NUMBER if block.ordered else ws.LIST_BULLET)[level]
        if not block.ordered:
            num_id = BULLETS_NUM_ID
        elif within is not None and block.start == 1:
            num_id = within
        else:
            num_id = self.lists.add(level, block.start)
        out: list[Element] = []
        lang = block.lang or outer  # a nested list is in the language of the list it is in
        for item in block.items:
            props = [num_pr(num_id, level), *self._direction(lang)]
            out.append(paragraph(style, *self._inline(item.runs, lang=lang), props=props))
            shared = False  # a second numbered list in one item is a list of its own: it numbers from 1 again
            for child in item.children:
                share = block.ordered and child.ordered and not shared
                out += self._list_items(child, level + 1, lang, num_id if share else None)
                shared = shared or share
        return out

    def visit_subheading(self, block: Subheading) -> list[Element]:
        return [paragraph(ws.HEADING2, run(keep_together(block.title, self.bulletin.metadata.language)))]

    def visit_quote(self, block: Quote) -> list[Element]:
        pull = block.kind == "pull"
        out: list[Element] = [
            paragraph(
                ws.PULL if pull else ws.QUOTE, *self._inline(runs, lang=block.lang), props=self._direction(block.lang)
            )
            for runs in block.paragraphs
        ]
        if block.attribution:  # part of the quote: in its language and direction, as the EPUB's <footer> is
            attribution = self._inline(lead("— ", block.attribution), lang=block.lang)
            style = ws.PULL_ATTRIBUTION if pull else ws.ATTRIBUTION
            out.append(paragraph(style, *attribution, props=self._direction(block.lang)))
        return out

    def visit_figure(self, block: Figure) -> list[Element]:
        """The picture inline in a paragraph of its own, its alt text the drawing's description (docPr
        descr, what Word reads out and shows as alt text), then the caption (Word's Caption style)
        and the credit. Word stores each picture once, however often it is used."""
        picture = prepared(block.path, rgb=True)  # RGB: Word may show a CMYK JPEG's colours wrongly
        width = float(self.geometry.text_width * EMU_PER_TWIP)
        height = width * picture.height / picture.width
        most = self.geometry.text_height * EMU_PER_TWIP * FIGURE_SHARE
        if height > most:  # a tall picture: scaled down to leave room for its caption on the page
            width, height = width * most / height, most
        # Much finer than the page needs: at Word's own default resolution for pictures, as Word keeps them.
        size = finest((picture.width, picture.height), (width / EMU_PER_POINT, height / EMU_PER_POINT), WORD_PPI)
        data = resampled(block.path, size, rgb=True).data if size else picture.data
        try:
            inline = self._inline_picture(io.BytesIO(data), Emu(round(width)), Emu(round(height)))
        except NOT_PARSED:
            png = io.BytesIO(png_of(data))
            inline = self._inline_picture(png, Emu(round(width)), Emu(round(height)))
        inline.docPr.set("descr", block.alt)
        flush(inline)
        out = [paragraph(ws.FIGURE, el("w:r", None, el("w:drawing", None, inline)))]
        if block.caption:
            # Caption keeps with the credit under it; Image Caption, the figure's last line, with nothing.
            caption_style = ws.CAPTION if block.credit else ws.IMAGE_CAPTION
            out.append(paragraph(caption_style, *self._inline(block.caption)))
        if block.credit:
            out.append(paragraph(ws.FIGURE_CREDIT, *self._inline(block.credit)))
        return out

    def _inline_picture(self, data: io.BytesIO, width: Emu, height: Emu) -> CT_Inline:
        """python-docx's StoryPart.new_pic_inline, its drawing id counted on from the last picture's: that
        method finds the next id by searching the whole document for each picture, and a bulletin of
        4,000 pictures took 80 s (a service developer's trial). The ids are the same."""
        rid, image = self.part.get_or_add_image(data)
        cx, cy = image.scaled_dimensions(width, height)
        self.shape_id = self.part.next_id if self.shape_id is None else self.shape_id + 1
        return CT_Inline.new_pic_inline(self.shape_id, rid, image.filename, cx, cy)

    def visit_stats(self, block: StatsTable) -> list[Element]:
        language = self.bulletin.metadata.language
        numeric = block.numeric_columns()
        parts = table_parts(block, language)
        rows = [[whole(part) for part in row] for row in parts]
        # A figure column needs its longest part before the decimal point beside its longest part after it.
        cut = [[part for part in column if not isinstance(part, str)] for column in zip(*parts)]
        aligned = [
            max((h for h, _ in c), key=len, default="") + max((t for _, t in c), key=len, default="") for c in cut
        ]
        table_font, size = self.style.font("table"), self.style.sizes.table
        # A text column's words as _inline joins them (a figure column is measured whole)
        texts = (block.header_texts, *rows)
        joined = [[t if n else keep_together(t, language) for t, n in zip(row, numeric)] for row in texts]
        widths, text_size, loose = column_widths(
            [joined[0], aligned, *joined[1:]], numeric, self.geometry.text_width, table_font, size
        )
        # figures too wide to stand whole in any size wrap before their words, flush right
        rows = [[loosened(text) if wrap else text for text, wrap in zip(row, loose)] for row in rows]
        font = table_font.regular
        indents = [
            None if wrap else decimal_indents(w, [row[j] for row in parts], font, size, text_size)
            for j, (w, wrap) in enumerate(zip(widths, loose))
        ]
        # Shading, colour, bold, keeps and alignment come from the table and paragraph styles.
        header = [
            paragraph(ws.TABLE_FIGURE_HEADING if is_number else ws.TABLE_HEADING, *(self._inline(runs) or [run("")]))
            for runs, is_number in zip(block.headers, numeric)
        ]
        body = []
        for index, (row, written) in enumerate(zip(rows, block.rows)):
            cells = []
            for text, cell, is_number, indent in zip(row, written, numeric, (i and i[index] for i in indents)):
                # lined up on the decimal point (decimal_indents); in a document written right to left, a figure
                # written left to right set so ("$1.2 billion" read "billion $1.2"), as in the EPUB
                props = self._set_by_text(text) if isinstance(cell, NumberCell) else []
                props += [el("w:ind", {"w:right": str(indent)})] if indent else []
                # a text cell with its inline markup, a figure as printed
                content = (self._inline(cell.runs) if isinstance(cell, TextCell) else None) or [run(text)]
                cells.append(paragraph(ws.TABLE_FIGURE if is_number else ws.TABLE_TEXT, *content, props=props))
            body.append(cells)
        table = self._table(block.caption_text, widths, header, body, text_size, joined)
        leading = source_lead(self.style.labels, block, self.bulletin.metadata.language)
        source = self._inline(source_runs(self.style, block, self.bulletin.metadata.language))
        notes = [paragraph(ws.TABLE_NOTE, *self._inline(note)) for note in block.notes]
        caption = paragraph(ws.CAPTION, *self._inline(block.caption))
        return [caption, table, *notes, paragraph(ws.TABLE_SOURCE, *source, props=self._set_by_text(leading))]

    def visit_table(self, block: Table) -> list[Element]:
        """A plain table: the stats tables' table style, text columns, each cell's inline markup kept."""
        language = self.bulletin.metadata.language  # the words kept together as _inline sets them
        texts = [[keep_together(plain_text(cell), language) for cell in row] for row in (block.headers, *block.rows)]
        numeric = (False,) * len(block.headers)
        widths, text_size, _ = column_widths(
            texts, numeric, self.geometry.text_width, self.style.font("table"), self.style.sizes.table
        )
        header = [paragraph(ws.TABLE_HEADING, *self._inline(cell)) for cell in block.headers]
        body = [[paragraph(ws.TABLE_TEXT, *self._inline(cell)) for cell in row] for row in block.rows]
        table = self._table(block.caption_text, widths, header, body, text_size, texts)
        # An empty paragraph in the source note's spacing after it: room before the text that follows,
        # as a stats table's source line gives, and two tables in a row are never merged into one.
        after = paragraph(ws.TABLE_SOURCE)
        return [paragraph(ws.CAPTION, *self._inline(block.caption)), table, after] if block.caption else [table, after]

    def _table(
        self,
        caption: str,
        widths: list[int],
        header: list[Element],
        body: list[list[Element]],
        text_size: float,
        texts: Sequence[Sequence[str]],
    ) -> Element:
        """A table in the Key Figures style from its cells' paragraphs: fixed column widths, its header
        row repeated on every page (w:tblHeader), no row split across pages.

        Every cell keeps with the next (Table Text), which keeps a table whole with its caption. A table
        too long for that (over 40 % of a page, as in the PDF) lets go after its third row: else LibreOffice
        leaves the caption alone on a page and starts the table on the next. That keep-next off belongs to
        these rows by their place, which no style can say: it is set on their paragraphs. The last row keeps
        it, so that the source note under the table never opens a page alone. Its height is measured from its
        cells' texts (`texts`, the header row's first): counted a line a row, a table of twelve rows of long
        text was kept whole, and LibreOffice left the page before it nearly empty."""
        if self._table_points(widths, text_size, texts) > 0.4 * self.geometry.text_height / 20:
            for row in body[3:-1]:
                for cell in row:
                    cell[0].insert(1, val("w:keepNext", 0))  # after the w:pStyle of its w:pPr
        table = el(
            "w:tbl",
            None,
            el(
                "w:tblPr",
                None,
                val("w:tblStyle", ws.TABLE),
                el("w:bidiVisual") if self.rtl else None,  # its first column on the right
                el("w:tblW", {"w:w": str(sum(widths)), "w:type": "dxa"}),
                el("w:tblLayout", {"w:type": "fixed"}),
                el(
                    "w:tblLook",
                    {
                        "w:val": "0420",
                        "w:firstRow": "1",
                        "w:lastRow": "0",
                        "w:firstColumn": "0",
                        "w:lastColumn": "0",
                        "w:noHBand": "0",
                        "w:noVBand": "1",
                    },
                ),
                *([val("w:tblCaption", caption)] if caption else []),
            ),
            el("w:tblGrid", None, *(el("w:gridCol", {"w:w": str(w)}) for w in widths)),
        )
        # A link in the header row: its Hyperlink style's colour wins over the table style's white (a character
        # style outranks a table style, ECMA-376 17.7.2), the brand's blue on the brand's band: set white on it.
        for link_run in (r for cell in header for link in cell.iter(qn("w:hyperlink")) for r in link.iter(qn("w:r"))):
            put_in_order(run_properties(link_run), val("w:color", colour(self.style.colors.on_brand)))
        first = el("w:tr", None, el("w:trPr", None, el("w:cantSplit"), el("w:tblHeader")))
        first.extend(self._cell(width, cell) for cell, width in zip(header, widths))
        table.append(first)
        for row in body:
            tr = el("w:tr", None, el("w:trPr", None, el("w:cantSplit")))
            tr.extend(self._cell(width, cell) for cell, width in zip(row, widths))
            table.append(tr)
        if text_size != self.style.sizes.table:
            sized(table, text_size)
        return table

    def _table_points(self, widths: list[int], text_size: float, texts: Sequence[Sequence[str]]) -> float:
        """About how tall a table is, in points: each row as many lines as its fullest cell needs."""
        font, margins = self.style.font("table").regular, 2 * round(self.style.sizes.table * ws.CELL_MARGIN)

        def lines(text: str, width: int) -> int:
            return math.ceil(measure.twips(text, font, text_size) / max(width - margins, 1))

        rows = [max((lines(text, width) for text, width in zip(row, widths)), default=1) for row in texts]
        return sum(row_points(text_size) + (max(n, 1) - 1) * text_size * ws.TABLE_LINE for n in rows)

    @staticmethod
    def _cell(width: int, content: Element) -> Element:
        return el("w:tc", None, el("w:tcPr", None, el("w:tcW", {"w:w": str(width), "w:type": "dxa"})), content)

    def _colophon(self) -> list[Element]:
        """One paragraph of lines: its label, the publisher's name, contacts, issue and rights lines."""
        b, style = self.bulletin, self.style
        props = self._set_by_text(style.labels.colophon)
        # In a paragraph set right to left (an Arabic label over an English address), a line set left to right
        # is held in left-to-right marks.
        held = self.rtl and not props

        def line(text: str) -> str:
            return f"\u200e{text}\u200e" if held and self._left_to_right(text) else text

        label = run(line(style.labels.colophon), ws.COLOPHON_HEADING, lang=self._english("labels.colophon"))
        lines = [[label], [run(line(b.publisher.name), ws.COLOPHON_NAME)]]
        for text, href in contacts(b.publisher):
            lines.append([self._link(href, [run(line(text), ws.HYPERLINK)]) if href else run(line(text))])
        lines.append([run(line(fill(COLOPHON_ISSUE_LINE, b)))])
        rights, english = line(rights_line(b, style)), self._english("labels.rights")
        if english:  # the label alone is in English, not the holder's name before it
            at = rights.rindex(style.labels.rights)
            lines.append([run(rights[:at]), run(rights[at:], lang=english)])
        else:
            lines.append([run(rights)])
        broken = [*lines[0]]
        for each in lines[1:]:
            broken += [el("w:r", None, el("w:br")), *each]
        return [paragraph(ws.COLOPHON, *broken, props=props)]


def flush(inline: Element) -> None:
    """No space beside or around an inline picture. Word reads none where a drawing names none, but
    LibreOffice keeps 0.32 cm: a picture the text's width stood that far past the right margin."""
    for side in ("distT", "distB", "distL", "distR"):
        inline.set(side, "0")


def decimal_indents(
    width: int, parts: list[PrintedCell], font: Path, size: float, text_size: float | None = None
) -> list[int] | None:
    """The right indent, in twips, that lines each figure of a column up on the decimal point: the figure is
    set right, and one with a narrower part after the point ("1,000" under "92.12%") is indented by the
    difference; a text ("n/a") is not (flush right). None when the widest parts before and after the point
    do not fit the cell side by side: the column is then simply right-aligned. (Not a decimal tab stop:
    LibreOffice measures a table cell's tab stops from the page margin, Word from the cell, so no stop
    stands in the same place in both.)"""
    text = text_size or size  # the figures' size; the cell margins are the style's, at `size`
    figures = [part for part in parts if not isinstance(part, str)]
    widest = max((measure.twips(tail, font, text) for _, tail in figures), default=0)
    heads = max((measure.twips(head, font, text) for head, _ in figures), default=0)
    if heads + widest > width - 2 * round(size * ws.CELL_MARGIN):
        return None
    return [0 if isinstance(part, str) else widest - measure.twips(part[1], font, text) for part in parts]


def column_widths(
    cells: list[list[str]], numeric: tuple[bool, ...], total: int, font: FontFamily, size: float
) -> tuple[list[int], float, list[bool]]:
    """Twips per column, `total` in all, and the size the table's text is set in. Measured in the table font
    (the header row, cells[0], in its bold): a figure column as wide as its widest figure, a text column at
    least as wide as its longest word (an estimate per character broke "Capacity" in a bold header), and
    the rest of the width shared by the text columns as their text is long (words joined by a no-break
    space are one: LibreOffice broke "5 000 MW" in "M / W" in a column measured by "MW"). A table whose needs do not fit
    is set smaller, in steps of 5 % down to MIN_TABLE_SCALE of `size`, as the PDF's are (at full size a
    German table's headers broke letter by letter: "Hauptlieferlan/d"). One whose figures do not fit whole
    even then has them loosened (formatting.loosened: "$12,345.6" / "million", not "milli" / "on"), measured
    by their words, from full size down again (only the columns whose figures have words: the others stay
    lined up on the point); only then are its columns narrowed alike. The third value says which columns'
    figures are loosened."""
    padding = round(size * 20 * 2)  # the cell margins: the table style's, which do not shrink with the text
    columns = range(len(numeric))
    faces = [font.bold, *[font.regular] * (len(cells) - 1)]

    def widest(column: int, pieces: Callable[[str], list[str]], text_size: float) -> int:
        return max(
            measure.twips(piece, face, text_size) for row, face in zip(cells, faces) for piece in pieces(row[column])
        )

    def words(text: str) -> list[str]:
        return text.split(" ")

    def loose_words(text: str) -> list[str]:
        return words(loosened(text))

    wordy = [numeric[i] and has_words(row[i] for row in cells[1:]) for i in columns]
    for loose in ([False] * len(numeric), wordy):
        scale = 1.0
        while True:
            text_size = round(size * scale, 2)
            whole = [widest(i, lambda text: [text], text_size) + padding for i in columns]
            # a figure column as wide as its widest figure, unless loosened; others as their longest word
            widths = [
                whole[i]
                if numeric[i] and not loose[i]
                else widest(i, loose_words if loose[i] else words, text_size) + padding
                for i in columns
            ]
            if sum(widths) <= total or scale <= MIN_TABLE_SCALE:
                break
            scale = round(scale - 0.05, 2)
        if sum(widths) <= total or not any(wordy):
            break
    growing = [i for i in columns if not numeric[i]]
    spare = total - sum(widths)
    if spare < 0 or not growing:
        widths = [round(width * total / sum(widths)) for width in widths]
    else:
        weight = sum(whole[i] for i in growing)
        for i in growing:
            widths[i] += spare * whole[i] // weight
    widths[-1] += total - sum(widths)
    return widths, text_size, loose


def sized(table: Element, size: float) -> None:
    """Every run of `table` set at `size` (a table set smaller than its style's size to fit), in Word's half
    points, and its lines spaced for that size: the style's spacing, for its full size, left its rows
    airier than their text."""
    half_points = round(size * 2)
    for p in table.iter(qn("w:p")):
        props = p.find(qn("w:pPr"))
        if props is None:
            props = el("w:pPr")
            p.insert(0, props)
        spacing = props.find(qn("w:spacing"))
        if spacing is None:
            spacing = el("w:spacing")
            put_in_order(props, spacing)
        spacing.set(qn("w:line"), tw(half_points / 2 * ws.TABLE_LINE))
        spacing.set(qn("w:lineRule"), "atLeast")
    for r in table.iter(qn("w:r")):
        for tag in ("w:sz", "w:szCs"):
            put_in_order(run_properties(r), val(tag, half_points))


def _item_texts(block: ListBlock) -> list[str]:
    """The text of every item of a list, nested ones included, in order."""
    out = []
    for item in block.items:
        out.append("".join(r.text for r in item.runs))
        for child in item.children:
            out += _item_texts(child)
    return out


def row_points(size: float) -> float:
    """The height of a table row at this text size, in points: a line of text and the cell padding."""
    return size * 1.7


def estimate_pages(bulletin: Bulletin, style: Style, geometry: ws.Geometry) -> int:
    """How many pages the document probably has: NUMPAGES' stored result, shown only by readers that
    never lay the document out (Word and LibreOffice recompute page fields in headers and footers)."""
    s, lead = style.sizes, style.sizes.leading
    width_pt, height_pt = geometry.text_width / 20, geometry.text_height / 20

    def lines(text: str, size: float, narrower: float = 0.0) -> int:
        # 0.54 em is the average advance of the text serif, measured against LibreOffice page breaks.
        per_line = max(1.0, (width_pt - narrower) / (size * 0.54))
        return math.ceil(len(text) / per_line)

    height = 0.0  # points on the current run of pages, cover excluded
    introduction = [(None, bulletin.introduction)] if bulletin.introduction else []
    for section, blocks in [*introduction, *((section, section.blocks) for section in bulletin.sections)]:
        height += s.heading * 3.5
        if section is not None and (section.byline or section.standfirst):
            height += lines("".join(r.text for r in (*section.byline, *section.standfirst)), s.body) * lead + lead
        for block in blocks:
            if isinstance(block, Subheading):
                height += lead * 2.5
            elif isinstance(block, Paragraph):
                height += lines("".join(r.text for r in block.runs), s.body) * lead + lead * 0.5
            elif isinstance(block, Quote):
                pull = block.kind == "pull"
                size = s.pull_quote if pull else s.quote
                for runs in block.paragraphs:
                    height += lines("".join(r.text for r in runs), size, lead * 3) * size * 1.3 + lead * 0.5
                height += lead * (2.5 if pull else 1.5)
            elif isinstance(block, StatsTable | Table):
                height += (len(block.rows) + 1) * row_points(s.table) + lead * 3
            elif isinstance(block, Figure):
                height += width_pt * 0.6 + lead * 3
            elif isinstance(block, ListBlock):  # items a little narrower than the text, and a gap after the list
                height += sum(lines(text, s.body, s.body * 2) for text in _item_texts(block)) * lead + lead * 0.5
    return 2 + int((height + lead * 10) // height_pt)
