"""Who gets the decommissioning page, its actions and the certificate: coordinators and the
engagement's consultants edit, its seller sees, other consultants 404; the customer's own contacts
get 403 on staff pages and the signed certificate from the status page; another customer's
contact gets 404 on every page, action and PDF."""

import pytest
from django.urls import reverse

from decommission.models import Asset
from decommission.services import asset_save
from engagements.models import Engagement
from tests.decommission.helpers import decommissioned

pytestmark = pytest.mark.usefixtures("english", "no_grace")


def _posts(engagement, asset, medium):
    pk = engagement.pk
    return [
        (reverse("decommission:assets_import", args=[pk]), {}),
        (reverse("decommission:asset_add", args=[pk]), {"name": "NAS"}),
        (reverse("decommission:asset_edit", args=[pk, asset.pk]), {"name": "FS01"}),
        (
            reverse("decommission:medium_add", args=[pk, asset.pk]),
            {"kind": "disk", "serial": "X", "size_gb": "10"},
        ),
        (reverse("decommission:asset_end", args=[pk, asset.pk]), {"end": "reuse"}),
        (
            reverse("decommission:custody_add", args=[pk, asset.pk]),
            {"taken_by": "X", "taken_at": "2026-01-01 10:00"},
        ),
        (reverse("decommission:asset_appraise", args=[pk, asset.pk]), {"residual_value": "10"}),
        (
            reverse("decommission:medium_plan", args=[pk, medium.pk]),
            {"method": "clear", "technique": "overwrite"},
        ),
        (reverse("decommission:medium_sanitise", args=[pk, medium.pk]), {}),
        (reverse("decommission:early_waive", args=[pk]), {"reason": "Switched off."}),
        (reverse("decommission:waive", args=[pk]), {"reason": "Kept by the customer."}),
        (reverse("decommission:certificate_sign", args=[pk]), {}),
        (reverse("decommission:credit_issue", args=[pk]), {}),
    ]


@pytest.fixture
def urls(server):
    engagement = server.engagement
    medium = server.media.first()
    return {
        "page": reverse("decommission:page", args=[engagement.pk]),
        "certificate": reverse("decommission:certificate", args=[engagement.pk]),
        "posts": _posts(engagement, server, medium),
    }


@pytest.mark.parametrize("who", ["coordinator", "consultant"])
def test_coordinators_and_the_engagements_consultants_edit(request, client_for, urls, server, who):
    client = client_for(request.getfixturevalue(who))

    page = client.get(urls["page"])
    assert page.status_code == 200
    assert b"Add a storage medium" in page.content

    response = client.post(*urls["posts"][1], follow=True)
    assert response.status_code == 200
    assert [str(message) for message in response.context["messages"]] == ["Asset saved."]
    assert Asset.objects.filter(engagement=server.engagement, name="NAS").exists()
    assert client.get(urls["certificate"]).status_code == 200  # the draft preview


def test_the_seller_sees_but_does_not_edit(client_for, sales, urls):
    client = client_for(sales)

    page = client.get(urls["page"])
    assert page.status_code == 200
    assert b"Add a storage medium" not in page.content
    for url, data in urls["posts"]:
        assert client.post(url, data).status_code == 403, url


def test_a_consultant_of_another_engagement_gets_404(client_for, other_consultant, urls):
    client = client_for(other_consultant)

    assert client.get(urls["page"]).status_code == 404
    assert client.get(urls["certificate"]).status_code == 404
    for url, data in urls["posts"]:
        assert client.post(url, data).status_code == 404, url


def test_the_customers_own_contact_gets_403_on_staff_pages_and_404_on_an_unsigned_certificate(
    client_for, customer_contact, urls
):
    client = client_for(customer_contact)

    assert client.get(urls["page"]).status_code == 403
    assert client.get(urls["certificate"]).status_code == 404
    for url, data in urls["posts"]:
        assert client.post(url, data).status_code == 403, url


def test_another_customers_contact_gets_404_everywhere_even_once_signed(
    client_for, other_customer_contact, urls, server, consultant
):
    decommissioned(server, consultant)
    client = client_for(other_customer_contact)

    assert client.get(urls["page"]).status_code == 404
    assert client.get(urls["certificate"]).status_code == 404
    for url, data in urls["posts"]:
        assert client.post(url, data).status_code == 404, url
    status = reverse("engagements:status", args=[server.engagement.reference])
    assert client.get(status).status_code == 404


def test_the_customer_downloads_the_signed_certificate_from_the_status_page(
    client_for, customer_contact, server, consultant
):
    record = decommissioned(server, consultant)
    client = client_for(customer_contact)

    status = client.get(reverse("engagements:status", args=[server.engagement.reference]))
    url = reverse("decommission:certificate", args=[server.engagement.pk])
    assert status.status_code == 200
    assert f'href="{url}"'.encode() in status.content
    pdf = client.get(url)
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content == bytes(record.certificate_pdf)


def test_an_asset_of_another_engagement_is_404(client_for, coordinator, server, other_customer_contact):
    other = Engagement.objects.exclude(pk=server.engagement.pk).get()
    foreign = asset_save(engagement=other, user=coordinator, name="Theirs")
    client = client_for(coordinator)

    url = reverse("decommission:asset_edit", args=[server.engagement.pk, foreign.pk])
    assert client.post(url, {"name": "Mine now"}).status_code == 404
    foreign.refresh_from_db()
    assert foreign.name == "Theirs"


def test_hostile_input_gets_a_message_not_a_500(client_for, coordinator, server):
    client = client_for(coordinator)
    pk, asset = server.engagement.pk, server
    medium = server.media.first()

    cases = [
        (
            reverse("decommission:medium_add", args=[pk, asset.pk]),
            {"kind": "floppy", "serial": "", "size_gb": "-1"},
        ),
        (
            reverse("decommission:medium_plan", args=[pk, medium.pk]),
            {"method": "clear", "technique": "shred"},
        ),
        (
            reverse("decommission:medium_sanitise", args=[pk, medium.pk]),
            {"technician": "99999", "sanitised_on": "x"},
        ),
        (
            reverse("decommission:custody_add", args=[pk, asset.pk]),
            {"taken_by": "X", "taken_at": "not a date"},
        ),
        (reverse("decommission:asset_appraise", args=[pk, asset.pk]), {"residual_value": "-5"}),
        (reverse("decommission:asset_end", args=[pk, asset.pk]), {"end": "weee"}),
    ]
    for url, data in cases:
        response = client.post(url, data, follow=True)
        assert response.status_code == 200, url
        levels = [message.level_tag for message in response.context["messages"]]
        assert levels == ["error"], (url, levels)
