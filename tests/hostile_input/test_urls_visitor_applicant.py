"""Every URL, hostile input, as a visitor and as an applicant: see
tests/hostile_input/__init__.py."""

import pytest

from tests.hostile_input.walk import (
    ROLE_GROUPS,
    ROLES,
    SECRETS,
    VISIBLE,
    all_routes,
    walk_each_parameter_alone,
    walk_every_url,
)

pytestmark = [pytest.mark.django_db, pytest.mark.long_file]


@pytest.mark.parametrize("role", ROLE_GROUPS["visitor_applicant"])
def test_every_url_survives_hostile_input_and_keeps_secrets(role, world, quiet_request_log):
    """No 5xx, no unescaped script, no redirect off the site, nothing the role may not read."""
    walker = walk_every_url(role, world)

    assert walker.count > 300
    assert not walker.failures, "\n".join(walker.failures)
    assert VISIBLE.get(role, set()) <= walker.seen


def test_each_query_parameter_alone_survives_hostile_input(world, quiet_request_log):
    """A parameter read alone takes the branch the others would hide (a list's page
    number with no search): no 5xx, nothing unescaped, no redirect off the site."""
    walker = walk_each_parameter_alone("visitor", world)

    assert walker.count > 1000
    assert not walker.failures, "\n".join(walker.failures)


def test_every_pattern_is_walked():
    """The walk reaches every app's URLs, so a new view is fuzzed without being listed."""
    names = {r.template for r in all_routes()}
    for expected in (
        "questions/{pk}/{slug}/",
        "questions/similar/",
        "doctors/documents/{pk}/",
        "blog/{slug}/",
        "cost/{treatment_slug}/{country_slug}/",
        "notifications/{pk}/",
        "sitemap-{section}.xml",
        "accounts/login/",
        "admin/blog/article/{object_id}/change/",
    ):
        assert expected in names, expected


def test_every_role_is_walked_and_has_its_secrets():
    assert sorted(ROLES) == sorted(SECRETS)
