"""schema.org data for an article page: MedicalWebPage (with its Article, reviewer and
review date), BreadcrumbList and FAQPage. base.html renders it with portal.seo's
``jsonld`` filter."""

from portal.seo import absolute, breadcrumb_list

SITE_NAME = "Health Portal"


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def _author(byline) -> dict:
    person = {"@type": "Physician" if byline.doctor else "Person", "name": byline.name}
    if byline.url:
        person["url"] = absolute(byline.url)
    return person


def article_jsonld(*, article, byline, breadcrumbs, faq_items, image_url: str = "") -> list:
    url = absolute(article.get_absolute_url())
    site = {"@type": "WebSite", "name": SITE_NAME, "url": absolute("/")}
    main_entity = {
        "@type": "Article",
        "headline": article.title[:110],
        "description": article.summary,
        "author": _author(byline),
        "publisher": {"@type": "Organization", "name": SITE_NAME, "url": absolute("/")},
        "datePublished": _iso(article.publish_at),
        "dateModified": _iso(article.updated_at),
        "mainEntityOfPage": url,
        "timeRequired": f"PT{article.read_minutes}M",
    }
    if image_url:
        main_entity["image"] = image_url
    page = {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "@id": f"{url}#webpage",
        "url": url,
        "name": article.title,
        "description": article.summary,
        "inLanguage": "en",
        "datePublished": _iso(article.publish_at),
        "dateModified": _iso(article.updated_at),
        "isPartOf": site,
        "mainEntity": main_entity,
    }
    topics = [t.name for t in (article.specialty, article.treatment) if t is not None]
    if topics:
        page["about"] = [{"@type": "Thing", "name": name} for name in topics]
    if article.is_medically_reviewed:
        page["lastReviewed"] = article.last_reviewed_at.date().isoformat()
        page["reviewedBy"] = {
            "@type": "Physician",
            "name": article.reviewer.display_name,
            "url": absolute(article.reviewer.get_absolute_url()),
        }
    data = [page, breadcrumb_list(breadcrumbs)]
    if faq_items:
        data.append(
            {
                "@context": "https://schema.org",
                "@type": "FAQPage",
                "mainEntity": [
                    {
                        "@type": "Question",
                        "name": item.question,
                        "acceptedAnswer": {"@type": "Answer", "text": item.answer},
                    }
                    for item in faq_items
                ],
            }
        )
    return data
