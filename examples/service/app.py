"""briefexport as a web service: POST a bulletin source, get an edition back.

    uvicorn app:app --app-dir examples/service          # see README.md beside this file

    POST /render?format=pdf   body: the source (Content-Type: text/markdown; UTF-8)
                              -> 200 the edition, with its media type and a file name
    GET  /formats             -> the formats this server renders

Every failure is JSON, {"error": "one line"}: 413 for a body over the size
limit (counted as it arrives, whatever Content-Length says), 415 for another
content type, 422 for a source, style or format briefexport refuses (its own
`file:line: message`), 504 for a render past the time limit.

A request carries only the source, so the files a source names (`publisher:
publisher.yaml`) are looked up in a folder this service holds, never on the
caller's say: any other path is refused by the loader's own rules.

Parsing and rendering are CPU work: they run on a thread pool of the app's
own, so the event loop keeps answering. A Python thread cannot be stopped, so
a render past the time limit runs to its end in the background; the pool's
size caps how many can, and a request still queued when its time is up is
dropped before it starts.
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
from collections.abc import AsyncIterator, Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TypeVar

import anyio
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

import briefexport
from briefexport.registry import registry

PUBLISHER_DIR = Path(__file__).resolve().parent / "publisher"
MAX_BODY_BYTES = 2 * 1024 * 1024  # a bulletin is a few hundred KB; the library's own limit is 16 MiB
TIMEOUT_SECONDS = 30.0
RECEIVE_TIMEOUT_SECONDS = 60.0  # a slow upload must not hold a connection open for ever
WORKERS = min(4, os.cpu_count() or 1)
SOURCE_NAME = "request"  # what error messages call the posted source: "request:3: ..."
MEDIA_TYPE = "text/markdown"  # RFC 7763

_STYLE_NAME = re.compile(r"[A-Za-z0-9_-]+")
_T = TypeVar("_T")
log = logging.getLogger("briefexport.service")


def error(status: int, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status, headers=headers)


class _Pool:
    """A thread pool made on first use and closed with the app (the lifespan), then made anew if needed."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self._executor: ThreadPoolExecutor | None = None

    async def run(self, call: Callable[[], _T]) -> _T:
        if self._executor is None:
            self._executor = ThreadPoolExecutor(self.workers, thread_name_prefix="briefexport-render")
        # Cancelling the wait (the time limit) cancels the job too when it has not started yet.
        return await asyncio.wrap_future(self._executor.submit(call))

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None


