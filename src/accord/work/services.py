"""Writes on the alliance's work: working groups and activities (method step 5d–e).

The method's rules enforced here (pages, the API, imports and the demo all come through):

- No activity is approved without an owner organisation and either resources committed to it or
  an explicit "no extra resources needed". Approval comes by a passed proposal of the members, or
  by a co-chair when the alliance's work settings say its co-chairs approve.
- The owner is a member organisation of the alliance; the responsible person holds a seat of
  the alliance speaking for the owner; an activity is due on or after the day it starts.
- The alliance does not micro-manage whoever took an activity on: only the owner's people change
  its status and progress; everyone else comments.
- A closed working group keeps its record and takes no new activity.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import rules
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.core.models import Alliance, Role
from accord.core.permissions import roles_of
from accord.core.tenancy import Refusal
from accord.core.versions import StaleVersion, check_version, save_versioned
from accord.landscape.models import MembershipStatus, Stakeholder
from accord.membership.models import Seat
from accord.work.models import (
    Activity,
    ActivityComment,
    ActivityStatus,
    ApprovalRule,
    GroupMember,
    WorkingGroup,
    WorkSettings,
)
from accord.work.selectors_resources import runs_alliance

MAX_COMMENT = 4000
GROUP_FIELDS = ("name", "kind", "description")
ACTIVITY_FIELDS = (
    "title",
    "description",
    "deliverables",
    "serves_purpose",
    "working_group",
    "owner",
    "responsible",
    "starts_on",
    "due_on",
    "no_extra_resources",
)
STEER_FIELDS = ("status", "progress", "drop_reason")
# The moves the owner's people make; approval is not one of them (activity_approve).
TRANSITIONS: dict[str, set[str]] = {
    ActivityStatus.PROPOSED: {ActivityStatus.DROPPED},
    ActivityStatus.APPROVED: {ActivityStatus.IN_PROGRESS, ActivityStatus.DROPPED},
    ActivityStatus.IN_PROGRESS: {ActivityStatus.DONE, ActivityStatus.DROPPED},
    ActivityStatus.DONE: set(),
    ActivityStatus.DROPPED: set(),
}


def _signed_in(user: Any) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False))


def work_settings(alliance: Alliance) -> WorkSettings:
    """The alliance's choices for its work, made with the defaults on first read."""
    found, _created = WorkSettings.objects.get_or_create(alliance=alliance)
    return found


@transaction.atomic
def work_settings_update(*, alliance: Alliance, by: Any, approval: str, digest_weekday: int) -> WorkSettings:
    """Choose who approves activities (the members by decision, or the co-chairs) and the day of
    the weekly digest. Only a co-chair changes them."""
    if _signed_in(by) and not rules.has_perm("work.manage_settings", by, alliance):
        raise Refusal(_("Only a co-chair changes how the alliance's work is run."))
    errors: dict[str, str] = {}
    if approval not in ApprovalRule.values:
        errors["approval"] = _("Choose by a decision of the members or by the co-chairs.")
    if not isinstance(digest_weekday, int) or not 0 <= digest_weekday <= 6:
        errors["digest_weekday"] = _("Choose a day of the week.")
    if errors:
        raise ValidationError(errors)
    found = work_settings(alliance)
    found.approval, found.digest_weekday = approval, digest_weekday
    found.save(update_fields=["approval", "digest_weekday"])
    return found


# --- Working groups -----------------------------------------------------------------------------


def _check_group(alliance: Alliance, name: str, kind: str, *, exclude_pk: int | None = None) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not name:
        errors["name"] = _("Name the working group.")
    elif len(name) > 200:
        errors["name"] = _("Keep the name under 200 characters.")
    else:
        clash = alliance.working_groups.filter(name__iexact=name)
        if exclude_pk is not None:
            clash = clash.exclude(pk=exclude_pk)
        if clash.exists():
            errors["name"] = _("There is already a working group with this name.")
    if kind not in WorkingGroup.Kind.values:
        errors["kind"] = _("Choose cross-cutting or thematic.")
    return errors


def _may_manage_groups(by: Any, alliance: Alliance) -> None:
    if _signed_in(by) and not rules.has_perm("work.manage_groups", by, alliance):
        raise Refusal(_("Only the co-chairs or the secretariat manage working groups."))


@transaction.atomic
def working_group_create(
    *, alliance: Alliance, name: str, kind: str = WorkingGroup.Kind.THEMATIC, description: str = "", by: Any = None
) -> WorkingGroup:
    """Start a working group: cross-cutting (budget tracking, relations with parliament) or
    thematic (extension policy), with its purpose. Names are unique in the alliance."""
    _may_manage_groups(by, alliance)
    name = (name or "").strip()
    errors = _check_group(alliance, name, kind)
    if errors:
        raise ValidationError(errors)
    return WorkingGroup.objects.create(alliance=alliance, name=name, kind=kind, description=(description or "").strip())


