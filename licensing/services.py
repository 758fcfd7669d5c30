"""Verbs of licensing: the licence plan, who needs an account, the quote's licence line, and
inviting the licensed users into the customer's Dropbox team."""

from decimal import Decimal

import dropbox
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from dropbox_integration.client import team_client
from dropbox_integration.models import DropboxAction
from dropbox_integration.retry import with_retries
from dropbox_integration.selectors import dropbox_connection_get
from dropbox_integration.services import dropbox_action_record
from engagements.errors import DomainError
from engagements.models import Engagement
from engagements.quotes.models import CatalogueItem, CustomerUser, Quote, QuoteLine, Section, Unit
from engagements.quotes.selectors import current_quote_of
from engagements.quotes.services import quote_line_add, quote_line_update
from engagements.services import audit_log
from licensing.models import DropboxPlan, InvitationRun, LicencePlan, TeamMember
from licensing.selectors import forget_team_seats, licence_estimate, licensed_user_count

MEMBERS_PER_ADD_CALL = 20  # Dropbox's limit per team/members/add_v2 call
JOB_STATUS_POLLS = 30


class LicencePlanError(DomainError):
    pass


class InvitationError(DomainError):
    pass


def _refuse_below_minimum(*, plan: DropboxPlan, users: int, buffer: int) -> None:
    estimate = licence_estimate(plan=plan, users=users, buffer=buffer)
    if estimate.below_minimum:
        raise LicencePlanError(
            _(
                "%(plan)s is sold from %(minimum)d seats; %(users)d users and a buffer of %(buffer)d "
                "make %(seats)d. Raise the buffer or choose another plan."
            )
            % {
                "plan": plan.name,
                "minimum": plan.minimum_seats,
                "users": users,
                "buffer": buffer,
                "seats": estimate.seats,
            }
        )


def team_members_sync(*, engagement: Engagement) -> int:
    """Give every user on the list a TeamMember row (needing an account, by default); returns how
    many were added. Rows of users removed from the list go with them (cascade)."""
    missing = CustomerUser.objects.filter(engagement=engagement, team_member__isnull=True)
    rows = [TeamMember(engagement=engagement, customer_user=user) for user in missing]
    TeamMember.objects.bulk_create(rows)
    return len(rows)


@transaction.atomic
def licence_plan_save(
    *, engagement: Engagement, plan: DropboxPlan, buffer_seats: int, months: int, user: AbstractBaseUser
) -> LicencePlan:
    """Choose the plan, the buffer and the months; refused when the seats fall below the plan's
    minimum."""
    team_members_sync(engagement=engagement)
    _refuse_below_minimum(plan=plan, users=licensed_user_count(engagement=engagement), buffer=buffer_seats)
    licence_plan = LicencePlan.objects.select_for_update().filter(engagement=engagement).first()
    created = licence_plan is None
    if created:
        licence_plan = LicencePlan(engagement=engagement)
    licence_plan.plan = plan
    licence_plan.buffer_seats = buffer_seats
    licence_plan.months = months
    licence_plan.updated_by = user if user is not None and user.is_authenticated else None
    licence_plan.full_clean()
    licence_plan.save()
    audit_log(
        action="licences.plan_saved",
        user=user,
        engagement=engagement,
        details={"plan": plan.code, "buffer_seats": buffer_seats, "months": months, "created": created},
    )
    return licence_plan


@transaction.atomic
def licensed_users_set(*, engagement: Engagement, licensed_user_ids: set[int], user: AbstractBaseUser) -> int:
    """Flag who needs an account: the users in `licensed_user_ids` do, the others on the list do
    not. Refused when a saved plan would fall below its minimum. Returns how many changed."""
    team_members_sync(engagement=engagement)
    members = list(TeamMember.objects.select_for_update().filter(engagement=engagement))
    licence_plan = LicencePlan.objects.filter(engagement=engagement).select_related("plan").first()
    if licence_plan is not None:
        users = sum(1 for m in members if m.customer_user_id in licensed_user_ids)
        _refuse_below_minimum(plan=licence_plan.plan, users=users, buffer=licence_plan.buffer_seats)
    changed = [m for m in members if m.licensed != (m.customer_user_id in licensed_user_ids)]
    for member in changed:
        member.licensed = not member.licensed
        member.full_clean()
    TeamMember.objects.bulk_update(changed, ["licensed"])
    if changed:
        audit_log(
            action="licences.users_flagged",
            user=user,
            engagement=engagement,
            details={
                "licensed": sorted(m.customer_user_id for m in changed if m.licensed),
                "unlicensed": sorted(m.customer_user_id for m in changed if not m.licensed),
            },
        )
    return len(changed)


