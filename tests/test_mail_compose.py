"""The issue email: one message per recipient, built as every mail client expects, the same bytes
every time, and nothing from the source able to become markup or a header."""

from __future__ import annotations

import dataclasses
import email
import re
import shutil
from email import policy

import pytest

import briefexport
from briefexport.errors import MailError, ModelError, RegistryError, SourceError, StyleError
from briefexport.mail import Composer, compose_email
from briefexport.mail.recipients import Recipient
from briefexport.model import Metadata

from .conftest import FLAGSHIP
from .test_cover_logo import png

SENDER = "AIR Center <news@aircenter.az>"
UNSUBSCRIBE = "mailto:unsubscribe@aircenter.az?subject=unsubscribe"


@pytest.fixture(scope="module")
def branded(tmp_path_factory):
    """The flagship beside a publisher file that names a logo and a List-Unsubscribe address."""
    folder = tmp_path_factory.mktemp("branded")
    shutil.copy(FLAGSHIP, folder / FLAGSHIP.name)
    png(folder / "logo.png", 120, 40)
    text = (FLAGSHIP.parent / "publisher.yaml").read_text(encoding="utf-8")
    (folder / "publisher.yaml").write_text(f"{text}logo: logo.png\nunsubscribe: {UNSUBSCRIBE}\n", encoding="utf-8")
    return briefexport.load(folder / FLAGSHIP.name)


def _parse(msg):
    return email.message_from_bytes(msg.as_bytes(), policy=policy.default)


def test_attachments_sit_beside_the_alternative_and_the_logo_beside_the_html_it_belongs_to(branded):
    msg = _parse(compose_email(branded, to="ana@example.org", sender=SENDER, attach=("docx", "pdf")))

    def shape(part):
        kids = part.get_payload() if part.is_multipart() else []
        return (part.get_content_type(), [shape(kid) for kid in kids]) if kids else part.get_content_type()

    assert shape(msg) == (
        "multipart/mixed",
        [
            ("multipart/alternative", ["text/plain", ("multipart/related", ["text/html", "image/png"])]),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "application/pdf",
        ],
    )
    related = next(part for part in msg.walk() if part.get_content_type() == "multipart/related")
    assert related.get_param("type") == "text/html"  # its root's type, as RFC 2387 requires (a trial)
    html = msg.get_body(("html",)).get_content()
    logo = next(part for part in msg.walk() if part.get_content_type() == "image/png")
    assert logo["Content-ID"].strip("<>") in re.findall(r'src="cid:([^"]+)"', html)
    assert logo.get_content_disposition() == "inline"
    docx, pdf = list(msg.iter_attachments())
    assert docx.get_content() == briefexport.render(branded, "docx")
    assert pdf.get_content() == briefexport.render(branded, "pdf")
    assert [a.get_filename() for a in (docx, pdf)] == [
        "AIR Center Bulletin — February 2024.docx",
        "AIR Center Bulletin — February 2024.pdf",
    ]


def test_the_quoted_printable_bodies_keep_to_lines_of_76_characters(flagship):
    """A mail operator's trial: the email package wrote them at its headers' 78, RFC 2045 allows 76."""
    msg = compose_email(flagship, to="ana@example.org", sender=SENDER, attach=())
    for part in (msg.get_body(("plain",)), msg.get_body(("html",))):
        assert part["Content-Transfer-Encoding"] == "quoted-printable"
        lines = part.get_payload().splitlines()
        assert len(lines) > 20 and max(map(len, lines)) <= 76


