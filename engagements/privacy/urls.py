from django.urls import path

from engagements.privacy import views

app_name = "privacy"

urlpatterns = [
    path("engagements/<int:pk>/agreement/", views.agreement, name="agreement"),
    path(
        "engagements/<int:pk>/agreement/<int:agreement_pk>/document/",
        views.agreement_document,
        name="agreement_document",
    ),
]