@transaction.atomic
def licence_lines_write(*, engagement: Engagement, user: AbstractBaseUser) -> QuoteLine:
    """Put seats × months into the draft quote as one licence line, at the plan's price.

    1. There must be a draft (a sent version is frozen: make a new version first) and a plan
       whose seats reach the plan's minimum.
    2. The line the plan wrote before, when it is still on this draft, is updated; else a line is
       added through the quotes service (linked to the plan's catalogue item when there is one).
    """
    licence_plan = (
        LicencePlan.objects.select_for_update().select_related("plan").filter(engagement=engagement).first()
    )
    if licence_plan is None:
        raise LicencePlanError(_("Choose a Dropbox plan first."))
    quote = current_quote_of(engagement)
    if quote is None or quote.status != Quote.Status.DRAFT:
        raise LicencePlanError(
            _(
                "The licence lines can only be written into a draft quote; "
                "make a new version of the quote first."
            )
        )
    plan = licence_plan.plan
    users = licensed_user_count(engagement=engagement)
    _refuse_below_minimum(plan=plan, users=users, buffer=licence_plan.buffer_seats)
    seats = users + licence_plan.buffer_seats
    with translation.override(quote.language):
        description = _("%(plan)s, %(seats)d users × %(months)d months") % {
            "plan": plan.name,
            "seats": seats,
            "months": licence_plan.months,
        }
    values = {
        "section": Section.LICENCES,
        "description": description,
        "unit": Unit.USER_MONTH,
        "unit_price": plan.price_per_user_month,
        "vat_rate": plan.vat_rate,
    }
    quantity = Decimal(seats * licence_plan.months)
    line = licence_plan.quote_line
    if line is not None and line.quote_id == quote.pk:
        line = quote_line_update(line=line, user=user, quantity=quantity, **values)
    else:
        catalogue_item = (
            CatalogueItem.objects.filter(code=plan.catalogue_code).first() if plan.catalogue_code else None
        )
        line = quote_line_add(
            quote=quote, user=user, catalogue_item=catalogue_item, quantity=quantity, **values
        )
    licence_plan.quote_line = line
    licence_plan.save(update_fields=["quote_line", "updated_at"])
    audit_log(
        action="licences.quote_line_written",
        user=user,
        engagement=engagement,
        details={"version": quote.version, "plan": plan.code, "seats": seats, "months": licence_plan.months},
    )
    return line


# --- inviting -------------------------------------------------------------------------------------


def _pending(engagement: Engagement):
    """Licensed users not yet in the team: never invited, or failed before."""
    return (
        TeamMember.objects.filter(
            engagement=engagement,
            licensed=True,
            status__in=[TeamMember.Status.NOT_INVITED, TeamMember.Status.FAILED],
        )
        .select_related("customer_user")
        .order_by("customer_user__name", "pk")
    )


@transaction.atomic
def invitation_run_start(*, engagement: Engagement, user: AbstractBaseUser) -> InvitationRun:
    """Start inviting the licensed users who are not in the team yet; the batches run in a task
    enqueued after commit. Refused while a run is going, without a connection, or with no one left."""
    from licensing.tasks import invitation_batch_task

    Engagement.objects.select_for_update().get(pk=engagement.pk)
    dropbox_connection_get(engagement=engagement)
    if InvitationRun.objects.filter(
        engagement=engagement, status__in=[InvitationRun.Status.QUEUED, InvitationRun.Status.RUNNING]
    ).exists():
        raise InvitationError(_("An invitation run is already going; wait for it to finish."))
    team_members_sync(engagement=engagement)
    total = _pending(engagement).count()
    if total == 0:
        raise InvitationError(_("Everyone who needs an account is already in the Dropbox team."))
    run = InvitationRun(
        engagement=engagement,
        members_total=total,
        created_by=user if user is not None and user.is_authenticated else None,
    )
    run.full_clean()
    run.save()
    audit_log(
        action="licences.invitations_started", user=user, engagement=engagement, details={"members": total}
    )
    invitation_batch_task.delay_on_commit(run.pk)
    return run


