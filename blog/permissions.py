"""Who may do what to articles. Services call the ``check_*`` functions; the admin and
templates call the ``can_*`` twins to show or hide an action. Each pair is built from one
``_*_denial`` function returning the reason for a refusal (or None), so the two never
disagree; the reasons are the constants below.

The roles, built on portal.accounts.roles:

- writer: a member of the Editors group (or a superuser) with the change permission.
  Writes drafts and sends them to review; may not touch a live article. The group's
  permissions are declared in portal.accounts.groups.
- publisher: a writer who also holds ``blog.publish_article``.
- medical reviewer: a verified doctor holding ``blog.review_article``. Reads and approves
  the articles waiting for review that are assigned to them (or to nobody).
"""

from django.utils.translation import gettext, gettext_noop

from portal.accounts import roles
from portal.permissions import deny

from .models import Article

PUBLISH_PERMISSION = "blog.publish_article"
REVIEW_PERMISSION = "blog.review_article"
CHANGE_PERMISSION = "blog.change_article"

Status = Article.Status

# Kept in English (tests compare them); each is translated where it is returned.
EDIT_EDITORS_ONLY = gettext_noop("Only editors can write articles.")
EDIT_PUBLISHED_PUBLISHERS_ONLY = gettext_noop(
    "Only an editor who can publish may change a published article."
)
SEND_TO_REVIEW_EDITORS_ONLY = gettext_noop("Only editors can send articles to review.")
SEND_TO_REVIEW_DRAFTS_ONLY = gettext_noop("Only a draft can be sent to review.")
PUBLISH_PUBLISHERS_ONLY = gettext_noop(
    "You may send articles to review; an editor with the publish permission publishes them."
)
ALREADY_PUBLISHED = gettext_noop("This article is already published.")
PUBLISH_NEEDS_REVIEW = gettext_noop(
    "A verified doctor other than the author must approve the article's medical content "
    "before it is published (or mark it as not medical, if it has none)."
)
BYLINE_OWN_ONLY = gettext_noop(
    "You write as yourself: the author is you, or, for an article someone else wrote, "
    "stays its writer."
)
REVIEW_REVIEWERS_ONLY = gettext_noop("Only verified doctors with the review permission can review.")
REVIEW_NOT_SENT = gettext_noop("This article has not been sent to review.")
REVIEW_OWN_ARTICLE = gettext_noop("A doctor cannot review their own article.")
REVIEW_OTHER_REVIEWER = gettext_noop("Another doctor is reviewing this article.")
ALREADY_DRAFT = gettext_noop("This article is already a draft.")
RETURN_TO_DRAFT_DENIED = gettext_noop("You may not take this article back to draft.")
PREVIEW_DENIED = gettext_noop("Only editors and the article's reviewer can preview it.")
REVIEW_QUEUE_REVIEWERS_ONLY = gettext_noop("The review queue is for doctors who review articles.")


def is_writer(user) -> bool:
    if not (getattr(user, "is_authenticated", False) and user.is_active):
        return False
    return (user.is_superuser or roles.is_editor(user)) and user.has_perm(CHANGE_PERMISSION)


def is_publisher(user) -> bool:
    return is_writer(user) and user.has_perm(PUBLISH_PERMISSION)


def is_medical_reviewer(user) -> bool:
    return (
        getattr(user, "is_authenticated", False)
        and user.is_active
        and roles.is_verified_doctor(user)
        and user.has_perm(REVIEW_PERMISSION)
    )


def _edit_denial(user, article) -> str | None:
    if not is_writer(user):
        return gettext(EDIT_EDITORS_ONLY)
    # A live (or scheduled) article changes only by someone who could publish it.
    if article.status == Status.PUBLISHED and not is_publisher(user):
        return gettext(EDIT_PUBLISHED_PUBLISHERS_ONLY)
    return None


def can_edit_article(user, article) -> bool:
    return _edit_denial(user, article) is None


def check_edit_article(user, article) -> None:
    deny(_edit_denial(user, article))


def _send_to_review_denial(user, article) -> str | None:
    if not is_writer(user):
        return gettext(SEND_TO_REVIEW_EDITORS_ONLY)
    if article.status != Status.DRAFT:
        return gettext(SEND_TO_REVIEW_DRAFTS_ONLY)
    return None


