"""Demo content for doctor onboarding, loaded by ``manage.py seed_demo``:

- a demo applicant with a pending application and a small generated PDF as proof;
- a demo verifier: staff with the verify_doctor permission, not a superuser;
- the demo doctors' public details (council, qualifications, languages, clinic, fee, bio),
  and one of them (gp@demo.example) within 30 days of the end of his verification, so
  the dashboard shows the re-confirm prompt.

Everything is looked up before it is created, so running it again changes nothing.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from portal.accounts.demo import demo_user
from portal.accounts.roles import VERIFY_DOCTOR_PERMISSION
from portal.taxonomy.models import City, Specialty

from .models import (
    VERIFICATION_VALIDITY,
    ApplicationStatus,
    DoctorProfile,
    LicensingCouncil,
    Qualification,
)
from .services import PublicDetails, QualificationData, doctor_application_submit

APPLICANT_EMAIL = "applicant@demo.example"
VERIFIER_EMAIL = "verifier@demo.example"
EXPIRING_DOCTOR_EMAIL = "gp@demo.example"

LOGINS = [
    (APPLICANT_EMAIL, "doctor applicant: Dr. Ananya Deshmukh, application waiting for review"),
    (VERIFIER_EMAIL, "staff verifier: the doctor verification queue (not an admin)"),
]


def minimal_pdf(lines: list[str]) -> bytes:
    """A small, valid one-page PDF showing ``lines`` (ASCII): enough to stand in for a
    scanned certificate without shipping a binary file."""
    text = "\n".join(
        f"BT /F1 {14 if i == 0 else 11} Tf 72 {740 - 24 * i} Td ({line}) Tj ET"
        for i, line in enumerate(lines)
    ).encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(text) + text + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


@dataclass(frozen=True)
class DemoDetails:
    council: str
    registration_year: int
    languages: str
    city_slug: str
    clinic: str
    fee: int
    bio: str
    qualifications: tuple[tuple[str, str, int], ...]


DETAILS = {
    "doctor@demo.example": DemoDetails(
        LicensingCouncil.MAHARASHTRA,
        2009,
        "English, Hindi, Marathi",
        "mumbai",
        "Skin & Hair Clinic, Bandra West",
        800,
        "Dermatologist with fourteen years of practice in Mumbai. I see adult acne, "
        "psoriasis, eczema and hair loss most days, and I like to explain what a treatment "
        "can and cannot do before we start it.",
        (
            ("MBBS", "Grant Government Medical College, Mumbai", 2008),
            ("MD (Dermatology)", "Seth GS Medical College and KEM Hospital, Mumbai", 2012),
        ),
    ),
    "cardio@demo.example": DemoDetails(
        LicensingCouncil.DELHI,
        2006,
        "English, Hindi, Punjabi",
        "delhi",
        "Heart Care Centre, Saket",
        1200,
        "Interventional cardiologist. Most of my patients come for blood pressure, chest "
        "pain and cholesterol; I care as much about prevention as about stents.",
        (
            ("MBBS", "Maulana Azad Medical College, Delhi", 2005),
            ("MD (General Medicine)", "All India Institute of Medical Sciences, Delhi", 2009),
            ("DM (Cardiology)", "Postgraduate Institute, Chandigarh", 2012),
        ),
    ),
    "psych@demo.example": DemoDetails(
        LicensingCouncil.KARNATAKA,
        2012,
        "English, Hindi, Kannada, Urdu",
        "bengaluru",
        "Mind Matters Clinic, Indiranagar",
        1000,
        "Psychiatrist working with anxiety, depression, sleep problems and alcohol use. "
        "Talking about mental health is the first step, and it is a brave one.",
        (
            ("MBBS", "Bangalore Medical College and Research Institute", 2011),
            ("MD (Psychiatry)", "NIMHANS, Bengaluru", 2015),
        ),
    ),
    "gp@demo.example": DemoDetails(
        LicensingCouncil.TAMIL_NADU,
        2010,
        "English, Tamil, Hindi",
        "chennai",
        "Family Health Clinic, Adyar",
        500,
        "Physician for everyday problems and long-term conditions such as diabetes, "
        "thyroid and stomach trouble. A good first opinion when you do not know whom to ask.",
        (
            ("MBBS", "Madras Medical College, Chennai", 2009),
            ("MD (General Medicine)", "Stanley Medical College, Chennai", 2013),
        ),
    ),
}


def demo_doctor_create(*, user, demo, verified_at) -> DoctorProfile:
    """A demo doctor, approved by staff at ``verified_at`` without the queue, so verified
    for VERIFICATION_VALIDITY from then. ``demo`` is a demo record with the doctor's
    full_name, slug, qualifications, registration_number and years_of_experience."""
    return DoctorProfile.objects.create(
        user=user,
        full_name=demo.full_name,
        slug=demo.slug,
        qualifications=demo.qualifications,
        registration_number=demo.registration_number,
        years_of_experience=demo.years_of_experience,
        application_status=ApplicationStatus.APPROVED,
        verified_at=verified_at,
        verified_until=verified_at + VERIFICATION_VALIDITY,
    )


def _verifier() -> bool:
    user, created = demo_user(VERIFIER_EMAIL, is_staff=True, is_superuser=False)
    app_label, codename = VERIFY_DOCTOR_PERMISSION.split(".")
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label=app_label, codename=codename)
    )
    return created


def _applicant() -> bool:
    user, _ = demo_user(APPLICANT_EMAIL)
    if DoctorProfile.objects.filter(user=user).exists():
        return False
    pdf = minimal_pdf(
        [
            "Maharashtra Medical Council - Certificate of Registration (DEMO)",
            "Dr. Ananya Deshmukh, MBBS, MD (Paediatrics)",
            "Registration number MMC 2016/03/4821, registered 2016",
            "This is demonstration content generated by seed_demo.",
        ]
    )
    doctor_application_submit(
        user=user,
        full_name="Ananya Deshmukh",
        registration_number="MMC 2016/03/4821",
        licensing_council=LicensingCouncil.MAHARASHTRA,
        registration_year=2016,
        qualifications=[
            QualificationData("MBBS", "BJ Government Medical College, Pune", 2015),
            QualificationData("MD (Paediatrics)", "Seth GS Medical College, Mumbai", 2019),
        ],
        details=PublicDetails(
            years_of_experience=8,
            specialties=Specialty.objects.filter(slug="paediatrics"),
            languages="English, Marathi, Hindi",
            city=City.objects.filter(slug="mumbai").first(),
            clinic="Little Steps Children's Clinic, Andheri West",
            consultation_fee=600,
            bio="Paediatrician for newborns to teenagers: fevers, growth, feeding and vaccines.",
        ),
        new_documents=[
            SimpleUploadedFile("mmc-registration.pdf", pdf, content_type="application/pdf")
        ],
    )
    return True


def _doctor_details(now) -> int:
    filled = 0
    for email, details in DETAILS.items():
        doctor = DoctorProfile.objects.filter(user__email=email).first()
        if doctor is None or doctor.licensing_council:
            continue
        doctor.licensing_council = details.council
        doctor.registration_year = details.registration_year
        doctor.languages = details.languages
        doctor.city = doctor.city or City.objects.filter(slug=details.city_slug).first()
        doctor.clinic = details.clinic
        doctor.consultation_fee = details.fee
        doctor.bio = details.bio
        if email == EXPIRING_DOCTOR_EMAIL and doctor.is_verified:
            # Approved almost a year ago: his dashboard asks him to re-confirm.
            doctor.verified_at = now - VERIFICATION_VALIDITY + timedelta(days=20)
            doctor.verified_until = doctor.verified_at + VERIFICATION_VALIDITY
        doctor.save()
        doctor.qualification_set.all().delete()
        Qualification.objects.bulk_create(
            Qualification(doctor=doctor, degree=degree, institution=institution, year=year)
            for degree, institution, year in details.qualifications
        )
        filled += 1
    return filled


def seed_doctors(stdout) -> None:
    """Load the demo applicant, the demo verifier and the demo doctors' details."""
    with transaction.atomic():
        verifier = _verifier()
        applicant = _applicant()
        filled = _doctor_details(timezone.now())
    stdout.write(
        f"Doctor onboarding demo: verifier {'created' if verifier else 'present'}, applicant "
        f"{'created' if applicant else 'present'}, details filled for {filled} doctor(s)."
    )
