"""RSS and Atom feeds of live articles, newest first."""

from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from .pagecache import declare_article_lists
from .selectors import article_list, byline

FEED_SIZE = 20


class ArticleFeed(Feed):
    title = _("Health Portal: health articles")
    link = reverse_lazy("blog:index")
    description = _(
        "Articles on health and treatments, written by our editors and doctors; each "
        "names the verified doctor who reviewed it, when one has."
    )

    def items(self):
        declare_article_lists()
        return article_list()[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.get_absolute_url()

    def item_pubdate(self, item):
        return item.publish_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return byline(item).name

    def item_categories(self, item):
        return [t.name for t in (item.specialty, item.treatment) if t is not None]


class AtomArticleFeed(ArticleFeed):
    feed_type = Atom1Feed
    subtitle = ArticleFeed.description
