"""Every URL, hostile input, as a patient and as a care coordinator: see
tests/hostile_input/__init__.py."""

import pytest

from tests.hostile_input.walk import ROLE_GROUPS, VISIBLE, walk_every_url

pytestmark = [pytest.mark.django_db, pytest.mark.long_file]


@pytest.mark.parametrize("role", ROLE_GROUPS["patient_coordinator"])
def test_every_url_survives_hostile_input_and_keeps_secrets(role, world, quiet_request_log):
    """No 5xx, no unescaped script, no redirect off the site, nothing the role may not read."""
    walker = walk_every_url(role, world)

    assert walker.count > 300
    assert not walker.failures, "\n".join(walker.failures)
    assert VISIBLE.get(role, set()) <= walker.seen
