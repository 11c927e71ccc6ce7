"""``{% keep %}`` (portal/blocks.py): parts of a page that are the same for every visitor
without a session, kept rendered in the shared cache under the values they show."""

import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.test import Client, RequestFactory

from portal.pagecache import _Page

pytestmark = pytest.mark.django_db

KEPT = Template('{% keep "test-part" shown %}{{ shown }}/{{ unnamed }}{% endkeep %}')


def visitor_request():
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    request.page_cache = _Page()  # a page that may be stored, for a visitor
    return request


def render(request, **values) -> str:
    # On a page that may be stored the token renders nothing (pagecache.context_processor).
    return KEPT.render(Context({"request": request, "csrf_token": "NOTPROVIDED", **values}))


def test_a_kept_part_is_drawn_once_per_value_it_names(redis_page_cache):
    request = visitor_request()
    assert render(request, shown="a", unnamed="first") == "a/first"
    # What it names is the same: the kept drawing, even where an unnamed value changed.
    assert render(request, shown="a", unnamed="second") == "a/first"
    assert render(request, shown="b", unnamed="second") == "b/second"


def test_outside_a_visitors_stored_page_the_part_is_drawn_every_time(redis_page_cache, patient):
    request = visitor_request()
    render(request, shown="a", unnamed="first")
    request.page_cache = None  # a page that is not stored (a session's, a search)
    assert render(request, shown="a", unnamed="second") == "a/second"
    request.page_cache = _Page()
    request.user = patient
    assert render(request, shown="a", unnamed="third") == "a/third"


def test_a_part_holding_a_real_token_is_drawn_every_time(redis_page_cache):
    request = visitor_request()
    assert KEPT.render(Context({"request": request, "shown": "a", "unnamed": "1"})) == "a/1"
    assert KEPT.render(Context({"request": request, "shown": "a", "unnamed": "2"})) == "a/2"


def test_a_kept_part_may_not_hold_a_block():
    with pytest.raises(TemplateSyntaxError):
        Template('{% keep "x" %}{% block inner %}{% endblock %}{% endkeep %}')


def test_the_kept_header_marks_each_section_and_a_user_gets_their_own(redis_page_cache, patient):
    for path, section in [("/questions/", "Questions"), ("/hospitals/", "Hospitals")]:
        for round_ in range(2):  # drawn, then kept
            page = Client().get(f"{path}?v={round_}").content.decode()
            header = page[page.index('<header class="site-header">') : page.index("</header>")]
            assert f' aria-current="page">{section}</a>' in header
            assert "Log out" not in header
    client = Client()
    client.force_login(patient)
    page = client.get("/questions/?v=3").content.decode()
    assert "Log out" in page[page.index('<header class="site-header">') : page.index("</header>")]
