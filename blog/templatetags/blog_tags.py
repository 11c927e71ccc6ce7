from django import template

from blog.permissions import is_medical_reviewer as _is_medical_reviewer
from blog.selectors import article_list as _article_list
from blog.selectors import byline as _byline

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
    blog (the home page) whose views do not know the blog."""
    return {"articles": list(_article_list()[:count])}
