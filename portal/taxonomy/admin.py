from django.contrib import admin

from .models import City, Country, Specialty, Treatment


@admin.register(Specialty)
class SpecialtyAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "keywords"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ["name", "iso_code", "currency"]
    search_fields = ["name", "iso_code"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(City)
class CityAdmin(admin.ModelAdmin):
    list_display = ["name", "country", "slug"]
    list_filter = ["country"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Treatment)
class TreatmentAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    list_filter = ["specialties"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["specialties"]
