"""The page cache: whole public pages for visitors without a session, and expensive
fragments for everyone, both in the shared cache and both invalidated by versions.

**Versions.** A *tag* names something pages show: ``question:12`` (a question's page: its
text, answers, thanks, agreements, follow-ups), ``questions`` (the answered lists),
``questions-in:<specialty id>`` (one specialty's list), ``doctor:7`` (a doctor as shown
anywhere: name, photo, specialties, verification), ``doctor-answers:7`` (their figures and
the questions they answered), ``doctor-resolutions:7`` (how the patients they answered
said it went: their dashboard only), ``doctors`` and ``doctors-in:<specialty id>`` (lists of
doctors), ``article:3``, ``articles``, ``clinic:5``, ``directory`` (clinics and costs),
``taxonomy``, ``policies``. Each tag has a version in the cache (a random token). A page or
fragment is stored with the versions of the tags it showed; when any of them has moved
on, the stored copy is stale and is rendered again. Writers move versions with
``bump(*tags)`` (right away and again after the transaction commits, so a page rendered
from the old rows in between is stale too), or ``bump_for(instance)`` through the tagger
each app registered for its models with ``watch`` (which also bumps on save and delete,
so admin edits count). Nothing is ever flushed wholesale.

**Pages.** ``PageCacheMiddleware`` serves a stored page to a GET or HEAD without a session
or messages cookie before any other middleware, view, template or query runs. Views opt
in with ``@public_page("tag", ...)`` and name what else they show with ``depends_on``
(fragments name theirs themselves). A page is stored only when it is a 200 that set no
cookie, is not private, holds no CSRF token and used no CSP nonce. On such pages
``{% csrf_token %}`` renders nothing: ``static/js/csrf.js`` fetches a token from
``/csrf/`` when a form is sent.
"""

import contextvars
import hashlib
import logging
import time
import uuid
from collections.abc import Callable, Hashable, Iterable, Sequence
from datetime import datetime
from functools import cache as cache_once
from functools import lru_cache, wraps
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.core.signals import setting_changed
from django.db import connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.http import HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.template.loader import get_template
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.functional import empty
from django.utils.http import http_date
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache

from portal.cache import flush_pending, reading_ahead

logger = logging.getLogger(__name__)

VERSION_PREFIX = "pc:v:"
# Pages stored with the names of their versions (portal/cache.py: set_with_keys); the
# older "pc:page:" entries, a bare pickle, are never read.
PAGE_PREFIX = "pc:pv:"
FRAGMENT_PREFIX = "pc:fv:"
# Blocks of HTML kept under a digest of what they show (rendered_blocks).
BLOCK_PREFIX = "pc:b:"
# A version outlives every page and fragment stored with it; one that is gone (evicted,
# expired) reads as a new version, so what was stored with the old one is stale.
VERSION_SECONDS = 7 * 24 * 3600
HIT, MISS, BYPASS = "hit", "miss", "bypass"
# Response headers never replayed from a stored page.
UNSTORED_HEADERS = frozenset({"set-cookie", "date", "x-cache"})

_collector: contextvars.ContextVar["_Page | None"] = contextvars.ContextVar(
    "pagecache_collector", default=None
)


# --- Versions ---------------------------------------------------------------------------
def _new_token() -> str:
    return uuid.uuid4().hex[:16]


def versions(tags: Iterable[str]) -> dict[str, str] | None:
    """The current version of each tag (a tag never seen gets one). None when the cache
    does not answer: then nothing may be stored."""
    keys = {VERSION_PREFIX + tag: tag for tag in tags}
    if not keys:
        return {}
    if hasattr(cache, "get_or_add_many"):  # the shared Redis: one round trip
        found = cache.get_or_add_many({key: _new_token() for key in keys}, VERSION_SECONDS)
    else:
        found = cache.get_many(list(keys))
        missing = [key for key in keys if key not in found]
        if missing:
            for key in missing:
                cache.add(key, _new_token(), VERSION_SECONDS)
            found.update(cache.get_many(missing))  # another process's add may have won
    if len(found) < len(keys):
        return None
    return {keys[key]: value for key, value in found.items()}


