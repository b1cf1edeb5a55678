"""A figure's picture as every renderer sets it: checked, upright, the same bytes every time.

The loaders check a picture where the source names it (inputs.figure_picture);
a model built in code met no loader, so every renderer asks here, and the
picture is checked again. A picture whose EXIF orientation says it was shot
sideways is turned upright here, once, for all editions: re-encoded as the kind
it was (PNG, or JPEG at a fixed quality) with no EXIF left to turn it twice, and
nothing that varies (no dates, no tool names), so the same file gives the same
bytes. Any other picture is passed on byte for byte. With `rgb`, a CMYK JPEG
becomes an RGB one: EPUB reading systems and Word may show CMYK wrongly, while
the PDF takes CMYK as it is. A picture far finer than an edition needs is set
at what it needs (finest, within, resampled), the same bytes every time too.
"""

from __future__ import annotations

import functools
import io
import math
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import RenderError
from .inputs import FIGURE_TYPES, figure_picture, version

JPEG_QUALITY = 92  # a re-encoded photograph: no visible loss
DOWNSAMPLE_ABOVE = 1.5  # a picture this much finer than an edition needs is set at what it needs (finest)
ORIENTATION = 0x0112  # the EXIF tag; 1 is upright, 2-8 a mirror and/or a turn
SUFFIXES = {"image/png": ".png", "image/jpeg": ".jpg"}

if TYPE_CHECKING:
    from PIL import Image


@dataclass(frozen=True)
class Picture:
    """A picture's bytes as a renderer embeds them, their media type and the upright size in pixels."""

    data: bytes
    media_type: str
    width: int
    height: int
    bilevel: bool = False  # black and white only, one bit a pixel: line art

    @property
    def suffix(self) -> str:
        return SUFFIXES[self.media_type]


def prepared(path: str | Path, rgb: bool = False) -> Picture:
    """The picture at `path` (a resolved path, as Figure.path holds), upright; a RenderError if it is
    not a PNG or JPEG within the limits (inputs.figure_picture)."""
    file = Path(path)
    try:
        stamp = version(file)
    except OSError:  # the check says what is wrong
        _check(file)
        raise
    return _prepared(str(file), *stamp, rgb)


def _check(file: Path) -> None:
    """inputs.figure_picture's check of a picture, its error found where the source names the picture (the
    build and the library look for its path there): a picture deleted or spoilt after the source was read
    was blamed on its own path, with no line of the source (a service's trial)."""
    try:
        figure_picture(file.parent, file.name, RenderError, file, None)
    except RenderError as error:
        error.file, error.needle = None, str(file)
        raise


@functools.lru_cache(maxsize=8)  # the editions of one build ask for the same pictures in turn
def _prepared(path: str, stamp: int, size: int, rgb: bool) -> Picture:
    from PIL import Image, ImageOps  # here: only a bulletin with pictures pays for Pillow

    _check(Path(path))
    data = Path(path).read_bytes()
    media_type = FIGURE_TYPES[Path(path).suffix.lower()]
    with Image.open(io.BytesIO(data)) as image:
        turned = image.getexif().get(ORIENTATION, 1) in range(2, 9)
        cmyk = rgb and image.mode == "CMYK"
        bilevel = image.mode == "1"
        if not turned and not cmyk:
            return Picture(data, media_type, *image.size, bilevel)
        image.load()
        profile = image.info.get("icc_profile")
        upright = ImageOps.exif_transpose(image) if turned else image
        if cmyk:
            upright, profile = _to_rgb(upright, profile), None
        out = io.BytesIO()
        if media_type == "image/png":
            upright.save(out, "PNG", icc_profile=profile)
        else:
            upright.save(out, "JPEG", quality=JPEG_QUALITY, icc_profile=profile)
        return Picture(out.getvalue(), media_type, *upright.size, bilevel)


def finest(pixels: tuple[int, int], shown: tuple[float, float], ppi: float) -> tuple[int, int] | None:
    """The size in pixels a picture of `pixels` shown `shown` points wide and high is set at when it is
    finer than the edition needs: `ppi` at that size once it has more than half as much again (as
    Acrobat's presets and InDesign's export downsample pictures, "to 300 ppi above 450"); None for
    one set as it is. Never fewer than `ppi` at the shown size, whole pixels rounded up."""
    wide, high = pixels
    ppi_now = min(wide / shown[0], high / shown[1]) * 72
    if ppi_now <= ppi * DOWNSAMPLE_ABOVE:
        return None
    scale = ppi / ppi_now
    return min(wide, math.ceil(wide * scale)), min(high, math.ceil(high * scale))


