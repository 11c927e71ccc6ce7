"""Reads for the blog. Each public page costs a fixed number of queries, however many
articles, questions, doctors or clinics exist."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.postgres.search import SearchRank
from django.core.exceptions import ObjectDoesNotExist
from django.core.validators import slug_unicode_re
from django.db.models import Exists, F, OuterRef, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext

from portal import pagecache
from portal.accounts import roles
from portal.queries import KeptQuery
from portal.search import Search, headline
from portal.taxonomy.models import Specialty, Treatment
from portal.visibility import Visibility
from questions.selectors import answered_question_list

from .models import Article, AuthorProfile, FAQItem, Reference

RELATED_ARTICLES = 3
RELATED_QUESTIONS = 4

# What a list of articles shows: topic tags and the byline.
_CARD_RELATED = ("specialty", "treatment", "author__author_profile", "author__doctor_profile")
# Never shown on a card, the longest columns; a list kept in the cache keeps no password.
_CARD_UNREAD = (
    "body",
    "body_html",
    "toc_html",
    "search_vector",
    "specialty__search_vector",
    "treatment__search_vector",
    "author__password",
    "author__doctor_profile__search_vector",
)


def _cards(qs):
    return qs.select_related(*_CARD_RELATED).defer(*_CARD_UNREAD)


def article_list(*, now=None):
    """Live articles, newest first."""
    return _cards(Article.objects.published(now=now).order_by("-publish_at", "-id"))


def article_search_list(*, search: Search, specialty=None, now=None):
    """Live articles matching ``search`` (title, summary, body, FAQ), best first, with a
    highlighted ``snippet`` of the summary and body. Articles are few (thousands), so all
    matches are ranked."""
    qs = Article.objects.published(now=now).filter(search.matches())
    if specialty is not None:
        qs = qs.filter(Q(specialty=specialty) | Q(treatment__specialties=specialty)).distinct()
    return (
        _cards(qs)
        .annotate(
            rank=SearchRank(F("search_vector"), search.query, cover_density=True),
            snippet=headline("summary", search, words=30),
        )
        .order_by("-rank", "-publish_at", "-id")
    )


def _for_page(qs):
    """What an article's page shows besides the article: its topic, author and reviewer
    (joined). Its references and FAQ: article_parts. The page shows the stored HTML, not
    the markdown."""
    unread = [name for name in _CARD_UNREAD if name not in ("body_html", "toc_html")]
    return qs.select_related(*_CARD_RELATED, "reviewer").defer(*unread, "reviewer__search_vector")


def _page_article_query(slug: str, now: datetime):
    return _for_page(Article.objects.published(now=now)).filter(slug=slug).order_by()[:1]


# Compiled once per process (portal/queries.py): five joins took the ORM longer to build
# than PostgreSQL to answer, on every cold article page.
_PAGE_ARTICLE = KeptQuery(_page_article_query)


def article_for_page(*, slug: str) -> Article | None:
    """A live article with its topic, author and reviewer, in one query. None for an
    unknown slug, and for text that cannot be one (PostgreSQL refuses a NUL byte in a
    query)."""
    if not slug_unicode_re.match(slug):
        return None
    return _PAGE_ARTICLE.first(slug=slug, now=timezone.now())


def article_is_removed(*, slug: str) -> bool:
    """A live article moderators hid: the public gets "removed by moderators"."""
    return (
        slug_unicode_re.match(slug) is not None
        and Article.objects.filter(slug=slug, visibility=Visibility.HIDDEN).exists()
    )


def article_for_preview(*, pk: int) -> Article | None:
    """Any article, whatever its status, for an editor's or reviewer's preview."""
    return _for_page(Article.objects.all()).filter(pk=pk).first()


def article_parts(*, article: Article, fresh: bool = False) -> tuple[list, list]:
    """The article's references and its FAQ items, in order. A fragment of the page cache
    kept until the article changes (saving or deleting a reference or an FAQ item moves
    ``article:<pk>`` on too: blog.pagecache), so a page re-rendered for anything else
    (its questions, its related articles, a doctor) reads neither; ``fresh`` (the
    preview) reads them from the database."""

    def compute():
        return (
            _REFERENCES.all(article_id=article.pk),
            _FAQ_ITEMS.all(article_id=article.pk),
        )

    if fresh:
        return compute()
    return pagecache.fragment(article_parts_name(article), [f"article:{article.pk}"], compute)


def _references_query(article_id: int):
    return Reference.objects.filter(article_id=article_id).order_by("order", "id")


def _faq_items_query(article_id: int):
    return FAQItem.objects.filter(article_id=article_id).order_by("order", "id")


# Compiled once per process (portal/queries.py): a cold article reads both.
_REFERENCES = KeptQuery(_references_query)
_FAQ_ITEMS = KeptQuery(_faq_items_query)


def article_parts_name(article: Article) -> str:
    """The name article_parts keeps its fragment under (for pagecache.read_ahead)."""
    return f"article-parts:{article.pk}"


def topic_article_list(*, article: Article, limit: int) -> list[Article]:
    """The newest live articles on ``article``'s topic (its specialty or treatment),
    itself among them if it is live: a page leaves itself out (blog.views._topic_parts
    keeps one list for every article of the topic)."""
    topic = Q()
    if article.specialty_id:
        topic |= Q(specialty_id=article.specialty_id)
    if article.treatment_id:
        topic |= Q(treatment_id=article.treatment_id)
    if not topic:
        return []
    return list(article_list().filter(topic)[:limit])


def topic_specialty(article: Article) -> Specialty | None:
    """The specialty whose questions sit beside the article: its own, else its
    treatment's first (one query, only then)."""
    if article.specialty_id:
        return article.specialty
    if article.treatment_id:
        return article.treatment.specialties.order_by("name").first()
    return None


