"""Live articles for the portal's sitemap. Whoever wires /sitemap.xml adds
``{"articles": ArticleSitemap}`` to its sitemaps; nothing else is needed from the blog."""

from django.contrib.sitemaps import Sitemap

from .selectors import article_list


class ArticleSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.7

    def items(self):
        return article_list()

    def lastmod(self, item):
        return item.updated_at
