"""The later phases' part of the fuzz's world: a record behind every kind of id their URLs take
(licensing's folders, training sessions, support requests and installations, decommissioned assets
and their media, invoices and change orders, the survey's link), all made through the apps' own
services on the planning engagement, whose customer's contact the fuzz signs in as."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from decommission.models import MediumKind
from decommission.services import asset_save, medium_add
from engagements.planning.models import Slot
from engagements.planning.workdays import next_working_day
from engagements.quotes.models import CustomerUser
from feedback.services import survey_link_token, survey_send
from invoicing.services.change_orders import change_order_propose
from invoicing.services.invoices import invoice_issue_advance
from licensing.folders.models import FolderJob
from licensing.folders.services import folder_plan_get_or_create, planned_folder_add
from training.installation.models import OperatingSystem
from training.installation.services import (
    installation_add,
    installation_instructions_send,
    installed_link_url,
)
from training.models import Delivery, SupportTopic, TrainingFormat, Urgency
from training.services import training_session_create
from training.support import support_request_submit


def later_phase_records(engagement, *, sales, coordinator, consultant, customer_contact) -> tuple[dict, dict]:
    """(kwargs every URL may take, kwargs that differ by URL: "token", "kind" and "number" name a
    different record in different apps)."""
    person = CustomerUser.objects.create(
        engagement=engagement, name="Örjan Åberg", email="orjan@kund.se", operating_system="macOS 14"
    )
    folder = planned_folder_add(
        plan=folder_plan_get_or_create(engagement=engagement), name="Ekonomi", user=consultant
    )
    day = next_working_day(timezone.localdate() + timedelta(days=200))
    session = training_session_create(
        engagement=engagement,
        user=coordinator,
        trainer=consultant,
        training_format=TrainingFormat.FULL_DAY,
        delivery=Delivery.ON_SITE,
        place="Storgatan 12, Umeå",
        days=[(day, Slot.FULL_DAY)],
        attendees=[person],
        override_reason="Fuzz world: one session.",
    )
    support_request = support_request_submit(
        engagement=engagement,
        user=customer_contact,
        requester_name="Örjan",
        topic=SupportTopic.FILES,
        description="Var är mina filer?",
        urgency=Urgency.NORMAL,
    )
    installation = installation_add(customer_user=person, user=consultant)
    # Sent, so its link is live (the nonce is set on sending).
    installation = installation_instructions_send(installation=installation, user=consultant)
    asset = asset_save(engagement=engagement, user=coordinator, name="FS01", serial="CZJ1234")
    medium = medium_add(asset=asset, user=coordinator, kind=MediumKind.DISK, serial="WD-AAA111", size_gb=2000)
    invoice = invoice_issue_advance(engagement=engagement, user=sales)
    order = change_order_propose(
        engagement=engagement,
        description="Skrivare",
        amount=Decimal("4500"),
        vat_rate=Decimal("25"),
        user=sales,
    )
    survey = survey_send(
        engagement=engagement,
        final_invoice_at=timezone.now() - timedelta(days=60),
        today=timezone.localdate(),
    )
    invitation = survey.invitations.get(contact__user=customer_contact)
    common = {
        "folder_pk": folder.pk,
        "session_pk": session.pk,
        "request_pk": support_request.pk,
        "item_pk": installation.pk,
        "operating_system": OperatingSystem.MACOS,
        "asset_pk": asset.pk,
        "medium_pk": medium.pk,
    }
    by_url = {
        "licensing_folders:job_start": {"kind": FolderJob.Kind.VERIFY},
        "training_installation:installed": {
            "token": installed_link_url(installation).rstrip("/").rsplit("/", 1)[-1]
        },
        "invoicing:issue": {"kind": "final"},
        "invoicing:invoice_pdf": {"number": invoice.number},
        "invoicing:change_order_withdraw": {"number": order.number},
        "invoicing:change_order_approve": {"number": order.number},
        "invoicing:change_order_decline": {"number": order.number},
        "feedback:answer": {"token": survey_link_token(invitation)},
    }
    return common, by_url
