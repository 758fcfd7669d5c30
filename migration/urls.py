from django.urls import include, path

from migration import progress_urls, views

app_name = "migration"

urlpatterns = [
    path("<int:pk>/", views.migration_page, name="page"),
    path("<int:pk>/source/", views.source_update, name="source_update"),
    path("<int:pk>/scan/", views.scan_begin, name="scan_start"),
    path("<int:pk>/exceptions/", views.exceptions_report, name="exceptions"),
    path("<int:pk>/exceptions.csv", views.exceptions_csv, name="exceptions_csv"),
    # The bulk/delta/verify side's progress bars and actions.
    path("", include(progress_urls)),
]
