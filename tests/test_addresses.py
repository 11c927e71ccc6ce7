"""portal/addresses.py: reverse() remembered, and still right for every language, script
prefix and set of URL patterns."""

import sys
import types

import pytest
from django.test import override_settings
from django.urls import clear_script_prefix, path, reverse, set_script_prefix
from django.utils import translation

from portal.addresses import address
from tests.factories import SpecialtyFactory

pytestmark = pytest.mark.django_db


def test_an_address_is_reverse_s_in_each_language():
    specialty = SpecialtyFactory(name="Dermatology", slug="dermatology")
    for language in ("en", "hi", "en"):  # the memo of one language never answers another
        with translation.override(language):
            expected = reverse("questions:specialty", kwargs={"slug": "dermatology"})
            assert specialty.get_absolute_url() == expected
    with translation.override("hi"):
        assert specialty.get_absolute_url().startswith("/hi/")


def test_an_address_follows_the_script_prefix():
    plain = address("questions:specialty", slug="dermatology")
    set_script_prefix("/portal/")
    try:
        assert address("questions:specialty", slug="dermatology") == "/portal" + plain
    finally:
        clear_script_prefix()
    assert address("questions:specialty", slug="dermatology") == plain


def test_new_url_patterns_forget_the_remembered_addresses():
    before = address("questions:specialty", slug="dermatology")
    specialty = path("t/<slug:slug>/", lambda request, slug: None, name="specialty")
    other = types.ModuleType("other_urls")
    other.urlpatterns = [path("elsewhere/", ([specialty], "questions", "questions"))]
    sys.modules["other_urls"] = other
    try:
        with override_settings(ROOT_URLCONF="other_urls"):
            assert address("questions:specialty", slug="dermatology") == "/elsewhere/t/dermatology/"
    finally:
        del sys.modules["other_urls"]
    assert address("questions:specialty", slug="dermatology") == before
