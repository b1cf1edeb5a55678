"""Recipient lists: addresses from --to or a CSV file, held to one plain form before anything is sent.

Every problem is `file:line: what is wrong; what is allowed`; a name or address can never carry a
line break into a header.
"""

from __future__ import annotations

import pytest

from briefexport.errors import MailError
from briefexport.mail.recipients import Recipient, from_arguments, parse_csv, read_csv, recipient


def test_a_csv_gives_each_row_s_address_and_name_in_order():
    people = parse_csv("email,name\nana@example.org,Ana Əliyeva\nbob@example.org,\n")
    assert people == [Recipient("ana@example.org", "Ana Əliyeva"), Recipient("bob@example.org", None)]
    assert [p.line for p in people] == [2, 3]


def test_the_name_column_is_optional_and_columns_may_come_in_any_order():
    assert parse_csv("email\nana@example.org\n") == [Recipient("ana@example.org")]
    assert parse_csv("Name,Email\nAna,ana@example.org\n") == [Recipient("ana@example.org", "Ana")]


def test_blank_rows_are_skipped_and_columns_other_than_email_and_name_are_not_read():
    """Address-book exports end with a blank line and carry columns of their own (organisation, phone):
    the whole list was refused."""
    text = "Name,Organisation,Email\r\nAna,AIR Center,ana@example.org\r\n\r\nBob,,bob@example.org\r\n\r\n"
    people = parse_csv(text)
    assert [(p.email, p.name, p.line) for p in people] == [("ana@example.org", "Ana", 2), ("bob@example.org", "Bob", 4)]


def test_a_quoted_name_may_hold_a_comma_and_lines_are_counted_across_quoted_fields():
    people = parse_csv('email,name\nana@example.org,"Aliyeva, Ana"\nbob@example.org,Bob\n')
    assert people[0].name == "Aliyeva, Ana"
    with pytest.raises(MailError, match=r"^<recipients>:4: 'nobody' is not an address"):
        parse_csv('email,name\nana@example.org,"Aliyeva, Ana"\nbob@example.org,Bob\nnobody,X\n')


def test_an_unsubscribe_column_gives_each_recipient_a_link_of_their_own_and_an_empty_cell_none():
    people = parse_csv("email,unsubscribe\nana@example.org,https://lists.example.org/u/8f3a\nbob@example.org,\n")
    assert [p.unsubscribe for p in people] == ["https://lists.example.org/u/8f3a", None]


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("email,name\nana@example.org,Ana,extra\n", 2, "3 fields where the header has 2; write one field per column"),
        ("email,name\nana@example.org\n", 2, "1 field where the header has 2"),
        ("email,name\nana@example,Ana\n", 2, "'ana@example' is not an address; an address is written like"),
        ("email,name\nana @example.org,Ana\n", 2, "is not an address"),
        (f"email,name\n{'a' * 65}@example.org,Ana\n", 2, "the part before @ is 65 characters long; at most 64"),
        ("email,name\n<ana@example.org>,Ana\n", 2, "is not an address"),
        ("email,name\nana@example.org,Ana\nANA@Example.org,Ana\n", 3, "ANA@Example.org is listed twice (also line 2)"),
        ('email,name\nana@example.org,"Ana\r\nBcc: eve@evil.org"\n', 2, "holds a line break or control character"),
        ("email,name\nana@example.org,Ana\u2028Bcc: x\n", 2, "holds a line break"),
        ("email,email\nana@example.org,a@b.org\n", 1, "column 'email' is twice"),
        ("name\nAna\n", 1, "the header row names no email column"),
        ("", 1, "the recipient list is empty"),
        ("email,name\n", 1, "the recipient list names no one"),
        ("email,name\n,Ana\n", 2, "no address in the email column"),
        ("email,unsubscribe\nana@example.org,http://x.org/u/1\n", 2, "has scheme 'http'; allowed: https, mailto"),
        ('email,unsubscribe\nana@example.org,"https://x.org/u/1>, <https://evil.org"\n', 2, "write one URL"),
    ],
)
def test_bad_rows_are_refused_with_their_line(text, line, message):
    with pytest.raises(MailError) as caught:
        parse_csv(text, "readers.csv")
    assert str(caught.value).startswith(f"readers.csv:{line}: ")
    assert message in str(caught.value)


@pytest.mark.parametrize("separator", [";", "\t"])
def test_a_list_saved_by_excel_with_semicolons_or_tabs_is_read_and_its_email_column_may_say_e_mail(separator):
    """Excel in German or Russian settings separates fields with semicolons: "email;name" was told it
    names no email column."""
    text = separator.join(["E-Mail", "name"]) + "\n" + separator.join(["ana@example.org", "Aliyeva, Ana"]) + "\n"
    assert [(p.email, p.name) for p in parse_csv(text)] == [("ana@example.org", "Aliyeva, Ana")]


def test_an_error_names_the_other_wrong_rows_too_so_that_one_run_finds_them_all():
    """A list of 40 with 12 bad rows took 12 runs, a row at a time."""
    rows = [f"reader{n}@example.org,Reader {n}" for n in range(40)]
    for n in range(3, 39, 3):
        rows[n] = f"reader{n}@example,Reader {n}"  # no dot in the domain
    rows[39] = "reader1@example.org,Again"
    with pytest.raises(MailError) as caught:
        parse_csv("email,name\n" + "\n".join(rows) + "\n", "readers.csv")
    assert str(caught.value) == (
        "readers.csv:5: 'reader3@example' is not an address; an address is written like ana@example.org (ASCII, "
        "no spaces, a domain with a dot) (also wrong: lines 8, 11, 14, 17, 20, 23, 26, 29, 32, 35 and 2 more)"
    )
    with pytest.raises(MailError, match=r"^readers.csv:3: 2 fields .* \(also wrong: line 4\)$"):
        parse_csv("email\nana@example.org\nbob@example.org,x\nana@example.org\n", "readers.csv")


