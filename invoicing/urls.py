from django.urls import path

from invoicing import views

app_name = "invoicing"
urlpatterns = [
    path("<int:pk>/", views.page, name="page"),
    path("<int:pk>/issue/<slug:kind>/", views.issue, name="issue"),
    path("<int:pk>/change-orders/new/", views.change_order_new, name="change_order_new"),
    path(
        "<int:pk>/change-orders/<int:number>/withdraw/",
        views.change_order_withdrawal,
        name="change_order_withdraw",
    ),
    path("<int:pk>/reconciliation/", views.reconciliation_edit, name="reconciliation_edit"),
    path("<int:pk>/reconciliation/done/", views.reconciliation_done_view, name="reconciliation_done"),
    path("status/<str:reference>/invoices/<int:number>/pdf/", views.invoice_pdf, name="invoice_pdf"),
    path("status/<str:reference>/reconciliation/pdf/", views.reconciliation_pdf, name="reconciliation_pdf"),
    path(
        "status/<str:reference>/change-orders/<int:number>/approve/",
        views.change_order_approval,
        name="change_order_approve",
    ),
    path(
        "status/<str:reference>/change-orders/<int:number>/decline/",
        views.change_order_refusal,
        name="change_order_decline",
    ),
    path("sie/", views.sie, name="sie"),
]
