from django import template

from blog.selectors import byline as _byline

register = template.Library()


@register.filter
def byline(article):
    """{% with by=article|byline %}: the author's name, link and doctor profile."""
    return _byline(article)
