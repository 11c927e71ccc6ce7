import datetime

import pytest

from tests.factories import DoctorFactory, SpecialtyFactory

from .factories import (
    CityFactory,
    ClinicFactory,
    CostEntryFactory,
    CountryFactory,
    TreatmentFactory,
)


@pytest.fixture
def india(db):
    return CountryFactory(name="India", slug="india", iso_code="IN", currency="INR")


@pytest.fixture
def turkey(db):
    return CountryFactory(name="Turkey", slug="turkey", iso_code="TR", currency="TRY")


@pytest.fixture
def mumbai(india):
    return CityFactory(name="Mumbai", slug="mumbai", country=india)


@pytest.fixture
def delhi(india):
    return CityFactory(name="Delhi", slug="delhi", country=india)


@pytest.fixture
def pune(india):
    """A city with nothing in it."""
    return CityFactory(name="Pune", slug="pune", country=india)


@pytest.fixture
def istanbul(turkey):
    return CityFactory(name="Istanbul", slug="istanbul", country=turkey)


@pytest.fixture
def dermatology(db):
    return SpecialtyFactory(name="Dermatology", slug="dermatology")


@pytest.fixture
def stem_cells(dermatology):
    return TreatmentFactory(
        name="Stem Cell Therapy", slug="stem-cell-therapy", specialties=[dermatology]
    )


@pytest.fixture
def hair_transplant(dermatology):
    return TreatmentFactory(
        name="Hair Transplant", slug="hair-transplant", specialties=[dermatology]
    )


@pytest.fixture
def derm_doctor(dermatology, mumbai):
    doctor = DoctorFactory(
        full_name="Asha Rao", slug="asha-rao", specialties=[dermatology], city=mumbai
    )
    return doctor


@pytest.fixture
def clinic(mumbai, stem_cells, dermatology, derm_doctor):
    clinic = ClinicFactory(
        name="Kestrel Bay Hospital",
        slug="kestrel-bay-hospital-mumbai",
        city=mumbai,
        accreditations=["JCI", "NABH"],
        treatments=[stem_cells],
        specialties=[dermatology],
        doctors=[derm_doctor],
        phone="+91 22 0100 0114",
        website="https://kestrel-bay.example",
    )
    CostEntryFactory(
        clinic=clinic,
        treatment=stem_cells,
        low_price=320000,
        high_price=550000,
        source_name="Written quote from Kestrel Bay Hospital",
        checked_on=datetime.date(2026, 10, 8),
    )
    return clinic
