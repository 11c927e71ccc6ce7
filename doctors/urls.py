from django.urls import path

from . import views

app_name = "doctors"
urlpatterns = [
    path("dashboard/", views.dashboard_view, name="dashboard"),
    path("<slug:slug>/", views.profile_view, name="profile"),
]
