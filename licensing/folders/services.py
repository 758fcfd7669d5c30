"""Verbs of the folder plan: build and edit it, approve it (the customer), release a person's access
(the training gate), and start the jobs that plan, apply and verify it in Dropbox.

Every change to the structure or the access bumps the plan's revision, so an approval given before
the change no longer covers the plan: a change after approval needs a new approval.
"""

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from engagements.errors import DomainError
from engagements.models import Engagement
from engagements.quotes.models import CustomerUser
from engagements.services import audit_log
from licensing.folders.models import (
    AccessRelease,
    FolderAccess,
    FolderJob,
    FolderPlan,
    PlanGroup,
    PlannedFolder,
)
from migration.selectors import top_level_folders

EVERYONE_GROUP = "Alla"


class FolderPlanError(DomainError):
    """The plan cannot be changed, approved or applied like that; the message says why."""


def per_folder_refusal(path: str) -> FolderPlanError:
    return FolderPlanError(
        _(
            "Access is granted per folder, never per file: “%(path)s” is not a folder of the plan. "
            "Choose the folder it is in."
        )
        % {"path": path}
    )


def folder_plan_get_or_create(*, engagement: Engagement) -> FolderPlan:
    plan, _created = FolderPlan.objects.get_or_create(engagement=engagement)
    return plan


def _locked(plan: FolderPlan) -> FolderPlan:
    return FolderPlan.objects.select_for_update().select_related("engagement").get(pk=plan.pk)


def _changed(plan: FolderPlan, *, user, action: str, details: dict) -> None:
    """A change to the plan: a new revision (the customer's approval no longer covers it), audited."""
    plan.revision += 1
    plan.full_clean()
    plan.save(update_fields=["revision", "updated_at"])
    audit_log(
        action=f"folders.{action}",
        user=user,
        engagement=plan.engagement,
        details={**details, "revision": plan.revision},
    )


def clean_folder_name(name: str) -> str:
    """A folder name at the top of the team space or a home: one name, no path."""
    name = (name or "").strip()
    if not name:
        raise FolderPlanError(_("Give the folder a name."))
    if "/" in name or "\\" in name:
        raise per_folder_refusal(name)
    if name in (".", "..") or len(name) > 255:
        raise FolderPlanError(_("“%(name)s” cannot be a folder name.") % {"name": name})
    return name


def _save(instance) -> None:
    try:
        instance.full_clean()
        with transaction.atomic():
            instance.save()
    except IntegrityError:
        raise FolderPlanError(_("The plan already has a folder with that name.")) from None
    except Exception as error:
        messages = getattr(error, "messages", None)
        if messages:
            raise FolderPlanError(" ".join(str(m) for m in messages)) from None
        raise


@transaction.atomic
def folder_plan_copy_structure(*, engagement: Engagement, user: AbstractBaseUser | None) -> FolderPlan:
    """ "Copy the existing structure": one team folder per top-level folder of the scan (name,
    files, size). Folders already in the plan (by the share folder they come from) are kept as
    the consultant left them."""
    plan = _locked(folder_plan_get_or_create(engagement=engagement))
    scanned = top_level_folders(engagement)
    if not scanned:
        raise FolderPlanError(_("The share has not been scanned yet: there is no structure to copy."))
    known = {source.lower() for folder in plan.folders.all() for source in folder.source_names}
    taken = {folder.name.lower() for folder in plan.folders.filter(kind=PlannedFolder.Kind.TEAM)}
    added = []
    for row in sorted(scanned, key=lambda r: r["name"].lower()):
        if row["name"].lower() in known or row["name"].lower() in taken:
            continue
        folder = PlannedFolder(
            plan=plan,
            name=row["name"],
            source_names=[row["name"]],
            files=row["files"],
            bytes=row["bytes"],
        )
        _save(folder)
        added.append(row["name"])
    if added:
        _changed(plan, user=user, action="structure_copied", details={"folders": added})
    return plan


