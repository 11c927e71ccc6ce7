"""Every role the portal knows, as signed-in people: the one place tests get them.

The authorisation matrix (tests/test_authorisation_matrix.py) signs in as each of these.
``role_users`` takes them from the demo data (demo/people.toml), adding what the demo has
no one for (a doctor whose verification ran out); ``sign_in`` is how a test becomes one of
them. When staff must pass a second factor before the admin or a desk, ``sign_in`` is the
place to mark the session as having passed it.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

ROLES = (
    "visitor",
    "patient",
    "other_patient",
    "applicant",
    "doctor",
    "expired_doctor",
    "editor",
    "writer",
    "verifier",
    "moderator",
    "superuser",
)

# Who each role is in the demo data (demo/people.toml, loaded by devtools.demo_loader).
DEMO_EMAILS = {
    "patient": "patient@demo.example",
    "other_patient": "patient2@demo.example",
    "applicant": "applicant@demo.example",
    "doctor": "doctor@demo.example",  # verified dermatologist, reviews articles
    "editor": "editor@demo.example",  # Editors group, may publish
    "writer": "writer@demo.example",  # Editors group, may not publish
    "verifier": "verifier@demo.example",  # staff with doctors.verify_doctor
    "moderator": "moderator@demo.example",  # staff with questions.view_private_question
    "superuser": "staff@demo.example",
}
EXPIRED_DOCTOR_EMAIL = "lapsed@matrix.example"


def role_users() -> dict:
    """``{role: user}`` (None for the visitor), from a database holding the demo."""
    from tests.factories import DoctorFactory

    User = get_user_model()  # noqa: N806
    users = {"visitor": None}
    users.update({role: User.objects.get(email=email) for role, email in DEMO_EMAILS.items()})
    expired = User.objects.filter(email=EXPIRED_DOCTOR_EMAIL).first()
    if expired is None:
        expired = DoctorFactory(
            full_name="Kiran Lapsed",
            slug="kiran-lapsed-matrix",
            verified_at=timezone.now() - timedelta(days=400),
            user__email=EXPIRED_DOCTOR_EMAIL,
        ).user
    users["expired_doctor"] = expired
    return users


def sign_in(client, user) -> None:
    """Become ``user`` (None: sign out). force_login skips the password; a second
    factor, once staff need one, is marked passed here."""
    client.logout()
    if user is not None:
        client.force_login(user)
