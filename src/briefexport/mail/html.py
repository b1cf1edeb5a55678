"""The issue email's HTML part: what mail clients render, written for the worst of them.

Mail clients strip <style> blocks, ignore flexbox and grids, block remote pictures and
recolour messages in dark mode. So: nested tables for layout, every style inline, a fixed
width of at most 600 px that shrinks on phones (width 100%, max-width), the only picture the
logo by Content-ID with its name as alt text on the brand colour (readable when pictures are
blocked), and an explicit background behind every coloured text so that a client's dark mode,
which inverts backgrounds and text together, keeps them apart. No scripts, no external
resources; every text from the source is escaped.
"""

from __future__ import annotations

from html import escape

from ..formatting import upper
from ..rules import reads_left_to_right, right_to_left
from ..styles import Style
from .body import Letter

MM_TO_PX = 96 / 25.4  # CSS pixels per millimetre


def _e(text: str) -> str:
    return escape(text, quote=True)


def _bidi(text: str, direction: str) -> str:
    """`text` escaped, set apart in its own direction where it reads the other way from the document's (in an
    Arabic issue's mail, "(+994 12) 596-82-39" read "596-82-39 (12 994+)" and a numeral "II." ".II")."""
    own = "ltr" if reads_left_to_right(text) else "rtl"
    return _e(text) if own == direction else f'<span dir="{own}">{_e(text)}</span>'


def _lang(letter: Letter, label: str) -> str:
    """lang="en" on a label left in English (a Polish screen reader read English words as Polish)."""
    return ' lang="en"' if label in letter.english else ""


def _family(style: Style, role: str) -> str:
    family = style.font(role)
    names = [family.family, family.fallback]
    return ", ".join(f"'{name}'" for name in names if name) + f", {family.generic}"


