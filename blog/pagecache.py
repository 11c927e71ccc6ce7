"""Which cached pages show an article (portal/pagecache.py): its own page, the article
lists and feeds, and the related-articles block of articles on the same topic."""

from django.utils import timezone

from portal import pagecache

from .models import Article, ArticleStatusChange, AuthorProfile, FAQItem, Reference


def topic_tags(*, specialty_id: int | None, treatment_id: int | None) -> list[str]:
    return [f"articles-in:s{specialty_id}", f"articles-in:t{treatment_id}"]


def article_tags(article: Article) -> list[str]:
    return [
        f"article:{article.pk}",
        "articles",
        *topic_tags(specialty_id=article.specialty_id, treatment_id=article.treatment_id),
    ]


def _article_of(row) -> list[str]:
    article = Article.objects.filter(pk=row.article_id).only("specialty", "treatment").first()
    return article_tags(article) if article is not None else []


def author_tags(author: AuthorProfile) -> list[str]:
    return ["articles"]


def next_publish_at():
    """When the next scheduled article goes live (None: none is scheduled). Cached with
    the article lists: a page listing articles keeps no longer than that."""

    def compute():
        return (
            Article.objects.filter(status=Article.Status.PUBLISHED, publish_at__gt=timezone.now())
            .order_by("publish_at")
            .values_list("publish_at", flat=True)
            .first()
        )

    when = pagecache.fragment("next-article", ["articles"], compute)
    if when is not None and when <= timezone.now():
        pagecache.bump("articles")  # it went live: lists and the cached time are stale
        return None
    return when


def declare_article_lists() -> None:
    """The page being rendered lists live articles: stale when one is published (or a
    scheduled one goes live)."""
    pagecache.depends_on("articles", "taxonomy")
    pagecache.expires_at(next_publish_at())


def watch_articles() -> None:
    pagecache.watch(Article, article_tags)
    pagecache.watch(ArticleStatusChange, _article_of)
    pagecache.watch(Reference, _article_of)
    pagecache.watch(FAQItem, _article_of)
    pagecache.watch(AuthorProfile, author_tags)
