"""Real files for upload tests, made in memory: a PDF, PNG and JPEG images, and an
executable dressed up as a PDF."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from doctors.demo import minimal_pdf


def pdf_bytes(title: str = "Certificate of Registration") -> bytes:
    return minimal_pdf([title, "Registration number TEST/2015/1234"])


def image_bytes(fmt: str = "PNG", size=(800, 500), color=(20, 110, 100), exif=None) -> bytes:
    buffer = io.BytesIO()
    image = Image.new("RGBA" if fmt == "PNG" else "RGB", size, color)
    kwargs = {"exif": exif} if exif is not None else {}
    image.save(buffer, format=fmt, **kwargs)
    return buffer.getvalue()


def executable_bytes() -> bytes:
    """The start of a Windows PE executable: "MZ", a DOS stub, then padding."""
    return (
        b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff"
        + b"This program cannot be run in DOS mode.\r\n"
        + b"\x00" * 2048
    )


def pdf_upload(name: str = "registration.pdf", data: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data or pdf_bytes(), content_type="application/pdf")


def png_upload(name: str = "certificate.png", **kwargs) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, image_bytes("PNG", **kwargs), content_type="image/png")


def jpeg_upload(name: str = "photo.jpg", **kwargs) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, image_bytes("JPEG", **kwargs), content_type="image/jpeg")


def exe_as_pdf_upload(name: str = "certificate.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, executable_bytes(), content_type="application/pdf")


def oversized_pdf_upload(name: str = "huge-scan.pdf", megabytes: float = 5.5) -> SimpleUploadedFile:
    data = pdf_bytes()
    data += b"%" + b"0" * (int(megabytes * 1024 * 1024) - len(data))
    return SimpleUploadedFile(name, data, content_type="application/pdf")