def html_body(
    letter: Letter, style: Style, logo_cid: str | None = None, logo_size: tuple[int, int] | None = None
) -> str:
    """The HTML document; `logo_cid` is the logo's Content-ID (without <>) when one is attached, and
    `logo_size` its width and height in pixels, so the layout holds while the picture is blocked."""
    c, width, paper = style.colors, style.mail.width, style.mail.paper
    direction = "rtl" if right_to_left(letter.language) else "ltr"

    def isolated(text: str) -> str:
        return _bidi(text, direction)

    sans, serif = _family(style, "heading"), _family(style, "body")
    wrap = "overflow-wrap:break-word;word-wrap:break-word;word-break:break-word;"
    text = f"font-family:{serif};color:{c.ink};{wrap}"
    muted = f"font-family:{sans};color:{c.muted};font-size:12px;line-height:18px;{wrap}"
    link = f"color:{c.link};text-decoration:underline;"

    if logo_cid and logo_size:
        shown = min(logo_size[0], round(style.cover.logo_width * MM_TO_PX), width - 48)
        high = max(1, round(logo_size[1] * shown / logo_size[0]))
        masthead = (
            f'<img src="cid:{_e(logo_cid)}" width="{shown}" height="{high}" alt="{_e(letter.wordmark)}" '
            f'style="display:block;border:0;outline:none;max-width:100%;height:auto;'
            f'font-family:{sans};font-size:20px;font-weight:bold;color:{c.on_brand};">'
        )
    else:
        masthead = (
            f'<span style="font-family:{sans};font-size:22px;line-height:28px;font-weight:bold;'
            f'color:{c.on_brand};{wrap}">{_e(letter.wordmark)}</span>'
        )

    rows = [
        f'<tr><td bgcolor="{c.brand}" style="background-color:{c.brand};padding:20px 24px;">{masthead}</td></tr>',
        _row(
            paper,
            "padding:24px 24px 8px 24px;",
            f'<h1 style="margin:0;font-family:{sans};font-size:26px;line-height:32px;font-weight:bold;'
            f'color:{c.brand};{wrap}">{isolated(letter.title)}</h1>'
            + (
                f'<p style="margin:6px 0 0 0;font-family:{sans};font-size:15px;line-height:21px;'
                f'color:{c.muted};{wrap}">{isolated(letter.subtitle)}</p>'
                if letter.subtitle
                else ""
            )
            + f'<p style="margin:10px 0 0 0;font-family:{sans};font-size:14px;line-height:20px;font-weight:bold;'
            f'color:{c.ink};{wrap}">{isolated(letter.issue)} · {isolated(letter.date)}</p>',
        ),
    ]
    if letter.summary:
        rows.append(
            _row(
                paper,
                "padding:8px 24px;",
                f'<p style="margin:0;font-size:16px;line-height:24px;{text}">{isolated(letter.summary)}</p>',
            )
        )
    elif letter.contents:
        contents_label = upper(letter.contents_label, "en" if "contents" in letter.english else letter.language)
        items = "".join(
            f'<tr><td valign="top" style="padding:4px 10px 4px 0;font-family:{sans};font-size:14px;line-height:20px;'
            f'font-weight:bold;color:{c.brand};white-space:nowrap;">{isolated(label)}</td>'
            f'<td valign="top" style="padding:4px 0;font-size:15px;line-height:21px;{text}">{isolated(title)}</td></tr>'
            for label, title in letter.contents
        )
        rows.append(
            _row(
                paper,
                "padding:12px 24px 8px 24px;",
                f'<p{_lang(letter, "contents")} style="margin:0 0 6px 0;font-family:{sans};font-size:12px;'
                # capitals set here, in the language's own way: CSS's text-transform follows a lang that webmail
                # drops with <html> ("MÜNDƏRICAT" for Azerbaijani "Mündəricat" in Gmail)
                f'line-height:16px;font-weight:bold;letter-spacing:1px;color:{c.muted};">{_e(contents_label)}</p>'
                f'<table role="presentation" cellpadding="0" cellspacing="0" border="0" width="100%" '
                f'style="border-collapse:collapse;">{items}</table>',
            )
        )
    if letter.attachments:
        names = "".join(
            f'<br><span style="font-family:{sans};font-size:13px;color:{c.muted};">{isolated(name)}</span>'
            for name in letter.attachments
        )
        rows.append(
            _row(
                paper,
                "padding:8px 24px 16px 24px;",
                f'<p style="margin:0;padding:2px 0 2px 12px;border-left:3px solid {c.accent};font-size:15px;'
                f'line-height:22px;{text}"><span{_lang(letter, "attached")}>{_e(letter.attached)}</span>{names}</p>',
            )
        )
    footer = [f'<strong style="color:{c.ink};">{isolated(letter.publisher)}</strong>']
    for shown_text, url in letter.contacts:
        footer.append(f'<a href="{_e(url)}" style="{link}">{isolated(shown_text)}</a>' if url else isolated(shown_text))
    if letter.unsubscribe:
        label, url = letter.unsubscribe
        footer.append(f'<a href="{_e(url)}"{_lang(letter, "unsubscribe")} style="{link}">{_e(label)}</a>')
    rows.append(
        _row(
            paper,
            f"padding:16px 24px 24px 24px;border-top:1px solid {c.tint};",
            f'<p style="margin:0;{muted}">' + "<br>".join(footer) + "</p>",
        )
    )
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{_e(letter.language)}" dir="{direction}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="color-scheme" content="light">\n'
        f"<title>{_e(letter.title)} — {_e(letter.issue)}</title>\n</head>\n"
        f'<body style="margin:0;padding:0;background-color:{c.tint};">\n'
        f'<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" bgcolor="{c.tint}" '
        f'style="background-color:{c.tint};border-collapse:collapse;">\n'
        '<tr><td align="center" style="padding:16px 8px;">\n'
        f'<table role="presentation" width="{width}" cellpadding="0" cellspacing="0" border="0" bgcolor="{paper}" '
        f'style="width:100%;max-width:{width}px;background-color:{paper};border-collapse:collapse;table-layout:fixed;">\n'
        + "\n".join(rows)
        + "\n</table>\n</td></tr>\n</table>\n</body>\n</html>\n"
    )


def _row(background: str, padding: str, content: str) -> str:
    return f'<tr><td bgcolor="{background}" style="background-color:{background};{padding}">{content}</td></tr>'
