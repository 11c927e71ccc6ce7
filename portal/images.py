"""The one image pipeline for pictures people upload (doctors' photos and proof scans,
article covers).

An image is judged by its content, never its name or the browser's content type: Pillow
must recognise it and check the whole file, and it may hold at most MAX_IMAGE_PIXELS, so a
small file that decompresses to gigabytes is refused before it is decoded. What is stored
is never the upload itself but a fresh JPEG drawn from its pixels: turned upright by its
EXIF orientation, transparency laid on white, shrunk to fit (never enlarged), and without
the original's metadata (EXIF with the camera and the place it was taken, comments, ICC).
"""

import io
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import IO

from PIL import Image, ImageOps, UnidentifiedImageError

# Far above any real photo or scan; stops a small file that decompresses to gigabytes.
MAX_IMAGE_PIXELS = 40_000_000

# What Pillow raises for a file that is not an image, is damaged, or is a bomb.
_BAD_IMAGE = (
    UnidentifiedImageError,
    OSError,
    SyntaxError,
    ValueError,
    Image.DecompressionBombError,
)


class NotAnImage(ValueError):
    """The file is not an image Pillow can read whole, or it has too many pixels."""


@dataclass(frozen=True)
class EncodedImage:
    content: bytes  # a JPEG
    width: int
    height: int


@contextmanager
def _opened(file: IO[bytes]) -> Iterator[Image.Image]:
    """The image, its size checked before any pixel is decoded. Closing it leaves the
    caller's file open (Image.close() would close that too)."""
    file.seek(0)
    with Image.open(file) as image:
        width, height = image.size
        if width * height > MAX_IMAGE_PIXELS:
            raise NotAnImage(f"{width}×{height} pixels is more than {MAX_IMAGE_PIXELS:,}")
        yield image


def image_format(file: IO[bytes]) -> str | None:
    """The image's format as Pillow names it ("JPEG", "PNG", "WEBP", ...) after checking
    the whole file, or None when it is not an image we may decode. Leaves the file at 0."""
    try:
        with _opened(file) as image:
            image.verify()
            return image.format
    except (NotAnImage, *_BAD_IMAGE):
        return None
    finally:
        file.seek(0)


def image_reencode(file: IO[bytes], *, max_size: tuple[int, int], quality: int) -> EncodedImage:
    """The image as a fresh progressive JPEG fitting inside ``max_size`` (see the module
    docstring). Raises NotAnImage when the file cannot be decoded."""
    try:
        with _opened(file) as original:
            image = ImageOps.exif_transpose(original)
            if image.mode in ("RGBA", "LA", "P"):
                image = image.convert("RGBA")
                background = Image.new("RGB", image.size, (255, 255, 255))
                background.paste(image, mask=image.getchannel("A"))
                image = background
            else:
                image = image.convert("RGB")
    except NotAnImage:
        raise
    except _BAD_IMAGE as exc:
        raise NotAnImage(str(exc)) from exc
    finally:
        file.seek(0)
    # Pillow writes a JPEG comment kept in .info (a JPEG's own, or a GIF's or PNG's)
    # into the new file; nothing of the original's metadata may travel.
    image.info = {}
    image.thumbnail(max_size, Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=quality, optimize=True, progressive=True)
    return EncodedImage(content=buffer.getvalue(), width=image.width, height=image.height)
