"""``manage.py import_directory clinics FILE.csv`` / ``import_directory costs FILE.csv``.

Every row is checked before anything is written; with any bad row nothing is imported,
each bad row is reported by line number, and the command exits with status 1.
"""

from django.core.management.base import BaseCommand, CommandError

from directory.csv_import import (
    CLINIC_OPTIONAL,
    CLINIC_REQUIRED,
    COST_OPTIONAL,
    COST_REQUIRED,
    clinics_import,
    cost_entries_import,
)

IMPORTERS = {
    "clinics": (clinics_import, CLINIC_REQUIRED, CLINIC_OPTIONAL),
    "costs": (cost_entries_import, COST_REQUIRED, COST_OPTIONAL),
}


class Command(BaseCommand):
    help = (
        "Import clinics or treatment cost entries from a UTF-8 CSV file with a header row. "
        "Clinic columns: name, kind, city, address, and optionally slug, postcode, phone, "
        "website, accreditations, specialties, treatments, doctors (slugs or codes separated "
        "by ';'), description, sponsored (yes/no); an existing clinic (same slug) keeps its "
        "values for the columns the file leaves out. Cost columns: treatment, low_price, "
        "high_price, source_kind (clinic_quote, editor_survey, published_reference), "
        "source_name, checked_on (YYYY-MM-DD), one of clinic/city/country (slugs), and "
        "optionally currency, includes, source_url."
    )

    def add_arguments(self, parser):
        parser.add_argument("what", choices=sorted(IMPORTERS), help="what the file holds")
        parser.add_argument("path", help="the CSV file")

    def handle(self, *args, what: str, path: str, **options):
        importer, _, _ = IMPORTERS[what]
        try:
            with open(path, encoding="utf-8-sig", newline="") as stream:
                report = importer(stream)
        except FileNotFoundError:
            raise CommandError(f"No such file: {path}") from None
        except UnicodeDecodeError as exc:
            raise CommandError(
                f"{path} is not UTF-8 text (byte {exc.start}). Save it as CSV UTF-8."
            ) from None
        if not report.ok:
            for line, message in report.errors:
                self.stderr.write(f"{path}, line {line}: {message}")
            raise CommandError(
                f"{len(report.errors)} problem(s) found: nothing was imported. "
                "Fix the lines above and run the import again."
            )
        parts = [f"{report.created} created"]
        if report.updated:
            parts.append(f"{report.updated} updated")
        if report.unchanged:
            parts.append(f"{report.unchanged} already present")
        self.stdout.write(self.style.SUCCESS(f"Imported {report.kind}: {', '.join(parts)}."))
