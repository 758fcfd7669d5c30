from django.urls import path

from engagements.planning import calendar_views, report_views, views

app_name = "planning"

urlpatterns = [
    path("<int:pk>/", views.engagement_planning, name="engagement"),
    path("<int:pk>/sprints/", views.sprint_add, name="sprint_add"),
    path("<int:pk>/template/", views.template_lay_out, name="template_lay_out"),
    path("<int:pk>/team/", views.staff_assign, name="staff_assign"),
    path("<int:pk>/follow-ups/", views.follow_up_add, name="follow_up_add"),
    path("<int:pk>/updates/", views.status_update_add, name="status_update_add"),
    path("sprints/<int:sprint_pk>/", views.sprint_edit, name="sprint_edit"),
    path("sprints/<int:sprint_pk>/status/", views.sprint_change_status, name="sprint_status"),
    path("follow-ups/<int:follow_up_pk>/toggle/", views.follow_up_toggle, name="follow_up_toggle"),
    path("<int:pk>/reports/draft/", report_views.report_draft, name="report_draft"),
    path("reports/<int:report_pk>/", report_views.report_edit, name="report"),
    path("reports/<int:report_pk>/send/", report_views.report_send, name="report_send"),
    path("status/<str:reference>/reports/<int:report_pk>.pdf", report_views.report_pdf, name="report_pdf"),
    path("status/<str:reference>/dates.ics", report_views.customer_dates_ics, name="customer_ics"),
    path("calendar/", calendar_views.consultant_calendar, name="calendar"),
    path("calendar/new-address/", calendar_views.calendar_feed_new_token, name="calendar_feed_regenerate"),
    path("feed/<str:token>.ics", calendar_views.calendar_feed, name="feed"),
]
