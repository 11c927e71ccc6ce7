"""What apps above the patients' app add to a patient's data export and take away with
their account.

The export and the deletion (patients/services.py) cover what they can import. An app
that sits beside or above them (consultations) registers here in its AppConfig.ready, so
the export holds its rows and files too and a deleted account leaves none of its files
behind, without the patients' app importing it. Rows that point at the account with
on_delete=CASCADE go with the account; an eraser removes what a cascade cannot reach
(files in storage).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class ExportSection:
    """One JSON file of the export (``name``, e.g. "consultations.json") and the stored
    files that go beside it, as (path inside the ZIP, FieldFile)."""

    name: str
    data: object
    files: list[tuple[str, object]] = field(default_factory=list)


_EXPORTERS: list[Callable] = []
_ERASERS: list[Callable] = []


def data_rights_register(*, exporter: Callable | None = None, eraser: Callable | None = None):
    """``exporter(user) -> ExportSection``; ``eraser(user) -> None``, called inside the
    deletion's transaction before the account row goes."""
    if exporter is not None and exporter not in _EXPORTERS:
        _EXPORTERS.append(exporter)
    if eraser is not None and eraser not in _ERASERS:
        _ERASERS.append(eraser)


def export_sections(user) -> Iterable[ExportSection]:
    for exporter in _EXPORTERS:
        yield exporter(user)


def erase_everywhere(user) -> None:
    for eraser in _ERASERS:
        eraser(user)
