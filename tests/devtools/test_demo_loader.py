"""The demo loader: every file in demo/ is used, and loading again creates nothing."""

from io import StringIO

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from devtools.demo_loader import DEMO_DIR, DemoFiles, DemoLoader

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """The demo applicant's proof document goes to a temporary folder."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "private")


def row_counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def test_every_demo_file_is_used():
    files = DemoFiles()
    DemoLoader(files).load()

    on_disk = {
        str(path.relative_to(DEMO_DIR))
        for path in DEMO_DIR.rglob("*")
        if path.is_file() and path.name != "README.md"
    }
    assert files.used == on_disk


def test_demo_pictures_are_small_and_go_through_the_pipeline():
    pictures = sorted((DEMO_DIR / "images").rglob("*.jpg"))
    assert pictures and all(path.stat().st_size < 60_000 for path in pictures)

    DemoLoader().load()

    from blog.models import Article
    from doctors.models import DoctorProfile

    assert all(a.cover_renditions and a.cover_alt for a in Article.objects.all())
    with_photo = DoctorProfile.objects.exclude(photo_renditions={})
    assert with_photo.count() == len(list((DEMO_DIR / "images" / "doctors").glob("*.jpg")))
    assert DoctorProfile.objects.filter(photo_renditions={}).exists()  # initials shown too


def test_loading_twice_creates_nothing_more(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=StringIO())
    before = row_counts()

    out = StringIO()
    call_command("seed_demo", stdout=out)

    assert row_counts() == before
    assert "nothing created" in out.getvalue()


def test_once_skips_a_loaded_demo(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=StringIO())
    out = StringIO()
    call_command("seed_demo", "--once", stdout=out)
    assert "already loaded" in out.getvalue()
    assert "doctor@demo.example" in out.getvalue()  # the logins are still printed


def test_refuses_with_debug_off_unless_allowed(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--allow-production"):
        call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo", "--allow-production", stdout=StringIO())
    assert DemoLoader().exists()
