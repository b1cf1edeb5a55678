"""ReportLab's settings as ReportLab ships them, whatever ~/.reportlab_settings or RL_* variables say.

ReportLab runs Python from the home folder when it is first imported: ~/.reportlab_mods, and
~/.reportlab_settings (a module of settings, executed), unless modules of those names are importable;
and it reads RL_xxx environment variables then: RL_hyphenationLang=de_DE hyphenated the colophon in
German, RL_pdfComments=1 changed the bytes, RL_uriWasteReduce=0.3 failed its import and with it every
PDF ("failed to load: ValueError"), a settings file's defaultPageSize=(200, 200) too. This module is the
first of the PDF renderer's to import ReportLab, and does so with empty modules standing in for those
files and the RL_ variables out of sight. A program that imported ReportLab before keeps what they did,
but the renderer puts back ReportLab's own default for each setting they changed, when it is loaded (for
every ReportLab user in this process: its settings are process-wide), and the paragraph style defaults
that ReportLab took from them. A setting the program itself made (a service's page size or base font for
its own ReportLab documents) is its own, and left as it is: putting every setting back had reset those,
and left the default page size as the name 'A4', which ReportLab turns into a size only when it starts.
"""

from __future__ import annotations

import os
import sys
import types

for _name in ("reportlab_mods", "reportlab_settings"):
    sys.modules.setdefault(_name, types.ModuleType(_name))
_hidden = {name: os.environ.pop(name) for name in [name for name in os.environ if name.startswith("RL_")]}
try:
    from reportlab import rl_config, rl_settings
    from reportlab.lib import pagesizes
    from reportlab.lib.styles import ParagraphStyle
finally:
    os.environ.update(_hidden)

# ParagraphStyle's defaults that ReportLab copied from its settings when reportlab.lib.styles was imported
_STYLE_DEFAULTS = ("hyphenationLang", "embeddedHyphenation", "uriWasteReduce")


def ship_defaults() -> None:
    """Put ReportLab's shipped value back for each setting ~/.reportlab_settings or an RL_ variable made;
    but the folders it searches for fonts by name, which ReportLab works out from its own templates when
    it starts and which the editions do not use (they name every font file)."""
    started = rl_config._SAVED  # type: ignore[attr-defined]  # each setting as the settings file left it
    shipped = {}
    for name, value in started.items():
        if name.endswith(("SearchPath", "Glob")) or not hasattr(rl_settings, name):
            continue
        default = getattr(rl_settings, name)
        if f"RL_{name}" in os.environ or value != default:
            shipped[name] = getattr(pagesizes, default) if name == "defaultPageSize" else default
    rl_config.applySettings(shipped)  # type: ignore[attr-defined]
    for name in _STYLE_DEFAULTS:
        if name in shipped:
            ParagraphStyle.defaults[name] = shipped[name]
