from django.urls import path  # noqa: F401

app_name = "dropbox_integration"

urlpatterns: list = []
