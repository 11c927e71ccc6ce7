from django.contrib.sitemaps import Sitemap
from django.db.models.functions import Coalesce
from django.urls import reverse

from .models import Clinic, CostEntry


class ClinicSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.5

    def items(self):
        return Clinic.objects.public().only("id", "slug", "updated_at").order_by("id")

    def lastmod(self, item):
        return item.updated_at


class DirectoryPageSitemap(Sitemap):
    """The list pages that have something on them: treatment-in-city hospital lists
    and treatment-in-country cost pages."""

    changefreq = "weekly"
    priority = 0.5

    def items(self):
        pages = [("directory:hospitals", {}), ("directory:cost_index", {})]
        hospital_pairs = (
            Clinic.treatments.through.objects.filter(clinic__visibility="visible")
            .values_list("treatment__slug", "clinic__city__slug")
            .distinct()
            .order_by("treatment__slug", "clinic__city__slug")
        )
        for treatment, city in hospital_pairs:
            pages.append(
                (
                    "directory:hospitals_treatment_city",
                    {"treatment_slug": treatment, "city_slug": city},
                )
            )
        cost_pairs = (
            CostEntry.objects.annotate(
                country_slug=Coalesce(
                    "country__slug", "city__country__slug", "clinic__city__country__slug"
                )
            )
            .values_list("treatment__slug", "country_slug")
            .distinct()
            .order_by("treatment__slug", "country_slug")
        )
        for treatment, country in cost_pairs:
            pages.append(("directory:cost", {"treatment_slug": treatment, "country_slug": country}))
        return pages

    def location(self, item):
        name, kwargs = item
        return reverse(name, kwargs=kwargs)
