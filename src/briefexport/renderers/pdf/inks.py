"""The print edition's inks: every colour and picture it paints, in CMYK (line art in grey, the black plate).

ReportLab hands each colour the canvas is given to an `enforceColorSpace`
function; Inks is that function for the print edition, so that no RGB reaches
the file whichever part of the layout chose the colour. A colour becomes:

- the style's own inks when [print.colors] names a colour of that RGB (a spot
  ink as a Separation with its CMYK as the alternate);
- a neutral grey (R = G = B) with no inks given: black ink alone, so that grey
  and black text never print as a four-colour grey that fringes at the
  slightest misregistration; as much black as prints the grey as light as the
  profile prints it (black_for_grey: K = 1 - value printed a 50 % grey at L*
  65.5 where the picture had 53.7, and greys in a picture apart from the
  colours beside them);
- any other RGB: converted through the output profile (sRGB to FOGRA39L,
  relative colorimetric with black point compensation, by littleCMS through
  Pillow's ImageCms), as a prepress operator's conversion would. A colour of
  text (`ink`, `muted`) that this makes dark in several inks ("#202028" is
  C51 M43 Y22 K92) is refused, as it is when [print.colors] gives it
  (printing.SMALL_TYPE): `fringing_text` names it and the ink that would do.

Pictures are converted through the same transform, from the RGB profile they
carry (Adobe RGB, Display P3) when they have one, else as sRGB; a grey picture
goes on the black plate alone, as grey colours do, and so do the neutral pixels
of a chart (an RGB picture of a few flat colours, or grey all but a few pixels:
its black labels and axes would print on four plates at 314 % ink; a
photograph's blacks stay the profile's rich black, which a K-only patch would
lighten, and its greys with the colours around them); a
CMYK picture is taken as it is (figures.check_ink refuses one with more ink
than the profile allows), but for its pixels over INK_ROOM under the limit,
whose C, M and Y are taken down to it (within_ink): made smaller, its sharp edges
ring, and bars of 328 % came out at 356 %.
Their transparency stays a soft mask (PDF/X-4 allows live transparency).
"""

from __future__ import annotations

import functools
import io
from pathlib import Path
from typing import Any, cast

from PIL import Image, ImageChops, ImageCms, ImageMath
from reportlab.lib.colors import CMYKColor, CMYKColorSep, toColor
from reportlab.lib.utils import ImageReader

from ...pictures import JPEG_QUALITY
from ...printing import MAX_INK, SMALL_TYPE, PrintColor, fringes, most_ink
from ...styles import Style

PROFILE = Path(__file__).resolve().parents[2] / "profiles" / "FOGRA39L_coated.icc"  # package data
# A chart or a diagram is an RGB picture drawn in a few flat colours: its CHART_COLOURS commonest colours cover
# at least CHART_SHARE of its visible pixels (a photograph's thousands of colours never do), or it is grey all
# but a few pixels. Whether a picture is one is read from at most CHART_SAMPLE pixels a side, every pixel kept
# as it is (no blending that would make colours of its own).
CHART_COLOURS = 32
CHART_SHARE = 0.9
GREY_SHARE = 0.98
CHART_SAMPLE = 256
NEAR_NEUTRAL = 16  # of 255: a dark pixel of a chart this close to grey goes on the black plate as grey does
INK_ROOM = 10  # percent: what a CMYK picture's resampling and JPEG encoding may add to its ink is kept under
SHADOW_ROOM = 26  # in 8-bit L (10 L*): above black alone's darkest, where the shadows are drawn in order
# The registration colour: a Separation named All paints every plate (PDF 32000-1, 8.6.6.4).
REGISTRATION = CMYKColorSep(1, 1, 1, 1, spotName="All")


