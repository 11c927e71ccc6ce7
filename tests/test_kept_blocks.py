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


def test_the_consult_box_is_kept_per_specialty_city_and_treatment(redis_page_cache):
    """consultations/partials/consult_cta.html names every value it shows."""
    from django.template.loader import get_template

    from portal.taxonomy.models import City, Specialty, Treatment

    box = get_template("consultations/partials/consult_cta.html")
    request = visitor_request()

    def draw(**values):
        context = {"request": request, "csrf_token": "NOTPROVIDED", **values}
        return box.render(context)

    skin = Specialty(name="Dermatology", slug="dermatology")
    heart = Specialty(name="Cardiology", slug="cardiology")
    pune = City(name="Pune", slug="pune")
    knee = Treatment(name="Knee Replacement", slug="knee-replacement")
    assert "verified dermatology doctor" in draw(specialty=skin)
    assert "specialty=dermatology" in draw(specialty=skin)  # kept, the same
    assert "verified cardiology doctor" in draw(specialty=heart)
    assert "city=pune" in draw(specialty=skin, city=pune)
    with_quote = draw(specialty=skin, quote=True, treatment=knee)
    assert "treatment=knee-replacement" in with_quote
    assert "what Knee Replacement would cost you" in with_quote
    assert "Ask hospitals for a quote" not in draw(specialty=skin)


def test_the_banner_is_kept_per_option(redis_page_cache):
    from django.template.loader import get_template

    banner = get_template("partials/banner.html")
    request = visitor_request()

    def draw(**values):
        return banner.render({"request": request, "csrf_token": "NOTPROVIDED", **values})

    assert "<h1" in draw(as_h1=True) and "<h1" not in draw(compact=True)
    assert "banner--compact" in draw(compact=True)
    assert "Ask a free question" not in draw(compact=True, no_button=True)
    assert "Ask a free question" in draw(compact=True)
