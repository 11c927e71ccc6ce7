"""The home page's ask form kept rendered in the shared cache for visitors
(questions/templatetags/ask_form.py): drawn once for everyone without a session, never
for a signed-in user (whose form carries their own CSRF token), and a new specialty is
in the next one."""

from itertools import count

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from questions.templatetags.ask_form import FORM_TEMPLATE
from tests.factories import SpecialtyFactory
from tests.helpers import drawn

pytestmark = pytest.mark.django_db

_fresh = count()


def forms_drawn():
    return drawn(FORM_TEMPLATE)


def home(client: Client | None = None) -> str:
    """The home page at an address no stored page has: rendered now."""
    response = (client or Client()).get(f"/?v={next(_fresh)}")
    assert response.status_code == 200
    return response.content.decode()


def ask_form_of(page: str) -> str:
    start = page.index('<form class="ask-form')
    return page[start : page.index("</form>", start)]


def test_visitors_share_one_drawing_of_the_form(redis_page_cache, specialty):
    with forms_drawn() as first:
        page = home()
    with forms_drawn() as second:
        again = home()

    assert len(first) == 1
    assert second == []
    assert 'name="text"' in again
    assert ask_form_of(page) == ask_form_of(again)
    assert "csrfmiddlewaretoken" not in again


def test_a_signed_in_user_gets_a_form_of_their_own_with_a_token(
    redis_page_cache, specialty, patient
):
    home()
    client = Client()
    client.force_login(patient)

    with forms_drawn() as drawn:
        page = home(client)

    assert len(drawn) == 1
    assert "csrfmiddlewaretoken" in page


def test_a_new_specialty_is_in_the_next_form(redis_page_cache, specialty):
    assert "Nephrology" not in home()

    SpecialtyFactory(name="Nephrology", slug="nephrology")

    page = home()
    assert ">Nephrology</option>" in ask_form_of(page)


def test_the_kept_form_reads_its_specialties_from_the_kept_list(redis_page_cache, specialty):
    """A cold home page for a visitor reads no specialty from PostgreSQL once the
    specialty list is a fragment: the form's choices come from it too."""
    home()

    with CaptureQueriesContext(connection) as queries:
        page = home()

    assert f">{specialty.name}</option>" in ask_form_of(page)
    assert not [q["sql"] for q in queries if 'FROM "taxonomy_specialty"' in q["sql"]]
