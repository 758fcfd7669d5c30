from django.urls import path

from feedback import views

app_name = "feedback"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("<int:pk>/", views.engagement_feedback, name="engagement"),
    path("s/<str:token>/", views.answer, name="answer"),
]