def _folder_of(plan: FolderPlan, folder_id) -> PlannedFolder:
    folder = (
        PlannedFolder.objects.filter(plan=plan, pk=folder_id).first() if str(folder_id).isdigit() else None
    )
    if folder is None:
        raise FolderPlanError(_("That folder is not in the plan."))
    return folder


def plan_person(plan: FolderPlan, customer_user_id) -> CustomerUser:
    person = (
        CustomerUser.objects.filter(engagement_id=plan.engagement_id, pk=customer_user_id).first()
        if str(customer_user_id).isdigit()
        else None
    )
    if person is None:
        raise FolderPlanError(_("That person is not on the customer's user list."))
    return person


@transaction.atomic
def planned_folder_add(
    *, plan: FolderPlan, name: str, owner: CustomerUser | None = None, user: AbstractBaseUser | None
) -> PlannedFolder:
    plan = _locked(plan)
    name = clean_folder_name(name)
    kind = PlannedFolder.Kind.PERSONAL if owner else PlannedFolder.Kind.TEAM
    if owner is not None and owner.engagement_id != plan.engagement_id:
        raise FolderPlanError(_("That person is not on the customer's user list."))
    if kind == PlannedFolder.Kind.TEAM and plan.folders.filter(kind=kind, name__iexact=name).exists():
        raise FolderPlanError(_("The plan already has a folder with that name."))
    folder = PlannedFolder(plan=plan, name=name, kind=kind, owner=owner)
    _save(folder)
    _changed(plan, user=user, action="folder_added", details={"folder": name, "kind": kind})
    return folder


@transaction.atomic
def planned_folder_update(
    *,
    plan: FolderPlan,
    folder_id: int,
    name: str,
    included: bool,
    owner: CustomerUser | None,
    user: AbstractBaseUser | None,
) -> PlannedFolder:
    """Rename a folder, leave it out (or back in), or make it personal (whose) or shared again.
    A personal folder is reached by its owner only, so its rows in the matrix go."""
    plan = _locked(plan)
    folder = _folder_of(plan, folder_id)
    name = clean_folder_name(name)
    if owner is not None and owner.engagement_id != plan.engagement_id:
        raise FolderPlanError(_("That person is not on the customer's user list."))
    kind = PlannedFolder.Kind.PERSONAL if owner else PlannedFolder.Kind.TEAM
    if (
        kind == PlannedFolder.Kind.TEAM
        and plan.folders.filter(kind=kind, name__iexact=name).exclude(pk=folder.pk).exists()
    ):
        raise FolderPlanError(_("The plan already has a folder with that name."))
    before = {"name": folder.name, "included": folder.included, "owner": folder.owner_id}
    folder.name, folder.included, folder.kind, folder.owner = name, included, kind, owner
    _save(folder)
    if kind == PlannedFolder.Kind.PERSONAL:
        folder.accesses.all().delete()
    after = {"name": folder.name, "included": folder.included, "owner": folder.owner_id}
    if after != before:
        _changed(plan, user=user, action="folder_changed", details={"before": before, "after": after})
    return folder


@transaction.atomic
def planned_folders_merge(
    *, plan: FolderPlan, folder_ids: list[int], name: str, user: AbstractBaseUser | None
) -> PlannedFolder:
    """Merge several team folders into one: their share folders land inside it, their access
    is the best each grantee had."""
    plan = _locked(plan)
    folders = [_folder_of(plan, pk) for pk in dict.fromkeys(folder_ids)]
    if len(folders) < 2:
        raise FolderPlanError(_("Choose at least two folders to merge."))
    if any(f.kind != PlannedFolder.Kind.TEAM for f in folders):
        raise FolderPlanError(_("Only team folders can be merged."))
    name = clean_folder_name(name)
    keep, others = folders[0], folders[1:]
    clash = plan.folders.filter(kind=PlannedFolder.Kind.TEAM, name__iexact=name).exclude(
        pk__in=[f.pk for f in folders]
    )
    if clash.exists():
        raise FolderPlanError(_("The plan already has a folder with that name."))
    for other in others:
        keep.source_names = [*keep.source_names, *other.source_names]
        keep.files += other.files
        keep.bytes += other.bytes
        for access in other.accesses.all():
            mine = keep.accesses.filter(group=access.group, customer_user=access.customer_user).first()
            if mine is None:
                access.folder = keep
                access.save(update_fields=["folder"])
            elif access.level == FolderAccess.Level.EDITOR:
                mine.level = FolderAccess.Level.EDITOR
                mine.save(update_fields=["level"])
        other.delete()
    keep.name = name
    _save(keep)
    _changed(
        plan,
        user=user,
        action="folders_merged",
        details={"into": name, "folders": [f.name for f in folders]},
    )
    return keep


