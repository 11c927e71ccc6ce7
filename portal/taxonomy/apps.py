from django.apps import AppConfig


class TaxonomyConfig(AppConfig):
    name = "portal.taxonomy"
    label = "taxonomy"
    verbose_name = "Taxonomy"

    def ready(self) -> None:
        from .pagecache import watch_taxonomy

        watch_taxonomy()