def test_headers_are_ascii_on_the_wire_and_say_who_what_and_when(branded):
    raw = compose_email(branded, to="Ana Əliyeva <ana@example.org>", sender=SENDER, reply_to="desk@aircenter.az")
    wire = raw.as_bytes()
    head = wire.split(b"\r\n\r\n", 1)[0]
    assert head.isascii()
    assert b"To: =?utf-8?q?Ana_=C6=8Fliyeva?= <ana@example.org>" in head  # RFC 2047
    assert b"filename*=utf-8''AIR%20Center%20Bulletin%20%E2%80%94%20February%202024.docx" in wire  # RFC 2231
    msg = _parse(raw)
    assert msg["Subject"] == "AIR Center Bulletin — February 2024"
    assert str(msg["To"]) == "Ana Əliyeva <ana@example.org>"
    assert str(msg["Reply-To"]) == "desk@aircenter.az"
    assert msg["Date"] == "Thu, 29 Feb 2024 00:00:00 +0000"  # the bulletin's date, not the clock's
    assert re.fullmatch(r"<[0-9a-f]{32}@aircenter\.az>", msg["Message-ID"])
    assert msg["List-Unsubscribe"] == f"<{UNSUBSCRIBE}>"
    assert wire.count(b"MIME-Version:") == 1


@pytest.mark.parametrize(
    ("link", "header"),
    [
        ("https://lists.example.org/abmelden?wer=jürgen", "<https://lists.example.org/abmelden?wer=j%C3%BCrgen>"),
        (
            "https://bülten.aircenter.az/abunəlik/ləğv",
            "<https://xn--blten-kva.aircenter.az/abun%C9%99lik/l%C9%99%C4%9Fv>",
        ),
        ("mailto:jürgen@example.org", "<mailto:j%C3%BCrgen@example.org>"),
        # a review: a host in capitals went out encoded whole again, and straße.de became strasse.de
        ("https://Bülten.az/u", "<https://xn--blten-kva.az/u>"),
        ("https://straße.de/u", "<https://stra%C3%9Fe.de/u>"),
        ("https://lists.example.org/u/8f3a?x=%C3%BC", "<https://lists.example.org/u/8f3a?x=%C3%BC>"),  # as it is
    ],
)
def test_a_non_ascii_unsubscribe_link_is_written_as_an_ascii_uri_in_the_header(branded, link, header):
    """A trial: the header was written encoded whole (=?utf-8?q?=3Chttps...), so that no client found a link in it;
    RFC 2369 asks for a URI in angle brackets, which is ASCII."""
    msg = compose_email(branded, to=Recipient("jurgen@example.org", unsubscribe=link), sender=SENDER)
    wire = msg.as_bytes(policy=policy.SMTP)
    assert str(_parse(msg)["List-Unsubscribe"]).strip() == header  # folded before the < when long
    assert b"=?utf-8?" not in wire.split(b"List-Unsubscribe:")[1].split(b"\r\n\r\n")[0].split(b"\r\nList")[0]


