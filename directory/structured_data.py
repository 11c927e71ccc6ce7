"""schema.org data for directory pages. base.html renders it with portal.seo's ``jsonld``
filter; every directory page adds its BreadcrumbList (directory.views._render)."""

from portal.seo import absolute


def clinic_jsonld(clinic, *, specialties, treatments) -> dict:
    """Hospital or MedicalClinic, with its address, specialties and treatments."""
    city = clinic.city
    data = {
        "@context": "https://schema.org",
        "@type": "Hospital" if clinic.kind == clinic.Kind.HOSPITAL else "MedicalClinic",
        "name": clinic.name,
        "url": absolute(clinic.get_absolute_url()),
        "address": {
            "@type": "PostalAddress",
            "streetAddress": clinic.address,
            "addressLocality": city.name,
            "postalCode": clinic.postcode,
            "addressCountry": city.country.iso_code,
        },
        "medicalSpecialty": [s.name for s in specialties],
        "availableService": [{"@type": "MedicalProcedure", "name": t.name} for t in treatments],
    }
    if clinic.phone:
        data["telephone"] = clinic.phone
    return data
