"""Every URL of the app, every form field and query parameter its view reads, hostile values: the
answer is never a 500, and a POST answered with a form error (anything but a redirect) writes no row.

Run longer with HYPOTHESIS_PROFILE=long or FUZZ_EXAMPLES=<n> (see docs/hostile-input.md).
"""

from urllib.parse import urlencode

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from engagements import roles
from engagements.planning.services import calendar_feed_for, follow_up_create
from engagements.quotes.services import customer_user_add, file_server_add
from tests.factories import ContactFactory, CustomerFactory, UserFactory, make_engagement
from tests.planning.helpers import fill
from tests.quotes.factories import accepted_quote, draft_with_lines, sent_quote
from tests.security import fuzz_support
from tests.security.conftest import fuzz_settings
from tests.security.later_phases_world import later_phase_records

pytestmark = [
    pytest.mark.django_db,
    # Hypothesis warns that a 200,000-character example makes a long repr; that is the point of it.
    pytest.mark.filterwarnings("ignore:Generating overly large repr"),
]

ENDPOINTS = {endpoint.name: endpoint for endpoint in fuzz_support.endpoints()}
# PDFs take a second or more each to render; a few inputs show they read no parameter badly.
SLOW = {
    "quotes:pdf",
    "quotes:customer_pdf",
    "quotes:send",
    "planning:report_pdf",
    "migration:certificate",
    "training_installation:instructions",
    "training_installation:send",
    "invoicing:invoice_pdf",
    "invoicing:reconciliation_pdf",
    "invoicing:issue",
    "decommission:certificate",
}
# The later phases' URLs (and the booking form) came in one batch of about fifty; half the inputs
# each keeps the sweep near its minute while every one of them is still tried as every role.
LATER_NAMESPACES = {
    "licensing",
    "licensing_folders",
    "training",
    "training_installation",
    "decommission",
    "invoicing",
    "feedback",
    "booking",
}
ROLES = ["sales", "coordinator", "consultant", "admin_user", "customer_contact", "anonymous"]
HUGE_ID = 99999999999999999999
REDIRECTS = {301, 302, 303}
# Personal links a person opens without signing in answer their POST with a page, not a redirect:
# a 200 there is the recorded answer; any other answer must still write nothing.
SUCCESS_PAGES = {"training_installation:installed", "feedback:answer"}
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Records behind every kind of id in the URLs, made once for the module inside a transaction
    that is rolled back at its end (each test's own transaction is a savepoint inside it, so each URL
    starts from the same world). Three engagements of one customer, so its contact may see each:
    one in planning, one with a draft quote, one with a sent quote."""
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHERS), transaction.atomic():
        sales = UserFactory(username="fuzz-sales", role=roles.SALES)
        coordinator = UserFactory(username="fuzz-coordinator", role=roles.COORDINATOR)
        consultant = UserFactory(username="fuzz-consultant", role=roles.CONSULTANT)
        admin_user = UserFactory(username="fuzz-admin", is_staff=True, is_superuser=True)
        team = {"seller": sales, "coordinator": coordinator, "consultants": [consultant]}
        planning = make_engagement(customer=CustomerFactory(name="Åkesson Bygg AB"), **team)
        customer_contact = ContactFactory(customer=planning.customer, email="fuzz@kund.se").user
        without_login = ContactFactory(customer=planning.customer, email="utan-inlogg@kund.se", user=None)
        accepted_quote(planning, sales)
        planning.refresh_from_db()
        fill(planning, consultant, sprints=2, reports=1, updates=1)
        follow_up = follow_up_create(
            engagement=planning, user=coordinator, due_date=planning.created_at.date(), note="Ring"
        )
        drafting = make_engagement(customer=planning.customer, **team)
        draft = draft_with_lines(drafting, sales)
        server = file_server_add(
            engagement=drafting, user=sales, name="FS01", operating_system="Windows Server"
        )
        person = customer_user_add(engagement=drafting, user=sales, name="Åsa Öberg", email="asa@kund.se")
        quoted = make_engagement(customer=planning.customer, **team)
        sent_quote(quoted, sales)
        users = {
            "sales": sales,
            "coordinator": coordinator,
            "consultant": consultant,
            "admin_user": admin_user,
            "customer_contact": customer_contact,
            "anonymous": None,
        }
        later_kwargs, by_url = later_phase_records(
            planning,
            sales=sales,
            coordinator=coordinator,
            consultant=consultant,
            customer_contact=customer_contact,
        )
        ids = sorted(
            {user.pk for user in users.values() if user}
            | {draft.pk, server.pk, person.pk, 1}
            | {value for value in later_kwargs.values() if isinstance(value, int)}
        )
        yield {
            "users": users,
            "ids": ids,
            "planning": planning,
            "drafting": drafting,
            "quoted": quoted,
            "kwargs": {
                "quote_pk": draft.pk,
                "line_pk": draft.lines.first().pk,
                "server_pk": server.pk,
                "person_pk": person.pk,
                "sprint_pk": planning.sprints.first().pk,
                "follow_up_pk": follow_up.pk,
                "report_pk": planning.weekly_reports.first().pk,
                "version": 1,
                "token": calendar_feed_for(user=consultant).token,
                "agreement_pk": 1,
                "contact_pk": without_login.pk,
                **later_kwargs,
            },
            "by_url": by_url,
        }
        transaction.set_rollback(True)


def path_kwargs(endpoint, world, *, huge_ids: bool) -> dict:
    kwargs = {}
    for name in endpoint.kwarg_names:
        if name == "pk":
            kwargs[name] = (
                world["drafting"] if endpoint.name.startswith("quotes:") else world["planning"]
            ).pk
        elif name == "reference":
            quoted = endpoint.name.startswith("quotes:customer_")
            kwargs[name] = (world["quoted"] if quoted else world["planning"]).reference
        elif name in world["by_url"].get(endpoint.name, {}):
            kwargs[name] = world["by_url"][endpoint.name][name]
        elif name in world["kwargs"]:
            kwargs[name] = world["kwargs"][name]
        else:
            raise LookupError(f"{endpoint.name}: no record for the URL's <{name}>; add one to `world`")
        if huge_ids and isinstance(kwargs[name], int):
            kwargs[name] = HUGE_ID
    return kwargs


def params_strategy(endpoint, ids):
    """Any of the view's parameters (sometimes repeated), each with a plausible or hostile value."""
    return st.fixed_dictionaries(
        {},
        optional={
            name: st.lists(
                fuzz_support.value_for(endpoint.form_fields.get(name), ids), min_size=1, max_size=2
            )
            for name in endpoint.params
        },
    )


