import re

from django.urls import re_path

from . import views
from .models import PolicyKind

app_name = "policies"

# /about/, /privacy/ ...: only the known pages, so nothing else at the root is caught.
_KINDS = "|".join(re.escape(kind) for kind in PolicyKind.values)
urlpatterns = [re_path(rf"^(?P<kind>{_KINDS})/$", views.policy_view, name="page")]
