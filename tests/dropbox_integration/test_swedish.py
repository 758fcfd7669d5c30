"""The panel speaks Swedish by default (strings from locale/parts/dropbox-connection.po).

Passes once the translation pass has merged the parts into locale/sv.
"""

from django.urls import reverse


def test_the_panel_is_in_swedish(db, engagement, coordinator, client_for, settings):
    settings.LANGUAGE_CODE = "sv"
    client = client_for(coordinator)
    page = client.get(reverse("engagements:detail", args=[engagement.pk]), HTTP_ACCEPT_LANGUAGE="sv").content
    assert "Anslut Dropbox" in page.decode()