@pytest.mark.parametrize("length", [115, 400, 975])
def test_a_long_unsubscribe_link_is_written_whole_on_one_line_as_mail_services_read_it(branded, length):
    """A list manager's trial: a link of 76 characters or more, as list services make them, went out as RFC
    2047 encoded words (policy.SMTP cannot fold one long word), which no mail service reads as a link,
    while List-Unsubscribe-Post asked for one-click unsubscribe through it."""
    from briefexport.mail.policy import POLICY

    link = "https://example.us1.list-manage.com/unsubscribe?u=3f9c2a1b0d8e&id="
    link += "0123456789abcdef" * ((length - len(link)) // 16 + 1)
    link = link[:length]
    msg = compose_email(branded, to=Recipient("ana@example.org", unsubscribe=link), sender=SENDER)
    wire = msg.as_bytes(policy=POLICY)
    assert f"\r\nList-Unsubscribe: <{link}>\r\n".encode() in wire
    assert b"\r\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n" in wire


def test_characters_a_uri_may_not_hold_are_percent_encoded_in_the_header(branded):
    """A list manager's trial: " { } | \\ ^ ` went into the header as written (the page's link was escaped)."""
    link = 'https://lists.example.org/u?who="ana"&t={x}|y^`\\'
    msg = compose_email(branded, to=Recipient("ana@example.org", unsubscribe=link), sender=SENDER)
    assert msg["List-Unsubscribe"] == "<https://lists.example.org/u?who=%22ana%22&t=%7Bx%7D%7Cy%5E%60%5C>"


def test_a_recipient_s_own_https_link_gives_one_click_unsubscribe_and_is_the_one_their_copy_shows(branded):
    """Gmail and Yahoo ask bulk senders for RFC 8058's one-click unsubscribe: a POST to a link that says
    who asked. The publisher's one link for everyone cannot, so only a recipient's own link is offered so."""
    own = Recipient("ana@example.org", unsubscribe="https://lists.example.org/u/8f3a?list=bulletin&x=1")
    msg = _parse(compose_email(branded, to=own, sender=SENDER))
    assert msg["List-Unsubscribe"] == "<https://lists.example.org/u/8f3a?list=bulletin&x=1>"
    assert msg["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "<https://lists.example.org/u/8f3a?list=bulletin&x=1>" in msg.get_body(("plain",)).get_content()
    html = msg.get_body(("html",)).get_content()
    assert 'href="https://lists.example.org/u/8f3a?list=bulletin&amp;x=1"' in html
    assert UNSUBSCRIBE not in html
    everyone = _parse(compose_email(branded, to="bob@example.org", sender=SENDER))
    assert everyone["List-Unsubscribe"] == f"<{UNSUBSCRIBE}>" and everyone["List-Unsubscribe-Post"] is None
    eve = Recipient("eve@example.org", unsubscribe="mailto:u+1@x.org")
    by_mail = _parse(compose_email(branded, to=eve, sender=SENDER))
    assert by_mail["List-Unsubscribe"] == "<mailto:u+1@x.org>" and by_mail["List-Unsubscribe-Post"] is None


def test_the_same_inputs_give_the_same_bytes_and_source_date_epoch_sets_the_date(branded, monkeypatch):
    first = compose_email(branded, to="ana@example.org", sender=SENDER).as_bytes()
    assert compose_email(branded, to="ana@example.org", sender=SENDER).as_bytes() == first
    other = compose_email(branded, to="bob@example.org", sender=SENDER)
    assert other["Message-ID"] != email.message_from_bytes(first)["Message-ID"]
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1709251200")
    assert compose_email(branded, to="ana@example.org", sender=SENDER)["Date"] == "Fri, 01 Mar 2024 00:00:00 +0000"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "soon")
    with pytest.raises(MailError, match="SOURCE_DATE_EPOCH='soon' is not a time"):
        compose_email(branded, to="ana@example.org", sender=SENDER)


def test_the_text_and_html_parts_say_the_same(flagship):
    msg = _parse(compose_email(flagship, to="ana@example.org", sender=SENDER))
    text = msg.get_body(("plain",)).get_content()
    html = msg.get_body(("html",)).get_content()
    plain_html = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&#x27;", "'")
    for section in flagship.sections:
        assert section.title in plain_html
        assert re.sub(r"\s+", " ", section.title) in re.sub(r"\s+", " ", text)
    for piece in ("February 29, 2024", "Mirza Ibrahimov 8, Baku, AZ1005, Azerbaijan", "info@aircenter.az",
                  "The full issue is attached.", "AIR Center Bulletin — February 2024.docx"):  # fmt: skip
        assert piece in text
        assert piece in plain_html
    assert all(len(line) <= 72 for line in text.splitlines())


@pytest.mark.parametrize(("language", "line"), [("en", "Unsubscribe: <"), ("fr", "Unsubscribe\u00a0: <")])
def test_the_text_part_s_unsubscribe_line_sets_its_colon_as_the_language_does(branded, language, line):
    """A French trial found "Se désabonner: <mailto:…>" under a summary set "mars\u00a0:"."""
    from briefexport.mail.body import letter
    from briefexport.mail.text import text_body

    style = briefexport.load_style("aircenter")
    french = dataclasses.replace(letter(branded, style, ()), language=language)
    assert f"\n{line}{UNSUBSCRIBE}>\n" in text_body(french)


def test_the_html_is_email_safe_no_scripts_nothing_from_the_network_at_most_600_px(branded):
    html = compose_email(branded, to="ana@example.org", sender=SENDER).get_body(("html",)).get_content()
    assert "<script" not in html.lower() and "<style" not in html.lower() and "<link" not in html.lower()
    assert set(re.findall(r'src="([a-z]+):', html)) == {"cid"}
    assert "max-width:600px" in html
    assert all(int(w) <= 600 for w in re.findall(r'width="(\d+)"', html))
    assert "<div" not in html  # tables lay it out: Outlook's Word engine ignores most div styling
    # a background behind every coloured text, so a client's dark mode recolours them together
    assert html.count("bgcolor=") >= 4
    assert 'alt="AIR Center"' in html  # readable when pictures are blocked


def test_source_text_is_escaped_and_cannot_become_markup_or_a_header(flagship):
    metadata = dataclasses.replace(flagship.metadata, title='<script>alert("x")</script> AT&T <b>bold</b>')
    hostile = dataclasses.replace(flagship, metadata=metadata)
    msg = _parse(compose_email(hostile, to="ana@example.org", sender=SENDER))
    html = msg.get_body(("html",)).get_content()
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; AT&amp;T &lt;b&gt;bold&lt;/b&gt;" in html
    assert "<script" not in html and "<b>" not in html
    assert '<script>alert("x")</script> AT&T <b>bold</b>' in msg.get_body(("plain",)).get_content()
    assert msg["Subject"].startswith('<script>alert("x")</script> AT&T')


@pytest.mark.parametrize("summary", [True, False], ids=["with a summary", "with contents instead"])
def test_every_text_the_html_body_shows_is_escaped(flagship, summary):
    """A test-suite review: the escaping of the contents' section titles, the issue line and the publisher's
    name could be taken out and no test failed; the mail then carried live <i> and <script>. Each text the
    HTML shows is given markup, and none of it becomes an element."""
    from lxml import html as lxml_html

    def marked(field: str) -> str:
        return f'<i class="x">{field}</i> & <script>alert("{field}")</script>'

    meta = dataclasses.replace(
        flagship.metadata,
        title=marked("title"),
        subtitle=marked("subtitle"),
        issue=marked("issue"),
        summary=marked("summary") if summary else None,
    )
    sections = tuple(
        dataclasses.replace(section, title=marked(f"section {n}")) for n, section in enumerate(flagship.sections)
    )
    publisher = dataclasses.replace(flagship.publisher, name=marked("publisher"), short_name=None, logo=None)
    hostile = dataclasses.replace(flagship, metadata=meta, sections=sections, publisher=publisher)
    body = _parse(compose_email(hostile, to="ana@example.org", sender=SENDER)).get_body(("html",)).get_content()
    root = lxml_html.document_fromstring(body)
    assert root.xpath("//i | //script | //*[@class='x']") == []
    shown = " ".join(root.text_content().split())
    fields = ["title", "subtitle", "issue", "publisher"]
    fields += ["summary"] if summary else [f"section {n}" for n in range(len(sections))]
    for field in fields:
        assert " ".join(marked(field).split()) in shown, field


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"subject": "{title}\r\nBcc: eve@evil.org"}, "subject .* holds a line break or control character"),
        ({"subject": "{title} {nope}"}, r"subject '\{title\} \{nope\}' uses \{nope\}; allowed: \{date\}"),
        ({"subject": "{title"}, "subject '{title': .*write {field}"),
        ({"sender": "AIR Center <news@aircenter>"}, "sender 'AIR Center <news@aircenter>': .* is not an address"),
        ({"sender": "Evil\nBcc: x <news@aircenter.az>"}, "sender .* holds a line break"),
        ({"reply_to": "desk"}, "reply_to 'desk': 'desk' is not an address"),
        ({"to": "ana@example.org\r\nBcc: eve@evil.org"}, "to .* is not an address"),
        # Encoded words decode to a line break where mail programs (and Python's email package) read them.
        ({"subject": "{title} =?utf-8?q?a=0D=0ABcc=3A_spy=40evil=2Ecom?="}, "subject .* RFC 2047's encoded form"),
        ({"sender": "=?utf-8?q?AIR=0D=0AReply-To=3A_x=40evil=2Eorg?= <news@aircenter.az>"}, "sender .* encoded form"),
        ({"to": "=?utf-8?q?Ana=0D=0ABcc=3A_spy=40evil=2Ecom?= <ana@example.org>"}, "to .* encoded form"),
    ],
)
def test_bad_headers_are_refused_before_anything_is_composed(flagship, kwargs, message):
    given = {"to": "ana@example.org", "sender": SENDER, "attach": ("text",), **kwargs}
    with pytest.raises(MailError, match=message):
        compose_email(flagship, **given)


