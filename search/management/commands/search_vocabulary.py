from django.core.management.base import BaseCommand

from search.services import vocabulary_refresh


class Command(BaseCommand):
    help = 'Rebuild the "did you mean" vocabulary now (beat does it nightly at 03:30).'

    def handle(self, *args, **options):
        self.stdout.write(f"{vocabulary_refresh():,} words in the search vocabulary.")
