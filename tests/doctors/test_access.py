"""Every doctor page, by role: visitor, patient, applicant, verified doctor, expired doctor,
staff without and with the verification permission. Proof documents never leave the
portal except to a verifier."""

import pytest
from django.urls import reverse

from doctors.models import ProofDocument
from portal.accounts.models import AuditLogEntry
from tests.factories import DoctorFactory, UserFactory
from tests.questions.helpers import answered_question

from .conftest import submit
from .files import pdf_bytes

pytestmark = pytest.mark.django_db

ROLES = ["visitor", "patient", "applicant", "doctor", "expired_doctor", "staff", "verifier"]
LOGIN = "login"  # a redirect to the login page


@pytest.fixture
def as_role(request, client):
    def log_in(role):
        if role != "visitor":
            person = request.getfixturevalue(role)
            client.force_login(getattr(person, "user", person))
        return client

    return log_in


@pytest.fixture
def pending(db, specialty):
    """Someone else's pending application, with a PDF proof document."""
    return submit(UserFactory(email="someone@example.org"), specialties=[specialty])


def outcome(response) -> int | str:
    if response.status_code == 302:
        location = response["Location"]
        return LOGIN if location.startswith(reverse("account_login")) else location
    return response.status_code


EXPECTED_GET = {
    # view: visitor, patient, applicant, doctor, expired doctor, staff, verifier
    "doctors:apply": [
        LOGIN,
        200,
        200,
        "/doctors/dashboard/profile/",
        "/doctors/dashboard/reconfirm/",
        200,
        200,
    ],
    "questions:dashboard": [LOGIN, 403, 200, 200, 200, 403, 403],
    "doctors:profile_edit": [LOGIN, 403, 403, 200, 403, 403, 403],
    "doctors:reconfirm": [LOGIN, 403, 403, 403, 200, 403, 403],
    "doctors:verification_queue": [403, 403, 403, 403, 403, 403, 200],
}


@pytest.mark.parametrize("view", EXPECTED_GET)
@pytest.mark.parametrize("role", ROLES)
def test_pages_by_role(as_role, view, role):
    response = as_role(role).get(reverse(view))

    assert outcome(response) == EXPECTED_GET[view][ROLES.index(role)]


@pytest.mark.parametrize("role", ROLES)
def test_review_page_and_decision_by_role(as_role, pending, role):
    client = as_role(role)
    url = reverse("doctors:verification_detail", args=[pending.pk])

    get = client.get(url)
    post = client.post(url, {"decision": "approve"})

    pending.refresh_from_db()
    if role == "verifier":
        assert get.status_code == 200
        assert post.status_code == 302
        assert pending.is_verified
    else:
        assert (get.status_code, post.status_code) == (403, 403)
        assert pending.application_status == "pending"


@pytest.mark.parametrize("role", ROLES)
def test_public_profiles_by_role(as_role, doctor, expired_doctor, applicant, role):
    client = as_role(role)

    assert client.get(reverse("directory:doctor", args=[doctor.slug])).status_code == 200
    # A lapsed doctor's earlier answers link to their page, which says so.
    lapsed = client.get(reverse("directory:doctor", args=[expired_doctor.slug]))
    assert lapsed.status_code == 200
    assert "Verification record: not current" in lapsed.content.decode()
    assert client.get(reverse("directory:doctor", args=[applicant.slug])).status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_agreeing_by_role(as_role, patient, role):
    question = answered_question(doctors=[DoctorFactory(full_name="Other Author")], author=patient)
    answer = question.answers.get()

    response = as_role(role).post(reverse("questions:agree", args=[answer.pk]))

    answer.refresh_from_db()
    if role == "visitor":
        assert outcome(response) == LOGIN
    elif role == "doctor":
        assert response.status_code == 302
        assert answer.agree_count == 1
    else:
        assert response.status_code == 403
    if role != "doctor":
        assert answer.agree_count == 0


# --- Proof documents ---------------------------------------------------------------------
@pytest.mark.parametrize("role", [r for r in ROLES if r != "verifier"])
def test_a_guessed_document_url_gives_no_file(as_role, pending, role):
    document = pending.documents.get()
    client = as_role(role)

    for pk in (document.pk, document.pk + 1, 999_999):
        response = client.get(reverse("doctors:document", args=[pk]))
        assert response.status_code in (403, 404)
        assert not response.has_header("Content-Disposition")
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert b"%PDF" not in body
    assert not AuditLogEntry.objects.filter(action="download_proof_document").exists()


def test_the_applicant_cannot_download_their_own_documents(client, pending):
    client.force_login(pending.user)

    assert client.get(pending.documents.get().get_absolute_url()).status_code == 403


def test_media_urls_do_not_reach_private_files(client, pending):
    document = pending.documents.get()

    for guess in (
        f"/media/{document.file.name}",
        f"/private/{document.file.name}",
        f"/{document.file.name}",
    ):
        response = client.get(guess)
        assert response.status_code == 404


def test_a_verifier_downloads_the_file_as_an_attachment_and_it_is_audited(
    client, pending, verifier
):
    document = pending.documents.get()
    client.force_login(verifier)

    response = client.get(document.get_absolute_url())

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="doctor-{pending.pk}-document-{document.pk}.pdf"'
    )
    assert "no-store" in response["Cache-Control"]
    assert "sandbox" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content) == pdf_bytes()
    entry = AuditLogEntry.objects.get(action="download_proof_document")
    assert (entry.actor, entry.target_type, entry.target_id) == (
        verifier,
        "doctors.proofdocument",
        str(document.pk),
    )


def test_a_verifier_asking_for_a_missing_document_gets_a_404(client, verifier):
    client.force_login(verifier)

    assert client.get(reverse("doctors:document", args=[12345])).status_code == 404
    assert not ProofDocument.objects.exists()