def test_an_unknown_attachment_format_is_a_registry_error(flagship):
    with pytest.raises(RegistryError, match="odt"):
        compose_email(flagship, to="ana@example.org", sender=SENDER, attach=("odt",))


def test_one_format_given_as_a_str_is_a_type_error_not_four_formats(flagship):
    """attach="docx" passed mypy (a str is a Sequence[str]) and failed with "unknown format 'd'"."""
    with pytest.raises(TypeError, match=r"^attach must be a list of format names, e.g. \['docx'\], got a str$"):
        compose_email(flagship, to="ana@example.org", sender=SENDER, attach="docx")


@pytest.mark.parametrize(
    ("attach", "message"),
    [(None, "attach must be a list or tuple, got None"), ([None], "each format in attach must be a str, got None")],
)
def test_attachments_that_are_no_format_names_are_a_type_error(flagship, attach, message):
    with pytest.raises(TypeError, match=f"^{message}$"):
        compose_email(flagship, to="ana@example.org", sender=SENDER, attach=attach)


def test_a_message_that_differs_has_another_message_id(branded):
    """A service's trial: another Reply-To, another style, or a recipient's own unsubscribe link kept the
    Message-ID, and a mail service drops a message whose Message-ID it has had. A name only changes no ID:
    the same person's copy of the same issue."""

    def message_id(to="ana@example.org", **options):
        return compose_email(branded, to=to, sender=SENDER, **options)["Message-ID"]

    first = message_id()
    assert message_id(reply_to="desk@aircenter.az") != first
    assert message_id(style="plain") != message_id(style="aircenter")
    assert message_id(to=Recipient("ana@example.org", unsubscribe="https://lists.example.org/u/1")) != first
    assert message_id(to=Recipient("ana@example.org", name="Ana \u018fliyeva")) == first


