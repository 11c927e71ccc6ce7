from django.urls import path

from . import views

app_name = "consultations"
urlpatterns = [
    path("", views.choose_view, name="choose"),
    path("timezone/", views.time_zone_view, name="time_zone"),
    path("doctors/<slug:slug>/", views.slots_view, name="slots"),
    path("doctors/<slug:slug>/hold/", views.hold_view, name="hold"),
    path("bookings/", views.my_bookings_view, name="mine"),
    path("bookings/<int:pk>/", views.booking_view, name="booking"),
    path("bookings/<int:pk>/confirm/", views.booking_confirm_view, name="confirm"),
    path("bookings/<int:pk>/decline/", views.booking_decline_view, name="decline"),
    path("bookings/<int:pk>/cancel/", views.booking_cancel_view, name="cancel"),
    path("bookings/<int:pk>/move/", views.booking_move_view, name="move"),
    path("bookings/<int:pk>/messages/", views.chat_send_view, name="chat"),
    path("desk/", views.desk_view, name="desk"),
    path("desk/availability/", views.availability_view, name="availability"),
    # Hospital quotes
    path("quotes/", views.my_enquiries_view, name="enquiries"),
    path("quotes/new/", views.enquiry_new_view, name="enquiry_new"),
    path("quotes/<int:pk>/", views.enquiry_view, name="enquiry"),
    path("quotes/accept/<int:pk>/", views.quote_accept_view, name="quote_accept"),
    path("quotes/reports/<int:pk>/", views.report_view, name="report"),
    path("quote-desk/", views.quote_desk_view, name="quote_desk"),
    path("quote-desk/<int:pk>/", views.desk_enquiry_view, name="desk_enquiry"),
    path("quote-desk/quotes/<int:pk>/", views.desk_quote_view, name="desk_quote"),
    path(
        "quote-desk/quotes/<int:pk>/publish/",
        views.desk_quote_publish_view,
        name="desk_quote_publish",
    ),
]
