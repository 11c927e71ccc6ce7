from django.urls import path

from . import views

app_name = "patients"
urlpatterns = [
    path("", views.account_view, name="account"),
    path("emails/", views.preferences_view, name="preferences"),
    path("export/", views.export_view, name="export"),
    path("export/<int:pk>/download/", views.export_download_view, name="export_download"),
    path("delete/", views.delete_view, name="delete"),
    path("logout-everywhere/", views.logout_everywhere_view, name="logout_everywhere"),
]
