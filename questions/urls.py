from django.urls import path

from . import views

app_name = "questions"
urlpatterns = [
    path("ask/", views.ask_view, name="ask"),
    # The doctor's answer queue; doctors.services.RESERVED_SLUGS keeps "dashboard" off
    # doctors' slugs, whose pages (directory.urls) share the /doctors/ prefix.
    path("doctors/dashboard/", views.dashboard_view, name="dashboard"),
    path("questions/", views.question_list_view, name="list"),
    path("questions/mine/", views.my_questions_view, name="mine"),
    path("questions/similar/", views.similar_view, name="similar"),
    path(
        "questions/specialty/<slug:slug>/",
        views.specialty_question_list_view,
        name="specialty",
    ),
    path("questions/<int:pk>/", views.question_redirect_view, name="short"),
    # A private question's page: no words of it in the address (Question.get_absolute_url).
    path("questions/p/<int:pk>/", views.question_private_view, name="private"),
    path("answers/<int:pk>/thank/", views.answer_thank_view, name="thank"),
    path("answers/<int:pk>/agree/", views.answer_agree_view, name="agree"),
    path("questions/<int:pk>/answer/", views.answer_create_view, name="answer"),
    path("questions/<int:pk>/attachments/", views.attachments_add_view, name="attach"),
    path("questions/<int:pk>/resolved/", views.resolve_view, name="resolve"),
    path("attachments/<int:pk>/", views.attachment_view, name="attachment"),
    path(
        "attachments/<int:pk>/thumbnail/",
        views.attachment_thumbnail_view,
        name="attachment_thumbnail",
    ),
    path("answers/<int:pk>/follow-up/", views.follow_up_create_view, name="follow_up"),
    path("follow-ups/<int:pk>/reply/", views.follow_up_reply_view, name="follow_up_reply"),
    path("questions/<int:pk>/<str:slug>/", views.question_detail_view, name="detail"),
]
