"""The audit of actions taken on an engagement's Dropbox: a page and a CSV, for staff on the engagement."""

import io

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from dropbox_integration.selectors import dropbox_actions_of
from engagements.access import get_engagement_for_staff
from engagements.csv_safe import csv_writer

PAGE_SIZE = 100


@login_required
@require_GET
def actions(request, pk: int):
    engagement = get_engagement_for_staff(request, pk)
    page = Paginator(dropbox_actions_of(engagement=engagement), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "dropbox_integration/actions.html", {"engagement": engagement, "page": page})


@login_required
@require_GET
def actions_csv(request, pk: int):
    """Every action, oldest first, for a spreadsheet (formula cells neutralised by csv_safe)."""
    engagement = get_engagement_for_staff(request, pk)
    buffer = io.StringIO()
    writer = csv_writer(buffer)
    writer.writerow(
        [
            _("When"),
            _("Engagement"),
            _("Who"),
            _("Action"),
            _("Target"),
            _("Result"),
            _("Reason"),
            _("Detail"),
        ]
    )
    for action in dropbox_actions_of(engagement=engagement).order_by("at", "pk").iterator(chunk_size=2000):
        writer.writerow(
            [
                timezone.localtime(action.at).isoformat(timespec="seconds"),
                action.engagement_reference,
                action.user_name,
                action.action,
                action.target,
                action.get_result_display(),
                action.reason,
                ", ".join(f"{key}={value}" for key, value in action.detail.items()),
            ]
        )
    # A byte-order mark, so Excel reads the file as UTF-8 (å, ä, ö).
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="dropbox-actions-{engagement.reference}.csv"'
    return response
