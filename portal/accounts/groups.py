"""The portal's groups and the permissions each holds: the one declaration.

``GROUP_PERMISSIONS`` is the truth; a ``post_migrate`` receiver (AccountsConfig.ready)
syncs it after every ``migrate`` (and after the flush between transactional tests), so a
fresh database, an existing one and a test database all get the same groups.

The sync only adds: it creates a missing group and grants the declared permissions it
lacks, and never takes a permission away, so a right an administrator granted the group in
the admin survives the next deploy. Taking a declared permission away therefore needs
both: remove it here, and remove it from the group in the admin (or in a data migration).

Permissions are named as ``user.has_perm`` names them, ``"app_label.codename"``; they are
strings, so this module imports none of the apps it grants rights in.
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import DEFAULT_DB_ALIAS, router

from .roles import CARE_COORDINATORS_GROUP, EDITORS_GROUP


def _grants(app_label: str, models: dict[str, str]) -> frozenset[str]:
    """``{"article": "add change view"}`` -> ``{"blog.add_article", ...}``."""
    return frozenset(
        f"{app_label}.{action}_{model}"
        for model, actions in models.items()
        for action in actions.split()
    )


GROUP_PERMISSIONS: dict[str, frozenset[str]] = {
    # Editors write articles (publishing, blog.publish_article, and medical review,
    # blog.review_article, are granted per person: a writer without them can only send
    # articles to review) and maintain the directory in the admin, with the rights on
    # places and treatments that the directory's admin forms need.
    EDITORS_GROUP: _grants(
        "blog",
        {
            "article": "add change view",
            "reference": "add change delete view",
            "faqitem": "add change delete view",
            "authorprofile": "add change view",
            "articlestatuschange": "view",
        },
    )
    | _grants(
        "directory",
        {"clinic": "add change delete view", "costentry": "add change delete view"},
    )
    | _grants(
        "taxonomy",
        {
            "city": "add change view",
            "country": "add change view",
            "treatment": "add change view",
            "specialty": "view",
        },
    )
    | _grants("doctors", {"doctorprofile": "view"}),
    # Care coordinators work the hospital quote desk (/consult/quote-desk/): enquiries,
    # the clinics' quotes, the patients' reports (each read audited). They publish a quote
    # on the cost pages only through the desk's button, which uses the cost service; the
    # desk is their whole tool, so they hold no admin rights.
    CARE_COORDINATORS_GROUP: frozenset({"consultations.coordinate_quotes"}),
}


def _app_labels(perms) -> set[str]:
    return {perm.split(".", 1)[0] for perm in perms}


def groups_sync(*, using: str = DEFAULT_DB_ALIAS, apps=global_apps, names=None) -> dict:
    """Create the declared groups (all, or those in ``names``) and grant each the declared
    permissions it lacks; returns ``{name: Group}``. Idempotent. Raises LookupError naming
    a declared permission that no installed model has (a renamed model or a typo)."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    declared = {
        name: perms for name, perms in GROUP_PERMISSIONS.items() if names is None or name in names
    }
    labels = set().union(*map(_app_labels, declared.values()))
    # Django creates an app's permissions in its own post_migrate, which may come after
    # this one: create them now (a no-op when they exist).
    for app_label in sorted(labels):
        create_permissions(
            global_apps.get_app_config(app_label), verbosity=0, using=using, apps=apps
        )
    existing = {
        f"{app_label}.{codename}": pk
        for pk, app_label, codename in Permission.objects.using(using)
        .filter(content_type__app_label__in=labels)
        .values_list("pk", "content_type__app_label", "codename")
    }
    groups = {}
    for name, perms in declared.items():
        missing = perms - existing.keys()
        if missing:
            raise LookupError(
                f"Group {name!r} declares unknown permissions: {', '.join(sorted(missing))}"
            )
        group, _ = Group.objects.using(using).get_or_create(name=name)
        group.permissions.add(*(existing[perm] for perm in perms))
        groups[name] = group
    return groups


def groups_sync_on_post_migrate(sender, *, using=DEFAULT_DB_ALIAS, apps=global_apps, **kwargs):
    """post_migrate receiver, connected for the accounts app only so it runs once per
    migrate (or flush). Skips a database the router keeps auth off, and a partial state (a
    migrate to an early target) that lacks auth, contenttypes or a declared app; the next
    full migrate syncs."""
    try:
        apps.get_model("auth", "Permission")
        apps.get_model("contenttypes", "ContentType")
        for app_label in set().union(*map(_app_labels, GROUP_PERMISSIONS.values())):
            apps.get_app_config(app_label)
    except LookupError:
        return
    if not router.allow_migrate_model(using, global_apps.get_model("auth", "Group")):
        return
    groups_sync(using=using, apps=apps)
