from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AccountsConfig(AppConfig):
    name = "portal.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self):
        from .groups import groups_sync_on_post_migrate

        post_migrate.connect(
            groups_sync_on_post_migrate, sender=self, dispatch_uid="portal.accounts.groups_sync"
        )