def can_send_to_review(user, article) -> bool:
    return _send_to_review_denial(user, article) is None


def check_send_to_review(user, article) -> None:
    deny(_send_to_review_denial(user, article))


def _publish_denial(user, article) -> str | None:
    if not is_publisher(user):
        return gettext(PUBLISH_PUBLISHERS_ONLY)
    if article.status not in (Status.DRAFT, Status.REVIEW):
        return gettext(ALREADY_PUBLISHED)
    if _medical_review_missing(article):
        return gettext(PUBLISH_NEEDS_REVIEW)
    return None


def _medical_review_missing(article) -> bool:
    """A medical article goes live only once a verified doctor other than its author
    has approved the text (blog.services.article_approve sets last_reviewed_at)."""
    if article.non_medical:
        return False
    if article.reviewer_id is None or article.last_reviewed_at is None:
        return True
    reviewer = article.reviewer
    return not reviewer.is_verified or reviewer.user_id == article.author_id


def can_publish_article(user, article) -> bool:
    return _publish_denial(user, article) is None


def check_publish_article(user, article) -> None:
    deny(_publish_denial(user, article))


def _byline_denial(user, *, author_id, previous_author_id=None) -> str | None:
    """A byline is the writer's own identity: a new article is signed by whoever writes
    it, and an article keeps its writer's name when someone else edits it. Nobody picks
    another person (a verified doctor above all) as the author."""
    if author_id == user.pk or (previous_author_id is not None and author_id == previous_author_id):
        return None
    return gettext(BYLINE_OWN_ONLY)


def can_sign_as(user, *, author_id, previous_author_id=None) -> bool:
    return _byline_denial(user, author_id=author_id, previous_author_id=previous_author_id) is None


def check_byline(user, *, author_id, previous_author_id=None) -> None:
    deny(_byline_denial(user, author_id=author_id, previous_author_id=previous_author_id))


def _is_assigned_reviewer(user, article) -> bool:
    if article.reviewer_id is None:
        return True
    return user.doctor_profile.pk == article.reviewer_id


def _review_denial(user, article) -> str | None:
    """Approve an article waiting for review, or re-review a live one (never one's own)."""
    if not is_medical_reviewer(user):
        return gettext(REVIEW_REVIEWERS_ONLY)
    if article.status not in (Status.REVIEW, Status.PUBLISHED):
        return gettext(REVIEW_NOT_SENT)
    if article.author_id == user.pk:
        return gettext(REVIEW_OWN_ARTICLE)
    if not _is_assigned_reviewer(user, article):
        return gettext(REVIEW_OTHER_REVIEWER)
    return None


def can_review_article(user, article) -> bool:
    return _review_denial(user, article) is None


def check_review_article(user, article) -> None:
    deny(_review_denial(user, article))


def _return_to_draft_denial(user, article) -> str | None:
    if article.status == Status.REVIEW and (is_writer(user) or can_review_article(user, article)):
        return None
    if article.status == Status.PUBLISHED and is_publisher(user):
        return None
    if article.status == Status.DRAFT:
        return gettext(ALREADY_DRAFT)
    return gettext(RETURN_TO_DRAFT_DENIED)


def can_return_to_draft(user, article) -> bool:
    return _return_to_draft_denial(user, article) is None


def check_return_to_draft(user, article) -> None:
    deny(_return_to_draft_denial(user, article))


def _preview_denial(user, article) -> str | None:
    """Editors preview anything; a reviewer previews what they are asked to review."""
    if is_writer(user) or (article.status == Status.REVIEW and can_review_article(user, article)):
        return None
    return gettext(PREVIEW_DENIED)


def can_preview_article(user, article) -> bool:
    return _preview_denial(user, article) is None


def check_preview_article(user, article) -> None:
    deny(_preview_denial(user, article))


def _review_queue_denial(user) -> str | None:
    return None if is_medical_reviewer(user) else gettext(REVIEW_QUEUE_REVIEWERS_ONLY)


def check_review_queue(user) -> None:
    deny(_review_queue_denial(user))
