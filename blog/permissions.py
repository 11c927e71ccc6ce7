"""Who may do what to articles. Services call the ``check_*`` functions; the admin and
templates call the ``can_*`` twins to show or hide an action, so the two never disagree.

The roles, built on portal.accounts.roles:

- writer: a member of the Editors group (or a superuser) with the change permission.
  Writes drafts and sends them to review; may not touch a live article. The group's
  permissions are declared in portal.accounts.groups.
- publisher: a writer who also holds ``blog.publish_article``.
- medical reviewer: a verified doctor holding ``blog.review_article``. Reads and approves
  the articles waiting for review that are assigned to them (or to nobody).
"""

from django.core.exceptions import PermissionDenied

from portal.accounts import roles

from .models import Article

PUBLISH_PERMISSION = "blog.publish_article"
REVIEW_PERMISSION = "blog.review_article"
CHANGE_PERMISSION = "blog.change_article"

Status = Article.Status


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


def can_edit_article(user, article) -> bool:
    """A live (or scheduled) article changes only by someone who could publish it."""
    if article.status == Status.PUBLISHED:
        return is_publisher(user)
    return is_writer(user)


def check_edit_article(user, article) -> None:
    if not is_writer(user):
        raise PermissionDenied("Only editors can write articles.")
    if not can_edit_article(user, article):
        raise PermissionDenied("Only an editor who can publish may change a published article.")


def can_send_to_review(user, article) -> bool:
    return article.status == Status.DRAFT and is_writer(user)


def check_send_to_review(user, article) -> None:
    if not is_writer(user):
        raise PermissionDenied("Only editors can send articles to review.")
    if article.status != Status.DRAFT:
        raise PermissionDenied("Only a draft can be sent to review.")


def can_publish_article(user, article) -> bool:
    return article.status in (Status.DRAFT, Status.REVIEW) and is_publisher(user)


def check_publish_article(user, article) -> None:
    if not is_publisher(user):
        raise PermissionDenied(
            "You may send articles to review; an editor with the publish permission publishes them."
        )
    if article.status == Status.PUBLISHED:
        raise PermissionDenied("This article is already published.")


def _is_assigned_reviewer(user, article) -> bool:
    if article.reviewer_id is None:
        return True
    return user.doctor_profile.pk == article.reviewer_id


def can_review_article(user, article) -> bool:
    """Approve an article waiting for review, or re-review a live one (never one's own)."""
    return (
        article.status in (Status.REVIEW, Status.PUBLISHED)
        and is_medical_reviewer(user)
        and article.author_id != user.pk
        and _is_assigned_reviewer(user, article)
    )


def check_review_article(user, article) -> None:
    if not is_medical_reviewer(user):
        raise PermissionDenied("Only verified doctors with the review permission can review.")
    if article.status == Status.DRAFT:
        raise PermissionDenied("This article has not been sent to review.")
    if article.author_id == user.pk:
        raise PermissionDenied("A doctor cannot review their own article.")
    if not _is_assigned_reviewer(user, article):
        raise PermissionDenied("Another doctor is reviewing this article.")


def can_return_to_draft(user, article) -> bool:
    if article.status == Status.REVIEW:
        return is_writer(user) or can_review_article(user, article)
    if article.status == Status.PUBLISHED:
        return is_publisher(user)
    return False


def check_return_to_draft(user, article) -> None:
    if not can_return_to_draft(user, article):
        if article.status == Status.DRAFT:
            raise PermissionDenied("This article is already a draft.")
        raise PermissionDenied("You may not take this article back to draft.")


def can_preview_article(user, article) -> bool:
    """Editors preview anything; a reviewer previews what they are asked to review."""
    return is_writer(user) or (
        article.status == Status.REVIEW and can_review_article(user, article)
    )


def check_preview_article(user, article) -> None:
    if not can_preview_article(user, article):
        raise PermissionDenied("Only editors and the article's reviewer can preview it.")


def check_review_queue(user) -> None:
    if not is_medical_reviewer(user):
        raise PermissionDenied("The review queue is for doctors who review articles.")