def test_a_file_that_is_not_utf8_is_refused_with_the_line_of_the_bad_byte(tmp_path):
    path = tmp_path / "readers.csv"
    path.write_bytes(b"email,name\nana@example.org,Ana\nbob@example.org,B\xf6b\n")
    expected = r"readers.csv:3: invalid UTF-8 \(byte 0xf6\); save the recipient list as UTF-8"
    with pytest.raises(MailError, match=expected):
        read_csv(path)


def test_a_byte_order_mark_is_not_part_of_the_first_column(tmp_path):
    path = tmp_path / "readers.csv"
    path.write_bytes("\ufeffemail,name\r\nana@example.org,Ana\r\n".encode())
    assert read_csv(path) == [Recipient("ana@example.org", "Ana")]


def test_a_mailing_platform_export_past_a_source_s_16_mib_is_read(tmp_path):
    """A mailing trial (helper-175): a normal export (80,000 subscribers, 8 columns of the platform's own,
    21.7 MB) was refused as "recipient list is 21,657,855 bytes; the limit is 16,777,216", the sources'
    limit, which counted the columns that are not read."""
    path = tmp_path / "export.csv"
    notes = "a note about this subscriber " * 350  # 10,150 bytes of a column no one reads
    rows = (f'r{n}@example.org,Reader {n},"{notes}"\n' for n in range(2000))
    path.write_text("email,name,notes\n" + "".join(rows), encoding="utf-8")
    assert path.stat().st_size > 17 * 1024 * 1024
    people = read_csv(path)
    assert len(people) == 2000
    assert (people[-1].email, people[-1].name, people[-1].line) == ("r1999@example.org", "Reader 1999", 2001)


def test_a_recipient_list_past_256_mib_is_refused_with_the_limit(tmp_path):
    path = tmp_path / "readers.csv"
    with path.open("wb") as handle:
        handle.truncate(256 * 1024 * 1024 + 1)  # sparse: the size is refused before a byte is read
    with pytest.raises(MailError) as caught:
        read_csv(path)
    assert str(caught.value) == f"{path}: recipient list is 268,435,457 bytes; the limit is 268,435,456"


def test_command_line_addresses_may_carry_a_name_and_errors_name_the_option():
    assert from_arguments(["Ana Əliyeva <ana@example.org>", "bob@example.org"]) == [
        Recipient("ana@example.org", "Ana Əliyeva"),
        Recipient("bob@example.org"),
    ]
    with pytest.raises(MailError, match=r"^--to 'ana@example.org, bob@example.org': .* is not an address"):
        from_arguments(["ana@example.org, bob@example.org"])
    with pytest.raises(MailError, match=r"^ana@example.org is listed twice"):
        from_arguments(["ana@example.org", "Ana <ana@example.org>"])


def test_a_name_spelt_with_a_joiner_is_taken_and_one_in_encoded_form_or_with_a_direction_mark_is_not():
    assert recipient("محمد\u200cرضا رضایی <m@example.org>").name == "محمد\u200cرضا رضایی"  # ZWNJ: Persian
    with pytest.raises(MailError, match="RFC 2047's encoded form"):
        parse_csv("email,name\nv@example.org,=?utf-8?q?Ana=0D=0ABcc=3A_spy=40evil=2Ecom?=\n", "list.csv")
    with pytest.raises(MailError, match="line break or control character"):
        recipient("Ana\u202e <a@example.org>")


def test_a_name_holding_another_address_is_refused_from_a_list_as_from_the_command_line():
    """A mailing trial (helper-175): a CSV name "Иван <ivan@evil.ru>" was written as one encoded word, in which
    a mail program that decodes a header before parsing it finds a second recipient, ivan@evil.ru; --to
    refused "Ana <a@x> <b@x>" but took the list's name column, and a quoted name on --to, as they were."""
    with pytest.raises(MailError) as caught:
        parse_csv("email,name\nana@example.org,Ana\nivan@example.ru,Иван <ivan@evil.ru>\n", "list.csv")
    assert str(caught.value) == (
        "list.csv:3: name 'Иван <ivan@evil.ru>' holds another <address>; a name is the person's name alone"
    )
    with pytest.raises(MailError, match=r"^list.csv:2: name 'Ivan ivan@evil.ru>' holds another <address>"):
        parse_csv("email,name\nivan@example.ru,Ivan ivan@evil.ru>\n", "list.csv")  # half-bracketed
    with pytest.raises(MailError, match=r"^--to .*: name 'Иван <ivan@evil.ru>' holds another <address>"):
        from_arguments(['"Иван <ivan@evil.ru>" <ivan@example.ru>'])
    # A name may still hold < and > or an address alone.
    assert [p.name for p in parse_csv("email,name\na@example.org,Ana <3\nb@example.org,b@example.org\n")] == [
        "Ana <3",
        "b@example.org",
    ]


def test_a_name_is_encoded_by_the_email_package_never_pasted_into_the_header():
    # unquoted < and > are a name's too, but for another <address> (a review: "Ana <3" was refused)
    names = ("Ana <3 <ana@example.org>", "Ana > Bob <ana@example.org>", "ana@example.org <ana@example.org>")
    assert [recipient(value).name for value in names] == ["Ana <3", "Ana > Bob", "ana@example.org"]
    person = recipient('"Ana <Boss>, Chief" <ana@example.org>')
    assert person.name == "Ana <Boss>, Chief"
    assert str(person.address()) == '"Ana <Boss>, Chief" <ana@example.org>'