@transaction.atomic
def working_group_update(*, group: WorkingGroup, version: int | None, by: Any = None, **fields: Any) -> WorkingGroup:
    """Change a group's name, kind or purpose. An edit begun from an older version than the one
    stored is refused (StaleVersion, saying what changed meanwhile)."""
    _may_manage_groups(by, group.alliance)
    unknown = set(fields) - set(GROUP_FIELDS)
    if unknown:
        raise ValidationError(_("These cannot be changed here: %(f)s.") % {"f": ", ".join(sorted(unknown))})
    if version is not None:
        check_version(group, version=version, yours=fields, fields=GROUP_FIELDS)
    values = {k: getattr(group, k) for k in GROUP_FIELDS}
    values.update({k: (v or "").strip() if isinstance(v, str) or v is None else v for k, v in fields.items()})
    errors = _check_group(group.alliance, values["name"], values["kind"], exclude_pk=group.pk)
    if errors:
        raise ValidationError(errors)
    changed = [k for k in GROUP_FIELDS if getattr(group, k) != values[k]]
    before = {k: getattr(group, k) for k in GROUP_FIELDS}
    for k in changed:
        setattr(group, k, values[k])
    try:
        if changed and version is not None:
            save_versioned(group, version=version, yours=fields, fields=GROUP_FIELDS, update_fields=changed)
        elif changed:
            group.save(update_fields=changed)
    except StaleVersion:
        for k, v in before.items():
            setattr(group, k, v)
        raise
    return group


@transaction.atomic
def working_group_close(*, group: WorkingGroup, reason: str, by: Any = None) -> WorkingGroup:
    """Close a group whose need has passed, saying why. It keeps its record and its activities,
    and takes no new activity."""
    _may_manage_groups(by, group.alliance)
    reason = (reason or "").strip()
    if not group.is_open:
        raise ValidationError(_("This working group is already closed."))
    if not reason:
        raise ValidationError({"reason": _("Say why the group closes.")})
    group.closed_on = group.alliance.today()
    group.closed_reason = reason
    group.save(update_fields=["closed_on", "closed_reason"])
    return group


@transaction.atomic
def working_group_reopen(*, group: WorkingGroup, by: Any = None) -> WorkingGroup:
    """Open a closed group again (its old reason for closing stays in the history)."""
    _may_manage_groups(by, group.alliance)
    if group.is_open:
        raise ValidationError(_("This working group is open."))
    group.closed_on = None
    group.closed_reason = ""
    group.save(update_fields=["closed_on", "closed_reason"])
    return group


def _is_member(alliance: Alliance, stakeholder: Stakeholder | None) -> bool:
    return bool(
        stakeholder is not None
        and stakeholder.alliance_id == alliance.pk
        and Stakeholder.objects.filter(
            pk=stakeholder.pk, alliance=alliance, membership__status=MembershipStatus.MEMBER
        ).exists()
    )


@transaction.atomic
def group_member_add(*, group: WorkingGroup, stakeholder: Stakeholder) -> GroupMember:
    """Add a member organisation to a working group. An organisation may be in several groups or
    none; only current members of the alliance take part."""
    if not _is_member(group.alliance, stakeholder):
        raise ValidationError({"stakeholder": _("Choose a member organisation of this alliance.")})
    if not group.is_open:
        raise ValidationError(_("This working group is closed."))
    if GroupMember.objects.filter(group=group, stakeholder=stakeholder).exists():
        raise ValidationError({"stakeholder": _("This organisation is already in the group.")})
    return GroupMember.objects.create(
        alliance=group.alliance, group=group, stakeholder=stakeholder, joined_on=group.alliance.today()
    )


@transaction.atomic
def group_member_remove(*, group: WorkingGroup, stakeholder: Stakeholder) -> None:
    """Take an organisation out of a working group (the history keeps that it was in it)."""
    row = GroupMember.objects.filter(group=group, stakeholder=stakeholder).first()
    if row is None:
        raise ValidationError({"stakeholder": _("This organisation is not in the group.")})
    row.delete()


# --- Activities ---------------------------------------------------------------------------------


def _current_seats(alliance: Alliance) -> Any:
    today = alliance.today()
    return Seat.objects.filter(alliance=alliance).filter(Q(left_on__isnull=True) | Q(left_on__gte=today))


