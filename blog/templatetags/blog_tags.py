from django import template

from blog.permissions import is_medical_reviewer as _is_medical_reviewer
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
