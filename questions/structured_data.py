"""schema.org data for question pages: QAPage and BreadcrumbList (never the asker's
identity: a question is authored by an anonymous patient)."""

from django.urls import reverse
from django.utils.translation import gettext

from portal.seo import absolute, breadcrumb_list


def question_list_breadcrumbs(specialty=None) -> list[tuple[str, str]]:
    """Home > Questions (> the specialty): the answered-question lists' trail, and the
    start of a question page's."""
    crumbs = [(gettext("Home"), reverse("home")), (gettext("Questions"), reverse("questions:list"))]
    if specialty:
        crumbs.append((specialty.name, specialty.get_absolute_url()))
    return crumbs


def question_jsonld(question, answers) -> list[dict]:
    crumbs = [
        *question_list_breadcrumbs(question.specialty),
        (question.text[:60], question.get_absolute_url()),
    ]
    data = [breadcrumb_list(crumbs)]
    if question.is_private or not answers:
        return data
    data.append(
        {
            "@context": "https://schema.org",
            "@type": "QAPage",
            "mainEntity": {
                "@type": "Question",
                "name": question.text[:110],
                "text": question.text,
                "answerCount": len(answers),
                "dateCreated": question.created_at.isoformat(),
                "author": {"@type": "Person", "name": "Patient"},
                "suggestedAnswer": [
                    {
                        "@type": "Answer",
                        "text": answer.excerpt,
                        "dateCreated": answer.created_at.isoformat(),
                        "url": absolute(answer.get_absolute_url()),
                        "upvoteCount": answer.thanks_count,
                        "author": {
                            "@type": "Person",
                            "name": answer.doctor.display_name,
                            "url": absolute(answer.doctor.get_absolute_url()),
                        },
                    }
                    for answer in answers
                ],
            },
        }
    )
    return data
