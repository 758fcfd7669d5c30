"""Reads of training and support for pages, guards, the weekly report and other apps."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db.models import Count, Prefetch, QuerySet
from django.utils import timezone

from engagements.quotes.models import CustomerUser
from licensing.folders.selectors import go_live_at
from migration.selectors import top_level_folders, untouched_bytes_by_top_folder
from training.models import (
    Attendance,
    OnlineOnlyChoice,
    SupportRequest,
    SupportStatus,
    TrainingDay,
    TrainingFormat,
    TrainingSession,
)

UNTOUCHED_AFTER = timedelta(days=365)


def sessions_of(engagement) -> QuerySet[TrainingSession]:
    """The engagement's sessions that are not cancelled, with their days and attendees: three queries."""
    return (
        TrainingSession.objects.filter(engagement=engagement, cancelled_at__isnull=True)
        .select_related("trainer")
        .prefetch_related(
            Prefetch(
                "days",
                queryset=TrainingDay.objects.select_related("sprint").order_by("position"),
            ),
            "attendees",
        )
        .order_by("pk")
    )


def _trained_ids(customer_users: QuerySet) -> set[int]:
    """The people who attended every day of one (not cancelled) session: one query."""
    rows = (
        Attendance.objects.filter(
            customer_user__in=customer_users, attended=True, day__session__cancelled_at__isnull=True
        )
        .values("customer_user", "day__session", "day__session__format")
        .order_by()
        .annotate(days=Count("pk"))
    )
    return {
        row["customer_user"]
        for row in rows
        if row["days"] >= (2 if row["day__session__format"] == TrainingFormat.TWO_HALF_DAYS else 1)
    }


def trained_user_ids(*, engagement) -> set[int]:
    return _trained_ids(CustomerUser.objects.filter(engagement=engagement))


def training_attended(*, customer_user) -> bool:
    """The person attended their training: the whole day, or both half days of one session."""
    return customer_user.pk in _trained_ids(CustomerUser.objects.filter(pk=customer_user.pk))


def untrained_users(*, engagement) -> list[CustomerUser]:
    trained = trained_user_ids(engagement=engagement)
    return [user for user in CustomerUser.objects.filter(engagement=engagement) if user.pk not in trained]


def session_dates(session: TrainingSession) -> list[date]:
    return [day.sprint.date for day in session.days.all()]


def attendance_of(session: TrainingSession) -> dict[tuple[int, int], bool]:
    """(day id, customer user id) -> attended, for the session's attendance sheet: one query."""
    return {
        (row.day_id, row.customer_user_id): row.attended
        for row in Attendance.objects.filter(day__session=session).only("day", "customer_user", "attended")
    }


@dataclass(frozen=True)
class Absentee:
    customer_user: CustomerUser
    session: TrainingSession
    catch_up: TrainingSession | None  # the next session with a free seat; None: a short remote session


def absentees(*, engagement, today: date) -> list[Absentee]:
    """Attendees of sessions that are over who are still not trained, each with a catch-up suggestion."""
    sessions = list(sessions_of(engagement))
    trained = trained_user_ids(engagement=engagement)
    upcoming = [s for s in sessions if session_dates(s) and min(session_dates(s)) > today]
    result, seen = [], set()
    for session in sessions:
        dates = session_dates(session)
        if not dates or max(dates) >= today:
            continue
        for person in session.attendees.all():
            if person.pk in trained or person.pk in seen:
                continue
            seen.add(person.pk)
            catch_up = next(
                (s for s in upcoming if len(s.attendees.all()) < settings.TRAINING_GROUP_SIZE), None
            )
            result.append(Absentee(customer_user=person, session=session, catch_up=catch_up))
    return result


def training_dates(*, engagement) -> list:
    """The sprints of the engagement's training days, in date order (for the status page)."""
    days = TrainingDay.objects.filter(
        session__engagement=engagement, session__cancelled_at__isnull=True
    ).select_related("sprint__consultant", "session")
    return sorted(days, key=lambda d: (d.sprint.date, d.sprint.slot != "morning"))


@dataclass(frozen=True)
class FolderAdvice:
    name: str
    bytes: int
    untouched_bytes: int
    percent_untouched: int
    recommended: bool  # the computed advice
    online_only: bool  # the advice after the consultant's choice
    adjusted: bool


def online_only_advice(*, engagement, now: datetime | None = None) -> list[FolderAdvice]:
    """Each top folder's share of bytes untouched for over a year, and whether to keep it online-only.

    1. The folders and their sizes from the discovery scan (migration's selectors).
    2. The bytes of files last modified over a year ago, per top folder.
    3. Advised when that share is at least TRAINING_ONLINE_ONLY_PERCENT; a consultant's choice wins.
    """
    now = now or timezone.now()
    cutoff_ns = int((now - UNTOUCHED_AFTER).timestamp() * 1_000_000_000)
    untouched = untouched_bytes_by_top_folder(engagement, modified_before_ns=cutoff_ns)
    choices = dict(
        OnlineOnlyChoice.objects.filter(engagement=engagement).values_list("folder", "online_only")
    )
    advice = []
    for folder in sorted(top_level_folders(engagement), key=lambda f: f["name"].casefold()):
        size = folder["bytes"]
        old = min(untouched.get(folder["name"], 0), size) if size else 0
        percent = round(100 * old / size) if size else 0
        recommended = bool(size) and percent >= settings.TRAINING_ONLINE_ONLY_PERCENT
        chosen = choices.get(folder["name"])
        advice.append(
            FolderAdvice(
                name=folder["name"],
                bytes=size,
                untouched_bytes=old,
                percent_untouched=percent,
                recommended=recommended,
                online_only=recommended if chosen is None else chosen,
                adjusted=chosen is not None and chosen != recommended,
            )
        )
    return advice


@dataclass(frozen=True)
class SupportWindow:
    start: date
    end: date  # the last day of support

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def has_ended(self, today: date) -> bool:
        return today > self.end


def support_window(*, engagement) -> SupportWindow | None:
    """From go-live (the first release of folder access) for SUPPORT_WINDOW_DAYS days; None before."""
    started = go_live_at(engagement=engagement)
    if started is None:
        return None
    start = timezone.localdate(started)
    return SupportWindow(start=start, end=start + timedelta(days=settings.SUPPORT_WINDOW_DAYS - 1))


def support_requests_of(engagement) -> QuerySet[SupportRequest]:
    return SupportRequest.objects.filter(engagement=engagement).select_related("answered_by")


def support_figures(*, engagement, window: SupportWindow) -> dict:
    """Requests within the window by topic, open items and minutes spent: two queries."""
    requests = SupportRequest.objects.filter(engagement=engagement, within_window=True)
    by_topic = dict(
        requests.values("topic").order_by("topic").annotate(n=Count("pk")).values_list("topic", "n")
    )
    rows = list(requests.values_list("status", "minutes_spent"))
    return {
        "by_topic": by_topic,
        "total": len(rows),
        "open": sum(1 for status, _m in rows if status == SupportStatus.OPEN),
        "minutes": sum(minutes for _s, minutes in rows),
        "start": window.start.isoformat(),
        "end": window.end.isoformat(),
    }


def sessions_ordered_by_first_day(engagement) -> list[TrainingSession]:
    return sorted(sessions_of(engagement), key=lambda s: min(session_dates(s), default=date.max))
