from django.urls import path

from . import views

app_name = "directory"
urlpatterns = [
    path("hospitals/", views.hospitals_index_view, name="hospitals"),
    path(
        "hospitals/<slug:treatment_slug>/",
        views.hospitals_treatment_view,
        name="hospitals_treatment",
    ),
    path(
        "hospitals/<slug:treatment_slug>/<slug:city_slug>/",
        views.hospitals_treatment_city_view,
        name="hospitals_treatment_city",
    ),
    path("clinics/<slug:slug>/", views.clinic_view, name="clinic"),
    path(
        "top-doctors/<slug:specialty_slug>/<slug:city_slug>/",
        views.top_doctors_view,
        name="top_doctors",
    ),
    # After doctors.urls and questions.urls, whose fixed /doctors/ paths come first.
    path("doctors/<slug:slug>/", views.doctor_view, name="doctor"),
    path("cost/", views.cost_index_view, name="cost_index"),
    path("cost/<slug:treatment_slug>/<slug:country_slug>/", views.cost_view, name="cost"),
]
