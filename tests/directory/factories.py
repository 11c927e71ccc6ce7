import datetime

import factory

from directory.models import Clinic, CostEntry
from portal.taxonomy.models import City, Country, Treatment


class CountryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Country
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Country {n}")
    slug = factory.Sequence(lambda n: f"country-{n}")
    iso_code = factory.Sequence(lambda n: f"{chr(65 + n // 26 % 26)}{chr(65 + n % 26)}")
    currency = "INR"


class CityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = City
        django_get_or_create = ("slug",)

    country = factory.SubFactory(CountryFactory)
    name = factory.Sequence(lambda n: f"City {n}")
    slug = factory.Sequence(lambda n: f"city-{n}")


class TreatmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Treatment
        django_get_or_create = ("slug",)
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Treatment {n}")
    slug = factory.Sequence(lambda n: f"treatment-{n}")

    @factory.post_generation
    def specialties(self, create, extracted, **kwargs):
        if create and extracted:
            self.specialties.set(extracted)


class ClinicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Clinic
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Clinic {n:03d}")
    slug = factory.Sequence(lambda n: f"clinic-{n}")
    kind = Clinic.Kind.HOSPITAL
    city = factory.SubFactory(CityFactory)
    address = "1 Test Road"

    @factory.post_generation
    def treatments(self, create, extracted, **kwargs):
        if create and extracted:
            self.treatments.set(extracted)

    @factory.post_generation
    def specialties(self, create, extracted, **kwargs):
        if create and extracted:
            self.specialties.set(extracted)

    @factory.post_generation
    def doctors(self, create, extracted, **kwargs):
        if create and extracted:
            self.doctors.set(extracted)


class CostEntryFactory(factory.django.DjangoModelFactory):
    """A price for a clinic (city and country follow it) unless city/country are given."""

    class Meta:
        model = CostEntry

    treatment = factory.SubFactory(TreatmentFactory)
    clinic = None
    city = factory.LazyAttribute(lambda o: o.clinic.city if o.clinic else None)
    country = factory.LazyAttribute(lambda o: o.city.country if o.city else CountryFactory())
    low_price = 100000
    high_price = 200000
    currency = factory.LazyAttribute(lambda o: o.country.currency)
    includes = "Surgery and 3 nights"
    source_kind = CostEntry.SourceKind.CLINIC_QUOTE
    source_name = "Written quote from the clinic"
    checked_on = datetime.date(2026, 9, 1)
