from django.apps import AppConfig


class PoliciesConfig(AppConfig):
    name = "portal.policies"
    label = "policies"
    verbose_name = "Policy pages"
