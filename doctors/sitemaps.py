from django.contrib.sitemaps import Sitemap

from .models import DoctorProfile


class DoctorSitemap(Sitemap):
    """Public profiles of verified doctors."""

    changefreq = "weekly"
    priority = 0.6

    def items(self):
        return DoctorProfile.objects.public().only("id", "slug").order_by("id")
