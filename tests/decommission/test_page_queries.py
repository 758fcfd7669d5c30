"""The decommissioning page's query count does not grow with the equipment."""

import pytest
from django.urls import reverse

from decommission.services import asset_save, medium_add

pytestmark = pytest.mark.usefixtures("english")


def test_more_assets_and_media_cost_no_more_queries(
    client_for, coordinator, server, django_assert_max_num_queries
):
    client = client_for(coordinator)
    url = reverse("decommission:page", args=[server.engagement.pk])
    client.get(url)
    for number in range(4):
        asset = asset_save(engagement=server.engagement, user=coordinator, name=f"Extra {number}")
        for disk in range(3):
            medium_add(asset=asset, user=coordinator, kind="disk", serial=f"E{number}-{disk}", size_gb=100)

    with django_assert_max_num_queries(30):
        response = client.get(url)
    assert response.status_code == 200
    assert response.content.count(b'id="medium-') == 3 + 4 * 3
