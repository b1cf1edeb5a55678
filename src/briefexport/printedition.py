"""The print shop's edition: a style made into it (--print, or print_edition=True in the library), and the
preflight that a print edition passes before it is written or returned."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from .errors import RenderError

if TYPE_CHECKING:
    from .renderers.base import Renderer
    from .styles import Style


def has_print_edition(renderer: type[Renderer]) -> bool:
    """Whether a format makes a print edition that preflight checks: a PDF renderer that says it has one."""
    return renderer.print_edition and renderer.media_type == "application/pdf"


def for_print(style: Style, print_marks: bool, pad: int | None) -> Style:
    """`style` as --print (crop marks, the print edition) and --pad (its print.pad) change it."""
    if print_marks:
        style = style.replace(page=replace(style.page, crop_marks=True))
    if pad is not None:
        style = style.replace(print=replace(style.print, pad=pad))
    return style


# The inks a preflight warning of small type in several inks names: "(C71 M2 Y11 K65)"
_INKS = re.compile(r"\(C(\d+) M(\d+) Y(\d+) K(\d+)\)")


def press_check(data: bytes, name: str, style: Style) -> tuple[str, ...]:
    """Preflight a print edition (`name`: its file's, or what the error calls it) before it is written or
    returned: a file unfit for press is a RenderError. Its warnings are returned, for the build to show
    (small type in rich black, thin lines, a page count a saddle stitcher cannot take); one that names inks
    says which of `style`'s colours prints so, and what to give it (an editor's brand colour was not named)."""
    from .preflight import preflight  # pikepdf: loaded only where print editions are made
    from .renderers.pdf.inks import printed_as

    report = preflight(data)
    if not report.fit:
        errors = report.errors()
        raise RenderError(
            f"{name} would not be fit for press ({len(errors)} preflight error(s)); "
            f"the first: {errors[0].line('').lstrip(': ')}"
        )
    warnings = []
    for warning in report.warnings_gathered():
        inks = _INKS.search(warning)
        named = printed_as(style, tuple(int(ink) for ink in inks.groups())) if inks else None
        warnings.append(f"{warning}; {named}" if named else warning)
    return tuple(warnings)
