"""The demo content behind a live server, for the browser tests that only read it: per test
(``demo``, for a file of one such test) or once for a whole module (``demo_site``)."""

from io import StringIO

import pytest
from django.core.management import call_command

from tests.conftest import chromium


@pytest.fixture
def demo(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "private")
    call_command("seed_demo", "--allow-production", stdout=StringIO())


@pytest.fixture(scope="module")
def demo_live_server(demo_once, django_db_blocker):
    """A live server of the module's own over ``demo_once``'s demo. Its tests take no
    ``db``, ``transactional_db`` or ``live_server``: a transactional test's flush would take
    the demo away from the next. The database stays open to them and to the server's
    thread for the module; the module's end flushes it (``demo_once``)."""
    from pytest_django.live_server_helper import LiveServer

    with django_db_blocker.unblock():
        server = LiveServer("localhost")
        server._live_server_modified_settings.enable()
        try:
            yield server
        finally:
            server._live_server_modified_settings.disable()
            server.stop()


@pytest.fixture(scope="module")
def demo_chromium(demo_live_server):
    """One Chromium for the module's tests over the demo."""
    with chromium() as browser:
        yield browser


@pytest.fixture
def demo_site(demo_live_server, demo_media):
    """The live server's address, the test's uploads folders the demo's."""
    return demo_live_server.url
