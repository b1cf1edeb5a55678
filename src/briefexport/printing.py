"""A style's [print] table: how the print edition (--print) inks the brand, and how many pages it rounds to.

    [print]
    pad = 4                                    # blank pages up to a multiple of 4 (1: none)

    [print.colors]                             # CMYK in percent, for colours named in [colors]
    brand = [100, 72, 10, 50]
    accent = { cmyk = [0, 30, 80, 30], spot = "PANTONE 7563 C" }

A colour left out is converted from its RGB through the output profile, a
neutral grey onto the black plate alone (renderers/pdf/inks.py). Colours of
the same RGB must print alike: the PDF canvas sees a colour, not its name.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from .errors import StyleError, allowed_list, suggest
from .fields import Field, check_fields

if TYPE_CHECKING:
    from PIL.Image import Image

MAX_PAD = 64  # a signature of 64 pages is already more than any saddle stitcher folds
# The most ink a colour may lay down, in percent of one plate: FOGRA39's limit (its profile is made with
# -l330); more smears and sets off on coated paper.
MAX_INK = 330
# The colours of small type, which must print on one plate when dark (K of DARK or more): four inks
# never register exactly, and a 7 pt running head in 330 % black shows coloured fringes.
SMALL_TYPE = {"ink": "body text", "muted": "small type (captions, sources, running heads)"}
DARK = 0.5


def fringes(cmyk: Sequence[float]) -> bool:
    """Whether CMYK inks (from 0 to 1) are a dark colour of several inks, which small type must not be
    printed in: black of DARK or more with any cyan, magenta or yellow (rich black: for areas, not type)."""
    return len(cmyk) == 4 and cmyk[3] >= DARK and any(v > 0 for v in cmyk[:3])


# Names a RIP gives its own plates and marks: a spot ink so named would print on that plate.
PROCESS_NAMES = ("all", "none", "cyan", "magenta", "yellow", "black", "registration")

LineOf = Callable[[str], "int | None"]
FileOf = Callable[..., Path]


@dataclass(frozen=True)
class PrintColor:
    """One colour's inks: cyan, magenta, yellow and black from 0 to 1, and a spot ink's name if it has one."""

    cmyk: tuple[float, float, float, float]
    spot: str = ""


@dataclass(frozen=True)
class Printing:
    pad: int = 1
    colors: Mapping[str, PrintColor] = field(default_factory=dict)


_PRINT = {
    "pad": Field("int", check=lambda v: None if 1 <= v <= MAX_PAD else f"must be from 1 to {MAX_PAD}"),
    "colors": Field("table"),
}
_SPOT = ("cmyk", "spot")  # the keys of a colour written as a table


def read_printing(
    data: Any,
    rgb: Mapping[str, str],
    checker: Callable[[tuple[str, ...]], tuple[LineOf, FileOf]],
    files: tuple[Path, ...] = (),
) -> Printing:
    """The [print] table (absent: no padding, every colour converted), checked with file:line errors.

    `rgb` is the style's [colors] (name -> #RRGGBB); `checker(prefix)` gives line_of and file_of for keys
    under it; `files` is the style's chain, child first, so that a conflict is named where it was made.
    """
    if data is None:
        return Printing()
    line_of, file_of = checker(("print",))
    check_fields(data, _PRINT, file=file_of, line_of=line_of, error=StyleError, where="print.")
    colors: dict[str, PrintColor] = {}
    line_of, file_of = checker(("print", "colors"))
    for name, value in data.get("colors", {}).items():
        where = f"print.colors.{name}"
        if name not in rgb:
            raise StyleError(
                f"unknown colour {where}{suggest(name, rgb)}; allowed: {allowed_list(rgb)} (the colours of [colors])",
                file_of(name),
                line_of(name),
            )
        if isinstance(value, dict):
            unknown = [k for k in value if k not in _SPOT]
            if unknown:
                raise StyleError(
                    f"unknown key {where}.{unknown[0]}{suggest(unknown[0], _SPOT)}; allowed: {allowed_list(_SPOT)}",
                    file_of(name),
                    line_of(name),
                )
            spot = value.get("spot", "")
            if not isinstance(spot, str) or not spot.strip() or not spot.isprintable() or len(spot) > 63:
                raise StyleError(
                    f"{where}.spot must be the spot ink's name, 1 to 63 printable characters",
                    file_of(name),
                    line_of(name),
                )
            if spot.strip().lower() in PROCESS_NAMES:
                raise StyleError(
                    f"{where}.spot {spot!r} names a process plate or the registration colour; give the spot ink's "
                    "own name, such as 'PANTONE 289 C'",
                    file_of(name),
                    line_of(name),
                )
            cmyk = _percentages(value.get("cmyk"), f"{where}.cmyk", file_of(name), line_of(name))
            same = next((other for other, ink in colors.items() if ink.spot == spot), None)
            if same is not None and colors[same].cmyk != cmyk:
                raise StyleError(
                    f"{where}.spot {spot!r} is print.colors.{same}'s spot ink with another CMYK: one ink has "
                    "one recipe (a PDF holds one Separation of a name)",
                    file_of(name),
                    line_of(name),
                )
            colors[name] = PrintColor(cmyk, spot)
        else:
            colors[name] = PrintColor(_percentages(value, where, file_of(name), line_of(name)))
    for name, what in SMALL_TYPE.items():
        text = colors.get(name)
        if text is not None and fringes(text.cmyk):
            raise StyleError(
                f"print.colors.{name} is {_shown(text)}: {what} in a dark colour of several inks fringes at the "
                "slightest misregistration; put it on the black plate alone, [0, 0, 0, K]",
                file_of(name),
                line_of(name),
            )
    _same_rgb_alike(colors, rgb, file_of, line_of, files)
    return Printing(pad=data.get("pad", 1), colors=colors)


def as_table(printing: Printing) -> dict[str, Any]:
    """A Printing made or changed in code as the [print] table that would make it (inks in percent), for
    read_printing to check as it checks a style file's; StyleError where it is no such table's shape."""
    if not isinstance(printing.pad, int) or isinstance(printing.pad, bool):  # None reads as no pad in a file
        raise StyleError(f"print.pad must be a whole number from 1 to {MAX_PAD}, not {printing.pad!r}")
    colors = printing.colors
    if not isinstance(colors, Mapping) or not all(
        isinstance(name, str) and isinstance(ink, PrintColor) for name, ink in colors.items()
    ):
        raise StyleError("print.colors must map colour names to PrintColor")
    table: dict[str, Any] = {}
    for name, ink in colors.items():
        cmyk = ink.cmyk
        if not (isinstance(cmyk, tuple) and all(isinstance(v, int | float) and not isinstance(v, bool) for v in cmyk)):
            raise StyleError(f"print.colors.{name}.cmyk must be a tuple of four inks from 0 to 1, not {cmyk!r}")
        percent = [v * 100 for v in cmyk]
        table[name] = {"cmyk": percent, "spot": ink.spot} if ink.spot else percent
    return {"pad": printing.pad, "colors": table}


def _percentages(value: Any, where: str, file: Path, line: int | None) -> tuple[float, float, float, float]:
    allowed = 'write [C, M, Y, K], four numbers from 0 to 100 (percent ink), or { cmyk = [C, M, Y, K], spot = "name" }'
    if (
        not isinstance(value, list)
        or len(value) != 4
        or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in value)
    ):
        raise StyleError(f"{where} is {value!r}; {allowed}", file, line)
    if not all(0 <= v <= 100 for v in value):
        raise StyleError(f"{where} is {value!r}: every ink is from 0 to 100 percent; {allowed}", file, line)
    if sum(value) > MAX_INK:
        raise StyleError(
            f"{where} is {value!r}: {sum(value):g} % of ink, more than the {MAX_INK} % FOGRA39 print allows", file, line
        )
    c, m, y, k = (v / 100 for v in value)
    return c, m, y, k


def _same_rgb_alike(
    colors: dict[str, PrintColor], rgb: Mapping[str, str], file_of: FileOf, line_of: LineOf, files: tuple[Path, ...]
) -> None:
    """Two colour names of one RGB must carry one ink recipe: the canvas knows a colour, not the name it had.
    The names set in the style itself are checked first, then those it inherits."""

    def depth(name: str) -> int:
        return files.index(file_of(name)) if file_of(name) in files else 0

    for name, ink in sorted(colors.items(), key=lambda item: depth(item[0])):
        for other, value in rgb.items():
            if other == name or value.upper() != rgb[name].upper():
                continue
            theirs = colors.get(other)
            if theirs != ink:
                said = f"is {_shown(theirs)}" if theirs else "is not given"
                raise StyleError(
                    f"print.colors.{name} differs from {other} ({value}, the same RGB), whose CMYK {said}; "
                    f"give colours of one RGB the same print colour",
                    file_of(name),
                    line_of(name),
                )


def _shown(ink: PrintColor) -> str:
    return "[" + ", ".join(f"{round(v * 100, 2):g}" for v in ink.cmyk) + "]" + (f" {ink.spot!r}" if ink.spot else "")


def most_ink(cmyk: Image) -> float:
    """The most ink (percent, the four plates' sum) a pixel of a CMYK picture lays down."""
    from PIL import ImageChops  # only pictures in print pay for Pillow

    c, m, y, k = cmyk.split()
    # The four plates' mean, in 8 bits without clipping: each sum is halved as it is made.
    quarter = ImageChops.add(ImageChops.add(c, m, scale=2.0), ImageChops.add(y, k, scale=2.0), scale=2.0)
    _, high = cast(tuple[int, int], quarter.getextrema())  # one band: (least, most)
    return high * 400 / 255