class Inks:
    """The canvas's colour function for the print edition (ReportLab's enforceColorSpace)."""

    def __init__(self, style: Style) -> None:
        self.known: dict[str, CMYKColor] = {}
        for name, value in vars(style.colors).items():
            given = style.print.colors.get(name)
            if given is not None:
                self.known[value.upper()] = ink(given)

    def __call__(self, color: Any) -> CMYKColor:
        tc = toColor(color)
        if isinstance(tc, CMYKColor):
            return tc
        red, green, blue = (round(v * 255) for v in tc.rgb())
        hexval = f"#{red:02X}{green:02X}{blue:02X}"
        found = self.known.get(hexval) or converted(hexval)
        return found if tc.alpha == 1 else found.clone(alpha=tc.alpha)

    def picture(self, image: Any) -> ImageReader:
        """A picture (ImageReader, file name or PIL image) as a CMYK ImageReader, its alpha a soft mask; a
        JPEG stays a JPEG, as print PDFs keep photographs (a 24-megapixel photograph across the page was
        6.7 MB stored losslessly)."""
        source = _source(image)
        if isinstance(source, Image.Image) and source.mode == "1" and "transparency" not in source.info:
            # Line art: black and white in grey (the black plate), one byte a pixel where CMYK took four (an
            # 8,400 by 5,600 drawing at its 1,800 ppi took 865 MB to set in CMYK).
            return ImageReader(source.convert("L"))
        cmyk, alpha = self.pixels(image)
        if alpha is None and getattr(source, "format", None) == "JPEG":
            out = io.BytesIO()
            cmyk.save(out, "JPEG", quality=JPEG_QUALITY)  # Adobe's inverted CMYK, as ReportLab reads it
            return ImageReader(out)
        reader = ImageReader(cmyk)
        reader.getRGBData()  # type: ignore[no-untyped-call]  # ReportLab reads the pixels (and forgets any mask) here, once
        reader._dataA = ImageReader(alpha) if alpha is not None else None  # type: ignore[attr-defined]  # its own
        return reader

    def pixels(self, image: Any) -> tuple[Image.Image, Image.Image | None]:
        """A picture's pixels in CMYK through the output profile, and its alpha channel if it has one; a
        pixel the alpha hides wholly carries no ink (a flattener or RIP that drops the mask would show
        the black a transparent PNG keeps there as a black box)."""
        cmyk, alpha = self._pixels(image)
        if alpha is not None and alpha.getextrema()[0] == 0:
            hidden = alpha.point(lambda v: 255 if v == 0 else 0)
            cmyk = Image.composite(Image.new("CMYK", cmyk.size, (0, 0, 0, 0)), cmyk, hidden)
        return cmyk, alpha

    def _pixels(self, image: Any) -> tuple[Image.Image, Image.Image | None]:
        source = _source(image)
        picture = source if isinstance(source, Image.Image) else Image.open(source)
        picture.load()
        if picture.mode == "CMYK":
            return within_ink(picture), None
        alpha = None
        if picture.mode in ("RGBA", "LA", "PA") or "transparency" in picture.info:
            alpha = picture.convert("RGBA").getchannel("A")
        if picture.mode in ("1", "L", "LA", "I", "I;16", "F"):  # a grey picture: on the black plate alone
            sixteen = picture.mode.startswith("I") and picture.getextrema()[1] > 255  # type: ignore[operator]
            grey = picture.point(lambda v: v / 257) if sixteen else picture  # 16-bit: L would clip it
            return _black_only(grey.convert("L")), alpha
        # Through the picture's own profile (Adobe RGB, Display P3) when it has one, else as sRGB.
        rgb = picture.convert("RGB")
        cmyk = ImageCms.applyTransform(rgb, _transform(picture.info.get("icc_profile")))
        assert cmyk is not None  # applyTransform returns None only with inPlace=True
        if _drawn(picture):
            red, green, blue = rgb.split()
            spread = ImageChops.lighter(ImageChops.difference(red, green), ImageChops.difference(green, blue))
            spread = ImageChops.lighter(spread, ImageChops.difference(red, blue))
            grey = rgb.convert("L")
            # Its greys, and the dark pixels all but grey where a line or a letter was smoothed into a tint
            # (the picture scaled to print it blends them): on the black plate, as dark as they are.
            neutral = ImageChops.lighter(
                spread.point(lambda v: 255 if v == 0 else 0),
                ImageChops.multiply(
                    spread.point(lambda v: 255 if v <= NEAR_NEUTRAL else 0),
                    grey.point(lambda v: 255 if v <= 128 else 0),
                ),
            )
            cmyk = Image.composite(_black_only(grey), cmyk, neutral)
        return cmyk, alpha


