from django.urls import path

from dropbox_integration import views

app_name = "dropbox_integration"

urlpatterns = [
    path("engagements/<int:pk>/connect/", views.connect_start, name="connect"),
    path("engagements/<int:pk>/disconnect/", views.disconnect, name="disconnect"),
    # Registered in the Dropbox app console as SITE_URL + this path: keep it stable.
    path("oauth/callback/", views.oauth_callback, name="oauth_callback"),
]
