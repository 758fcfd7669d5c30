"""Demo data for the embedded run: a believable Swedish set of engagements in every phase.

Later apps take part through `register_demo_step(to_phase, step)`: before an engagement
is moved into `to_phase`, each step registered for it runs, so the demo satisfies the
same guards a real engagement must (an accepted quote before planning, and so on).
Apps register their steps in a `demo` module, found like admin modules are.
"""

from collections import defaultdict
from collections.abc import Callable
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from engagements import roles
from engagements.models import Contact, Customer, Engagement
from engagements.phases import MAIN_LINE, Phase
from engagements.services import (
    engagement_advance,
    engagement_assign_staff,
    engagement_create,
    staff_phone_set,
)

DEMO_PASSWORD = "demo"  # noqa: S105 - refused unless DEBUG is on
DemoStep = Callable[[Engagement], None]
_demo_steps: dict[Phase, list[DemoStep]] = defaultdict(list)


def register_demo_step(*, to_phase: Phase, step: DemoStep) -> None:
    if step not in _demo_steps[to_phase]:
        _demo_steps[to_phase].append(step)


STAFF = [
    ("sales", "Sara", "Lindqvist", roles.SALES),
    ("coordinator", "Carl", "Bergström", roles.COORDINATOR),
    ("consultant", "Karin", "Nyström", roles.CONSULTANT),
    ("consultant2", "Johan", "Ek", roles.CONSULTANT),
    ("sales2", "Per", "Holm", roles.SALES),
]

# (company, org.nr, street, postcode, city, language, contact, e-mail, title, phase)
CUSTOMERS = [
    (
        "Åkesson Bygg AB",
        "556036-0793",
        "Storgatan 12",
        "903 26",
        "Umeå",
        "sv",
        "Anna Åkesson",
        "kund@example.se",
        "Filserver till Dropbox, 18 användare",
        Phase.MIGRATING,
    ),
    (
        "Nordqvist Redovisning AB",
        "556677-8899",
        "Kungsgatan 4",
        "411 19",
        "Göteborg",
        "sv",
        "Lars Nordqvist",
        "lars@nordqvist-redovisning.example",
        "Flytt av kundarkiv",
        Phase.DISCOVERY,
    ),
    (
        "Fjällripan Arkitekter AB",
        "556123-4567",
        "Sjögatan 8",
        "831 30",
        "Östersund",
        "sv",
        "Maja Ström",
        "maja@fjallripan.example",
        "Mac-filserver till Dropbox",
        Phase.QUOTED,
    ),
    (
        "Lindgren & Söner Transport AB",
        "556000-0001",
        "Industrivägen 2",
        "602 23",
        "Norrköping",
        "sv",
        "Erik Lindgren",
        "erik@lindgrensoner.example",
        "NAS-avveckling och Dropbox",
        Phase.PLANNING,
    ),
    (
        "Söderberg Tandvård AB",
        "556345-6789",
        "Drottninggatan 50",
        "111 21",
        "Stockholm",
        "sv",
        "Eva Söderberg",
        "eva@soderbergtand.example",
        "Journalfria dokument till Dropbox",
        Phase.ROLLOUT,
    ),
    (
        "Hallberg Fastigheter AB",
        "556234-5678",
        "Västra Hamngatan 9",
        "211 22",
        "Malmö",
        "sv",
        "Olof Hallberg",
        "olof@hallbergfast.example",
        "Två filservrar, 40 användare",
        Phase.DECOMMISSIONING,
    ),
    (
        "Berg & Co Advokatbyrå KB",
        "916543-2109",
        "Stora Torget 3",
        "753 20",
        "Uppsala",
        "sv",
        "Ingrid Berg",
        "ingrid@bergco.example",
        "Dokumentarkiv till Dropbox",
        Phase.CLOSED,
    ),
    (
        "Kvarnström Design AB",
        "556456-7890",
        "Hamngatan 15",
        "252 21",
        "Helsingborg",
        "en",
        "Sofia Kvarnström",
        "sofia@kvarnstromdesign.example",
        "Designarkiv, 2 TB",
        Phase.LOST,
    ),
    (
        "Ekholm Elektriska AB",
        "556567-8901",
        "Verkstadsgatan 7",
        "722 12",
        "Västerås",
        "sv",
        "Mats Ekholm",
        "mats@ekholmel.example",
        "Liten filserver, 6 användare",
        Phase.CANCELLED,
    ),
    (
        "Rosengren Konsult AB",
        "556678-9012",
        "Nygatan 21",
        "582 19",
        "Linköping",
        "sv",
        "Helena Rosengren",
        "helena@rosengren.example",
        "Projektmappar och e-post",
        Phase.DISCOVERY,
    ),
    (
        "Wallin Café & Bageri AB",
        "556789-0123",
        "Torggatan 1",
        "451 30",
        "Uddevalla",
        "sv",
        "Nils Wallin",
        "nils@wallincafe.example",
        "Kontorsfiler till Dropbox",
        Phase.QUOTED,
    ),
    (
        "Sandberg Marin AB",
        "556890-1234",
        "Skeppsbron 5",
        "371 33",
        "Karlskrona",
        "en",
        "Linnea Sandberg",
        "linnea@sandbergmarin.example",
        "Ritningsarkiv och bilder",
        Phase.MIGRATING,
    ),
]


