"""One issue email per recipient: the structure every client shows, and the same bytes every time.

    multipart/mixed
      multipart/alternative
        text/plain                      the Letter as text
        multipart/related               (text/html alone when there is no logo)
          text/html                     the Letter as email-safe HTML
          image/png                     the logo, by Content-ID
      application/vnd...document        each attached edition, named in RFC 2231 form

Attachments sit on the outer multipart/mixed, never inside multipart/alternative (clients hide
what is there). Date, Message-ID and MIME boundaries are derived from the inputs, so the same
bulletin, style and recipient give the same bytes: the Date is the bulletin's, or
SOURCE_DATE_EPOCH's when it is set, never the clock's.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import io
import re
from collections.abc import Iterable, Sequence
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

from ..api import StyleDir, _style, render
from ..errors import MailError
from ..formatting import fill, source_date_epoch
from ..model import Bulletin
from ..registry import registry
from ..renderers.base import cover_logo
from ..rules import ascii_url, template_complaint
from ..styles import TEMPLATE_FIELDS, Style
from ..validation import check_argument
from .body import letter
from .html import html_body
from .policy import BODY_POLICY, POLICY
from .recipients import Recipient, header_complaint, recipient
from .text import text_body

_UNSAFE_IN_NAMES = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')  # what one of Windows, macOS or a shell refuses
_PICTURES = {"PNG": "png", "JPEG": "jpeg", "GIF": "gif"}
# Before the suffix: a long title made a 360-byte name, which no file system keeps (255 bytes at most)
MAX_FILE_NAME = 100  # characters
MAX_FILE_NAME_BYTES = 200  # as UTF-8: a Chinese or Georgian title has three bytes a character


def _file_name(text: str) -> str:
    """An attachment's name (without its suffix) from `text`: what file systems refuse replaced, no dot at
    its end (an issue "Февраль 2024 г." gave "… г..docx"; Windows drops such a dot), and a name over
    MAX_FILE_NAME characters or MAX_FILE_NAME_BYTES bytes cut at a word's end (or inside a word with no
    space to cut at), with an ellipsis."""
    name = _UNSAFE_IN_NAMES.sub("-", text).strip().rstrip(". ") or "-"
    if len(name) <= MAX_FILE_NAME and len(name.encode()) <= MAX_FILE_NAME_BYTES:
        return name
    # at most so many bytes, a character cut in two dropped
    cut = name[: MAX_FILE_NAME - 1].encode()[: MAX_FILE_NAME_BYTES - len("…".encode())].decode(errors="ignore")
    cut = cut.rsplit(" ", 1)[0] if " " in cut[len(cut) // 2 :] else cut
    return cut.rstrip(" —-,.;") + "…"


class Composer:
    """Issue emails for many recipients, each attached edition rendered once.

    `sender` and `reply_to` are addresses (`ana@example.org` or `Ana <ana@example.org>`),
    `attach` format names, `subject` a template over {title} {subtitle} {issue} {date}
    {publisher} {short_name} (default: the style's `mail.subject`), `filename` the attachments' name
    without suffix (default: "title — issue").
    """

    def __init__(
        self,
        bulletin: Bulletin,
        *,
        sender: str | Recipient,
        attach: Sequence[str] = ("docx",),
        style: Style | str | Path | None = None,
        style_dir: StyleDir = None,
        reply_to: str | Recipient | None = None,
        subject: str | None = None,
        filename: str | None = None,
    ) -> None:
        check_argument("bulletin", bulletin, (Bulletin,))
        check_argument("subject", subject, (str, type(None)))
        check_argument("filename", filename, (str, type(None)))
        if isinstance(attach, str):  # a str is a sequence too: "docx" read as the formats d, o, c, x
            raise TypeError(f"attach must be a list of format names, e.g. [{attach!r}], got a str")
        check_argument("attach", attach, (list, tuple))
        for name in attach:
            check_argument("each format in attach", name, (str,))
        self.bulletin = bulletin
        self.style = _style(bulletin, style, style_dir)
        self.sender = _person(sender, "sender")
        self.reply_to = _person(reply_to, "reply_to") if reply_to is not None else None
        self.subject = _subject(subject if subject is not None else self.style.mail.subject, bulletin)
        base = _file_name(filename or f"{bulletin.metadata.title} — {bulletin.metadata.issue}")
        self.attachments: list[tuple[str, str, bytes]] = []  # (file name, media type, bytes)
        for fmt in dict.fromkeys(name.strip().lower() for name in attach):
            renderer = registry.get(fmt)
            self.attachments.append(
                (f"{base}{renderer.suffix}", renderer.media_type, render(bulletin, fmt, self.style))
            )
        self.logo = _logo(bulletin, self.style)
        self.date = _date(bulletin.metadata.date)
        self.letter = letter(bulletin, self.style, tuple(name for name, _, _ in self.attachments))
        self.text = text_body(self.letter)
        digest = hashlib.sha256()
        reply_to = str(self.reply_to.address()) if self.reply_to is not None else ""
        # The HTML as the style sets it (its logo's address, drawn from this digest, aside): another style is
        # another message, as another Reply-To is (a service drops a message whose Message-ID it has seen).
        look = html_body(self.letter, self.style, None, None)
        for part in (bulletin.metadata.uid, self.subject, str(self.sender.address()), reply_to, self.text, look):
            digest.update(part.encode() + b"\0")
        digest.update(self.date.encode())
        for name, _, data in self.attachments:
            digest.update(name.encode() + b"\0" + hashlib.sha256(data).digest())
        digest.update(self.logo[0] if self.logo else b"")
        self.digest = digest.hexdigest()
        self.domain = self.sender.email.rsplit("@", 1)[1].lower()
        logo_cid = f"logo.{self.digest[:16]}@{self.domain}" if self.logo else None
        self.logo_cid = logo_cid
        self.html = html_body(self.letter, self.style, logo_cid, self.logo[2] if self.logo else None)

    def bodies(self, to: Recipient) -> tuple[str, str]:
        """The text and HTML parts for `to`: the same for everyone but one with a link of their own to
        unsubscribe, whose footer links that."""
        if to.unsubscribe is None:
            return self.text, self.html
        own = dataclasses.replace(self.letter, unsubscribe=(self.style.mail.unsubscribe, to.unsubscribe))
        return text_body(own), html_body(own, self.style, self.logo_cid, self.logo[2] if self.logo else None)

    def message_id(self, to: Recipient) -> str:
        """The Message-ID of `to`'s copy: one per issue content and recipient (and the link to unsubscribe
        in their copy), the same on every run."""
        mine = hashlib.sha256(f"{self.digest}\0{to.key}\0{to.unsubscribe or ''}".encode()).hexdigest()[:32]
        return f"<{mine}@{self.domain}>"

    def compose(self, to: str | Recipient) -> EmailMessage:
        """The message for one recipient (each gets their own: no one sees another's address)."""
        person = _person(to, "to")
        msg = EmailMessage(policy=POLICY)
        msg["From"] = self.sender.address()
        msg["To"] = person.address()
        if self.reply_to is not None:
            msg["Reply-To"] = self.reply_to.address()
        msg["Subject"] = self.subject
        msg["Date"] = self.date
        msg["Message-ID"] = self.message_id(person)
        unsubscribe = person.unsubscribe or self.bulletin.publisher.unsubscribe
        if unsubscribe:
            msg["List-Unsubscribe"] = f"<{ascii_url(unsubscribe)}>"
            if person.unsubscribe and unsubscribe.lower().startswith("https:"):
                # RFC 8058's one-click unsubscribe, which Gmail and Yahoo ask of bulk senders: a POST to
                # the link unsubscribes. Only for a link of the recipient's own: the publisher's one link
                # for everyone cannot tell the server who asked.
                msg["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
        text, html = self.bodies(person)
        msg.policy = BODY_POLICY  # the bodies' lines of 76; the message is written with POLICY all the same
        msg.set_content(text, cte="quoted-printable")
        msg.add_alternative(html, subtype="html", cte="quoted-printable")
        msg.policy = POLICY
        if self.logo is not None and self.logo_cid is not None:
            data, subtype, _ = self.logo
            html_part = msg.get_body(("html",))
            assert isinstance(html_part, EmailMessage)
            html_part.add_related(
                data, "image", subtype, cid=f"<{self.logo_cid}>", disposition="inline", filename=f"logo.{subtype}"
            )
        for name, media_type, data in self.attachments:
            kind, *rest = media_type.split(";")
            maintype, subtype = kind.strip().split("/")
            params = dict(param.strip().split("=", 1) for param in rest if "=" in param)
            # The name in Content-Disposition only: Python's folding of a long Content-Type that also holds
            # a non-ASCII name= turns the media type itself into an encoded word, which no client reads.
            msg.add_attachment(data, maintype, subtype, filename=name, params=params)
        for number, part in enumerate(msg.walk()):
            if part is not msg:
                del part["MIME-Version"]  # the email package repeats it on parts; it belongs on the message alone
            if part.is_multipart():
                part.set_boundary(f"=_{self.digest[:24]}_{number}")  # random by default: fixed for equal bytes
            if part.get_content_type() == "multipart/related":
                part.set_param("type", "text/html")  # its root's type, which RFC 2387 requires
        return msg

    def compose_all(self, recipients: Iterable[str | Recipient]) -> list[EmailMessage]:
        """One message per recipient, in order."""
        return [self.compose(person) for person in recipients]


def compose_email(
    bulletin: Bulletin,
    *,
    to: str | Recipient,
    sender: str | Recipient,
    attach: Sequence[str] = ("docx",),
    style: Style | str | Path | None = None,
    style_dir: StyleDir = None,
    reply_to: str | Recipient | None = None,
    subject: str | None = None,
) -> EmailMessage:
    """The issue email for one recipient: a text and an HTML part that say the same (masthead, title,
    issue and date, the summary or the contents, the publisher's address), and each edition in `attach`
    rendered in `style` and attached. Same inputs, same bytes (`msg.as_bytes()`).

    A malformed address, a subject template with an unknown field or a line break raises MailError.
    For many recipients, `briefexport.mail.Composer` renders each attachment once.
    """
    composer = Composer(
        bulletin, sender=sender, attach=attach, style=style, style_dir=style_dir, reply_to=reply_to, subject=subject
    )
    return composer.compose(to)


def _person(value: str | Recipient, what: str) -> Recipient:
    check_argument(what, value, (str, Recipient))
    if isinstance(value, Recipient):
        return recipient(value.email, value.file, value.line, value.name or "", value.unsubscribe)
    try:
        return recipient(value)
    except MailError as exc:
        raise MailError(f"{what} {value!r}: {exc.message}") from None


def _subject(template: str, bulletin: Bulletin) -> str:
    complaint = template_complaint(template, TEMPLATE_FIELDS["mail.subject"])
    if complaint:
        raise MailError(f"subject {template!r}{complaint}")
    subject = fill(template, bulletin)
    complaint = header_complaint("subject", subject)
    if complaint:
        raise MailError(complaint)
    return subject


def _date(date: dt.date) -> str:
    try:
        epoch = source_date_epoch()
    except ValueError as exc:
        raise MailError(str(exc)) from None
    if epoch is not None:
        moment = dt.datetime.fromtimestamp(epoch, dt.UTC)
    else:
        moment = dt.datetime(date.year, date.month, date.day, tzinfo=dt.UTC)
    return format_datetime(moment)


def _logo(bulletin: Bulletin, style: Style) -> tuple[bytes, str, tuple[int, int]] | None:
    """The cover's logo as bytes, its image subtype and its size in pixels, or None."""
    from PIL import Image  # only when there is a logo to size

    path = cover_logo(bulletin, style)
    if path is None:
        return None
    data = path.read_bytes()
    with Image.open(io.BytesIO(data)) as image:
        kind, size = image.format, image.size
    if kind not in _PICTURES:
        raise MailError(f"logo {path.name!r} is {kind}; a mail logo is a PNG, JPEG or GIF file", path)
    return data, _PICTURES[kind], size
