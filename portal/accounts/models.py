from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra):
        if not email:
            raise ValueError("Users need an email address")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra["is_staff"] = True
        extra["is_superuser"] = True
        return self._create_user(email, password, **extra)


def current_language() -> str:
    """The language of the page a person signs up on (or the default)."""
    return translation.get_language() or settings.LANGUAGE_CODE


class User(AbstractBaseUser, PermissionsMixin):
    """A person with an account. Signs in by email; no username, no public name.

    Patients stay anonymous on public pages (gender and age only); doctors show the name
    on their DoctorProfile, never this account's email.
    """

    email = models.EmailField(unique=True)
    # How emails to this person greet them; never shown on any page but their own.
    display_name = models.CharField(max_length=60, blank=True)
    # The language emails are written in: the page language at sign-up, then the last one
    # the person used the portal in (portal/i18n.py). No choices: adding a language is only
    # a catalogue, not a migration.
    language = models.CharField(max_length=15, default=current_language, editable=False)
    # Raised by "log out everywhere": every session signed with the old value stops
    # working, including sessions no device list knows about.
    sessions_epoch = models.PositiveIntegerField(default=0, editable=False)
    is_staff = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        ordering = ["email"]

    def __str__(self) -> str:
        return self.email

    def _get_session_auth_hash(self, secret=None):
        """Django's session hash (an HMAC of the password), mixed with sessions_epoch once
        it has been raised: sessions made before stop verifying. At 0 it is Django's own,
        so sessions made before this field existed stay valid."""
        base = super()._get_session_auth_hash(secret=secret)
        if not self.sessions_epoch:
            return base
        return salted_hmac(
            "portal.accounts.User.sessions_epoch",
            f"{base}:{self.sessions_epoch}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()


class AuditLogEntry(models.Model):
    """A record of a sensitive look or change: staff reading a private question,
    downloading a doctor's proof document, verifying a doctor."""

    actor = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="audit_entries"
    )
    action = models.CharField(max_length=60)
    target_type = models.CharField(max_length=60)
    target_id = models.CharField(max_length=40)
    detail = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "audit log entries"

    def __str__(self) -> str:
        return f"{self.actor} {self.action} {self.target_type}#{self.target_id}"


class Consent(models.Model):
    """Explicit consent to process health data to answer the person's questions (DPDP Act,
    GDPR Art. 9): given at sign-up (or on a visitor's ask form), with the privacy policy
    version it was given under. Withdrawing it leads to deleting the account."""

    class Purpose(models.TextChoices):
        HEALTH_DATA = "health_data", _("Processing my health information to answer my questions")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(max_length=20, choices=Purpose.choices)
    # The privacy policy in force when consent was given (PROTECT: never deleted while a
    # consent points at it); empty only before any privacy policy was published.
    policy = models.ForeignKey(
        "policies.PolicyVersion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consents",
    )
    policy_version = models.CharField(max_length=40)
    given_at = models.DateTimeField(default=timezone.now)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-given_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} ({self.policy_version})"
