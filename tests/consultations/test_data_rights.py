"""The patient's consultations in their own data: the export holds their bookings (with
the reason and the chat) and their quote enquiries (with the report files), and deleting
the account leaves neither rows nor report files behind."""

import io
import json
import zipfile
from datetime import timedelta

import pytest
from django.utils import timezone

from consultations import services
from consultations.models import Booking, ChatMessage, EnquiryReport, Mode, QuoteEnquiry
from consultations.slots import free_slots
from patients.models import AccountDeletion
from patients.services import account_delete, data_export_write
from tests.directory.factories import ClinicFactory, TreatmentFactory
from tests.doctors.files import pdf_upload

from .conftest import set_hours, weekdays

pytestmark = pytest.mark.django_db


@pytest.fixture
def consulted(doctor, patient, india):
    """A chat consultation under way with one message each way, and a quote enquiry with
    a report."""
    availability = set_hours(
        doctor, hours=weekdays(Mode.CHAT, "00:00", "23:30"), min_notice_hours=0
    )
    slot = free_slots(availability, first_day=timezone.localdate() + timedelta(days=2), days=1)[0]
    booking = services.booking_hold(patient=patient, doctor=doctor, slot_id=slot.id)
    services.booking_request(patient=patient, booking=booking, reason="Eczema on both hands.")
    ChatMessage.objects.create(booking=booking, author=patient, body="It itches at night.")
    ChatMessage.objects.create(booking=booking, author=doctor.user, body="Use the emollient.")
    knee = TreatmentFactory(name="Knee Replacement", slug="knee-replacement")
    hospital = ClinicFactory(name="Kestrel Bay Hospital", treatments=[knee], city__country=india)
    today = timezone.localdate()
    enquiry = services.enquiry_create(
        patient=patient,
        treatment=knee,
        clinics=[hospital],
        patient_city="Nairobi",
        patient_country=india,
        preferred_from=today + timedelta(days=10),
        preferred_to=today + timedelta(days=40),
        reports=[pdf_upload()],
    )
    return booking, enquiry


def test_the_export_holds_the_patients_consultations_and_report_files(patient, consulted):
    booking, enquiry = consulted
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        data_export_write(archive, user=patient)

    archive = zipfile.ZipFile(buffer)
    data = json.loads(archive.read("consultations.json"))
    [exported] = data["bookings"]
    assert exported["reason"] == "Eczema on both hands."
    assert [m["message"] for m in exported["chat"]] == ["It itches at night.", "Use the emollient."]
    assert [m["from"] for m in exported["chat"]] == ["you", "the doctor"]
    [asked] = data["hospital_quote_enquiries"]
    assert asked["treatment"] == "Knee Replacement"
    assert [q["hospital"] for q in asked["quotes"]] == ["Kestrel Bay Hospital"]
    [report_path] = asked["reports"]
    assert archive.read(report_path).startswith(b"%PDF")


def test_deleting_the_account_removes_consultations_and_report_files(
    patient, consulted, django_capture_on_commit_callbacks
):
    booking, enquiry = consulted
    report = EnquiryReport.objects.get(enquiry=enquiry)
    storage, name = report.file.storage, report.file.name
    assert storage.exists(name)
    deletion = AccountDeletion.objects.create(user=patient, scheduled_for=timezone.now())

    with django_capture_on_commit_callbacks(execute=True):
        assert account_delete(deletion_id=deletion.pk)

    assert not Booking.objects.filter(pk=booking.pk).exists()
    assert not ChatMessage.objects.filter(booking_id=booking.pk).exists()
    assert not QuoteEnquiry.objects.filter(pk=enquiry.pk).exists()
    assert not storage.exists(name)
