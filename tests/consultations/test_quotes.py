"""Hospital quote enquiries: the patient's enquiry, the care coordinator's quotes, the
side-by-side comparison, accepting one, private reports, and publishing a quote as a cost
entry only by hand."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from consultations import messages as msg
from consultations import services
from consultations.models import ClinicQuote, EnquiryStatus, QuoteStatus
from directory.models import CostEntry
from portal.accounts.models import AuditLogEntry
from portal.notifications.models import Notification
from tests.directory.factories import ClinicFactory, TreatmentFactory
from tests.doctors.files import pdf_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def treatment(db):
    return TreatmentFactory(name="Knee Replacement", slug="knee-replacement")


@pytest.fixture
def hospitals(treatment, india):
    return [
        ClinicFactory(name=f"Hospital {n}", treatments=[treatment], city__country=india)
        for n in range(6)
    ]


def enquire(patient, treatment, clinics, india, **extra):
    today = timezone.localdate()
    fields = {
        "patient": patient,
        "treatment": treatment,
        "clinics": clinics,
        "patient_city": "Nairobi",
        "patient_country": india,
        "preferred_from": today + timedelta(days=10),
        "preferred_to": today + timedelta(days=40),
    }
    fields.update(extra)
    return services.enquiry_create(**fields)


def quote(coordinator, clinic_quote, low, high, send=True):
    return services.quote_enter(
        user=coordinator,
        quote=clinic_quote,
        low_price=Decimal(low),
        high_price=Decimal(high),
        currency="inr",
        includes="Implant, 4 nights",
        valid_until=timezone.localdate() + timedelta(days=30),
        send=send,
    )


def test_enquiry_rules(patient, treatment, hospitals, india):
    with pytest.raises(ValidationError) as exc:
        enquire(patient, treatment, [], india)
    assert exc.value.message_dict["clinics"] == [msg.ENQUIRY_NO_CLINICS]
    with pytest.raises(ValidationError) as exc:
        enquire(patient, treatment, hospitals, india)
    assert exc.value.message_dict["clinics"] == [msg.ENQUIRY_TOO_MANY_CLINICS.format(limit=5)]
    today = timezone.localdate()
    with pytest.raises(ValidationError) as exc:
        enquire(
            patient,
            treatment,
            hospitals[:2],
            india,
            preferred_from=today - timedelta(days=1),
            preferred_to=today - timedelta(days=2),
        )
    assert exc.value.message_dict["preferred_from"] == [msg.ENQUIRY_DATES_PAST]
    assert exc.value.message_dict["preferred_to"] == [msg.ENQUIRY_DATES_ORDER]


def test_enquiry_tells_coordinators_without_health_text(
    patient, treatment, hospitals, india, coordinator
):
    enquiry = enquire(
        patient,
        treatment,
        hospitals[:2],
        india,
        notes="I have severe arthritis",
        reports=[pdf_upload()],
    )
    note = Notification.objects.get(recipient=coordinator)
    assert note.kind == "quote_enquiry" and "arthritis" not in note.title
    assert enquiry.quotes.count() == 2 and enquiry.reports.count() == 1


def test_quotes_compare_and_accept(
    patient, other_patient, treatment, hospitals, india, coordinator
):
    enquiry = enquire(patient, treatment, hospitals[:2], india)
    first, second = enquiry.quotes.order_by("pk")
    with pytest.raises(PermissionDenied):
        quote(patient, first, "1", "2")
    with pytest.raises(ValidationError) as exc:
        quote(coordinator, first, "500000", "400000")
    assert exc.value.message_dict["high_price"] == [msg.QUOTE_HIGH_BELOW_LOW]
    quote(coordinator, first, "350000", "420000")
    quote(coordinator, second, "300000", "380000")
    enquiry.refresh_from_db()
    assert enquiry.status == EnquiryStatus.QUOTED
    assert Notification.objects.filter(recipient=patient, kind="quote_sent").count() == 2
    with pytest.raises(PermissionDenied):
        services.quote_accept(user=other_patient, quote=second)
    services.quote_accept(user=patient, quote=second)
    first.refresh_from_db()
    assert first.status == QuoteStatus.NOT_CHOSEN
    assert Notification.objects.filter(recipient=coordinator, kind="quote_accepted").exists()
    with pytest.raises(ValidationError) as exc:
        services.quote_accept(user=patient, quote=first)
    assert exc.value.messages == [msg.QUOTE_ALREADY_ACCEPTED]


def test_a_quote_reaches_the_cost_pages_only_when_a_coordinator_publishes_it(
    patient, treatment, hospitals, india, coordinator
):
    enquiry = enquire(patient, treatment, hospitals[:1], india)
    clinic_quote = quote(coordinator, enquiry.quotes.get(), "350000", "420000")
    assert not CostEntry.objects.exists()
    entry = services.quote_to_cost_entry(user=coordinator, quote=clinic_quote)
    assert (entry.source_kind, entry.checked_on, entry.clinic) == (
        "clinic_quote",
        timezone.localdate(),
        hospitals[0],
    )
    assert (entry.low_price, entry.currency) == (Decimal("350000"), "INR")
    with pytest.raises(ValidationError) as exc:
        services.quote_to_cost_entry(
            user=coordinator, quote=ClinicQuote.objects.get(pk=clinic_quote.pk)
        )
    assert exc.value.messages == [msg.COST_ENTRY_EXISTS]


def test_reports_only_for_the_patient_and_coordinators_and_audited(
    client, patient, other_patient, treatment, hospitals, india, coordinator
):
    enquiry = enquire(patient, treatment, hospitals[:1], india, reports=[pdf_upload()])
    url = enquiry.reports.get().get_absolute_url()
    client.force_login(other_patient)
    assert client.get(url).status_code == 404
    client.force_login(coordinator)
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    client.force_login(patient)
    assert client.get(url).status_code == 200
    assert AuditLogEntry.objects.filter(action="read_enquiry_report").count() == 2


def test_enquiry_views(client, patient, treatment, hospitals, india, coordinator):
    client.force_login(patient)
    page = client.get(reverse("consultations:enquiry_new") + f"?clinic={hospitals[0].slug}")
    assert page.status_code == 200
    today = timezone.localdate()
    data = {
        "treatment": treatment.pk,
        "clinics": [hospitals[0].pk, 999999],
        "patient_city": "Nairobi <b>",
        "patient_country": india.pk,
        "preferred_from": str(today + timedelta(days=5)),
        "preferred_to": str(today + timedelta(days=9)),
        "notes": "Left knee",
    }
    response = client.post(reverse("consultations:enquiry_new"), data)
    assert response.status_code == 400
    assert msg.ENQUIRY_CLINIC_HIDDEN in response.content.decode()
    assert "Nairobi &lt;b&gt;" in response.content.decode()
    data["clinics"] = [hospitals[0].pk, hospitals[1].pk]
    response = client.post(reverse("consultations:enquiry_new"), data)
    enquiry = patient.quote_enquiries.get()
    assert response.status_code == 302 and response["Location"] == enquiry.get_absolute_url()
    assert client.get(reverse("consultations:quote_desk")).status_code == 403
    client.force_login(coordinator)
    assert client.get(reverse("consultations:quote_desk")).status_code == 200
    desk = client.get(reverse("consultations:desk_enquiry", args=[enquiry.pk]))
    assert "Left knee" in desk.content.decode()
    first, second = enquiry.quotes.order_by("pk")
    bad = client.post(
        reverse("consultations:desk_quote", args=[first.pk]),
        {
            f"q{first.pk}-low_price": "9",
            f"q{first.pk}-high_price": "1",
            f"q{first.pk}-currency": "INR",
            f"q{first.pk}-valid_until": str(today + timedelta(days=9)),
            "send": "1",
        },
    )
    assert bad.status_code == 400 and msg.QUOTE_HIGH_BELOW_LOW in bad.content.decode()
    for q, low in ((first, "410000"), (second, "390000")):
        sent = client.post(
            reverse("consultations:desk_quote", args=[q.pk]),
            {
                f"q{q.pk}-low_price": low,
                f"q{q.pk}-high_price": "450000",
                f"q{q.pk}-currency": "INR",
                f"q{q.pk}-valid_until": str(today + timedelta(days=9)),
                "send": "1",
            },
        )
        assert sent.status_code == 302, sent.content.decode()[-3000:]
    client.force_login(patient)
    compare = client.get(enquiry.get_absolute_url()).content.decode().split("<table", 1)[1]
    assert compare.index(hospitals[1].name) < compare.index(hospitals[0].name), "cheapest first"
    response = client.post(reverse("consultations:quote_accept", args=[second.pk]))
    assert response.status_code == 302
    second.refresh_from_db()
    assert second.status == QuoteStatus.ACCEPTED


def test_issue15_point11_an_enquiry_report_is_stored_by_its_checked_type(
    patient, treatment, hospitals, india
):
    """A PDF sent as "report.html" is kept as <uuid>.pdf: the uploader's extension never
    reaches the disk."""
    enquiry = enquire(patient, treatment, hospitals[:1], india, reports=[pdf_upload("report.html")])
    report = enquiry.reports.get()
    assert report.kind == "pdf" and report.original_name == "report.html"
    assert report.file.name.endswith(".pdf")
    assert "report" not in report.file.name
