"""The look pass (tests/browser/test_look.py) over the main signed-in pages of each role:
patient, doctor, editor and staff. A file of its own so the two test processes share the
look pass."""

import pytest

from tests.browser.test_look import _look, _signed_in_pages

# The demo is loaded once for the module (demo_site, tests/browser/conftest.py): each role
# only reads it, and logs in.
# django_db: so the test database is set up when this file runs alone (pytest-django sets
# up only the databases a collected test asks for); each test reads the module's demo.
pytestmark = [pytest.mark.browser, pytest.mark.long_file, pytest.mark.django_db]


@pytest.mark.parametrize("role", ["patient", "doctor", "editor", "staff"])
def test_signed_in_pages_look_right_and_pass_axe(demo_chromium, demo_site, role):
    problems = _look(
        demo_chromium, demo_site, role, _signed_in_pages(role), email=f"{role}@demo.example"
    )

    assert not problems, "\n".join(problems)
