"""Photos and reports attached to a question: checked by content, stored privately without
metadata, seen only by the asker, verified doctors and moderators (staff looks audited),
never on public pages."""

import io
import json
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from PIL import Image

from portal.accounts.models import AuditLogEntry
from portal.images import IMAGE_TOO_LARGE
from questions import messages
from questions.models import Attachment, Question
from questions.services import answer_create, attachments_add, question_create
from tests.questions import files
from tests.questions.helpers import ANSWER_BODY

pytestmark = pytest.mark.django_db

TEXT = "An itchy red rash on both elbows for three weeks, worse at night."
ASK_URL = reverse("questions:ask")


def ask(client, *uploads, **extra):
    data = {"text": TEXT, "age": "34", "gender": "female", "specialty": "", **extra}
    if uploads:
        data["attachments"] = list(uploads)
    return client.post(ASK_URL, data)


@pytest.fixture
def question_with_photo(patient):
    question = question_create(author=patient, text=TEXT, age=34, gender="female")
    attachments_add(user=patient, question=question, files=[files.photo_with_location()])
    return question


def test_a_photo_is_stored_privately_as_a_fresh_jpeg_without_location(client, patient, file_roots):
    client.force_login(patient)
    response = ask(client, files.photo_with_location())

    question = Question.objects.get()
    assert response.status_code == 302
    attachment = question.attachments.get()
    assert attachment.kind == Attachment.Kind.IMAGE
    assert attachment.original_name == "rash.jpg"
    stored = Path(attachment.file.path)
    assert stored.is_relative_to(file_roots / "private")
    assert (
        not list((file_roots / "media").rglob("*.jpg")) if (file_roots / "media").exists() else True
    )
    with Image.open(stored) as image:
        assert image.format == "JPEG"
        assert not image.getexif()
        assert files.GPS_IFD not in image.getexif()
    with Image.open(attachment.thumbnail.path) as thumb:
        assert max(thumb.size) <= 320
    with pytest.raises(ValueError):
        attachment.file.url  # noqa: B018 - private files have no URL


def test_a_pdf_report_is_kept_and_downloaded_not_shown_inline(client, patient):
    client.force_login(patient)
    ask(client, files.pdf())
    attachment = Attachment.objects.get()

    response = client.get(attachment.get_absolute_url())

    assert attachment.kind == Attachment.Kind.PDF
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


@pytest.mark.parametrize(
    ("upload", "message", "code"),
    [
        (files.empty, messages.ATTACHMENT_EMPTY, "empty"),
        (files.oversized, messages.ATTACHMENT_TOO_LARGE, "too_large"),
        (files.pdf_with_javascript, messages.ATTACHMENT_PDF_ACTIVE, "pdf_active"),
        (files.pdf_with_hidden_javascript, messages.ATTACHMENT_PDF_ACTIVE, "pdf_active"),
        (files.svg, messages.ATTACHMENT_BAD_TYPE, "bad_type"),
        (files.html_as_jpeg, messages.ATTACHMENT_BAD_TYPE, "bad_type"),
        (files.decompression_bomb, IMAGE_TOO_LARGE, "too_many_pixels"),
    ],
    ids=[
        "empty",
        "oversized",
        "pdf-javascript",
        "pdf-hidden-javascript",
        "svg",
        "html-as-jpeg",
        "decompression-bomb",
    ],
)
def test_a_bad_file_is_refused_with_its_name_and_nothing_is_stored(patient, upload, message, code):
    question = question_create(author=patient, text=TEXT, age=34, gender="female")
    bad = upload()

    with pytest.raises(ValidationError) as caught:
        attachments_add(user=patient, question=question, files=[files.png(), bad])

    assert [e.code for e in caught.value.error_list] == [code]
    assert caught.value.messages[0].startswith(message.split("%(name)s")[0])
    assert bad.name in caught.value.messages[0]
    assert not Attachment.objects.exists()


def test_twenty_files_at_once_are_refused_and_the_text_is_kept(client, patient):
    client.force_login(patient)
    response = ask(client, *[files.png(f"page-{i}.png") for i in range(20)])

    assert response.status_code == 200
    content = response.content.decode()
    assert messages.ATTACHMENT_TOO_MANY % {"limit": 4, "total": 20} in content
    assert TEXT in content
    assert not Question.objects.exists()
    assert not Attachment.objects.exists()


def test_a_rejected_file_keeps_the_text_and_the_good_files(client, patient):
    client.force_login(patient)
    response = ask(client, files.photo_with_location(), files.svg())

    content = response.content.decode()
    assert response.status_code == 200
    assert not Question.objects.exists()
    assert TEXT in content
    assert "rash.svg" in content
    kept = Attachment.objects.get()
    assert kept.question is None
    assert f'name="kept_attachments" value="{kept.pk}" checked' in content
    assert messages.ATTACHMENTS_KEPT in content

    # Posted again with the kept file ticked and nothing new: the question has it.
    response = ask(client, kept_attachments=[str(kept.pk)])
    question = Question.objects.get()
    assert response.status_code == 302
    assert list(question.attachments.all()) == [kept]


