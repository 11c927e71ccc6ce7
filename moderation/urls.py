from django.urls import path

from . import views

app_name = "moderation"

urlpatterns = [
    path("report/<str:kind>/<int:pk>/", views.report_view, name="report"),
    path("moderation/", views.queue_view, name="queue"),
    path("moderation/peer-notes/<int:pk>/", views.peer_note_view, name="peer_note"),
    path("moderation/<str:kind>/<int:pk>/", views.item_view, name="item"),
    path("moderation/<str:kind>/<int:pk>/<str:action>/", views.action_view, name="action"),
]
