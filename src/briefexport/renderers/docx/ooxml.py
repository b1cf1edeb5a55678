"""WordprocessingML building blocks: elements, runs, fields, links, properties.

Everything here makes lxml elements through python-docx's parser, so python-docx
reads them back as its own objects. Child order follows the ECMA-376 schema
sequences (pPr, rPr, tblPr, ... are ordered: Word refuses files that are not).
Text only ever enters through w:t text nodes, so markup in the source stays
literal text. Lengths: `tw` twips (1/20 pt), `hp` half-points, `eighths` of a pt.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from babel.core import get_global, parse_locale
from docx.oxml.ns import nsmap, qn
from docx.oxml.parser import oxml_parser
from lxml import etree

from ...rules import right_to_left
from ...styles import FontFamily

if TYPE_CHECKING:
    from lxml.etree import _Element as Element

W = nsmap["w"]
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


@cache
def _name(tag: str) -> tuple[str, dict[str, str]]:
    prefix = tag.split(":")[0]
    return qn(tag), {prefix: nsmap[prefix]}


def el(tag: str, attrs: dict[str, str] | None = None, *children: Element | None) -> Element:
    """<tag attrs...>children</tag>; attribute names are prefixed ("w:val"), None children are skipped."""
    clark, namespaces = _name(tag)
    attrib = {_name(key)[0]: value for key, value in attrs.items()} if attrs else None
    element = oxml_parser.makeelement(clark, attrib=attrib, nsmap=namespaces)
    for child in children:
        if child is not None:
            element.append(child)
    return element


def val(tag: str, value: object) -> Element:
    return el(tag, {"w:val": str(value)})


def tw(points: float) -> str:
    """Points to twips, as an attribute value."""
    return str(round(points * 20))


def mm_tw(mm: float) -> int:
    return round(mm / 25.4 * 1440)


def colour(hex_colour: str) -> str:
    return hex_colour.lstrip("#").upper()


# --- runs -----------------------------------------------------------------


def text_nodes(text: str) -> list[Element]:
    """w:t / w:tab / w:br children for text that may hold tabs and line breaks."""
    nodes: list[Element] = []
    for i, line in enumerate(text.split("\n")):
        if i:
            nodes.append(el("w:br"))
        for j, piece in enumerate(line.split("\t")):
            if j:
                nodes.append(el("w:tab"))
            if piece:
                nodes.append(text_node(piece))
    return nodes


def text_node(piece: str) -> Element:
    """A w:t holding `piece` (no tab or line break), its spaces at either end kept."""
    t = el("w:t")
    t.text = piece
    if piece[0] == " " or piece[-1] == " ":
        t.set(_XML_SPACE, "preserve")
    return t


def run(
    text: str, rstyle: str | None = None, bold: bool = False, italic: bool = False, lang: str | None = None
) -> Element:
    """A w:r: its text, character style and look, and its language (w:lang; a right-to-left one w:rtl too)."""
    r = el("w:r")
    rtl = lang is not None and right_to_left(lang)
    if rstyle or bold or italic or lang:
        r.append(
            el(
                "w:rPr",
                None,
                val("w:rStyle", rstyle) if rstyle else None,
                el("w:b") if bold else None,
                el("w:bCs") if bold else None,
                el("w:i") if italic else None,
                el("w:iCs") if italic else None,
                el("w:rtl") if rtl else None,
                # w:val for Latin and Cyrillic text, w:bidi for complex-script (right-to-left) text; the tag
                # as Word's proofing tools know it, as the document's own (ru -> ru-RU, az -> az-Latn-AZ)
                el("w:lang", language_attrs(lang)) if lang else None,
            )
        )
    for node in text_nodes(text):
        r.append(node)
    return r


def paragraph(style_id: str | None, *children: Element | None, props: Sequence[Element] = ()) -> Element:
    """A w:p with its paragraph style (and any further pPr children, already in schema order)."""
    p = el("w:p")
    if style_id or props:
        p.append(el("w:pPr", None, val("w:pStyle", style_id) if style_id else None, *props))
    for child in children:
        if child is not None:
            p.append(child)
    return p


def hyperlink(rid: str | None, runs: Iterable[Element], anchor: str | None = None) -> Element:
    """An external (relationship id) or internal (bookmark anchor) w:hyperlink around runs."""
    attrs = {"r:id": rid} if rid else {"w:anchor": anchor or ""}
    attrs["w:history"] = "1"
    link = el("w:hyperlink", attrs)
    for r in runs:
        link.append(r)
    return link


def field(instruction: str, cached: str, rstyle: str | None = None) -> list[Element]:
    """A complex field: begin, instruction, separate, the cached result, end."""
    return [*field_start(instruction, rstyle), run(cached, rstyle), field_end(rstyle)]


def field_start(instruction: str, rstyle: str | None = None) -> list[Element]:
    begin = el("w:fldChar", {"w:fldCharType": "begin"})
    instr = el("w:instrText")
    instr.text = f" {instruction} "
    instr.set(_XML_SPACE, "preserve")
    return [
        _char_run(begin, rstyle),
        _char_run(instr, rstyle),
        _char_run(el("w:fldChar", {"w:fldCharType": "separate"}), rstyle),
    ]


def field_end(rstyle: str | None = None) -> Element:
    return _char_run(el("w:fldChar", {"w:fldCharType": "end"}), rstyle)


def _char_run(child: Element, rstyle: str | None) -> Element:
    return el("w:r", None, el("w:rPr", None, val("w:rStyle", rstyle)) if rstyle else None, child)


def bookmark(ident: int, name: str, content: Sequence[Element]) -> list[Element]:
    return [
        el("w:bookmarkStart", {"w:id": str(ident), "w:name": name}),
        *content,
        el("w:bookmarkEnd", {"w:id": str(ident)}),
    ]


# --- properties -------------------------------------------------------------


def rfonts(family: FontFamily | str) -> Element:
    """All four slots, so Latin, complex-script and East Asian text all keep the brand family (or font name)."""
    name = family if isinstance(family, str) else family.family
    return el("w:rFonts", {"w:ascii": name, "w:hAnsi": name, "w:cs": name, "w:eastAsia": name})


def rpr(
    font: FontFamily | None = None,
    size: float | None = None,
    color: str | None = None,
    bold: bool | None = None,
    italic: bool | None = None,
    underline: bool = False,
    caps: bool = False,
    spacing: float | None = None,
    lang: str | None = None,
) -> Element:
    """Run properties in schema order (rFonts, b, i, caps, color, spacing, sz, u, lang); `lang` a BCP 47 tag."""
    return el(
        "w:rPr",
        None,
        rfonts(font) if font else None,
        _flag("w:b", bold),
        _flag("w:bCs", bold),
        _flag("w:i", italic),
        _flag("w:iCs", italic),
        el("w:caps") if caps else None,
        val("w:color", colour(color)) if color else None,
        val("w:spacing", tw(spacing)) if spacing is not None else None,
        val("w:sz", round(size * 2)) if size else None,
        val("w:szCs", round(size * 2)) if size else None,
        val("w:u", "single") if underline else None,
        el("w:lang", language_attrs(lang)) if lang else None,
    )


# The order w:rPr's children must stand in (ECMA-376 Part 1, 17.3.2.28), of those this package writes.
RPR_ORDER = (
    "rStyle",
    "rFonts",
    "b",
    "bCs",
    "i",
    "iCs",
    "caps",
    "color",
    "spacing",
    "sz",
    "szCs",
    "u",
    "vertAlign",
    "rtl",
    "lang",
)


# The order w:pPr's children must stand in (ECMA-376 Part 1, 17.3.1.26), of those this package writes.
PPR_ORDER = (
    "pStyle",
    "keepNext",
    "keepLines",
    "pageBreakBefore",
    "widowControl",
    "numPr",
    "pBdr",
    "shd",
    "tabs",
    "suppressAutoHyphens",
    "bidi",
    "spacing",
    "ind",
    "contextualSpacing",
    "jc",
    "outlineLvl",
    "rPr",
)


_EAST_ASIAN = frozenset({"zh", "ja", "ko"})


# Languages Windows names with their script, as written in more than one (az-Latn-AZ, sr-Cyrl-RS): Word
# knows Azerbaijani by "az-Latn-AZ", not "az-AZ".
_SCRIPT_NAMED = frozenset({"az", "bs", "ha", "iu", "mn", "sr", "tzm", "uz"})


def word_language(tag: str) -> str:
    """The language tag Word's proofing tools know, with a region: "en" -> "en-US", "az" -> "az-Latn-AZ".

    A tag without a region takes CLDR's likely region for it (Babel's likely subtags), as
    Word's own language list has no region-less English, and a language Windows names with its
    script takes the likely script too; a tag Babel cannot read is kept.
    """
    try:
        language, region, script = parse_locale(tag.replace("-", "_"))[:3]
    except ValueError:
        return tag
    if not (language.isalpha() and 2 <= len(language) <= 3):  # a private-use or unknown form: as written
        return tag
    if region is None or (script is None and language in _SCRIPT_NAMED):
        likely = get_global("likely_subtags")
        guess = likely.get(f"{language}_{script}") or likely.get(language)
        if guess:
            _, likely_region, likely_script = parse_locale(guess)[:3]
            region = region or likely_region
            script = script or (likely_script if language in _SCRIPT_NAMED else None)
    return "-".join(part for part in (language, script, region) if part)


def language_attrs(tag: str) -> dict[str, str]:
    """w:lang's attributes: the language for Latin text, and the East Asian or complex-script slot
    only when the language is written in one (Chinese, Japanese, Korean; right to left, as the EPUB's
    dir says: rules.right_to_left, which reads a script subtag too)."""
    return dict(_language_attrs(tag))  # a copy: callers may add to it


# every run in another language asks (Babel's likely subtags are a lookup of their own); bounded, as the tags
# are a source's: a service given 2,000 new tags a request grew by 0.2 KB each
@lru_cache(maxsize=256)
def _language_attrs(tag: str) -> tuple[tuple[str, str], ...]:
    word = word_language(tag)
    attrs = {"w:val": word}
    if word.split("-")[0] in _EAST_ASIAN:
        attrs["w:eastAsia"] = word
    if right_to_left(tag):
        attrs["w:bidi"] = word
    return tuple(attrs.items())


def _flag(tag: str, on: bool | None) -> Element | None:
    if on is None:
        return None
    return el(tag) if on else val(tag, "0")


Border = tuple[float, float, str]  # width in points, space in points, colour


def border(tag: str, spec: Border) -> Element:
    width, space, color = spec
    return el(
        tag, {"w:val": "single", "w:sz": str(round(width * 8)), "w:space": str(round(space)), "w:color": colour(color)}
    )


def ppr(
    keep_next: bool | None = None,
    keep_lines: bool | None = None,
    page_break_before: bool = False,
    widow_control: bool | None = None,
    num_id: int | None = None,
    num_level: int | None = None,
    borders: Mapping[str, Border] | None = None,
    shading: str | None = None,
    tabs: Sequence[tuple[str, int, str | None]] = (),
    no_hyphens: bool = False,
    before: float | None = None,
    after: float | None = None,
    line: float | None = None,
    line_rule: str = "atLeast",
    left: int | None = None,
    right: int | None = None,
    hanging: int | None = None,
    first_line: int | None = None,
    contextual: bool = False,
    jc: str | None = None,
    outline: int | None = None,
) -> Element:
    """Paragraph properties in schema order. Indents and tab positions in twips, spacing in points."""
    spacing = {}
    if before is not None:
        spacing["w:before"] = tw(before)
    if after is not None:
        spacing["w:after"] = tw(after)
    if line is not None:
        spacing.update({"w:line": tw(line), "w:lineRule": line_rule})
    ind = {}
    for key, value in (("w:left", left), ("w:right", right), ("w:hanging", hanging), ("w:firstLine", first_line)):
        if value is not None:
            ind[key] = str(value)
    pbdr = None
    if borders:
        order = ("top", "left", "bottom", "right", "between")
        pbdr = el("w:pBdr", None, *(border(f"w:{side}", borders[side]) for side in order if side in borders))
    tab_elements = None
    if tabs:
        tab_elements = el("w:tabs")
        for kind, pos, leader in tabs:
            attrs = {"w:val": kind, "w:pos": str(pos)}
            if leader:
                attrs["w:leader"] = leader
            tab_elements.append(el("w:tab", attrs))
    return el(
        "w:pPr",
        None,
        _flag("w:keepNext", keep_next),
        _flag("w:keepLines", keep_lines),
        el("w:pageBreakBefore") if page_break_before else None,
        _flag("w:widowControl", widow_control),
        num_pr(num_id, num_level) if num_id is not None else None,
        pbdr,
        shade(shading) if shading else None,
        tab_elements,
        el("w:suppressAutoHyphens") if no_hyphens else None,
        el("w:spacing", spacing) if spacing else None,
        el("w:ind", ind) if ind else None,
        el("w:contextualSpacing") if contextual else None,
        val("w:jc", jc) if jc else None,
        val("w:outlineLvl", outline) if outline is not None else None,
    )


def num_pr(num_id: int, level: int | None = None) -> Element:
    """A paragraph's (or paragraph style's) list: w:numPr with its level (0-based) and w:numId."""
    return el("w:numPr", None, val("w:ilvl", level) if level is not None else None, val("w:numId", num_id))


def shade(fill: str) -> Element:
    return el("w:shd", {"w:val": "clear", "w:color": "auto", "w:fill": colour(fill)})


# settings.xml children in CT_Settings order (ECMA-376 17.15.1.78): new ones go in their place.
SETTINGS_ORDER = (
    "writeProtection",
    "view",
    "zoom",
    "removePersonalInformation",
    "removeDateAndTime",
    "doNotDisplayPageBoundaries",
    "displayBackgroundShape",
    "printPostScriptOverText",
    "printFractionalCharacterWidth",
    "printFormsData",
    "embedTrueTypeFonts",
    "embedSystemFonts",
    "saveSubsetFonts",
    "saveFormsData",
    "mirrorMargins",
    "alignBordersAndEdges",
    "bordersDoNotSurroundHeader",
    "bordersDoNotSurroundFooter",
    "gutterAtTop",
    "hideSpellingErrors",
    "hideGrammaticalErrors",
    "activeWritingStyle",
    "proofState",
    "formsDesign",
    "attachedTemplate",
    "linkStyles",
    "stylePaneFormatFilter",
    "stylePaneSortMethod",
    "documentType",
    "mailMerge",
    "revisionView",
    "trackRevisions",
    "doNotTrackMoves",
    "doNotTrackFormatting",
    "documentProtection",
    "autoFormatOverride",
    "styleLockTheme",
    "styleLockQFSet",
    "defaultTabStop",
    "autoHyphenation",
    "consecutiveHyphenLimit",
    "hyphenationZone",
    "doNotHyphenateCaps",
    "showEnvelope",
    "summaryLength",
    "clickAndTypeStyle",
    "defaultTableStyle",
    "evenAndOddHeaders",
    "bookFoldRevPrinting",
    "bookFoldPrinting",
    "bookFoldPrintingSheets",
    "drawingGridHorizontalSpacing",
    "drawingGridVerticalSpacing",
    "displayHorizontalDrawingGridEvery",
    "displayVerticalDrawingGridEvery",
    "doNotUseMarginsForDrawingGridOrigin",
    "drawingGridHorizontalOrigin",
    "drawingGridVerticalOrigin",
    "doNotShadeFormData",
    "noPunctuationKerning",
    "characterSpacingControl",
    "printTwoOnOne",
    "strictFirstAndLastChars",
    "noLineBreaksAfter",
    "noLineBreaksBefore",
    "savePreviewPicture",
    "doNotValidateAgainstSchema",
    "saveInvalidXml",
    "ignoreMixedContent",
    "alwaysShowPlaceholderText",
    "doNotDemarcateInvalidXml",
    "saveXmlDataOnly",
    "useXSLTWhenSaving",
    "saveThroughXslt",
    "showXMLTags",
    "alwaysMergeEmptyNamespace",
    "updateFields",
    "hdrShapeDefaults",
    "footnotePr",
    "endnotePr",
    "compat",
    "docVars",
    "rsids",
    "mathPr",
    "attachedSchema",
    "themeFontLang",
    "clrSchemeMapping",
    "doNotIncludeSubdocsInStats",
    "doNotAutoCompressPictures",
    "forceUpgrade",
    "captions",
    "readModeInkLockDown",
    "smartTagType",
    "schemaLibrary",
    "shapeDefaults",
    "doNotEmbedSmartTags",
    "decimalSymbol",
    "listSeparator",
)


# The sequences above, by the element whose children they order.
_ORDERS = {"rPr": RPR_ORDER, "pPr": PPR_ORDER, "settings": SETTINGS_ORDER}


@cache
def _ranks(order: tuple[str, ...]) -> dict[str, int]:
    """Each w: element's place in a schema sequence, by its qualified tag."""
    return {f"{{{W}}}{name}": rank for rank, name in enumerate(order)}


def run_properties(r: Element) -> Element:
    """The w:rPr of run `r`, added as its first child when it has none."""
    props = r.find(qn("w:rPr"))
    if props is None:
        props = el("w:rPr")
        r.insert(0, props)
    return props


def put_in_order(parent: Element, child: Element) -> None:
    """Put `child` into `parent` (a w:rPr, w:pPr or w:settings) at its schema position, replacing one of the
    same name: Word refuses a file whose elements stand out of their sequence."""
    ranks = _ranks(_ORDERS[etree.QName(parent).localname])
    tag = etree.QName(child).text  # "{namespace}name"
    rank = ranks[tag]
    for existing in parent.findall(tag):
        parent.remove(existing)
    for existing in parent.iterchildren(etree.Element):  # elements, not comments
        # Unknown (e.g. w14:) children come after every w: one in the sequence.
        if ranks.get(etree.QName(existing).text, len(ranks)) > rank:
            existing.addprevious(child)
            return
    parent.append(child)