def test_a_composer_renders_each_attachment_once_and_names_files_as_asked(flagship, monkeypatch):
    calls = []
    real = briefexport.mail.compose.render
    monkeypatch.setattr(briefexport.mail.compose, "render", lambda *a: calls.append(a[1]) or real(*a))
    composer = Composer(flagship, sender=SENDER, attach=("text", "TEXT"), filename="2024-02 / bulletin")
    messages = composer.compose_all(["a@example.org", "b@example.org", "c@example.org"])
    assert calls == ["text"]
    assert [m.get_payload()[1].get_filename() for m in messages] == ["2024-02 - bulletin.txt"] * 3


WORDS = [
    "Центр",
    "анализа",
    "международных",
    "отношений",
    "Азербайджан",
    "Əliyev",
    "дорога",
    "к",
    "COP29",
    "Aliyeva,",
    "Ana",
]


@pytest.mark.parametrize("count", range(4, 40, 3))
def test_long_subjects_and_names_in_other_scripts_read_back_word_for_word(flagship, count):
    """Python's header folder ran two words together where an encoded word ended at a space ("дорогагода"),
    or split one ("Азербайдж ан"): 72 of 300 long Russian subjects. Read back here by the email package's
    first decoder, which decodes as RFC 2047 says (the newer one adds spaces between encoded words)."""
    from email.header import decode_header, make_header

    subject = " ".join(WORDS[(n * 7) % len(WORDS)] for n in range(count))
    name = " ".join(WORDS[(n * 5 + 3) % len(WORDS)] for n in range(count))[:200].strip(" ,")
    msg = Composer(flagship, sender=f"{name} <news@aircenter.az>", attach=("text",), subject=subject).compose(
        Recipient("ana@example.org", name)
    )
    raw = msg.as_bytes(policy=briefexport.mail.compose.POLICY)
    head = email.message_from_bytes(raw, policy=policy.compat32)
    assert str(make_header(decode_header(head["Subject"]))) == subject
    for field in ("From", "To"):
        address = "news@aircenter.az" if field == "From" else "ana@example.org"
        assert str(make_header(decode_header(head[field]))).removeprefix('"') in (
            f"{name} <{address}>",
            f'{name}" <{address}>',
        )
    assert max(map(len, raw.split(b"\r\n\r\n")[0].split(b"\r\n"))) <= 78
    # Python's newer parser keeps the fold between a display name's encoded words as a space: never inside a
    # word ("(IÉ PP)" where a French trial's publisher was "(IÉPP)").
    modern = email.message_from_bytes(raw, policy=policy.default)
    assert [modern[field].addresses[0].display_name.split() for field in ("From", "To")] == [name.split()] * 2


