"""Pages of the alliance's work: the board, the timeline, working groups, activities and the work
settings. Each view declares its permission and calls one service; the rules are the services'."""

from __future__ import annotations

import copy
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accord.core.forms import add_service_errors, conflict_form
from accord.core.privacy import sees_people
from accord.core.tenancy import AllianceRequest, Refusal, alliance_view, can, get_in_alliance
from accord.core.versions import StaleVersion
from accord.lib.urls import record_url
from accord.work import drawing, selectors, services
from accord.work.forms import (
    ActivityEditForm,
    ActivityForm,
    ActivityProgressForm,
    ActivityStatusForm,
    CommentForm,
    GroupMemberForm,
    WorkingGroupCloseForm,
    WorkingGroupEditForm,
    WorkingGroupForm,
    WorkSettingsForm,
)
from accord.work.models import Activity, ActivityStatus, ApprovalRule, WorkingGroup

GROUP_ACTIVITIES = 50


def _group(request: AllianceRequest, working_group_id: int) -> WorkingGroup:
    return get_in_alliance(request.alliance.working_groups, pk=working_group_id)


def _activity(request: AllianceRequest, activity_id: int) -> Activity:
    found = selectors.activity_for_page(request.alliance, activity_id)
    if found is None:
        raise Http404("Not found.")
    return found


def _activity_url(activity: Activity) -> str:
    return reverse("work:activity", kwargs={"alliance_slug": activity.alliance.slug, "activity_id": activity.pk})


# --- The board and the timeline -------------------------------------------------------------


@alliance_view("work.view")
def board(request: AllianceRequest, alliance_slug: str) -> HttpResponse:
    alliance = request.alliance
    filters = selectors.board_filters(request.GET)
    seat = request.seat if request.seat else None
    result = selectors.board(alliance, user=request.user, seat=seat, filters=filters)
    groups = list(alliance.working_groups.order_by("name").values_list("pk", "name"))

    def link(**changes: Any) -> str:
        query = request.GET.copy()
        query.pop("page", None)
        for key, value in changes.items():
            if value:
                query[key] = value
            else:
                query.pop(key, None)
        return "?" + query.urlencode() if query else "?"

    quick = [
        (_("All"), "?", not filters.any),
        (_("Mine"), link(mine="1"), filters.mine),
        (_("My organisation's"), link(organisation="1"), filters.organisation),
        (_("Created by me"), link(created="1"), filters.created),
        (_("Overdue"), link(overdue="1"), filters.overdue),
    ]
    page = result.page
    for attr, number in (("prev_query", page.number - 1), ("next_query", page.number + 1)):
        query = request.GET.copy()
        query["page"] = str(number)
        setattr(page, attr, query.urlencode())
    ctx = {
        "board": result,
        "page": page,
        "rows": list(page.object_list),
        "filters": filters,
        "quick": quick,
        "groups": groups,
        "statuses": ActivityStatus.choices,
        "today": alliance.today(),
        "see_people": sees_people(request),
        "alliance_rollup": result.rollup if not filters.any else selectors.alliance_progress(alliance),
    }
    return render(request, "work/board.html", ctx)


def _timeline_page(request: AllianceRequest, group: WorkingGroup | None) -> HttpResponse:
    alliance = request.alliance
    found = selectors.timeline_rows(alliance, group=group)
    label = (
        _("Timeline of the activities of %(group)s") % {"group": group.name}
        if group is not None
        else _("Timeline of the alliance's activities")
    )
    link = record_url("work:activity", "activity_id", alliance_slug=alliance.slug)

    def url(activity: Activity) -> str:
        # The alliance is the request's: no query per bar.
        return link(activity.pk)

    chart = drawing.timeline(found.rows, today=found.today, url=url, label=label)
    narrow = drawing.timeline(found.rows, today=found.today, url=url, label=label, layout=drawing.NARROW)
    board_url = reverse("work:board", kwargs={"alliance_slug": alliance.slug})
    if group is not None:
        board_url += "?" + urlencode({"group": group.pk})
    return render(
        request,
        "work/timeline.html",
        {"chart": chart, "narrow": narrow, "found": found, "group": group, "board_url": board_url, "label": label},
    )


@alliance_view("work.view")
def timeline(request: AllianceRequest, alliance_slug: str) -> HttpResponse:
    return _timeline_page(request, None)


