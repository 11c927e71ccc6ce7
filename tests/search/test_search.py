"""Site search over the demo content: relevance, visibility per kind, snippets, filters.
Every test here reads the demo, loaded once for the module; search without it is in
test_search_input.py."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from blog.models import Article
from directory.models import Clinic
from doctors.models import ApplicationStatus, DoctorProfile
from portal.search import search_for
from questions.models import Answer, Question
from search import views
from search.selectors import SiteSearch, spelling_suggestions, suggestion_list
from search.services import vocabulary_refresh

pytestmark = [pytest.mark.django_db, pytest.mark.long_file]

# Judged relevance: query -> (kind, words of the result that must be in the top 3).
RELEVANCE = [
    ("psoriasis stem cell", "articles", "Psoriasis and Stem Cells"),
    ("phototherapy", "articles", "Phototherapy for Psoriasis"),
    ("dandruff", "articles", "Scalp Psoriasis or Dandruff"),
    ("scalp flakes", "articles", "Scalp Psoriasis or Dandruff"),
    ("blood pressure", "articles", "Understanding Your Blood Pressure"),
    ("vitamin b12", "articles", "Low Vitamin B12"),
    ('"worry cycle"', "articles", "Sleep and Anxiety"),
    ("jawline pimples", "questions", "pimples on my jawline"),
    ("hair falling", "questions", "my hair is falling"),
    ("hair transplant", "costs", "Hair Transplant"),
    ("heart beating night", "questions", "heart beating"),
    ("tired all the time", "questions", "tired all the time"),
    ("suitcase back", "questions", "heavy suitcase"),
    ("sedef", "questions", "sedef hastalığı"),
    ("baş ağrısı", "questions", "baş ağrısı"),
    ("migren", "questions", "baş ağrısı"),
    ("बुखार", "questions", "बुखार"),
    ("डेंगू", "questions", "बुखार"),
    ("Treppensteigen", "questions", "Treppensteigen"),
    ("Asha Rao", "doctors", "Asha Rao"),
    ("knee replacement", "costs", "Knee Replacement"),
    ("Kestrel Bay", "clinics", "Kestrel Bay"),
    ("psoriasis -stem", "articles", "Scalp Psoriasis"),
]


@pytest.fixture
def demo(demo_media):
    """The demo, loaded once for the module (every test here reads it; ``demo_once``)."""
    vocabulary_refresh()


def _titles(kind: str, rows) -> list[str]:
    if kind == "questions":
        return [q.text for q in rows]
    if kind == "articles":
        return [a.title for a in rows]
    if kind == "doctors":
        return [d.full_name for d in rows]
    if kind == "clinics":
        return [c.name for c in rows]
    return [r["treatment__name"] for r in rows]


def test_judged_queries_find_the_expected_result_in_the_top_three(demo):
    misses = []
    for query, kind, expected in RELEVANCE:
        site = SiteSearch(search_for(query))
        if kind == "questions":
            rows = site.questions(site.question_ids[:3])
        else:
            rows = site.rows(kind, 3)
        if not any(expected in title for title in _titles(kind, rows)):
            misses.append((query, kind, expected, _titles(kind, rows)))
    assert not misses


def test_a_misspelling_finds_nothing_and_offers_the_spelling_and_the_ask_form(demo, client):
    assert spelling_suggestions(search_for("psoraisis")) == ["psoriasis"]
    response = client.get(reverse("search:search"), {"q": "psoraisis"})
    page = response.content.decode()
    assert views.NO_RESULTS in page
    assert "?q=psoriasis" in page
    # The offer to ask posts the words; they never go in a URL.
    assert f'action="{reverse("questions:ask")}"' in page and 'name="prefill"' in page
    asked = client.post(reverse("questions:ask"), {"prefill": "1", "text": "psoraisis"})
    assert asked.status_code == 200 and "psoraisis</textarea>" in asked.content.decode()


def test_suggestions_by_prefix(demo, client):
    labels = [s.label for s in suggestion_list("psor")]
    assert "Psoriasis and Stem Cells: The Future of Treatment" in labels
    assert "Phototherapy for Psoriasis" in labels
    data = client.get(reverse("search:suggest"), {"q": "asha"}).json()
    assert {"label": "Dr. Asha Rao", "kind": "Doctor"}.items() <= data["results"][0].items()


def test_vectors_follow_answers_and_faq_edits(demo):
    question = Question.objects.public().answered().filter(text__contains="jawline").get()
    answer = Answer.objects.filter(question=question).first()
    answer.body = answer.body + " zygomorphic"
    answer.save()
    assert question.pk in SiteSearch(search_for("zygomorphic")).question_ids
    answer.delete()
    assert question.pk not in SiteSearch(search_for("zygomorphic")).question_ids
    article = Article.objects.published().first()
    article.faq_items.create(question="Is it xenophyllous?", answer="No.", order=9)
    assert article in SiteSearch(search_for("xenophyllous")).rows("articles", 5)


def test_a_hidden_answer_leaves_its_questions_vector_and_snippet(demo, client):
    question = Question.objects.public().answered().filter(text__contains="jawline").get()
    answer = Answer.objects.filter(question=question).first()
    answer.body = answer.body + " zygomorphic"
    answer.save()
    assert question.pk in SiteSearch(search_for("zygomorphic")).question_ids
    search_page = reverse("search:search")
    before = client.get(search_page, {"q": "zygomorphic"}).content.decode()
    assert "<mark>zygomorphic</mark>" in before

    Answer.objects.filter(pk=answer.pk).update(visibility="hidden")

    assert question.pk not in SiteSearch(search_for("zygomorphic")).question_ids
    after = client.get(search_page, {"q": "zygomorphic"}).content.decode()
    assert question.get_absolute_url() not in after
    assert "<mark>zygomorphic</mark>" not in after


# --- Visibility: what a kind's own pages hide, search never shows ----------------------------
def test_private_and_unanswered_questions_never_appear(demo, client):
    question = Question.objects.public().answered().filter(text__contains="jawline").get()
    Question.objects.filter(pk=question.pk).update(is_private=True)
    unanswered = Question.objects.filter(answered_at__isnull=True).first()
    Question.objects.filter(pk=unanswered.pk).update(text=unanswered.text + " quokkafoo")
    for q in ("jawline pimples", "quokkafoo"):
        assert not SiteSearch(search_for(q)).question_ids
        page = client.get(reverse("search:search"), {"q": q}).content.decode()
        assert question.get_absolute_url() not in page
        assert unanswered.get_absolute_url() not in page


def test_unpublished_and_scheduled_articles_never_appear(demo):
    in_review = Article.objects.get(title__startswith="Hand Eczema")
    assert not SiteSearch(search_for("dishwashing detergents")).rows("articles", 10)
    scheduled = Article.objects.published().get(title__startswith="Phototherapy")
    Article.objects.filter(pk=scheduled.pk).update(
        publish_at=timezone.now() + timezone.timedelta(days=3)
    )
    rows = SiteSearch(search_for("phototherapy")).rows("articles", 10)
    assert scheduled not in rows and in_review not in rows


def test_unverified_and_expired_doctors_never_appear(demo):
    assert not SiteSearch(search_for("Ananya Deshmukh")).rows("doctors", 10)  # pending
    DoctorProfile.objects.filter(full_name="Asha Rao").update(
        verified_until=timezone.now() - timezone.timedelta(days=1)
    )
    assert not SiteSearch(search_for("Asha Rao")).rows("doctors", 10)
    DoctorProfile.objects.filter(full_name="Priya Nair").update(
        application_status=ApplicationStatus.REJECTED
    )
    assert not SiteSearch(search_for("Priya Nair")).rows("doctors", 10)
    assert "Asha Rao" not in [s.label for s in suggestion_list("asha")]


def test_clinics_and_costs_come_from_their_public_lists(demo):
    clinic = Clinic.objects.get(slug="kestrel-bay-hospital-mumbai")
    assert clinic in SiteSearch(search_for("Kestrel Bay")).rows("clinics", 3)
    costs = SiteSearch(search_for("knee replacement")).rows("costs", 10)
    assert costs and all(r["treatment__name"] == "Knee Replacement" for r in costs)


def test_items_moderators_hid_never_appear(demo):
    """Every kind that moderators can hide leaves search with it: questions (through their
    public queryset), articles, doctors, clinics and the prices of a hidden clinic."""
    hidden = {"visibility": "hidden", "moderation_reason": "Test"}
    question = Question.objects.public().answered().filter(text__contains="jawline").get()
    Question.objects.filter(pk=question.pk).update(**hidden)
    assert question.pk not in SiteSearch(search_for("jawline pimples")).question_ids
    article = Article.objects.published().get(title__startswith="Phototherapy")
    Article.objects.filter(pk=article.pk).update(**hidden)
    assert article not in SiteSearch(search_for("phototherapy")).rows("articles", 10)
    DoctorProfile.objects.filter(full_name="Asha Rao").update(**hidden)
    assert not SiteSearch(search_for("Asha Rao")).rows("doctors", 10)
    assert "Dr. Asha Rao" not in [s.label for s in suggestion_list("asha")]
    clinic = Clinic.objects.get(slug="kestrel-bay-hospital-mumbai")
    assert clinic in SiteSearch(search_for("Kestrel Bay")).rows("clinics", 3)
    Clinic.objects.filter(pk=clinic.pk).update(**hidden)
    assert clinic not in SiteSearch(search_for("Kestrel Bay")).rows("clinics", 10)


def test_snippets_are_escaped_except_the_highlight(demo, client):
    question = Question.objects.public().answered().first()
    Question.objects.filter(pk=question.pk).update(text="<img src=x onerror=alert(1)> wombatgland")
    page = client.get(reverse("search:search"), {"q": "wombatgland"}).content.decode()
    assert "<mark>wombatgland</mark>" in page, page[page.find("<main") :][:3000]
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "<img src=x" not in page


def test_result_pages_are_private_and_within_the_query_budget(
    demo, client, django_assert_max_num_queries
):
    client.get(reverse("search:search"), {"q": "warm up"})
    with django_assert_max_num_queries(8):
        response = client.get(reverse("search:search"), {"q": "psoriasis"})
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Robots-Tag"] == "noindex"
    assert '<meta name="robots" content="noindex' in response.content.decode()
    with django_assert_max_num_queries(8):
        client.get(reverse("search:search"), {"q": "psoriasis", "kind": "questions"})


def test_filters_narrow_by_kind_specialty_and_city(demo, client):
    page = client.get(
        reverse("search:search"), {"q": "psoriasis", "kind": "clinics", "city": "mumbai"}
    ).content.decode()
    assert "Mumbai" in page and "Delhi," not in page
    site = SiteSearch(search_for("pain"), specialty=None)
    assert site.question_ids


def test_the_vocabulary_command_rebuilds_it(demo):
    from search.models import Term

    Term.objects.all().delete()
    out = StringIO()
    call_command("search_vocabulary", stdout=out)
    assert "words in the search vocabulary" in out.getvalue()
    assert Term.objects.filter(word="psoriasis").exists()
