"""The look pass (tests/browser/test_look.py) over the main signed-in pages of each role:
patient, doctor, editor and staff. A file of its own so the two test processes share the
look pass."""

import pytest

from tests.browser.test_look import _look, _signed_in_pages, demo  # noqa: F401 (a fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.long_file]


@pytest.mark.parametrize("role", ["patient", "doctor", "editor", "staff"])
@pytest.mark.usefixtures("demo")
def test_signed_in_pages_look_right_and_pass_axe(browser, live_server, role):
    problems = _look(
        browser, live_server.url, role, _signed_in_pages(role), email=f"{role}@demo.example"
    )

    assert not problems, "\n".join(problems)