@alliance_view("work.view")
def group_timeline(request: AllianceRequest, alliance_slug: str, working_group_id: int) -> HttpResponse:
    return _timeline_page(request, _group(request, working_group_id))


# --- Working groups -------------------------------------------------------------------------


@alliance_view("work.view")
def groups(request: AllianceRequest, alliance_slug: str) -> HttpResponse:
    rows = list(selectors.working_groups(request.alliance))
    return render(request, "work/groups.html", {"groups": rows})


@alliance_view("work.manage_groups")
def group_create(request: AllianceRequest, alliance_slug: str) -> HttpResponse:
    alliance = request.alliance
    form = WorkingGroupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            group = services.working_group_create(alliance=alliance, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Working group started. Add its member organisations."))
            return redirect("work:group", alliance_slug=alliance.slug, working_group_id=group.pk)
    return render(request, "work/group_form.html", {"form": form, "group": None})


@alliance_view("work.view")
def group_detail(request: AllianceRequest, alliance_slug: str, working_group_id: int) -> HttpResponse:
    group = _group(request, working_group_id)
    return _group_page(request, group)


def _group_page(request: AllianceRequest, group: WorkingGroup, status: int = 200, **bound: Any) -> HttpResponse:
    alliance = request.alliance
    rows = selectors.with_people(Activity.objects.filter(alliance=alliance, working_group=group))
    progress = selectors.group_progress(group)
    total = rows.count()
    manage = can(request, "work.manage_groups")
    ctx: dict[str, Any] = {
        "group": group,
        "members": list(selectors.group_members(group)),
        "leads": selectors.group_leads(group),
        "activities": list(rows[:GROUP_ACTIVITIES]),
        "activity_total": total,
        "more": max(0, total - GROUP_ACTIVITIES),
        "progress": progress,
        "manage": manage,
        "today": alliance.today(),
        "see_people": sees_people(request),
        "board_url": reverse("work:board", kwargs={"alliance_slug": alliance.slug})
        + "?"
        + urlencode({"group": group.pk}),
    }
    if manage and group.is_open:
        ctx["member_form"] = bound.get("member_form") or GroupMemberForm(alliance=alliance, working_group=group)
        ctx["close_form"] = bound.get("close_form") or WorkingGroupCloseForm()
    return render(request, "work/group.html", ctx, status=status)


@alliance_view("work.manage_groups")
def group_edit(request: AllianceRequest, alliance_slug: str, working_group_id: int) -> HttpResponse:
    group = _group(request, working_group_id)
    initial = {"name": group.name, "kind": group.kind, "description": group.description, "version": group.version}
    form = WorkingGroupEditForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            services.working_group_update(group=group, version=version, by=request.user, **data)
        except StaleVersion as exc:
            form = conflict_form(WorkingGroupEditForm, exc, services.GROUP_FIELDS)
            status = 409
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("work:group", alliance_slug=alliance_slug, working_group_id=group.pk)
    return render(request, "work/group_form.html", {"form": form, "group": group}, status=status)


@require_POST
@alliance_view("work.manage_groups")
def group_close(request: AllianceRequest, alliance_slug: str, working_group_id: int) -> HttpResponse:
    group = _group(request, working_group_id)
    form = WorkingGroupCloseForm(request.POST)
    if form.is_valid():
        try:
            services.working_group_close(group=group, reason=form.cleaned_data["reason"], by=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The working group is closed. Its record and activities stay."))
            return redirect("work:group", alliance_slug=alliance_slug, working_group_id=group.pk)
    return _group_page(request, group, status=400, close_form=form)


@require_POST
@alliance_view("work.manage_groups")
def group_reopen(request: AllianceRequest, alliance_slug: str, working_group_id: int) -> HttpResponse:
    group = _group(request, working_group_id)
    try:
        services.working_group_reopen(group=group, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The working group is open again."))
    return redirect("work:group", alliance_slug=alliance_slug, working_group_id=group.pk)


@require_POST
@alliance_view("work.manage_groups")
def group_member_add(request: AllianceRequest, alliance_slug: str, working_group_id: int) -> HttpResponse:
    group = _group(request, working_group_id)
    form = GroupMemberForm(request.POST, alliance=request.alliance, working_group=group)
    if form.is_valid():
        try:
            services.group_member_add(group=group, stakeholder=form.cleaned_data["stakeholder"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("%(name)s joined the group.") % {"name": form.cleaned_data["stakeholder"].name})
            return redirect("work:group", alliance_slug=alliance_slug, working_group_id=group.pk)
    return _group_page(request, group, status=400, member_form=form)


@require_POST
@alliance_view("work.manage_groups")
def group_member_remove(
    request: AllianceRequest, alliance_slug: str, working_group_id: int, stakeholder_id: int
) -> HttpResponse:
    group = _group(request, working_group_id)
    stakeholder = get_in_alliance(request.alliance.stakeholders, pk=stakeholder_id)
    try:
        services.group_member_remove(group=group, stakeholder=stakeholder)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("%(name)s left the group.") % {"name": stakeholder.name})
    return redirect("work:group", alliance_slug=alliance_slug, working_group_id=group.pk)


# --- Activities -----------------------------------------------------------------------------


@alliance_view("work.propose_activity")
def activity_create(request: AllianceRequest, alliance_slug: str) -> HttpResponse:
    alliance = request.alliance
    initial: dict[str, Any] = {}
    raw = request.GET.get("working_group", "")
    if raw.isdigit():
        chosen = alliance.working_groups.filter(pk=int(raw), closed_on__isnull=True).first()
        if chosen is not None:
            initial["working_group"] = chosen.pk
    seat = request.seat if request.seat else None
    if seat is not None and seat.organisation_id:
        initial["owner"] = seat.organisation_id
        initial["responsible"] = seat.pk
    form = ActivityForm(request.POST or None, alliance=alliance, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            activity = services.activity_create(alliance=alliance, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Activity proposed."))
            return redirect("work:activity", alliance_slug=alliance.slug, activity_id=activity.pk)
    return render(request, "work/activity_form.html", {"form": form, "activity": None})


def _activity_initial(activity: Activity) -> dict[str, Any]:
    return {
        "title": activity.title,
        "description": activity.description,
        "deliverables": activity.deliverables,
        "serves_purpose": activity.serves_purpose,
        "working_group": activity.working_group_id,
        "owner": activity.owner_id,
        "responsible": activity.responsible_id,
        "starts_on": activity.starts_on,
        "due_on": activity.due_on,
        "no_extra_resources": activity.no_extra_resources,
        "version": activity.version,
    }


def _activity_page(request: AllianceRequest, activity: Activity, status: int = 200, **bound: Any) -> HttpResponse:
    from accord.work.forms_resources import activity_resources_context

    alliance = request.alliance
    steer = services.can_steer(request.user, activity)
    rule = services.work_settings(alliance).approval
    missing = services.approval_missing(activity) if activity.status == ActivityStatus.PROPOSED else []
    transitions = [(s, ActivityStatus(s).label) for s in sorted(services.TRANSITIONS[activity.status])]
    may_drop_proposed = activity.status == ActivityStatus.PROPOSED and (
        steer or activity.created_by_id == request.user.pk or can(request, "work.manage_groups")
    )
    ctx: dict[str, Any] = {
        "activity": activity,
        "steer": steer,
        "may_edit": services.can_edit(request.user, activity),
        "may_comment": can(request, "work.comment"),
        "comments": list(activity.comments.select_related("author").order_by("created_at", "pk")),
        "missing": missing,
        "rule": rule,
        "co_chairs_approve": rule == ApprovalRule.CO_CHAIRS,
        "may_approve": rule == ApprovalRule.CO_CHAIRS and can(request, "work.approve_activity"),
        "may_propose": can(request, "decisions.propose"),
        "propose_url": reverse("decisions:create", kwargs={"alliance_slug": alliance.slug})
        + "?"
        + urlencode({"subject": "activity", "record": activity.pk}),
        "today": alliance.today(),
        "overdue": activity.is_overdue(alliance.today()),
        "see_people": sees_people(request),
        "transitions": transitions if (steer or may_drop_proposed) else [],
    }
    ctx.update(activity_resources_context(activity, request))
    if steer or may_drop_proposed:
        ctx["status_form"] = bound.get("status_form") or ActivityStatusForm(initial={"version": activity.version})
    if steer and activity.is_open:
        ctx["progress_form"] = bound.get("progress_form") or ActivityProgressForm(
            initial={"progress": activity.progress, "version": activity.version}
        )
    if ctx["may_comment"]:
        ctx["comment_form"] = bound.get("comment_form") or CommentForm()
    return render(request, "work/activity.html", ctx, status=status)


@alliance_view("work.view")
def activity_detail(request: AllianceRequest, alliance_slug: str, activity_id: int) -> HttpResponse:
    return _activity_page(request, _activity(request, activity_id))


@alliance_view("work.change_activity")
def activity_edit(request: AllianceRequest, alliance_slug: str, activity_id: int) -> HttpResponse:
    alliance = request.alliance
    activity = _activity(request, activity_id)
    if not services.can_edit(request.user, activity):
        raise Refusal(
            _("Only the owner's people, the co-chairs and the secretariat change this activity; you can comment on it.")
        )
    group = activity.working_group
    form = ActivityEditForm(
        request.POST or None, alliance=alliance, current_group=group, initial=_activity_initial(activity)
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            services.activity_update(activity=copy.copy(activity), version=version, by=request.user, **data)
        except StaleVersion as exc:
            form = conflict_form(
                ActivityEditForm, exc, services.ACTIVITY_FIELDS, alliance=alliance, current_group=group
            )
            status = 409
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("work:activity", alliance_slug=alliance.slug, activity_id=activity.pk)
    return render(request, "work/activity_form.html", {"form": form, "activity": activity}, status=status)


@require_POST
@alliance_view("work.change_activity")
def activity_status(request: AllianceRequest, alliance_slug: str, activity_id: int) -> HttpResponse:
    activity = _activity(request, activity_id)
    form = ActivityStatusForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.activity_set_status(
                activity=activity, status=d["status"], by=request.user, version=d["version"], reason=d["reason"]
            )
        except StaleVersion as exc:
            messages.error(request, str(exc))
            return _activity_page(request, _activity(request, activity_id), status=409)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Status changed to %(status)s.") % {"status": activity.get_status_display()})
            return redirect("work:activity", alliance_slug=alliance_slug, activity_id=activity.pk)
    return _activity_page(request, _activity(request, activity_id), status=400, status_form=form)


@require_POST
@alliance_view("work.change_activity")
def activity_progress(request: AllianceRequest, alliance_slug: str, activity_id: int) -> HttpResponse:
    activity = _activity(request, activity_id)
    form = ActivityProgressForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.activity_set_progress(
                activity=activity, progress=d["progress"], by=request.user, version=d["version"]
            )
        except StaleVersion as exc:
            messages.error(request, str(exc))
            return _activity_page(request, _activity(request, activity_id), status=409)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Progress saved."))
            return redirect("work:activity", alliance_slug=alliance_slug, activity_id=activity.pk)
    return _activity_page(request, _activity(request, activity_id), status=400, progress_form=form)


@require_POST
@alliance_view("work.comment")
def activity_comment(request: AllianceRequest, alliance_slug: str, activity_id: int) -> HttpResponse:
    activity = _activity(request, activity_id)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.activity_comment(activity=activity, by=request.user, body=form.cleaned_data["body"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Comment added."))
            return redirect(_activity_url(activity) + "#comments")
    return _activity_page(request, activity, status=400, comment_form=form)


@require_POST
@alliance_view("work.approve_activity")
def activity_approve(request: AllianceRequest, alliance_slug: str, activity_id: int) -> HttpResponse:
    activity = _activity(request, activity_id)
    try:
        services.activity_approve(activity=activity, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return _activity_page(request, _activity(request, activity_id), status=400)
    messages.success(request, _("Activity approved."))
    return redirect("work:activity", alliance_slug=alliance_slug, activity_id=activity.pk)


# --- Settings -------------------------------------------------------------------------------


@alliance_view("work.manage_settings")
def work_settings(request: AllianceRequest, alliance_slug: str) -> HttpResponse:
    alliance = request.alliance
    current = services.work_settings(alliance)
    form = WorkSettingsForm(
        request.POST or None, initial={"approval": current.approval, "digest_weekday": current.digest_weekday}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.work_settings_update(alliance=alliance, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Settings saved."))
            return redirect("work:settings", alliance_slug=alliance.slug)
    return render(request, "work/settings.html", {"form": form})