def _resolve(alliance: Alliance, model: type[Any], value: Any, field: str, message: str) -> Any:
    """A related record given as itself or by id, always of this alliance (a foreign id is the
    same as a missing one)."""
    if value in (None, ""):
        return None
    if isinstance(value, model):
        if value.alliance_id != alliance.pk:
            raise ValidationError({field: message})
        return value
    try:
        pk = int(value)
    except (TypeError, ValueError):
        raise ValidationError({field: message}) from None
    found = model._default_manager.filter(alliance=alliance, pk=pk).first()
    if found is None:
        raise ValidationError({field: message})
    return found


def _clean_activity(alliance: Alliance, values: dict[str, Any], *, was: Activity | None = None) -> dict[str, Any]:
    """Check an activity's details; every problem is named at its field. Returns the values with
    related records resolved and texts trimmed."""
    errors: dict[str, str] = {}
    out = dict(values)
    for key in ("title", "description", "deliverables", "serves_purpose"):
        out[key] = (out.get(key) or "").strip()
    if not out["title"]:
        errors["title"] = _("Give the activity a title.")
    elif len(out["title"]) > 200:
        errors["title"] = _("Keep the title under 200 characters.")
    try:
        out["working_group"] = _resolve(
            alliance,
            WorkingGroup,
            out.get("working_group"),
            "working_group",
            _("Choose a working group of this alliance."),
        )
    except ValidationError as exc:
        errors.update({k: v[0] for k, v in exc.message_dict.items()})
        out["working_group"] = None
    group = out["working_group"]
    if group is not None and not group.is_open and (was is None or was.working_group_id != group.pk):
        errors["working_group"] = _("This working group is closed and takes no new activity.")
    owner_message = _("The owner must be a member organisation of this alliance.")
    try:
        out["owner"] = _resolve(alliance, Stakeholder, out.get("owner"), "owner", owner_message)
    except ValidationError:
        errors["owner"] = owner_message
        out["owner"] = None
    owner = out["owner"]
    if owner is not None and "owner" not in errors and not _is_member(alliance, owner):
        errors["owner"] = owner_message
    if owner is None and "owner" not in errors and was is not None and was.status != ActivityStatus.PROPOSED:
        errors["owner"] = _("An approved activity keeps an owner organisation.")
    responsible_message = _("The responsible person must be someone of the owner organisation in this alliance.")
    try:
        out["responsible"] = _resolve(alliance, Seat, out.get("responsible"), "responsible", responsible_message)
    except ValidationError:
        errors["responsible"] = responsible_message
        out["responsible"] = None
    seat = out["responsible"]
    if seat is not None and "responsible" not in errors:
        if owner is None:
            errors["responsible"] = _("Choose the owner organisation before the responsible person.")
        elif seat.organisation_id != owner.pk or not _current_seats(alliance).filter(pk=seat.pk).exists():
            errors["responsible"] = responsible_message
    starts, due = out.get("starts_on"), out.get("due_on")
    for key in ("starts_on", "due_on"):
        if out.get(key) is not None and not isinstance(out[key], dt.date):
            errors[key] = _("Give a date.")
    if isinstance(starts, dt.date) and isinstance(due, dt.date) and due < starts:
        errors["due_on"] = _("The due date must be on or after the start date.")
    out["no_extra_resources"] = bool(out.get("no_extra_resources"))
    if errors:
        raise ValidationError(errors)
    return out


@transaction.atomic
def activity_create(
    *,
    alliance: Alliance,
    by: Any,
    title: str,
    description: str = "",
    deliverables: str = "",
    serves_purpose: str = "",
    working_group: WorkingGroup | int | None = None,
    owner: Stakeholder | int | None = None,
    responsible: Seat | int | None = None,
    starts_on: dt.date | None = None,
    due_on: dt.date | None = None,
    no_extra_resources: bool = False,
) -> Activity:
    """Propose an activity. It may start without an owner (then it cannot be approved yet); an
    owner is a member organisation of this alliance and the responsible person one of its
    people here; it is due on or after the day it starts; a closed group takes no new activity."""
    values = _clean_activity(
        alliance,
        {
            "title": title,
            "description": description,
            "deliverables": deliverables,
            "serves_purpose": serves_purpose,
            "working_group": working_group,
            "owner": owner,
            "responsible": responsible,
            "starts_on": starts_on,
            "due_on": due_on,
            "no_extra_resources": no_extra_resources,
        },
    )
    return Activity.objects.create(
        alliance=alliance,
        created_by=by if _signed_in(by) else None,
        created_at=timezone.now(),
        **values,
    )


