"""Pagination for public lists that grow with the data.

Django's Paginator runs ``SELECT COUNT(*)`` over the whole list on every view, which costs
as much as the list is long (a quarter of a second at a million questions). The total only
feeds "page X of Y", so ``CachedCountPaginator`` keeps it in the cache and lets each page
correct it from what it actually read.
"""

import hashlib

from django.core.cache import cache
from django.core.paginator import Paginator

from portal import pagecache

COUNT_CACHE_SECONDS = 5 * 60


class CachedCountPaginator(Paginator):
    """A Paginator over a queryset whose total comes from the cache, keyed by the list's
    SQL, for up to COUNT_CACHE_SECONDS.

    Each page reads one row more than it shows, so it knows whether another page follows.
    Where that contradicts the cached total (questions answered, made private or removed
    since it was taken), the total is corrected: for free when the page turns out to be
    the last (its position gives the total), by counting again when the supposed last
    page has rows after it or a page before the end comes back empty. So the Next link
    and the last page's "X of X" are always right and a page number past the end lands on
    the real last page; only the "of Y" on earlier pages may trail the data, by at most
    COUNT_CACHE_SECONDS. ``orphans`` is not supported.
    """

    def __init__(self, object_list, per_page, allow_empty_first_page=True):
        super().__init__(object_list, per_page, allow_empty_first_page=allow_empty_first_page)
        sql, params = object_list.query.sql_with_params()
        digest = hashlib.sha256(f"{object_list.db}|{sql}|{params!r}".encode()).hexdigest()
        self._cache_key = f"paginator-count:{digest}"
        # The page cache keeps a stored page of this list until its total is corrected.
        self._count_tag = f"count:{digest[:20]}"
        pagecache.depends_on(self._count_tag)

    @property
    def count(self) -> int:
        if "_count" not in self.__dict__:
            cached = cache.get(self._cache_key)
            self._count = self._recount() if cached is None else cached
        return self._count

    @property
    def num_pages(self) -> int:
        # Not cached like Django's: it follows the count as a page corrects it.
        if self.count == 0 and not self.allow_empty_first_page:
            return 0
        return max(1, -(-self.count // self.per_page))

    def _recount(self) -> int:
        self._store(self.object_list.count())
        return self._count

    def _store(self, count: int) -> None:
        self._count = count
        cache.set(self._cache_key, count, COUNT_CACHE_SECONDS)

    def page(self, number):
        number = self.validate_number(number)
        before = self.count
        bottom = (number - 1) * self.per_page
        rows = list(self.object_list[bottom : bottom + self.per_page + 1])
        shown, more = rows[: self.per_page], len(rows) > self.per_page
        if not shown and number > 1:
            # The list shrank below this page: count again and show the real last page.
            self._recount()
            if self.num_pages < number:
                return self.page(self.num_pages)
        if not more:
            if bottom + len(shown) != self.count:
                self._store(bottom + len(shown))
        elif self.count <= bottom + self.per_page:
            self._recount()
        if self.count != before:
            # Stored copies of this list's other pages show the old "of Y".
            pagecache.bump_from_render(self._count_tag)
        return self._get_page(shown, number, self)


def page_of(request, object_list, per_page: int, *, paginator_class=Paginator):
    """The page of ``object_list`` that the request's ``?page=`` asks for. A missing or
    nonsense number gets a real page (Paginator.get_page), so no input makes a 500."""
    return paginator_class(object_list, per_page).get_page(request.GET.get("page"))
