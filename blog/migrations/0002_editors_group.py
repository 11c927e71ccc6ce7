"""The Editors group (portal.accounts.roles.EDITORS_GROUP) with the permissions to write
articles. Publishing (blog.publish_article) and medical review (blog.review_article) are
granted separately, per person: a writer without them can only send articles to review."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS_GROUP = "Editors"  # portal.accounts.roles.EDITORS_GROUP, frozen here
EDITOR_PERMISSIONS = [
    ("blog", "article", ["add", "change", "view"]),
    ("blog", "reference", ["add", "change", "delete", "view"]),
    ("blog", "faqitem", ["add", "change", "delete", "view"]),
    ("blog", "authorprofile", ["add", "change", "view"]),
    ("blog", "articlestatuschange", ["view"]),
]


def create_editors_group(apps, schema_editor):
    # Permissions are normally created after all migrations ran; this one needs them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=EDITORS_GROUP)
    for app_label, model, actions in EDITOR_PERMISSIONS:
        codenames = [f"{action}_{model}" for action in actions]
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label=app_label,
                content_type__model=model,
                codename__in=codenames,
            )
        )


def remove_editor_permissions(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    group = Group.objects.filter(name=EDITORS_GROUP).first()
    if group is not None:
        group.permissions.remove(
            *group.permissions.filter(content_type__app_label="blog")
        )


class Migration(migrations.Migration):
    dependencies = [
        ("blog", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_editors_group, remove_editor_permissions)]
