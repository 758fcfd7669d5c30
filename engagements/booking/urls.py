from django.urls import path

from engagements.booking import views

app_name = "booking"

urlpatterns = [
    path("", views.book_a_meeting, name="form"),
    path("thanks/", views.thanks, name="thanks"),
]
