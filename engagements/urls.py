from django.urls import path

from engagements import create_views, views

app_name = "engagements"

urlpatterns = [
    path("", views.engagement_list, name="list"),
    path("new/", create_views.engagement_new, name="new"),
    path("<int:pk>/", views.engagement_detail, name="detail"),
    path(
        "<int:pk>/contacts/<int:contact_pk>/invite/", create_views.contact_invite_view, name="contact_invite"
    ),
    path("<int:pk>/phase/", views.engagement_change_phase, name="change_phase"),
    path("status/<str:reference>/", views.status_page, name="status"),
]