@transaction.atomic
def plan_groups_from_user_list(*, plan: FolderPlan, user: AbstractBaseUser | None) -> list[PlanGroup]:
    """ "Alla" with everyone on the user list, and one group per department, with its people.
    Existing groups of the same names get their members set from the list again."""
    plan = _locked(plan)
    people = list(CustomerUser.objects.filter(engagement_id=plan.engagement_id))
    if not people:
        raise FolderPlanError(_("The customer's user list is empty: there is no one to put in groups."))
    wanted: dict[str, list[CustomerUser]] = {EVERYONE_GROUP: people}
    for person in people:
        department = person.department.strip()
        if department and department.lower() != EVERYONE_GROUP.lower():
            wanted.setdefault(department, []).append(person)
    groups = []
    for name, members in wanted.items():
        group = plan.groups.filter(name__iexact=name).first() or PlanGroup(plan=plan, name=name)
        group.full_clean(exclude=["members"], validate_constraints=False)
        group.save()
        group.members.set(members)
        groups.append(group)
    _changed(plan, user=user, action="groups_from_user_list", details={"groups": sorted(wanted)})
    return groups


@transaction.atomic
def folder_access_set(
    *,
    plan: FolderPlan,
    folder: str,
    level: str,
    group: PlanGroup | None = None,
    customer_user: CustomerUser | None = None,
    user: AbstractBaseUser | None,
) -> FolderAccess | None:
    """Set one cell of the matrix: a group or a person × a team folder (named as in the plan) →
    editor, viewer or "" (no access). Access is granted per folder: anything that is not a team
    folder of the plan (a file path, a folder inside one) is refused with a sentence."""
    plan = _locked(plan)
    target = plan.folders.filter(kind=PlannedFolder.Kind.TEAM, name__iexact=(folder or "").strip()).first()
    if target is None:
        if not (folder or "").strip():
            raise FolderPlanError(_("Choose a folder."))
        raise per_folder_refusal(folder)
    if (group is None) == (customer_user is None):
        raise FolderPlanError(_("Access goes to one group or one person."))
    if group is not None and group.plan_id != plan.pk:
        raise FolderPlanError(_("That group is not in the plan."))
    if customer_user is not None and customer_user.engagement_id != plan.engagement_id:
        raise FolderPlanError(_("That person is not on the customer's user list."))
    if level not in ("", *FolderAccess.Level.values):
        raise FolderPlanError(_("Access is editor, viewer or no access."))
    existing = FolderAccess.objects.filter(folder=target, group=group, customer_user=customer_user).first()
    grantee = group.name if group else customer_user.email
    if not level:
        if existing is None:
            return None
        existing.delete()
        _changed(
            plan, user=user, action="access_removed", details={"folder": target.name, "grantee": grantee}
        )
        return None
    if existing is not None and existing.level == level:
        return existing
    access = existing or FolderAccess(folder=target, group=group, customer_user=customer_user)
    access.level = level
    access.full_clean(validate_constraints=False)
    access.save()
    _changed(
        plan,
        user=user,
        action="access_set",
        details={"folder": target.name, "grantee": grantee, "level": level},
    )
    return access


