from django.urls import path

from training import views

app_name = "training"
urlpatterns = [
    path("<int:pk>/", views.engagement_training, name="engagement"),
    path("<int:pk>/sessions/add/", views.session_add, name="session_add"),
    path("<int:pk>/sessions/<int:session_pk>/cancel/", views.session_cancel, name="session_cancel"),
    path("<int:pk>/sessions/<int:session_pk>/attendance/", views.attendance_save, name="attendance"),
    path("<int:pk>/online-only/", views.online_only_choose, name="online_only"),
    path("<int:pk>/support/", views.support_log, name="support_log"),
    path("<int:pk>/support/<int:request_pk>/", views.support_detail, name="support_detail"),
    path("status/<str:reference>/support/", views.customer_support, name="customer_support"),
]
