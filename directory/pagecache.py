"""Which cached pages show a clinic or a cost entry (portal/pagecache.py): the clinic's
page, and every directory list, cost page and "related links" block (``directory``)."""

from portal import pagecache

from .models import Clinic, CostEntry


def clinic_tags(clinic: Clinic) -> list[str]:
    return [f"clinic:{clinic.pk}", "directory"]


def cost_entry_tags(entry: CostEntry) -> list[str]:
    return ["directory", f"clinic:{entry.clinic_id}" if entry.clinic_id else ""]


def watch_directory() -> None:
    pagecache.watch(Clinic, clinic_tags, m2m_fields=["specialties", "treatments", "doctors"])
    pagecache.watch(CostEntry, cost_entry_tags)