def _status_of(profile_status) -> str:
    if profile_status is not None and profile_status.is_invited():
        return TeamMember.Status.INVITED
    return TeamMember.Status.ACTIVE


def _split_name(name: str) -> tuple[str, str]:
    given, _space, surname = name.strip().partition(" ")
    return given[:100], surname[:100]


def _add_members(team: dropbox.DropboxTeam, members: list[TeamMember]) -> list:
    """One members/add_v2 call for ≤ 20 members; the job's results in the members' order."""
    new_members = []
    for member in members:
        given, surname = _split_name(member.customer_user.name)
        new_members.append(
            dropbox.team.MemberAddV2Arg(
                member_email=member.customer_user.email,
                member_given_name=given or None,
                member_surname=surname or None,
                send_welcome_email=True,
            )
        )
    # Not retried as a whole: a landed first attempt would answer user_already_on_team, which is
    # handled below anyway, so a retry is safe here.
    launch = with_retries(team.team_members_add_v2, new_members)
    if launch.is_complete():
        return launch.get_complete()
    job_id = launch.get_async_job_id()
    for _attempt in range(JOB_STATUS_POLLS):
        status = with_retries(team.team_members_add_job_status_get_v2, job_id)
        if status.is_complete():
            return status.get_complete()
        if status.is_failed():
            raise InvitationError(
                _("Dropbox could not add the members: %(reason)s") % {"reason": status.get_failed()}
            )
    raise InvitationError(_("Dropbox did not finish adding the members; run the invitations again."))


def _member_ids_by_email(team: dropbox.DropboxTeam, emails: list[str]) -> dict[str, tuple[str, str]]:
    """Team member id and status of members already on the team, by lower-cased e-mail."""
    if not emails:
        return {}
    selectors = [dropbox.team.UserSelectorArg.email(email) for email in emails]
    found = {}
    for item in with_retries(team.team_members_get_info_v2, selectors).members_info:
        if item.is_member_info():
            profile = item.get_member_info().profile
            found[profile.email.lower()] = (profile.team_member_id, _status_of(profile.status))
    return found


def invitation_batch_run(*, run_id: int) -> bool:
    """Invite the next batch (≤ 20) of the run's members; True when more remain.

    1. Take the next pending members (already active or invited ones are skipped: running again
       adds no one twice).
    2. One members/add_v2 call. Success: the member id and status (invited or active).
       user_already_on_team: their id is looked up and recorded. team_license_limit: the run stops
       and names everyone who did not get in (this batch's and those never tried).
       Any other refusal: that member fails with Dropbox's reason, the run goes on.
    3. Progress and every action on the customer's Dropbox are recorded.
    """
    run = InvitationRun.objects.select_related("engagement").get(pk=run_id)
    if run.finished:
        return False
    engagement = run.engagement
    if run.status == InvitationRun.Status.QUEUED:
        run.status = InvitationRun.Status.RUNNING
        run.started_at = timezone.now()
        run.save(update_fields=["status", "started_at"])
    batch = list(_pending(engagement).exclude(pk__in=_tried_ids(run))[:MEMBERS_PER_ADD_CALL])
    if not batch:
        _run_finish(run)
        return False
    team = team_client(engagement)
    results = _add_members(team, batch)
    already = [m for m, r in zip(batch, results, strict=False) if r.is_user_already_on_team()]
    known = _member_ids_by_email(team, [m.customer_user.email for m in already])
    out_of_seats: list[TeamMember] = []
    now = timezone.now()
    with transaction.atomic():
        for member, result in zip(batch, results, strict=False):
            member.failure_reason = ""
            if result.is_success():
                profile = result.get_success().profile
                member.team_member_id = profile.team_member_id
                member.status = _status_of(profile.status)
                member.invited_at = now
                outcome, reason = DropboxAction.Result.OK, ""
            elif result.is_user_already_on_team():
                member_id, status = known.get(
                    member.customer_user.email.lower(), ("", TeamMember.Status.ACTIVE)
                )
                member.team_member_id = member_id
                member.status = status
                outcome, reason = DropboxAction.Result.OK, "user_already_on_team"
            else:
                member.status = TeamMember.Status.FAILED
                member.failure_reason = result._tag or "other"
                outcome, reason = DropboxAction.Result.FAILED, member.failure_reason
                if result.is_team_license_limit():
                    out_of_seats.append(member)
            member.full_clean()
            member.save()
            _tried_ids(run).add(member.pk)
            # No personal data in the Dropbox audit (it is never anonymised): the row's id only.
            dropbox_action_record(
                engagement=engagement,
                user=run.created_by,
                action="member_invited",
                target=f"team member {member.pk}",
                result=outcome,
                reason=reason,
                detail={"team_member_id": member.team_member_id, "status": member.status},
            )
        run.members_done += len(batch)
        run.save(update_fields=["members_done"])
    forget_team_seats(engagement=engagement)
    if out_of_seats:
        never_tried = [m for m in _pending(engagement) if m.pk not in _tried_ids(run)]
        _run_finish(run, not_added=[m.customer_user.name for m in out_of_seats + never_tried])
        return False
    if len(batch) < MEMBERS_PER_ADD_CALL:
        _run_finish(run)
        return False
    return True


