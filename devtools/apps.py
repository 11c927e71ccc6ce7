from django.apps import AppConfig


class DevtoolsConfig(AppConfig):
    """Development tools: the embedded database, `make run`, the demo loader and the page
    benchmark. The top layer: it may import every app, and no app imports it."""

    name = "devtools"
    verbose_name = "Development tools"
