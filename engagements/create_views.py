"""Opening an engagement and inviting the customer's contacts: sales and coordinators."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from engagements import roles
from engagements.access import get_engagement_for_staff, require_internal
from engagements.errors import DomainError
from engagements.forms import NewContactFormSet, NewEngagementForm
from engagements.models import Contact
from engagements.services import NewContact, NewCustomer, contact_invite, engagement_create


def _require_opener(request) -> None:
    require_internal(request)
    if not roles.may_open_engagements(request.user):
        raise PermissionDenied


def _add_service_errors(form, error: ValidationError) -> None:
    """The service's full_clean() errors beside their fields; the rest at the top of the form."""
    for field, field_messages in error.message_dict.items():
        form.add_error(field if field in form.fields else None, field_messages)


@login_required
def engagement_new(request):
    """The "New engagement" page: customer (picked or new), contacts, seller, coordinator, title."""
    _require_opener(request)
    initial = {"seller": request.user.pk} if roles.has_role(request.user, roles.SALES) else {}
    form = NewEngagementForm(request.POST or None, initial=initial)
    contacts = NewContactFormSet(request.POST or None, prefix="contacts")
    if request.method == "POST":
        if form.is_valid() and contacts.is_valid():
            new_contacts = [
                NewContact(**{key: form_.cleaned_data[key] for key in ("name", "email", "phone", "role")})
                for form_ in contacts.forms
                if form_.is_filled
            ]
            data = form.cleaned_data
            customer = data["customer"]
            if customer is None and not new_contacts:
                form.add_error(None, _("Give at least one contact at the new customer."))
            else:
                if customer is None:
                    customer = NewCustomer(
                        **{key: data[key] for key in (*NewEngagementForm.NEW_CUSTOMER_FIELDS, "language")}
                    )
                try:
                    engagement = engagement_create(
                        customer=customer,
                        title=data["title"],
                        seller=data["seller"],
                        coordinator=data["coordinator"],
                        planned_start=data["planned_start"],
                        planned_end=data["planned_end"],
                        new_contacts=new_contacts,
                        user=request.user,
                    )
                except ValidationError as error:
                    _add_service_errors(form, error)
                else:
                    messages.success(
                        request,
                        _("Engagement %(reference)s is opened for %(customer)s.")
                        % {"reference": engagement.reference, "customer": engagement.customer.name},
                    )
                    return redirect(engagement)
    status = 400 if request.method == "POST" else 200
    return render(request, "engagements/new.html", {"form": form, "contacts": contacts}, status=status)


@login_required
@require_POST
def contact_invite_view(request, pk: int, contact_pk: int):
    """ "Invite": a login for a contact of this engagement's customer and a one-time sign-in link."""
    engagement = get_engagement_for_staff(request, pk)
    if not roles.may_open_engagements(request.user):
        raise PermissionDenied
    contact = get_object_or_404(Contact, pk=contact_pk, customer_id=engagement.customer_id)
    had_login = contact.user_id is not None
    try:
        contact_invite(contact=contact, engagement=engagement, user=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        if had_login:
            message = _("A new sign-in link is on its way to %(email)s.")
        else:
            message = _("%(name)s has a login now; a sign-in link is on its way to %(email)s.")
        messages.success(request, message % {"name": contact.name, "email": contact.email})
    return redirect(engagement)