def _tried_ids(run: InvitationRun) -> set[int]:
    """Members this run has already sent to Dropbox (a failed one stays pending but is not retried
    by the same run). Kept on the instance: one task handles a run's batches in order."""
    if not hasattr(run, "_tried"):
        started = run.started_at or run.created_at
        run._tried = set(
            TeamMember.objects.filter(
                engagement=run.engagement, status=TeamMember.Status.FAILED, updated_at__gte=started
            ).values_list("pk", flat=True)
        )
    return run._tried


def _run_finish(run: InvitationRun, *, not_added: list[str] | None = None) -> None:
    run.status = InvitationRun.Status.FAILED if not_added else InvitationRun.Status.DONE
    run.not_added_names = not_added or []
    run.finished_at = timezone.now()
    run.full_clean()
    run.save(update_fields=["status", "not_added_names", "finished_at"])
    audit_log(
        action="licences.invitations_finished",
        user=None,
        engagement=run.engagement,
        details={"run": run.pk, "status": run.status, "not_added": len(run.not_added_names)},
    )


def invitation_run_fail(*, run_id: int, message: str) -> None:
    """The run stopped on an error of the Dropbox layer (access lost, unavailable): keep its sentence."""
    run = InvitationRun.objects.select_related("engagement").get(pk=run_id)
    if run.finished:
        return
    run.status = InvitationRun.Status.FAILED
    run.error = message
    run.finished_at = timezone.now()
    run.save(update_fields=["status", "error", "finished_at"])
    dropbox_action_record(
        engagement=run.engagement,
        user=run.created_by,
        action="members_invite_failed",
        target="team",
        result=DropboxAction.Result.FAILED,
        reason=message[:500],
    )


@transaction.atomic
def dropbox_plan_save(*, plan: DropboxPlan, user: AbstractBaseUser | None) -> DropboxPlan:
    """Add a plan or save a change to it (the admin keeps the prices); audited with the stored
    values before and after."""
    fields = (
        "code",
        "name",
        "minimum_seats",
        "price_per_user_month",
        "vat_rate",
        "catalogue_code",
        "is_active",
    )
    stored = DropboxPlan.objects.select_for_update().filter(pk=plan.pk).first() if plan.pk else None
    plan.full_clean()
    plan.save()
    after = {name: str(getattr(plan, name)) for name in fields}
    if stored is None:
        audit_log(action="licences.dropbox_plan_added", user=user, details=after)
    else:
        before = {name: str(getattr(stored, name)) for name in fields}
        changes = {name: [before[name], after[name]] for name in fields if before[name] != after[name]}
        if changes:
            audit_log(
                action="licences.dropbox_plan_changed",
                user=user,
                details={"code": plan.code, "changes": changes},
            )
    return plan
