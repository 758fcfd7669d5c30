"""Reads of licensing: the licence estimate, the team members, the seats Dropbox reports."""

from dataclasses import dataclass
from decimal import Decimal

from django.core.cache import cache
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from dropbox_integration.client import team_client
from dropbox_integration.retry import without_retries
from dropbox_integration.selectors import dropbox_connection_of
from engagements.errors import DomainError
from engagements.models import Engagement
from engagements.quotes.models import CustomerUser
from engagements.quotes.money import to_ore
from licensing.models import DropboxPlan, InvitationRun, LicencePlan, TeamMember

MONTHS_PER_YEAR = 12
SEATS_CACHE_SECONDS = 30


def team_member_of(*, customer_user: CustomerUser) -> TeamMember | None:
    """The user's licence row, or None while the licence plan has not listed them yet."""
    return TeamMember.objects.filter(customer_user=customer_user).first()


def team_members_of(*, engagement: Engagement) -> QuerySet[TeamMember]:
    return TeamMember.objects.filter(engagement=engagement).select_related("customer_user")


def licence_plan_of(*, engagement: Engagement) -> LicencePlan | None:
    return LicencePlan.objects.filter(engagement=engagement).select_related("plan").first()


def active_plans() -> QuerySet[DropboxPlan]:
    return DropboxPlan.objects.filter(is_active=True)


@dataclass(frozen=True)
class LicenceCost:
    """What the seats cost: per month and per year, excluding VAT, the VAT, and including it."""

    monthly: Decimal
    monthly_vat: Decimal
    monthly_total: Decimal
    yearly: Decimal
    yearly_vat: Decimal
    yearly_total: Decimal


@dataclass(frozen=True)
class LicenceEstimate:
    plan: DropboxPlan
    users: int
    buffer: int
    seats: int
    below_minimum: bool
    cost: LicenceCost


def licence_cost(*, plan: DropboxPlan, seats: int) -> LicenceCost:
    """Seats × price per user and month, rounded to öre; VAT on the sum, once, like the quote's
    money rule (engagements/quotes/money.py); a year is twelve such months."""
    monthly = to_ore(Decimal(seats) * plan.price_per_user_month)
    monthly_vat = to_ore(monthly * plan.vat_rate / Decimal(100))
    yearly = monthly * MONTHS_PER_YEAR
    yearly_vat = to_ore(yearly * plan.vat_rate / Decimal(100))
    return LicenceCost(
        monthly=monthly,
        monthly_vat=monthly_vat,
        monthly_total=monthly + monthly_vat,
        yearly=yearly,
        yearly_vat=yearly_vat,
        yearly_total=yearly + yearly_vat,
    )


def licensed_user_count(*, engagement: Engagement) -> int:
    """Users on the list who need an account: flagged so, or not yet flagged (the default is yes)."""
    users = CustomerUser.objects.filter(engagement=engagement).count()
    unlicensed = TeamMember.objects.filter(engagement=engagement, licensed=False).count()
    return users - unlicensed


def licence_estimate(*, plan: DropboxPlan, users: int, buffer: int) -> LicenceEstimate:
    """Seats = the users who need an account + the buffer; never fewer than the plan's minimum
    (below it, `below_minimum` is set and the services refuse)."""
    seats = users + buffer
    return LicenceEstimate(
        plan=plan,
        users=users,
        buffer=buffer,
        seats=seats,
        below_minimum=seats < plan.minimum_seats,
        cost=licence_cost(plan=plan, seats=seats),
    )


def licence_estimate_of(*, licence_plan: LicencePlan) -> LicenceEstimate:
    return licence_estimate(
        plan=licence_plan.plan,
        users=licensed_user_count(engagement=licence_plan.engagement),
        buffer=licence_plan.buffer_seats,
    )


def latest_invitation_run(*, engagement: Engagement) -> InvitationRun | None:
    return InvitationRun.objects.filter(engagement=engagement).order_by("-created_at", "-pk").first()


@dataclass(frozen=True)
class TeamSeats:
    """team/get_info's licence figures: bought, provisioned (invited or active), used."""

    bought: int = 0
    provisioned: int = 0
    used: int = 0
    error: str = ""


def _seats_cache_key(engagement: Engagement) -> str:
    return f"licensing-team-seats:{engagement.pk}"


def forget_team_seats(*, engagement: Engagement) -> None:
    cache.delete(_seats_cache_key(engagement))


def team_seats(*, engagement: Engagement) -> TeamSeats | None:
    """The seats from team/get_info (cached briefly), None when Dropbox is not connected, and an
    error sentence instead of an exception: the page renders whatever Dropbox answers."""
    if dropbox_connection_of(engagement=engagement) is None:
        return None
    key = _seats_cache_key(engagement)
    seats = cache.get(key)
    if seats is not None:
        return seats
    try:
        info = without_retries(team_client(engagement).team_get_info)
        seats = TeamSeats(
            bought=info.num_licensed_users,
            provisioned=info.num_provisioned_users,
            used=info.num_used_licenses,
        )
    except DomainError as error:
        seats = TeamSeats(error=error.message)
    except Exception:  # noqa: BLE001 - the page must render whatever Dropbox answers
        seats = TeamSeats(error=_("Dropbox gave an unexpected answer; the team could not be read."))
    cache.set(key, seats, SEATS_CACHE_SECONDS)
    return seats
