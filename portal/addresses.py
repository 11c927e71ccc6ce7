"""``address(viewname, **kwargs)``: ``reverse()`` remembered per process for the addresses
pages show over and over (a specialty's, a doctor's, an article's): the home page alone
links twenty specialties, and each reverse() is 15 to 60 microseconds of matching URL
patterns. An address depends only on the URL patterns, the active language (its /hi/
prefix) and the script prefix, which are all in the key; the patterns do not change while
a process runs (tests that swap them clear the memo). Every process computes the same
value, so nothing here differs between instances."""

from functools import lru_cache

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import translation


def address(viewname: str, **kwargs) -> str:
    return _address(
        viewname,
        tuple(sorted(kwargs.items())),
        translation.get_language(),
        get_script_prefix(),
        get_urlconf(),
    )


@lru_cache(maxsize=8192)
def _address(viewname: str, kwargs: tuple, language, prefix: str, urlconf) -> str:
    return reverse(viewname, kwargs=dict(kwargs), urlconf=urlconf)


@receiver(setting_changed)
def _forget(*, setting, **kwargs):
    if setting in ("ROOT_URLCONF", "LANGUAGES", "LANGUAGE_CODE"):
        _address.cache_clear()