def _seat_for_owner(user: Any, activity: Activity) -> bool:
    if not _signed_in(user) or activity.owner_id is None:
        return False
    return bool(
        _current_seats(activity.alliance).filter(user=user, organisation_id=activity.owner_id).exists()
        and roles_of(user, activity.alliance)
    )


def can_steer(user: Any, activity: Activity) -> bool:
    """Only the owner organisation's people (a current seat of the alliance speaking for the
    owner) change an activity's status and progress; everyone else comments."""
    return _seat_for_owner(user, activity)


def can_edit(user: Any, activity: Activity) -> bool:
    """Who changes an activity's details: its owner's people, its creator while it is proposed,
    and the co-chairs and the secretariat."""
    if not _signed_in(user):
        return False
    if runs_alliance(user, activity.alliance) or _seat_for_owner(user, activity):
        return True
    return activity.status == ActivityStatus.PROPOSED and activity.created_by_id == user.pk


@transaction.atomic
def activity_update(*, activity: Activity, version: int | None, by: Any = None, **fields: Any) -> Activity:
    """Change an activity's details, with the same checks as when it was proposed. Allowed to its
    owner's people, its creator while it is proposed, the co-chairs and the secretariat. An edit
    begun from an older version than the one stored is refused (StaleVersion)."""
    unknown = set(fields) - set(ACTIVITY_FIELDS)
    if unknown:
        raise ValidationError(_("These cannot be changed here: %(f)s.") % {"f": ", ".join(sorted(unknown))})
    if by is not None and not can_edit(by, activity):
        raise Refusal(
            _("Only the owner's people, the co-chairs and the secretariat change this activity; you can comment on it.")
        )
    if version is not None:
        check_version(activity, version=version, yours=fields, fields=ACTIVITY_FIELDS)
    current = {k: getattr(activity, k) for k in ACTIVITY_FIELDS}
    values = _clean_activity(activity.alliance, {**current, **fields}, was=activity)
    changed = [k for k in ACTIVITY_FIELDS if values[k] != current[k]]
    for k in changed:
        setattr(activity, k, values[k])
    try:
        if changed and version is not None:
            save_versioned(activity, version=version, yours=fields, fields=ACTIVITY_FIELDS, update_fields=changed)
        elif changed:
            activity.save(update_fields=changed)
    except StaleVersion:
        for k, v in current.items():
            setattr(activity, k, v)
        raise
    return activity


def approval_missing(activity: Activity) -> list[str]:
    """What the activity lacks before it may be approved, in words ([] when nothing): an owner
    organisation, and either resources committed to it or "no extra resources needed"."""
    missing = []
    if activity.owner_id is None:
        missing.append(_("an owner organisation"))
    if not activity.no_extra_resources and not activity.commitments.exists():
        missing.append(_('committed resources, or "no extra resources needed"'))
    return missing


def approval_refusal(activity: Activity) -> str:
    """Why the activity cannot be approved now, as one sentence, or ""."""
    if activity.status != ActivityStatus.PROPOSED:
        return _("Only a proposed activity can be approved; this one is %(status)s.") % {
            "status": activity.get_status_display().lower()
        }
    missing = approval_missing(activity)
    if missing:
        return _("This activity cannot be approved yet. Missing: %(missing)s.") % {"missing": "; ".join(missing)}
    return ""


@transaction.atomic
def activity_approve(*, activity: Activity, proposal: Any = None, by: Any = None) -> Activity:
    """Approve a proposed activity. The method's rule: no approval without an owner organisation
    and either committed resources or an explicit "no extra resources needed". It is approved by
    a passed proposal of the members about this activity, or by a co-chair when the alliance's
    work settings say its co-chairs approve."""
    fresh = Activity.objects.select_for_update().select_related("alliance").get(pk=activity.pk)
    alliance = fresh.alliance
    if proposal is not None:
        if (
            proposal.alliance_id != alliance.pk
            or proposal.subject != "activity"
            or proposal.record_id != fresh.pk
            or proposal.outcome != "passed"
        ):
            raise ValidationError(_("Only a passed proposal about this activity approves it."))
    elif by is not None:
        if work_settings(alliance).approval != ApprovalRule.CO_CHAIRS:
            raise Refusal(
                _("In this alliance activities are approved by a decision of the members: propose it as a decision.")
            )
        if Role.CO_CHAIR not in roles_of(by, alliance):
            raise Refusal(_("Only a co-chair approves an activity."))
    else:
        raise ValidationError(_("An activity is approved by a passed proposal or by a co-chair."))
    refusal = approval_refusal(fresh)
    if refusal:
        raise ValidationError(refusal)
    fresh.status = ActivityStatus.APPROVED
    fresh.approved_at = timezone.now()
    fresh.approved_by = proposal
    fresh.approved_by_user = by if proposal is None else None
    fresh.save(update_fields=["status", "approved_at", "approved_by", "approved_by_user"])
    for key in ("status", "approved_at", "approved_by_id", "approved_by_user_id", "version"):
        setattr(activity, key, getattr(fresh, key))
    return activity


