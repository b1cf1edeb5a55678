"""The EPUB 3 edition: reflowable, accessible, branded like the PDF, byte-identical per input.

Reading order (the spine): a cover page, the contents (the navigation
document), one XHTML document per section, and a back page with the
publisher's contact block. The navigation document and the NCX list every
section and the back page; landmarks point at the cover, the contents and
the first section. One stylesheet is generated from the Style, whose TTF
files are embedded (the faces it uses). A right-to-left language sets dir
and the spine's page-progression-direction. Content documents are built with lxml (text is always
escaped); ebooklib assembles the package, and the zip is then pinned
(package.Container) so the same inputs give the same bytes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from ebooklib import epub
from lxml import etree

from ...formatting import NBSP, fill, format_date, table_texts
from ...inputs import PICTURE_TYPES
from ...model import (
    ADDRESS_SEPARATOR,
    Block,
    Bulletin,
    Figure,
    Footnote,
    ListBlock,
    NumberCell,
    Paragraph,
    Quote,
    Runs,
    StatsTable,
    Subheading,
    Table,
    note_numbers,
    plain_text,
)
from ...pictures import prepared, resampled, within
from ...rules import reads_left_to_right, right_to_left
from ...styles import FontFamily, Style
from ...translations import left_in_english, translate
from ..base import (
    BACK_LABEL,
    COLOPHON_ISSUE_LINE,
    Renderer,
    contacts,
    cover_logo,
    creators,
    edition_title,
    faces_needed,
    lead,
    list_marks,
    logo_at,
    read_in_the_text,
    repeated,
    rights_line,
    source_runs,
)
from ..fontfiles import fallback_fonts, subset_font
from ..nobreak import phone
from . import coverimage, css, package
from .xhtml import XHTML, Document, NoteLinks, add_runs, append_text, set_lang, sub

COVER = "cover.xhtml"
NAV = "nav.xhtml"
LOGO = "images/logo"  # and the picture's own suffix
COLOPHON = "colophon.xhtml"
COVER_IMAGE = "images/cover.png"
FIGURE = "images/figure-{:02d}"  # a figure's picture, numbered by first use, and its own suffix
# The most pixels a figure's picture keeps: Apple Books' limit for an image in a book, ample for any reading
# screen; a 49-megapixel photograph made a reading edition of 70 MB.
MOST_PIXELS = 4_000_000

# EPUB Accessibility 1.1: what the edition conforms to, claimed by its publisher (self-certified).
# Checked in the tests by EPUBCheck, DAISY Ace (0 violations) and a browser at 320 px with 200 % text.
CONFORMANCE = "EPUB Accessibility 1.1 - WCAG 2.1 Level AA"
INTRODUCTION = "introduction.xhtml"
NOTES = "notes.xhtml"  # the footnotes, when the style sets them at the end

ACCESSIBILITY = (
    ("schema:accessMode", "textual"),
    ("schema:accessModeSufficient", "textual"),  # the cover logo, the one picture, has its alt text
    ("schema:accessibilityFeature", "structuralNavigation"),
    ("schema:accessibilityFeature", "tableOfContents"),
    ("schema:accessibilityFeature", "readingOrder"),
    ("schema:accessibilityFeature", "displayTransformability"),  # sizes in em, no fixed layout, no text colours
    ("schema:accessibilityFeature", "ARIA"),  # DPUB-ARIA roles beside every epub:type
    ("schema:accessibilityHazard", "none"),
)


def section_file(index: int) -> str:
    return f"section-{index + 1:02d}.xhtml"


class EpubRenderer(Renderer):
    name = "epub"
    suffix = ".epub"
    media_type = "application/epub+zip"
    description = "EPUB 3 for e-readers and libraries: accessible, branded, with embedded fonts"
    dated = False  # dcterms:modified is the bulletin's date (or its revision's: Metadata.modified)

    def render(self, bulletin: Bulletin, style: Style) -> bytes:
        self.bulletin, self.style = bulletin, style
        m = bulletin.metadata
        self.language = m.language
        self.direction = "rtl" if right_to_left(m.language) else None
        self.subheadings: dict[str, list[tuple[str, str]]] = {}  # document -> its sub-headings' ids and titles
        self.grids: set[tuple[str, int]] = set()  # each table's kind and the width it needs (_grid)
        self.notes = self._note_links()
        self.read = read_in_the_text(bulletin)  # the words a pull quote may repeat
        logo = cover_logo(bulletin, style)
        faces = css.used_faces(style, faces_needed(bulletin))
        fonts = css.font_files(faces)
        container = package.Container([(font.href, font.path.read_bytes()) for font in fonts.values()])
        try:
            book = self._book(logo, faces, fonts)
            moment = dt.datetime(m.modified.year, m.modified.month, m.modified.day)
            # the navigation's words left in English: those of the style's labels, and its "Guide" (no style's)
            labels = ("contents", "introduction", "notes", "colophon")
            english = frozenset(
                getattr(style.labels, name) for name in labels if style.in_english(f"labels.{name}", m.language)
            ) | ({"Guide"} if left_in_english("Guide", m.language) else set())
            return package.write(book, moment, container, m.language, english)
        except BaseException:
            container.discard()  # no thread outlives a failed render
            raise

    def _book(
        self, logo: Path | None, faces: list[tuple[FontFamily, str]], fonts: dict[Path, css.FontFile]
    ) -> epub.EpubBook:
        """The book ebooklib writes: metadata, documents, stylesheet, the fonts' manifest items, the logo."""
        bulletin, style, m = self.bulletin, self.style, self.bulletin.metadata
        book = epub.EpubBook()
        book.FOLDER_NAME = package.PACKAGE_FOLDER
        book.set_direction(self.direction)
        self.logo_href = f"{LOGO}{logo.suffix.lower()}" if logo else None
        pictures = self._pictures()
        self._metadata(book, visual=logo is not None or bool(pictures))
        has_lists = any(isinstance(block, ListBlock) for block in bulletin.blocks())
        cover_image = epub.EpubImage(
            uid="cover-image",
            file_name=COVER_IMAGE,
            media_type=coverimage.MEDIA_TYPE,
            content=coverimage.cover_png(bulletin, style, logo),
        )
        cover_image.properties = ["cover-image"]
        stylesheet = epub.EpubItem(uid="css", file_name=css.STYLESHEET, media_type="text/css")

        cover = self._document("cover", COVER, m.title, self._cover())
        # The documents are made in reading order: a note's first reference, which its back link returns
        # to, is the first one made. The introduction is a document of its own before section I, as its
        # own entry in the contents.
        introduction = (
            [self._document("introduction", INTRODUCTION, style.labels.introduction, self._introduction())]
            if bulletin.introduction
            else []
        )
        labels = [style.section_label(i) for i in range(len(bulletin.sections))]
        sections = [
            self._document(f"section-{i + 1:02d}", section_file(i), f"{label} {s.title}".strip(), self._section(i))
            for i, (label, s) in enumerate(zip(labels, bulletin.sections))
        ]
        colophon = self._document("colophon", COLOPHON, style.labels.colophon, self._colophon())
        nav = epub.EpubNav(title=style.labels.contents, direction=self.direction)
        nav.add_item(stylesheet)
        notes = (
            [self._document("notes", NOTES, style.labels.notes, self._notes())]
            if bulletin.footnotes and style.footnotes.placement == "end"
            else []
        )
        sections = [*introduction, *sections, *notes]

        for item in (cover, nav, *sections, colophon):
            book.add_item(item)
        book.add_item(epub.EpubNcx())
        book.add_item(stylesheet)
        book.add_item(cover_image)
        for font in fonts.values():  # for the manifest: the container writes their bytes
            book.add_item(epub.EpubItem(uid=font.id, file_name=font.href, media_type="font/ttf", content=b""))
        # The stylesheet last: it names the fallback fonts for the characters the documents hold.
        characters = set("".join(item.content.decode("utf-8") for item in (cover, *sections, colophon)))  # at C speed
        characters |= set(style.labels.contents + translate("Guide", m.language))  # what the contents page adds
        fallback = self._fallback_fonts(book, faces, characters | (list_marks(style) if has_lists else set()))
        stylesheet.content = css.stylesheet(
            style,
            faces,
            fonts,
            figures=bool(pictures),
            lists=has_lists,
            notes=bool(bulletin.footnotes),
            grids=self.grids,
            right_to_left=self.direction == "rtl"
            or any(
                isinstance(block, Paragraph | Quote | ListBlock) and block.lang and right_to_left(block.lang)
                for block in bulletin.blocks()
            ),
            fallback_fonts=fallback,
        ).encode()
        if logo is not None:
            from PIL import Image  # only a cover with a logo pays for Pillow

            media_type = PICTURE_TYPES[logo.suffix.lower()]
            with Image.open(logo) as image:
                pixels = image.size
            content = logo_at(logo, within(pixels, MOST_PIXELS)) or logo.read_bytes()  # as a figure's picture
            book.add_item(epub.EpubImage(uid="logo", file_name=self.logo_href, media_type=media_type, content=content))
        for item in pictures:
            book.add_item(item)

        book.toc = [self._toc_entry(item) for item in (*sections, colophon)]
        book.spine = [cover, nav, *sections, colophon]
        book.guide = [
            {"type": "cover", "href": COVER, "title": m.title},
            {"type": "toc", "href": NAV, "title": style.labels.contents},
        ]
        if sections:
            book.guide.append({"type": "text", "href": sections[0].file_name, "title": sections[0].title})
        return book

    def _fallback_fonts(
        self, book: epub.EpubBook, faces: list[tuple[FontFamily, str]], characters: set[str]
    ) -> list[tuple[str, css.FontFile]]:
        """The style's fallback fonts that set what the families lack (as in print and Word: the minus sign of
        every negative figure, "≈", the "◦" bullet; a reading system drew them from a font of its own, or as
        boxes), each cut down to those characters and added to `book`: their family names and files."""
        chosen = fallback_fonts(self.style, dict.fromkeys(family.regular for family, _ in faces), characters)
        sets: dict[Path, tuple[str, set[str]]] = {}
        for char, family in chosen.items():
            sets.setdefault(family.regular, (family.family, set()))[1].add(char)
        added = []
        for number, path in enumerate(sorted(sets, key=self.style.fallback.index), start=1):
            name, chars = sets[path]
            file = css.fallback_file(path, number)
            data = subset_font(path, frozenset(chars))
            book.add_item(epub.EpubItem(uid=file.id, file_name=file.href, media_type="font/ttf", content=data))
            # a name of its own: a fallback font named as a text family ("Noto Sans") would be a second face
            # of that family, which by CSS's rules replaces the whole one
            added.append((f"{name} (fallback {number})", file))
        return added

    def _pictures(self) -> list[epub.EpubImage]:
        """One manifest item per distinct picture, named by its first use: images/figure-01.jpg, ..."""
        self.figure_hrefs: dict[str, str] = {}
        items = []
        for number, path in enumerate(dict.fromkeys(f.path for f in self.bulletin.figures()), start=1):
            picture = prepared(path, rgb=True)  # RGB: not every reading system shows a CMYK JPEG right
            size = within((picture.width, picture.height), MOST_PIXELS)
            if size:
                picture = resampled(path, size, rgb=True)
            href = f"{FIGURE.format(number)}{picture.suffix}"
            self.figure_hrefs[path] = href
            uid = f"figure-{number:02d}"
            items.append(epub.EpubImage(uid=uid, file_name=href, media_type=picture.media_type, content=picture.data))
        return items

    def _toc_entry(self, item: package.XhtmlDocument) -> epub.Link | tuple[epub.Link, list[epub.Link]]:
        """A document's entry in the contents: nested under it, the sub-headings it holds."""
        link = epub.Link(item.file_name, item.title, item.id)
        subheadings = self.subheadings.get(item.file_name)
        if not subheadings:
            return link
        return (link, [epub.Link(f"{item.file_name}#{anchor}", title, anchor) for anchor, title in subheadings])

    # -- package metadata ------------------------------------------------------------

    def _metadata(self, book: epub.EpubBook, visual: bool) -> None:
        m, p = self.bulletin.metadata, self.bulletin.publisher
        book.set_identifier(m.uid)
        book.set_title(edition_title(self.bulletin))
        book.set_language(m.language)
        for creator in creators(self.bulletin):
            book.add_metadata("DC", "creator", creator)
        book.add_metadata("DC", "publisher", p.name)
        book.add_metadata("DC", "date", m.date.isoformat())
        if m.summary:
            book.add_metadata("DC", "description", m.summary)
        elif m.subtitle:
            book.add_metadata("DC", "description", f"{m.subtitle}. {m.issue}.")
        for keyword in m.keywords:
            book.add_metadata("DC", "subject", keyword)
        book.add_metadata("DC", "rights", rights_line(self.bulletin, self.style))
        # The series: every issue shelved under the bulletin's title, in the order of its date (year.month).
        book.add_metadata(None, "meta", m.title, {"property": "belongs-to-collection", "id": "series"})
        book.add_metadata(None, "meta", "series", {"property": "collection-type", "refines": "#series"})
        position = f"{m.date.year}.{m.date.month:02d}"
        book.add_metadata(None, "meta", position, {"property": "group-position", "refines": "#series"})
        labels = self.style.labels
        name = "accessibility_summary" + ("_pictures" if self.bulletin.figures() else "")
        summary = ("schema:accessibilitySummary", getattr(labels, name))
        pictures = (("schema:accessMode", "visual"), ("schema:accessibilityFeature", "alternativeText"))
        english = self.style.in_english(f"labels.{name}", self.language)  # no translation: marked so
        for prop, value in (*ACCESSIBILITY, *(pictures if visual else ()), summary):
            said_in = {package.XML_LANG: english} if english and (prop, value) == summary else {}
            book.add_metadata(None, "meta", value, {"property": prop, **said_in})
        book.add_metadata(None, "meta", CONFORMANCE, {"property": "dcterms:conformsTo"})
        book.add_metadata(None, "meta", p.name, {"property": "a11y:certifiedBy"})

    def _document(self, uid: str, file_name: str, title: str, document: Document) -> package.XhtmlDocument:
        item = package.XhtmlDocument(
            uid=uid, file_name=file_name, media_type=package.XHTML_TYPE, title=title, lang=self.language
        )
        item.content = document.tobytes()
        return item

    def _note_links(self) -> NoteLinks:
        """Each note's document (that of its first reference, or the notes document) and its first reference's."""
        b = self.bulletin
        parts = [(INTRODUCTION, b.introduction_notes())]
        parts += [(section_file(i), b.section_notes(i)) for i in range(len(b.sections))]
        firsts = {note.number: file for file, notes in parts for note in notes}
        homes = firsts if self.style.footnotes.placement == "section" else dict.fromkeys(firsts, NOTES)
        citing: dict[int, list[str]] = {}  # each note's documents that refer to it, in reading order
        documents = [(INTRODUCTION, b.introduction), *((section_file(i), s) for i, s in enumerate(b.sections))]
        for file, node in documents:
            for number in note_numbers(node):
                citing.setdefault(number, []).append(file)
        return NoteLinks(
            homes, firsts, translate(BACK_LABEL, self.language), left_in_english(BACK_LABEL, self.language), citing
        )

    def _new(self, title: str, body_type: str, title_lang: str | None = None) -> Document:
        return Document(title, self.language, css.STYLESHEET, body_type, self.direction, title_lang)

    # -- the documents -----------------------------------------------------------------

    def _cover(self) -> Document:
        m, p, style = self.bulletin.metadata, self.bulletin.publisher, self.style
        doc = self._new(m.title, "frontmatter")
        cover = sub(doc.body, "section", class_="cover", aria_label=m.title)  # a text page: no doc-cover role
        masthead = sub(cover, "div", class_="masthead")
        wordmark = fill(style.cover.wordmark, self.bulletin)
        if self.logo_href:  # the brand's or the publisher's logo takes the wordmark's place, as in print
            sub(sub(masthead, "p", class_="wordmark"), "img", src=self.logo_href, alt=p.name, class_="logo")
        elif wordmark:
            sub(masthead, "p", wordmark, class_="wordmark")
        # The cover's heading: a screen reader's list of headings found none on it (an accessibility review).
        sub(masthead, "h1", m.title, class_="title", epub_type="fulltitle")
        if m.subtitle:
            sub(masthead, "p", m.subtitle, class_="subtitle", epub_type="subtitle")
        sub(masthead, "p", m.issue, class_="issue")
        sub(masthead, "p", format_date(m.date, m.language), class_="date")
        foot = sub(cover, "p", class_="cover-publisher")
        sub(foot, "span", p.name, class_="name")
        sub(foot, "br")
        for i, (text, _) in enumerate(contacts(p)):
            if i:  # the dot ends a line, never starts one: a no-break space before it
                append_text(foot, NBSP + ADDRESS_SEPARATOR.lstrip())
            self._contact(foot, text)
        return doc

    def _section(self, index: int) -> Document:
        section = self.bulletin.sections[index]
        label = self.style.section_label(index)
        doc = self._new(f"{label} {section.title}".strip(), "bodymatter")
        heading_id = f"s{index + 1}-title"
        element = sub(doc.body, "section", class_="chapter", epub_type="chapter", aria_labelledby=heading_id)
        h1 = sub(element, "h1", id=heading_id)
        if label:
            sub(h1, "span", label, class_="numeral")
            append_text(h1, " ")
        append_text(h1, section.title)
        self.notes.file = section_file(index)
        if section.byline:
            add_runs(sub(element, "p", class_="byline"), section.byline, self.notes)
        if section.standfirst:
            add_runs(sub(element, "p", class_="standfirst"), section.standfirst, self.notes)
        self._blocks(element, section_file(index), f"s{index + 1}", section.blocks)
        self._section_notes(element, self.bulletin.section_notes(index))
        return doc

    def _introduction(self) -> Document:
        title, english = self.style.labels.introduction, self.style.in_english("labels.introduction", self.language)
        doc = self._new(title, "bodymatter", english)
        kind = "introduction"
        element = sub(doc.body, "section", class_=f"chapter {kind}", epub_type=kind, aria_labelledby=f"{kind}-title")
        set_lang(sub(element, "h1", title, id=f"{kind}-title"), english)
        self.notes.file = INTRODUCTION
        self._blocks(element, INTRODUCTION, "intro", self.bulletin.introduction)
        self._section_notes(element, self.bulletin.introduction_notes())
        return doc

    def _section_notes(self, container: etree._Element, notes: tuple[Footnote, ...]) -> None:
        """The notes a section first refers to, at its end (placement "section")."""
        if notes and self.style.footnotes.placement == "section":
            self._asides(sub(container, "div", class_="footnotes"), notes)

    def _notes(self) -> Document:
        """All the notes in a document of their own after the last section (placement "end")."""
        title, english = self.style.labels.notes, self.style.in_english("labels.notes", self.language)
        doc = self._new(title, "backmatter", english)
        element = sub(doc.body, "section", class_="chapter notes", epub_type="endnotes", aria_labelledby="notes-title")
        set_lang(sub(element, "h1", title, id="notes-title"), english)
        self.notes.file = NOTES
        self._asides(element, self.bulletin.footnotes)
        return doc

    def _asides(self, container: etree._Element, notes: tuple[Footnote, ...]) -> None:
        """Each note an aside (epub:type footnote, role doc-footnote) whose number links back to its reference."""
        for note in notes:
            aside = sub(container, "aside", id=f"fn-{note.number}", epub_type="footnote")
            first, *rest = note.paragraphs
            p = sub(aside, "p")
            self.notes.back(p, note.number)
            append_text(p, " ")
            add_runs(p, first, self.notes)
            for runs in rest:
                add_runs(sub(aside, "p"), runs, self.notes)

    def _blocks(self, container: etree._Element, file_name: str, prefix: str, blocks: tuple[Block, ...]) -> None:
        """Visit blocks into `container`; sub-headings get ids `prefix`-hN for the contents."""
        self.container, self.file_name, self.prefix = container, file_name, prefix
        for block in blocks:
            self.visit(block)

    def _contact(self, parent: etree._Element, text: str, href: str | None = None) -> None:
        """A line of the publisher's address, a link where it has one. In a right-to-left book a line that
        reads left to right (a phone number, an e-mail address, an English street) is isolated as such:
        "+962 6 555 0100" read "962 6 555 0100+" (an Arabic trial)."""
        isolated = self.direction == "rtl" and reads_left_to_right(text)
        if href:
            element = sub(parent, "a", text, href=href)
        elif text in self.bulletin.publisher.phones:
            element = sub(parent, "span", phone(text), class_="phone")
        elif isolated:
            element = sub(parent, "span", text)
        else:
            append_text(parent, text)
            return
        if isolated:
            element.set("dir", "ltr")

    def _colophon(self) -> Document:
        p, style = self.bulletin.publisher, self.style
        english = style.in_english("labels.colophon", self.language)
        doc = self._new(style.labels.colophon, "backmatter", english)
        section = sub(doc.body, "section", class_="colophon", epub_type="colophon", aria_labelledby="colophon-title")
        set_lang(sub(section, "h1", style.labels.colophon, id="colophon-title"), english)
        sub(section, "p", p.name, class_="name")
        address = sub(section, "address")
        for i, (text, href) in enumerate(contacts(p)):
            if i:
                sub(address, "br")
            self._contact(address, text, href)
        sub(section, "p", fill(COLOPHON_ISSUE_LINE, self.bulletin), class_="issue-line")
        line, label = rights_line(self.bulletin, style), style.labels.rights
        english = style.in_english("labels.rights", self.language)  # the label alone: the holder's name is not
        rights = sub(section, "p", line[: -len(label)] if english else line, class_="rights")
        if english:
            set_lang(sub(rights, "span", label), english)
        return doc

    # -- blocks (the visitor) ------------------------------------------------------------

    def visit_paragraph(self, block: Paragraph) -> None:
        element = sub(self.container, "p")
        set_lang(element, block.lang)
        add_runs(element, block.runs, self.notes, block.lang)

    def visit_list(self, block: ListBlock) -> None:
        self._list(self.container, block, 1)

    def _list(self, parent: etree._Element, block: ListBlock, level: int, outer: str | None = None) -> None:
        """<ul> or <ol start>, its class the level it nests at (css: each level's marks); an item's nested
        lists inside its <li>, after its text."""
        element = sub(parent, "ol" if block.ordered else "ul", class_=f"l{level}")
        if block.ordered and block.start != 1:
            element.set("start", str(block.start))
        set_lang(element, block.lang)
        lang = block.lang or outer  # a nested list is in the language of the list it is in
        for item in block.items:
            li = sub(element, "li")
            add_runs(li, item.runs, self.notes, lang)
            for child in item.children:
                self._list(li, child, level + 1, lang)

    def visit_subheading(self, block: Subheading) -> None:
        found = self.subheadings.setdefault(self.file_name, [])
        anchor = f"{self.prefix}-h{len(found) + 1}"
        found.append((anchor, block.title))
        sub(self.container, "h2", block.title, id=anchor)

    def visit_quote(self, block: Quote) -> None:
        if block.kind == "pull":
            quote = sub(self.container, "aside", class_="pull-quote", epub_type="pullquote", role="doc-pullquote")
            if repeated(block, self.read):  # read in its place in the text: a screen reader skips the repeat
                quote.set("aria-hidden", "true")
        else:
            quote = sub(self.container, "blockquote")
        set_lang(quote, block.lang)
        for runs in block.paragraphs:
            add_runs(sub(quote, "p"), runs, self.notes, block.lang)
        if block.attribution:
            # The quote's attribution, not a contentinfo landmark: assistive technology takes a footer outside
            # article, aside or a plain section (ours carries role doc-chapter) for the page's footer.
            add_runs(sub(quote, "footer", role="none"), lead("— ", block.attribution), self.notes, block.lang)

    def visit_figure(self, block: Figure) -> None:
        figure = sub(self.container, "figure", class_=f"figure {block.width}")
        sub(figure, "img", src=self.figure_hrefs[block.path], alt=block.alt)
        if block.caption or block.credit:
            caption = sub(figure, "figcaption")
            if block.credit:  # caption and credit are paragraphs of their own, as in print and Word: run on in
                # one element, a screen reader read them as one sentence ("… sample data drawn for this …")
                if block.caption:
                    add_runs(sub(caption, "p"), block.caption, self.notes)
                add_runs(sub(caption, "p", class_="credit"), block.credit, self.notes)
            else:
                add_runs(caption, block.caption, self.notes)

    def _table_wrapper(
        self, kind: str, headers: Sequence[str], rows: Sequence[Sequence[str]], figures: Sequence[bool]
    ) -> etree._Element:
        """A table's wrapper: its kind (key-figures, text-table), then the width it needs as a grid (grid-N:
        css.grid_need), which the stylesheet, made after the documents, sets rules for."""
        need = css.grid_need(headers, rows, figures, self.style)
        self.grids.add((kind, need))
        return sub(self.container, "div", class_=f"{kind} grid-{need}")

    def visit_stats(self, block: StatsTable) -> None:
        numeric, texts = block.numeric_columns(), table_texts(block, self.language)
        wrapper = self._table_wrapper("key-figures", block.header_texts, texts, numeric)
        table = sub(wrapper, "table")
        add_runs(sub(table, "caption"), block.caption, self.notes)
        row = sub(sub(table, "thead"), "tr")
        for header, is_number in zip(block.headers, numeric):
            th = _header(row, header, "col")
            add_runs(th, header, self.notes)
            if is_number:
                th.set("class", "num")
        body = sub(table, "tbody")
        row_headers = bool(numeric) and not numeric[0]
        for cells, printed in zip(block.rows, texts):
            row = sub(body, "tr")
            for i, (written, text) in enumerate(zip(cells, printed)):
                if isinstance(written, NumberCell):
                    cell = sub(row, "td", text, class_="num")
                    if self.direction == "rtl" and reads_left_to_right(text):
                        # A figure written left to right keeps its order in a right-to-left book: "$1.2 billion"
                        # read "billion $1.2", and "−22.5%" "22.5%−" (an Arabic trial).
                        cell.set("dir", "ltr")
                elif i == 0 and row_headers:
                    add_runs(_header(row, written.runs, "row"), written.runs, self.notes)
                else:  # "—" or "n/a" in a column of figures stands where its figures do, as in the PDF and Word
                    add_runs(sub(row, "td", class_="num") if numeric[i] else sub(row, "td"), written.runs, self.notes)
        # Where the table is set as a list of rows (css.NARROW), a figure is led by its column's name, unless
        # the table has one column of figures only: its rows' labels say what each figure is.
        for tr in body if len(block.headers) > 2 else ():
            for label, element in zip(block.header_texts, tr):
                if element.tag == f"{{{XHTML}}}td":
                    element.set("data-label", label)
        for note in block.notes:
            add_runs(sub(wrapper, "p", class_="source"), note, self.notes)
        source = source_runs(self.style, block, self.language)
        add_runs(sub(wrapper, "p", class_="source"), source, self.notes)

    def visit_table(self, block: Table) -> None:
        """A plain table: the stats tables' look (css.py), its caption and cells' inline markup kept."""
        rows = [[plain_text(cell) for cell in row] for row in block.rows]
        wrapper = self._table_wrapper("text-table", block.header_texts, rows, [False] * len(block.headers))
        table = sub(wrapper, "table")
        if block.caption:
            add_runs(sub(table, "caption"), block.caption, self.notes)
        row = sub(sub(table, "thead"), "tr")
        for header in block.headers:
            add_runs(_header(row, header, "col"), header)
        body = sub(table, "tbody")
        labels = block.header_texts
        for cells in block.rows:
            row = sub(body, "tr")
            for cell, label in zip(cells, labels):
                # On a narrow screen, where rows are blocks (css.py), a cell is led by its column's name.
                add_runs(sub(row, "td", data_label=label) if label else sub(row, "td"), cell)


def _header(row: etree._Element, header: Runs, scope: str) -> etree._Element:
    """A column's or a row's header cell; empty (a table's corner, a sub-row's label), a plain cell, which
    a screen reader does not announce as a header of nothing (Ace: empty-table-header)."""
    return sub(row, "th", scope=scope) if header else sub(row, "td")