def test_another_accounts_staged_file_cannot_be_claimed(client, patient, other_patient):
    client.force_login(other_patient)
    ask(client, files.png(), text="x")  # too short: the file is staged, no question
    theirs = Attachment.objects.get()
    client.force_login(patient)

    ask(client, kept_attachments=[str(theirs.pk)])

    question = Question.objects.get(author=patient)
    assert not question.attachments.exists()
    assert Attachment.objects.get(pk=theirs.pk).question is None


def test_a_visitor_is_told_files_must_be_added_again_after_sign_up(client):
    response = ask(client, files.png(), consent="on")

    assert response.status_code == 302
    assert not Attachment.objects.exists()
    page = client.get(response["Location"])
    assert messages.ATTACHMENTS_AFTER_SIGNUP in page.content.decode()


def test_files_can_be_added_while_unanswered_only(client, patient, doctor):
    question = question_create(author=patient, text=TEXT, age=34, gender="female")
    client.force_login(patient)

    client.post(reverse("questions:attach", args=[question.pk]), {"attachments": [files.pdf()]})
    assert question.attachments.count() == 1

    answer_create(user=doctor.user, question=question, body=ANSWER_BODY)
    question.refresh_from_db()
    with pytest.raises(ValidationError) as caught:
        attachments_add(user=patient, question=question, files=[files.png()])
    assert caught.value.messages == [messages.ATTACHMENT_ANSWERED]


def test_only_the_asker_can_add_files(client, question_with_photo, other_patient):
    with pytest.raises(PermissionDenied):
        attachments_add(user=other_patient, question=question_with_photo, files=[files.png()])
    client.force_login(other_patient)
    response = client.post(
        reverse("questions:attach", args=[question_with_photo.pk]), {"attachments": [files.png()]}
    )
    assert response.status_code == 403
    assert question_with_photo.attachments.count() == 1


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("asker", 200),
        ("doctor", 200),
        ("moderator", 200),
        ("other_patient", 404),
        ("applicant", 404),
        ("verifier", 404),
        ("visitor", 302),
    ],
)
def test_who_can_open_an_attachment(
    client, question_with_photo, role, status, doctor, staff, other_patient, applicant, verifier
):
    users = {
        "asker": question_with_photo.author,
        "doctor": doctor.user,
        "moderator": staff,
        "other_patient": other_patient,
        "applicant": applicant.user,
        "verifier": verifier,
        "visitor": None,
    }
    if users[role]:
        client.force_login(users[role])
    attachment = question_with_photo.attachments.get()

    for url in (attachment.get_absolute_url(), attachment.get_thumbnail_url()):
        response = client.get(url)
        assert response.status_code == status, url
        if status == 200:
            assert response["Cache-Control"] == "private, no-store"
    audited = AuditLogEntry.objects.filter(action="view_question_attachment").count()
    assert audited == (2 if role == "moderator" else 0)


def test_the_public_page_counts_the_files_and_shows_none(client, question_with_photo, doctor):
    attachments_add(
        user=question_with_photo.author, question=question_with_photo, files=[files.pdf()]
    )
    answer_create(user=doctor.user, question=question_with_photo, body=ANSWER_BODY)
    attachment_urls = [a.get_absolute_url() for a in question_with_photo.attachments.all()]

    page = client.get(question_with_photo.get_absolute_url()).content.decode()

    assert "The patient attached 1 photo and 1 report for the doctors." in page
    assert "/attachments/" not in page
    assert "rash.jpg" not in page
    jsonld = page.split('type="application/ld+json">')[1].split("</script>")[0]
    assert "attach" not in json.loads(jsonld).__repr__().lower()
    sitemap = client.get("/sitemap-questions.xml").content.decode()
    assert not any(url in sitemap for url in attachment_urls)


def test_doctors_see_thumbnails_on_the_question_page_and_dashboard(
    client, question_with_photo, doctor
):
    attachment = question_with_photo.attachments.get()
    client.force_login(doctor.user)

    page = client.get(question_with_photo.get_absolute_url()).content.decode()
    dashboard = client.get(reverse("questions:dashboard")).content.decode()

    assert attachment.get_thumbnail_url() in page
    assert attachment.get_thumbnail_url() in dashboard


def test_a_re_encoded_photo_keeps_its_pixels(patient):
    question = question_create(author=patient, text=TEXT, age=34, gender="female")
    attachments_add(user=patient, question=question, files=[files.png()])
    attachment = question.attachments.get()
    with attachment.file.open("rb") as handle, Image.open(io.BytesIO(handle.read())) as image:
        assert image.size == (400, 300)
        assert image.getpixel((10, 10))[1] > 90  # the green of the original, on white