def within(pixels: tuple[int, int], most: int) -> tuple[int, int] | None:
    """The size a picture of `pixels` is set at where no page sets its size (the EPUB): at most `most`
    pixels, proportions kept; None for one within them."""
    wide, high = pixels
    if wide * high <= most:
        return None
    scale = math.sqrt(most / (wide * high))
    return max(1, math.floor(wide * scale)), max(1, math.floor(high * scale))


def resampled(path: str | Path, size: tuple[int, int], rgb: bool = False, bilevel: bool = False) -> Picture:
    """The picture at `path`, upright (prepared), at `size` pixels, fewer than it has: a JPEG decoded at
    the least of its own scales (1/2, 1/4, 1/8) that holds them, resized with Lanczos and encoded as the
    kind it was (PNG, or JPEG at JPEG_QUALITY), its colour profile kept, nothing that varies added. Line
    art (a picture of one bit a pixel) comes out grey, smooth on a screen; with `bilevel`, black and white
    again, as a press prints it (its grey edges would be screened into broken lines)."""
    prepared(path, rgb)  # checked, and the error as prepared gives it
    file = Path(path)
    return _resampled(str(file), *version(file), rgb, size, bilevel)


@functools.lru_cache(maxsize=8)
def _resampled(path: str, stamp: int, size: int, rgb: bool, pixels: tuple[int, int], bilevel: bool) -> Picture:
    from PIL import Image

    picture = _prepared(path, stamp, size, rgb)
    with Image.open(io.BytesIO(picture.data)) as image:
        image.draft(image.mode, pixels)
        profile = image.info.get("icc_profile")
        if image.mode in ("1", "I", "I;16", "I;16B", "I;16L", "F"):  # grey, as Lanczos resizes it: 8 bits
            sixteen = image.mode != "1" and image.getextrema()[1] > 255  # type: ignore[operator]
            source = (image.point(lambda v: v / 257) if sixteen else image).convert("L")
        elif image.mode in ("P", "PA"):  # a palette: its colours, and its transparency
            source = image.convert("RGBA" if image.mode == "PA" or "transparency" in image.info else "RGB")
        else:  # L, LA, RGB, RGBA, CMYK
            source = image
        smaller = source.resize(pixels, Image.Resampling.LANCZOS)
        if bilevel and image.mode == "1":
            smaller = smaller.point(lambda v: 255 if v >= 128 else 0, "1")  # thresholded, not dithered
    out = io.BytesIO()
    if picture.media_type == "image/png":
        smaller.save(out, "PNG", icc_profile=profile)
    else:
        smaller.save(out, "JPEG", quality=JPEG_QUALITY, icc_profile=profile)
    return Picture(out.getvalue(), picture.media_type, *pixels, smaller.mode == "1")


def png_of(data: bytes) -> bytes:
    """A picture's bytes re-encoded as a PNG, pixel for pixel: for a reader stricter than the check
    (python-docx reads a JPEG only with a JFIF or EXIF header, and a PNG only to its IEND chunk)."""
    from PIL import Image

    out = io.BytesIO()
    with Image.open(io.BytesIO(data)) as image:
        image.load()
        if image.mode in ("1", "L", "LA", "I", "I;16", "P", "RGB", "RGBA"):
            image.save(out, "PNG", icc_profile=image.info.get("icc_profile"))
        else:  # CMYK or YCbCr, which a PNG cannot hold
            image.convert("RGB").save(out, "PNG")
    return out.getvalue()


def _to_rgb(image: Image.Image, profile: bytes | None) -> Image.Image:
    """A CMYK picture in sRGB: through its own ICC profile when it has one, else Pillow's plain conversion."""
    from PIL import ImageCms

    if profile:
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
            converted = ImageCms.profileToProfile(image, source, ImageCms.createProfile("sRGB"), outputMode="RGB")
            if converted is not None:
                return converted
        except (OSError, ImageCms.PyCMSError):  # a damaged profile: the plain conversion below
            pass
    return image.convert("RGB")
