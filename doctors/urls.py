from django.urls import path

from . import views

app_name = "doctors"
# Fixed paths first: everything else under /doctors/ is a doctor's slug, and
# doctors.services.RESERVED_SLUGS keeps slugs off these words.
urlpatterns = [
    path("apply/", views.apply_view, name="apply"),
    path("dashboard/", views.dashboard_view, name="dashboard"),
    path("dashboard/profile/", views.profile_edit_view, name="profile_edit"),
    path("dashboard/reconfirm/", views.reconfirm_view, name="reconfirm"),
    path("verification/", views.verification_queue_view, name="verification_queue"),
    path("verification/<int:pk>/", views.verification_detail_view, name="verification_detail"),
    path("documents/<int:pk>/", views.document_view, name="document"),
    path("<slug:slug>/", views.profile_view, name="profile"),
]
