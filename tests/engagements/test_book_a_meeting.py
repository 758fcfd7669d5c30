"""The public "Book a meeting" page (issue 15): a prospect's request becomes an engagement in
discovery for a seller in turn (or the one in the link), both sides are e-mailed, and abuse is
turned away without telling anyone whether the company is already a customer."""

import threading
from collections import Counter

import pytest
from django.core import mail
from django.core.cache import caches
from django.db import connection, connections, transaction
from django.test import Client
from django.urls import reverse

from engagements import roles
from engagements.booking.services import seller_next_in_turn
from engagements.models import Contact, Customer, Engagement, MeetingRequest
from engagements.phases import Phase
from tests.factories import ContactFactory, CustomerFactory, UserFactory, make_engagement

FORM = "/book-a-meeting/"
THANKS = "/book-a-meeting/thanks/"


@pytest.fixture(autouse=True)
def booking_cache(settings):
    """The rate limit's counters in this process's memory, empty for each test (with REDIS_URL set
    the setting points at Redis, whose counts would outlive the test)."""
    settings.CACHES = {
        **settings.CACHES,
        settings.BOOK_A_MEETING_CACHE: {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "book-a-meeting-tests",
        },
    }
    caches[settings.BOOK_A_MEETING_CACHE].clear()


@pytest.fixture
def eager_tasks():
    from macforum_projects.celery import app

    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = False


@pytest.fixture
def book(client, django_capture_on_commit_callbacks, eager_tasks):
    """book(**changes, seller=None) -> the response to posting the form; the e-mails run."""

    def post(seller=None, **changes):
        data = {
            "company": "Berg & Dal Redovisning AB",
            "organisation_number": "5560360793",
            "name": "Åsa Berg",
            "email": "asa@bergdal.example",
            "phone": "08-123 456 78",
            "user_count": "14",
            "data_amount": "100_500_gb",
            "file_server": "A Windows server in the office",
            "mail": "Microsoft 365",
            "hopes": "Reach our files from home.",
            "preferred_times": "Weekday mornings",
            **changes,
        }
        url = FORM + (f"?seller={seller}" if seller else "")
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, data)

    return post


def test_the_page_is_public_and_the_sign_in_page_links_to_it(client, english):
    page = client.get(FORM)
    assert page.status_code == 200
    assert "Book a meeting" in page.content.decode()
    sign_in = client.get(reverse("login")).content.decode()
    assert f'<a href="{FORM}">New customer? Book a meeting</a>' in sign_in


def test_two_requests_open_engagements_in_discovery_for_two_sellers_in_turn(book, sales, other_sales):
    first = book()
    second = book(company="Ek Arkitekter AB", organisation_number="556016-0680", email="per@ek.example")

    assert first.status_code == 302
    assert first["Location"] == THANKS
    assert second["Location"] == THANKS
    engagements = list(Engagement.objects.order_by("pk"))
    assert [e.seller for e in engagements] == [sales, other_sales]
    assert {e.phase for e in engagements} == {Phase.DISCOVERY}
    customer = engagements[0].customer
    assert (customer.name, customer.organisation_number, customer.language) == (
        "Berg & Dal Redovisning AB",
        "556036-0793",
        "sv",
    )
    contact = customer.contacts.get()
    assert (contact.name, contact.email, contact.phone, contact.is_primary) == (
        "Åsa Berg",
        "asa@bergdal.example",
        "08-123 456 78",
        True,
    )
    discovery = engagements[0].discovery
    assert (
        discovery.user_count,
        discovery.mail_provider,
        discovery.other_systems,
        discovery.expectations,
    ) == (
        14,
        "Microsoft 365",
        "A Windows server in the office",
        "Reach our files from home.",
    )
    request = engagements[0].meeting_request
    assert (request.contact, request.data_amount, request.preferred_times, request.seller_chosen) == (
        contact,
        "100_500_gb",
        "Weekday mornings",
        "turn",
    )


def test_the_turn_goes_round_and_skips_who_left_sales(book, sales, other_sales):
    third = UserFactory(username="sales3", role=roles.SALES)
    book(organisation_number="5560360793", email="a@a.example")
    other_sales.is_active = False
    other_sales.save()
    book(organisation_number="5560160680", email="b@b.example")
    book(organisation_number="5566778899", email="c@c.example")
    assert [e.seller for e in Engagement.objects.order_by("pk")] == [sales, third, sales]


def test_the_seller_named_in_the_link_gets_it_and_the_turn_stays(book, sales, other_sales, coordinator):
    book(seller="sales2")
    # A name that is not active sales staff is passed over: the next in turn takes it.
    book(seller="coordinator", organisation_number="556016-0680", email="per@ek.example")
    assert [(e.seller, e.meeting_request.seller_chosen) for e in Engagement.objects.order_by("pk")] == [
        (other_sales, "link"),
        (sales, "turn"),
    ]


