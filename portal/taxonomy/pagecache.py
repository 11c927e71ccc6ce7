"""What a taxonomy entry shows on (portal/pagecache.py): nearly every public page names
specialties, treatments or places, so any change to one makes them all stale."""

from portal import pagecache

from .models import City, Country, Specialty, Treatment


def taxonomy_tags(instance) -> list[str]:
    return ["taxonomy"]


def watch_taxonomy() -> None:
    for model in (Specialty, Country, City):
        pagecache.watch(model, taxonomy_tags)
    pagecache.watch(Treatment, taxonomy_tags, m2m_fields=["specialties"])
