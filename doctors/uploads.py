"""Checks and processing for files doctors upload. Every check reads the content: a file's
name and the browser's content type are the applicant's word, not evidence.

- Proof documents: a PDF that pypdf reads, with no scripts, actions or web-page markup
  (portal.pdfs), or a PNG/JPEG image that Pillow can open and verify; at most 5 MB each
  and 5 per application. Stored under a random name with the extension of the type found
  here (CheckedDocument.extension), never the uploader's.
- Photos: a PNG, JPEG or WebP image, at most 5 MB, cropped square and stored as
  renditions (PHOTO_WIDTHS, WebP and JPEG) without EXIF data such as where the photo was
  taken.

Images go through the portal's one image pipeline, portal.images.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext, gettext_lazy

from portal.images import ImageTooLarge, NotAnImage, image_check, image_format, image_renditions
from portal.pdfs import ACTIVE, ENCRYPTED, BadPdf, pdf_check

MAX_DOCUMENT_BYTES = 5 * 1024 * 1024
MAX_DOCUMENTS = 5
MAX_PHOTO_BYTES = 5 * 1024 * 1024
# Square sizes for avatars (44 px beside answers, 88 px on the profile) at 1x and 2x.
PHOTO_WIDTHS = (96, 192, 384)
PHOTO_FOLDER = "doctors/photos"

PDF_MAGIC = b"%PDF-"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
JPEG_MAGIC = b"\xff\xd8\xff"
_DOCUMENT_IMAGE_FORMATS = {"PNG": "png", "JPEG": "jpeg"}
_PHOTO_FORMATS = {"PNG", "JPEG", "WEBP"}


@dataclass(frozen=True)
class CheckedDocument:
    file: UploadedFile
    kind: str  # a ProofDocument.Kind value
    original_name: str
    size: int


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def _display_name(upload: UploadedFile) -> str:
    name = (upload.name or "document").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable()).strip()
    return (name or "document")[:120]


def _head(upload: UploadedFile, count: int = 16) -> bytes:
    upload.seek(0)
    head = upload.read(count)
    upload.seek(0)
    return head


_PDF_MESSAGES = {
    ACTIVE: gettext_lazy(
        "“%(name)s” contains scripts, actions or embedded files, which we do not accept "
        "for safety. Print it to a new PDF, or upload a photo of the page."
    ),
    ENCRYPTED: gettext_lazy(
        "“%(name)s” is protected by a password, so staff could not open it. Save a copy "
        "without the password, or upload a photo of the page."
    ),
}
_PDF_UNREADABLE = gettext_lazy(
    "“%(name)s” could not be read as a PDF: it may be damaged or not a PDF at all. Save or "
    "print it to a new PDF, or upload a photo of the page."
)


def _check_pdf(upload: UploadedFile, name: str) -> None:
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    try:
        pdf_check(data)
    except BadPdf as exc:
        message = _PDF_MESSAGES.get(exc.code, _PDF_UNREADABLE)
        raise ValidationError(message % {"name": name}, code=f"pdf_{exc.code}") from exc


def check_proof_document(upload: UploadedFile) -> CheckedDocument:
    """The upload as a proof document, or a ValidationError saying what is wrong with it."""
    name = _display_name(upload)
    if upload.size > MAX_DOCUMENT_BYTES:
        raise ValidationError(
            gettext(
                "“%(name)s” is %(size)s; each document may be at most %(limit)s. Try a "
                "smaller scan or a photo of the page."
            )
            % {"name": name, "size": _mb(upload.size), "limit": _mb(MAX_DOCUMENT_BYTES)},
            code="too_large",
        )
    if upload.size == 0:
        raise ValidationError(gettext("“%(name)s” is empty.") % {"name": name}, code="empty")
    head = _head(upload)
    if head.startswith(PDF_MAGIC):
        _check_pdf(upload, name)
        kind = "pdf"
    elif head.startswith((PNG_MAGIC, JPEG_MAGIC)):
        try:
            kind = _DOCUMENT_IMAGE_FORMATS.get(image_format(upload))
        except ImageTooLarge as exc:
            raise ValidationError(exc.message(name), code="too_many_pixels") from exc
    else:
        kind = None
    if kind is None:
        raise ValidationError(
            gettext(
                "“%(name)s” is not a PDF, PNG or JPEG file. Upload your certificate as a PDF "
                "or a photo (PNG or JPEG)."
            )
            % {"name": name},
            code="bad_type",
        )
    return CheckedDocument(file=upload, kind=kind, original_name=name, size=upload.size)


def check_proof_documents(uploads: list[UploadedFile], *, already_kept: int) -> list:
    """Check each upload and the count; every problem is reported at once."""
    errors, checked = [], []
    for upload in uploads:
        try:
            checked.append(check_proof_document(upload))
        except ValidationError as exc:
            errors.extend(exc.error_list)
    total = already_kept + len(uploads)
    if total > MAX_DOCUMENTS:
        errors.append(
            ValidationError(
                gettext(
                    "An application may hold at most %(limit)d documents; this would make "
                    "%(total)d. Remove some or combine pages into one PDF."
                )
                % {"limit": MAX_DOCUMENTS, "total": total},
                code="too_many",
            )
        )
    if total == 0:
        errors.append(
            ValidationError(
                gettext(
                    "Add at least one proof document: your registration certificate, as a "
                    "PDF or a photo."
                ),
                code="required",
            )
        )
    if errors:
        raise ValidationError(errors)
    return checked


def _damaged(name: str) -> str:
    return gettext(
        "“%(name)s” is damaged or incomplete: save it again and upload the new file."
    ) % {"name": name}


def check_photo(upload: UploadedFile) -> None:
    name = _display_name(upload)
    if upload.size > MAX_PHOTO_BYTES:
        raise ValidationError(
            gettext("The photo “%(name)s” is %(size)s; it may be at most %(limit)s.")
            % {"name": name, "size": _mb(upload.size), "limit": _mb(MAX_PHOTO_BYTES)},
            code="too_large",
        )
    try:
        photo_format = image_format(upload)
    except ImageTooLarge as exc:
        raise ValidationError(exc.message(name), code="too_many_pixels") from exc
    if photo_format not in _PHOTO_FORMATS:
        raise ValidationError(
            gettext("“%(name)s” is not a photo we can use: upload a JPEG, PNG or WebP image.")
            % {"name": name},
            code="bad_type",
        )
    if image_check(upload) is None:
        raise ValidationError(_damaged(name), code="bad_image")


def process_photo(upload: UploadedFile) -> dict:
    """The photo, checked, turned upright, cropped square and stored as renditions
    (portal.images); returns their JSON for DoctorProfile.photo_renditions."""
    check_photo(upload)
    try:
        return image_renditions(upload, folder=PHOTO_FOLDER, widths=PHOTO_WIDTHS, aspect=1.0)
    except NotAnImage as exc:  # passed the header check, but the pixels are damaged
        raise ValidationError(_damaged(_display_name(upload)), code="bad_image") from exc
