"""doctors.uploads: files are judged by their content, not their names."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from doctors.uploads import (
    MAX_DOCUMENTS,
    PHOTO_WIDTHS,
    check_proof_document,
    check_proof_documents,
    process_photo,
)

from .files import (
    exe_as_pdf_upload,
    image_bytes,
    jpeg_upload,
    oversized_pdf_upload,
    pdf_bytes,
    pdf_upload,
    png_upload,
)


@pytest.mark.parametrize(
    ("upload", "kind"),
    [
        (pdf_upload(), "pdf"),
        (png_upload(), "png"),
        (jpeg_upload("scan.jpeg"), "jpeg"),
        # The name does not matter; the content does.
        (SimpleUploadedFile("certificate.txt", pdf_bytes()), "pdf"),
        (SimpleUploadedFile("scan.pdf", image_bytes("PNG")), "png"),
    ],
)
def test_real_documents_are_accepted_by_content(upload, kind):
    checked = check_proof_document(upload)

    assert checked.kind == kind
    assert checked.size == upload.size


@pytest.mark.parametrize(
    "upload",
    [
        exe_as_pdf_upload(),
        SimpleUploadedFile("script.pdf", b"#!/bin/sh\nrm -rf /\n"),
        SimpleUploadedFile("page.pdf", b"<html><script>alert(1)</script></html>"),
        # Image magic bytes with nothing valid behind them.
        SimpleUploadedFile("broken.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 200),
        SimpleUploadedFile("broken.jpg", b"\xff\xd8\xff\xe0" + b"junk" * 50),
        # A real image, but not one of the formats we accept.
        SimpleUploadedFile("scan.pdf", image_bytes("GIF")),
    ],
)
def test_other_content_is_rejected_whatever_its_name(upload):
    with pytest.raises(ValidationError) as exc:
        check_proof_document(upload)

    assert exc.value.code == "bad_type"
    assert "is not a PDF, PNG or JPEG file" in exc.value.messages[0]


def test_oversized_and_empty_documents_are_rejected():
    with pytest.raises(ValidationError) as exc:
        check_proof_document(oversized_pdf_upload())
    assert exc.value.code == "too_large"
    assert "5.5 MB" in exc.value.messages[0]

    with pytest.raises(ValidationError) as exc:
        check_proof_document(SimpleUploadedFile("empty.pdf", b""))
    assert exc.value.code == "empty"


def test_count_is_bounded_and_at_least_one_document_is_needed():
    with pytest.raises(ValidationError) as exc:
        check_proof_documents([pdf_upload() for _ in range(2)], already_kept=MAX_DOCUMENTS - 1)
    assert "at most 5 documents" in exc.value.messages[0]

    with pytest.raises(ValidationError) as exc:
        check_proof_documents([], already_kept=0)
    assert "at least one proof document" in exc.value.messages[0]

    assert len(check_proof_documents([pdf_upload()], already_kept=MAX_DOCUMENTS - 1)) == 1


def test_every_problem_is_reported_at_once():
    with pytest.raises(ValidationError) as exc:
        check_proof_documents(
            [exe_as_pdf_upload("a.pdf"), oversized_pdf_upload("b.pdf")], already_kept=0
        )

    text = " ".join(exc.value.messages)
    assert "“a.pdf” is not a PDF" in text
    assert "“b.pdf” is 5.5 MB" in text


def _open(name):
    return Image.open(default_storage.open(name))


def test_photo_is_cropped_square_resized_and_loses_its_exif():
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    upload = jpeg_upload("me.jpg", size=(2000, 1500), exif=exif.tobytes())

    renditions = process_photo(upload)

    assert [size["w"] for size in renditions["jpeg"]] == list(PHOTO_WIDTHS)
    assert [size["w"] for size in renditions["webp"]] == list(PHOTO_WIDTHS)
    for kind, fmt in (("jpeg", "JPEG"), ("webp", "WEBP")):
        for size in renditions[kind]:
            with _open(size["name"]) as image:
                assert image.format == fmt
                assert image.size == (size["w"], size["w"]) == (size["w"], size["h"])
                assert not image.getexif()
            assert "me" not in size["name"].rsplit("/", 1)[-1]


def test_transparent_png_photo_lies_on_white():
    renditions = process_photo(png_upload("me.png", size=(300, 300), color=(0, 0, 0, 0)))

    with _open(renditions["jpeg"][-1]["name"]) as image:
        assert image.format == "JPEG" and image.size == (192, 192)
        assert image.getpixel((10, 10)) == (255, 255, 255)


def test_a_damaged_photo_is_a_clear_error():
    whole = image_bytes("JPEG", size=(800, 800))
    upload = SimpleUploadedFile("me.jpg", whole[: len(whole) // 2])

    with pytest.raises(ValidationError) as exc:
        process_photo(upload)

    assert exc.value.code == "bad_image"
    assert exc.value.messages == [
        "“me.jpg” is damaged or incomplete: save it again and upload the new file."
    ]


@pytest.mark.parametrize(
    "upload",
    [
        pdf_upload("me.jpg"),
        exe_as_pdf_upload("me.png"),
        SimpleUploadedFile("me.gif", image_bytes("GIF")),
    ],
)
def test_a_photo_must_be_an_image_we_accept(upload):
    with pytest.raises(ValidationError) as exc:
        process_photo(upload)
    assert exc.value.code == "bad_type"
