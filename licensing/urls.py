from django.urls import path

from licensing import views

app_name = "licensing"
urlpatterns = [
    path("engagement/<int:pk>/", views.licence_page, name="page"),
    path("engagement/<int:pk>/plan/", views.plan_save, name="plan_save"),
    path("engagement/<int:pk>/users/", views.users_save, name="users_save"),
    path("engagement/<int:pk>/quote-lines/", views.quote_lines_write, name="quote_lines_write"),
    path("engagement/<int:pk>/invite/", views.invitations_start, name="invitations_start"),
    path("engagement/<int:pk>/invite/progress/", views.invitation_progress, name="invitation_progress"),
]
