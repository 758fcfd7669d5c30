"""The invoice and the reconciliation as PDFs, through the project's one renderer
(engagements.pdf.render_pdf) and the quote's stylesheet, in the customer's language. Both are
rendered once, when issued or marked done, and their bytes are kept."""

from django.template.loader import render_to_string
from django.utils import timezone, translation

from engagements.pdf import LOGO, company, render_pdf
from engagements.quotes.money import quote_totals
from engagements.quotes.pdf import STYLESHEET
from invoicing.models import Invoice, Reconciliation
from invoicing.selectors import ReconciliationFigures


def invoice_pdf_html(*, invoice: Invoice) -> str:
    engagement = invoice.engagement
    lines = list(invoice.lines.order_by("position", "pk"))
    with translation.override(invoice.language):
        return render_to_string(
            "invoicing/pdf/invoice.html",
            {
                "invoice": invoice,
                "engagement": engagement,
                "customer": engagement.customer,
                "contact": engagement.customer.contacts.first(),
                "lines": lines,
                "totals": quote_totals(lines),
                "company": company(),
                "logo_url": LOGO.as_uri(),
                "issued_on": timezone.localdate(invoice.issued_at),
            },
        )


def invoice_pdf_render(*, invoice: Invoice) -> bytes:
    return render_pdf(invoice_pdf_html(invoice=invoice), stylesheets=(STYLESHEET,))


def reconciliation_pdf_html(*, reconciliation: Reconciliation) -> str:
    engagement = reconciliation.engagement
    with translation.override(engagement.customer.language):
        return render_to_string(
            "invoicing/pdf/reconciliation.html",
            {
                "reconciliation": reconciliation,
                "figures": ReconciliationFigures.from_json(reconciliation.figures),
                "invoices": list(
                    Invoice.objects.filter(engagement=engagement).defer("frozen_pdf").order_by("number")
                ),
                "engagement": engagement,
                "customer": engagement.customer,
                "company": company(),
                "logo_url": LOGO.as_uri(),
                "done_on": timezone.localdate(reconciliation.done_at),
            },
        )


def reconciliation_pdf_render(*, reconciliation: Reconciliation) -> bytes:
    return render_pdf(reconciliation_pdf_html(reconciliation=reconciliation), stylesheets=(STYLESHEET,))
