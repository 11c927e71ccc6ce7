"""Editors maintain the directory in the admin: all rights on clinics and cost entries,
and the rights on places and treatments that the directory's admin forms need."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS_GROUP = "Editors"  # portal.accounts.roles.EDITORS_GROUP, frozen here
GRANTS = {
    "directory": {"clinic": "add change delete view", "costentry": "add change delete view"},
    "taxonomy": {
        "city": "add change view",
        "country": "add change view",
        "treatment": "add change view",
        "specialty": "view",
    },
    "doctors": {"doctorprofile": "view"},
}


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations; create them now.
    for app_label in GRANTS:
        app_config = apps.get_app_config(app_label)
        models_module = getattr(app_config, "models_module", None)
        app_config.models_module = models_module or True  # a historical app config has none
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = models_module
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=EDITORS_GROUP)
    for app_label, models in GRANTS.items():
        for model, actions in models.items():
            codenames = [f"{action}_{model}" for action in actions.split()]
            group.permissions.add(
                *Permission.objects.filter(
                    content_type__app_label=app_label, codename__in=codenames
                )
            )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=EDITORS_GROUP).first()
    if group is not None:
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="directory")
        )


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
