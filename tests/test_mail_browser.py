"""The issue email's HTML in a real browser: headless Chromium lays it out at a phone's width (375 px)
and a mail pane's (600 px), and nothing may stick out sideways. The logo is not loaded (a cid:
picture, as in a client that blocks pictures), so this is also the images-blocked view.

Chromium's window is never narrower than 500 px, so the email is laid out in an iframe of the
width wanted, and a script of the test's page (the email holds none) measures it."""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

import briefexport

from .conftest import FLAGSHIP, require_tool

WIDTHS = (375, 600)


def harness(body: str, width: int) -> str:
    """A page that shows `body` in an iframe `width` px wide and puts the measures in its title."""
    measure = (
        "var d=document.getElementById('mail').contentDocument, e=d.documentElement;"
        "var widest=Math.max.apply(null, Array.prototype.map.call(d.querySelectorAll('*'),"
        " function(n){return n.getBoundingClientRect().right;}));"
        "document.title=JSON.stringify({scroll:e.scrollWidth, client:e.clientWidth, widest:widest});"
    )
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>-</title></head><body style="margin:0">'
        f'<iframe id="mail" style="width:{width}px;height:1600px;border:0;display:block" '
        f'srcdoc="{html.escape(body, quote=True)}"></iframe>'
        f"<script>window.onload=function(){{{measure}}};</script></body></html>"
    )


def chromium(page: Path, profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [
        require_tool("chromium"), "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
        "--no-first-run", f"--user-data-dir={profile}", "--virtual-time-budget=5000", *args, page.as_uri(),
    ]  # fmt: skip
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=True)


def measure(body: str, width: int, folder: Path) -> dict[str, float]:
    page = folder / f"mail-{width}.html"
    page.write_text(harness(body, width), encoding="utf-8")
    dom = chromium(page, folder / "profile", "--window-size=800,1600", "--dump-dom").stdout
    title = re.search(r"<title>(.*?)</title>", dom, re.S)
    assert title and title[1] != "-", dom[:500]
    return dict(json.loads(html.unescape(title[1])))


def screenshot(body: str, width: int, path: Path, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    page = folder / f"shot-{width}.html"
    page.write_text(harness(body, width), encoding="utf-8")
    chromium(page, folder / "profile", f"--window-size={width},1100", f"--screenshot={path}")
    return path


def email_html() -> str:
    bulletin = briefexport.load(FLAGSHIP)
    msg = briefexport.compose_email(bulletin, to="ana@example.org", sender="news@aircenter.az", attach=("docx",))
    body = msg.get_body(("html",))
    assert body is not None
    return str(body.get_content())


@pytest.fixture(scope="module")
def body() -> str:
    return email_html()


@pytest.mark.parametrize("width", WIDTHS)
def test_the_email_fits_the_width_with_nothing_sticking_out(body, width, tmp_path):
    found = measure(body, width, tmp_path)
    assert found["client"] == width
    assert found["scroll"] <= width, found
    assert found["widest"] <= width, found


def test_the_check_sees_a_layout_that_is_too_wide(tmp_path):
    wide = '<table width="900" style="width:900px"><tr><td>A table for a desktop pane only</td></tr></table>'
    found = measure(f"<!DOCTYPE html><html><body>{wide}</body></html>", 375, tmp_path)
    assert found["scroll"] > 375


def test_a_screenshot_is_as_wide_as_asked_and_shows_the_brand(body, tmp_path):
    shot = screenshot(body, 375, tmp_path / "mail-375.png", tmp_path / "work")
    with Image.open(shot) as image:
        assert image.format == "PNG" and image.size == (375, 1100)
        colours = {colour for _, colour in image.convert("RGB").getcolors(375 * 1100) or []}
    assert (0x14, 0x36, 0x5D) in colours  # the masthead, in the brand colour, with pictures blocked


if __name__ == "__main__":  # python -m tests.test_mail_browser docs/mail-375.png: the README's screenshot
    import tempfile

    with tempfile.TemporaryDirectory() as work:
        target = Path(sys.argv[1])
        screenshot(email_html(), 375, target.resolve(), Path(work))
        print(target)
