"""Site search without the demo content: hostile queries answer a clear page, the header box
is on every page, the access log never holds a query, loading the demo builds the
vocabulary. (Search over the demo content is test_search.py.)"""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from portal.search import search_for

pytestmark = pytest.mark.django_db


# --- Hostile queries -----------------------------------------------------------------------
HOSTILE = [
    "",
    "   ",
    "x" * 2000,
    "pain " * 400,
    '- or "" & | ! <-> :*',
    '"unbalanced quote',
    "knee\x00pain",
    "'; DROP TABLE questions_question; --",
    "<script>alert('x')</script>",
    "<b>psoriasis</b>",
    " ".join(["psoriasis", "stem", "cell", "knee", "pain"] * 8),
    "psor:* & !",
    "\\",
    "(((",
    "-knee -pain",
]


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries_answer_a_clear_page(client, query):
    for url in (reverse("search:search"), reverse("questions:list"), reverse("blog:index")):
        response = client.get(url, {"q": query})
        assert response.status_code == 200
        page = response.content.decode()
        assert "<script>alert" not in page and "<b>psoriasis</b>" not in page
    assert client.get(reverse("search:suggest"), {"q": query}).status_code == 200


def test_a_query_of_only_left_out_words_searches_nothing():
    assert search_for("-knee -pain") is None
    assert search_for("pain -knee").required_words == ["pain"]


def test_header_box_is_on_every_page(client):
    for url in ("/", reverse("questions:list"), reverse("blog:index")):
        page = client.get(url).content.decode()
        assert 'class="site-search"' in page and f'action="{reverse("search:search")}"' in page


def test_the_access_log_never_holds_a_query_string_or_who_sent_it():
    import runpy
    from pathlib import Path

    config = runpy.run_path(str(Path(__file__).resolve().parents[2] / "gunicorn.conf.py"))
    log_format = config["access_log_format"]
    # %(r)s is the request line with its query string, %(q)s the query string, %(h)s the
    # client's address, %(f)s the Referer (a search page's URL).
    for atom in ("%(r)s", "%(q)s", "%(h)s", "%(f)s", "%(u)s"):
        assert atom not in log_format
    assert "%(U)s" in log_format


def test_loading_the_demo_builds_the_vocabulary(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "private")
    from search.models import Term

    call_command("seed_demo", "--allow-production", stdout=StringIO())
    assert Term.objects.filter(word="psoriasis").exists()
