"""schema.org data for doctor profile pages: Physician and BreadcrumbList."""

from django.urls import reverse
from django.utils.translation import gettext

from portal.seo import absolute, breadcrumb_list


def doctor_breadcrumbs(doctor) -> list[tuple[str, str]]:
    """Home > the doctor: the profile page's trail, shown and in its JSON-LD."""
    return [(gettext("Home"), reverse("home")), (doctor.display_name, doctor.get_absolute_url())]


def doctor_jsonld(doctor) -> list[dict]:
    physician = {
        "@context": "https://schema.org",
        "@type": "Physician",
        "name": doctor.display_name,
        "url": absolute(doctor.get_absolute_url()),
        "medicalSpecialty": [s.name for s in doctor.specialties.all()],
    }
    if doctor.photo:
        physician["image"] = absolute(doctor.photo.url)
    if doctor.bio:
        physician["description"] = doctor.bio
    if doctor.language_list:
        physician["knowsLanguage"] = doctor.language_list
    if doctor.city:
        physician["address"] = {"@type": "PostalAddress", "addressLocality": doctor.city.name}
    if doctor.clinic:
        physician["workLocation"] = {"@type": "Place", "name": doctor.clinic}
    if doctor.consultation_fee is not None:
        physician["priceRange"] = f"₹{doctor.consultation_fee}"
    credentials = [
        {
            "@type": "EducationalOccupationalCredential",
            "credentialCategory": "degree",
            "name": q.degree,
            **(
                {"recognizedBy": {"@type": "EducationalOrganization", "name": q.institution}}
                if q.institution
                else {}
            ),
        }
        for q in doctor.qualification_set.all()
    ]
    if doctor.is_verified and doctor.council_name:
        credentials.append(
            {
                "@type": "EducationalOccupationalCredential",
                "credentialCategory": "license",
                "name": f"Medical registration {doctor.registration_number}",
                "recognizedBy": {"@type": "Organization", "name": doctor.council_name},
            }
        )
    if credentials:
        physician["hasCredential"] = credentials
    return [breadcrumb_list(doctor_breadcrumbs(doctor)), physician]
