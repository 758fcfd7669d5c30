from django.urls import path  # noqa: F401

app_name = "migration"

from migration.progress_urls import urlpatterns as progress_urlpatterns  # noqa: E402

urlpatterns: list = [*progress_urlpatterns]
