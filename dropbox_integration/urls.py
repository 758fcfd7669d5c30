from django.urls import path

from dropbox_integration import action_views, views

app_name = "dropbox_integration"

urlpatterns = [
    path("engagements/<int:pk>/connect/", views.connect_start, name="connect"),
    path("engagements/<int:pk>/disconnect/", views.disconnect, name="disconnect"),
    path("engagements/<int:pk>/actions/", action_views.actions, name="actions"),
    path("engagements/<int:pk>/actions.csv", action_views.actions_csv, name="actions_csv"),
    # Registered in the Dropbox app console as SITE_URL + this path: keep it stable.
    path("oauth/callback/", views.oauth_callback, name="oauth_callback"),
]
