from django.urls import path

from engagements import views

app_name = "engagements"

urlpatterns = [
    path("", views.engagement_list, name="list"),
    path("<int:pk>/", views.engagement_detail, name="detail"),
    path("<int:pk>/phase/", views.engagement_change_phase, name="change_phase"),
    path("status/<str:reference>/", views.status_page, name="status"),
]
