"""The `briefexport` command line (click). Errors are one line on stderr and exit status 2."""

from __future__ import annotations

import contextlib
import dataclasses
import errno
import functools
import json
import os
import shlex
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from . import interrupt
from ._version import __version__
from .build import (
    BuildStopped,
    Built,
    Edition,
    Failure,
    Workers,
    clashes,
    locate,
    plan,
    render_by_source,
    run,
    source_style_folders,
    stale,
    workers,
)
from .errors import BriefExportError, MailError, OutputError, RegistryError, RenderError
from .model import Bulletin
from .parallel import default_jobs
from .registry import registry
from .report import Reporter
from .styles import BUILT_IN, find_style, load_style, style_folders, style_names

if TYPE_CHECKING:
    from .mail.recipients import Recipient

EXIT_ERROR = 2
_UNWRITABLE = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO})  # a full or failing disk


def _unwritable_stdout(error: OSError) -> str:
    return f"cannot write to standard output: {error.strerror or error}"


class _Group(click.Group):
    """Turns every BriefExportError, and a command's usage error, into one line on stderr and exit status 2."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except click.exceptions.NoArgsIsHelpError:
            raise  # no command at all: the help, as click shows it
        except click.UsageError as exc:  # the command's own options (`briefexport --versoin`): one line too
            self._usage(ctx, exc, ctx.command_path)

    def invoke(self, ctx: click.Context) -> Any:
        named = [*ctx._protected_args, *ctx.args][:1]  # the command asked for, before click takes it off
        try:
            return super().invoke(ctx)
        except BriefExportError as exc:
            click.echo(f"briefexport: {exc}", err=True)
            ctx.exit(EXIT_ERROR)
        except click.UsageError as exc:  # a command's options: one line too, and where to read what is allowed
            where = exc.ctx.command_path if exc.ctx is not None else ctx.command_path
            if (exc.ctx is None or exc.ctx.command is self) and named and named[0] in self.commands:
                where = f"{ctx.command_path} {named[0]}"  # an option's missing value is told by the group
            self._usage(ctx, exc, where)
        except KeyboardInterrupt:
            self._interrupted(ctx)
        except Exception:
            if not interrupt.seen():
                raise
            self._interrupted(ctx)  # a library caught the KeyboardInterrupt and raised its own error

    @staticmethod
    def _usage(ctx: click.Context, error: click.UsageError, where: str) -> NoReturn:
        click.echo(f"briefexport: {error.format_message()} ('{where} --help' lists what is allowed)", err=True)
        ctx.exit(error.exit_code)

    @staticmethod
    def _interrupted(ctx: click.Context) -> None:
        click.echo(interrupt.message(), err=True)
        ctx.exit(interrupt.exit_status())


_source_arg = click.argument("sources", nargs=-1, required=True, type=click.Path(path_type=Path, dir_okay=False))
_style_opt = click.option(
    "-s",
    "--style",
    help="Style name (looked up in the style folder, then among the built-in styles) or a path to a .toml "
    "(default: the source's `style`). Another style than the source's own adds its name to the files' names "
    "(2024-02.plain.pdf), so that no build replaces another's editions.",
)
_style_dir_opt = click.option(
    "--style-dir",
    type=click.Path(path_type=Path, file_okay=False, exists=True),
    help="Folder of your own styles (default: styles/ beside the source's folder, or in it); "
    "the built-in styles (plain, aircenter) are always found after it.",
)
_formats_opt = click.option(
    "-f",
    "--format",
    "formats",
    multiple=True,
    metavar="FORMATS",
    help="Comma-separated formats (pdf, docx, epub, text, and any a plug-in adds: `briefexport formats`), "
    "or repeat the option (default: every registered format).",
)
_pad_opt = click.option(
    "--pad",
    type=click.IntRange(1, 64),
    default=None,
    metavar="N",
    help="With --print: blank pages up to a multiple of N (4 for saddle stitching; default: the style's print.pad).",
)


def _folder(ctx: click.Context, param: click.Parameter, value: str) -> Path:
    if not value:  # Path("") is the working folder: the editions went beside the source, unasked
        raise click.BadParameter("is empty; name a folder (. for the working folder)", ctx, param)
    return Path(value)


# -o for build, check and mail: one folder option, each command saying what goes there.
_out_dir_opt = functools.partial(
    click.option,
    "-o",
    "--out-dir",
    type=click.Path(file_okay=False),
    default="dist",
    show_default=True,
    callback=_folder,
)
_jobs_opt = click.option(
    "-j",
    "--jobs",
    type=click.IntRange(1, 64),
    default=None,
    help="Editions rendered at once, by worker processes (default: the number of cores; 1: no workers).",
)


def _format_names(values: tuple[str, ...], print_marks: bool = False, option: str = "-f") -> list[str] | None:
    """The names given to -f (comma-separated or repeated); None for every registered format. An -f that
    names none (`-f ""`), or --print with formats that hold no PDF, did nothing asked for: refused."""
    names = [name.strip() for value in values for name in value.split(",") if name.strip()]
    if values and not names:
        raise click.UsageError(
            f"{option} names no format; name one or more (briefexport formats lists them), or leave {option} out"
        )
    if print_marks and names and "pdf" not in names:
        raise click.UsageError(f"--print makes the print PDF: add pdf to {option}")
    return names or None


def _every_format(names: list[str] | None) -> list[str]:
    """The formats asked for; for every format (None), those that load, each broken plugin left out with a
    warning: one broken plugin stopped every build and check of the built-in formats."""
    if names is not None:
        return names
    usable, broken = registry.usable()
    for error in broken:
        _warn(f"{error}; left out ('briefexport formats' lists it)")
    return usable


def _warn(message: str) -> None:
    click.echo(f"briefexport: warning: {message}", err=True)


def _waiting(folder: Path) -> None:
    click.echo(f"briefexport: waiting for another build writing into {os.path.relpath(folder)} to finish", err=True)


@contextlib.contextmanager
def _refused_in_json(sources: tuple[Path, ...], as_json: bool, began: float) -> Iterator[None]:
    """A build refused before anything is built (a bad format, style or output name): with --json, each
    source listed as failed with the error, so that a script reading the JSON still gets it."""
    try:
        yield
    except BriefExportError as error:
        if as_json:
            failed = [Failure(source, error) for source in dict.fromkeys(sources)]  # each built nothing
            Reporter(0, as_json=True).finish(Built([], failed), time.perf_counter() - began)
        raise


def _workers(
    sources: tuple[Path, ...], names: list[str], jobs: int | None
) -> contextlib.AbstractContextManager[Workers | None]:
    """The build's worker processes, started before its sources are read (build.workers says why)."""
    pool = workers(names, len(sources) * len(names), jobs or default_jobs())
    return contextlib.nullcontext() if pool is None else pool


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="briefexport")
def main() -> None:
    """Turn a bulletin source (Markdown + YAML front matter) into branded editions.

    \b
    Examples:
      briefexport build source/2024-02.md              every format into dist/
      briefexport build source/*.md -f pdf,epub -o out
      briefexport check source/2024-02.md
    """


