"""Helpers of the licence tests: a user list of any length and the engagement's sandbox team."""

from dropbox_integration.models import DropboxConnection
from engagements.quotes.models import CustomerUser
from licensing.models import DropboxPlan

FIRST = ["Anna", "Bertil", "Cecilia", "David", "Eva", "Filip", "Greta", "Hugo", "Ida"]


def user_list(engagement, count: int) -> list[CustomerUser]:
    """`count` people on the discovery user list, named in a stable alphabetical order."""
    return CustomerUser.objects.bulk_create(
        CustomerUser(
            engagement=engagement,
            name=f"{FIRST[i % len(FIRST)]} Person{i:03d}",
            email=f"person{i:03d}@kund.example.se",
        )
        for i in range(count)
    )


def team_id_of(engagement) -> str:
    return DropboxConnection.objects.get(engagement=engagement).team_id


def plan(code: str = "standard") -> DropboxPlan:
    return DropboxPlan.objects.get(code=code)
