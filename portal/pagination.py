"""Pagination for public lists that grow with the data.

Django's Paginator runs ``SELECT COUNT(*)`` over the whole list on every view, which costs
as much as the list is long (a quarter of a second at a million questions). The total only
feeds "page X of Y", so ``CachedCountPaginator`` keeps it in the cache and lets each page
correct it from what it actually read.

Public lists also stop at ``settings.LIST_MAX_PAGES`` (as Stack Overflow's do): a page
reads ``OFFSET (page - 1) * per_page`` rows in index order, so page 40,000 of a million
questions costs as much as reading them all. Up to the bound every page is as quick as the
first; a page number past it is a 404 that says why (``PageBeyondLimit``) and where older
items are found (search, the specialty lists, the sitemaps list every question).
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy

from portal import pagecache

COUNT_CACHE_SECONDS = 5 * 60
# Brace placeholders: tests and callers fill it with LIST_TOO_DEEP.format(...).
LIST_TOO_DEEP = gettext_lazy(
    "This list goes back {items} items ({pages} pages) and no further. "
    "To find older ones, use the search or the lists by specialty."
)


class PageBeyondLimit(Http404):
    """A page number past LIST_MAX_PAGES: answered 404 with LIST_TOO_DEEP."""


class CachedCountPaginator(Paginator):
    """A Paginator over a queryset whose total comes from the cache, kept under a name the
    caller gives the list (``key``) or else its SQL, for up to COUNT_CACHE_SECONDS; or,
    where the caller knows it exactly (``count``), from the caller.

    Each page reads one row more than it shows, so it knows whether another page follows.
    Where that contradicts the cached total (questions answered, made private or removed
    since it was taken), the total is corrected: for free when the page turns out to be
    the last (its position gives the total), by counting again when the supposed last
    page has rows after it (but for the last page before ``max_count``, which always has)
    or a page before the end comes back empty. So the Next link and the last page's
    "X of X" are always right and a page number past the end lands on the real last page;
    only the "of Y" on earlier pages may trail the data, by at most COUNT_CACHE_SECONDS.
    ``orphans`` is not supported.
    """

    def __init__(
        self,
        object_list,
        per_page,
        allow_empty_first_page=True,
        max_count=None,
        count=None,
        key=None,
    ):
        super().__init__(object_list, per_page, allow_empty_first_page=allow_empty_first_page)
        # Counting stops at max_count (a bounded list needs no more): cheap at any size.
        self.max_count = max_count
        # ``count``: the total as the caller knows it exactly (a doctor's figures count the
        # answers their list shows). Taken as it is, with no cache, no version and no
        # compiling of the list's SQL for a key; a page that contradicts it (a write in
        # between) still corrects it for this render.
        self._known = count is not None
        if self._known:
            self._count = count if max_count is None else min(count, max_count)
            return
        # ``key``: a name the caller gives the list (what it holds, such as a specialty's
        # answered questions), else its SQL, which costs a compile of its own.
        if key is None:
            sql, params = object_list.query.sql_with_params()
            key = f"{sql}|{params!r}"
        digest = hashlib.sha256(f"{object_list.db}|{key}|{max_count}".encode()).hexdigest()
        self._cache_key = f"paginator-count:{digest}"
        # The page cache keeps a stored page of this list until its total is corrected.
        self._count_tag = f"count:{digest[:20]}"
        pagecache.depends_on(self._count_tag)

    @property
    def capped(self) -> bool:
        """The list is longer than the pages it shows."""
        return self.max_count is not None and self.count >= self.max_count

    @property
    def count(self) -> int:
        if "_count" not in self.__dict__:
            cached = cache.get(self._cache_key)
            if cached is not None:
                self._count = cached
            else:
                self._recount()
        return self._count

    @property
    def num_pages(self) -> int:
        # Not cached like Django's: it follows the count as a page corrects it.
        if self.count == 0 and not self.allow_empty_first_page:
            return 0
        return max(1, -(-self.count // self.per_page))

    def _at_least(self, rows: int) -> int:
        """The least the count can be when the list holds at least ``rows`` rows: the
        last page before max_count always has rows after it, and is not counted again."""
        return rows if self.max_count is None else min(rows, self.max_count)

    def _recount(self) -> int:
        rows = self.object_list if self.max_count is None else self.object_list[: self.max_count]
        self._store(rows.count())
        return self._count

    def _store(self, count: int) -> None:
        self._count = count
        if not self._known:
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
        elif self.count < self._at_least(bottom + self.per_page + 1):
            self._recount()
        if self.count != before and not self._known:
            # Stored copies of this list's other pages show the old "of Y".
            pagecache.bump_from_render(self._count_tag)
        return self._get_page(shown, number, self)


def check_page_bound(request, per_page: int) -> None:
    """Raise PageBeyondLimit where ``?page=`` asks for a page past LIST_MAX_PAGES of a
    bounded list (page_of)."""
    pages = settings.LIST_MAX_PAGES
    raw = (request.GET.get("page") or "").strip()
    # Digits only (isdecimal would let "٣" through, which int() reads as 3: same thing).
    # More than nine of them (leading zeros aside) is past any bound, and int() refuses
    # a number of over 4,300 digits.
    if raw.isascii() and raw.isdigit() and (len(raw.lstrip("0")) > 9 or int(raw) > pages):
        raise PageBeyondLimit(
            LIST_TOO_DEEP.format(
                items=number_format(pages * per_page, force_grouping=True),
                pages=number_format(pages, force_grouping=True),
            )
        )


def page_of(
    request,
    object_list,
    per_page: int,
    *,
    paginator_class=Paginator,
    bounded=False,
    count=None,
    count_key=None,
):
    """The page of ``object_list`` that the request's ``?page=`` asks for. A missing or
    nonsense number gets a real page (Paginator.get_page), so no input makes a 500.

    ``bounded`` (public lists that grow with the data, with CachedCountPaginator): only
    the first LIST_MAX_PAGES pages exist; a number past them raises PageBeyondLimit.
    ``count``: CachedCountPaginator's, the list's exact total where the caller knows it;
    ``count_key``: its ``key``, a name for the list its cached total is kept under."""
    number = request.GET.get("page")
    if not bounded:
        return paginator_class(object_list, per_page).get_page(number)
    pages = settings.LIST_MAX_PAGES
    check_page_bound(request, per_page)
    if issubclass(paginator_class, CachedCountPaginator):
        return paginator_class(
            object_list, per_page, max_count=pages * per_page, count=count, key=count_key
        ).get_page(number)
    # A list that bounds its own count (questions.selectors.OpenQuestionList).
    return paginator_class(object_list, per_page).get_page(number)


def page_not_found_view(request, exception):
    """The site's 404 (handler404), saying why when a list page is past its bound."""
    context = {}
    if isinstance(exception, PageBeyondLimit):
        context["too_deep"] = str(exception)
    return render(request, "404.html", context, status=404)
