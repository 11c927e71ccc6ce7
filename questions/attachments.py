"""Checks and processing for the photos and reports patients attach to a question. Every
check reads the content: a file's name and the browser's content type are the uploader's
word, not evidence.

- Photos: a JPEG, PNG or WebP image Pillow can read whole (HEIC is refused: the Pillow
  here has no HEIC decoder), within portal.images' pixel limit (a decompression bomb is
  refused before decoding). What is stored is a fresh JPEG drawn from the pixels (portal's
  one image pipeline): upright, at most PHOTO_MAX_SIDE, without EXIF, location or
  comments, plus a small thumbnail for the doctors' lists.
- Reports: a PDF that pypdf can read, holding no active content (no JavaScript, automatic
  or launch actions, embedded files, forms with scripts) and no web-page markup: the one
  PDF check, portal.pdfs.
- At most Attachment.MAX_BYTES each, Attachment.MAX_PER_QUESTION per question; empty files
  are refused. SVG, HTML dressed as a JPEG and everything else are "not a photo or PDF".
"""

import uuid
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext

from portal.images import ImageTooLarge, NotAnImage, image_format, image_reencode
from portal.pdfs import ACTIVE, ENCRYPTED, PDF_MAGIC, BadPdf, pdf_check

from . import messages
from .models import Attachment

PHOTO_MAX_SIDE = 2000
PHOTO_QUALITY = 85
THUMBNAIL_SIDE = 320
_PHOTO_FORMATS = {"JPEG", "PNG", "WEBP"}


@dataclass(frozen=True)
class ProcessedAttachment:
    kind: str
    original_name: str
    content: ContentFile
    thumbnail: ContentFile | None
    size: int


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB"


def display_name(upload: UploadedFile) -> str:
    name = (upload.name or "file").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable()).strip()
    return (name or "file")[:120]


def check_attachment(upload: UploadedFile) -> str:
    """The upload's kind (an Attachment.Kind value), or a ValidationError naming the file
    and what is wrong with it."""
    name = display_name(upload)
    if upload.size == 0:
        raise ValidationError(gettext(messages.ATTACHMENT_EMPTY) % {"name": name}, code="empty")
    if upload.size > Attachment.MAX_BYTES:
        raise ValidationError(
            gettext(messages.ATTACHMENT_TOO_LARGE)
            % {"name": name, "size": _mb(upload.size), "limit": _mb(Attachment.MAX_BYTES)},
            code="too_large",
        )
    upload.seek(0)
    head = upload.read(len(PDF_MAGIC))
    upload.seek(0)
    if head == PDF_MAGIC:
        data = upload.read()
        upload.seek(0)
        try:
            pdf_check(data)
        except BadPdf as exc:
            if exc.code == ACTIVE:
                message, code = messages.ATTACHMENT_PDF_ACTIVE, "pdf_active"
            elif exc.code == ENCRYPTED:
                message, code = messages.ATTACHMENT_PDF_ENCRYPTED, "pdf_encrypted"
            else:
                message, code = messages.ATTACHMENT_PDF_UNREADABLE, "pdf_unreadable"
            raise ValidationError(gettext(message) % {"name": name}, code=code) from exc
        return Attachment.Kind.PDF
    try:
        photo_format = image_format(upload)
    except ImageTooLarge as exc:
        raise ValidationError(exc.message(name), code="too_many_pixels") from exc
    if photo_format in _PHOTO_FORMATS:
        return Attachment.Kind.IMAGE
    raise ValidationError(gettext(messages.ATTACHMENT_BAD_TYPE) % {"name": name}, code="bad_type")


def check_attachment_count(*, already: int, adding: int) -> None:
    if already + adding > Attachment.MAX_PER_QUESTION:
        raise ValidationError(
            gettext(messages.ATTACHMENT_TOO_MANY)
            % {"limit": Attachment.MAX_PER_QUESTION, "total": already + adding},
            code="too_many",
        )


def process_attachment(upload: UploadedFile) -> ProcessedAttachment:
    """The checked upload ready to store: a PDF as it came, a photo re-encoded (no
    metadata) with a thumbnail. Raises ValidationError as check_attachment does."""
    kind = check_attachment(upload)
    name = display_name(upload)
    stem = uuid.uuid4().hex
    if kind == Attachment.Kind.PDF:
        upload.seek(0)
        data = upload.read()
        return ProcessedAttachment(
            kind=kind,
            original_name=name,
            content=ContentFile(data, name=f"{stem}.pdf"),
            thumbnail=None,
            size=len(data),
        )
    try:
        photo = image_reencode(
            upload, max_size=(PHOTO_MAX_SIDE, PHOTO_MAX_SIDE), quality=PHOTO_QUALITY
        )
        thumb = image_reencode(upload, max_size=(THUMBNAIL_SIDE, THUMBNAIL_SIDE), quality=80)
    except NotAnImage as exc:
        raise ValidationError(
            gettext(messages.ATTACHMENT_BAD_TYPE) % {"name": name}, code="bad_type"
        ) from exc
    return ProcessedAttachment(
        kind=kind,
        original_name=name,
        content=ContentFile(photo.content, name=f"{stem}.jpg"),
        thumbnail=ContentFile(thumb.content, name=f"{stem}-thumb.jpg"),
        size=len(photo.content),
    )
