"""The consultant's calendar page, and the private iCalendar feed behind a secret token."""

from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from engagements import roles
from engagements.access import require_internal
from engagements.planning import ical, permissions, selectors
from engagements.planning.forms import CalendarQueryForm
from engagements.planning.models import CalendarFeed
from engagements.planning.services import calendar_feed_for, calendar_feed_regenerate, person_name
from engagements.planning.workdays import holiday_name, monday_of

WEEKS_SHOWN = 4
# The feed covers some history (so last week's sprints stay visible) and the plan ahead.
FEED_DAYS_BACK = 60
FEED_DAYS_AHEAD = 366


@login_required
@require_GET
def consultant_calendar(request):
    """Your sprints across engagements, week by week. Coordinators may look at any consultant's."""
    require_internal(request)
    person = request.user
    consultants = []
    may_plan = permissions.may_plan(request.user)
    consultant_queryset = get_user_model().objects.filter(groups__name=roles.CONSULTANT)
    if may_plan:
        consultants = list(consultant_queryset.order_by("first_name"))
    query = CalendarQueryForm(request.GET, consultants=consultant_queryset)
    query.is_valid()
    for errors in query.errors.values():
        for error in errors:
            messages.warning(request, error)
    wanted = query.cleaned_data.get("consultant")
    if wanted is not None and may_plan:
        person = wanted
    start = monday_of(query.cleaned_data.get("week") or timezone.localdate())
    end = start + timedelta(days=7 * WEEKS_SHOWN - 1)
    sprints = list(selectors.sprints_of_consultant(consultant=person, start=start, end=end))
    by_day: dict[date, list] = {}
    for sprint in sprints:
        by_day.setdefault(sprint.date, []).append(sprint)
    weeks = []
    for week in range(WEEKS_SHOWN):
        monday = start + timedelta(days=7 * week)
        # Weekends show only when something was booked on them (with an override).
        days = [
            day
            for day in (monday + timedelta(days=offset) for offset in range(7))
            if day.weekday() < 5 or day in by_day
        ]
        weeks.append(
            {
                "monday": monday,
                "number": monday.isocalendar()[1],
                "days": [{"date": d, "holiday": holiday_name(d), "sprints": by_day.get(d, [])} for d in days],
            }
        )
    own = person == request.user
    feed = calendar_feed_for(user=request.user) if own else None
    follow_ups = []
    if roles.has_role(request.user, roles.SALES):
        follow_ups = list(selectors.follow_ups_due_for_seller(seller=request.user, until=end))
    return render(
        request,
        "planning/calendar.html",
        {
            "person": person,
            "person_name": person_name(person),
            "own": own,
            "consultants": consultants,
            "weeks": weeks,
            "today": timezone.localdate(),
            "previous": start - timedelta(days=7 * WEEKS_SHOWN),
            "following": start + timedelta(days=7 * WEEKS_SHOWN),
            "feed_url": request.build_absolute_uri(reverse("planning:feed", args=[feed.token]))
            if feed
            else "",
            "follow_ups": follow_ups,
        },
    )


@login_required
@require_POST
def calendar_feed_new_token(request):
    require_internal(request)
    calendar_feed_regenerate(user=request.user)
    messages.success(request, _("Your calendar has a new address; the old one no longer works."))
    return redirect("planning:calendar")


@require_GET
def calendar_feed(request, token: str):
    """The consultant's sprints for a calendar app. The token in the URL is the only credential."""
    feed = CalendarFeed.objects.select_related("user").filter(token=token, user__is_active=True).first()
    if feed is None:
        raise Http404
    today = timezone.localdate()
    sprints = selectors.sprints_of_consultant(
        consultant=feed.user,
        start=today - timedelta(days=FEED_DAYS_BACK),
        end=today + timedelta(days=FEED_DAYS_AHEAD),
    ).exclude(status="moved")
    body = ical.consultant_calendar(sprints, name=f"Macforum · {person_name(feed.user)}")
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")
