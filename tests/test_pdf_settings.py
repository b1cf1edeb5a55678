"""The PDF follows from its inputs alone: ReportLab's settings file and RL_ variables change nothing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from .conftest import FLAGSHIP

RENDER = "import sys, briefexport\nsys.stdout.buffer.write(briefexport.render(briefexport.load(sys.argv[1]), 'pdf'))\n"


def _pdf(env: dict[str, str]) -> bytes:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("RL_")}
    done = subprocess.run(
        [sys.executable, "-c", RENDER, str(FLAGSHIP)], env=clean | env, capture_output=True, timeout=300, check=True
    )
    return done.stdout


def test_a_reportlab_settings_file_and_rl_variables_do_not_change_the_pdf(tmp_path: Path):
    """~/.reportlab_settings asking for German hyphenation hyphenated the colophon ("re- / served"), and
    RL_pdfComments=1 changed the bytes; the cache still called the edition unchanged."""
    home = tmp_path / "home"
    home.mkdir()
    (home / ".reportlab_settings").write_text("hyphenationLang = 'de_DE'\nuriWasteReduce = 0.3\n")
    plain = _pdf({"HOME": str(tmp_path), "SOURCE_DATE_EPOCH": "1700000000"})
    assert _pdf({"HOME": str(home), "SOURCE_DATE_EPOCH": "1700000000"}) == plain
    changed = {"RL_pdfComments": "1", "RL_useA85": "1", "RL_invariant": "0", "RL_hyphenationLang": "de_DE"}
    assert _pdf({"HOME": str(tmp_path), "SOURCE_DATE_EPOCH": "1700000000", **changed}) == plain


def test_reportlabs_mods_file_in_the_home_folder_is_not_run(tmp_path: Path):
    """An archivist's trial: a CI runner's ~/.reportlab_mods, Python that ReportLab runs when imported,
    turned page compression off (78,108 bytes for 75,348), and the build ran code from the home folder."""
    home = tmp_path / "home"
    home.mkdir()
    ran = tmp_path / "ran"
    (home / ".reportlab_mods").write_text(
        f"open({str(ran)!r}, 'w').close()\nfrom reportlab import rl_config\nrl_config.pageCompression = 0\n"
    )
    plain = _pdf({"HOME": str(tmp_path), "SOURCE_DATE_EPOCH": "1700000000"})
    assert _pdf({"HOME": str(home), "SOURCE_DATE_EPOCH": "1700000000"}) == plain
    assert not ran.exists()


def test_a_settings_file_is_not_run_and_settings_reportlab_refuses_do_not_stop_the_pdf(tmp_path: Path):
    """A service developer's trial: ReportLab executes ~/.reportlab_settings, Python from the home folder,
    when it is imported; a value it refused there (defaultPageSize=(200, 200)), or in an RL_ variable
    (RL_uriWasteReduce=0.3), failed its import and every PDF with it."""
    home = tmp_path / "home"
    home.mkdir()
    ran = tmp_path / "ran"
    (home / ".reportlab_settings").write_text(f"open({str(ran)!r}, 'w').close()\ndefaultPageSize = (200, 200)\n")
    plain = _pdf({"HOME": str(tmp_path), "SOURCE_DATE_EPOCH": "1700000000"})
    assert _pdf({"HOME": str(home), "SOURCE_DATE_EPOCH": "1700000000"}) == plain
    assert not ran.exists()
    assert _pdf({"HOME": str(tmp_path), "SOURCE_DATE_EPOCH": "1700000000", "RL_uriWasteReduce": "0.3"}) == plain


def test_reportlabs_font_search_paths_are_left_as_reportlab_worked_them_out():
    """Another ReportLab user in the process still finds ReportLab's own fonts by name (its search paths,
    templates in rl_settings, are expanded when it starts: putting the templates back broke them)."""
    from reportlab import rl_config
    from reportlab.pdfbase.ttfonts import TTFont

    import briefexport.renderers.pdf  # noqa: F401  # loading the renderer resets ReportLab's settings

    assert any(path.endswith("reportlab/fonts") for path in rl_config.TTFSearchPath)
    TTFont("VeraForTest", "Vera.ttf")  # found by name in ReportLab's own folder


HOST = """
import io, sys
from reportlab import rl_config
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen.canvas import Canvas
rl_config.defaultPageSize, rl_config.canvas_basefontname = letter, "Courier"  # the host's own choices
import briefexport
briefexport.render(briefexport.load(sys.argv[1]), "pdf")
out = io.BytesIO()
canvas = Canvas(out)
canvas.showPage()
canvas.save()
print(rl_config.defaultPageSize, rl_config.canvas_basefontname, b"/MediaBox [ 0 0 612 792 ]" in out.getvalue())
"""


def test_a_program_that_renders_keeps_its_own_reportlab_settings(tmp_path: Path):
    """Loading the PDF renderer put every ReportLab setting back: a service's Letter page size and base
    font for its own invoices were reset, and the page size left as the name 'A4', so that its next
    Canvas wrote /MediaBox [ 0 0 A 4 ] (a service developer's trial). Only what ~/.reportlab_settings
    and RL_ variables changed is put back; an RL_defaultPageSize is put back as a size."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("RL_")} | {"HOME": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", HOST, str(FLAGSHIP)], env=clean, capture_output=True, text=True)
    assert done.stdout.split() == ["(612.0,", "792.0)", "Courier", "True"], done.stderr
    check = "import briefexport.renderers.pdf\nfrom reportlab import rl_config\nprint(rl_config.defaultPageSize)"
    env = clean | {"RL_defaultPageSize": "letter"}
    done = subprocess.run([sys.executable, "-c", check], env=env, capture_output=True, text=True)
    assert done.stdout.strip() == "(595.2755905511812, 841.8897637795277)", done.stderr  # A4, shipped, a size
