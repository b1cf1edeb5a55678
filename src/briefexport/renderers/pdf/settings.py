"""ReportLab's settings as ReportLab ships them, whatever ~/.reportlab_settings or RL_* variables say.

ReportLab reads a settings file in the home folder and RL_xxx environment variables when it is
imported: RL_hyphenationLang=de_DE hyphenated the colophon in German, RL_pdfComments=1 changed the
bytes. The editions must follow from their inputs alone, so the PDF renderer puts back ReportLab's own
default for each setting that file or those variables changed, when it is loaded (for every ReportLab
user in this process: its settings are process-wide), and the paragraph style defaults that ReportLab
took from them. A setting the program itself made (a service's page size or base font for its own
ReportLab documents) is its own, and left as it is: putting every setting back had reset those, and
left the default page size as the name 'A4', which ReportLab turns into a size only when it starts.
"""

from __future__ import annotations

import os

from reportlab import rl_config, rl_settings
from reportlab.lib import pagesizes
from reportlab.lib.styles import ParagraphStyle

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
