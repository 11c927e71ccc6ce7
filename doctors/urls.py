from django.urls import path

from . import views

app_name = "doctors"
# Everything else under /doctors/ is a doctor's public page (directory.urls) or the
# dashboard (questions.urls); doctors.services.RESERVED_SLUGS keeps slugs off these words.
urlpatterns = [
    path("apply/", views.apply_view, name="apply"),
    path("dashboard/profile/", views.profile_edit_view, name="profile_edit"),
    path("dashboard/reconfirm/", views.reconfirm_view, name="reconfirm"),
    path("verification/", views.verification_queue_view, name="verification_queue"),
    path("verification/<int:pk>/", views.verification_detail_view, name="verification_detail"),
    path("documents/<int:pk>/", views.document_view, name="document"),
]
