"""Files a patient might attach, good and hostile, made in memory."""

import io
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tests.doctors.files import image_bytes, minimal_pdf

# EXIF with a camera make and a GPS block (tag 0x8825), as phones write it.
GPS_IFD = 0x8825


def photo_with_location(name: str = "rash.jpg") -> SimpleUploadedFile:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[GPS_IFD] = {1: "N", 2: (12.0, 58.0, 0.0), 3: "E", 4: (77.0, 35.0, 0.0)}
    return SimpleUploadedFile(
        name, image_bytes("JPEG", size=(1200, 900), exif=exif), content_type="image/jpeg"
    )


def png(name: str = "report.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, image_bytes("PNG", size=(400, 300)), content_type="image/png")


def pdf(name: str = "blood-test.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(
        name, minimal_pdf(["Blood test", "Haemoglobin 13.1"]), content_type="application/pdf"
    )


def pdf_with_javascript(name: str = "report.pdf") -> SimpleUploadedFile:
    data = minimal_pdf(["Report"]).replace(
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Catalog /Pages 2 0 R /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>",
    )
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def pdf_with_hidden_javascript(name: str = "scan.pdf") -> SimpleUploadedFile:
    """The action hidden in a Flate-compressed object stream, its name escaped (#4A = J)."""
    hidden = zlib.compress(b"<< /S /#4AavaScript /#4AS (app.alert(1)) >>")
    data = minimal_pdf(["Scan"]) + (
        b"6 0 obj\n<< /Type /ObjStm /Filter /FlateDecode /Length %d >>\nstream\n" % len(hidden)
        + hidden
        + b"\nendstream\nendobj\n"
    )
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def svg(name: str = "rash.svg") -> SimpleUploadedFile:
    data = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    return SimpleUploadedFile(name, data, content_type="image/svg+xml")


def html_as_jpeg(name: str = "photo.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(
        name, b"<html><script>alert(1)</script></html>", content_type="image/jpeg"
    )


def empty(name: str = "blank.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"", content_type="image/jpeg")


def oversized(name: str = "huge.pdf") -> SimpleUploadedFile:
    data = minimal_pdf(["Big"])
    data += b"%" + b"0" * (10 * 1024 * 1024 + 1 - len(data))
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def decompression_bomb(name: str = "bomb.png") -> SimpleUploadedFile:
    """A small PNG that claims 9000 x 9000 pixels (81 million, over the pipeline's limit)."""
    buffer = io.BytesIO()
    Image.new("1", (9000, 9000)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")
