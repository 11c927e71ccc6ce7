from django.apps import AppConfig


class BlogConfig(AppConfig):
    name = "blog"
    verbose_name = "Blog"

    def ready(self) -> None:
        from .pagecache import watch_articles

        watch_articles()
