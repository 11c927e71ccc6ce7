"""The demo content: ``seed_demo`` loads the blog through the real workflow, again and again
without duplicates, and the stem-cell article page shows every part of the seed page."""

import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.urls import reverse

from blog import permissions
from blog.models import Article
from devtools.demo_loader import DemoFiles

pytestmark = pytest.mark.django_db

PEOPLE = DemoFiles().toml("people.toml")
DEMO_PASSWORD = PEOPLE["password"]
EDITOR_EMAIL, WRITER_EMAIL = (e["email"] for e in PEOPLE["editors"])

STEM_CELLS = "/blog/psoriasis-and-stem-cells-the-future-of-treatment/"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """The demo applicant's proof document goes to a temporary folder."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "private")


@pytest.fixture
def demo(settings):
    settings.DEBUG = True  # the demo is for development; with DEBUG off it refuses
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def test_seed_demo_refuses_with_debug_off_unless_allowed(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--allow-production"):
        call_command("seed_demo", stdout=StringIO())
    assert not Article.objects.exists()


def test_seed_demo_loads_the_blog_once(demo):
    count = Article.objects.count()
    call_command("seed_demo", stdout=StringIO())

    assert count >= 6 and Article.objects.count() == count
    assert EDITOR_EMAIL in demo and WRITER_EMAIL in demo
    statuses = set(Article.objects.values_list("status", flat=True))
    assert statuses == {"review", "published"}


def test_demo_editor_publishes_and_demo_writer_does_not(demo, client):
    User = get_user_model()  # noqa: N806
    editor, writer = User.objects.get(email=EDITOR_EMAIL), User.objects.get(email=WRITER_EMAIL)

    assert permissions.is_publisher(editor) and editor.is_staff
    assert permissions.is_writer(writer) and not permissions.is_publisher(writer)
    assert client.login(email=EDITOR_EMAIL, password=DEMO_PASSWORD)
    assert client.get(reverse("admin:blog_article_changelist")).status_code == 200


def test_demo_stem_cell_article_shows_every_part(demo, client):
    response = client.get(STEM_CELLS)
    html = response.content.decode()
    text = re.sub(r"<[^>]+>", " ", html)

    assert response.status_code == 200
    article = response.context["article"]
    assert article.read_minutes >= 10
    assert (article.specialty.name, article.treatment.name) == ("Dermatology", "Stem Cell Therapy")
    for part in [
        "Get answers for your health queries from top doctors for free",
        "Fewer clinic visits",
        'aria-label="Breadcrumb"',
        "Psoriasis and Stem Cells: The Future of Treatment",
        "Kavya Menon",
        "Medically reviewed by",
        "Dr. Asha Rao",
        "Last updated",
        "min read",
        "Contents",
        "<table>",
        "Indicative ranges only",
        "References",
        "Frequently asked questions",
        "Related articles",
        "Questions and answers",
        "Read answer",
        "Answered on",
        "Consult a dermatology doctor online",
        "Medical disclaimer.",
        '"@type":"FAQPage"',
        '"@type":"MedicalWebPage"',
        '"@type":"BreadcrumbList"',
    ]:
        assert part in html, part
    assert re.search(r"(Male|Female|Other) \| \d+", text)
    assert "Merhaba" in html  # the questions come in any language
    assert len(response.context["references"]) >= 5
    assert len(response.context["faq_items"]) >= 4
    assert str(response.context["related_articles"]).count('<article class="card acard">') >= 2
    assert "hospitals" in text and "Cost of" in text  # the directory's cross-links


def test_demo_has_a_queue_for_the_reviewer_and_hides_what_is_not_live(demo, client):
    assert client.get("/blog/hand-eczema-from-detergents/").status_code == 404  # in review
    assert client.get("/blog/monsoon-fungal-skin-infections/").status_code == 404  # scheduled

    client.login(email="doctor@demo.example", password=DEMO_PASSWORD)
    queue = client.get(reverse("blog:review"))
    assert [a.slug for a in queue.context["waiting"]] == ["hand-eczema-from-detergents"]
    assert [a.slug for a in queue.context["due"]] == [
        "phototherapy-for-psoriasis-what-a-course-involves"
    ]
