"""Benchmark: planning's pages stay at a fixed number of queries as rows grow; booking cost.

    .venv/bin/python bench/planning_pages.py [--sizes 1,10,100,300] [--repeat 5] [--bookings 200]

Uses a throw-away SQLite database (its own MACFORUM_VAR_DIR, removed afterwards). For each size
n it adds 2n sprints, n sent weekly reports and n status updates to one engagement and times,
as the customer and the consultant, the customer's status page, the coordinator's plan page
and the consultant's calendar (median of --repeat requests, queries counted). The first size is
the baseline: a page whose queries grew with its rows would show it in the queries column.

Then it books --bookings sprints one by one through `sprint_create` (every rule checked: overlap,
weekend, holiday, planned dates; a row lock per consultant) and, as the baseline in the same
run, inserts as many rows with one `bulk_create` and no checks.
"""

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="1,10,100,300")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--bookings", type=int, default=200)
    options = parser.parse_args()
    sizes = [int(size) for size in options.sizes.split(",")]

    workdir = Path(tempfile.mkdtemp(prefix="bench-planning-"))
    os.environ["MACFORUM_VAR_DIR"] = str(workdir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "macforum_projects.settings")
    os.environ.setdefault("DEBUG", "true")
    try:
        run(sizes=sizes, repeat=options.repeat, bookings=options.bookings)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def run(*, sizes: list[int], repeat: int, bookings: int) -> None:
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    settings.ALLOWED_HOSTS = ["*"]
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("migrate", verbosity=0)

    from engagements import roles
    from engagements.planning.models import Slot, Sprint
    from engagements.planning.services import sprint_create
    from engagements.planning.workdays import is_working_day
    from tests.factories import ContactFactory, CustomerFactory, UserFactory, make_engagement
    from tests.planning.helpers import fill

    coordinator = UserFactory(username="bench-coordinator", role=roles.COORDINATOR)
    consultant = UserFactory(username="bench-consultant", role=roles.CONSULTANT)
    engagement = make_engagement(
        customer=CustomerFactory(name="Bänk AB"),
        coordinator=coordinator,
        consultants=[consultant],
        planned_start=date(2027, 1, 4),
        planned_end=date(2027, 12, 17),
    )
    contact = ContactFactory(customer=engagement.customer, email="bench@kund.example").user
    clients = {}
    for user in (contact, coordinator, consultant):
        clients[user.pk] = Client()
        clients[user.pk].force_login(user)
    pages = [
        ("status page (customer)", contact, reverse("engagements:status", args=[engagement.reference])),
        ("plan page (coordinator)", coordinator, reverse("planning:engagement", args=[engagement.pk])),
        ("calendar (consultant)", consultant, reverse("planning:calendar")),
    ]

    print(f"{'page':<26}{'rows n':>8}{'sprints':>9}{'queries':>9}{'median ms':>11}")
    added = 0
    for size in sizes:
        fill(
            engagement,
            consultant,
            sprints=2 * (size - added),
            reports=size - added,
            updates=size - added,
            offset=added,
        )
        added = size
        for label, user, url in pages:
            client = clients[user.pk]
            client.get(url)  # warm caches (templates, the feed row)
            timings = []
            for _ in range(repeat):
                with CaptureQueriesContext(connection) as queries:
                    started = time.perf_counter()
                    response = client.get(url)
                    timings.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200, (url, response.status_code)
            print(f"{label:<26}{size:>8}{2 * size:>9}{len(queries):>9}{statistics.median(timings):>11.1f}")

    Sprint.objects.all().delete()
    days = []
    day = date(2027, 1, 4)
    while len(days) < bookings:
        if is_working_day(day):
            days.append(day)
        day += timedelta(days=1)
    started = time.perf_counter()
    for day in days:
        sprint_create(
            engagement=engagement,
            user=coordinator,
            consultant=consultant,
            day=day,
            slot=Slot.FULL_DAY,
            goal="Bänk",
        )
    checked = time.perf_counter() - started
    Sprint.objects.all().delete()
    started = time.perf_counter()
    Sprint.objects.bulk_create(
        Sprint(engagement=engagement, consultant=consultant, date=day, slot=Slot.FULL_DAY, goal="Bänk")
        for day in days
    )
    raw = time.perf_counter() - started
    print()
    print(f"{'booking':<40}{'sprints':>9}{'total s':>9}{'ms/sprint':>11}")
    for label, seconds in (
        ("sprint_create (all rules, audit row)", checked),
        ("baseline: bulk_create, no checks", raw),
    ):
        print(f"{label:<40}{bookings:>9}{seconds:>9.2f}{seconds * 1000 / bookings:>11.2f}")


if __name__ == "__main__":
    main()
