"""What blog pages keep between renders as fragments of the page cache (portal/pagecache.py:
fragment): an article's references and FAQ (blog.selectors.article_parts), the topic chips
(category_list), each list's length and the articles of its pages (blog.views._list_page).
A page rendered again at another address reads none of them; each change to what they
hold is on the next render."""

import re
from itertools import count

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from blog.models import Article, FAQItem, Reference
from moderation.services import item_hide
from moderation.targets import TARGETS

from .conftest import live_article

pytestmark = pytest.mark.django_db

_fresh_urls = count()


def render(path: str) -> tuple[str, list[str]]:
    """The page at an address no stored page has (rendered now), and its queries."""
    with CaptureQueriesContext(connection) as queries:
        response = Client().get(f"{path}?v={next(_fresh_urls)}")
    assert response.status_code == 200
    return response.content.decode(), [query["sql"] for query in queries]


def reading(queries: list[str], table: str) -> bool:
    return any(f'FROM "{table}"' in sql for sql in queries)


@pytest.fixture
def article(publisher, specialty):
    article = live_article(publisher, specialty=specialty, title="Itchy elbows in winter")
    Reference.objects.create(
        article=article, order=0, title="Eczema basics", url="https://example.org/eczema"
    )
    FAQItem.objects.create(
        article=article, order=0, question="Is it catching?", answer="No, eczema is not."
    )
    return article


def test_references_and_faq_are_read_once_then_kept(redis_page_cache, article):
    page, first = render(article.get_absolute_url())
    again, second = render(article.get_absolute_url())

    assert reading(first, "blog_reference") and reading(first, "blog_faqitem")
    assert not reading(second, "blog_reference") and not reading(second, "blog_faqitem")
    assert "Eczema basics" in again and "Is it catching?" in again


def test_a_new_reference_and_an_edited_faq_answer_show_on_the_next_render(
    redis_page_cache, article
):
    render(article.get_absolute_url())

    Reference.objects.create(
        article=article, order=1, title="Winter skin care", url="https://example.org/winter"
    )
    item = FAQItem.objects.get(article=article)
    item.answer = "No: nobody catches eczema."
    item.save()

    page, _ = render(article.get_absolute_url())
    assert "Winter skin care" in page
    assert "nobody catches eczema" in page


def test_a_deleted_reference_leaves_the_next_render(redis_page_cache, article):
    assert "Eczema basics" in render(article.get_absolute_url())[0]

    Reference.objects.filter(article=article).get().delete()

    assert "Eczema basics" not in render(article.get_absolute_url())[0]


def test_the_topic_chips_follow_new_articles_and_renamed_topics(
    redis_page_cache, article, publisher, specialty, treatment
):
    index = reverse("blog:index")
    chip = 'class="chip" href="/blog/category/stem-cell-therapy/"'
    assert chip not in render(index)[0]

    live_article(publisher, treatment=treatment, title="Stem cells for eczema?")
    page, _ = render(index)
    assert chip in page

    specialty.name = "Skin and hair"
    specialty.save()
    page, _ = render(index)
    assert ">Skin and hair</a>" in page


def test_a_list_is_counted_once_then_again_after_a_new_article(
    redis_page_cache, article, publisher, specialty
):
    for i in range(11):
        live_article(publisher, specialty=specialty, title=f"More {i}")
    topic = reverse("blog:category", kwargs={"slug": "dermatology"})
    for path in (reverse("blog:index"), topic):
        render(path)
        page, queries = render(path)
        assert not any("COUNT(*)" in sql for sql in queries)
        assert 'rel="next"' not in page

    live_article(publisher, specialty=specialty, title="The thirteenth")

    for path in (reverse("blog:index"), topic):
        page, _ = render(path)
        assert 'rel="next"' in page
        assert "Page 1 of 2" in page


def test_a_hidden_article_takes_its_lone_topic_off_the_chips(
    redis_page_cache, article, publisher, treatment, staff
):
    other = live_article(publisher, treatment=treatment, title="Stem cells for eczema?")
    chip = 'class="chip" href="/blog/category/stem-cell-therapy/"'
    assert chip in render(reverse("blog:index"))[0]

    item_hide(moderator=staff, target=TARGETS["article"], item=other, reason="Not sourced.")

    assert chip not in render(reverse("blog:index"))[0]


def test_a_list_page_is_read_once_then_kept(redis_page_cache, article):
    render(reverse("blog:index"))

    page, queries = render(reverse("blog:index"))

    assert not reading(queries, "blog_article")
    assert "Itchy elbows in winter" in page


def test_a_renamed_doctor_shows_in_the_bylines_of_the_next_render(
    redis_page_cache, article, doctor
):
    Article.objects.filter(pk=article.pk).update(author=doctor.user)  # before any render
    assert "By Dr. Asha Rao &middot;" in render(reverse("blog:index"))[0]

    doctor.full_name = "Asha Rao-Menon"
    doctor.save()

    assert "By Dr. Asha Rao-Menon" in render(reverse("blog:index"))[0]


