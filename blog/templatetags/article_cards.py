"""``{% article_cards articles %}``: article cards, each kept rendered in the shared cache
under what it shows (portal/pagecache.py: rendered_blocks). A card costs about 0.4 ms of
template work (the cover's <picture> and its srcsets most of it); the twelve of a blog
list were a quarter of its render."""

from django import template

from blog.selectors import byline
from portal import pagecache

register = template.Library()

CARD_TEMPLATE = "blog/partials/article_card.html"


def card_identity(article, heading=None) -> tuple:
    """Every value blog/partials/article_card.html shows of ``article`` (keep the two
    together). The byline is its name as shown: a doctor's only while verified."""
    category = article.category
    renditions = article.cover_renditions
    return (
        article.pk,
        article.slug,
        article.title,
        article.summary,
        article.cover_image.name if article.cover_image else "",
        repr(sorted(renditions.items())) if renditions else "",
        article.cover_width,
        article.cover_height,
        (category.slug, category.name) if category is not None else None,
        article.read_minutes,
        byline(article).name,
        article.publish_at,
        heading,
    )


def card_blocks(articles, heading=None) -> list[str]:
    """The card of each of ``articles`` (loaded by blog.selectors: topic and author
    selected), each its own block of HTML. heading="h2" where each card heads its own
    section."""
    blocks = [
        (card_identity(article, heading), {"article": article, "heading": heading})
        for article in articles
    ]
    return pagecache.rendered_blocks(CARD_TEMPLATE, blocks)


@register.simple_tag
def article_cards(articles, heading=None):
    """The cards of ``articles`` one after another (card_blocks)."""
    return pagecache.mark_joined(card_blocks(articles, heading))
