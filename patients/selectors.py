from questions.models import Question


def public_questions_of(*, user):
    if not getattr(user, "is_authenticated", False):
        return Question.objects.none()
    return Question.objects.filter(author=user, is_private=False).order_by("-created_at", "-id")
