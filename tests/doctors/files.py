"""Real files for upload tests, made in memory: a PDF, PNG and JPEG images, and an
executable dressed up as a PDF."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


def minimal_pdf(lines: list[str]) -> bytes:
    """A small, valid one-page PDF showing ``lines`` (ASCII)."""
    text = "\n".join(
        f"BT /F1 {14 if i == 0 else 11} Tf 72 {740 - 24 * i} Td ({line}) Tj ET"
        for i, line in enumerate(lines)
    ).encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(text) + text + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


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