def file_fields(endpoint) -> list[str]:
    return [name for name, field in endpoint.form_fields.items() if isinstance(field, forms.FileField)]


def test_the_fuzz_knows_every_url():
    """A URL the sweep cannot fill in would be skipped silently; this says which."""
    assert len(ENDPOINTS) > 60
    assert {"planning:calendar", "quotes:customer_users_import", "engagements:list"} <= set(ENDPOINTS)
    assert {"feedback:answer", "invoicing:invoice_pdf", "training_installation:installed"} <= set(ENDPOINTS)


@pytest.mark.parametrize("name", sorted(ENDPOINTS))
def test_hostile_input_never_gives_a_500_nor_half_a_record(name, world):
    endpoint = ENDPOINTS[name]
    client = Client()
    uploads = file_fields(endpoint)
    settings = fuzz_settings()
    if name in SLOW:
        settings = type(settings)(settings, max_examples=min(3, settings.max_examples))
    elif name.split(":")[0] in LATER_NAMESPACES:
        settings = type(settings)(settings, max_examples=max(3, settings.max_examples // 2))

    @settings
    @given(
        role=st.sampled_from(ROLES),
        method=st.sampled_from(["GET", "POST"]),
        huge_ids=st.sampled_from([False, False, False, True]),
        query=params_strategy(endpoint, world["ids"]),
        body=params_strategy(endpoint, world["ids"]),
        files=st.fixed_dictionaries({upload: fuzz_support.file_bytes for upload in uploads}),
    )
    def attempt(role, method, huge_ids, query, body, files):
        user = world["users"][role]
        client.logout()
        if user is not None:
            client.force_login(user)
        url = reverse(name, kwargs=path_kwargs(endpoint, world, huge_ids=huge_ids))
        fuzz_support.TALLY.inputs += 1
        fuzz_support.TALLY.endpoints.add(name)
        fuzz_support.TALLY.params.update(f"{name}?{key}" for key in (*query, *body))
        if method == "GET":
            response = client.get(url, query)
        else:
            before = fuzz_support.row_counts()
            data = {**body, **{key: SimpleUploadedFile("users.csv", data) for key, data in files.items()}}
            response = client.post(f"{url}?{urlencode(query, doseq=True)}", data)
            succeeded = response.status_code in REDIRECTS or (
                name in SUCCESS_PAGES and response.status_code == 200
            )
            if not succeeded:
                fuzz_support.TALLY.form_errors += 1
                assert fuzz_support.row_counts() == before, (
                    f"{name} answered {response.status_code} but wrote rows"
                )
        assert response.status_code < 500

    attempt()
