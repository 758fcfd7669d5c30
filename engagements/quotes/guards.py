"""Phase guards this app adds; registered in QuotesConfig.ready()."""

from django.utils.translation import gettext as _

from engagements.quotes.models import Quote


def quoted_needs_a_sent_quote(engagement) -> str | None:
    if Quote.objects.filter(
        engagement=engagement, status__in=[Quote.Status.SENT, Quote.Status.ACCEPTED]
    ).exists():
        return None
    return _("An engagement is quoted once a quote has been sent; send the quote first.")


def planning_needs_an_accepted_quote(engagement) -> str | None:
    if Quote.objects.filter(engagement=engagement, status=Quote.Status.ACCEPTED).exists():
        return None
    return _("Planning starts when the customer has accepted the quote; no version has been accepted yet.")


def migrating_needs_an_accepted_quote(engagement) -> str | None:
    """Planning already asked for it; asked again, so no way round planning skips the quote."""
    if Quote.objects.filter(engagement=engagement, status=Quote.Status.ACCEPTED).exists():
        return None
    return _(
        "The migration starts when the customer has accepted the quote; no version has been accepted yet."
    )