def test_a_long_title_gives_an_attachment_name_cut_at_a_word_within_100_characters(flagship):
    """A 300-character title made a 360-byte file name, which no file system keeps when it is saved."""
    title = "The South Caucasus between the corridors, " * 7
    bulletin = dataclasses.replace(flagship, metadata=dataclasses.replace(flagship.metadata, title=title.strip()))
    name = Composer(bulletin, sender=SENDER, attach=("text",)).attachments[0][0]
    assert name == "The South Caucasus between the corridors, The South Caucasus between the corridors, The South….txt"


def test_an_attachment_name_ends_with_no_dot_before_its_suffix(flagship):
    """A Russian issue label "Февраль 2024 г." gave "… Февраль 2024 г..docx" (a Russian editor's trial)."""
    bulletin = dataclasses.replace(flagship, metadata=dataclasses.replace(flagship.metadata, issue="Февраль 2024 г."))
    name = Composer(bulletin, sender=SENDER, attach=("text",)).attachments[0][0]
    assert name == "AIR Center Bulletin — Февраль 2024 г.txt"


def test_an_attachment_name_in_a_script_of_three_bytes_a_character_is_cut_by_its_bytes(flagship):
    title = "国际航空运输协会" * 20 + " — 2024-02"
    bulletin = dataclasses.replace(flagship, metadata=dataclasses.replace(flagship.metadata, title=title))
    name = Composer(bulletin, sender=SENDER, attach=("text",)).attachments[0][0]
    assert len(name.encode()) <= 200 + len(".txt") and name.endswith("….txt") and name.startswith("国际航空")


def test_the_summary_from_the_front_matter_replaces_the_contents_list(flagship):
    if "summary" not in {f.name for f in dataclasses.fields(Metadata)}:
        pytest.skip("this model has no front matter summary")
    summary = "Elections, diplomacy and the road to COP29 & beyond."
    bulletin = dataclasses.replace(flagship, metadata=dataclasses.replace(flagship.metadata, summary=summary))
    msg = _parse(compose_email(bulletin, to="ana@example.org", sender=SENDER, attach=("text",)))
    assert "Elections, diplomacy and the road to COP29 &amp; beyond." in msg.get_body(("html",)).get_content()
    assert summary in msg.get_body(("plain",)).get_content()
    assert flagship.sections[0].title not in msg.get_body(("plain",)).get_content()


