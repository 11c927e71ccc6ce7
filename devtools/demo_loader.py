"""Load the demo content in ``demo/`` (see demo/README.md) through the portal's own code.

Questions and answers go through ``question_create`` and ``answer_create``, the applicant
through ``doctor_application_submit``, articles through the blog's editorial workflow and
clinics and costs through the directory's CSV importer, so rendering, counters, search
vectors and notifications are what real ones get. Only dates are moved back afterwards,
so the demo looks like it grew over the last two months.

Everything is looked up before it is created (users by email, places, specialties and
treatments by slug, doctors by user, clinics and articles by slug, questions by author and
text, answers by question and doctor, costs by their content), so loading again only
fills in what is missing and never overwrites what someone has changed since.
"""

import csv
import io
import tomllib
from collections import Counter
from datetime import timedelta
from pathlib import Path

from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import CommandError
from django.db import transaction
from django.db.models import Min
from django.test.utils import override_settings
from django.utils import timezone

from blog.models import Article, ArticleStatusChange, AuthorProfile
from blog.services import (
    article_approve,
    article_create,
    article_publish,
    article_send_to_review,
    editors_group_ensure,
)
from directory.csv_import import clinics_import, cost_entries_import
from directory.models import Clinic
from doctors.models import VERIFICATION_VALIDITY, ApplicationStatus, DoctorProfile, Qualification
from doctors.services import (
    PublicDetails,
    QualificationData,
    doctor_application_submit,
    doctor_photo_replace,
)
from moderation.models import Report
from moderation.services import report_create
from moderation.targets import TARGETS
from portal.accounts.consent import consent_current, consent_record
from portal.accounts.roles import (
    PRIVATE_QUESTIONS_PERMISSION,
    VERIFY_DOCTOR_PERMISSION,
    requires_two_factor,
)
from portal.accounts.two_factor import has_second_factor
from portal.notifications.models import Notification
from portal.policies.models import PolicyKind
from portal.policies.services import policy_page_ensure, policy_version_publish
from portal.taxonomy.models import City, Country, Specialty, Treatment
from questions.models import Answer, Question
from questions.services import address_hash, answer_create, question_create
from search.services import vocabulary_refresh

DEMO_DIR = Path(settings.BASE_DIR) / "demo"


class DemoFiles:
    """The demo folder. Remembers every file it reads, so a test can tell that none is
    left out."""

    def __init__(self, root: Path = DEMO_DIR):
        self.root = root
        self.used: set[str] = set()

    def path(self, name: str) -> Path:
        self.used.add(name)
        return self.root / name

    def toml(self, name: str) -> dict:
        return tomllib.loads(self.path(name).read_text(encoding="utf-8"))

    def text(self, name: str) -> str:
        return self.path(name).read_text(encoding="utf-8")

    def article(self, name: str) -> tuple[dict, str]:
        """The TOML front matter between ``+++`` lines, and the markdown after it."""
        _, front, body = self.text(name).split("+++\n", 2)
        return tomllib.loads(front), body.strip() + "\n"

    def upload(self, name: str, content_type: str = "image/jpeg") -> SimpleUploadedFile:
        """The file as a browser would upload it, for the services that take uploads."""
        path = self.path(name)
        return SimpleUploadedFile(path.name, path.read_bytes(), content_type=content_type)

    def names(self, folder: str, suffix: str) -> list[str]:
        return sorted(f"{folder}/{p.name}" for p in (self.root / folder).glob(f"*{suffix}"))


