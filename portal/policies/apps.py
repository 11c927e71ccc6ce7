from django.apps import AppConfig


class PoliciesConfig(AppConfig):
    name = "portal.policies"
    label = "policies"
    verbose_name = "Policy pages"

    def ready(self) -> None:
        from .pagecache import watch_policies

        watch_policies()