@main.command()
@_source_arg
@_formats_opt
@_style_opt
@_style_dir_opt
@_out_dir_opt(help="Folder for the editions.")
@click.option(
    "--print",
    "print_marks",
    is_flag=True,
    help="Print-shop PDF: PDF/X-4 in CMYK, crop marks and bleed, preflighted; written as NAME.print.pdf (the "
    "other formats keep their names).",
)
@_pad_opt
@_jobs_opt
@click.option("--force", is_flag=True, help="Rebuild even editions whose inputs have not changed.")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON summary on stdout (for scripts).")
def build(
    sources: tuple[Path, ...],
    formats: tuple[str, ...],
    style: str | None,
    style_dir: Path | None,
    out_dir: Path,
    print_marks: bool,
    pad: int | None,
    jobs: int | None,
    force: bool,
    quiet: bool,
    as_json: bool,
) -> None:
    """Render SOURCES into OUT_DIR, one file per format named after the source (2024-02.md -> 2024-02.pdf).

    Every source and style is checked before anything is written. A source's
    editions are replaced together once all of them rendered: if one fails, none
    of that source's files change (other sources still build, and the exit
    status is 2). An edition whose inputs have not changed since the last build
    is skipped.
    """
    began = time.perf_counter()
    interrupt.watch()
    _pad_needs_print(pad, print_marks)
    with _refused_in_json(sources, as_json, began):  # an unknown or broken format, before workers start
        names = _every_format(_format_names(formats, print_marks))
        pool_started = _workers(sources, names, jobs)
    with pool_started as pool:
        with _refused_in_json(sources, as_json, began):
            editions, unchecked = plan(sources, names, out_dir, style, style_dir, print_marks, pad)
        reporter = Reporter(len(editions), quiet=quiet, as_json=as_json)
        try:
            built = run(
                editions,
                jobs=jobs or default_jobs(),
                force=force,
                report=reporter,
                pool=pool,
                rendered=reporter.rendered,
                waiting=_waiting,
                warn=_warn,
            )
        except BuildStopped as error:  # the output folder stopped it (unwritable, full): nothing after
            reporter.abort()
            failed = [*unchecked, *error.failures]
            if as_json:  # on stderr, the one line a stopped build gives
                unbuilt = _stopped(_unfinished(editions, reporter, failed), editions, error)
                reporter.finish(Built(reporter.outcomes, [*failed, *unbuilt]), time.perf_counter() - began)
            else:  # the sources that failed are named too, before what stopped the build
                for failure in failed:
                    click.echo(f"briefexport: {failure.error}", err=True)
            raise
        except BaseException as error:
            reporter.abort()
            if as_json and (isinstance(error, KeyboardInterrupt) or interrupt.seen()):
                # What was written before the signal is on record (the next build skips it): say it, as a
                # stopped build does; a script read nothing at all on stdout (an archive's trial).
                why = f"not built: the build was {interrupt.how()}"
                unbuilt = [Failure(s, OutputError(why, s)) for s in _unfinished(editions, reporter, unchecked)]
                reporter.finish(Built(reporter.outcomes, [*unchecked, *unbuilt]), time.perf_counter() - began)
            raise
    # Sources that failed their checks built nothing; the others did: all are named, in the summary too.
    built = Built(built.outcomes, [*unchecked, *built.failures])
    reporter.finish(built, time.perf_counter() - began)
    for failure in built.failures:
        click.echo(f"briefexport: {failure.error}", err=True)
    if reporter.lost is not None:  # the editions are built; what the build said of them is not written
        click.echo(f"briefexport: {_unwritable_stdout(reporter.lost)} (the build itself went on to its end)", err=True)
    if built.failures or reporter.lost is not None:
        click.get_current_context().exit(EXIT_ERROR)


