"""robots.txt and the sitemap: public pages listed, private ones never."""

import pytest
from django.core.cache import cache

from tests.factories import DoctorFactory, QuestionFactory
from tests.questions.helpers import answered_question

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_cached_pages():
    cache.clear()
    yield
    cache.clear()


def test_robots_points_at_the_sitemap_and_keeps_private_areas_out(client):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in body
    for private in ("/accounts/", "/admin/", "/notifications/", "/doctors/documents/"):
        assert f"Disallow: {private}\n" in body


def test_sitemap_index_lists_every_section(client):
    body = client.get("/sitemap.xml").content.decode()

    for section in ("pages", "questions", "doctors", "clinics", "directory", "articles"):
        assert f"http://testserver/sitemap-{section}.xml" in body


def test_question_sitemap_lists_answered_public_questions_only(client, doctor, patient):
    public = answered_question(doctors=[doctor], author=patient, slug="public-rash")
    private = answered_question(doctors=[doctor], author=patient, is_private=True, slug="secret")
    unanswered = QuestionFactory(author=patient, slug="still-waiting")

    body = client.get("/sitemap-questions.xml").content.decode()

    assert f"http://testserver{public.get_absolute_url()}" in body
    assert private.get_absolute_url() not in body
    assert unanswered.get_absolute_url() not in body


def test_sitemap_index_dates_the_questions_by_their_latest_change_in_one_query(
    doctor, patient, django_assert_num_queries
):
    from questions.sitemaps import QuestionSitemap

    older = answered_question(doctors=[doctor], author=patient)
    newer = answered_question(doctors=[doctor], author=patient)
    answered_question(doctors=[doctor], author=patient, is_private=True)

    with django_assert_num_queries(1):
        latest = QuestionSitemap().get_latest_lastmod()

    assert latest == max(older.updated_at, newer.updated_at)


def test_doctor_sitemap_lists_verified_doctors_only(client, doctor, applicant):
    body = client.get("/sitemap-doctors.xml").content.decode()

    assert f"http://testserver{doctor.get_absolute_url()}" in body
    assert applicant.get_absolute_url() not in body


def test_unknown_sitemap_section_is_404(client):
    assert client.get("/sitemap-nothing.xml").status_code == 404
    assert client.get("/sitemap-questions.xml?p=abc").status_code == 404
    DoctorFactory()  # sections stay valid with data present
    assert client.get("/sitemap-doctors.xml?p=999").status_code == 404
