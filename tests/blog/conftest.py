"""People in each editorial role, and articles built through blog.services."""

from io import BytesIO

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from blog.models import Article, AuthorProfile
from blog.services import (
    article_approve,
    article_create,
    article_publish,
    article_send_to_review,
    editors_group_ensure,
)
from portal.taxonomy.models import Treatment
from tests.factories import DoctorFactory, UserFactory

BODY = """Psoriasis makes skin cells grow too fast.

## What psoriasis is

An immune condition, not an infection.

## How it is treated

| Treatment | Cost in India |
|:--|--:|
| Phototherapy | ₹12,000 to ₹36,000 |

### Biologics

Injections that block one immune signal.[^1]

[^1]: Trials of hundreds of people.
"""


def _perm(codename: str) -> Permission:
    return Permission.objects.get(content_type__app_label="blog", codename=codename)


def make_editor(email: str, *, name: str, can_publish: bool = False, is_staff: bool = True):
    user = UserFactory(email=email, is_staff=is_staff)
    user.groups.add(editors_group_ensure())
    if can_publish:
        user.user_permissions.add(_perm("publish_article"))
    AuthorProfile.objects.create(
        user=user, display_name=name, slug=name.lower().replace(" ", "-"), job_title="Editor"
    )
    return type(user).objects.get(pk=user.pk)  # fresh: no cached permissions


@pytest.fixture
def writer(db):
    return make_editor("writer@example.org", name="Arjun Das")


@pytest.fixture
def publisher(db):
    return make_editor("publisher@example.org", name="Kavya Menon", can_publish=True)


@pytest.fixture
def reviewer(db, doctor):
    """The dermatologist from tests/conftest.py, allowed to review articles."""
    doctor.user.user_permissions.add(_perm("review_article"))
    return type(doctor.user).objects.get(pk=doctor.user.pk)


@pytest.fixture
def other_reviewer(db, specialty):
    other = DoctorFactory(full_name="Meera Second", slug="meera-second", specialties=[specialty])
    other.user.user_permissions.add(_perm("review_article"))
    return type(other.user).objects.get(pk=other.user.pk)


@pytest.fixture
def outsider(db):
    """Signed in, staff even, but not an editor: may not write or publish."""
    return UserFactory(email="outsider@example.org", is_staff=True)


@pytest.fixture
def treatment(db, specialty):
    treatment = Treatment.objects.create(name="Stem Cell Therapy", slug="stem-cell-therapy")
    treatment.specialties.add(specialty)
    return treatment


def new_article(actor, *, title="Psoriasis and Stem Cells", body=BODY, **fields) -> Article:
    fields.setdefault("summary", "What stem cells can and cannot do for psoriasis today.")
    return article_create(actor=actor, title=title, body=body, **fields)


def cover_upload(width: int = 640, height: int = 360, name: str = "cover.png"):
    """A plain picture to use as an article's cover."""
    buffer = BytesIO()
    Image.new("RGB", (width, height), (40, 120, 160)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def with_cover() -> dict:
    """The fields of a cover with its alt text, which publishing needs."""
    return {"cover_image": cover_upload(), "cover_alt": "A blue test picture"}


def live_article(publisher, *, reviewer=None, **fields) -> Article:
    """Draft -> review -> (approved) -> published, as the workflow does it. Without a
    reviewer the article is marked non-medical: a medical one cannot be published unreviewed.
    Publishing needs a cover, so one is given unless the caller gives theirs."""
    if reviewer is None:
        fields.setdefault("non_medical", True)
    if "cover_image" not in fields:
        fields["cover_image"] = cover_upload()
        fields.setdefault("cover_alt", "A blue test picture")
    article = new_article(publisher, **fields)
    article_send_to_review(actor=publisher, article=article)
    if reviewer is not None:
        article_approve(actor=reviewer, article=article)
    return article_publish(actor=publisher, article=article)
