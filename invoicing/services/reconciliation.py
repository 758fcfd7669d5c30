"""The reconciliation with the customer: the meeting's notes and outcome, and marking it done
(which freezes the figures and the PDF and sends it to the customer)."""

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from engagements.errors import DomainError
from engagements.models import Engagement
from engagements.services import audit_log
from invoicing.models import Invoice, Reconciliation
from invoicing.selectors import reconciliation_figures


class ReconciliationError(DomainError):
    pass


def _locked(engagement: Engagement) -> Reconciliation:
    Reconciliation.objects.get_or_create(engagement=engagement)
    return (
        Reconciliation.objects.select_for_update()
        .select_related("engagement__customer")
        .get(engagement=engagement)
    )


@transaction.atomic
def reconciliation_update(
    *, engagement: Engagement, meeting_on, notes: str, outcome: str, user: AbstractBaseUser
) -> Reconciliation:
    """Write down the meeting with the customer. A reconciliation marked done is not rewritten."""
    reconciliation = _locked(engagement)
    if reconciliation.done_at:
        raise ReconciliationError(
            _("The reconciliation is done and was sent to the customer; it is not changed.")
        )
    reconciliation.meeting_on = meeting_on
    reconciliation.notes = (notes or "").strip()
    reconciliation.outcome = (outcome or "").strip()
    reconciliation.full_clean()
    reconciliation.save()
    audit_log(action="reconciliation.updated", user=user, engagement=engagement)
    return reconciliation


@transaction.atomic
def reconciliation_mark_done(*, engagement: Engagement, user: AbstractBaseUser) -> Reconciliation:
    """1. Lock; refuse unless the final invoice is issued and the meeting's date and outcome are
    written. 2. Freeze the figures as they stand and render the PDF in the customer's language.
    3. After commit, e-mail it to the customer's contacts (it is on the status page too)."""
    from invoicing.pdf import reconciliation_pdf_render
    from invoicing.tasks import reconciliation_notify_customer

    reconciliation = _locked(engagement)
    if reconciliation.done_at:
        raise ReconciliationError(_("The reconciliation is already done."))
    if not Invoice.objects.filter(engagement=engagement, kind=Invoice.Kind.FINAL).exists():
        raise ReconciliationError(_("The reconciliation is done after the final invoice; issue it first."))
    if not reconciliation.meeting_on or not reconciliation.outcome:
        raise ReconciliationError(_("Write down the meeting's date and its outcome first."))
    reconciliation.figures = reconciliation_figures(engagement=engagement).as_json()
    reconciliation.done_at = timezone.now()
    reconciliation.done_by = user
    reconciliation.frozen_pdf = reconciliation_pdf_render(reconciliation=reconciliation)
    reconciliation.save()
    audit_log(action="reconciliation.done", user=user, engagement=engagement, details=reconciliation.figures)
    reconciliation_notify_customer.delay_on_commit(reconciliation.pk)
    return reconciliation
