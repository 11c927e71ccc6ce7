"""``{% directory_related_links specialty=... treatment=... city=... country=... %}``: the
"hospitals in other cities", "top doctors in other cities" and "cost of related
treatments in <country>" link lists, for any page that knows some of those. All
arguments are optional; the tag costs at most five queries whatever the data."""

from django import template
from django.urls import reverse

from directory.selectors import related_link_rows
from directory.text import in_country

register = template.Library()


@register.inclusion_tag("directory/partials/related_links.html", takes_context=True)
def directory_related_links(context, specialty=None, treatment=None, city=None, country=None):
    rows = related_link_rows(specialty=specialty, treatment=treatment, city=city, country=country)
    request = context.get("request")
    here = request.path if request is not None else None
    specialty, treatment, country = rows["specialty"], rows["treatment"], rows["country"]
    elsewhere = "in other cities" if city is not None else "by city"
    groups = []

    if rows["hospitals"]:
        heading = (
            f"{treatment.name} hospitals {elsewhere}"
            if treatment is not None
            else f"Hospitals for {specialty.name} treatments {elsewhere}"
        )
        links = [
            (
                reverse(
                    "directory:hospitals_treatment_city",
                    args=[row["treatment__slug"], row["clinic__city__slug"]],
                ),
                f"{row['treatment__name']} hospitals in {row['clinic__city__name']}",
                row["clinic_count"],
            )
            for row in rows["hospitals"]
        ]
        groups.append(("hospitals", heading, links, "clinic"))

    if rows["doctors"]:
        links = [
            (
                reverse("directory:top_doctors", args=[specialty.slug, row["slug"]]),
                f"Top {specialty.name} doctors in {row['name']}",
                row["doctor_count"],
            )
            for row in rows["doctors"]
        ]
        groups.append(("doctors", f"Top {specialty.name} doctors {elsewhere}", links, "doctor"))

    if rows["costs"]:
        links = [
            (
                reverse("directory:cost", args=[row["treatment__slug"], country.slug]),
                f"Cost of {row['treatment__name']} {in_country(country.name)}",
                row["entry_count"],
            )
            for row in rows["costs"]
        ]
        heading = f"Cost of related treatments {in_country(country.name)}"
        groups.append(("costs", heading, links, "price"))

    groups = [
        (key, heading, [link for link in links if link[0] != here], unit)
        for key, heading, links, unit in groups
    ]
    return {"groups": [group for group in groups if group[2]]}