def related_question_list(*, specialty: Specialty | None, limit: int = RELATED_QUESTIONS):
    """Answered public questions of an article's topic specialty (topic_specialty),
    through questions' own reads."""
    if specialty is None:
        return []
    return answered_question_list(specialty=specialty)[:limit]


@dataclass(frozen=True)
class Category:
    """A blog topic: a specialty or a treatment, shown and linked the same way."""

    kind: str
    name: str
    slug: str
    description: str
    obj: object

    @property
    def specialty(self):
        return self.obj if self.kind == "specialty" else None

    @property
    def treatment(self):
        return self.obj if self.kind == "treatment" else None


def category_for_slug(*, slug: str) -> Category | None:
    specialty = Specialty.objects.filter(slug=slug).first()
    if specialty is not None:
        return Category("specialty", specialty.name, slug, specialty.description, specialty)
    treatment = Treatment.objects.filter(slug=slug).first()
    if treatment is not None:
        return Category("treatment", treatment.name, slug, treatment.description, treatment)
    return None


def article_list_for_category(*, category: Category):
    if category.kind == "specialty":
        return article_list().filter(specialty=category.obj)
    return article_list().filter(treatment=category.obj)


def category_list() -> list[tuple[str, str]]:
    """Specialties and treatments that have at least one live article, by name: (name,
    slug) pairs. A fragment of the page cache shared by every blog list, read again after
    a change to an article or the taxonomy; the caller has declared the article lists
    (blog.pagecache.declare_article_lists), which moves ``articles`` on when a scheduled
    article goes live."""

    def compute():
        live = Article.objects.published()
        specialties = Specialty.objects.filter(
            Exists(live.filter(specialty=OuterRef("pk")))
        ).values_list("name", "slug")
        treatments = Treatment.objects.filter(
            Exists(live.filter(treatment=OuterRef("pk")))
        ).values_list("name", "slug")
        return sorted([*specialties, *treatments])

    return pagecache.fragment("blog-topics", ["articles", "taxonomy"], compute)


def author_for_page(*, slug: str) -> AuthorProfile | None:
    return AuthorProfile.objects.select_related("user__doctor_profile").filter(slug=slug).first()


def article_list_for_author(*, author: AuthorProfile):
    return article_list().filter(author_id=author.user_id)


def review_queue(*, doctor):
    """Articles waiting for this doctor's review: assigned to them or to nobody, oldest
    first."""
    return (
        Article.objects.filter(status=Article.Status.REVIEW)
        .filter(Q(reviewer=doctor) | Q(reviewer__isnull=True))
        .exclude(author_id=doctor.user_id)
        .select_related(*_CARD_RELATED)
        .order_by("updated_at", "id")
    )


def due_for_review_list(*, now=None):
    """Live articles whose last medical review (or, never reviewed, whose publication)
    is older than ARTICLE_REVIEW_PERIOD_DAYS, most overdue first."""
    return (
        Article.objects.filter(status=Article.Status.PUBLISHED)
        .alias(reviewed=Coalesce("last_reviewed_at", "publish_at"))
        .filter(reviewed__lt=review_cutoff(now=now))
        .order_by("reviewed", "id")
    )


def re_review_list(*, doctor, now=None):
    """Live articles this doctor reviewed whose review has come due again."""
    return due_for_review_list(now=now).filter(reviewer=doctor).select_related(*_CARD_RELATED)


def review_cutoff(*, now=None):
    return (now or timezone.now()) - timedelta(days=settings.ARTICLE_REVIEW_PERIOD_DAYS)


@dataclass(frozen=True)
class Byline:
    name: str
    url: str
    doctor: object | None
    job_title: str
    initials: str


def byline(article: Article) -> Byline:
    """Who wrote it, and where their name links: a doctor's profile for a doctor, the
    author page for an editor. Reads only what article_for_page and _cards selected."""
    author = article.author
    doctor = roles.doctor_profile(author)
    if doctor is not None and doctor.is_verified:
        return Byline(doctor.display_name, doctor.get_absolute_url(), doctor, "", doctor.initials)
    profile = _one_to_one(author, "author_profile")
    if profile is not None:
        return Byline(
            profile.display_name,
            profile.get_absolute_url(),
            None,
            profile.job_title,
            profile.initials,
        )
    return Byline(gettext("Health Portal editorial team"), "", None, "", "HP")


def author_name(user, *, fallback: str = "(no author profile yet)") -> str:
    """The name a person writes under (their byline), for lists that must not show
    login emails: a verified doctor's name, else the author profile's, else a neutral
    placeholder."""
    doctor = roles.doctor_profile(user)
    if doctor is not None and doctor.is_verified:
        return doctor.display_name
    profile = _one_to_one(user, "author_profile")
    if profile is not None:
        return profile.display_name
    return fallback


def _one_to_one(user, name: str):
    try:
        return getattr(user, name)
    except ObjectDoesNotExist:
        return None