def _drawn(picture: Image.Image) -> bool:
    """Whether a picture is a chart or a diagram (CHART_COLOURS), judged by its visible pixels alone: a
    print shop's trial had a chart on a tinted plot area (fewer than half its pixels grey: its black labels
    went on four plates) and a cut-out photograph whose hidden pixels, stored black, counted as grey (its
    shadows went half on the black plate alone, half on four: a mottle)."""
    sample = picture
    if max(picture.size) > CHART_SAMPLE:
        scale = CHART_SAMPLE / max(picture.size)
        size = (max(1, round(picture.width * scale)), max(1, round(picture.height * scale)))
        sample = picture.resize(size, Image.Resampling.NEAREST)
    sample = sample.convert("RGBA")  # the sample's pixels, not a 35-megapixel photograph's, in four channels
    found = cast(list[tuple[int, tuple[int, int, int, int]]], sample.getcolors(sample.width * sample.height) or [])
    colours = [(count, rgba[:3]) for count, rgba in found if rgba[3]]
    visible = sum(count for count, _ in colours)
    if not visible:
        return False
    commonest = sorted((count for count, _ in colours), reverse=True)[:CHART_COLOURS]
    grey = sum(count for count, (red, green, blue) in colours if red == green == blue)
    return sum(commonest) >= CHART_SHARE * visible or grey >= GREY_SHARE * visible


def _source(image: Any) -> Any:
    """What a picture is read from: an ImageReader's own PIL image (not in its stubs), else the picture."""
    return image._image if isinstance(image, ImageReader) else image  # type: ignore[attr-defined]


def within_ink(cmyk: Image.Image, limit: float = MAX_INK - INK_ROOM) -> Image.Image:
    """A CMYK picture whose pixels of more than `limit` % ink have their C, M and Y taken down in proportion
    to carry `limit` (K kept: a shadow's detail is in it); the picture itself when none has."""
    if most_ink(cmyk) <= limit:
        return cmyk
    top = limit * 255 / 100
    c, m, y, k = cmyk.split()

    def band(name: str) -> Image.Image:
        def fitted(a: dict[str, Any]) -> Any:
            room = a["max"](top - a["k"], 0.0) / a["max"](a["float"](a["c"]) + a["m"] + a["y"], 1.0)
            return a["convert"](a[name] * a["min"](room, 1.0), "L")  # truncated: never over the limit

        return cast(Image.Image, ImageMath.lambda_eval(fitted, c=c, m=m, y=y, k=k))

    return Image.merge("CMYK", (band("c"), band("m"), band("y"), k))


def _black_only(grey: Image.Image) -> Image.Image:
    """A grey image (mode L) on the black plate alone, each grey as grey colours are (black_for_grey)."""
    blank = Image.new("L", grey.size, 0)
    return Image.merge("CMYK", (blank, blank, blank, grey.point(black_for_grey())))


@functools.cache
def black_for_grey() -> tuple[int, ...]:
    """For each grey value (0-255), the black ink (0-255) that prints it as light as the output profile prints
    that grey as RGB (any other colour's way): its L* where black alone can reach it with room to spare, as a
    grey profile's conversion matches it. Black alone prints no darker than L* 17 (FOGRA39's K 100 %, where
    the profile's four inks reach L* 10): the greys darker than L* 17 + SHADOW_ROOM are set between it and
    K 100 % in their order, black only for black."""
    to_lab = ImageCms.buildTransform(
        ImageCms.getOpenProfile(str(PROFILE)),
        ImageCms.createProfile("LAB"),
        "CMYK",
        "LAB",
        renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC,
    )
    blacks, greys = Image.new("CMYK", (256, 1)), Image.new("RGB", (256, 1))
    blacks.putdata([(0, 0, 0, k) for k in range(256)])
    greys.putdata([(v, v, v) for v in range(256)])
    printed = ImageCms.applyTransform(greys, _transform())
    assert printed is not None
    black_lightness, grey_lightness = (_lightness(ImageCms.applyTransform(ramp, to_lab)) for ramp in (blacks, printed))
    # The shadows, darker than black alone prints with a little room (SHADOW_ROOM), are drawn into that room,
    # in order: matched where black cannot reach, the darkest 13 % of a photograph's tones printed as one.
    darkest, lowest = black_lightness[-1], grey_lightness[0]
    knee = darkest + SHADOW_ROOM

    def reachable(want: int) -> float:
        return want if want >= knee else darkest + (want - lowest) * (knee - darkest) / (knee - lowest)

    # Lightness falls as black grows: the least black that prints no lighter than the grey.
    return tuple(
        next((k for k, light in enumerate(black_lightness) if light <= reachable(want)), 255) for want in grey_lightness
    )