@transaction.atomic
def folder_plan_approve(*, plan: FolderPlan, name: str, user: AbstractBaseUser | None) -> FolderPlan:
    """The customer contact approves the plan as it stands (this revision), typing their name."""
    name = (name or "").strip()
    if not name:
        raise FolderPlanError(_("Type your name to approve the folder plan."))
    plan = _locked(plan)
    if not plan.folders.filter(included=True).exists():
        raise FolderPlanError(_("The folder plan is empty; there is nothing to approve yet."))
    if plan.is_approved:
        raise FolderPlanError(_("This version of the folder plan is already approved."))
    plan.approved_revision = plan.revision
    plan.approved_at = timezone.now()
    plan.approved_by_name = name
    plan.approved_by = user if user is not None and user.is_authenticated else None
    plan.full_clean()
    plan.save(
        update_fields=["approved_revision", "approved_at", "approved_by_name", "approved_by", "updated_at"]
    )
    audit_log(
        action="folders.approved",
        user=user,
        engagement=plan.engagement,
        details={"revision": plan.revision, "name": name},
    )
    return plan


def folder_access_release(
    *, customer_user: CustomerUser, user: AbstractBaseUser | None, reason: str = ""
) -> None:
    """The training gate. Training calls it when the person has attended (reason ""); a
    coordinator may release someone earlier (reason required). Records the release once; if the
    plan is approved and has been applied, applies it now so the person gets their access
    (after commit); otherwise it is granted at the next apply."""
    reason = (reason or "").strip()
    early = user is not None and getattr(user, "is_authenticated", False) and reason != ""
    with transaction.atomic():
        person = (
            CustomerUser.objects.select_for_update().select_related("engagement").get(pk=customer_user.pk)
        )
        if AccessRelease.objects.filter(customer_user=person).exists():
            return
        release = AccessRelease(customer_user=person, released_at=timezone.now(), reason=reason)
        release.released_by = user if user is not None and user.is_authenticated else None
        release.full_clean(exclude=["customer_user"])
        release.save()
        audit_log(
            action="folders.access_released_early" if early else "folders.access_released",
            user=user,
            engagement=person.engagement,
            details={"customer_user": person.pk, "reason": reason},
        )
        plan = FolderPlan.objects.filter(engagement_id=person.engagement_id).first()
        if plan is not None and plan.is_approved and plan.is_applied:
            try:
                with transaction.atomic():
                    folder_job_start(plan=plan, kind=FolderJob.Kind.APPLY, user=user)
            except FolderPlanError:
                pass  # a job is running or the plan changed: the next apply grants the access


def folder_access_release_early(*, customer_user: CustomerUser, user: AbstractBaseUser, reason: str) -> None:
    """A coordinator releases someone before training; the reason is required and audited."""
    if not (reason or "").strip():
        raise FolderPlanError(_("Say why this person gets their access before training."))
    if AccessRelease.objects.filter(customer_user=customer_user).exists():
        raise FolderPlanError(_("%(name)s already has their access released.") % {"name": customer_user.name})
    folder_access_release(customer_user=customer_user, user=user, reason=reason)


@transaction.atomic
def folder_job_start(*, plan: FolderPlan, kind: str, user: AbstractBaseUser | None) -> FolderJob:
    """Queue a plan (changes to make), apply, verify or drift-check job; the task runs after commit.
    Applying needs the customer's approval of this revision; one job at a time per plan."""
    from licensing.folders.tasks import folder_job_run

    plan = _locked(plan)
    if kind not in FolderJob.Kind.values:
        raise FolderPlanError(_("Unknown job."))
    if kind == FolderJob.Kind.APPLY and not plan.is_approved:
        if plan.approved_revision:
            raise FolderPlanError(
                _(
                    "The plan has changed since the customer approved it; "
                    "it needs a new approval before it is applied."
                )
            )
        raise FolderPlanError(_("The customer has not approved the folder plan yet."))
    if plan.jobs.filter(status__in=[FolderJob.Status.QUEUED, FolderJob.Status.RUNNING]).exists():
        raise FolderPlanError(_("A job is already running for this folder plan; wait for it to finish."))
    job = FolderJob(
        plan=plan, kind=kind, started_by=user if user is not None and user.is_authenticated else None
    )
    job.full_clean()
    job.save()
    audit_log(action=f"folders.job_{kind}", user=user, engagement=plan.engagement, details={"job": job.pk})
    folder_job_run.delay_on_commit(job.pk)
    return job
