from django.urls import path

from training.installation import views

app_name = "training_installation"
urlpatterns = [
    path("<int:pk>/", views.plan, name="plan"),
    path("<int:pk>/from-user-list/", views.plan_from_user_list, name="plan_from_user_list"),
    path("<int:pk>/book/", views.book, name="book"),
    path("<int:pk>/quote/", views.quote_sync, name="quote_sync"),
    path("item/<int:item_pk>/change/", views.change, name="change"),
    path("item/<int:item_pk>/status/", views.status, name="status"),
    path("item/<int:item_pk>/send/", views.send_instructions, name="send"),
    path(
        "<str:reference>/instructions/<str:operating_system>.pdf",
        views.instructions_download,
        name="instructions",
    ),
    path("installed/<str:token>/", views.installed, name="installed"),
]