def _lightness(image: Image.Image | None) -> bytes:
    """The L of each pixel of a LAB image (0-255 for L* 0-100)."""
    assert image is not None  # applyTransform returns None only with inPlace=True
    return image.tobytes()[0::3]


def fringing_text(style: Style) -> tuple[str, str] | None:
    """A colour of the style's text (`ink`, `muted`) with no inks given that would print dark in several inks
    once converted: its key, and why, with the black-plate ink of its lightness to give instead; None if
    none would."""
    for name, what in SMALL_TYPE.items():
        value = getattr(style.colors, name)
        cmyk = converted(value.upper())
        if name in style.print.colors or not fringes((cmyk.cyan, cmyk.magenta, cmyk.yellow, cmyk.black)):
            continue
        inks = ", ".join(f"{round(v * 100)}" for v in (cmyk.cyan, cmyk.magenta, cmyk.yellow, cmyk.black))
        return f"colors.{name}", (
            f"colors.{name} {value} prints as [{inks}] (CMYK): {what} in a dark colour of several inks fringes at "
            f"the slightest misregistration; {_on_black(name, value)}"
        )
    return None


def _on_black(name: str, value: str) -> str:
    """What to give the style's colour `name` (of RGB `value`) that prints dark in several inks."""
    luma = Image.new("RGB", (1, 1), value).convert("L").getpixel((0, 0))  # the grey of its lightness
    assert isinstance(luma, int)
    black = round(black_for_grey()[luma] / 2.55)
    return f"give it the black plate alone, print.colors.{name} = [0, 0, 0, {black}], or a lighter colour"


def printed_as(style: Style, inks: tuple[int, ...]) -> str | None:
    """The style's colour whose print inks are `inks` (whole percent, as preflight says them), with what to
    give it instead; None when none is (a picture's, a plug-in's)."""
    painter = Inks(style)
    for name, value in vars(style.colors).items():
        cmyk = painter(value)
        given = (cmyk.cyan, cmyk.magenta, cmyk.yellow, cmyk.black)
        if all(abs(v * 100 - ink) <= 1 for v, ink in zip(given, inks)):
            return f"it is colors.{name} {value}: {_on_black(name, value)}"
    return None


def ink(color: PrintColor) -> CMYKColor:
    c, m, y, k = color.cmyk
    return CMYKColorSep(c, m, y, k, spotName=color.spot) if color.spot else CMYKColor(c, m, y, k)


@functools.cache
def converted(hexval: str) -> CMYKColor:
    """A style colour with no inks of its own, as CMYK: a neutral grey on the black plate, else through the profile."""
    rgb = Image.new("RGB", (1, 1), hexval)
    red, green, blue = rgb.getpixel((0, 0))  # type: ignore[misc]  # an RGB pixel is a 3-tuple
    if red == green == blue:
        return CMYKColor(0, 0, 0, round(black_for_grey()[red] / 255, 4))
    out = ImageCms.applyTransform(rgb, _transform())
    assert out is not None
    c, m, y, k = out.getpixel((0, 0))  # type: ignore[misc]  # a CMYK pixel is a 4-tuple
    return CMYKColor(round(c / 255, 4), round(m / 255, 4), round(y / 255, 4), round(k / 255, 4))


@functools.lru_cache(maxsize=8)
def _transform(profile: bytes | None = None) -> ImageCms.ImageCmsTransform:
    """sRGB, or the RGB profile a picture carries, to the output profile."""
    source: ImageCms.ImageCmsProfile = ImageCms.createProfile("sRGB")  # type: ignore[assignment]
    if profile:
        try:
            own = ImageCms.ImageCmsProfile(io.BytesIO(profile))
            if own.profile.xcolor_space.strip() == "RGB":
                source = own
        except (OSError, ImageCms.PyCMSError):  # a damaged profile: the picture is taken as sRGB
            pass
    return ImageCms.buildTransform(
        source,
        ImageCms.getOpenProfile(str(PROFILE)),
        "RGB",
        "CMYK",
        renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC,
        flags=ImageCms.Flags.BLACKPOINTCOMPENSATION,
    )
