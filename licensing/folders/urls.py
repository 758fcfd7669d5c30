from django.urls import path

from licensing.folders import views

app_name = "licensing_folders"
urlpatterns = [
    path("<int:pk>/", views.page, name="page"),
    path("<int:pk>/copy/", views.copy_structure, name="copy"),
    path("<int:pk>/folders/add/", views.folder_add, name="folder_add"),
    path("<int:pk>/folders/<int:folder_pk>/", views.folder_update, name="folder_update"),
    path("<int:pk>/folders/merge/", views.merge, name="merge"),
    path("<int:pk>/groups/", views.groups_from_users, name="groups"),
    path("<int:pk>/access/", views.access_set, name="access"),
    path("<int:pk>/jobs/<slug:kind>/", views.job_start, name="job_start"),
    path("<int:pk>/release/", views.release, name="release"),
    path("approve/<str:reference>/", views.approve, name="approve"),
]
