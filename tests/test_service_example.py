"""examples/service: the ASGI app, driven through Starlette's TestClient and httpx's ASGI transport.

Every edition it serves must be the very bytes the library renders in-process
from the same source and publisher file read from disk.
"""

from __future__ import annotations

import asyncio
import importlib.util
import shutil
import sys
import threading
from collections.abc import AsyncIterator, Iterator
from types import ModuleType
from typing import Any

import pytest

pytest.importorskip("starlette")

import httpx2 as httpx
from starlette.testclient import TestClient

import briefexport

from .conftest import FIXTURES, ROOT

SERVICE = ROOT / "examples" / "service"
SOURCE = (FIXTURES / "minimal" / "bulletin.md").read_text(encoding="utf-8")
MARKDOWN = {"Content-Type": "text/markdown; charset=utf-8"}
FORMATS = ["pdf", "docx", "epub", "text"]


def _import_service() -> ModuleType:
    spec = importlib.util.spec_from_file_location("briefexport_service_example", SERVICE / "app.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


service = _import_service()


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(service.create_app()) as client:  # `with`: the lifespan runs, and closes the pool
        yield client


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """Each format's edition of SOURCE, as the library renders it from a file beside the service's publisher file."""
    folder = tmp_path_factory.mktemp("reference")
    shutil.copy(SERVICE / "publisher" / "publisher.yaml", folder / "publisher.yaml")
    (folder / "bulletin.md").write_text(SOURCE, encoding="utf-8")
    bulletin = briefexport.load(folder / "bulletin.md")
    return {fmt: briefexport.render(bulletin, fmt) for fmt in FORMATS}


def post(client: TestClient, body: str | bytes, fmt: str = "pdf", headers: dict[str, str] = MARKDOWN) -> httpx.Response:
    return client.post("/render", params={"format": fmt}, content=body, headers=headers)


def with_front_matter(old: str, new: str) -> str:
    assert old in SOURCE
    return SOURCE.replace(old, new, 1)


def test_formats(client: TestClient) -> None:
    response = client.get("/formats")
    assert response.status_code == 200
    listed = {entry["name"]: entry for entry in response.json()["formats"]}
    assert set(FORMATS) <= set(listed)
    assert listed["pdf"]["media_type"] == "application/pdf"
    assert listed["epub"]["suffix"] == ".epub"


@pytest.mark.parametrize("fmt", FORMATS)
def test_render_is_the_library_edition(client: TestClient, reference: dict[str, bytes], fmt: str) -> None:
    response = post(client, SOURCE, fmt)
    assert response.status_code == 200, response.text
    cls = briefexport.registry.registry.get(fmt)
    assert response.headers["content-type"].split(";")[0] == cls.media_type.split(";")[0]
    assert response.headers["content-disposition"] == f'attachment; filename="bulletin-2024-03-31{cls.suffix}"'
    assert response.content == reference[fmt]


def test_content_type_parameters_are_read_not_matched(client: TestClient, reference: dict[str, bytes]) -> None:
    response = post(client, SOURCE.encode(), headers={"Content-Type": 'Text/Markdown;charset="UTF-8"'})
    assert response.status_code == 200, response.text
    assert response.content == reference["pdf"]
    assert post(client, SOURCE, headers={"Content-Type": "text/markdown"}).status_code == 200  # UTF-8 by default


def test_bad_source_is_422_with_the_loaders_message(client: TestClient) -> None:
    response = post(client, with_front_matter("title:", "titel:"))
    assert response.status_code == 422
    assert response.json() == {"error": response.json()["error"]}  # nothing but the message
    message = response.json()["error"]
    assert message.startswith("request:2: unknown key 'titel'"), message
    assert "\n" not in message
    # The README's example answer is this one, word for word (it had fallen behind the front matter's keys).
    assert response.text in (SERVICE / "README.md").read_text(encoding="utf-8")


def test_invalid_utf8_is_422_with_its_line(client: TestClient) -> None:
    body = SOURCE.encode().replace(b"# First section", b"# First \xff section")
    response = post(client, body)
    assert response.status_code == 422
    assert response.json()["error"].startswith("request:12: invalid UTF-8 (byte 0xff)")


@pytest.mark.parametrize(
    ("publisher", "says"),
    [
        ("../../../tests/fixtures/minimal/publisher.yaml", "leads outside"),
        ("/etc/hostname", "is absolute"),
        ("missing.yaml", "publisher file not found"),
    ],
)
def test_only_the_services_publisher_file(client: TestClient, publisher: str, says: str) -> None:
    response = post(client, with_front_matter("publisher: publisher.yaml", f"publisher: {publisher}"))
    assert response.status_code == 422
    message = response.json()["error"]
    assert message.startswith("request:9: ") and says in message, message
    assert str(SERVICE) not in message  # the server's folders are its own business


@pytest.mark.parametrize("style", ["/etc/some.toml", "../styles/plain.toml", "nosuchstyle"])
def test_a_source_names_styles_not_files(client: TestClient, style: str) -> None:
    response = post(client, with_front_matter("style: plain", f"style: {style}"))
    assert response.status_code == 422
    assert style in response.json()["error"]


def test_a_style_folder_reached_through_a_link_is_never_named(tmp_path) -> None:
    """A deploy's style_dir=<site>/current/styles, current -> releases/42: an unknown style's message named the
    folder as given, which the service took out only resolved (a CMS integrator's trial)."""
    release = tmp_path / "releases" / "42" / "styles"
    release.mkdir(parents=True)
    (tmp_path / "current").symlink_to(tmp_path / "releases" / "42")
    with TestClient(service.create_app(style_dir=tmp_path / "current" / "styles")) as linked:
        response = post(linked, with_front_matter("style: plain", "style: nosuchstyle"))
    message = response.json()["error"]
    assert response.status_code == 422 and "the service's style folder" in message, message
    assert str(tmp_path) not in message


def test_unknown_format_is_422(client: TestClient) -> None:
    response = post(client, SOURCE, "pfd")
    assert response.status_code == 422
    message = response.json()["error"]
    assert "unknown format 'pfd'" in message and "pdf" in message
    missing = client.post("/render", content=SOURCE, headers=MARKDOWN)
    assert missing.status_code == 422 and "format=" in missing.json()["error"]


@pytest.mark.parametrize(
    "content_type",
    [None, "text/plain", "application/json", "application/x-www-form-urlencoded", "text/markdown; charset=latin-1"],
)
def test_other_content_types_are_415(client: TestClient, content_type: str | None) -> None:
    headers = {"Content-Type": content_type} if content_type else {}
    response = post(client, SOURCE.encode(), headers=headers)
    assert response.status_code == 415
    assert "error" in response.json()


def test_a_body_over_the_default_limit_is_413(client: TestClient) -> None:
    body = SOURCE + "\nA paragraph.\n" * (service.MAX_BODY_BYTES // 10)
    assert len(body.encode()) > service.MAX_BODY_BYTES == 2 * 1024 * 1024
    response = post(client, body)
    assert response.status_code == 413
    assert "2,097,152 bytes" in response.json()["error"]


def test_the_limit_counts_what_arrives_not_what_content_length_says() -> None:
    app = service.create_app(max_body=len(SOURCE.encode()) + 10)
    with TestClient(app) as small:
        assert post(small, SOURCE).status_code == 200
        big = (SOURCE + "\nA paragraph.\n" * 10).encode()

        def chunks() -> Iterator[bytes]:  # no Content-Length at all: chunked
            for start in range(0, len(big), 100):
                yield big[start : start + 100]

        assert post(small, chunks()).status_code == 413  # type: ignore[arg-type]
        lying = {**MARKDOWN, "Content-Length": "10"}
        assert small.post("/render?format=pdf", content=chunks(), headers=lying).status_code == 413
        declared = {**MARKDOWN, "Content-Length": str(len(big))}  # refused before a byte is read
        assert small.post("/render?format=pdf", content=big, headers=declared).status_code == 413


def test_a_slow_render_is_504() -> None:
    with TestClient(service.create_app(timeout=0.001)) as hurried:
        response = post(hurried, SOURCE)
    assert response.status_code == 504
    assert "took longer than 0.001 s" in response.json()["error"]


def test_a_slow_upload_is_408() -> None:
    async def trickle() -> AsyncIterator[bytes]:
        yield SOURCE.encode()[:100]
        await asyncio.sleep(1)
        yield SOURCE.encode()[100:]

    async def main() -> httpx.Response:
        transport = httpx.ASGITransport(app=service.create_app(receive_timeout=0.2))
        async with httpx.AsyncClient(transport=transport, base_url="http://service") as client:
            return await client.post("/render?format=text", content=trickle(), headers=MARKDOWN)

    response = asyncio.run(main())
    assert response.status_code == 408


def test_other_paths_and_methods_answer_json(client: TestClient) -> None:
    assert client.get("/nowhere").status_code == 404
    response = client.get("/render?format=pdf")
    assert response.status_code == 405
    assert "error" in response.json()


def test_twenty_concurrent_renders_are_each_the_library_edition(reference: dict[str, bytes]) -> None:
    async def main() -> list[httpx.Response]:
        transport = httpx.ASGITransport(app=service.create_app())
        async with httpx.AsyncClient(transport=transport, base_url="http://service", timeout=120) as client:
            return await asyncio.gather(
                *(client.post(f"/render?format={FORMATS[i % 4]}", content=SOURCE, headers=MARKDOWN) for i in range(20))
            )

    responses = asyncio.run(main())
    for i, response in enumerate(responses):
        assert response.status_code == 200, response.text
        assert response.content == reference[FORMATS[i % 4]], f"request {i} ({FORMATS[i % 4]})"


def test_the_event_loop_answers_while_renders_run(monkeypatch: pytest.MonkeyPatch) -> None:
    """Two renders are held in their threads until /formats has been answered: were they on the
    event loop, it could not answer, and they would give up waiting."""
    started: list[str] = []
    released = threading.Event()
    waited: list[bool] = []
    render = briefexport.render

    def held(*args: Any, **kwargs: Any) -> bytes:
        started.append(threading.current_thread().name)
        waited.append(released.wait(10))
        return render(*args, **kwargs)

    monkeypatch.setattr(briefexport, "render", held)

    async def main() -> int:
        transport = httpx.ASGITransport(app=service.create_app(workers=2))
        async with httpx.AsyncClient(transport=transport, base_url="http://service", timeout=60) as client:
            renders = [
                asyncio.ensure_future(client.post("/render?format=text", content=SOURCE, headers=MARKDOWN))
                for _ in range(2)
            ]
            for _ in range(500):  # both renders under way, each in a thread of its own
                if len(started) == 2:
                    break
                await asyncio.sleep(0.01)
            formats = await client.get("/formats")
            released.set()
            for response in await asyncio.gather(*renders):
                assert response.status_code == 200, response.text
            return formats.status_code

    assert asyncio.run(main()) == 200
    assert waited == [True, True]
    assert len(set(started)) == 2 and threading.current_thread().name not in started
