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

Pictures shown on pages (article covers, doctors' photos) are stored as renditions:
``image_renditions`` makes a set of widths in WebP and JPEG under stable hashed names in
public media storage, and returns a small JSON document the owner keeps in a JSONField;
``Renditions`` reads it back for templates (portal.pictures) and meta tags. Every decode
goes through ``_opened``, the one place that decides whether a file may be decoded.
"""

import hashlib
import io
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import IO

from django.core.files.base import ContentFile
from django.core.files.storage import Storage, default_storage
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


def image_check(file: IO[bytes]) -> str | None:
    """Like image_format, but the pixels must also decode whole: verify() does not read a
    JPEG's data, so a truncated one passes it. For checks made before anything is stored
    (a form's validation), so a damaged file is a form error, not a failure later."""
    kind = image_format(file)
    if kind is None:
        return None
    try:
        _rgb(file)
    except ImageTooLarge:
        raise
    except NotAnImage:
        return None
    return kind


def image_reencode(file: IO[bytes], *, max_size: tuple[int, int], quality: int) -> EncodedImage:
    """The image as a fresh progressive JPEG fitting inside ``max_size`` (see the module
    docstring). Raises NotAnImage when the file cannot be decoded (ImageTooLarge, before
    decoding, when it has too many pixels)."""
    image = _rgb(file)
    image.thumbnail(max_size, Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=quality, optimize=True, progressive=True)
    return EncodedImage(content=buffer.getvalue(), width=image.width, height=image.height)


# --- Renditions: the responsive sizes pages show -----------------------------------------
# Bump when the encoding below changes, so new names never collide with old files.
_RENDITION_VERSION = "2"
JPEG_QUALITY = 82
WEBP_QUALITY = 78
# Each rendition in both formats: WebP for browsers that take it, JPEG for the rest and
# for link previews (Open Graph readers do not all read WebP).
RENDITION_FORMATS = (("webp", "WEBP"), ("jpeg", "JPEG"))
_EXTENSIONS = {"webp": "webp", "jpeg": "jpg"}


def _rgb(file: IO[bytes], *, at_least: int | None = None) -> Image.Image:
    """The image decoded through _opened, upright and flattened to RGB on white, with no
    metadata left in ``.info``. With ``at_least``, a JPEG may be decoded at a reduced
    scale (1/2, 1/4, 1/8) that still leaves both sides at least that long: a 12-megapixel
    photo shrunk to 1280 px decodes three times faster. Raises NotAnImage."""
    try:
        with _opened(file) as original:
            if at_least and original.format == "JPEG":
                original.draft("RGB", (at_least, at_least))
            image = ImageOps.exif_transpose(original)
            if image.mode in ("RGBA", "LA", "P", "PA"):
                image = image.convert("RGBA")
                background = Image.new("RGB", image.size, (255, 255, 255))
                background.paste(image, mask=image.getchannel("A"))
                image = background
            else:
                image = image.convert("RGB")
            image.load()
    except NotAnImage:
        raise
    except _BAD_IMAGE as exc:
        raise NotAnImage(str(exc)) from exc
    finally:
        file.seek(0)
    image.info = {}
    return image


def _encode(image: Image.Image, kind: str) -> bytes:
    buffer = io.BytesIO()
    if kind == "webp":
        image.save(buffer, format="WEBP", quality=WEBP_QUALITY, method=4)
    else:
        image.save(buffer, format="JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return buffer.getvalue()


def rendition_widths(source_width: int, widths: Sequence[int]) -> list[int]:
    """The widths to make for an image ``source_width`` wide: each of ``widths`` it can
    fill without enlarging, or its own width alone when it is narrower than all of them."""
    fitting = sorted({w for w in widths if w <= source_width})
    return fitting or [source_width]


def image_renditions(
    file: IO[bytes],
    *,
    folder: str,
    widths: Sequence[int],
    aspect: float | None = None,
    storage: Storage | None = None,
) -> dict:
    """Decode the image once (safely, see _opened), and store it at each of ``widths`` as
    WebP and JPEG in public media storage (default: ``default_storage``), without any of
    the original's metadata. ``aspect`` (width / height) crops to that shape first, a
    little above centre (faces, for doctors' photos).

    Names are stable: ``<folder>/<hash>-<width>.<ext>``, the hash of the upload's bytes and
    of these settings, so the same picture uploaded twice is stored once, and a name
    never changes content (it may be cached for a year). Returns the JSON stored on the
    owner (see ``Renditions``). Raises NotAnImage."""
    storage = storage or default_storage
    file.seek(0)
    digest = hashlib.sha256()
    for chunk in iter(lambda: file.read(65536), b""):
        digest.update(chunk)
    digest.update(f"|{_RENDITION_VERSION}|{sorted(widths)}|{aspect}".encode())
    key = digest.hexdigest()[:20]
    file.seek(0)

    image = _rgb(file, at_least=max(widths))
    if aspect is not None:
        width = min(image.width, round(image.height * aspect))
        height = min(image.height, round(width / aspect))
        image = ImageOps.fit(image, (width, height), Image.Resampling.LANCZOS, centering=(0.5, 0.4))
    sizes: dict[str, list[dict]] = {kind: [] for kind, _ in RENDITION_FORMATS}
    # Largest first, each drawn from the one before: cheaper than from the original.
    source_width, source_height = image.size
    for width in reversed(rendition_widths(source_width, widths)):
        height = max(1, round(source_height * width / source_width))
        if width != image.width:
            image = image.resize((width, height), Image.Resampling.LANCZOS)
        for kind, _ in RENDITION_FORMATS:
            name = f"{folder.strip('/')}/{key}-{width}.{_EXTENSIONS[kind]}"
            if not storage.exists(name):
                saved = storage.save(name, ContentFile(_encode(image, kind)))
                if saved != name:  # a race with the same upload: keep one
                    storage.delete(saved)
            sizes[kind].insert(0, {"w": width, "h": height, "name": name})
    largest = sizes["jpeg"][-1]
    return {"v": 1, "width": largest["w"], "height": largest["h"], **sizes}


@dataclass(frozen=True)
class Renditions:
    """Reads the JSON ``image_renditions`` returned, as stored on its owner."""

    data: dict

    def __bool__(self) -> bool:
        return bool(self.data and self.data.get("jpeg"))

    @property
    def width(self) -> int:
        return self.data["width"]

    @property
    def height(self) -> int:
        return self.data["height"]

    def names(self) -> set[str]:
        if not self:
            return set()
        return {size["name"] for kind, _ in RENDITION_FORMATS for size in self.data.get(kind, [])}

    def srcset(self, kind: str, storage: Storage | None = None) -> str:
        storage = storage or default_storage
        return ", ".join(f"{storage.url(s['name'])} {s['w']}w" for s in self.data.get(kind, []))

    def url(self, *, kind: str = "jpeg", at_least: int = 0, storage: Storage | None = None) -> str:
        """The URL of the smallest rendition at least ``at_least`` wide (else the largest)."""
        storage = storage or default_storage
        sizes = self.data.get(kind) or []
        chosen = next((s for s in sizes if s["w"] >= at_least), sizes[-1])
        return storage.url(chosen["name"])
