"""ReportLab's settings as ReportLab ships them, whatever ~/.reportlab_settings or RL_* variables say.

ReportLab reads a settings file in the home folder and RL_xxx environment variables when it is
imported: RL_hyphenationLang=de_DE hyphenated the colophon in German, RL_pdfComments=1 changed the
bytes. The editions must follow from their inputs alone, so the PDF renderer puts ReportLab's own
defaults back when it is loaded (for every ReportLab user in this process: its settings are
process-wide), and the paragraph style defaults that ReportLab took from them.
"""

from __future__ import annotations

from reportlab import rl_config, rl_settings
from reportlab.lib.styles import ParagraphStyle

# ParagraphStyle's defaults that ReportLab copied from its settings when reportlab.lib.styles was imported
_STYLE_DEFAULTS = ("hyphenationLang", "embeddedHyphenation", "uriWasteReduce")


def ship_defaults() -> None:
    """Put ReportLab's shipped settings back in place of the home folder's and the environment's; but
    the folders it searches for fonts by name, which ReportLab works out from its own templates when it
    starts and which the editions do not use (they name every font file)."""
    names = [name for name in rl_config._SAVED if not name.endswith("SearchPath")]  # type: ignore[attr-defined]
    rl_config.applySettings({name: getattr(rl_settings, name) for name in names if hasattr(rl_settings, name)})  # type: ignore[attr-defined]
    for name in _STYLE_DEFAULTS:
        ParagraphStyle.defaults[name] = getattr(rl_settings, name)