def test_the_seller_and_the_prospect_are_emailed(book, sales, english, settings):
    settings.SITE_URL = "https://projekt.example"
    book(hopes="Reach our files from home.\nNo more VPN.")

    engagement = Engagement.objects.get()
    seller_mail, customer_mail = mail.outbox
    assert seller_mail.to == [sales.email]
    assert seller_mail.subject == "Meeting request from Berg & Dal Redovisning AB"
    assert seller_mail.body == (
        f"Berg & Dal Redovisning AB asked for a first call on the web. Engagement {engagement.reference} "
        "is open in discovery with you as seller.\n"
        "\n"
        "Organisation number: 556036-0793\n"
        "Contact: Åsa Berg\n"
        "E-mail: asa@bergdal.example\n"
        "Phone: 08-123 456 78\n"
        "Number of users: 14\n"
        "Roughly how much data: 100–500 GB\n"
        "Files today: A Windows server in the office\n"
        "E-mail today: Microsoft 365\n"
        "Preferred times: Weekday mornings\n"
        "Language: English\n"
        "\n"
        "What they hope for:\n"
        "Reach our files from home.\nNo more VPN.\n"
        "\n"
        f"https://projekt.example/engagements/{engagement.pk}/\n"
    )
    assert customer_mail.to == ["asa@bergdal.example"]
    assert customer_mail.subject == "We have your meeting request"
    assert customer_mail.body == (
        "Hello Åsa Berg,\n"
        "\n"
        "Thank you for asking for a first call with Macforum. One of our business advisers will "
        "contact you to agree on a time.\n"
        "\n"
        "You suggested: Weekday mornings\n"
        "\n"
        "If this request was not sent by you, you can ignore this e-mail; nothing more will come of it "
        "unless you answer us.\n"
        "\n"
        "Best regards\n"
        "Macforum\n"
    )
    assert engagement.customer.language == "en"


def test_the_sixth_request_within_the_hour_is_refused(book, sales, english):
    answers = [
        book(organisation_number=number, email=f"{n}@x.example")
        for n, number in enumerate(["5560360793", "5560160680", "5566778899", "5560360793", "5560160680"])
    ]
    assert [response.status_code for response in answers] == [302] * 5

    sixth = book(organisation_number="5566778899", email="6@x.example")

    assert sixth.status_code == 429
    assert (
        "We have received several requests from your address in a short time, so this one was not sent. "
        "Please try again later, or call us."
    ) in sixth.content.decode()
    assert Engagement.objects.count() == 5
    assert MeetingRequest.objects.count() == 5


def test_a_form_with_mistakes_does_not_count_towards_the_limit(book, sales, english):
    for _attempt in range(6):
        refused = book(organisation_number="556036-0794")
        assert refused.status_code == 400
    assert book().status_code == 302


def test_a_filled_honeypot_gets_the_same_thank_you_page_and_nothing_is_made(book, client, sales, english):
    response = book(website="https://cheap-pills.example")

    assert response.status_code == 302
    assert response["Location"] == THANKS
    assert "We have your request." in client.get(THANKS).content.decode()
    assert Engagement.objects.count() == 0
    assert Customer.objects.count() == 0
    assert mail.outbox == []


def test_a_known_organisation_number_gets_the_same_answer_and_goes_to_its_seller(
    book, client, sales, other_sales, english
):
    known = CustomerFactory(name="Berg och Dal AB", organisation_number="556036-0793")
    make_engagement(customer=known, seller=other_sales)
    ContactFactory(customer=known, email="asa@bergdal.example", name="Åsa Berg", is_primary=True)
    unknown_answer = book(organisation_number="5560160680", email="per@ek.example")

    known_answer = book(company="Berg & Dal Redovisning AB")

    assert (known_answer.status_code, known_answer["Location"]) == (
        unknown_answer.status_code,
        unknown_answer["Location"],
    )
    known.refresh_from_db()
    assert known.name == "Berg och Dal AB"  # what was typed does not change the customer
    engagement = known.engagements.latest("pk")
    assert (engagement.phase, engagement.seller) == (Phase.DISCOVERY, other_sales)
    assert engagement.meeting_request.known_customer is True
    assert engagement.meeting_request.contact == Contact.objects.get(email="asa@bergdal.example")
    assert Customer.objects.count() == 2
    # The prospect's mail reads the same as anyone's; only the seller's says the customer is known.
    to_unknown, to_known = (m for m in mail.outbox if m.to in (["per@ek.example"], ["asa@bergdal.example"]))
    assert (to_known.subject, to_known.body) == (to_unknown.subject, to_unknown.body)
    seller_mail = next(m for m in mail.outbox if m.to == [other_sales.email])
    assert (
        "The organisation number belongs to an existing customer: the request is a new engagement of "
        "that customer. The company was not told."
    ) in seller_mail.body


def test_a_known_customer_whose_seller_left_goes_to_the_next_in_turn(book, sales, english):
    former = UserFactory(username="former", role=roles.SALES)
    known = CustomerFactory(organisation_number="556036-0793")
    make_engagement(customer=known, seller=former)
    former.is_active = False
    former.save()

    book()

    engagement = known.engagements.latest("pk")
    assert (engagement.seller, engagement.meeting_request.seller_chosen) == (sales, "turn")
    assert known.contacts.get().email == "asa@bergdal.example"


def test_an_invalid_organisation_number_is_refused_with_a_sentence(book, sales, english):
    response = book(organisation_number="556036-0794")
    assert response.status_code == 400
    assert response.context["form"].errors["organisation_number"] == [
        "556036-0794 is not a valid organisation number: the check digit does not match."
    ]
    assert Engagement.objects.count() == 0


def test_without_any_seller_the_page_says_so_and_nothing_is_made(db, book, english):
    response = book()
    assert response.status_code == 503
    assert (
        "We cannot take requests on the web at the moment, and nothing was sent." in response.content.decode()
    )
    assert Customer.objects.count() == 0


def test_csrf_is_checked(sales):
    response = Client(enforce_csrf_checks=True).post(FORM, {"company": "X"})
    assert response.status_code == 403


@pytest.mark.django_db(transaction=True)
def test_requests_at_the_same_moment_are_shared_out_evenly():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises every writer; the row lock is exercised on PostgreSQL.")
    sellers = [UserFactory(username=f"seller{n}", role=roles.SALES) for n in range(3)]
    chosen: list[str] = []
    barrier = threading.Barrier(9)

    def take_one():
        try:
            barrier.wait()
            with transaction.atomic():
                chosen.append(seller_next_in_turn().username)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=take_one) for _ in range(9)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert Counter(chosen) == {seller.username: 3 for seller in sellers}
