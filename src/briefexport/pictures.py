"""A figure's picture as every renderer sets it: checked, upright, the same bytes every time.

The loaders check a picture where the source names it (inputs.figure_picture);
a model built in code met no loader, so every renderer asks here, and the
picture is checked again. A picture whose EXIF orientation says it was shot
sideways is turned upright here, once, for all editions: re-encoded as the kind
it was (PNG, or JPEG at a fixed quality) with no EXIF left to turn it twice, and
nothing that varies (no dates, no tool names), so the same file gives the same
bytes. Any other picture is passed on byte for byte. With `rgb`, a CMYK JPEG
becomes an RGB one: EPUB reading systems and Word may show CMYK wrongly, while
the PDF takes CMYK as it is.
"""

from __future__ import annotations

import functools
import io
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import RenderError
from .inputs import FIGURE_TYPES, figure_picture, version

JPEG_QUALITY = 92  # a re-encoded photograph: no visible loss
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
        figure_picture(file.parent, file.name, RenderError, file, None)
        raise
    return _prepared(str(file), *stamp, rgb)


@functools.lru_cache(maxsize=8)  # the editions of one build ask for the same pictures in turn
def _prepared(path: str, mtime: int, size: int, rgb: bool) -> Picture:
    from PIL import Image, ImageOps  # here: only a bulletin with pictures pays for Pillow

    figure_picture(Path(path).parent, Path(path).name, RenderError, path, None)
    data = Path(path).read_bytes()
    media_type = FIGURE_TYPES[Path(path).suffix.lower()]
    with Image.open(io.BytesIO(data)) as image:
        turned = image.getexif().get(ORIENTATION, 1) in range(2, 9)
        cmyk = rgb and image.mode == "CMYK"
        if not turned and not cmyk:
            return Picture(data, media_type, *image.size)
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
        return Picture(out.getvalue(), media_type, *upright.size)


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