def _set_new_versions(tags: tuple[str, ...]) -> None:
    cache.set_many({VERSION_PREFIX + tag: _new_token() for tag in tags}, VERSION_SECONDS)


_ON_BUMP: list[tuple[str, Callable[[list[str]], None]]] = []


def on_bump(prefix: str, callback: Callable[[list[str]], None]) -> None:
    """Call ``callback(names)`` whenever tags starting with ``prefix`` are bumped, with
    what follows the prefix in each, inside the writer's transaction: for data kept in
    step with what a tag names (questions.models.DoctorFigures)."""
    if (prefix, callback) not in _ON_BUMP:
        _ON_BUMP.append((prefix, callback))


def bump(*tags: str) -> None:
    """Make every page and fragment showing one of ``tags`` stale: now, and again when the
    current transaction commits (a page rendered in between read the old rows)."""
    tags = tuple(dict.fromkeys(tag for tag in tags if tag))
    if not tags:
        return
    for prefix, callback in _ON_BUMP:
        names = [tag[len(prefix) :] for tag in tags if tag.startswith(prefix)]
        if names:
            callback(names)
    _set_new_versions(tags)
    if connection.in_atomic_block:
        transaction.on_commit(_AfterCommit(tags))


class _AfterCommit:
    """The after-commit bump (a class, so tests counting the tasks a transaction queues
    can tell it apart: ``is_page_cache_bump``)."""

    def __init__(self, tags: tuple[str, ...]):
        self.tags = tags

    def __call__(self) -> None:
        _set_new_versions(self.tags)


def is_page_cache_bump(callback) -> bool:
    return isinstance(callback, _AfterCommit)


_TAGGERS: dict[type, Callable] = {}


def bump_for(instance) -> None:
    """Bump the tags of what shows ``instance`` (its model's tagger from ``watch``); for
    writes that bypass ``save()``, such as ``QuerySet.update``."""
    tagger = _TAGGERS.get(type(instance)._meta.concrete_model)
    if tagger is not None:
        bump(*tagger(instance))


def watch(model, tagger: Callable[[object], Iterable[str]], *, m2m_fields: Iterable[str] = ()):
    """Bump ``tagger(instance)`` whenever an instance of ``model`` is saved or deleted, or
    one of its ``m2m_fields`` changes (from either side); ``bump_for`` uses it too."""
    _TAGGERS[model] = tagger

    def on_change(sender, instance, **kwargs):
        if kwargs.get("raw"):
            return  # loaddata
        bump(*tagger(instance))

    uid = f"pagecache:{model._meta.label}"
    post_save.connect(on_change, sender=model, weak=False, dispatch_uid=uid + ":save")
    post_delete.connect(on_change, sender=model, weak=False, dispatch_uid=uid + ":delete")
    for name in m2m_fields:
        field = model._meta.get_field(name)

        def on_m2m(sender, instance, action, reverse, pk_set, field=field, **kwargs):
            if action not in ("post_add", "pre_remove", "post_remove", "pre_clear"):
                return
            if not reverse:
                bump(*tagger(instance))
            elif pk_set:
                for item in model._default_manager.filter(pk__in=pk_set):
                    bump(*tagger(item))
            else:  # cleared from the other side: every instance it pointed at
                for item in model._default_manager.filter(**{field.name: instance}):
                    bump(*tagger(item))

        m2m_changed.connect(
            on_m2m, sender=field.remote_field.through, weak=False, dispatch_uid=f"{uid}:{name}"
        )


# --- What the page being rendered shows ------------------------------------------------
class _Page:
    def __init__(self):
        self.versions: dict[str, str] = {}
        self.broken = False  # the cache did not answer: do not store
        self.expires: float | None = None

    def add(self, tags: Iterable[str]) -> None:
        new = [tag for tag in tags if tag and tag not in self.versions]
        if not new:
            return
        found = versions(new)
        if found is None:
            self.broken = True
        else:
            self.versions.update(found)

    def expire_by(self, at: float | None) -> None:
        if at is not None:
            self.expires = at if self.expires is None else min(self.expires, at)


