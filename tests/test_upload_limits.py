"""Issue 15, point 8: image memory amplification and request size. A picture's size is
read from its header and refused before decoding; a request larger than the largest
legitimate one is a 413 before its body is read; a file over the per-file cap is dropped as
it streams, and the form says so with everything typed kept."""

import io
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.urls import reverse
from PIL import Image

from doctors.uploads import check_photo, check_proof_document
from portal.images import MAX_IMAGE_PIXELS
from questions import messages
from questions.attachments import check_attachment
from questions.models import Question

BASE_DIR = Path(__file__).resolve().parent.parent
TEXT = "An itchy red rash on both elbows for three weeks, worse at night."


def big_png(side: int = 6300) -> bytes:
    """A PNG of side x side pixels that weighs little (one colour compresses to nothing)."""
    buffer = io.BytesIO()
    Image.new("1", (side, side)).save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def test_issue15_point8_the_pixel_limit_is_lower_and_pillows_guard_matches():
    assert MAX_IMAGE_PIXELS <= 25_000_000
    assert Image.MAX_IMAGE_PIXELS == MAX_IMAGE_PIXELS
    assert 6300 * 6300 > MAX_IMAGE_PIXELS


@pytest.mark.parametrize(
    "check", [check_attachment, check_proof_document, check_photo], ids=lambda c: c.__name__
)
def test_issue15_point8_a_6300x6300_png_is_refused_with_a_clear_message(check):
    data = big_png()
    assert len(data) < 200 * 1024
    with pytest.raises(ValidationError) as caught:
        check(SimpleUploadedFile("scan.png", data, content_type="image/png"))
    assert caught.value.error_list[0].code == "too_many_pixels"
    message = caught.value.messages[0]
    assert "“scan.png” is 6300×6300 pixels" in message and "25 megapixels" in message


def test_issue15_point8_the_6300x6300_png_is_refused_without_decoding_it():
    """Measured in a fresh interpreter: the process's peak memory barely moves (on main it
    grew by about 480 MB, decoding 39.7 million pixels)."""
    script = textwrap.dedent(
        """
        import io, json, resource
        from PIL import Image
        from portal.images import NotAnImage, image_reencode
        buffer = io.BytesIO()
        Image.new("1", (6300, 6300)).save(buffer, format="PNG", optimize=True)
        data = io.BytesIO(buffer.getvalue())
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        refused = False
        try:
            image_reencode(data, max_size=(2000, 2000), quality=85)
        except NotAnImage:
            refused = True
        after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print(json.dumps({"refused": refused, "grew_kb": after - before}))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=BASE_DIR, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    measured = json.loads(result.stdout)
    assert measured["refused"] is True
    assert measured["grew_kb"] < 20 * 1024, measured


@pytest.mark.django_db
def test_issue15_point8_the_ask_form_refuses_the_big_png_and_keeps_the_text(client, patient):
    client.force_login(patient)
    upload = SimpleUploadedFile("rash.png", big_png(), content_type="image/png")
    response = client.post(
        reverse("questions:ask"),
        {"text": TEXT, "age": "34", "gender": "female", "specialty": "", "attachments": [upload]},
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "6300×6300 pixels" in content
    assert TEXT in content
    assert not Question.objects.exists()


def _multipart(fields: dict[str, str], files: dict[str, tuple[str, bytes]]) -> tuple[bytes, str]:
    boundary = "----portalboundary"
    parts = []
    for name, value in fields.items():
        disposition = f'Content-Disposition: form-data; name="{name}"'
        parts.append(f"--{boundary}\r\n{disposition}\r\n\r\n{value}\r\n".encode())
    for name, (filename, data) in files.items():
        parts.append(
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                f'filename="{filename}"\r\nContent-Type: application/pdf\r\n\r\n'
            ).encode()
            + data
            + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


class StoredBytes(FileUploadHandler):
    """Sits just before Django's memory and temporary-file handlers and counts what they
    would be given to keep."""

    received = 0

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)

    def receive_data_chunk(self, raw_data, start):
        StoredBytes.received += len(raw_data)
        return raw_data

    def file_complete(self, file_size):
        return None


@pytest.mark.django_db
def test_issue15_point8_a_file_over_the_cap_is_dropped_while_streaming_and_named_in_the_form(
    client, patient, settings
):
    """The file is never stored whole: nothing past UPLOAD_MAX_FILE_BYTES reaches the
    handlers that keep it; the form says how large it was and keeps the question."""
    settings.UPLOAD_MAX_FILE_BYTES = 1024 * 1024
    handlers = list(settings.FILE_UPLOAD_HANDLERS)
    at = handlers.index("django.core.files.uploadhandler.MemoryFileUploadHandler")
    handlers.insert(at, "tests.test_upload_limits.StoredBytes")
    settings.FILE_UPLOAD_HANDLERS = handlers
    StoredBytes.received = 0
    client.force_login(patient)
    huge = b"%PDF-1.4\n" + b"0" * (12 * 1024 * 1024)
    body, content_type = _multipart(
        {"text": TEXT, "age": "34", "gender": "female", "specialty": ""},
        {"attachments": ("huge-scan.pdf", huge)},
    )
    response = client.generic("POST", reverse("questions:ask"), body, content_type=content_type)
    assert response.status_code == 200
    content = response.content.decode()
    expected = messages.ATTACHMENT_TOO_LARGE % {
        "name": "huge-scan.pdf",
        "size": "12 MB",
        "limit": "10 MB",
    }
    assert expected in content
    assert TEXT in content
    assert not Question.objects.exists()
    assert 0 < StoredBytes.received <= settings.UPLOAD_MAX_FILE_BYTES


@pytest.mark.django_db
def test_issue15_point8_a_request_over_the_total_cap_is_413_before_its_body_is_read(
    client, patient, settings
):
    settings.UPLOAD_MAX_REQUEST_BYTES = 1024 * 1024
    client.force_login(patient)

    class Unreadable(io.BytesIO):
        def read(self, *args):
            raise AssertionError("the body was read")

    body, content_type = _multipart({"text": TEXT}, {"attachments": ("a.pdf", b"0" * 2_000_000)})
    response = client.generic(
        "POST",
        reverse("questions:ask"),
        b"",
        content_type=content_type,
        CONTENT_LENGTH=str(len(body)),
        **{"wsgi.input": Unreadable(body)},
    )
    assert response.status_code == 413
    content = response.content.decode()
    assert "1.9 MB" in content and "1.0 MB" in content
    assert response["Connection"] == "close"
    assert (
        "Content-Security-Policy-Report-Only" in response or "Content-Security-Policy" in response
    )


def test_issue15_point8_request_size_settings_are_set():
    from django.conf import settings

    assert settings.FILE_UPLOAD_HANDLERS[0] == "portal.uploads.LimitedUploadHandler"
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE <= 2_621_440
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE <= 2_621_440
    assert settings.UPLOAD_MAX_REQUEST_BYTES == 45 * 1024 * 1024
    assert settings.DATA_UPLOAD_MAX_NUMBER_FILES <= 20
