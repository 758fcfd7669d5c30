"""Plain-text e-mails carry names as they are written: "Berg & Co", not "Berg &amp; Co"."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail

from engagements.quotes.services import quote_accept, quote_send

NAME = 'Berg & Co "Söner" <AB>'
TITLE = "Filer & mappar i 'molnet'"


@pytest.fixture
def eager_tasks():
    from macforum_projects.celery import app

    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = False


@pytest.fixture
def berg(engagement, customer_contact):
    engagement.customer.name = NAME
    engagement.customer.language = "en"
    engagement.customer.save()
    engagement.title = TITLE
    engagement.save()
    return engagement


def test_the_quote_sent_mail_and_the_sellers_answer_mail_are_not_html_escaped(
    berg, draft, sales, customer_contact, django_capture_on_commit_callbacks, eager_tasks
):
    with django_capture_on_commit_callbacks(execute=True):
        quote_send(quote=draft, user=sales)
    [sent_mail] = mail.outbox
    assert sent_mail.body.startswith(f"Hello {NAME},\n\nOur quote for “{TITLE}” is ready.")
    assert sent_mail.subject == f"Our quote {berg.reference}, version 1"

    with django_capture_on_commit_callbacks(execute=True):
        quote_accept(quote=draft, name="Anna O'Neil & Partner", ip=None, user=customer_contact)
    answer_mail = mail.outbox[1]
    # Staff read Swedish, the default language.
    assert answer_mail.subject == f"Offert {berg.reference} v1 godkänd av {NAME}"
    assert answer_mail.body.startswith(f"Anna O'Neil & Partner på {NAME} har godkänt")


def test_a_line_break_in_the_customers_name_does_not_stop_the_mail(
    berg, draft, sales, customer_contact, django_capture_on_commit_callbacks, eager_tasks
):
    berg.customer.name = "Berg\n& Co"
    berg.customer.save()
    quote_send(quote=draft, user=sales)
    with django_capture_on_commit_callbacks(execute=True):
        quote_accept(quote=draft, name="Anna", ip=None, user=customer_contact)
    [answer_mail] = mail.outbox
    assert answer_mail.subject == f"Offert {berg.reference} v1 godkänd av Berg & Co"


def test_every_plain_text_mail_template_turns_html_escaping_off():
    templates = Path(settings.BASE_DIR) / "templates"
    plain = [*templates.glob("*/email/*.txt"), templates / "registration" / "login_link_email.txt"]
    assert len(plain) >= 7
    assert [path.name for path in plain if "{% autoescape off %}" not in path.read_text()] == []
