# ruff: noqa: E501 - the CSV files below are written line for line, as staff would write them
"""CSV imports through the management command: all or nothing, bad rows reported by
their line number in the file."""

import datetime
from decimal import Decimal
from io import StringIO
from textwrap import dedent
from unittest.mock import patch

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError

from directory import models, services
from directory.models import Clinic, CostEntry

from .factories import ClinicFactory

pytestmark = pytest.mark.django_db

CLINICS_OK = """\
name,kind,city,address,postcode,phone,website,accreditations,specialties,treatments,doctors,description,sponsored
Kestrel Bay Hospital,hospital,mumbai,"Plot 14, Linking Road",400050,+91 22 0100 0114,https://kestrel.example,JCI;nabh,dermatology,stem-cell-therapy;hair-transplant,asha-rao,A large hospital.,no
Indigo Studio,Clinic,delhi,M-22 Greater Kailash,,,,,dermatology,hair-transplant,,"A clinic, with a comma.",yes
"""

COSTS_OK = """\
treatment,clinic,city,country,low_price,high_price,currency,includes,source_kind,source_name,source_url,checked_on
stem-cell-therapy,kestrel-bay-hospital-mumbai,,,320000,550000,,One cycle,clinic_quote,Written quote,,2026-10-08
stem-cell-therapy,,delhi,,"1,50,000",500000,,,editor survey,Editors' survey of 5 centres,,2026-10-12
stem-cell-therapy,,,india,150000,600000,INR,,published_reference,Cost Review 2026,https://review.example/x,2026-07-30
stem-cell-therapy,,istanbul,,6000,15000,usd,,clinic_quote,Quote,,2026-08-02
"""


def write(tmp_path, name: str, content: str, encoding: str = "utf-8"):
    path = tmp_path / name
    path.write_bytes(dedent(content).encode(encoding))
    return str(path)