@main.command()
@click.argument("source", type=click.Path(path_type=Path, dir_okay=False))
def dump(source: Path) -> None:
    """Print SOURCE's model as JSON (schema_version, metadata, publisher, introduction, sections, footnotes)."""
    from .serialize import to_dict
    from .sources import load

    # Pictures and the logo relative to the source's folder: the JSON reads wherever that folder goes.
    _echo_json(to_dict(load(source), base_dir=source.parent))


def _echo_json(data: object) -> None:
    """`data` as JSON on stdout: as written where the output takes UTF-8; else escaped as JSON escapes it
    (the stream's own escapes gave "\U00020bb7", no JSON, for a character outside the BMP)."""
    utf8 = (getattr(sys.stdout, "encoding", "") or "").lower().replace("-", "") == "utf8"
    click.echo(json.dumps(data, ensure_ascii=not utf8, indent=2))


@main.command()
@_source_arg
@_formats_opt
@_style_opt
@_style_dir_opt
@click.option("--print", "print_marks", is_flag=True, help="Check the print-shop PDF (preflight included).")
@_pad_opt
@_jobs_opt
@_out_dir_opt(help="The folder build would write into: a file there that is another source's edition is an error.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON summary on stdout (for scripts).")
def check(
    sources: tuple[Path, ...],
    formats: tuple[str, ...],
    style: str | None,
    style_dir: Path | None,
    print_marks: bool,
    pad: int | None,
    jobs: int | None,
    out_dir: Path,
    as_json: bool,
) -> None:
    """Check SOURCES as `build` would, without writing anything: every edition is rendered in memory,
    so a character a format's fonts lack, say, is reported here with the same message and status as
    `build` gives (one line per failing source, exit status 2); so is an edition that would replace
    another source's file in OUT_DIR."""
    interrupt.watch()
    _pad_needs_print(pad, print_marks)
    try:  # an unknown or broken format or style, for every source: with --json, each source is told so
        names = _every_format(_format_names(formats, print_marks))
        with _workers(sources, names, jobs) as pool:
            editions, unchecked = plan(sources, names, out_dir, style, style_dir, print_marks, pad)
            refused: dict[Path, Any] = clashes(*stale(editions))  # as build finds them, before it renders
            wanted = [edition for edition in editions if edition.source not in refused]
            results: dict[Path, Any] = dict(render_by_source(wanted, jobs or default_jobs(), pool))
    except BriefExportError as error:
        if as_json:
            _echo_json(
                {"checked": [], "failed": [{"source": str(s), "error": str(error)} for s in dict.fromkeys(sources)]}
            )
        raise
    results |= refused | {failure.source: failure.error for failure in unchecked}
    checked: list[dict[str, Any]] = []
    failed: list[dict[str, str]] = []
    for source in dict.fromkeys(sources):  # in the order given
        result = results.get(source)
        if result is None:  # given twice (in two spellings): told once
            continue
        if isinstance(result, BriefExportError):
            click.echo(f"briefexport: {result}", err=True)
            failed.append({"source": str(source), "error": str(result)})
            continue
        bulletin, chosen = result[0][0].bulletin, result[0][0].style
        formats_rendered = [e.fmt for e, _ in result]
        holds = _holds(bulletin)
        counts = {f"{kind.replace(' ', '_')}s": n for kind, n in holds.items()}  # "pull_quotes": 5
        checked.append({"source": str(source), "style": chosen.name, "formats": formats_rendered, "holds": counts})
        if not as_json:
            said = ", ".join(
                f"{n} {kind}{'' if n == 1 else 's'}" for kind, n in holds.items() if n or kind == "section"
            )
            click.echo(f"{source}: ok — {said}; style {chosen.name}; renders as {', '.join(formats_rendered)}")
    if as_json:
        _echo_json({"checked": checked, "failed": failed})
    elif len(checked) + len(failed) > 1:  # a folder's worth: say how it went, as build's summary does
        click.echo(f"{len(checked) + len(failed)} sources checked: {len(checked)} ok, {len(failed)} failed")
    if failed:
        click.get_current_context().exit(EXIT_ERROR)


