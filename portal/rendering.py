"""The one markdown -> sanitised HTML pipeline.

Markdown is rendered by the ``markdown`` package, then cleaned by bleach with a fixed
allow-list. Outside links get rel="nofollow noopener". The allow-lists are frozen
constants: nothing mutates them per call.
"""

from dataclasses import dataclass
from urllib.parse import urlsplit

import bleach
import markdown
from bleach.linkifier import Linker
from django.conf import settings


@dataclass(frozen=True)
class Profile:
    tags: frozenset[str]
    attributes: dict
    extensions: tuple[str, ...]


ANSWER = Profile(
    tags=frozenset({"p", "br", "strong", "b", "em", "i", "ul", "ol", "li", "a", "blockquote"}),
    attributes={"a": ["href", "title", "rel"]},
    extensions=("sane_lists", "nl2br"),
)

PROTOCOLS = frozenset({"http", "https", "mailto"})


def _is_internal(href: str) -> bool:
    """True only for a path on this site or a URL whose scheme and host are SITE_URL's."""
    parts = urlsplit(href.replace("\\", "/").strip())
    if not parts.scheme and not parts.netloc:
        return not href.strip().startswith(("//", "\\"))
    site = urlsplit(settings.SITE_URL)
    return (parts.scheme, parts.netloc) == (site.scheme, site.netloc)


def _set_rel(attrs, new=False):
    href = attrs.get((None, "href"), "")
    if not _is_internal(href):
        attrs[(None, "rel")] = "nofollow noopener"
    return attrs


def render_markdown(source: str, profile: Profile = ANSWER) -> str:
    html = markdown.markdown(source, extensions=list(profile.extensions), output_format="html")
    cleaned = bleach.clean(
        html,
        tags=profile.tags,
        attributes=profile.attributes,
        protocols=PROTOCOLS,
        strip=True,
        strip_comments=True,
    )
    return Linker(callbacks=[_set_rel], skip_tags={"pre", "code"}).linkify(cleaned)
