"""What consultations show on cached pages (portal/pagecache.py): a doctor's page offers
"Book a consultation" while their availability is open."""

from portal import pagecache

from .models import Availability


def availability_tags(availability: Availability) -> list[str]:
    return [f"doctor:{availability.doctor_id}"]


def watch_consultations() -> None:
    pagecache.watch(Availability, availability_tags)
