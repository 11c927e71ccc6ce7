"""A hidden item leaves every public surface: its page, lists, related blocks, sitemaps,
feeds, structured data and counts. Its author still sees it, with the reason."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from moderation.services import item_hide, item_restore
from questions.selectors import similar_question_list
from tests.blog.conftest import live_article, make_editor
from tests.directory.factories import (
    CityFactory,
    ClinicFactory,
    CostEntryFactory,
    CountryFactory,
    TreatmentFactory,
)
from tests.moderation.conftest import PUBLIC_TEXT, target
from tests.questions.helpers import ANSWER_BODY, answered_question

pytestmark = pytest.mark.django_db

REASON = "Advertises a product with made-up claims."
MARKER = "Zebracream"


def sitemap(client, section):
    return client.get(reverse("sitemap_section", kwargs={"section": section})).content.decode()


def get(client, url):
    cache.clear()
    return client.get(url)


def test_hidden_question_leaves_lists_sitemap_similar_and_its_page(
    client, moderator, patient, doctor, specialty
):
    question = answered_question(
        doctors=[doctor], author=patient, text=f"{MARKER} {PUBLIC_TEXT}", specialty=specialty
    )
    url = question.get_absolute_url()
    surfaces = [
        "/",
        reverse("questions:list"),
        specialty.get_absolute_url(),
        doctor.get_absolute_url(),
    ]
    for page in surfaces:
        assert MARKER in get(client, page).content.decode(), page
    assert url in sitemap(client, "questions")

    item_hide(moderator=moderator, target=target("question"), item=question, reason=REASON)

    for page in surfaces:
        assert MARKER not in get(client, page).content.decode(), page
    assert (
        url
        not in get(
            client, reverse("sitemap_section", kwargs={"section": "questions"})
        ).content.decode()
    )
    assert list(similar_question_list(text=MARKER)) == []
    removed = client.get(url)
    assert removed.status_code == 410
    html = removed.content.decode()
    assert "Removed by moderators" in html and MARKER not in html
    assert "application/ld+json" not in html

    client.force_login(patient)
    own = client.get(url).content.decode()
    assert MARKER in own and "Hidden by moderators." in own and REASON in own
    assert 'name="robots" content="noindex"' in own


def test_hidden_answer_is_a_placeholder_and_leaves_cards_counts_and_structured_data(
    client, moderator, patient, doctor, specialty
):
    question = answered_question(doctors=[doctor], author=patient, specialty=specialty)
    answer = question.answers.get()
    phrase = ANSWER_BODY[:40]
    assert phrase in get(client, question.get_absolute_url()).content.decode()

    item_hide(moderator=moderator, target=target("answer"), item=answer, reason=REASON)

    html = get(client, question.get_absolute_url()).content.decode()
    assert phrase not in html
    assert "This answer was removed by moderators." in html
    assert '"suggestedAnswer"' not in html and '"acceptedAnswer"' not in html
    assert (
        str(question.get_absolute_url())
        not in get(client, reverse("questions:list")).content.decode()
    )
    profile = get(client, doctor.get_absolute_url())
    assert phrase not in profile.content.decode()
    assert profile.context["stats"]["total"] == 0
    # The doctor reads it with the reason; the asker sees only the placeholder.
    client.force_login(doctor.user)
    own = client.get(question.get_absolute_url()).content.decode()
    assert phrase in own and REASON in own
    client.force_login(patient)
    assert phrase not in client.get(question.get_absolute_url()).content.decode()

    item_restore(moderator=moderator, target=target("answer"), item=answer)
    client.logout()
    assert phrase in get(client, question.get_absolute_url()).content.decode()


def test_hidden_article_leaves_index_feeds_sitemap_related_and_its_page(
    client, moderator, specialty
):
    publisher = make_editor("pub@example.org", name="Pub Lisher", can_publish=True)
    article = live_article(publisher, title=f"{MARKER} for dry skin", specialty=specialty)
    other = live_article(publisher, title="Moisturisers explained", specialty=specialty)
    surfaces = [
        reverse("blog:index"),
        reverse("blog:feed"),
        reverse("blog:feed_atom"),
        other.get_absolute_url(),
    ]
    for page in surfaces:
        assert MARKER in get(client, page).content.decode(), page
    assert article.get_absolute_url() in sitemap(client, "articles")

    item_hide(moderator=moderator, target=target("article"), item=article, reason=REASON)

    for page in surfaces:
        assert MARKER not in get(client, page).content.decode(), page
    cache.clear()
    assert article.get_absolute_url() not in sitemap(client, "articles")
    assert client.get(article.get_absolute_url()).status_code == 410


def test_hidden_clinic_leaves_directory_lists_sitemap_and_doctor_page(
    client, moderator, doctor, specialty
):
    india = CountryFactory(name="India", slug="india", iso_code="IN")
    city = CityFactory(name="Pune", slug="pune", country=india)
    treatment = TreatmentFactory(name="Phototherapy", slug="phototherapy", specialties=[specialty])
    clinic = ClinicFactory(
        name=f"{MARKER} Skin Clinic",
        slug="zebra",
        city=city,
        treatments=[treatment],
        doctors=[doctor],
    )
    surfaces = [
        reverse("directory:hospitals_treatment", kwargs={"treatment_slug": treatment.slug}),
        reverse(
            "directory:hospitals_treatment_city",
            kwargs={"treatment_slug": treatment.slug, "city_slug": city.slug},
        ),
        doctor.get_absolute_url(),
    ]
    CostEntryFactory(treatment=treatment, clinic=clinic)
    surfaces.append(
        reverse(
            "directory:cost", kwargs={"treatment_slug": treatment.slug, "country_slug": "india"}
        )
    )
    for page in surfaces:
        assert MARKER in get(client, page).content.decode(), page
    assert clinic.get_absolute_url() in sitemap(client, "clinics")

    item_hide(moderator=moderator, target=target("clinic"), item=clinic, reason=REASON)

    for page in surfaces:
        assert MARKER not in get(client, page).content.decode(), page
    cost_page = reverse(
        "directory:cost", kwargs={"treatment_slug": treatment.slug, "country_slug": india.slug}
    )
    assert MARKER not in get(client, cost_page).content.decode()
    cache.clear()
    assert clinic.get_absolute_url() not in sitemap(client, "clinics")
    assert client.get(clinic.get_absolute_url()).status_code == 410


def test_hidden_doctor_profile_leaves_the_sitemap_and_shows_removed(client, moderator, doctor):
    assert doctor.get_absolute_url() in sitemap(client, "doctors")
    item_hide(moderator=moderator, target=target("doctor"), item=doctor, reason=REASON)
    cache.clear()
    assert doctor.get_absolute_url() not in sitemap(client, "doctors")
    assert client.get(doctor.get_absolute_url()).status_code == 410
    client.force_login(doctor.user)
    own = client.get(doctor.get_absolute_url()).content.decode()
    assert REASON in own
