"""portal.accounts.groups: one declaration of each group's permissions, synced after
every migrate."""

import pytest
from django.contrib.auth.models import Group, Permission

from portal.accounts.groups import GROUP_PERMISSIONS, groups_sync
from portal.accounts.roles import EDITORS_GROUP

pytestmark = pytest.mark.django_db


def held(group: Group) -> set[str]:
    return {
        f"{app_label}.{codename}"
        for app_label, codename in group.permissions.values_list(
            "content_type__app_label", "codename"
        )
    }


def test_migrate_leaves_each_group_with_its_declared_permissions():
    for name, perms in GROUP_PERMISSIONS.items():
        assert held(Group.objects.get(name=name)) == perms


def test_editors_write_articles_and_keep_the_directory_but_do_not_publish_or_review():
    perms = GROUP_PERMISSIONS[EDITORS_GROUP]
    assert {"blog.change_article", "directory.change_clinic", "taxonomy.add_city"} <= perms
    assert not {"blog.publish_article", "blog.review_article", "blog.delete_article"} & perms


def test_sync_restores_what_is_missing_and_keeps_what_an_admin_added():
    group = Group.objects.get(name=EDITORS_GROUP)
    group.permissions.remove(Permission.objects.get(codename="change_article"))
    extra = Permission.objects.get(codename="publish_article")
    group.permissions.add(extra)

    groups_sync()
    groups_sync()  # idempotent

    assert held(group) == GROUP_PERMISSIONS[EDITORS_GROUP] | {"blog.publish_article"}


def test_sync_creates_a_missing_group():
    Group.objects.filter(name=EDITORS_GROUP).delete()

    groups = groups_sync(names={EDITORS_GROUP})

    assert held(groups[EDITORS_GROUP]) == GROUP_PERMISSIONS[EDITORS_GROUP]


def test_an_unknown_permission_is_an_error(monkeypatch):
    monkeypatch.setitem(GROUP_PERMISSIONS, "Testers", frozenset({"blog.fly_article"}))
    with pytest.raises(LookupError, match="blog.fly_article"):
        groups_sync(names={"Testers"})
