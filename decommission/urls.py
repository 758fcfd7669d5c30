from django.urls import path

from decommission import views

app_name = "decommission"
urlpatterns = [
    path("<int:pk>/", views.decommission_page, name="page"),
    path("<int:pk>/assets/import/", views.assets_import, name="assets_import"),
    path("<int:pk>/assets/add/", views.asset_add, name="asset_add"),
    path("<int:pk>/assets/<int:asset_pk>/", views.asset_edit, name="asset_edit"),
    path("<int:pk>/assets/<int:asset_pk>/media/", views.medium_add, name="medium_add"),
    path("<int:pk>/assets/<int:asset_pk>/end/", views.asset_end, name="asset_end"),
    path("<int:pk>/assets/<int:asset_pk>/custody/", views.custody_add, name="custody_add"),
    path("<int:pk>/assets/<int:asset_pk>/appraisal/", views.asset_appraise, name="asset_appraise"),
    path("<int:pk>/media/<int:medium_pk>/plan/", views.medium_plan, name="medium_plan"),
    path("<int:pk>/media/<int:medium_pk>/sanitise/", views.medium_sanitise, name="medium_sanitise"),
    path("<int:pk>/waive-wait/", views.early_waive, name="early_waive"),
    path("<int:pk>/waive/", views.waive, name="waive"),
    path("<int:pk>/certificate/sign/", views.certificate_sign, name="certificate_sign"),
    path("<int:pk>/certificate/", views.certificate, name="certificate"),
    path("<int:pk>/credit/", views.credit_issue, name="credit_issue"),
]
