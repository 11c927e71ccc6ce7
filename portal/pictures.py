"""``{% picture %}``: a <picture> for images stored as renditions (portal.images).

Registered as a template builtin (settings.TEMPLATES), like portal.seo. The WebP sizes come
as a <source>, the JPEG sizes as the <img>'s own srcset; width and height are always set
so the page does not move while the picture loads. No inline style: the look is CSS's.
"""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from portal.images import Renditions

register = template.Library()

_LAZY = mark_safe(' loading="lazy"')  # noqa: S308 - a constant
_PRIORITY = mark_safe(' fetchpriority="high"')  # noqa: S308 - a constant


@register.simple_tag
def picture(
    renditions,
    *,
    alt: str = "",
    sizes: str = "100vw",
    css_class: str = "",
    width: int | None = None,
    height: int | None = None,
    lazy: bool = True,
    priority: bool = False,
) -> str:
    """The picture, or an empty string when there are no renditions. ``width`` and
    ``height`` set the box the picture is shown in (an avatar's 44×44); by default the
    largest rendition's own size, which keeps the shape with CSS ``height: auto``."""
    images = renditions if isinstance(renditions, Renditions) else Renditions(renditions or {})
    if not images:
        return ""
    return format_html(
        '<picture><source type="image/webp" srcset="{}" sizes="{}">'
        '<img{} src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}"{}{}'
        ' decoding="async"></picture>',
        images.srcset("webp"),
        sizes,
        format_html(' class="{}"', css_class) if css_class else "",
        images.url(at_least=640 if width is None else 2 * int(width)),
        images.srcset("jpeg"),
        sizes,
        width or images.width,
        height or (images.height if width is None else width),
        alt,
        _LAZY if lazy and not priority else "",
        _PRIORITY if priority else "",
    )
