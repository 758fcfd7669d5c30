"""URLs of the progress bars (included by migration/urls.py)."""

from django.urls import path

from migration import progress_views

urlpatterns = [
    path("<int:pk>/progress/", progress_views.job_progress_view, name="job_progress"),
    path("status/<str:reference>/progress/", progress_views.status_progress_view, name="status_progress"),
]
