from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from .drafts import draft_post


@receiver(user_logged_in, dispatch_uid="questions.post_draft_on_login")
def post_draft_on_login(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        draft_post(request, user)
