"""The world every role walks through, and a quiet request log for thousands of 404s."""

import logging
from datetime import timedelta

import pytest
from django.utils import timezone

from portal.notifications.models import Notification
from questions.services import question_slug
from tests.blog.conftest import live_article, make_editor
from tests.directory.factories import (
    CityFactory,
    ClinicFactory,
    CostEntryFactory,
    CountryFactory,
    TreatmentFactory,
)
from tests.doctors.conftest import submit
from tests.doctors.files import pdf_upload
from tests.factories import UserFactory
from tests.hostile_input.walk import PRIVATE_TEXT, PROOF_NAME, PUBLIC_TEXT
from tests.questions.helpers import answered_question


@pytest.fixture
def world(db, settings, tmp_path, specialty, patient, doctor, applicant, staff, verifier):
    from django.contrib.auth.models import Group

    from consultations.models import Mode
    from consultations.services import booking_hold, booking_request, enquiry_create
    from consultations.slots import free_slots
    from portal.accounts.roles import CARE_COORDINATORS_GROUP
    from tests.consultations.conftest import set_hours, weekdays

    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "private")
    superuser = UserFactory(email="root@example.org", is_staff=True, is_superuser=True)
    public = answered_question(doctors=[doctor], author=patient, text=PUBLIC_TEXT)
    private = answered_question(
        doctors=[doctor],
        author=patient,
        text=PRIVATE_TEXT,
        is_private=True,
        slug=question_slug(PRIVATE_TEXT),
    )
    private_answer = private.answers.get()
    applying = submit(
        UserFactory(email="applying@example.org"),
        specialties=[specialty],
        documents=[pdf_upload(PROOF_NAME)],
    )
    publisher = make_editor("publisher@example.org", name="Kavya Menon", can_publish=True)
    article = live_article(publisher, title="Psoriasis and stem cells", specialty=specialty)
    country = CountryFactory(name="India", slug="india", iso_code="IN")
    city = CityFactory(name="Mumbai", slug="mumbai", country=country)
    treatment = TreatmentFactory(
        name="Stem Cell Therapy", slug="stem-cell", specialties=[specialty]
    )
    clinic = ClinicFactory(slug="sunrise", city=city, treatments=[treatment], doctors=[doctor])
    CostEntryFactory(treatment=treatment, clinic=clinic)
    notification = Notification.objects.filter(recipient=patient).first()
    coordinator = UserFactory(email="coordinator@example.org", is_staff=True)
    coordinator.groups.add(Group.objects.get(name=CARE_COORDINATORS_GROUP))
    hours = set_hours(doctor, hours=weekdays(Mode.CHAT, "00:00", "23:30"), min_notice_hours=0)
    slot = free_slots(hours, first_day=timezone.localdate() + timedelta(days=2), days=1)[0]
    booking = booking_hold(patient=patient, doctor=doctor, slot_id=slot.id)
    booking_request(patient=patient, booking=booking, reason="An itchy rash on both elbows")
    enquiry = enquiry_create(
        patient=patient,
        treatment=treatment,
        clinics=[clinic],
        patient_city="Nairobi",
        patient_country=country,
        preferred_from=timezone.localdate() + timedelta(days=5),
        preferred_to=timezone.localdate() + timedelta(days=9),
        reports=[pdf_upload("enquiry-report.pdf")],
    )
    users = {
        "visitor": None,
        "patient": patient,
        "doctor": doctor.user,
        "applicant": applicant.user,
        "staff": staff,
        "verifier": verifier,
        "coordinator": coordinator,
        "superuser": superuser,
    }
    real = {
        "pk": str(public.pk),
        "slug": public.slug,
        "object_id": str(article.pk),
        "id": str(patient.pk),
        "content_type_id": "1",
        "section": "questions",
        "treatment_slug": treatment.slug,
        "city_slug": city.slug,
        "country_slug": country.slug,
        "specialty_slug": specialty.slug,
        "app_label": "blog",
        "uidb36": "1",
        "key": "set-password",
        "url": "blog/",
        "path": "x.png",
        "kind": "question",
        "action": "hide",
    }
    # Where one name means different things, the route's prefix says which.
    by_prefix = {
        "consult/bookings/": {"pk": str(booking.pk)},
        "consult/quotes/reports/": {"pk": str(enquiry.reports.get().pk)},
        "consult/quotes/accept/": {"pk": str(enquiry.quotes.get().pk)},
        "consult/quote-desk/quotes/": {"pk": str(enquiry.quotes.get().pk)},
        "consult/": {"pk": str(enquiry.pk), "slug": doctor.slug},
        "notifications/": {"pk": str(notification.pk)},
        "answers/": {"pk": str(public.answers.first().pk)},
        "doctors/documents/": {"pk": str(applying.documents.first().pk)},
        "doctors/": {"pk": str(applying.pk), "slug": doctor.slug},
        "blog/": {"pk": str(article.pk), "slug": article.slug},
        "clinics/": {"slug": clinic.slug},
        "questions/specialty/": {"slug": specialty.slug},
        "admin/doctors/": {"object_id": str(applying.pk)},
    }
    private_paths = [
        private.get_absolute_url(),
        f"/questions/{private.pk}/",
        f"/questions/{private.pk}/wrong-slug/",
        f"/questions/{private.pk}/answer/",
        f"/answers/{private_answer.pk}/thank/",
        f"/answers/{private_answer.pk}/agree/",
        f"/report/question/{private.pk}/",
        f"/report/answer/{private_answer.pk}/",
    ]
    return {"users": users, "real": real, "by_prefix": by_prefix, "private_paths": private_paths}


@pytest.fixture
def quiet_request_log():
    """Thousands of 404s and 403s are expected here; keep only errors in the log."""
    loggers = [logging.getLogger(name) for name in ("django.request", "django.security")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.ERROR)
    yield
    for logger, level in zip(loggers, levels, strict=True):
        logger.setLevel(level)
