"""Medical reviewers hear through the outbox when an article is sent to them."""

import pytest
from django.urls import reverse

from blog.services import REVIEW_REQUEST_TITLE, article_send_to_review
from portal.notifications.models import Notification
from tests.blog.conftest import new_article
from tests.factories import DoctorFactory

pytestmark = pytest.mark.django_db


def review_requests():
    return Notification.objects.filter(kind=Notification.Kind.ARTICLE_REVIEW)


def test_unassigned_article_reaches_every_medical_reviewer(
    publisher, reviewer, other_reviewer, specialty
):
    DoctorFactory(specialties=[specialty])  # a verified doctor who does not review
    article = new_article(publisher, specialty=specialty)
    article_send_to_review(actor=publisher, article=article)
    assert {n.recipient for n in review_requests()} == {reviewer, other_reviewer}
    note = review_requests().first()
    assert note.title == REVIEW_REQUEST_TITLE
    assert note.target_path == reverse("blog:review")
    assert article.title not in note.title


def test_assigned_article_reaches_only_its_reviewer(publisher, reviewer, other_reviewer, specialty):
    article = new_article(publisher, specialty=specialty, reviewer=other_reviewer.doctor_profile)
    article_send_to_review(actor=publisher, article=article)
    assert [n.recipient for n in review_requests()] == [other_reviewer]
