"""Once granted the Editors group its directory permissions.

Kept (without operations that do anything) so the migration graph and the databases that
applied it stay as they are. The group and all its permissions are now declared once, in
portal.accounts.groups, and synced by a post_migrate receiver after every migrate, which
grants on a fresh database everything this migration did.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop, elidable=True)
    ]
