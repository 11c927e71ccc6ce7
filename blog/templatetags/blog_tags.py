from django import template
from django.conf import settings
from django.utils import timezone

from blog.pagecache import declare_article_lists, next_publish_at
from blog.permissions import is_medical_reviewer as _is_medical_reviewer
from blog.selectors import article_list as _article_list
from blog.selectors import byline as _byline
from portal import pagecache

register = template.Library()


@register.filter
def byline(article):
    """{% with by=article|byline %}: the author's name, link and doctor profile."""
    return _byline(article)


@register.filter
def is_medical_reviewer(user) -> bool:
    """{% if user|is_medical_reviewer %}: the doctor reviews articles (the review desk)."""
    return _is_medical_reviewer(user)


@register.inclusion_tag("blog/partials/latest_articles.html")
def latest_articles(count: int = 3):
    """{% latest_articles 3 %}: the newest live articles as cards, for pages outside the
    blog (the home page) whose views do not know the blog. The page shows an article
    list (stale when one is published); the cards are a fragment of the page cache, kept
    no longer than until the next scheduled article goes live."""
    declare_article_lists()
    timeout = None
    when = next_publish_at()
    if when is not None:
        timeout = min(settings.FRAGMENT_CACHE_SECONDS, int((when - timezone.now()).total_seconds()))
        if timeout <= 0:
            return {"articles": list(_article_list()[:count])}
    articles = pagecache.fragment(
        f"latest-articles:{count}",
        # "doctors": a doctor's byline shows their name while they are verified.
        ["articles", "taxonomy", "doctors"],
        lambda: list(_article_list()[:count]),
        timeout=timeout,
    )
    return {"articles": articles}
