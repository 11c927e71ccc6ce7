"""Whether a piece of content may be shown to the public: the moderation state every
reportable model carries (questions, answers, articles, clinics, doctors' profiles).

It lives here, at the bottom, so each app's public queryset can filter on it without
knowing the moderation app exists; moderation (at the top) changes it through its
services. A held or hidden item stays readable by its author, who sees why, and by
moderators; everyone else sees "removed by moderators" (or nothing, in lists).
"""

from django.db import models
from django.utils.translation import gettext_lazy

REMOVED_BY_MODERATORS = gettext_lazy("Removed by moderators.")
WAITING_FOR_MODERATOR = (
    "Waiting for a moderator: it will be public once a moderator has looked at it."
)


class Visibility(models.TextChoices):
    VISIBLE = "visible", "Visible"
    HELD = "held", "Waiting for a moderator"
    HIDDEN = "hidden", "Hidden by moderators"


class Moderated(models.Model):
    """Abstract: ``visibility`` and, when not visible, the reason its author reads."""

    visibility = models.CharField(
        max_length=10, choices=Visibility.choices, default=Visibility.VISIBLE, editable=False
    )
    moderation_reason = models.CharField(max_length=300, blank=True, editable=False)

    class Meta:
        abstract = True

    @property
    def is_public(self) -> bool:
        return self.visibility == Visibility.VISIBLE

    @property
    def is_hidden(self) -> bool:
        return self.visibility == Visibility.HIDDEN

    @property
    def is_held(self) -> bool:
        return self.visibility == Visibility.HELD


PUBLIC = models.Q(visibility=Visibility.VISIBLE)


def may_see_moderated(user, *, author_id: int | None) -> bool:
    """A held or hidden item is shown to its author (with the reason) and to moderators."""
    from portal.accounts import roles

    if not getattr(user, "is_authenticated", False):
        return False
    return (author_id is not None and author_id == user.pk) or roles.is_moderator(user)


def removed_response(request):
    """The page the public gets for an item moderators removed: 410 Gone, not indexed."""
    from django.shortcuts import render

    return render(request, "removed.html", {"message": REMOVED_BY_MODERATORS}, status=410)
