"""Reads of the folder plan: the training gate, the plan as Dropbox should hold it, the matrix page."""

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Min, Prefetch

from engagements.models import Engagement
from engagements.quotes.models import CustomerUser
from licensing.folders.models import (
    AccessRelease,
    FolderAccess,
    FolderJob,
    FolderPlan,
    PlanGroup,
    PlannedFolder,
)

RANK = {"viewer": 1, "editor": 2}


def access_released_at(*, customer_user: CustomerUser) -> datetime | None:
    """When the person's folder access was released (training attended, or early), else None."""
    return (
        AccessRelease.objects.filter(customer_user=customer_user)
        .values_list("released_at", flat=True)
        .first()
    )


def go_live_at(*, engagement: Engagement) -> datetime | None:
    """The engagement's first release: the support window starts then."""
    return AccessRelease.objects.filter(customer_user__engagement=engagement).aggregate(
        first=Min("released_at")
    )["first"]


def folder_plan_of(*, engagement: Engagement) -> FolderPlan | None:
    return FolderPlan.objects.filter(engagement=engagement).first()


def latest_job(*, plan: FolderPlan, kind: str | None = None) -> FolderJob | None:
    jobs = plan.jobs.all()
    if kind:
        jobs = jobs.filter(kind=kind)
    return jobs.order_by("-created_at", "-pk").first()


@dataclass
class DesiredState:
    """The plan as Dropbox should hold it now: only released people, only included folders.
    Names and e-mails are compared without letter case, as Dropbox does."""

    team_folders: dict[str, str] = field(default_factory=dict)  # lower name -> name
    groups: dict[str, str] = field(default_factory=dict)  # lower name -> name
    group_members: dict[str, set[str]] = field(default_factory=dict)  # lower group -> emails
    # lower folder -> {("group", lower name) | ("user", email): level}
    folder_access: dict[str, dict[tuple[str, str], str]] = field(default_factory=dict)
    personal: list[tuple[str, str]] = field(default_factory=list)  # (email, folder name)
    # email -> what the person should reach: lower team folder -> level (groups included)
    reach: dict[str, dict[str, str]] = field(default_factory=dict)
    people: dict[str, str] = field(default_factory=dict)  # email -> name, everyone on the list


def desired_state(*, plan: FolderPlan) -> DesiredState:
    released = set(
        AccessRelease.objects.filter(customer_user__engagement_id=plan.engagement_id).values_list(
            "customer_user_id", flat=True
        )
    )
    people = list(CustomerUser.objects.filter(engagement_id=plan.engagement_id))
    email_of = {p.pk: p.email.lower() for p in people}
    state = DesiredState(people={p.email.lower(): p.name for p in people})
    groups = list(plan.groups.prefetch_related("members"))
    members_of_group: dict[int, set[str]] = {}
    for group in groups:
        key = group.name.lower()
        state.groups[key] = group.name
        members = {email_of[m.pk] for m in group.members.all() if m.pk in released}
        state.group_members[key] = members
        members_of_group[group.pk] = members
    for folder in plan.folders.filter(included=True).select_related("owner"):
        if folder.kind == PlannedFolder.Kind.TEAM:
            state.team_folders[folder.name.lower()] = folder.name
            state.folder_access[folder.name.lower()] = {}
        elif folder.owner_id in released:
            state.personal.append((email_of[folder.owner_id], folder.name))
    accesses = FolderAccess.objects.filter(
        folder__plan=plan, folder__included=True, folder__kind=PlannedFolder.Kind.TEAM
    ).select_related("folder", "group")
    for access in accesses:
        folder_key = access.folder.name.lower()
        if access.group_id:
            state.folder_access[folder_key][("group", access.group.name.lower())] = access.level
            reached_by = members_of_group.get(access.group_id, set())
        elif access.customer_user_id in released:
            email = email_of[access.customer_user_id]
            state.folder_access[folder_key][("user", email)] = access.level
            reached_by = {email}
        else:
            continue
        for email in reached_by:
            mine = state.reach.setdefault(email, {})
            if RANK[access.level] > RANK.get(mine.get(folder_key, ""), 0):
                mine[folder_key] = access.level
    return state


@dataclass
class MatrixRow:
    kind: str  # "group" or "user"
    obj: object
    cells: list  # [(folder, level)]
    waiting: bool = False  # a person not released yet (training first)


def folder_matrix(*, plan: FolderPlan) -> dict:
    """The plan page's data in a constant number of queries, whatever the number of rows."""
    folders = list(plan.folders.select_related("owner"))
    team_folders = [f for f in folders if f.kind == PlannedFolder.Kind.TEAM and f.included]
    groups = list(
        plan.groups.prefetch_related(Prefetch("members", queryset=CustomerUser.objects.only("pk", "name")))
    )
    people = list(
        CustomerUser.objects.filter(engagement_id=plan.engagement_id).select_related("access_release")
    )
    levels: dict[tuple[str, int, int], str] = {}
    for access in FolderAccess.objects.filter(folder__plan=plan).only(
        "folder_id", "group_id", "customer_user_id", "level"
    ):
        key = ("group", access.group_id) if access.group_id else ("user", access.customer_user_id)
        levels[(*key, access.folder_id)] = access.level
    rows = [
        MatrixRow("group", group, [(f, levels.get(("group", group.pk, f.pk), "")) for f in team_folders])
        for group in groups
    ]
    for person in people:
        release = getattr(person, "access_release", None) if _has_release(person) else None
        rows.append(
            MatrixRow(
                "user",
                person,
                [(f, levels.get(("user", person.pk, f.pk), "")) for f in team_folders],
                waiting=release is None,
            )
        )
    return {
        "folders": folders,
        "team_folders": team_folders,
        "groups": groups,
        "people": people,
        "rows": rows,
        "waiting": [p for p in people if not _has_release(p)],
    }


def _has_release(person: CustomerUser) -> bool:
    try:
        return person.access_release is not None
    except AccessRelease.DoesNotExist:
        return False


def plan_in_words(*, plan: FolderPlan) -> dict:
    """For the customer: each folder with who reaches it, in plain words (few queries)."""
    folders = [f for f in plan.folders.select_related("owner") if f.included]
    by_folder: dict[int, list[tuple[str, str]]] = {f.pk: [] for f in folders}
    for access in FolderAccess.objects.filter(folder__plan=plan, folder__included=True).select_related(
        "group", "customer_user"
    ):
        who = access.group.name if access.group_id else access.customer_user.name
        by_folder[access.folder_id].append((who, access.level))
    groups = list(plan.groups.prefetch_related("members"))
    return {
        "folders": [(f, sorted(by_folder[f.pk])) for f in folders],
        "groups": groups,
        "groups_by_name": {g.name: g for g in groups},
    }


__all__ = [
    "PlanGroup",
    "access_released_at",
    "desired_state",
    "folder_matrix",
    "folder_plan_of",
    "go_live_at",
    "latest_job",
    "plan_in_words",
]