def _holds(bulletin: Bulletin) -> dict[str, int]:
    """What `check` says a bulletin holds, by kind ("section": 4, "pull quote": 1)."""
    counts = {
        "section": len(bulletin.sections),
        "quote": len(bulletin.quotes("block")),
        "pull quote": len(bulletin.quotes("pull")),
        "table": len(bulletin.tables()) + len(bulletin.plain_tables()),
        "picture": len(bulletin.figures()),
        "footnote": len(bulletin.footnotes),
    }
    return counts


def _pad_needs_print(pad: int | None, print_marks: bool) -> None:
    if pad is not None and not print_marks:
        raise click.UsageError("--pad pads the print edition: add --print")


@main.command()
@click.argument("pdf", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option("--json", "as_json", is_flag=True, help="Print the findings as JSON on stdout (for scripts).")
def preflight(pdf: Path, as_json: bool) -> None:
    """Check PDF for press: PDF/X identification and output intent, RGB anywhere, fonts not embedded,
    images under 300 ppi at their placed size, missing TrimBox or BleedBox, marks outside the bleed
    not in the registration colour, transparency where the PDF/X level forbids it, annotations that
    would print, ink over 330 %, JavaScript and actions, and a damaged file (repaired on reading, a
    value PDF does not allow, a resource used but not defined, an unreadable font program). One line
    per finding, with its page.

    Exit status 0 when the file is fit for press, 2 when it is not (or is no PDF).

    \b
    Example:
      briefexport build source/2024-02.md -f pdf --print --pad 4
      briefexport preflight dist/2024-02.print.pdf
    """
    from .preflight import PreflightError, lines
    from .preflight import preflight as check_file

    try:
        report = check_file(pdf)
    except PreflightError as exc:
        raise BriefExportError(str(exc), pdf) from None
    if as_json:
        _echo_json({"file": str(pdf), **report.as_dict()})
    else:
        for line in lines(report, str(pdf)):
            click.echo(line)
    if not report.fit:
        click.get_current_context().exit(EXIT_ERROR)


@main.command("formats")
def list_formats() -> None:
    """List the registered formats (entry-point group briefexport.renderers)."""
    rows: list[tuple[str, str, str]] = []
    for name in registry.names():
        try:
            cls = registry.get(name)
            rows.append((name, cls.suffix, cls.description))
        except RegistryError as exc:
            rows.append((name, "(broken)", str(exc)))
    # Columns as wide as their longest entry: a plugin's "markdown" or ".markdown" stood out of line.
    names = max((len(row[0]) for row in rows), default=0)
    suffixes = max((len(row[1]) for row in rows), default=0)
    for name, suffix, description in rows:
        click.echo(f"{name:<{names}} {suffix:<{suffixes}} {description}".rstrip())


@main.command("styles")
@click.argument("source", required=False, type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option(
    "--style-dir",
    type=click.Path(path_type=Path, file_okay=False, exists=True),
    help="A folder of your own styles to list before the built-in ones (default: styles/ beside SOURCE's "
    "folder and in it, as a build of SOURCE looks; without SOURCE, ./styles).",
)
@click.option(
    "--show",
    metavar="NAME",
    help="Print the style file NAME instead (the built-in `plain` sets, and explains, every key).",
)
def list_styles(source: Path | None, style_dir: Path | None, show: str | None) -> None:
    """List the styles a build of SOURCE can use (those of its style folders, then the built-in ones) and
    check each one; a broken one is reported, the others still listed. Without SOURCE: ./styles's."""
    # A build finds styles beside its source's folder and in it, not in the folder it runs in: listed from
    # ./styles alone, a style showed that a build of issues/2024/feb.md could not use (a new user's trial).
    if source is not None:
        folders = style_folders(source_style_folders(source, style_dir))  # --style-dir first, as build has it
    else:
        folders = style_folders(style_dir or (Path("styles") if Path("styles").is_dir() else None))
    if show is not None:
        click.echo(find_style(show, folders).read_text(encoding="utf-8"), nl=False)
        return
    broken = []
    for folder in folders:
        where = "built-in" if folder == BUILT_IN else str(folder)
        for name in style_names(folder):
            try:
                loaded = load_style(find_style(name, [folder]))
            except BriefExportError as problem:
                broken.append(problem)
                continue
            columns = f"{loaded.page.columns} column{'s' if loaded.page.columns > 1 else ''}"
            click.echo(f"{name:<12} {loaded.label} ({loaded.page.size}, {columns}) [{where}]")
    for each in broken:
        click.echo(f"briefexport: {each}", err=True)
    if broken:
        click.get_current_context().exit(EXIT_ERROR)


def _rate(context: click.Context, parameter: click.Parameter, rate: float | None) -> float | None:
    """--rate, checked as send() checks it, before anything starts (NaN passed a dry run)."""
    from .mail.smtp import rate_complaint

    if rate is not None and (complaint := rate_complaint(rate)):
        raise click.BadParameter(complaint)
    return rate


@main.command()
@click.argument("source", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--to",
    "to",
    multiple=True,
    metavar="ADDR",
    help="A recipient, ana@example.org or 'Ana <ana@example.org>'; repeat for more.",
)
@click.option(
    "--recipients",
    "recipients_file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="A CSV file (UTF-8) whose header row names `email` and, if wanted, `name` and `unsubscribe` (the "
    "recipient's own link): one row per recipient.",
)
@click.option("--from", "sender", metavar="ADDR", help="The sender (default: the publisher's name and email).")
@click.option("--reply-to", metavar="ADDR", help="Where replies go, if not to the sender.")
@click.option(
    "--attach", multiple=True, metavar="FORMATS", help="Comma-separated formats to attach, or repeat (default: docx)."
)
@click.option(
    "--subject",
    metavar="TEMPLATE",
    help="The subject, with {title} {subtitle} {issue} {date} {publisher} {short_name} "
    "(default: the style's mail.subject).",
)
@_style_opt
@_style_dir_opt
@_out_dir_opt(help="Folder of the issue's mail folder (dist/2024-02.mail: the .eml files, or the send log).")
@click.option(
    "--smtp", metavar="HOST[:PORT]", help="Send through this server (STARTTLS, port 587) instead of writing .eml files."
)
@click.option(
    "--ssl", "use_ssl", is_flag=True, help="TLS from the first byte instead of STARTTLS (port 465 always is)."
)
@click.option(
    "--cafile",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    help="PEM file of the CA that signed the server's certificate (a private CA).",
)
@click.option("--user", help="Log in as USER; the password is read from BRIEFEXPORT_SMTP_PASSWORD, else asked for.")
@click.option(
    "--rate",
    type=float,
    callback=_rate,
    metavar="N",
    help="At most N messages a minute (from 0.0005, one in 33 hours).",
)
@click.option(
    "--dry-run", is_flag=True, help="Check everything and say who would get the issue; send and write nothing."
)
@click.option("--resend", is_flag=True, help="Send to everyone again, whatever the send log says.")
def mail(
    source: Path,
    to: tuple[str, ...],
    recipients_file: Path | None,
    sender: str | None,
    reply_to: str | None,
    attach: tuple[str, ...],
    subject: str | None,
    style: str | None,
    style_dir: Path | None,
    out_dir: Path,
    smtp: str | None,
    use_ssl: bool,
    cafile: Path | None,
    user: str | None,
    rate: float | None,
    dry_run: bool,
    resend: bool,
) -> None:
    """Email SOURCE's issue, one message per recipient, with its Word edition (or --attach) attached.

    Without --smtp, each message is written as an .eml file into OUT_DIR/<source>.mail/ (with -s,
    OUT_DIR/<source>.<style>.mail/), which any mail client opens. With --smtp, the messages are sent
    and the folder keeps a send log: a rerun sends only to the recipients the server has not accepted
    yet. Every recipient, address and header is checked before anything is sent. Exit status 2 for
    bad input, 1 when someone was not reached.

    \b
    Examples:
      briefexport mail source/2024-02.md --recipients partners.csv
      briefexport mail source/2024-02.md --recipients partners.csv --smtp smtp.example.org --user news
    """
    from .build import choose_style, variant
    from .mail import outbox
    from .mail.compose import Composer
    from .mail.recipients import Recipient, from_arguments, from_option, read_csv
    from .mail.sendlog import LOG_NAME, SendLog, sending_alone
    from .mail.smtp import SendResult, SmtpServer, check_server, resent, retried, send
    from .report import bar
    from .sources import load

    interrupt.watch()  # SIGTERM and SIGHUP as Ctrl-C: no partial .eml left, one line, 128 + the signal
    if bool(to) == bool(recipients_file):
        raise MailError("name the recipients with --to ADDR (repeatable) or with --recipients FILE.csv, one of the two")
    if smtp is None and (use_ssl or cafile or user or rate or resend):
        raise MailError("--ssl, --cafile, --user, --rate and --resend are for sending: add --smtp HOST[:PORT]")
    people = read_csv(recipients_file) if recipients_file else from_arguments(to)
    server = SmtpServer.parse(smtp, ssl=use_ssl, user=user, cafile=str(cafile) if cafile else None) if smtp else None
    bulletin = load(source)
    if sender is None and not bulletin.publisher.email:
        raise MailError("the publisher file has no email to send from; pass --from ADDR", source)
    # Addresses given as options are read here, so that an error names the option (--from, --reply-to).
    from_address = from_option(sender, "--from") if sender else None
    reply_address = from_option(reply_to, "--reply-to") if reply_to else None
    try:
        composer = Composer(
            bulletin,
            sender=from_address or Recipient(bulletin.publisher.email or "", bulletin.publisher.name),
            attach=_format_names(attach, option="--attach") or ["docx"],
            style=choose_style(bulletin, source, style, style_dir),
            reply_to=reply_address,
            subject=subject,
        )
    except RenderError as error:  # an attachment that cannot be made: at its line, as build says it
        locate(error, source)
        raise
    folder = outbox.mail_folder(out_dir, source, variant(bulletin, source, style, style_dir))
    count = f"{len(people)} message{'s' if len(people) != 1 else ''}"
    if server is None:
        if dry_run:
            for person in people:
                composer.compose(person)  # made, so checked, as a real run would; then dropped
                click.echo(f"would write to {person.email}")
            click.echo(f"{folder}: would write {count}; nothing written")
            return
        outbox.write_eml((composer.compose(person) for person in people), folder)  # one at a time
        click.echo(f"{folder}: {count} written (.eml)")
        return
    if user:
        server = dataclasses.replace(server, password=_password(user, server.host))
    # Reached, trusted, logged in to, takes From: found before anything is written (a server that cannot
    # take the run leaves no folder behind).
    greeting = check_server(server, composer.sender.email, dry_run)
    if not dry_run:  # one sending run per issue: a second would send to everyone the first has not yet logged
        click.get_current_context().with_resource(sending_alone(folder))
    log = SendLog(folder / LOG_NAME, bulletin.metadata.uid)
    todo = outbox.pending(people, log, resend)
    uncertain = set() if resend else log.uncertain()
    unsure = [person for person in people if person.key in uncertain]
    done = len(people) - len(todo) - len(unsure)
    for person in unsure:
        click.echo(
            f"briefexport: not sent again: {person.email} may have it (an earlier run lost the connection or "
            f"stopped while the server took the message); if not, send with {_resend_options(person)}",
            err=True,
        )
    bare = sum(not (person.unsubscribe or bulletin.publisher.unsubscribe) for person in todo)
    if dry_run:
        for person in todo:
            composer.compose(person)
            click.echo(f"would send to {person.email}")
        click.echo(f"{len(todo)} to send, {done} already accepted (send log {log.path}); {greeting}; nothing sent")
        _no_unsubscribe(bare, len(todo))
        return
    # Each message is composed as its turn comes: a long list never holds every copy in memory.
    if resend:  # a copy again, on purpose: a client drops a message whose Message-ID it already has
        messages = (resent(composer.compose(person), log.copies(person.key), log.ident) for person in todo)
    else:  # a message the server put off goes again as the copy it was
        messages = (retried(composer.compose(person), log.deferred_copy(person.key)) for person in todo)
    progress = bar("sending", len(todo))

    results: list[SendResult] = []

    def answered(result: SendResult) -> None:
        results.append(result)
        log.record(result)
        if progress is not None:
            progress.advance(progress.task_ids[0])

    try:
        send(messages, server, rate=rate, on_result=answered, on_offer=log.offered, on_deferred=log.record)
    except KeyboardInterrupt:  # what was sent is in the log; say how far the run got before it stopped
        sent = sum(result.reached for result in results)
        stopped = f"{folder}: {sent} sent before the stop, {done} accepted before; a rerun sends to the rest"
        click.echo(stopped, err=True)
        raise
    finally:
        log.close()
        if progress is not None:
            progress.stop()
    sent = sum(result.reached for result in results)
    doubt = [result for result in results if result.status == "in doubt"]
    missed = [result for result in results if not result.reached and result.status != "in doubt"]
    click.echo(
        f"{folder}: {sent} sent, {done} accepted before, {len(doubt) + len(unsure)} in doubt, "
        f"{len(missed)} not reached (send log {LOG_NAME})"
    )
    _no_unsubscribe(bare, len(todo))
    by_address = {person.email: person for person in todo}
    for result in doubt:
        click.echo(
            f"briefexport: in doubt: {result.recipient}: {result.reply}; it may have arrived: if not, send with "
            f"{_resend_options(by_address[result.recipient])}",
            err=True,
        )
    for result in missed:
        click.echo(f"briefexport: not reached: {result.recipient}: {result.status}: {result.reply}", err=True)
    if missed or doubt or unsure:  # a reader in doubt is not known to have it until someone looks
        click.get_current_context().exit(1)


def _unfinished(editions: list[Edition], reporter: Reporter, failed: list[Failure]) -> list[Path]:
    """The sources a stopped build left with an edition neither written nor unchanged, but for those that
    `failed`: one whose text edition was unchanged and whose PDF was still to write is one of them (an
    archive's trial found it missing from --json's "failed")."""
    reported = Counter(outcome.source for outcome in reporter.outcomes)
    wanted = Counter(edition.source for edition in editions)
    named = {failure.source for failure in failed}
    return [source for source in wanted if reported[source] < wanted[source] and source not in named]


def _stopped(left: list[Path], editions: list[Edition], error: BriefExportError) -> list[Failure]:
    """The sources `left` by a build its output folder stopped: the one whose file could not be written,
    with the error; every other, not built (an archive's trial: each was given that file's error)."""
    stopped_at = next((e.source for e in editions if str(e.path) == str(error.file)), None)
    not_built = f"not built: the build stopped ({error})"
    return [Failure(source, error if source == stopped_at else OutputError(not_built, source)) for source in left]


def _resend_options(person: Recipient) -> str:
    """The options that send `person` a second copy made as the first was: --to with their name; or, where the
    list gave them an unsubscribe link of their own, which --to cannot, a list of their row alone."""
    if person.unsubscribe:
        return f"--recipients FILE --resend, FILE a copy of {person.file} with only its header and line {person.line}"
    return f"--to {shlex.quote(str(person.address()))} --resend"


def _no_unsubscribe(bare: int, total: int) -> None:
    """Say how many messages carry no unsubscribe link: a note, not a refusal (a few partners need none)."""
    if bare:
        click.echo(
            f"briefexport: note: {bare} of {total} messages carry no unsubscribe link, which Gmail and Yahoo ask "
            "of bulk senders: add unsubscribe: to the publisher file, or an unsubscribe column to the list",
            err=True,
        )


def _password(user: str, host: str) -> str:
    """The SMTP password: BRIEFEXPORT_SMTP_PASSWORD, else asked for on a terminal, else the first line of
    standard input (a pipe); none at all (cron, CI) is an error."""
    password = os.environ.get("BRIEFEXPORT_SMTP_PASSWORD")
    if not password and sys.stdin is not None and sys.stdin.isatty():
        password = click.prompt(f"Password for {user} at {host}", hide_input=True, err=True)
    elif not password and sys.stdin is not None:
        password = sys.stdin.readline().rstrip("\r\n")  # getpass would warn that it echoes
    if not password:
        raise MailError(f"--user {user} needs a password: set BRIEFEXPORT_SMTP_PASSWORD, or give it on standard input")
    return password


def script() -> NoReturn:
    """The `briefexport` command as a process: the command line, then an exit without interpreter teardown.

    Python's orderly exit frees every module and object one by one; measured on 2026-11-29 that was
    0.07 s of a 0.31 s one-format DOCX build (23 %), and nothing of it is needed once every edition is
    written and closed and stdout and stderr are flushed. Tests and embedding applications call `main`.
    """
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:  # started with it closed (`>&-`): the build goes on, saying nothing there
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115  # held to the exit
    try:
        main(prog_name="briefexport")
        code = 0
    except SystemExit as exit_:  # click's standalone mode always ends this way
        code = exit_.code if isinstance(exit_.code, int) else 0 if exit_.code is None else 1
        if not isinstance(exit_.code, int | None):
            print(exit_.code, file=sys.stderr)
    except OSError as exc:  # what a command prints, on a full disk (`> /dev/full`); output files are OutputErrors
        if exc.errno not in _UNWRITABLE:
            raise
        print(f"briefexport: {_unwritable_stdout(exc)}", file=sys.stderr)
        code = EXIT_ERROR
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe (`briefexport ... | head`): nothing left to say
            code = code or 1
    os._exit(code & 0xFF)