def test_the_publisher_s_unsubscribe_link_is_checked_where_it_is_written(tmp_path, flagship):
    shutil.copy(FLAGSHIP, tmp_path / FLAGSHIP.name)
    text = (FLAGSHIP.parent / "publisher.yaml").read_text(encoding="utf-8")
    (tmp_path / "publisher.yaml").write_text(f"{text}unsubscribe: javascript:alert(1)\n", encoding="utf-8")
    lines = text.count("\n") + 1
    with pytest.raises(
        SourceError, match=rf"publisher.yaml:{lines}: .*unsubscribe.*scheme 'javascript'; allowed: https"
    ):
        briefexport.load(tmp_path / FLAGSHIP.name)
    publisher = dataclasses.replace(flagship.publisher, unsubscribe="https://x.org/u?a=1, <b>")
    with pytest.raises(ModelError, match="publisher.unsubscribe: .* space, comma or angle bracket"):
        briefexport.validate(dataclasses.replace(flagship, publisher=publisher))


def test_a_style_sets_the_subject_and_labels_and_may_not_be_wider_than_600_px(tmp_path, flagship):
    (tmp_path / "wide.toml").write_text(
        'name = "wide"\nlabel = "Wide"\nextends = "plain"\n\n[mail]\n'
        'subject = "{issue}: {title}"\nattached = "Attached."\nwidth = 900\n',
        encoding="utf-8",
    )
    with pytest.raises(StyleError, match=r"wide.toml:\d+: .*mail.width .*must be from 320 to 600"):
        briefexport.load_style(tmp_path / "wide.toml")
    (tmp_path / "wide.toml").write_text(
        (tmp_path / "wide.toml").read_text(encoding="utf-8").replace("width = 900", "width = 480"), encoding="utf-8"
    )
    msg = compose_email(flagship, to="a@example.org", sender=SENDER, attach=("text",), style=tmp_path / "wide.toml")
    assert msg["Subject"] == "February 2024: AIR Center Bulletin"
    assert "max-width:480px" in msg.get_body(("html",)).get_content()
    assert "Attached." in msg.get_body(("plain",)).get_content()


