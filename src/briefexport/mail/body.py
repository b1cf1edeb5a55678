"""What the issue email says, once, for both its HTML and its plain-text part.

The email is a cover letter for the attached editions, not another edition: the masthead,
the title, issue and date, the summary from the front matter or else the section titles as a
contents list, a line that says what is attached, and the publisher's address. Both parts are
written from one Letter, so they cannot say different things.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..formatting import fill, format_date
from ..model import Bulletin
from ..styles import Style

LABELS = ("contents", "attached", "unsubscribe")  # the style's [mail] words a letter shows


@dataclass(frozen=True)
class Letter:
    """The text of an issue email, each piece as it is shown (escaping is the writer's job)."""

    language: str
    wordmark: str
    title: str
    subtitle: str | None
    issue: str
    date: str
    summary: str | None
    contents_label: str
    contents: tuple[tuple[str, str], ...]  # (numeral label, title) per section
    attached: str
    attachments: tuple[str, ...]  # the attached files' names
    publisher: str
    contacts: tuple[tuple[str, str | None], ...]  # (text, link) as the footer prints them
    unsubscribe: tuple[str, str] | None  # (label, link)
    english: frozenset[str] = frozenset()  # the labels ("contents", "attached", "unsubscribe") left in English


def letter(bulletin: Bulletin, style: Style, attachments: tuple[str, ...]) -> Letter:
    """The Letter for `bulletin` in `style`, naming the files attached."""
    m, p = bulletin.metadata, bulletin.publisher
    summary: str | None = getattr(m, "summary", None)  # front matter `summary`, in sources that have one
    return Letter(
        language=m.language,
        wordmark=fill(style.cover.wordmark, bulletin),
        title=m.title,
        subtitle=m.subtitle,
        issue=m.issue,
        date=format_date(m.date, m.language),
        summary=summary,
        contents_label=style.mail.contents,
        contents=tuple((style.section_label(i), s.title) for i, s in enumerate(bulletin.sections)),
        attached=style.mail.attached,
        attachments=attachments,
        publisher=p.name,
        contacts=tuple(p.contacts()),
        unsubscribe=(style.mail.unsubscribe, p.unsubscribe) if p.unsubscribe else None,
        # a built-in label the catalogue cannot say in the bulletin's language, marked for a reader's voice
        english=frozenset(key for key in LABELS if style.in_english(f"mail.{key}", m.language)),
    )
