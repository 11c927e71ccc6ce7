from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "directory"
    verbose_name = "Directory: clinics and treatment costs"

    def ready(self) -> None:
        from .pagecache import watch_directory

        watch_directory()