def test_a_renamed_doctor_shows_in_the_home_pages_newest_articles(
    redis_page_cache, article, doctor
):
    Article.objects.filter(pk=article.pk).update(author=doctor.user)  # before any render
    assert "By Dr. Asha Rao &middot;" in render(reverse("home"))[0]

    doctor.full_name = "Asha Rao-Menon"
    doctor.save()

    assert "By Dr. Asha Rao-Menon" in render(reverse("home"))[0]


def test_related_articles_are_read_once_then_follow_a_new_article(
    redis_page_cache, article, publisher, specialty
):
    live_article(publisher, specialty=specialty, title="Dry skin on the hands")
    render(article.get_absolute_url())

    page, queries = render(article.get_absolute_url())
    assert "Dry skin on the hands" in page
    assert sum('FROM "blog_article"' in sql for sql in queries) == 1  # the article itself

    live_article(publisher, specialty=specialty, title="Cracked heels")

    assert "Cracked heels" in render(article.get_absolute_url())[0]


def related_titles(page: str) -> list[str]:
    section = page.split('id="related-title"')[1].split("</section>")[0]
    return re.findall(r'<h3 class="acard__title"><a href="[^"]+">([^<]+)</a>', section)


def test_articles_of_a_topic_share_its_newest_articles_but_each_leaves_itself_out(
    redis_page_cache, article, publisher, specialty
):
    """The related articles are one kept list per topic (blog.views._topic_parts), one
    longer than a page shows: each article shows the three newest but itself."""
    titles = ["Dry skin on the hands", "Cracked heels", "Sun and eczema"]
    others = [live_article(publisher, specialty=specialty, title=title) for title in titles]
    newest = others[-1]

    page, _ = render(article.get_absolute_url())
    assert related_titles(page) == titles[::-1]
    kept, queries = render(newest.get_absolute_url())  # from the kept list
    assert related_titles(kept) == ["Cracked heels", "Dry skin on the hands", article.title]
    assert sum('FROM "blog_article"' in sql for sql in queries) == 1  # the article itself


def test_the_topics_questions_are_read_once_then_follow_answers_and_their_doctors(
    redis_page_cache, article, publisher, specialty, other_specialty, patient
):
    """The "Questions and answers" cards and the directory links are one kept part per
    topic (blog.views._topic_parts): read once for all the topic's articles, and on the
    next render after a question of the specialty is answered or a card's doctor renamed
    (a doctor of another specialty: only the card names them)."""
    from questions.services import answer_create
    from tests.factories import DoctorFactory, QuestionFactory

    doctor = DoctorFactory(full_name="Asha Rao", slug="asha-rao", specialties=[other_specialty])
    first = QuestionFactory(author=patient, specialty=specialty, text="Why do my shins itch?")
    answer_create(user=doctor.user, question=first, body="Dry winter air; use a thick cream.")
    other = live_article(publisher, specialty=specialty, title="Dry skin on the hands")
    assert "Why do my shins itch?" in render(article.get_absolute_url())[0]

    page, queries = render(other.get_absolute_url())  # another article on the same topic
    assert "Why do my shins itch?" in page
    assert not reading(queries, "questions_question")

    doctor.full_name = "Asha Rao-Menon"
    doctor.save()
    assert "Asha Rao-Menon" in render(article.get_absolute_url())[0]

    second = QuestionFactory(author=patient, specialty=specialty, text="Is a rash catching?")
    answer_create(user=doctor.user, question=second, body="Most are not; see a doctor.")
    assert "Is a rash catching?" in render(other.get_absolute_url())[0]


def test_references_and_faq_come_in_their_order_and_are_kept_without_the_article(
    redis_page_cache, article
):
    """Each list in its given order (then as added), read in one query each; what is kept
    holds the items alone, not the whole article with each of them."""
    import pickle

    from blog.selectors import article_parts

    for order, title in ((2, "Later"), (1, "Middle"), (0, "Also first")):
        Reference.objects.create(article=article, order=order, title=title, url="https://a.org")
    for order, question in ((5, "Last?"), (1, "Second?")):
        FAQItem.objects.create(article=article, order=order, question=question, answer="Yes.")

    with CaptureQueriesContext(connection) as queries:
        references, faq_items = article_parts(article=article)
    assert [r.title for r in references] == ["Eczema basics", "Also first", "Middle", "Later"]
    assert [i.question for i in faq_items] == ["Is it catching?", "Second?", "Last?"]
    assert len(queries) == 2
    assert all(r.article_id == article.pk for r in references)
    assert b"Itchy elbows in winter" not in pickle.dumps((references, faq_items))
    # Read again from what was kept, in the same order.
    again = article_parts(article=article)
    assert [r.title for r in again[0]] == [r.title for r in references]
