"""The one image pipeline for pictures people upload (doctors' photos and proof scans,
article covers).

An image is judged by its content, never its name or the browser's content type: Pillow
must recognise it and check the whole file, and it may hold at most MAX_IMAGE_PIXELS: the
size is read from the header (Pillow opens lazily) and a picture over the limit is refused
with ImageTooLarge before a single pixel is decoded, so a 151 KB PNG of 6300x6300 pixels
costs nothing. A JPEG is decoded at the smallest scale that still fills the box it is
shrunk to (Pillow's draft mode), so a large photo never lands in memory at full size.
What is stored is never the upload itself but a fresh JPEG drawn from its pixels: turned
upright by its EXIF orientation, transparency laid on white, shrunk to fit (never
enlarged), and without the original's metadata (EXIF with the camera and the place it was
taken, comments, ICC).
"""

import io
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import IO

from PIL import Image, ImageOps, UnidentifiedImageError

# Above a 24 MP camera's photos and an A4 scan at 600 dpi (about 35 MP is refused: scan at
# 300 dpi). Decoded as RGBA, 25 MP is about 100 MB, which one web process can afford.
MAX_IMAGE_PIXELS = 25_000_000
# Pillow's own guard for any other Image.open (Django's ImageField in the admin): a warning
# over the limit and DecompressionBombError over twice it.
Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS

IMAGE_TOO_LARGE = (
    "“%(name)s” is %(pixels)s; a picture may have at most %(megapixels)s megapixels. Resize "
    "it (or scan at 300 dpi) and try again."
)

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


class ImageTooLarge(NotAnImage):
    """The header says the picture has more than MAX_IMAGE_PIXELS; nothing was decoded."""

    def __init__(self, width: int | None = None, height: int | None = None):
        self.width, self.height = width, height
        super().__init__(f"{self.pixels} is more than {MAX_IMAGE_PIXELS:,} pixels")

    @property
    def pixels(self) -> str:
        if self.width is None:
            # Pillow's own guard (over twice the limit) refused it before we saw its size.
            return f"over {2 * MAX_IMAGE_PIXELS // 1_000_000} megapixels"
        return f"{self.width}×{self.height} pixels"

    def message(self, name: str) -> str:
        """The sentence shown to the uploader, naming their file."""
        return IMAGE_TOO_LARGE % {
            "name": name,
            "pixels": self.pixels,
            "megapixels": MAX_IMAGE_PIXELS // 1_000_000,
        }


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
    try:
        opened = Image.open(file)
    except Image.DecompressionBombError as exc:
        raise ImageTooLarge() from exc
    with opened as image:
        width, height = image.size
        if width * height > MAX_IMAGE_PIXELS:
            raise ImageTooLarge(width, height)
        yield image


def image_format(file: IO[bytes]) -> str | None:
    """The image's format as Pillow names it ("JPEG", "PNG", "WEBP", ...) after checking
    the whole file, or None when it is not an image we may decode. Raises ImageTooLarge
    (read from the header alone) when it has too many pixels. Leaves the file at 0."""
    try:
        with _opened(file) as image:
            image.verify()
            return image.format
    except ImageTooLarge:
        raise
    except (NotAnImage, *_BAD_IMAGE):
        return None
    finally:
        file.seek(0)


def image_reencode(file: IO[bytes], *, max_size: tuple[int, int], quality: int) -> EncodedImage:
    """The image as a fresh progressive JPEG fitting inside ``max_size`` (see the module
    docstring). Raises NotAnImage when the file cannot be decoded (ImageTooLarge, before
    decoding, when it has too many pixels)."""
    try:
        with _opened(file) as original:
            # Either side may end up the long one once EXIF turns the picture upright.
            side = max(max_size)
            original.draft("RGB", (side, side))
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