def _steer_refusal() -> Refusal:
    return Refusal(
        _(
            "Only the people of the organisation that owns this activity change its status and progress; you can comment on it."
        )
    )


@transaction.atomic
def activity_set_status(*, activity: Activity, status: str, by: Any, version: int | None, reason: str = "") -> Activity:
    """Move an activity along: approved → in progress → done, or to dropped (with a reason) from
    any status before done. Only the owner's people do it (a proposed activity may also be
    withdrawn by its creator, the co-chairs or the secretariat). Done is 100 % on the alliance's
    today. Approval itself comes by decision or by the co-chairs (activity_approve)."""
    may = can_steer(by, activity) or (
        activity.status == ActivityStatus.PROPOSED
        and status == ActivityStatus.DROPPED
        and _signed_in(by)
        and (activity.created_by_id == by.pk or runs_alliance(by, activity.alliance))
    )
    if by is not None and not may:
        raise _steer_refusal()
    yours = {"status": status, "drop_reason": reason}
    if version is not None:
        check_version(activity, version=version, yours=yours, fields=STEER_FIELDS)
    if status not in ActivityStatus.values:
        raise ValidationError({"status": _("Choose a status.")})
    if status == ActivityStatus.APPROVED:
        raise ValidationError({"status": _("An activity is approved by a decision or by the co-chairs, not here.")})
    if status not in TRANSITIONS[activity.status]:
        raise ValidationError(
            {
                "status": _("An activity that is %(from)s cannot become %(to)s.")
                % {
                    "from": activity.get_status_display().lower(),
                    "to": ActivityStatus(status).label.lower(),
                }
            }
        )
    reason = (reason or "").strip()
    fields = ["status"]
    if status == ActivityStatus.DROPPED:
        if not reason:
            raise ValidationError({"reason": _("Say why the activity is dropped.")})
        activity.drop_reason = reason
        fields.append("drop_reason")
    if status == ActivityStatus.DONE:
        activity.progress = 100
        activity.done_on = activity.alliance.today()
        fields += ["progress", "done_on"]
    before = activity.status
    activity.status = status
    try:
        if version is not None:
            save_versioned(activity, version=version, yours=yours, fields=STEER_FIELDS, update_fields=fields)
        else:
            activity.save(update_fields=fields)
    except StaleVersion:
        activity.status = before
        raise
    return activity


@transaction.atomic
def activity_set_progress(*, activity: Activity, progress: Any, by: Any, version: int | None) -> Activity:
    """The owner's own estimate of how far the activity is, 0 to 100 %, while it is approved or
    in progress. Only the owner's people set it."""
    if by is not None and not can_steer(by, activity):
        raise _steer_refusal()
    yours = {"progress": progress}
    if version is not None:
        check_version(activity, version=version, yours=yours, fields=STEER_FIELDS)
    if isinstance(progress, bool) or not isinstance(progress, int):
        try:
            progress = int(str(progress).strip())
        except ValueError:
            raise ValidationError({"progress": _("Give progress as a whole number from 0 to 100.")}) from None
    if not 0 <= progress <= 100:
        raise ValidationError({"progress": _("Give progress as a whole number from 0 to 100.")})
    if activity.status not in (ActivityStatus.APPROVED, ActivityStatus.IN_PROGRESS):
        raise ValidationError({"progress": _("Progress is set while an activity is approved or in progress.")})
    before = activity.progress
    activity.progress = progress
    try:
        if version is not None:
            save_versioned(activity, version=version, yours=yours, fields=STEER_FIELDS, update_fields=["progress"])
        else:
            activity.save(update_fields=["progress"])
    except StaleVersion:
        activity.progress = before
        raise
    return activity


@transaction.atomic
def activity_comment(*, activity: Activity, by: Any, body: str) -> ActivityComment:
    """Say something about an activity: anyone who works in the alliance may (observers read)."""
    if not rules.has_perm("work.comment", by, activity.alliance):
        raise Refusal(_("Observers read the activities; commenting is for the alliance's participants."))
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("Write the comment.")})
    if len(body) > MAX_COMMENT:
        raise ValidationError({"body": _("Keep the comment under %(n)s characters.") % {"n": MAX_COMMENT}})
    return ActivityComment.objects.create(alliance=activity.alliance, activity=activity, author=by, body=body)
