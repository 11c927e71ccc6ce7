"""The data the authorisation matrix requests its URLs against: the demo (devtools'
loader, through the services) plus what the demo lacks: a private question of the demo
patient with an answer, a follow-up, an attachment and a notification, a data export,
an enquiry report, and one row for every admin model. ``url_kwargs`` fills each URL
pattern's arguments from it."""

import io
import zipfile
from dataclasses import dataclass
from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

PNG = io.BytesIO()
Image.new("RGB", (8, 8), (200, 120, 90)).save(PNG, format="PNG")
PNG_BYTES = PNG.getvalue()
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@dataclass
class World:
    users: dict
    question: object  # the patient's private question
    answer: object
    follow_up: object
    attachment: object
    notification: object
    export: object
    article: object  # live
    review_article: object  # waiting for review, assigned to the demo doctor
    author_profile: object
    doctor: object
    applicant_document: object
    clinic: object
    booking: object
    enquiry: object
    quote: object
    enquiry_report: object
    public_question: object
    unsubscribe: str
    admin_objects: dict


def build_world() -> World:
    from allauth.usersessions.models import UserSession

    from blog.models import Article, AuthorProfile
    from consultations.models import Booking, EnquiryReport, QuoteEnquiry
    from devtools.demo_loader import DemoFiles, DemoLoader
    from directory.models import Clinic
    from doctors.models import ProofDocument
    from patients.models import DataExport
    from portal.accounts.services import audit_log_write
    from portal.notifications.models import Notification
    from portal.notifications.preferences import unsubscribe_token
    from questions.models import Attachment, Question
    from questions.services import answer_create, follow_up_create
    from tests.factories import QuestionFactory
    from tests.roles import role_users

    DemoLoader(DemoFiles()).load()
    users = role_users()
    patient, doctor_user = users["patient"], users["doctor"]

    question = QuestionFactory(
        author=patient,
        text="I found a painful lump in my armpit last week. Should I worry?",
        slug="i-found-a-painful-lump-in-my-armpit",
        is_private=True,
        specialty=doctor_user.doctor_profile.specialties.first(),
    )
    answer = answer_create(
        user=doctor_user,
        question=question,
        body="Most lumps there are swollen lymph nodes from an infection; see a doctor "
        "if it is still there in two weeks.",
    )
    follow_up = follow_up_create(user=patient, answer=answer, text="It is still there.")
    attachment = Attachment(
        question=question, uploader=patient, kind="image", original_name="lump.png", size=70
    )
    attachment.file.save("lump.png", ContentFile(PNG_BYTES), save=False)
    attachment.thumbnail.save("lump-thumb.png", ContentFile(PNG_BYTES), save=False)
    attachment.save()
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("questions.json", "[]")
    export = DataExport(
        user=patient,
        status=DataExport.Status.READY,
        size=len(archive.getvalue()),
        ready_at=timezone.now(),
        expires_at=timezone.now() + timedelta(days=7),
    )
    export.file.save("export.zip", ContentFile(archive.getvalue()), save=False)
    export.save()

    enquiry = QuoteEnquiry.objects.filter(patient=patient).first()
    report = enquiry.reports.first()
    if report is None:
        report = EnquiryReport(enquiry=enquiry, kind="pdf", original_name="scan.pdf", size=50)
        report.file.save("scan.pdf", ContentFile(PDF_BYTES), save=False)
        report.save()
    # The demo's first booking is "the slot under way now, or the next one": under way
    # during the doctor's hours, when it may no longer be moved. The matrix asks about a
    # booking still to come, whatever the time of day: a week later, the same hour.
    booking = Booking.objects.filter(patient=patient, doctor__user=doctor_user).first()
    if booking.starts_at <= timezone.now() + timedelta(minutes=30):
        Booking.objects.filter(pk=booking.pk).update(
            starts_at=booking.starts_at + timedelta(days=7),
            ends_at=booking.ends_at + timedelta(days=7),
        )
    audit_log_write(actor=users["moderator"], action="matrix", target=question)
    UserSession.objects.get_or_create(
        user=patient,
        session_key="matrix-session",
        defaults={"ip": "198.51.100.7", "user_agent": "matrix", "data": {}},
    )
    from django.apps import apps
    from django.contrib import admin

    admin_objects = {
        model: model._default_manager.order_by("pk").first() for model in admin.site._registry
    }
    assert all(admin_objects.values()), [m for m, o in admin_objects.items() if o is None]
    apps.get_app_config("admin")  # the admin is installed

    return World(
        users=users,
        question=question,
        answer=answer,
        follow_up=follow_up,
        attachment=attachment,
        notification=Notification.objects.filter(recipient=patient).latest("pk"),
        export=export,
        article=Article.objects.published().order_by("pk").first(),
        review_article=Article.objects.filter(status=Article.Status.REVIEW).first(),
        author_profile=AuthorProfile.objects.get(user=users["editor"]),
        doctor=doctor_user.doctor_profile,
        applicant_document=ProofDocument.objects.filter(doctor__user=users["applicant"]).first(),
        clinic=Clinic.objects.order_by("pk").first(),
        booking=Booking.objects.filter(patient=patient, doctor__user=doctor_user).first(),
        enquiry=enquiry,
        quote=enquiry.quotes.order_by("pk").first(),
        enquiry_report=report,
        public_question=Question.objects.filter(is_private=False, answered_at__isnull=False)
        .exclude(author=patient)
        .order_by("pk")
        .first(),
        unsubscribe=unsubscribe_token(user_id=patient.pk, field="answers"),
        admin_objects=admin_objects,
    )


