"""The print shop's edition: a style made into it (--print, or print_edition=True in the library), and the
preflight that a print edition passes before it is written or returned."""

from __future__ import annotations

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


def press_check(data: bytes, name: str) -> tuple[str, ...]:
    """Preflight a print edition (`name`: its file's, or what the error calls it) before it is written or
    returned: a file unfit for press is a RenderError. Its warnings are returned, for the build to show
    (small type in rich black, thin lines, a page count a saddle stitcher cannot take)."""
    from .preflight import preflight  # pikepdf: loaded only where print editions are made

    report = preflight(data)
    if not report.fit:
        errors = report.errors()
        raise RenderError(
            f"{name} would not be fit for press ({len(errors)} preflight error(s)); "
            f"the first: {errors[0].line('').lstrip(': ')}"
        )
    return tuple(report.warnings_gathered())