class DemoLoader:
    def __init__(self, files: DemoFiles | None = None):
        self.files = files or DemoFiles()
        self.people = self.files.toml("people.toml")
        self.now = timezone.now()
        self.created: Counter[str] = Counter()

    def exists(self) -> bool:
        marker = self.people["doctors"][0]["email"]
        return get_user_model().objects.filter(email=marker).exists()

    def load(self) -> str:
        """Load what is missing; return a one-line summary of what was created."""
        # The services apply flood control meant for real patients; the demo asks many
        # questions per account in one go.
        with (
            override_settings(QUESTION_FLOOD_SECONDS=0, QUESTION_DAILY_LIMIT=1000),
            transaction.atomic(),
        ):
            # Policies first: the demo patients' consent points at the privacy policy.
            for name in self.files.names("policies", ".md"):
                self._policy(name)
            self._taxonomy(self.files.toml("taxonomy.toml"))
            self._people()
            self._directory()
            self._questions(self.files.toml("questions.toml"))
            for name in self.files.names("articles", ".md"):
                self._article(name)
            self._moderation(self.files.toml("moderation.toml"))
            self._consultations(self.files.toml("consultations.toml"))
            # "Did you mean" reads a vocabulary beat rebuilds nightly: build it now, so a
            # fresh `make run` suggests spellings from the start.
            vocabulary_refresh()
        return ", ".join(f"{n} {what}" for what, n in self.created.items() if n)

    def logins(self) -> list[tuple[str, str]]:
        people = self.people
        names = dict(Specialty.objects.values_list("slug", "name"))
        rows = [(email, "patient") for email in people["patients"]]
        rows += [
            (
                d["email"],
                f"doctor: Dr. {d['full_name']}, {' + '.join(map(names.get, d['specialties']))}",
            )
            for d in people["doctors"]
        ]
        rows.append((people["staff"]["email"], people["staff"]["role"]))
        rows += [(e["email"], e["role"]) for e in people["editors"]]
        rows += [(people[key]["email"], people[key]["role"]) for key in ("applicant", "verifier")]
        moderator = self.files.toml("moderation.toml")["moderator"]
        rows.append((moderator["email"], moderator["role"]))
        coordinator = self.files.toml("consultations.toml")["coordinator"]
        rows.append((coordinator["email"], coordinator["role"]))
        return rows

    # --- Moderation --------------------------------------------------------------------
    def _moderation(self, data: dict) -> None:
        """The moderator, and open reports through report_create. A report already made
        by that person on that item (open or decided) is not made again."""
        moderator = self._user(
            data["moderator"]["email"], is_staff=True, date_joined=self.now - timedelta(days=100)
        )
        app_label, codename = PRIVATE_QUESTIONS_PERMISSION.split(".")
        moderator.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
        for i, row in enumerate(data["reports"]):
            target = TARGETS[row["kind"]]
            item = self._reported_item(row)
            visitor = row["reporter"] == "visitor"
            reporter = None if visitor else self._user(row["reporter"])
            # A documentation address (RFC 5737) per visitor report.
            address = f"192.0.2.{i + 1}" if visitor else None
            keys = {
                "content_type": ContentType.objects.get_for_model(target.model),
                "object_id": item.pk,
            }
            who = (
                {"reporter_address_hash": address_hash(address)}
                if visitor
                else {"reporter": reporter}
            )
            if Report.objects.filter(**keys, **who).exists():
                continue
            report = report_create(
                target=target,
                item=item,
                reporter=reporter or AnonymousUser(),
                reason=row["reason"],
                note=row.get("note", ""),
                address=address,
            )
            Report.objects.filter(pk=report.pk).update(
                created_at=self.now - timedelta(hours=row.get("hours_ago", 1))
            )
            self.created["reports"] += 1

    def _reported_item(self, row: dict):
        kind = row["kind"]
        if kind in ("question", "answer"):
            question = Question.objects.get(text__startswith=row["question_starts"])
            if kind == "question":
                return question
            return Answer.objects.select_related("question", "doctor").get(
                question=question, doctor__user__email=row["doctor"]
            )
        model = {"article": Article, "clinic": Clinic}[kind]
        return model.objects.get(slug=row["slug"])

    # --- Policy pages ------------------------------------------------------------------
    def _policy(self, name: str) -> None:
        """A policy page's first version, from demo/policies/<kind>.md; a page that has
        any version already is left as staff made it."""
        front, body = self.files.article(name)
        kind = PolicyKind(Path(name).stem)
        page = policy_page_ensure(
            kind=kind, title=front["title"], description=front.get("description", "")
        )
        if page.versions.exists():
            return
        policy_version_publish(
            page=page,
            body=body,
            change_note="First version.",
            published_at=self.now - timedelta(days=front.get("updated_days_ago", 0)),
        )
        self.created["policy pages"] += 1

    # --- Taxonomy ------------------------------------------------------------------------
    def _taxonomy(self, data: dict) -> None:
        for row in data["countries"]:
            _, created = Country.objects.get_or_create(
                iso_code=row["iso_code"],
                defaults={"slug": row["slug"], "name": row["name"], "currency": row["currency"]},
            )
            self.created["places"] += created
        for row in data["cities"]:
            if not City.objects.filter(slug=row["slug"]).exists():
                country = Country.objects.get(slug=row["country"])
                City.objects.create(slug=row["slug"], name=row["name"], country=country)
                self.created["places"] += 1
        for row in data["specialties"]:
            if not Specialty.objects.filter(slug=row["slug"]).exists():
                _, created = Specialty.objects.get_or_create(
                    name=row["name"],
                    defaults={k: row[k] for k in ("slug", "description", "keywords")},
                )
                self.created["specialties"] += created
        for row in data["treatments"]:
            if not Treatment.objects.filter(slug=row["slug"]).exists():
                treatment = Treatment.objects.create(
                    slug=row["slug"], name=row["name"], description=row["description"]
                )
                treatment.specialties.set(Specialty.objects.filter(slug__in=row["specialties"]))
                self.created["treatments"] += 1

    # --- People --------------------------------------------------------------------------
    def _user(self, email: str, *, login: bool = True, **extra):
        """The account for ``email``, made when missing. A demo login gets the published
        password and a verified primary address, without which nobody can log in."""
        User = get_user_model()  # noqa: N806
        user = User.objects.filter(email=email).first()
        if user is None:
            password = self.people["password"] if login else None
            user = User.objects.create_user(email=email, password=password, **extra)
            self.created["users"] += 1
        if login:
            EmailAddress.objects.update_or_create(
                user=user, email=user.email, defaults={"verified": True, "primary": True}
            )
            if requires_two_factor(user) and not has_second_factor(user):
                # Staff must use a second factor: the demo's published authenticator secret.
                TOTP.activate(user, self.people["staff_totp_secret"])
        return user

    def _people(self) -> None:
        people = self.people
        joined = self.now - timedelta(days=90)
        for email in people["patients"]:
            patient = self._user(email, date_joined=joined)
            # They signed up through the consent box: the account page shows it.
            if not consent_current(user=patient):
                consent_record(user=patient, given_at=joined)
        for row in people["doctors"]:
            user = self._user(row["email"], date_joined=joined)
            ends_in = row.get("verification_ends_in_days")
            verified_at = (
                self.now - VERIFICATION_VALIDITY + timedelta(days=ends_in)
                if ends_in is not None
                else self.now - timedelta(days=80)
            )
            if self._doctor(user, row, verified_at=verified_at):
                DoctorProfile.objects.filter(user=user).update(
                    created_at=self.now - timedelta(days=85)
                )
        staff = people["staff"]["email"]
        self._user(staff, is_staff=True, is_superuser=True, date_joined=joined)
        for row in people["directory_doctors"]:
            user = self._user(row["email"], login=False)
            self._doctor(user, row, verified_at=self.now - timedelta(days=60))

        verifier = self._user(people["verifier"]["email"], is_staff=True)
        app_label, codename = VERIFY_DOCTOR_PERMISSION.split(".")
        verifier.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
        self._applicant(people["applicant"])
        self._editors()

    def _doctor(self, user, row: dict, *, verified_at) -> bool:
        """A verified doctor, approved without the queue: the application service derives
        the slug from the name, and the demo's slugs are published in links. Puts a demo
        doctor whom staff have since suspended or rejected back to approved."""
        profile = DoctorProfile.objects.filter(user=user).first()
        if profile is not None:
            if not profile.is_approved:
                profile.application_status = ApplicationStatus.APPROVED
                profile.verified_at = verified_at
                profile.verified_until = verified_at + VERIFICATION_VALIDITY
                profile.save(update_fields=["application_status", "verified_at", "verified_until"])
            return False
        details = {
            key: row[key]
            for key in (
                "licensing_council",
                "registration_year",
                "languages",
                "clinic",
                "consultation_fee",
                "bio",
            )
            if key in row
        }
        profile = DoctorProfile.objects.create(
            user=user,
            full_name=row["full_name"],
            slug=row["slug"],
            qualifications=row["qualifications"],
            registration_number=row["registration_number"],
            years_of_experience=row["years_of_experience"],
            city=City.objects.get(slug=row["city"]),
            application_status=ApplicationStatus.APPROVED,
            verified_at=verified_at,
            verified_until=verified_at + VERIFICATION_VALIDITY,
            **details,
        )
        profile.specialties.set(Specialty.objects.filter(slug__in=row["specialties"]))
        Qualification.objects.bulk_create(
            Qualification(doctor=profile, **degree) for degree in row.get("degrees", [])
        )
        if "photo" in row:
            # Through the same pipeline as a doctor's own upload (renditions, no EXIF).
            doctor_photo_replace(user=user, photo=self.files.upload(row["photo"]))
            self.created["doctor photos"] += 1
        self.created["doctors"] += 1
        return True

    def _applicant(self, row: dict) -> None:
        user = self._user(row["email"])
        if DoctorProfile.objects.filter(user=user).exists():
            return
        proof = self.files.path(row["proof"])
        doctor_application_submit(
            user=user,
            full_name=row["full_name"],
            registration_number=row["registration_number"],
            licensing_council=row["licensing_council"],
            registration_year=row["registration_year"],
            qualifications=[QualificationData(**degree) for degree in row["degrees"]],
            details=PublicDetails(
                years_of_experience=row["years_of_experience"],
                specialties=Specialty.objects.filter(slug__in=row["specialties"]),
                languages=row["languages"],
                city=City.objects.get(slug=row["city"]),
                clinic=row["clinic"],
                consultation_fee=row["consultation_fee"],
                bio=row["bio"],
            ),
            new_documents=[
                SimpleUploadedFile(proof.name, proof.read_bytes(), content_type="application/pdf")
            ],
            photo=self.files.upload(row["photo"]) if "photo" in row else None,
        )
        self.created["doctor applications"] += 1

    def _editors(self) -> None:
        # The one call to what the blog offers for its Editors group.
        editors_group = editors_group_ensure()
        publish = Permission.objects.get(content_type__app_label="blog", codename="publish_article")
        review = Permission.objects.get(content_type__app_label="blog", codename="review_article")
        for row in self.people["editors"]:
            user = self._user(
                row["email"], is_staff=True, date_joined=self.now - timedelta(days=120)
            )
            user.groups.add(editors_group)
            if row["can_publish"]:
                user.user_permissions.add(publish)
            AuthorProfile.objects.get_or_create(
                user=user,
                defaults={k: row[k] for k in ("display_name", "slug", "job_title", "bio")},
            )
        for profile in DoctorProfile.objects.verified().filter(
            user__email__in=self.people["reviewers"]
        ):
            profile.user.user_permissions.add(review)

    # --- Directory -----------------------------------------------------------------------
    def _directory(self) -> None:
        """Clinics and costs through the CSV importer (``manage.py import_directory``).
        Clinics already there are left out of the import, so an editor's changes stay."""
        reader = csv.reader(io.StringIO(self.files.text("directory/clinics.csv")))
        header = next(reader)
        slugs = set(Clinic.objects.values_list("slug", flat=True))
        missing = io.StringIO()
        writer = csv.writer(missing)
        writer.writerow(header)
        writer.writerows(row for row in reader if row[header.index("slug")] not in slugs)
        missing.seek(0)
        for name, importer, stream in [
            ("clinics", clinics_import, missing),
            ("costs", cost_entries_import, io.StringIO(self.files.text("directory/costs.csv"))),
        ]:
            report = importer(stream)
            if not report.ok:
                problems = "; ".join(f"line {line}: {message}" for line, message in report.errors)
                raise CommandError(f"demo/directory/{name}.csv: {problems}")
            self.created[name] += report.created

    # --- Questions and answers -----------------------------------------------------------
    def _questions(self, data: dict) -> None:
        User = get_user_model()  # noqa: N806
        for row in data["questions"]:
            author = User.objects.get(email=row["author"])
            asked_at = self.now - timedelta(days=row["asked_days_ago"])
            question = Question.objects.filter(author=author, text=row["text"]).first()
            if question is None:
                question = question_create(
                    author=author,
                    text=row["text"],
                    age=row["age"],
                    gender=row["gender"],
                    specialty=Specialty.objects.get(slug=row["specialty"]),
                    is_private=row.get("private", False),
                )
                Question.objects.filter(pk=question.pk).update(
                    created_at=asked_at, updated_at=asked_at
                )
                self.created["questions"] += 1

            new_answers = False
            for answer_row in row.get("answers", []):
                doctor = User.objects.get(email=answer_row["doctor"])
                if Answer.objects.filter(question=question, doctor__user=doctor).exists():
                    continue
                answer = answer_create(user=doctor, question=question, body=answer_row["body"])
                answered_at = asked_at + timedelta(hours=answer_row["hours_after_question"])
                Answer.objects.filter(pk=answer.pk).update(
                    created_at=answered_at, updated_at=answered_at
                )
                self._backdate_notification(answer, answered_at)
                self.created["answers"] += 1
                new_answers = True

            if new_answers:
                first = question.answers.aggregate(first=Min("created_at"))["first"]
                Question.objects.filter(pk=question.pk).update(answered_at=first)

    def _backdate_notification(self, answer: Answer, answered_at) -> None:
        # Demo patients have no real mailbox: marking the email as already sent (before the
        # transaction commits) makes the queued email task find nothing to do. Only the
        # last week's notifications stay unread, so the bell shows a few, not all.
        recent = self.now - answered_at < timedelta(days=8)
        Notification.objects.filter(target_path__endswith=f"#answer-{answer.pk}").update(
            created_at=answered_at,
            email_status=Notification.EmailStatus.SENT,
            email_sent_at=answered_at,
            read_at=None if recent else answered_at + timedelta(hours=2),
        )

    # --- Articles ------------------------------------------------------------------------
    def _article(self, name: str) -> None:
        """Create, send to review, approved by the reviewer, published by the editor."""
        slug = Path(name).stem
        if Article.objects.filter(slug=slug).exists():
            return
        front, body = self.files.article(name)
        User = get_user_model()  # noqa: N806
        editors = {e["email"]: e for e in self.people["editors"]}
        publisher = User.objects.get(email=next(e for e in editors if editors[e]["can_publish"]))
        # A byline is one's own (blog.permissions): the author writes and sends it to review.
        author = User.objects.get(email=front["author"])
        actor = author
        reviewer_user = User.objects.filter(email=front.get("reviewer")).first()
        reviewer = DoctorProfile.objects.filter(user=reviewer_user).first()
        days_ago = front.get("published_days_ago")  # None: it stays in review
        publish_at = None if days_ago is None else self.now - timedelta(days=days_ago)

        article = article_create(
            actor=actor,
            author=author,
            slug=slug,
            title=front["title"],
            summary=front["summary"],
            body=body,
            specialty=Specialty.objects.filter(slug=front.get("specialty")).first(),
            treatment=Treatment.objects.filter(slug=front.get("treatment")).first(),
            reviewer=reviewer,
            non_medical=bool(front.get("non_medical", False)),
            cover_image=self.files.upload(front["cover"]) if "cover" in front else None,
            cover_alt=front.get("cover_alt", ""),
            references=tuple(front.get("references", ())),
            faq=tuple((item["question"], item["answer"]) for item in front.get("faq", ())),
        )
        article_send_to_review(actor=actor, article=article)
        if reviewer is not None and publish_at is not None:
            article_approve(actor=reviewer_user, article=article)
        if publish_at is not None:
            if publish_at > self.now:
                article.publish_at = publish_at  # scheduled: article_publish keeps it
            article_publish(actor=publisher, article=article)
        self._backdate_article(article, publish_at, front.get("reviewed_days_ago"))
        self.created["articles"] += 1

    def _backdate_article(self, article: Article, publish_at, reviewed_days_ago) -> None:
        """Spread the workflow over the days before publication, as it happened."""
        live_at = publish_at if publish_at is not None and publish_at <= self.now else None
        anchor = live_at or self.now - timedelta(days=1)
        created_at = anchor - timedelta(days=9)
        fields = {"created_at": created_at, "updated_at": anchor - timedelta(hours=3)}
        if live_at is not None:
            fields["publish_at"] = live_at
        if article.last_reviewed_at is not None:
            if reviewed_days_ago is not None:
                fields["last_reviewed_at"] = fields["updated_at"] = self.now - timedelta(
                    days=reviewed_days_ago
                )
            else:
                fields["last_reviewed_at"] = anchor - timedelta(days=1)
        Article.objects.filter(pk=article.pk).update(**fields)
        steps = list(article.status_changes.order_by("created_at", "id"))
        for i, step in enumerate(steps):
            when = created_at + timedelta(days=2 + 2 * i)
            ArticleStatusChange.objects.filter(pk=step.pk).update(created_at=min(when, anchor))

    # --- Consultations and hospital quotes -------------------------------------------------
    def _consultations(self, data: dict) -> None:
        """Doctors' hours, bookings and the quote desk, through consultations.services."""
        from django.contrib.auth.models import Group

        from consultations.forms import HoursField
        from consultations.models import Availability, Booking, QuoteEnquiry
        from consultations.services import (
            availability_set,
            booking_confirm,
            booking_hold,
            booking_request,
            enquiry_create,
            quote_enter,
        )
        from consultations.slots import free_slots
        from portal.accounts.roles import CARE_COORDINATORS_GROUP

        User = get_user_model()  # noqa: N806
        coordinator = self._user(data["coordinator"]["email"], is_staff=True)
        coordinator.groups.add(Group.objects.get(name=CARE_COORDINATORS_GROUP))
        today = timezone.localdate()
        for row in data["availability"]:
            doctor = DoctorProfile.objects.get(user__email=row["doctor"])
            if Availability.objects.filter(doctor=doctor).exists():
                continue
            availability_set(
                doctor=doctor,
                time_zone=row["time_zone"],
                slot_minutes=row["slot_minutes"],
                booking_window_days=row["booking_window_days"],
                min_notice_hours=row["min_notice_hours"],
                cancel_notice_hours=row["cancel_notice_hours"],
                auto_confirm=row["auto_confirm"],
                fees=row["fees"],
                clinic=Clinic.objects.get(slug=row["clinic"]) if row.get("clinic") else None,
                video_link=row["video_link"],
                hours=HoursField().clean(row["hours"]),
                days_off=[today + timedelta(days=n) for n in row["days_off_in_days"]],
            )
            Availability.objects.filter(doctor=doctor).update(currency=row["currency"])
            self.created["consultation hours"] += 1
        for row in data["bookings"]:
            patient = User.objects.get(email=row["patient"])
            doctor = DoctorProfile.objects.select_related("availability").get(
                user__email=row["doctor"]
            )
            if Booking.objects.filter(patient=patient, doctor=doctor, mode=row["mode"]).exists():
                continue
            # Seen from a clock a day back, so the slot under way now is still bookable.
            clock = self.now - timedelta(days=1)
            slots = [
                slot
                for slot in free_slots(doctor.availability, now=clock)
                if slot.mode == row["mode"]
                and slot.ends_at > self.now + timedelta(days=row["in_days"])
            ]
            if not slots:
                continue
            booking = booking_hold(patient=patient, doctor=doctor, slot_id=slots[0].id, now=clock)
            booking = booking_request(
                patient=patient, booking=booking, reason=row["reason"], now=clock
            )
            if row["confirmed"] and booking.status == "requested":
                booking_confirm(user=doctor.user, booking=booking, now=clock)
            self.created["consultations"] += 1
        for row in data["enquiries"]:
            patient = User.objects.get(email=row["patient"])
            treatment = Treatment.objects.get(slug=row["treatment"])
            if QuoteEnquiry.objects.filter(patient=patient, treatment=treatment).exists():
                continue
            enquiry = enquiry_create(
                patient=patient,
                treatment=treatment,
                clinics=[Clinic.objects.get(slug=slug) for slug in row["clinics"]],
                patient_city=row["patient_city"],
                patient_country=Country.objects.get(slug=row["patient_country"]),
                preferred_from=today + timedelta(days=row["preferred_from_in_days"]),
                preferred_to=today + timedelta(days=row["preferred_to_in_days"]),
                notes=row["notes"],
            )
            for quote in row["quotes"]:
                quote_enter(
                    user=coordinator,
                    quote=enquiry.quotes.get(clinic__slug=quote["clinic"]),
                    low_price=quote["low"],
                    high_price=quote["high"],
                    currency=quote["currency"],
                    includes=quote["includes"],
                    valid_until=today + timedelta(days=quote["valid_days"]),
                    send=True,
                )
            self.created["quote enquiries"] += 1