def depends_on(*tags: str) -> None:
    """The page being rendered shows what ``tags`` name (no-op outside a cacheable page).
    Call it before reading what it names, so a change in between makes the page stale."""
    page = _collector.get()
    if page is not None:
        page.add(tags)


def bump_from_render(*tags: str) -> None:
    """Bump ``tags`` from inside the render that found them stale (a list's cached total
    it corrected): other stored pages showing them go, this render, which already has
    the new figure, may still be stored."""
    bump(*tags)
    page = _collector.get()
    if page is not None:
        current = versions(tags)
        if current is None:
            page.broken = True
        else:
            page.versions.update(current)


def expires_at(when: datetime | None) -> None:
    """The page being rendered changes by itself at ``when`` (a doctor's verification
    ends, a scheduled article goes live): keep it no longer."""
    page = _collector.get()
    if page is not None and when is not None:
        page.expire_by(when.timestamp())


def public_page(*tags: str):
    """Mark a view as a public page the middleware may store for visitors without a
    session, showing what ``tags`` name (more with ``depends_on``)."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not getattr(request, "page_cache_candidate", False):
                return view(request, *args, **kwargs)
            page = _Page()
            request.page_cache = page
            token = _collector.set(page)
            try:
                page.add(tags)
                return view(request, *args, **kwargs)
            finally:
                _collector.reset(token)

        wrapped.public_page = True
        return wrapped

    return decorator


# --- Fragments ------------------------------------------------------------------------
def fragment(name: str, tags: Iterable[str], compute: Callable[[], object], timeout=None):
    """``compute()``, cached under ``name`` until one of ``tags`` moves on (or
    FRAGMENT_CACHE_SECONDS). The value must pickle: evaluate querysets into lists. The page
    being rendered depends on ``tags`` too.

    On the shared Redis (portal/cache.py) the fragment is stored with the versions it was
    computed under, and read back with their current values in one round trip."""
    tags = sorted(set(tags))
    seconds = settings.FRAGMENT_CACHE_SECONDS if timeout is None else timeout
    if hasattr(cache, "get_with_keys"):
        key = FRAGMENT_PREFIX + name
        found = cache.get_with_keys(key)
        if found is not None:
            (stored, value), current = found
            if stored == {tag: current.get(VERSION_PREFIX + tag) for tag in tags}:
                _depends_on_versions(stored)
                return value
        current = versions(tags)
        if current is None:
            depends_on(*tags)  # the cache does not answer: the page is not stored either
            return compute()
        _depends_on_versions(current)
        value = compute()
        keys = [VERSION_PREFIX + tag for tag in tags]
        cache.write_with_keys_later(key, (current, value), seconds, keys=keys)
        return value
    depends_on(*tags)
    current = versions(tags)
    if current is None:
        return compute()
    digest = hashlib.sha1(  # noqa: S324 - a cache key, not a secret
        "|".join(f"{tag}={current[tag]}" for tag in tags).encode()
    ).hexdigest()
    key = f"{FRAGMENT_PREFIX}{name}:{digest}"
    found = cache.get(key)
    if found is not None:
        return found[0]
    value = compute()
    cache.set(key, (value,), seconds)
    return value


def _captured_key(name: str) -> str:
    return f"{FRAGMENT_PREFIX}{name}|{translation.get_language()}|{_release()}"


def read_ahead(
    *,
    tags: Iterable[str] = (),
    blocks: Iterable[tuple[str, Hashable]] = (),
    fragments: Iterable[str] = (),
    captured: Iterable[str] = (),
) -> None:
    """What a visitor's page is about to read, fetched in one round trip: the versions of
    ``tags`` (for depends_on, declare_doctors...), the blocks ``(template name,
    identity)`` (for rendered_blocks), and the ``fragments`` and the parts ``captured``
    names, each with the versions it was kept under. The reads that follow take them from
    that snapshot instead of a round trip each (portal/cache.py: read_ahead). Only while
    such a page renders on the shared Redis; elsewhere nothing happens, and the reads go
    to the cache as before."""
    if _collector.get() is None or not hasattr(cache, "read_ahead"):
        return
    cache.read_ahead(
        [
            *(VERSION_PREFIX + tag for tag in tags),
            *(_block_key(name, identity) for name, identity in blocks),
        ],
        with_keys=[
            *(FRAGMENT_PREFIX + name for name in fragments),
            *(_captured_key(name) for name in captured),
        ],
    )


def captured(name: str, compute: Callable[[], object]):
    """``compute()`` for a visitor's page, kept in the shared cache under ``name`` (with
    the language and the release) together with the versions of every tag it declared
    while it ran (``depends_on``, ``fragment``, ``declare_doctors``...) and the earliest
    ``expires_at`` it named; read back with their current values in one round trip, and
    computed again once one of them has moved on or that time has come. For a part many
    pages share whose tags are known only once it is computed (the doctors of a list of
    cards). The page showing it depends on the same tags and expiry.

    Kept only while a page that may be stored is rendered (a visitor without a session)
    and on the shared Redis; otherwise ``compute()`` runs as it is. The value must pickle
    and must not depend on the visitor."""
    outer = _collector.get()
    if outer is None or not hasattr(cache, "get_with_keys"):
        return compute()
    key = _captured_key(name)
    found = cache.get_with_keys(key)
    if found is not None:
        (stored, expires, value), current = found
        if (expires is None or expires > time.time()) and all(
            current.get(VERSION_PREFIX + tag) == version for tag, version in stored.items()
        ):
            _depends_on_versions(stored)
            outer.expire_by(expires)
            return value
    inner = _Page()
    token = _collector.set(inner)
    try:
        value = compute()
    finally:
        _collector.reset(token)
    _depends_on_versions(inner.versions)
    outer.expire_by(inner.expires)
    if inner.broken:  # the cache did not answer: neither this nor the page is kept
        outer.broken = True
        return value
    seconds = settings.FRAGMENT_CACHE_SECONDS
    if inner.expires is not None:
        seconds = min(seconds, int(inner.expires - time.time()))
    if seconds > 0:
        keys = [VERSION_PREFIX + tag for tag in inner.versions]
        cache.write_with_keys_later(key, (inner.versions, inner.expires, value), seconds, keys=keys)
    return value


# --- Rendered blocks kept by what they show -----------------------------------------------
def rendered_blocks(
    template_name: str, blocks: Sequence[tuple[Hashable, dict]], request=None
) -> list[str]:
    """Each ``(identity, context)`` rendered through ``template_name``: a card, a row, an
    unbound form, drawn the same way on many pages. Each result is kept in the shared
    cache under a digest of its ``identity`` (every value the template shows, as plain
    values: texts, ids, slugs, dates, flags), the template, the language and the release.
    Such an entry never goes stale: a change to anything it shows is a new key, so it
    needs no version and no invalidation, and the old entry ages out. All of them are
    read in one round trip, the missing ones written in another.

    The identity must name everything the template reads from ``context``, including
    what a property derives (a doctor's verification is shown as ``is_verified``, which
    time alone can change). ``request`` is passed to the render only where the template
    needs it; a block that renders a CSRF token or anything of a session must not be
    kept this way."""
    if not blocks:
        return []
    keys = [_block_key(template_name, identity) for identity, _ in blocks]
    found = cache.get_many(keys)
    template = None
    rendered, missing = [], {}
    for key, (_, context) in zip(keys, blocks, strict=True):
        html = found.get(key)
        if html is None:
            template = template or get_template(template_name)
            html = missing[key] = template.render(context, request)
        rendered.append(mark_safe(html))  # noqa: S308 - our own template's output
    if missing:
        _write_later(missing)
    return rendered


def rendered_blocks_of(
    template_name: str,
    items: Iterable,
    *,
    identity: Callable[[object], Hashable],
    context: Callable[[object], dict],
    may_keep: Callable[[object], bool] = lambda item: True,
) -> list[str]:
    """``rendered_blocks`` for a list of items, in their order: each item's block is kept
    under ``identity(item)`` where ``may_keep(item)``, and drawn afresh, never kept,
    where not (a private or hidden question's words stay out of the shared cache)."""
    items = list(items)
    keep = [may_keep(item) for item in items]
    kept = iter(
        rendered_blocks(
            template_name,
            [(identity(item), context(item)) for item, k in zip(items, keep, strict=True) if k],
        )
    )
    template = None
    drawn = []
    for item, k in zip(items, keep, strict=True):
        if k:
            drawn.append(next(kept))
        else:
            template = template or get_template(template_name)
            drawn.append(template.render(context(item)))
    return drawn


def kept_block(name: str, identity: Hashable, render: Callable[[], str]) -> str:
    """One block kept like those of ``rendered_blocks``: ``render()`` once per
    ``identity`` (every value the block shows) and language."""
    key = _block_key(name, identity)
    html = cache.get(key)
    if html is None:
        html = render()
        _write_later({key: html})
    return mark_safe(html)  # noqa: S308 - our own template's output


def _write_later(blocks: dict[str, str]) -> None:
    """Keep rendered blocks: on the shared Redis with the page's other writes, in one
    round trip when the render ends (portal/cache.py: write_later)."""
    if hasattr(cache, "write_later"):
        cache.write_later(blocks, settings.FRAGMENT_CACHE_SECONDS)
    else:
        cache.set_many(blocks, settings.FRAGMENT_CACHE_SECONDS)


def _block_key(name: str, identity: Hashable) -> str:
    raw = f"{name}|{translation.get_language()}|{_release()}|{identity!r}"
    return BLOCK_PREFIX + hashlib.blake2b(raw.encode(), digest_size=20).hexdigest()


def mark_joined(blocks: Iterable[str]) -> str:
    """Rendered blocks one after another, as one safe string."""
    return mark_safe("".join(blocks))  # noqa: S308 - each is our own template's output


def _depends_on_versions(known: dict[str, str]) -> None:
    """depends_on for tags whose versions were just read: no round trip. A tag the page
    already named keeps the version it read first (if they differ, the page is stale and
    is not stored)."""
    page = _collector.get()
    if page is not None:
        for tag, version in known.items():
            page.versions.setdefault(tag, version)


# --- The middleware -----------------------------------------------------------------------
@cache_once
def _release() -> str:
    """What a stored page or block was drawn with besides the data: the templates, the
    portal's Python code (the views, filters, URL patterns and identity functions), the
    translations, the static files' hashed names, and the settings pages show (DEBUG,
    media address, time zone). A deploy that changes any of them starts afresh, so no
    visitor gets a page pointing at static files that are gone or words of the old code.
    Read once per process (a few hundred small files)."""
    digest = hashlib.sha1(usedforsecurity=False)
    for value in (settings.DEBUG, settings.MEDIA_URL, settings.TIME_ZONE, settings.SITE_URL):
        digest.update(f"{value}|".encode())
    base = Path(settings.BASE_DIR)
    roots = [Path(d) for engine in settings.TEMPLATES for d in engine.get("DIRS", [])]
    roots += [Path(path) for path in settings.LOCALE_PATHS]
    roots += sorted(  # the portal's own top-level packages, not what is installed
        {
            base / Path(app.path).relative_to(base).parts[0]
            for app in apps.get_app_configs()
            if Path(app.path).is_relative_to(base) and "site-packages" not in Path(app.path).parts
        }
    )
    manifest = Path(settings.STATIC_ROOT or ".") / "staticfiles.json"
    files = [manifest] if manifest.is_file() else []
    for root in roots:
        files += sorted(
            path
            for path in root.rglob("*")
            if path.suffix in {".html", ".txt", ".py", ".mo"} and path.is_file()
        )
    for path in files:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def _page_key(request) -> str:
    raw = f"{_release()}|{request.get_host()}|{request.get_full_path()}"
    return PAGE_PREFIX + hashlib.sha256(raw.encode()).hexdigest()


def _is_candidate(request) -> bool:
    if settings.PAGE_CACHE_SECONDS <= 0 or request.method not in ("GET", "HEAD"):
        return False
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
        return False
    if "HTTP_AUTHORIZATION" in request.META:
        return False
    # Searches (?q=) are health words: never stored in a shared cache.
    if "q" in request.GET:
        return False
    # Only a public page's URL is looked up in the cache.
    return _public_route(request.path_info, getattr(request, "urlconf", None)) is not None


@lru_cache(maxsize=4096)
def _public_route(path: str, urlconf) -> str | None:
    """The language and view name of ``path`` if it resolves to a ``@public_page`` view,
    else None: remembered, since the URL patterns do not change while the process runs
    (Django caches the resolver, not what a path resolves to). LocaleMiddleware has not
    run yet: the path's own language resolves its prefix (/hi/...), and the path carries
    that language into the memo."""
    language = translation.get_language_from_path(path)
    try:
        with translation.override(language):
            match = resolve(path, urlconf)
    except Resolver404:
        return None
    if not getattr(match.func, "public_page", False):
        return None
    return f"{language}|{match.view_name}"


@receiver(setting_changed)
def _forget_public_paths(*, setting, **kwargs):
    if setting == "ROOT_URLCONF":  # tests that swap the URL patterns
        _public_route.cache_clear()
        _READ_AHEAD.clear()


# Per page kind (language and view): the cache keys its last render read, and those read
# by both of its last two renders, fetched with the next lookup of a page of that kind
# (portal/cache.py: reading_ahead). The header, the footer, the version tags and the
# cards of a list page are read by every render; a question's own blocks only by its
# page, and are not fetched for the next. What a process learns here only saves round
# trips: every value still comes from the shared Redis.
_READ_AHEAD: dict[str, tuple[frozenset[str], tuple[str, ...]]] = {}


def _remember_reads(route: str, read: set[str]) -> None:
    last, _ = _READ_AHEAD.get(route, (frozenset(), ()))
    now = frozenset(read)
    _READ_AHEAD[route] = (now, tuple(sorted(last & now)))


_CACHE_HEADERS = ("ETag", "Last-Modified", "Cache-Control", "Vary")


def _cache_headers(response, etag: str, modified: float) -> None:
    response["ETag"] = etag
    response["Last-Modified"] = http_date(modified)
    patch_cache_control(
        response,
        public=True,
        max_age=settings.PAGE_CACHE_BROWSER_SECONDS,
        s_maxage=settings.PAGE_CACHE_SHARED_SECONDS,
    )
    patch_vary_headers(response, ("Cookie", "Accept-Encoding"))


class PageCacheMiddleware:
    """Serves stored public pages to visitors without a session; stores the ones rendered
    for them. Sits right after SecurityMiddleware and WhiteNoise: a hit runs nothing
    else (no session, no database)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _is_candidate(request):
            response = self.get_response(request)
            if settings.SESSION_COOKIE_NAME in request.COOKIES:
                # A signed-in page must never be kept by a shared cache in front.
                patch_cache_control(response, private=True)
                patch_vary_headers(response, ("Cookie",))
            return response
        request.page_cache_candidate = True
        key = _page_key(request)
        route = _public_route(request.path_info, getattr(request, "urlconf", None))
        with reading_ahead() as ahead:
            _, expected = _READ_AHEAD.get(route, ((), ()))
            entry = _page_get(key, ahead=expected)
            if entry is not None:
                return self._serve(request, entry)
            ahead.read.clear()  # the lookup's own keys
            try:
                response = self.get_response(request)
            finally:
                flush_pending(ahead)  # the blocks and fragments it drew, in one round trip
            _remember_reads(route, ahead.read)
        page = getattr(request, "page_cache", None)
        if page is None:
            return response
        if self._storable(request, response, page) and self._store(key, request, response, page):
            response["X-Cache"] = MISS
            conditional = get_conditional_response(
                request,
                etag=response["ETag"],
                last_modified=int(time.time()),
                response=response,
            )
            return conditional
        response["X-Cache"] = BYPASS
        return response

    def _serve(self, request, entry) -> HttpResponse:
        response = HttpResponse(b"" if request.method == "HEAD" else entry["content"])
        response.status_code = entry["status"]
        for name, value in entry["headers"]:
            response[name] = value
        response["X-Cache"] = HIT
        return get_conditional_response(
            request, etag=entry["etag"], last_modified=int(entry["modified"]), response=response
        )

    def _storable(self, request, response, page: _Page) -> bool:
        if page.broken or response.status_code != 200 or response.streaming:
            return False
        if response.cookies:
            return False
        control = response.get("Cache-Control", "").lower()
        if any(word in control for word in ("private", "no-store", "no-cache")):
            return False
        nonce = getattr(request, "csp_nonce", None)
        if nonce is not None and getattr(nonce, "_wrapped", None) is not empty:
            return False  # a per-response CSP nonce is in the body
        if b"csrfmiddlewaretoken" in response.content:
            logger.warning("Page %s not cached: it holds a CSRF token", request.path)
            return False
        return True

    def _store(self, key: str, request, response, page: _Page) -> bool:
        """Store the page with its cache headers. False when what it showed changed while
        it rendered (a version moved): nothing stored, and the response keeps the headers
        it had, so no shared cache in front keeps it either."""
        now = time.time()
        timeout = settings.PAGE_CACHE_SECONDS
        if page.expires is not None:
            timeout = min(timeout, int(page.expires - now))
        if timeout <= 0:  # what it shows ends now (a verification ran out while it rendered)
            return False
        before = {name: response.get(name) for name in _CACHE_HEADERS}
        etag = f'"{hashlib.md5(response.content, usedforsecurity=False).hexdigest()}"'
        _cache_headers(response, etag, now)
        headers = [
            (name, value)
            for name, value in response.headers.items()
            if name.lower() not in UNSTORED_HEADERS
        ]
        entry = {
            "status": response.status_code,
            "headers": headers,
            "content": response.content,
            "versions": page.versions,
            "etag": etag,
            "modified": now,
        }
        if _page_set(key, entry, timeout):
            return True
        for name, value in before.items():
            if value is None:
                response.headers.pop(name, None)
            else:
                response[name] = value
        return False


def _page_get(key: str, ahead: Sequence[str] = ()) -> dict | None:
    """The stored page at ``key`` if every version it was stored with is current. On the
    shared Redis (portal/cache.py) the page and the versions it names come back in one
    round trip; a hit costs no more. On a miss, the keys ``ahead`` come back in a second
    round trip, for the render to read (reading_ahead)."""
    if hasattr(cache, "get_with_keys"):
        found = cache.get_with_keys(key, ahead=ahead)
        if found is None:
            return None
        entry, current = found
        for tag, value in entry["versions"].items():
            if current.get(VERSION_PREFIX + tag) != value:
                return None
        return entry
    entry = cache.get(key)
    if entry is not None and versions_match(entry["versions"]):
        return entry
    return None


def _page_set(key: str, entry: dict, timeout: int) -> bool:
    """Store the page unless what it showed changed while it rendered (a version moved):
    on Redis the check and the write are one round trip. True if stored."""
    if hasattr(cache, "set_with_keys_if"):
        expected = {VERSION_PREFIX + tag: value for tag, value in entry["versions"].items()}
        return cache.set_with_keys_if(key, entry, timeout, expected=expected)
    if not versions_match(entry["versions"]):
        return False
    cache.set(key, entry, timeout)
    return True


def versions_match(stored: dict[str, str]) -> bool:
    if not stored:
        return True
    keys = [VERSION_PREFIX + tag for tag in stored]
    current = cache.get_many(keys)
    return all(current.get(VERSION_PREFIX + tag) == value for tag, value in stored.items())


# --- CSRF for forms on stored pages -----------------------------------------------------
def context_processor(request) -> dict:
    """On a page that may be stored, ``{% csrf_token %}`` renders nothing (the token would
    be one visitor's, served to the next); csrf.js fetches one when a form is sent."""
    if getattr(request, "page_cache", None) is not None:
        return {"csrf_token": "NOTPROVIDED"}
    return {}


@never_cache
def csrf_token_view(request):
    """A CSRF token (and its cookie) for a form on a cached page, fetched by csrf.js."""
    response = JsonResponse({"token": get_token(request)})
    patch_cache_control(response, private=True, no_store=True)
    return response