def test_the_contents_label_is_in_capitals_of_the_bulletins_language_whatever_webmail_drops(tmp_path, flagship):
    """An Azerbaijani brand's "Mündəricat" was capitalised by CSS, which follows the <html lang> that Gmail
    and Outlook.com drop: "MÜNDƏRICAT", with a dotless I."""
    (tmp_path / "az.toml").write_text(
        'name = "az"\nlabel = "Az"\nextends = "plain"\n\n[mail]\ncontents = "Mündəricat"\n', encoding="utf-8"
    )
    azerbaijani = dataclasses.replace(flagship, metadata=dataclasses.replace(flagship.metadata, language="az"))
    msg = compose_email(azerbaijani, to="a@example.org", sender=SENDER, attach=("text",), style=tmp_path / "az.toml")
    html = msg.get_body(("html",)).get_content()
    assert "MÜNDƏRİCAT" in html and "text-transform" not in html


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = ((c / 12.92) if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


@pytest.mark.parametrize("style", ["plain", "aircenter"])
def test_every_coloured_text_has_its_own_background_and_reads_at_wcag_aa(flagship, style):
    """Dark modes recolour a background and the text on it together only when both are set; and the
    light reading keeps 4.5:1 (3:1 for large text), as the editions do."""
    from lxml import html as lxml_html

    body = compose_email(flagship, to="a@example.org", sender=SENDER, attach=("text",), style=style)
    tree = lxml_html.fromstring(body.get_body(("html",)).get_content().encode("utf-8"))
    checked = 0
    for element in tree.iter():
        colour = re.search(r"(?:^|;)color:(#[0-9A-Fa-f]{6})", element.get("style", ""))
        if not colour or not (element.text or "").strip():
            continue
        background = None
        for holder in (element, *element.iterancestors()):
            found = re.search(r"background-color:(#[0-9A-Fa-f]{6})", holder.get("style", ""))
            if found:
                assert holder.get("bgcolor") in (None, found[1])
                background = found[1]
                break
        assert background is not None, element.text
        light, dark = sorted((_luminance(colour[1]), _luminance(background)), reverse=True)
        size = re.search(r"font-size:(\d+)px", element.get("style", ""))
        large = size and (int(size[1]) >= 24 or (int(size[1]) >= 19 and "bold" in element.get("style", "")))
        assert (light + 0.05) / (dark + 0.05) >= (3.0 if large else 4.5), (element.text, colour[1], background)
        checked += 1
    assert checked >= 10


def test_a_long_subject_in_a_script_without_spaces_is_encoded_whole_in_linear_time():
    """A review: a 1,000-character Chinese subject took 3 s (each cut tried every prefix). It reads back
    whole, every line within 78 characters; 4,000 characters take not much more than four times as long."""
    from email.header import decode_header, make_header

    from briefexport.mail.policy import _words

    from .conftest import best_cpu_times

    subject = "中华人民共和国" * 143
    folded = _words(subject, "Subject", "\r\n")
    assert str(make_header(decode_header(folded.replace("\r\n ", " ")))) == subject
    assert max(map(len, f"Subject: {folded}".split("\r\n"))) <= 78
    short, long = best_cpu_times(
        lambda: _words(subject, "Subject", "\r\n"), lambda: _words(subject * 4, "Subject", "\r\n")
    )
    assert long < 8 * short


@pytest.mark.parametrize(("language", "marked"), [("cs", True), ("pl", False), ("ru", False), ("en", False)])
def test_labels_left_in_english_are_marked_english_for_a_readers_voice(branded, language, marked):
    """A Polish issue's email said "In this issue", "The full issue is attached." and "Unsubscribe" under
    <html lang="pl">, and a screen reader read them in a Polish voice; the EPUB marks such labels, so does
    the email. A language the catalogue has (Polish since) gets its own words, unmarked; Czech has none."""
    bulletin = dataclasses.replace(branded, metadata=dataclasses.replace(branded.metadata, language=language))
    msg = compose_email(bulletin, to="a@example.org", sender=SENDER, attach=("text",), style="plain")
    html = msg.get_body(("html",)).get_content()
    tagged = {
        "contents": re.search(r"<p lang=\"en\" [^>]*>IN THIS ISSUE</p>", html),
        "attached": re.search(r'<span lang="en">The full issue is attached\.</span>', html),
        "unsubscribe": re.search(r'<a href="[^"]*" lang="en" [^>]*>Unsubscribe</a>', html),
    }
    assert {name: bool(found) for name, found in tagged.items()} == dict.fromkeys(tagged, marked)
    assert html.count('lang="en"') == (3 if marked else 0) + (language == "en")


def test_an_arabic_issues_mail_sets_phone_numbers_and_latin_text_left_to_right(flagship):
    """A mail operator's trial: in an Arabic issue's mail (<html dir="auto">, nothing set apart) the phone
    "(+994 12) 596-82-39" read "596-82-39 (12 994+)" and a numeral "II." ".II"."""
    arabic = dataclasses.replace(flagship, metadata=dataclasses.replace(flagship.metadata, language="ar"))
    html = compose_email(arabic, to="ana@example.org", sender=SENDER, attach=()).get_body(("html",)).get_content()
    assert '<html lang="ar" dir="rtl">' in html
    assert '<span dir="ltr">(+994 12) 596-82-39</span>' in html and '<span dir="ltr">II.</span>' in html
    english = compose_email(flagship, to="ana@example.org", sender=SENDER, attach=()).get_body(("html",)).get_content()
    assert '<html lang="en" dir="ltr">' in english and "<span dir=" not in english  # nothing reads the other way