def run(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import_directory", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def run_failing(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError) as excinfo:
        call_command("import_directory", *args, stdout=out, stderr=err)
    return str(excinfo.value), err.getvalue()


@pytest.fixture
def places(mumbai, delhi, istanbul, stem_cells, hair_transplant, derm_doctor):
    return None


def test_good_clinics_file(tmp_path, places, derm_doctor):
    out, _ = run("clinics", write(tmp_path, "clinics.csv", CLINICS_OK))
    assert "Imported clinics: 2 created." in out
    kestrel = Clinic.objects.get(slug="kestrel-bay-hospital-mumbai")
    assert kestrel.accreditations == ["JCI", "NABH"]
    assert kestrel.address == "Plot 14, Linking Road"
    assert {t.slug for t in kestrel.treatments.all()} == {"stem-cell-therapy", "hair-transplant"}
    assert list(kestrel.doctors.all()) == [derm_doctor]
    assert not kestrel.is_sponsored
    indigo = Clinic.objects.get(slug="indigo-studio-delhi")
    assert indigo.kind == "clinic" and indigo.is_sponsored
    assert indigo.description == "A clinic, with a comma."


def test_importing_the_same_clinics_again_updates_them(tmp_path, places):
    path = write(tmp_path, "clinics.csv", CLINICS_OK)
    run("clinics", path)
    changed = CLINICS_OK.replace("A large hospital.", "Now with a new wing.")
    out, _ = run("clinics", write(tmp_path, "again.csv", changed))
    assert "0 created, 2 updated" in out
    assert Clinic.objects.count() == 2
    assert Clinic.objects.get(slug="kestrel-bay-hospital-mumbai").description == (
        "Now with a new wing."
    )


def test_reimporting_only_the_required_columns_keeps_the_other_fields(tmp_path, places):
    """A name/address-only file updates those columns and leaves every column it does not
    have as it was, relations included."""
    run("clinics", write(tmp_path, "clinics.csv", CLINICS_OK))
    content = """\
    name,kind,city,address
    Kestrel Bay Hospital,hospital,mumbai,"Plot 15, Linking Road"
    Indigo Studio,clinic,delhi,M-22 Greater Kailash
    """
    out, _ = run("clinics", write(tmp_path, "required.csv", content))
    assert "0 created, 2 updated" in out
    kestrel = Clinic.objects.get(slug="kestrel-bay-hospital-mumbai")
    assert kestrel.address == "Plot 15, Linking Road"
    assert (kestrel.postcode, kestrel.phone, kestrel.website) == (
        "400050",
        "+91 22 0100 0114",
        "https://kestrel.example",
    )
    assert kestrel.accreditations == ["JCI", "NABH"]
    assert kestrel.description == "A large hospital."
    assert {s.slug for s in kestrel.specialties.all()} == {"dermatology"}
    assert {t.slug for t in kestrel.treatments.all()} == {"stem-cell-therapy", "hair-transplant"}
    assert [d.slug for d in kestrel.doctors.all()] == ["asha-rao"]
    indigo = Clinic.objects.get(slug="indigo-studio-delhi")
    assert indigo.is_sponsored
    assert indigo.description == "A clinic, with a comma."
    assert [t.slug for t in indigo.treatments.all()] == ["hair-transplant"]


def test_an_empty_cell_in_a_given_column_still_clears_it(tmp_path, places):
    run("clinics", write(tmp_path, "clinics.csv", CLINICS_OK))
    content = """\
    name,kind,city,address,phone,treatments,sponsored
    Kestrel Bay Hospital,hospital,mumbai,"Plot 14, Linking Road",,,no
    """
    run("clinics", write(tmp_path, "cleared.csv", content))
    kestrel = Clinic.objects.get(slug="kestrel-bay-hospital-mumbai")
    assert kestrel.phone == ""
    assert not kestrel.treatments.exists()
    assert kestrel.website == "https://kestrel.example"
    assert [d.slug for d in kestrel.doctors.all()] == ["asha-rao"]


def test_clinics_file_with_bad_rows_imports_nothing_and_names_each_line(tmp_path, places):
    content = """\
    name,kind,city,address,accreditations,treatments,sponsored
    Good Clinic,clinic,mumbai,1 Road,,stem-cell-therapy,no
    Bad City,clinic,atlantis,1 Road,,,no
    Good Two,hospital,delhi,2 Road,JCI,,yes

    Bad Kind,spa,mumbai,3 Road,,,no
    Bad Accreditation,clinic,mumbai,4 Road,ISO;GOLD,,no
    Bad Treatment,clinic,mumbai,5 Road,,stem-cell-therapy;time-travel,no
    ,clinic,mumbai,6 Road,,,no
    Bad Sponsored,clinic,mumbai,7 Road,,,perhaps
    Too Many,clinic,mumbai,8 Road,,,no,extra
    Good Clinic,clinic,mumbai,1 Road again,,,no
    """
    message, err = run_failing("clinics", write(tmp_path, "bad.csv", content))
    assert Clinic.objects.count() == 0
    assert "nothing was imported" in message
    assert "8 problem(s)" in message
    lines = {int(line.split("line ")[1].split(":")[0]) for line in err.splitlines()}
    assert lines == {3, 6, 7, 8, 9, 10, 11, 12}
    assert "line 3: unknown city: atlantis" in err
    assert "line 6: kind must be one of" in err
    assert "line 7: unknown accreditation: ISO, GOLD (known: JCI, NABH" in err
    assert "line 8: unknown treatment: time-travel" in err
    assert "line 9: name:" in err  # blank name, from the model's own validation
    assert "line 10: sponsored must be yes or no" in err
    assert "line 11: Expected 7 fields, found 8." in err
    assert "line 12: Same clinic (slug good-clinic-mumbai) as line 2." in err


def test_clinics_file_with_wrong_columns(tmp_path, places):
    content = "title,type,town,address,colour\nA,clinic,mumbai,1 Road,blue\n"
    message, err = run_failing("clinics", write(tmp_path, "wrong.csv", content))
    assert Clinic.objects.count() == 0
    assert "line 1: Wrong columns" in err
    assert "missing column(s): name, kind, city" in err
    assert "unknown column(s): title, type, town, colour" in err


def test_good_costs_file(tmp_path, places, india, mumbai):
    ClinicFactory(slug="kestrel-bay-hospital-mumbai", city=mumbai)
    out, _ = run("costs", write(tmp_path, "costs.csv", COSTS_OK))
    assert "Imported cost entries: 4 created." in out
    quote = CostEntry.objects.get(clinic__slug="kestrel-bay-hospital-mumbai")
    assert (quote.city.slug, quote.country.slug, quote.currency) == ("mumbai", "india", "INR")
    survey = CostEntry.objects.get(city__slug="delhi")
    assert survey.low_price == Decimal("150000")
    assert survey.source_kind == CostEntry.SourceKind.EDITOR_SURVEY
    assert survey.checked_on == datetime.date(2026, 10, 12)
    assert CostEntry.objects.get(city__slug="istanbul").currency == "USD"
    # The same file again adds nothing.
    out, _ = run("costs", write(tmp_path, "costs.csv", COSTS_OK))
    assert "0 created, 4 already present" in out
    assert CostEntry.objects.count() == 4


def test_costs_file_with_bad_rows_imports_nothing_and_names_each_line(tmp_path, places):
    content = """\
    treatment,clinic,city,country,low_price,high_price,source_kind,source_name,source_url,checked_on
    stem-cell-therapy,,mumbai,,100,200,clinic_quote,Quote,,2026-10-01
    no-such-treatment,,mumbai,,100,200,clinic_quote,Quote,,2026-10-01
    stem-cell-therapy,,,,100,200,clinic_quote,Quote,,2026-10-01
    stem-cell-therapy,,mumbai,,lots,200,clinic_quote,Quote,,2026-10-01
    stem-cell-therapy,,mumbai,,300,200,clinic_quote,Quote,,2026-10-01
    stem-cell-therapy,,mumbai,,100,200,rumour,Quote,,2026-10-01
    stem-cell-therapy,,mumbai,,100,200,published_reference,A journal,,2026-10-01
    stem-cell-therapy,,mumbai,,100,200,clinic_quote,,,2026-10-01
    stem-cell-therapy,,mumbai,,100,200,clinic_quote,Quote,,01/10/2026
    stem-cell-therapy,,mumbai,,100,200,clinic_quote,Quote,,2999-01-01
    stem-cell-therapy,,mumbai,turkey,100,200,clinic_quote,Quote,,2026-10-01
    stem-cell-therapy,,mumbai,,100,200,clinic_quote,Quote,,2026-10-01
    stem-cell-therapy,,mumbai,,-5,200,clinic_quote,Quote,,2026-10-01
    """
    _, err = run_failing("costs", write(tmp_path, "bad.csv", content))
    assert CostEntry.objects.count() == 0
    expected = {
        3: "unknown treatment: no-such-treatment",
        4: "give the place",
        5: "low_price is not a number: 'lots'",
        6: f"high_price: {models.HIGH_BELOW_LOW}",
        7: "source_kind must be one of",
        8: f"source_url: {models.REFERENCE_NEEDS_URL}",
        9: "source_name: This field cannot be blank.",
        10: "checked_on must be a date like 2026-03-31",
        11: f"checked_on: {services.CHECKED_IN_FUTURE}",
        12: "country: Mumbai is not in Turkey.",
        13: "Same entry as line 2.",
        14: f"low_price: {models.PRICE_NEGATIVE}",
    }
    for line, message in expected.items():
        assert f"line {line}: {message}" in err, (line, err)
    assert "line 2:" not in err


def test_costs_file_with_wrong_columns(tmp_path, places):
    content = "treatment,price,source,date\nstem-cell-therapy,100,Quote,2026-10-01\n"
    _, err = run_failing("costs", write(tmp_path, "wrong.csv", content))
    assert "line 1: Wrong columns" in err
    assert "missing column(s): low_price, high_price, source_kind, source_name, checked_on" in err
    assert CostEntry.objects.count() == 0


def test_empty_file_missing_file_and_wrong_encoding(tmp_path, places):
    _, err = run_failing("costs", write(tmp_path, "empty.csv", ""))
    assert "line 1: The file is empty" in err
    message, _ = run_failing("clinics", str(tmp_path / "nope.csv"))
    assert "No such file" in message
    latin = CLINICS_OK.replace("Indigo Studio", "Indigo Stüdio")
    message, _ = run_failing("clinics", write(tmp_path, "latin1.csv", latin, "latin-1"))
    assert "is not UTF-8" in message
    assert Clinic.objects.count() == 0


def test_excel_byte_order_mark_is_accepted(tmp_path, places):
    path = tmp_path / "bom.csv"
    path.write_bytes("\ufeff".encode() + CLINICS_OK.encode())
    out, _ = run("clinics", str(path))
    assert "2 created" in out


@pytest.mark.parametrize("kind", ["clinics", "costs"])
def test_a_row_the_database_refuses_undoes_the_whole_file(tmp_path, places, mumbai, kind):
    """All or nothing holds past the checks too: when saving one row fails, the rows
    saved before it are rolled back and the failure names that row's line."""
    ClinicFactory(slug="kestrel-bay-hospital-mumbai", city=mumbai)
    before = Clinic.objects.count(), CostEntry.objects.count()
    model = Clinic if kind == "clinics" else CostEntry
    content = CLINICS_OK if kind == "clinics" else COSTS_OK
    real_save, calls = model.save, []

    def save(self, *args, **kwargs):
        calls.append(self)
        if len(calls) == 2:
            raise DatabaseError("refused")
        return real_save(self, *args, **kwargs)

    with patch.object(model, "save", save):
        message, err = run_failing(kind, write(tmp_path, f"{kind}.csv", content))
    assert "nothing was imported" in message
    assert "line 3: Could not be saved (DatabaseError); nothing was imported." in err
    assert (Clinic.objects.count(), CostEntry.objects.count()) == before