def url_kwargs(world: World) -> dict:
    """The arguments each named URL is requested with."""
    from doctors.models import DoctorProfile

    doctor, clinic = world.doctor, world.clinic
    treatment = clinic.treatments.first() if hasattr(clinic, "treatments") else None
    from django.contrib.contenttypes.models import ContentType

    return {
        "admin:view_on_site": {
            "content_type_id": ContentType.objects.get_for_model(world.article).pk,
            "object_id": world.article.pk,
        },
        "admin:app_list": {"app_label": "blog"},
        "sitemap_section": {"section": "questions"},
        "account_confirm_email": {"key": "not-a-real-key"},
        "account_reset_password_from_key": {"uidb36": "1", "key": "not-a-real-key"},
        "patients:export_download": {"pk": world.export.pk},
        "notifications:open": {"pk": world.notification.pk},
        "notifications:unsubscribe": {"token": world.unsubscribe},
        "doctors:verification_detail": {
            "pk": DoctorProfile.objects.get(user=world.users["applicant"]).pk
        },
        "doctors:document": {"pk": world.applicant_document.pk},
        "blog:category": {"slug": world.article.specialty.slug},
        "blog:author": {"slug": world.author_profile.slug},
        "blog:preview": {"pk": world.review_article.pk},
        "blog:approve": {"pk": world.review_article.pk},
        "blog:request_changes": {"pk": world.review_article.pk},
        "blog:article": {"slug": world.article.slug},
        "policies:page": {"kind": "privacy"},
        "moderation:report": {"kind": "question", "pk": world.public_question.pk},
        "moderation:peer_note": {"pk": world.answer.pk},
        "moderation:item": {"kind": "question", "pk": world.question.pk},
        "moderation:action": {"kind": "question", "pk": world.question.pk, "action": "hide"},
        "consultations:slots": {"slug": doctor.slug},
        "consultations:hold": {"slug": doctor.slug},
        "consultations:booking": {"pk": world.booking.pk},
        "consultations:confirm": {"pk": world.booking.pk},
        "consultations:decline": {"pk": world.booking.pk},
        "consultations:cancel": {"pk": world.booking.pk},
        "consultations:move": {"pk": world.booking.pk},
        "consultations:chat": {"pk": world.booking.pk},
        "consultations:enquiry": {"pk": world.enquiry.pk},
        "consultations:quote_accept": {"pk": world.quote.pk},
        "consultations:report": {"pk": world.enquiry_report.pk},
        "consultations:desk_enquiry": {"pk": world.enquiry.pk},
        "consultations:desk_quote": {"pk": world.quote.pk},
        "consultations:desk_quote_publish": {"pk": world.quote.pk},
        "questions:specialty": {"slug": world.question.specialty.slug},
        "questions:short": {"pk": world.question.pk},
        "questions:private": {"pk": world.question.pk},
        "questions:thank": {"pk": world.answer.pk},
        "questions:agree": {"pk": world.answer.pk},
        "questions:answer": {"pk": world.question.pk},
        "questions:attach": {"pk": world.question.pk},
        "questions:resolve": {"pk": world.question.pk},
        "questions:attachment": {"pk": world.attachment.pk},
        "questions:attachment_thumbnail": {"pk": world.attachment.pk},
        "questions:follow_up": {"pk": world.answer.pk},
        "questions:follow_up_reply": {"pk": world.follow_up.pk},
        # A private question's old address, with its first words: the asker only.
        "questions:detail": {"pk": world.question.pk, "slug": world.question.slug},
        "directory:hospitals_treatment": {"treatment_slug": treatment.slug},
        "directory:hospitals_treatment_city": {
            "treatment_slug": treatment.slug,
            "city_slug": clinic.city.slug,
        },
        "directory:clinic": {"slug": clinic.slug},
        "directory:top_doctors": {
            "specialty_slug": doctor.specialties.first().slug,
            "city_slug": doctor.city.slug if getattr(doctor, "city", None) else clinic.city.slug,
        },
        "directory:doctor": {"slug": doctor.slug},
        "directory:cost": {"treatment_slug": treatment.slug, "country_slug": "india"},
    }
