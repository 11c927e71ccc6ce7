"""The application form, the public-profile editor and re-confirmation, through the views:
real uploads, errors that keep what was typed, and state changes."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from doctors.models import ApplicationStatus, DoctorProfile, ProofDocument
from doctors.services import doctor_application_request_info

from .files import exe_as_pdf_upload, jpeg_upload, oversized_pdf_upload, pdf_upload, png_upload

pytestmark = pytest.mark.django_db

APPLY_URL = reverse("doctors:apply")


def form_data(specialty, **overrides) -> dict:
    data = {
        "full_name": "Meera Joshi",
        "registration_number": "MMC 2015/02/1234",
        "licensing_council": "mmc",
        "licensing_council_other": "",
        "registration_year": "2015",
        "specialties": [str(specialty.pk)],
        "years_of_experience": "9",
        "languages": "English, Marathi",
        "city": "",
        "clinic": "Sunrise Skin Clinic, Andheri West",
        "consultation_fee": "700",
        "bio": "I treat acne, eczema and psoriasis.",
        "q-TOTAL_FORMS": "2",
        "q-INITIAL_FORMS": "0",
        "q-MIN_NUM_FORMS": "1",
        "q-MAX_NUM_FORMS": "10",
        "q-0-degree": "MBBS",
        "q-0-institution": "Grant Medical College, Mumbai",
        "q-0-year": "2014",
        "q-1-degree": "MD (Dermatology)",
        "q-1-institution": "KEM Hospital, Mumbai",
        "q-1-year": "2018",
    }
    data.update(overrides)
    return data


@pytest.fixture
def signed_in(client, patient):
    client.force_login(patient)
    return client


def test_the_form_offers_every_field_the_issue_lists(signed_in):
    content = signed_in.get(APPLY_URL).content.decode()

    for label in (
        "Full name",
        "Registration number",
        "Licensing council",
        "National Medical Commission",
        "Maharashtra Medical Council",
        "Other (type its name)",
        "Year of registration",
        "Degree",
        "College or university",
        "Specialties",
        "Years of experience",
        "Languages you consult in",
        "City",
        "Clinic or hospital",
        "Fee in ₹ (optional)",
        "Short bio",
        "Photo (optional)",
        "Add documents",
    ):
        assert label in content, label
    assert 'enctype="multipart/form-data"' in content
    assert 'name="documents" accept="application/pdf,image/png,image/jpeg' in content
    assert "multiple" in content


@pytest.mark.parametrize(
    ("upload", "kind"), [(pdf_upload(), "pdf"), (png_upload(), "png")], ids=["pdf", "png"]
)
def test_applying_with_a_real_document(signed_in, patient, specialty, upload, kind):
    upload.seek(0)
    response = signed_in.post(APPLY_URL, {**form_data(specialty), "documents": [upload]})

    assert response.status_code == 302
    assert response["Location"] == reverse("questions:dashboard")
    doctor = DoctorProfile.objects.get(user=patient)
    assert doctor.application_status == ApplicationStatus.PENDING
    assert [q.degree for q in doctor.qualification_set.all()] == ["MBBS", "MD (Dermatology)"]
    assert doctor.documents.get().kind == kind
    dashboard = signed_in.get(reverse("questions:dashboard")).content.decode()
    assert "Your application is waiting for review" in dashboard


def test_several_documents_and_a_photo_in_one_go(signed_in, patient, specialty):
    response = signed_in.post(
        APPLY_URL,
        {
            **form_data(specialty),
            "documents": [pdf_upload("registration.pdf"), png_upload("degree.png")],
            "photo": jpeg_upload(size=(1000, 1000)),
        },
    )

    assert response.status_code == 302
    doctor = DoctorProfile.objects.get(user=patient)
    assert doctor.documents.count() == 2
    assert doctor.photo.name.startswith("doctors/photos/")


@pytest.mark.parametrize(
    ("bad_upload", "message"),
    [
        (exe_as_pdf_upload("certificate.pdf"), "“certificate.pdf” is not a PDF, PNG or JPEG file"),
        (oversized_pdf_upload("huge-scan.pdf"), "“huge-scan.pdf” is 5.5 MB"),
    ],
    ids=["executable-renamed-pdf", "oversized"],
)
def test_a_rejected_upload_keeps_everything_else(
    signed_in, patient, specialty, bad_upload, message
):
    data = form_data(
        specialty, licensing_council="other", licensing_council_other="Goa Medical Council"
    )

    response = signed_in.post(APPLY_URL, {**data, "documents": [pdf_upload(), bad_upload]})

    assert response.status_code == 400
    content = response.content.decode()
    assert message in content
    assert "Nothing was saved yet" in content
    assert "choose your documents and photo again" in content
    # Every field the applicant typed is still there.
    for value in (
        'value="Meera Joshi"',
        'value="MMC 2015/02/1234"',
        'value="Goa Medical Council"',
        'value="2015"',
        'value="Grant Medical College, Mumbai"',
        'value="MD (Dermatology)"',
        'value="Sunrise Skin Clinic, Andheri West"',
        'value="English, Marathi"',
        'value="700"',
        "I treat acne, eczema and psoriasis.",
    ):
        assert value in content, value
    assert '<option value="other" selected>' in content
    assert f'value="{specialty.pk}" id="id_specialties_' in content and "checked" in content
    assert not DoctorProfile.objects.exists()
    assert not ProofDocument.objects.exists()


def test_an_application_without_documents_is_refused_with_a_clear_message(signed_in, specialty):
    response = signed_in.post(APPLY_URL, form_data(specialty))

    assert response.status_code == 400
    assert "Add at least one proof document" in response.content.decode()


def test_missing_qualifications_are_refused(signed_in, specialty):
    data = form_data(specialty, **{"q-0-degree": "", "q-0-institution": "", "q-0-year": ""})
    data.update({"q-1-degree": "", "q-1-institution": "", "q-1-year": ""})

    response = signed_in.post(APPLY_URL, {**data, "documents": [pdf_upload()]})

    assert response.status_code == 400
    assert not DoctorProfile.objects.exists()


@pytest.mark.parametrize("total", ["11", "99999999999999999999"])
def test_a_tampered_qualification_count_builds_ten_forms_at_most(signed_in, specialty, total):
    data = {**form_data(specialty), "q-TOTAL_FORMS": total, "documents": [pdf_upload()]}

    response = signed_in.post(APPLY_URL, data)

    assert response.status_code == 400
    assert len(response.context["formset"].forms) == 10
    assert "Please submit at most 10 forms." in response.content.decode()
    assert not DoctorProfile.objects.exists()


def test_hostile_text_is_escaped(signed_in, patient, specialty, verifier, client):
    signed_in.post(
        APPLY_URL,
        {
            **form_data(specialty, bio="<script>alert(1)</script>", clinic="<b>Clinic</b>"),
            "documents": [pdf_upload()],
        },
    )
    doctor = DoctorProfile.objects.get(user=patient)
    client.force_login(verifier)

    content = client.get(reverse("doctors:verification_detail", args=[doctor.pk])).content.decode()

    assert "<script>alert(1)</script>" not in content
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content


def test_applicant_edits_and_resubmits_after_a_request_for_information(
    client, application, verifier, specialty, django_capture_on_commit_callbacks
):
    doctor_application_request_info(
        actor=verifier, doctor=application, reason="Your certificate is cut off at the bottom."
    )
    client.force_login(application.user)

    dashboard = client.get(reverse("questions:dashboard")).content.decode()
    assert "Our staff need more information" in dashboard
    assert "Your certificate is cut off at the bottom." in dashboard
    page = client.get(APPLY_URL).content.decode()
    assert 'value="Meera Joshi"' in page
    assert "registration.pdf" in page  # the document already sent, with a remove box

    old = application.documents.get()
    data = form_data(specialty, **{"q-INITIAL_FORMS": "1"})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            APPLY_URL,
            {**data, "remove_documents": [str(old.pk)], "documents": [png_upload("full.png")]},
        )

    assert response.status_code == 302
    application.refresh_from_db()
    assert application.application_status == ApplicationStatus.PENDING
    assert [d.original_name for d in application.documents.all()] == ["full.png"]
    assert not old.file.storage.exists(old.file.name)


def test_removing_the_only_document_without_a_new_one_is_refused(client, application, specialty):
    client.force_login(application.user)
    old = application.documents.get()

    response = client.post(APPLY_URL, {**form_data(specialty), "remove_documents": [str(old.pk)]})

    assert response.status_code == 400
    assert application.documents.get() == old


# --- Verified doctors ------------------------------------------------------------------------
def test_a_verified_doctor_edits_public_details_only(client, doctor, specialty, other_specialty):
    client.force_login(doctor.user)

    response = client.post(
        reverse("doctors:profile_edit"),
        {
            "specialties": [str(specialty.pk), str(other_specialty.pk)],
            "years_of_experience": "15",
            "languages": "English,  Kannada ,",
            "clinic": "Lakeside Clinic",
            "consultation_fee": "900",
            "bio": "New bio.",
            # A forged field from the application form is ignored.
            "registration_number": "FORGED-1",
            "photo": jpeg_upload(),
        },
    )

    assert response.status_code == 302
    doctor.refresh_from_db()
    assert doctor.languages == "English, Kannada"
    assert doctor.consultation_fee == 900
    assert doctor.specialties.count() == 2
    assert doctor.registration_number != "FORGED-1"
    assert doctor.is_verified and doctor.photo


def test_the_reconfirm_page_needs_the_box_ticked(client, doctor):
    DoctorProfile.objects.filter(pk=doctor.pk).update(
        verified_until=timezone.now() + timedelta(days=12)
    )
    client.force_login(doctor.user)
    url = reverse("doctors:reconfirm")

    assert "Tick the box" in client.post(url, {}).content.decode()
    response = client.post(url, {"confirm": "on"}, follow=True)

    doctor.refresh_from_db()
    assert doctor.verified_until > timezone.now() + timedelta(days=370)
    assert "You are verified until" in response.content.decode()


def test_the_dashboard_prompts_to_reconfirm_in_the_last_month(client, doctor):
    client.force_login(doctor.user)
    assert (
        "Re-confirm my details" not in client.get(reverse("questions:dashboard")).content.decode()
    )

    DoctorProfile.objects.filter(pk=doctor.pk).update(
        verified_until=timezone.now() + timedelta(days=20)
    )

    assert "Re-confirm my details" in client.get(reverse("questions:dashboard")).content.decode()


def test_an_expired_doctor_sees_why_and_reconfirms_into_review(client, expired_doctor):
    client.force_login(expired_doctor.user)

    dashboard = client.get(reverse("questions:dashboard"))
    assert dashboard.templates[0].name == "doctors/dashboard_pending.html"
    assert "Your verification expired on" in dashboard.content.decode()

    response = client.post(reverse("doctors:reconfirm"), {"confirm": "on"}, follow=True)

    expired_doctor.refresh_from_db()
    assert expired_doctor.application_status == ApplicationStatus.PENDING
    assert "our staff will review your details again" in response.content.decode()
