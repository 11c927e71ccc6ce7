from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ArticleStatusChange


class ReviewNoteForm(forms.Form):
    """A reviewer's note: optional with an approval, required when asking for changes."""

    note = forms.CharField(
        label=_("Note for the writer"),
        max_length=ArticleStatusChange._meta.get_field("note").max_length,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, required: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["note"].required = required