def _fix_checksum(number: str) -> str:
    """Demo numbers are made up; give each a correct Luhn check digit."""
    from engagements.validators import luhn_checksum_ok

    digits = number.replace("-", "")[:9]
    for last in "0123456789":
        if luhn_checksum_ok(digits + last):
            return f"{digits[:6]}-{digits[6:]}{last}"
    raise AssertionError("unreachable")


def _user(username, first, last, *, email, group=None, superuser=False):
    user_model = get_user_model()
    user, _ = user_model.objects.get_or_create(username=username)
    user.first_name, user.last_name, user.email = first, last, email
    user.is_staff = superuser
    user.is_superuser = superuser
    user.set_password(DEMO_PASSWORD)
    user.save()
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


def _walk_to(engagement: Engagement, target: Phase, actor) -> None:
    path = {
        Phase.LOST: [Phase.QUOTED, Phase.LOST],
        Phase.CANCELLED: [Phase.QUOTED, Phase.PLANNING, Phase.CANCELLED],
    }.get(target) or list(MAIN_LINE[1 : MAIN_LINE.index(target) + 1])
    for phase in path:
        for step in _demo_steps[phase]:
            step(engagement)
        engagement_advance(engagement=engagement, to_phase=phase, user=actor, note_key="demo")


@transaction.atomic
def load_demo_data() -> list[Engagement]:
    from django.utils.module_loading import autodiscover_modules

    autodiscover_modules("demo")
    staff = {
        username: _user(username, first, last, email=f"{username}@macforum.example", group=group)
        for username, first, last, group in STAFF
    }
    admin = _user("admin", "Admin", "Macforum", email="admin@macforum.example", superuser=True)
    for index, person in enumerate(staff.values()):  # customers see these under "Who to call"
        staff_phone_set(staff=person, phone=f"08-120 300 4{index}", user=admin)
    today = timezone.localdate()
    engagements = []
    for index, row in enumerate(CUSTOMERS):
        name, orgnr, street, postcode, city, language, contact_name, email, title, phase = row
        customer = Customer(
            name=name,
            organisation_number=_fix_checksum(orgnr),
            street_address=street,
            postal_code=postcode,
            city=city,
            language=language,
        )
        customer.full_clean()
        customer.save()
        contact_user = _user(email, *contact_name.split(" ", 1), email=email, group=roles.CUSTOMER)
        Contact.objects.create(
            customer=customer,
            name=contact_name,
            email=email,
            phone=f"070-123 45 6{index % 10}",
            role="VD",
            is_primary=True,
            user=contact_user,
        )
        start = today + timedelta(days=7 * (index - 5))
        seller = staff["sales"] if index % 3 else staff["sales2"]
        engagement = engagement_create(
            customer=customer,
            title=title,
            seller=seller,
            coordinator=staff["coordinator"],
            planned_start=start,
            planned_end=start + timedelta(days=[3, 12, 21][index % 3]),
            user=admin,
        )
        consultants = [staff["consultant"]] if index % 2 == 0 else [staff["consultant2"]]
        if index == 0:
            consultants = [staff["consultant"], staff["consultant2"]]
        engagement_assign_staff(engagement=engagement, user=admin, consultants=consultants)
        if phase != Phase.DISCOVERY:
            _walk_to(engagement, phase, staff["coordinator"])
        engagements.append(engagement)
    return engagements
