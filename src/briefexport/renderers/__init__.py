"""Renderers turn (Bulletin, Style) into the bytes of one file format."""

import sys
import types

# ReportLab runs ~/.reportlab_mods, Python code from the home folder, when it is first imported, unless a
# module of that name is importable: a CI runner's file turned page compression off and changed the PDF's
# bytes, and the build ran code from outside the source and style folders. An empty module stands in for it
# (renderers.pdf imports ReportLab after this package; a program that imported ReportLab before keeps what
# its file did).
sys.modules.setdefault("reportlab_mods", types.ModuleType("reportlab_mods"))