def create_app(
    publisher_dir: str | Path = PUBLISHER_DIR,
    *,
    style_dir: str | Path | None = None,
    max_body: int = MAX_BODY_BYTES,
    timeout: float = TIMEOUT_SECONDS,
    receive_timeout: float = RECEIVE_TIMEOUT_SECONDS,
    workers: int = WORKERS,
) -> Starlette:
    """The service. `publisher_dir` holds the files sources may name; `style_dir`, styles beside the
    built-in ones; `max_body` is in bytes; `timeout` is the seconds a render may take (queueing
    included), `receive_timeout` those the body may take to arrive; `workers` renders run at once."""
    # Resolved, and given to the library so: its messages then name each folder one way (a link such as
    # current -> releases/42 was named as given in one message and resolved in another, which leaked).
    base_dir = Path(publisher_dir).resolve()
    private = {str(base_dir): "the service's publisher folder"}
    if style_dir is not None:
        style_dir = Path(style_dir).resolve()
        private[str(style_dir)] = "the service's style folder"
    pool = _Pool(workers)

    def public(message: str) -> str:
        """An error message without this server's folders in it."""
        for folder, label in private.items():
            message = message.replace(folder + os.sep, "").replace(folder, label)
        return message

    def render(fmt: str, text: str) -> tuple[bytes, str]:
        """The edition and its file name's stem (from the issue's date: ASCII, nothing of the caller's)."""
        bulletin = briefexport.loads(text, base_dir=base_dir, name=SOURCE_NAME)
        style = bulletin.metadata.style
        if not _STYLE_NAME.fullmatch(style):  # a source names a style; only the caller's code gives paths
            raise briefexport.StyleError(f"style {style!r} must be a name (letters, digits, - and _)", SOURCE_NAME)
        data = briefexport.render(bulletin, fmt, style=style, style_dir=style_dir)
        return data, f"bulletin-{bulletin.metadata.date.isoformat()}"

    async def formats(request: Request) -> Response:
        listed: list[dict[str, str]] = []
        for name in registry.names():
            try:
                cls = registry.get(name)
            except briefexport.BriefExportError as exc:  # a broken plugin: the others still work
                log.warning("format %s left out: %s", name, exc)
                continue
            listed.append(
                {"name": name, "media_type": cls.media_type, "suffix": cls.suffix, "description": cls.description}
            )
        return JSONResponse({"formats": listed})

    async def render_endpoint(request: Request) -> Response:
        problem = _content_type_problem(request.headers.get("content-type"))
        if problem:
            return error(415, problem)
        fmt = request.query_params.get("format")
        if not fmt:
            return error(422, f"give the edition's format: /render?format=NAME; formats: {', '.join(registry.names())}")
        try:
            renderer = registry.get(fmt)
        except briefexport.BriefExportError as exc:
            return error(422, str(exc))

        declared = request.headers.get("content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > max_body):
            return _too_large(max_body) if declared.isdigit() else error(400, "Content-Length is not a number")
        body = bytearray()
        try:
            with anyio.fail_after(receive_timeout):
                async for chunk in request.stream():  # counted as it arrives: Content-Length may lie or be absent
                    body += chunk
                    if len(body) > max_body:
                        return _too_large(max_body)
        except TimeoutError:
            return error(408, f"the request body did not arrive within {receive_timeout:g} s")
        except ClientDisconnect:
            return Response(status_code=400)  # nobody is left to read it
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = body.count(b"\n", 0, exc.start) + 1
            return error(422, f"{SOURCE_NAME}:{line}: invalid UTF-8 (byte 0x{body[exc.start]:02x}); send UTF-8")

        try:
            with anyio.fail_after(timeout):
                data, stem = await pool.run(lambda: render(fmt, text))
        except TimeoutError:
            return error(504, f"the {renderer.name} edition took longer than {timeout:g} s")
        except briefexport.BriefExportError as exc:
            return error(422, public(str(exc)))
        except Exception:
            log.exception("render failed")
            return error(500, "internal error: the edition could not be made")
        filename = stem + renderer.suffix
        return Response(
            data,
            media_type=renderer.media_type,
            headers={
                "Content-Disposition": f'attachment; filename="{filename}"',
                "X-Content-Type-Options": "nosniff",
            },
        )

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        return error(exc.status_code, exc.detail, dict(exc.headers or {}))

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        pool.close()

    return Starlette(
        routes=[
            Route("/render", render_endpoint, methods=["POST"]),
            Route("/formats", formats, methods=["GET"]),
        ],
        exception_handlers={HTTPException: http_error},
        lifespan=lifespan,
    )


def _content_type_problem(header: str | None) -> str | None:
    """Why a Content-Type is refused, or None for text/markdown in UTF-8 (the default charset)."""
    media, *params = (header or "").split(";")
    charset = "utf-8"
    for param in params:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            charset = value.strip().strip('"').lower()
    if media.strip().lower() != MEDIA_TYPE:
        return f"send the source as {MEDIA_TYPE}; charset=utf-8, not {header or 'no Content-Type'}"
    if charset not in ("utf-8", "utf8"):
        return f"send the source in UTF-8, not {charset}"
    return None


def _too_large(limit: int) -> JSONResponse:
    return error(413, f"the source is over {limit:,} bytes", {"Connection": "close"})


def _env(name: str, default: _T, kind: Callable[[str], _T]) -> _T:
    value = os.environ.get(name)
    return default if value is None else kind(value)


app = create_app(
    os.environ.get("BRIEFEXPORT_PUBLISHER_DIR", PUBLISHER_DIR),
    style_dir=os.environ.get("BRIEFEXPORT_STYLE_DIR"),
    max_body=_env("BRIEFEXPORT_MAX_BODY", MAX_BODY_BYTES, int),
    timeout=_env("BRIEFEXPORT_TIMEOUT", TIMEOUT_SECONDS, float),
    workers=_env("BRIEFEXPORT_WORKERS", WORKERS, int),
)
