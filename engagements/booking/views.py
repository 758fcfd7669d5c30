"""The public "Book a meeting" page: no login, CSRF on, the same answer for every company."""

from dataclasses import fields

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import translation
from django.views.decorators.http import require_GET, require_http_methods

from engagements.booking.forms import HONEYPOT_FIELD, MeetingRequestForm
from engagements.booking.rate_limit import rate_limit_exceeded
from engagements.booking.services import MeetingAnswers, NoSellerError, meeting_request_book


def _too_many(request):
    return render(request, "booking/too_many.html", status=429)


def _over_the_limit(request) -> bool:
    """Each request that would book (or that fills the honeypot) counts; a form sent back with
    mistakes does not, so a person correcting a typo is not turned away."""
    return rate_limit_exceeded(
        scope="book-a-meeting",
        key=get_client_ip_address(request) or "unknown",
        limit=settings.BOOK_A_MEETING_RATE_LIMIT,
        window_seconds=settings.BOOK_A_MEETING_RATE_WINDOW_MINUTES * 60,
    )


@require_http_methods(["GET", "POST"])
def book_a_meeting(request):
    """The form. `?seller=<username>` in the link gives the request to that seller (if they are in
    sales); the form posts back to the same address, so the name travels with it."""
    form = MeetingRequestForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if request.POST.get(HONEYPOT_FIELD):
            # A robot: the page a person would see, and nothing made.
            if _over_the_limit(request):
                return _too_many(request)
            return redirect("booking:thanks")
        if form.is_valid():
            if _over_the_limit(request):
                return _too_many(request)
            answers = MeetingAnswers(**{f.name: form.cleaned_data[f.name] for f in fields(MeetingAnswers)})
            try:
                meeting_request_book(
                    answers=answers,
                    language=translation.get_language() or settings.LANGUAGE_CODE,
                    seller_username=request.GET.get("seller", "")[:150],
                )
            except ValidationError as error:
                # The service's full_clean(): beside the field it is about, else at the top.
                found = error.message_dict if hasattr(error, "error_dict") else {None: error.messages}
                for field, messages in found.items():
                    form.add_error(field if field in form.fields else None, messages)
            except NoSellerError:
                return render(request, "booking/unavailable.html", status=503)
            else:
                return redirect("booking:thanks")
    status = 400 if request.method == "POST" else 200
    return render(request, "booking/form.html", {"form": form, "honeypot": HONEYPOT_FIELD}, status=status)


@require_GET
def thanks(request):
    return render(request, "booking/thanks.html")
