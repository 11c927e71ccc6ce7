"""``{% directory_related_links specialty=... treatment=... city=... country=... %}``: the
"hospitals in other cities", "top doctors in other cities" and "cost of related
treatments in <country>" link lists, for any page that knows some of those. All
arguments are optional; the tag costs at most five queries whatever the data (none once
its rows are a fragment of the page cache), and its HTML is kept rendered in the shared
cache under what it shows (portal/pagecache.py: rendered_blocks)."""

import functools

from django import template
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from directory.selectors import related_link_rows
from directory.text import in_country
from portal import pagecache

register = template.Library()

RELATED_LINKS = "directory/partials/related_links.html"
# The views _groups links to.
LINKED_VIEWS = frozenset(
    {"directory:hospitals_treatment_city", "directory:top_doctors", "directory:cost"}
)


def related_links_identity(rows: dict, *, here: str | None, in_city: bool) -> tuple:
    """What partials/related_links.html shows, from the rows its groups are built of
    (selectors.related_link_rows): the page's address (its own link is left out) and
    whether the page is a city's (the headings say "in other cities")."""
    specialty, treatment, country = rows["specialty"], rows["treatment"], rows["country"]
    return (
        (specialty.slug, specialty.name) if specialty is not None else None,
        treatment.name if treatment is not None else None,
        (country.slug, country.name) if country is not None else None,
        *(
            tuple(tuple(row.items()) for row in rows[key])
            for key in ("hospitals", "doctors", "costs")
        ),
        here,
        in_city,
    )


@register.simple_tag(takes_context=True)
def directory_related_links(context, specialty=None, treatment=None, city=None, country=None):
    request = context.get("request")
    # Only a page these links can point at leaves its own link out; on any other page
    # (a doctor, a clinic) the links are the same for every page naming the same
    # specialty, treatment, city and country: one kept part, read in one round trip
    # (pagecache.captured), serves them all. A page they can point at keeps its own
    # part, which its other pages (?page=2) and addresses share.
    here = linked_page(request)

    def draw() -> str:
        rows = related_link_rows(
            specialty=specialty, treatment=treatment, city=city, country=country
        )
        in_city = city is not None
        # Built only when the block must be drawn (a dozen reverse() calls): the template
        # calls the function it finds in its context, once (cache).
        groups = functools.cache(lambda: _groups(rows, here=here, in_city=in_city))
        block = (related_links_identity(rows, here=here, in_city=in_city), {"groups": groups})
        return str(pagecache.rendered_blocks(RELATED_LINKS, [block])[0])

    name = related_links_part(
        specialty=specialty, treatment=treatment, city=city, country=country, here=here
    )
    return mark_safe(pagecache.captured(name, draw))  # noqa: S308 - our own template's output


def linked_page(request) -> str | None:
    """The address of the page being drawn where it is one the links point at (its own
    link is left out of them), else None."""
    match = getattr(request, "resolver_match", None)
    return request.path if match is not None and match.view_name in LINKED_VIEWS else None


def related_links_part(
    *, specialty=None, treatment=None, city=None, country=None, here: str | None = None
) -> str:
    """The name of the kept part of directory_related_links (for pagecache.read_ahead
    where the view knows what its template will show). On a page the links point at,
    ``here`` (linked_page) names it alone: the address holds the page's place, and what
    the page derives from it (a cost page's specialty) comes from the taxonomy, whose
    changes the part follows."""
    if here is not None:
        return f"related-links:{here}"
    named = ":".join(
        str(getattr(item, "pk", None)) for item in (specialty, treatment, city, country)
    )
    return f"related-links:{named}"


def _groups(rows: dict, *, here: str | None, in_city: bool) -> list:
    """(key, heading, [(url, label, count)], unit) for each kind of link there is."""
    specialty, treatment, country = rows["specialty"], rows["treatment"], rows["country"]
    groups = []

    if rows["hospitals"]:
        if treatment is not None:
            heading = (
                _("%(treatment)s hospitals in other cities")
                if in_city
                else _("%(treatment)s hospitals by city")
            ) % {"treatment": treatment.name}
        else:
            heading = (
                _("Hospitals for %(specialty)s treatments in other cities")
                if in_city
                else _("Hospitals for %(specialty)s treatments by city")
            ) % {"specialty": specialty.name}
        links = [
            (
                reverse(
                    "directory:hospitals_treatment_city",
                    args=[row["treatment__slug"], row["clinic__city__slug"]],
                ),
                _("%(treatment)s hospitals in %(city)s")
                % {"treatment": row["treatment__name"], "city": row["clinic__city__name"]},
                row["clinic_count"],
            )
            for row in rows["hospitals"]
        ]
        groups.append(("hospitals", heading, links, "clinic"))

    if rows["doctors"]:
        links = [
            (
                reverse("directory:top_doctors", args=[specialty.slug, row["slug"]]),
                _("Top %(specialty)s doctors in %(city)s")
                % {"specialty": specialty.name, "city": row["name"]},
                row["doctor_count"],
            )
            for row in rows["doctors"]
        ]
        heading = (
            _("Top %(specialty)s doctors in other cities")
            if in_city
            else _("Top %(specialty)s doctors by city")
        ) % {"specialty": specialty.name}
        groups.append(("doctors", heading, links, "doctor"))

    if rows["costs"]:
        links = [
            (
                reverse("directory:cost", args=[row["treatment__slug"], country.slug]),
                _("Cost of %(treatment)s %(in_country)s")
                % {"treatment": row["treatment__name"], "in_country": in_country(country.name)},
                row["entry_count"],
            )
            for row in rows["costs"]
        ]
        heading = _("Cost of related treatments %(in_country)s") % {
            "in_country": in_country(country.name)
        }
        groups.append(("costs", heading, links, "price"))

    groups = [
        (key, heading, [link for link in links if link[0] != here], unit)
        for key, heading, links, unit in groups
    ]
    return [group for group in groups if group[2]]
