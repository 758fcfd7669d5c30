"""Discovery (kartläggning): the record, file servers and user list, edited inline with htmx."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from engagements.quotes.csv_import import parse_user_csv
from engagements.quotes.forms import (
    CustomerUserForm,
    DiscoveryRecordForm,
    FileServerForm,
    UserCsvConfirmForm,
    UserCsvUploadForm,
)
from engagements.quotes.models import ScanSummary
from engagements.quotes.selectors import discovery_record_of
from engagements.quotes.services import (
    customer_user_add,
    customer_user_remove,
    customer_user_update,
    customer_users_import,
    discovery_record_update,
    file_server_add,
    file_server_remove,
    file_server_update,
)
from engagements.quotes.views.access import get_engagement_for_discovery

TEMPLATE = "quotes/discovery.html"


def _page(request, engagement, *, partial: str | None = None, status: int = 200, **extra):
    record = discovery_record_of(engagement)
    context = {
        "engagement": engagement,
        "record": record,
        "record_form": DiscoveryRecordForm(instance=record),
        "editing_record": False,
        "servers": engagement.file_servers.all(),
        "server_form": FileServerForm(),
        "people": engagement.customer_users.all(),
        "person_form": CustomerUserForm(),
        "scan": ScanSummary.objects.filter(engagement=engagement).first(),
        "editing_server": None,
        "editing_person": None,
        **extra,
    }
    if partial and request.htmx:
        # htmx swaps only 2xx answers; the partial carries the errors or the refusal itself.
        return render(request, f"{TEMPLATE}#{partial}", context)
    return render(request, TEMPLATE, context, status=status)


def _done(request, engagement, partial: str):
    if request.htmx:
        return _page(request, engagement, partial=partial)
    return redirect("quotes:discovery", pk=engagement.pk)


@login_required
def discovery(request, pk: int):
    engagement = get_engagement_for_discovery(request, pk)
    return _page(request, engagement)


@login_required
@require_http_methods(["GET", "POST"])
def discovery_record_edit(request, pk: int):
    engagement = get_engagement_for_discovery(request, pk)
    if request.method == "GET":
        return _page(request, engagement, partial="record", editing_record=True)
    form = DiscoveryRecordForm(request.POST, instance=discovery_record_of(engagement))
    if not form.is_valid():
        return _page(request, engagement, partial="record", editing_record=True, record_form=form, status=400)
    discovery_record_update(engagement=engagement, user=request.user, data=form.cleaned_data)
    return _done(request, engagement, "record")


@login_required
@require_POST
def file_server_create(request, pk: int):
    engagement = get_engagement_for_discovery(request, pk)
    form = FileServerForm(request.POST)
    if not form.is_valid():
        return _page(request, engagement, partial="servers", server_form=form, status=400)
    file_server_add(engagement=engagement, user=request.user, **form.cleaned_data)
    return _done(request, engagement, "servers")


@login_required
@require_http_methods(["GET", "POST"])
def file_server_edit(request, pk: int, server_pk: int):
    """The row becomes a form (GET); saving it (POST) changes the server and audits each field."""
    engagement = get_engagement_for_discovery(request, pk)
    server = get_object_or_404(engagement.file_servers, pk=server_pk)
    if request.method == "GET":
        edit_form = FileServerForm(instance=server)
        return _page(
            request, engagement, partial="servers", editing_server=server.pk, server_edit_form=edit_form
        )
    # The form works on its own copy, so the service still sees the stored values to audit.
    form = FileServerForm(request.POST, instance=engagement.file_servers.get(pk=server.pk))
    if form.is_valid():
        file_server_update(server=server, user=request.user, **form.cleaned_data)
        return _done(request, engagement, "servers")
    return _page(
        request, engagement, partial="servers", editing_server=server.pk, server_edit_form=form, status=400
    )


@login_required
@require_POST
def file_server_delete(request, pk: int, server_pk: int):
    engagement = get_engagement_for_discovery(request, pk)
    server = get_object_or_404(engagement.file_servers, pk=server_pk)
    file_server_remove(server=server, user=request.user)
    return _done(request, engagement, "servers")


@login_required
@require_POST
def customer_user_create(request, pk: int):
    engagement = get_engagement_for_discovery(request, pk)
    form = CustomerUserForm(request.POST)
    if form.is_valid():
        try:
            customer_user_add(engagement=engagement, user=request.user, **form.cleaned_data)
        except ValidationError as error:  # the address is on the list already (in any letter case)
            form.add_error("email", error.messages)
        else:
            return _done(request, engagement, "users")
    return _page(request, engagement, partial="users", person_form=form, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def customer_user_edit(request, pk: int, person_pk: int):
    engagement = get_engagement_for_discovery(request, pk)
    person = get_object_or_404(engagement.customer_users, pk=person_pk)
    if request.method == "GET":
        edit_form = CustomerUserForm(instance=person)
        return _page(
            request, engagement, partial="users", editing_person=person.pk, person_edit_form=edit_form
        )
    form = CustomerUserForm(request.POST, instance=engagement.customer_users.get(pk=person.pk))
    if form.is_valid():
        try:
            customer_user_update(person=person, user=request.user, **form.cleaned_data)
        except ValidationError as error:  # the address is on the list already (in any letter case)
            form.add_error("email", error.messages)
        else:
            return _done(request, engagement, "users")
    return _page(
        request, engagement, partial="users", editing_person=person.pk, person_edit_form=form, status=400
    )


@login_required
@require_POST
def customer_user_delete(request, pk: int, person_pk: int):
    engagement = get_engagement_for_discovery(request, pk)
    person = get_object_or_404(engagement.customer_users, pk=person_pk)
    customer_user_remove(person=person, user=request.user)
    return _done(request, engagement, "users")


@login_required
@require_http_methods(["GET", "POST"])
def customer_users_import_view(request, pk: int):
    """Upload → preview with every row's errors → confirm. Nothing is saved until the confirmation,
    and then all rows or none."""
    engagement = get_engagement_for_discovery(request, pk)
    template = "quotes/users_import.html"
    context = {"engagement": engagement, "upload_form": UserCsvUploadForm()}
    if request.method == "GET":
        return render(request, template, context)
    # An address is one person whatever its case: Anna@Kund.se and anna@kund.se are the same inbox.
    existing = {email.lower() for email in engagement.customer_users.values_list("email", flat=True)}
    if "csv_text" in request.POST:
        confirm = UserCsvConfirmForm(request.POST)
        text = confirm.cleaned_data["csv_text"] if confirm.is_valid() else ""
    else:
        upload = UserCsvUploadForm(request.POST, request.FILES)
        if not upload.is_valid():
            return render(request, template, {**context, "upload_form": upload}, status=400)
        text = upload.cleaned_data["file"]
        confirm = None
    parsed = parse_user_csv(text, existing_emails=existing)
    context.update(parsed=parsed, confirm_form=UserCsvConfirmForm(initial={"csv_text": text}))
    if confirm is None or not parsed.ok:
        return render(request, template, context, status=200 if parsed.ok else 400)
    try:
        with transaction.atomic():
            people = customer_users_import(
                engagement=engagement, user=request.user, rows=[row.values for row in parsed.rows]
            )
    except ValidationError:
        # Someone added one of these addresses since the preview; show the file again.
        messages.error(
            request, _("The list changed since the preview; nothing was imported. Check the rows again.")
        )
        return render(request, template, context, status=409)
    messages.success(
        request,
        ngettext("%(count)d user imported.", "%(count)d users imported.", len(people))
        % {"count": len(people)},
    )
    return redirect(reverse("quotes:discovery", args=[engagement.pk]) + "#users")
