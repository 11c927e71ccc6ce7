"""The portal's languages: the URL decides, the account remembers, emails follow the
recipient.

**The URL decides.** Every page a person reads is in ``i18n_patterns`` (portal/urls.py):
English at ``/questions/``, Hindi at ``/hi/questions/``. Neither a cookie nor the
browser's Accept-Language header changes what a URL shows, so a stored page (the page
cache, a CDN) is the same for everyone who asks for that URL and needs no
``Vary: Accept-Language``. The language switcher is a plain link to the same page in the
other language (``language_links``); it works on cached pages without cookies or POST.

**The account remembers.** A signed-in person's language is ``User.language``: the page
language at sign-up, moved when they use the portal in another language. Emails follow
it (``in_language_of``), whoever triggered them: a doctor answering in English sends the
patient a Hindi email when the patient reads the portal in Hindi.

**Adding a language** is only a catalogue: ``settings.LANGUAGES`` is English plus every
``locale/<code>/LC_MESSAGES/django.po`` (portal/settings.py).
"""

from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import urlsplit

from django import template
from django.conf import settings
from django.contrib.auth import get_user_model
from django.middleware.locale import LocaleMiddleware
from django.urls import NoReverseMatch, Resolver404, resolve, reverse, translate_url
from django.utils import translation
from django.utils.encoding import escape_uri_path, iri_to_uri
from django.utils.translation import trans_real


def supported(code: str | None) -> str:
    """``code`` when the portal speaks it, else the default language."""
    codes = {known for known, _name in settings.LANGUAGES}
    return code if code in codes else settings.LANGUAGE_CODE


def language_of(user) -> str:
    """The language to write to ``user`` in (their account's, else the default)."""
    return supported(getattr(user, "language", None))


@contextmanager
def in_language_of(user):
    """Render what ``user`` will read (an email, a notification's title) in their
    language, whatever language the request that triggered it was in."""
    with translation.override(language_of(user)):
        yield


def language_from_path(path: str) -> str:
    """The language a URL is in: its prefix (``/hi/...``), else the default."""
    return translation.get_language_from_path(path) or settings.LANGUAGE_CODE


def path_in(path: str, code: str) -> str:
    """``path`` (a local URL, in any language) in language ``code``; unchanged when it is
    not one of the portal's pages."""
    with translation.override(language_from_path(urlsplit(path).path)):
        return translate_url(path, code)


register = template.Library()


@dataclass(frozen=True)
class LanguageLink:
    code: str
    name: str
    url: str  # the same page in this language: a path with its query string
    current: bool


@dataclass(frozen=True)
class PageLanguages:
    links: list[LanguageLink]
    # The links are this page in each language (hreflang alternates): not for a page
    # that is in one language only, or that is missing (whose links go home).
    alternates: bool
    default_url: str  # the page in the default language (hreflang="x-default")


def _page_in(match, code: str, query: str, request) -> str:
    name = f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name
    with translation.override(code):
        try:
            url = reverse(name, args=match.args, kwargs=match.kwargs)
        except NoReverseMatch:
            url = escape_uri_path(request.path)
    return f"{url}?{query}" if query else url


@register.simple_tag(takes_context=True)
def page_languages(context) -> PageLanguages | None:
    """``{% page_languages as languages %}``: the page being shown in each of the
    portal's languages, for the switcher and the ``hreflang`` links."""
    request = context.get("request")
    if request is None:
        return None
    current = translation.get_language()
    match = getattr(request, "resolver_match", None)
    if match is not None and match.url_name:
        # The view's own match: the page reversed in each language (translate_url's
        # work without resolving the path again for each).
        found = True
        query = iri_to_uri(request.META.get("QUERY_STRING", ""))
        urls = {code: _page_in(match, code, query, request) for code, _ in settings.LANGUAGES}
    else:
        path = request.get_full_path()
        try:
            resolve(request.path_info)
            found = True
        except Resolver404:
            path, found = "/", False
        urls = {code: translate_url(path, code) for code, _ in settings.LANGUAGES}
    links = [
        LanguageLink(code=code, name=name, url=urls[code], current=code == current)
        for code, name in settings.LANGUAGES
    ]
    default_url = next(link.url for link in links if link.code == settings.LANGUAGE_CODE)
    return PageLanguages(
        links=links,
        alternates=found and len({link.url for link in links}) == len(links),
        default_url=default_url,
    )


def catalogues_load() -> None:
    """Load each language's catalogue, leaving out of it the empty ones gettext chained
    behind it.

    Python's gettext reads ``en_GB`` as ``en_GB`` then ``en``, and Django and several
    installed apps ship an ``en`` catalogue that holds nothing but its header. Each became
    a fallback: every English word of the portal's own (a source text, in no catalogue)
    was looked up in six empty catalogues before it came back unchanged, about 90 times
    on each page drawn. A catalogue with no message translates nothing, so leaving it
    out changes no word."""
    for code, _name in settings.LANGUAGES:
        node = trans_real.translation(code)
        while node is not None:
            after = getattr(node, "_fallback", None)
            while _empty_catalogue(after):
                after = after._fallback
            node._fallback = after
            node = after


def _empty_catalogue(translations) -> bool:
    # Django's own catalogues (TranslationCatalog) are kept; a plain gettext one is empty
    # when all it holds is its header (the message "").
    catalogue = getattr(translations, "_catalog", None)
    return isinstance(catalogue, dict) and not set(catalogue) - {""}


class PathLocaleMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware without ``Vary: Accept-Language``: with
    ``prefix_default_language=False`` an unprefixed URL is always the default language
    (Django ignores the header and the cookie for it), so the header would only split
    shared caches for nothing. It loads the catalogues when the process starts serving
    (``catalogues_load``)."""

    def __init__(self, get_response):
        super().__init__(get_response)
        catalogues_load()

    def process_response(self, request, response):
        response.headers.setdefault("Content-Language", translation.get_language())
        return response


class UserLanguageMiddleware:
    """Keep a signed-in person's language on their account: when they open a page in
    another language than the one it holds (one UPDATE, only when it differs). Only
    pages in the portal's languages count, not the admin or a JSON endpoint, which are
    always in the default language."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (
            request.method == "GET"
            and response.status_code == 200
            and user is not None
            and user.is_authenticated
        ):
            language = getattr(request, "LANGUAGE_CODE", None)
            if language and language != user.language and _is_language_page(request):
                get_user_model().objects.filter(pk=user.pk).update(language=language)
                user.language = language
        return response


def _is_language_page(request) -> bool:
    """Whether the page has a version in each language (it is in i18n_patterns)."""
    if translation.get_language_from_path(request.path_info):
        return True
    match = getattr(request, "resolver_match", None)
    if match is None:
        return False
    others = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
    return bool(others) and translate_url(request.path_info, others[0]) != request.path_info
