import factory
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP
from django.utils import timezone

from doctors.models import VERIFICATION_VALIDITY, ApplicationStatus, DoctorProfile
from portal.accounts.consent import consent_record
from portal.accounts.models import User
from portal.taxonomy.models import Specialty
from questions.models import Question

PASSWORD = "correct-horse-battery-9"
# Staff must use a second factor (portal/accounts/two_factor.py): every staff account the
# factory makes has an authenticator app with this secret (tests/helpers.py totp_code).
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified_email(self, create, extracted, **kwargs):
        if create:
            self.save()
            if extracted is not False:
                EmailAddress.objects.create(
                    user=self, email=self.email, verified=True, primary=True
                )

    @factory.post_generation
    def second_factor(self, create, extracted, **kwargs):
        """Staff get an authenticator app, unless ``second_factor=False``."""
        if create and extracted is not False and (self.is_staff or self.is_superuser):
            TOTP.activate(self, TOTP_SECRET)

    @factory.post_generation
    def consent(self, create, extracted, **kwargs):
        """Signed up through the consent box, unless ``consent=False``."""
        if create and extracted is not False:
            consent_record(user=self)


class SpecialtyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Specialty
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Specialty {n}")
    slug = factory.Sequence(lambda n: f"specialty-{n}")
    keywords = ""


class DoctorFactory(factory.django.DjangoModelFactory):
    """A verified doctor; pass verified_at=None for a pending applicant, or a verified_at
    more than a year ago for a doctor whose verification expired."""

    class Meta:
        model = DoctorProfile
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    full_name = factory.Sequence(lambda n: f"Meera Test{n}")
    slug = factory.Sequence(lambda n: f"meera-test{n}")
    qualifications = "MBBS, MD"
    registration_number = factory.Sequence(lambda n: f"REG-{n:05d}")
    verified_at = factory.LazyFunction(timezone.now)
    application_status = factory.LazyAttribute(
        lambda o: ApplicationStatus.APPROVED if o.verified_at else ApplicationStatus.PENDING
    )
    verified_until = factory.LazyAttribute(
        lambda o: o.verified_at + VERIFICATION_VALIDITY if o.verified_at else None
    )

    @factory.post_generation
    def specialties(self, create, extracted, **kwargs):
        if create and extracted:
            self.specialties.set(extracted)


class QuestionFactory(factory.django.DjangoModelFactory):
    """A question row written directly (no flood rules); use questions.services in tests
    about asking."""

    class Meta:
        model = Question

    author = factory.SubFactory(UserFactory)
    text = factory.Sequence(lambda n: f"I have had an itchy red rash on my elbows for {n} weeks.")
    slug = "itchy-red-rash"
    age = 34
    gender = "female"
