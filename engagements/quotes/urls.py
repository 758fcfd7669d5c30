from django.urls import path

from engagements.quotes.views import builder, customer, discovery, pipeline

app_name = "quotes"

urlpatterns = [
    path("pipeline/", pipeline.pipeline, name="pipeline"),
    # Discovery (kartläggning)
    path("engagement/<int:pk>/discovery/", discovery.discovery, name="discovery"),
    path("engagement/<int:pk>/discovery/record/", discovery.discovery_record_edit, name="discovery_record"),
    path("engagement/<int:pk>/discovery/servers/", discovery.file_server_create, name="file_server_add"),
    path(
        "engagement/<int:pk>/discovery/servers/<int:server_pk>/",
        discovery.file_server_edit,
        name="file_server_edit",
    ),
    path(
        "engagement/<int:pk>/discovery/servers/<int:server_pk>/remove/",
        discovery.file_server_delete,
        name="file_server_remove",
    ),
    path("engagement/<int:pk>/discovery/users/", discovery.customer_user_create, name="customer_user_add"),
    path(
        "engagement/<int:pk>/discovery/users/<int:person_pk>/",
        discovery.customer_user_edit,
        name="customer_user_edit",
    ),
    path(
        "engagement/<int:pk>/discovery/users/<int:person_pk>/remove/",
        discovery.customer_user_delete,
        name="customer_user_remove",
    ),
    path(
        "engagement/<int:pk>/discovery/users/import/",
        discovery.customer_users_import_view,
        name="customer_users_import",
    ),
    # The quote builder
    path("engagement/<int:pk>/quote/", builder.builder, name="builder"),
    path("engagement/<int:pk>/quote/start/", builder.quote_start, name="start"),
    path("<int:quote_pk>/lines/catalogue/", builder.line_add_from_catalogue, name="line_add_from_catalogue"),
    path("<int:quote_pk>/lines/", builder.line_add, name="line_add"),
    path("<int:quote_pk>/lines/<int:line_pk>/", builder.line_edit, name="line_edit"),
    path("<int:quote_pk>/lines/<int:line_pk>/remove/", builder.line_delete, name="line_remove"),
    path("<int:quote_pk>/details/", builder.details_edit, name="details"),
    path("<int:quote_pk>/duration/", builder.duration_edit, name="duration"),
    path("<int:quote_pk>/send/", builder.send, name="send"),
    path("<int:quote_pk>/send/confirm/", builder.send_confirm, name="send_confirm"),
    path("<int:quote_pk>/revise/", builder.revise, name="revise"),
    path("<int:quote_pk>/pdf/", builder.pdf, name="pdf"),
    path("<int:quote_pk>/acceptance/", builder.acceptance_record, name="acceptance_record"),
    path("<int:quote_pk>/acceptance/signed-copy/", builder.signed_copy, name="signed_copy"),
    # The customer's side, under the engagement's reference like the status page
    path("status/<str:reference>/v<int:version>/pdf/", customer.customer_pdf, name="customer_pdf"),
    path("status/<str:reference>/v<int:version>/accept/", customer.customer_accept, name="customer_accept"),
    path(
        "status/<str:reference>/v<int:version>/decline/", customer.customer_decline, name="customer_decline"
    ),
]
