from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_migrate


class AccountsConfig(AppConfig):
    name = "portal.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self):
        from .groups import groups_sync_on_post_migrate
        from .sessions import last_seen_on_login
        from .two_factor import second_factor_on_login

        post_migrate.connect(
            groups_sync_on_post_migrate, sender=self, dispatch_uid="portal.accounts.groups_sync"
        )
        # At login rather than on the first page, so a page costs staff no extra query.
        user_logged_in.connect(last_seen_on_login, dispatch_uid="portal.accounts.last_seen")
        user_logged_in.connect(second_factor_on_login, dispatch_uid="portal.accounts.two_factor")
