"""URLs of the jobs, their progress bars and reports (included by migration/urls.py)."""

from django.urls import path

from migration import job_views, progress_views

urlpatterns = [
    path("<int:pk>/bulk/", job_views.bulk_start, name="bulk_start"),
    path("<int:pk>/delta/", job_views.delta_start, name="delta_start"),
    path("<int:pk>/verify/", job_views.verify_start, name="verify_start"),
    path("<int:pk>/verification.csv", job_views.verification_csv, name="verification_csv"),
    path("<int:pk>/certificate.pdf", job_views.certificate, name="certificate"),
    path("<int:pk>/progress/", progress_views.job_progress_view, name="job_progress"),
    path("status/<str:reference>/progress/", progress_views.status_progress_view, name="status_progress"),
]
