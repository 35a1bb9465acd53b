"""Forms for working groups, activities and the work settings. They check the shape of what was
typed; the rules of the method are the services' (accord.work.services)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accord.core.forms import VersionedForm
from accord.core.models import Alliance
from accord.landscape.models import Stakeholder
from accord.membership.models import Seat
from accord.work import selectors
from accord.work.models import ActivityStatus, ApprovalRule, WorkingGroup
from accord.work.services import MAX_COMMENT

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
WEEKDAYS = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]


class WorkingGroupForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=WorkingGroup.Kind.choices,
        initial=WorkingGroup.Kind.THEMATIC,
        help_text=_("Cross-cutting: budget tracking, relations with parliament. Thematic: one policy area."),
    )
    description = forms.CharField(
        label=_("Purpose"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the group is for and how it serves the alliance's purpose."),
    )


class WorkingGroupEditForm(VersionedForm, WorkingGroupForm):
    pass


class WorkingGroupCloseForm(forms.Form):
    reason = forms.CharField(label=_("Why it closes"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class GroupMemberForm(forms.Form):
    stakeholder: forms.ModelChoiceField[Stakeholder] = forms.ModelChoiceField(
        label=_("Member organisation"),
        queryset=Stakeholder.objects.none(),
        error_messages={"invalid_choice": _("Choose a member organisation of this alliance.")},
    )

    def __init__(self, *args: Any, alliance: Alliance, working_group: WorkingGroup, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["stakeholder"]
        taken = working_group.group_members.values("stakeholder_id")
        field.queryset = selectors.member_choices(alliance).exclude(pk__in=taken)


class SeatChoiceField(forms.ModelChoiceField[Seat]):
    def label_from_instance(self, obj: Any) -> str:
        org = obj.organisation.name if obj.organisation_id else ""
        return f"{obj.user} ({org})" if org else str(obj.user)


class ActivityForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    deliverables = forms.CharField(
        label=_("Deliverables"), required=False, widget=forms.Textarea(attrs={"rows": 3}), help_text=_("One per line.")
    )
    serves_purpose = forms.CharField(
        label=_("How it serves the purpose"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Which part of the agreed purpose this moves forward, in a sentence."),
    )
    working_group: forms.ModelChoiceField[WorkingGroup] = forms.ModelChoiceField(
        label=_("Working group"),
        required=False,
        queryset=WorkingGroup.objects.none(),
        empty_label=_("No working group"),
        error_messages={"invalid_choice": _("Choose an open working group of this alliance.")},
    )
    owner: forms.ModelChoiceField[Stakeholder] = forms.ModelChoiceField(
        label=_("Owner organisation"),
        required=False,
        queryset=Stakeholder.objects.none(),
        empty_label=_("Nobody yet"),
        help_text=_("The member organisation that takes the activity on. Needed before approval."),
        error_messages={"invalid_choice": _("The owner must be a member organisation of this alliance.")},
    )
    responsible = SeatChoiceField(
        label=_("Responsible person"),
        required=False,
        queryset=Seat.objects.none(),
        empty_label=_("Nobody yet"),
        help_text=_("Someone of the owner organisation."),
        error_messages={
            "invalid_choice": _("The responsible person must be someone of the owner organisation in this alliance.")
        },
    )
    starts_on = forms.DateField(label=_("Starts"), required=False, widget=DATE)
    due_on = forms.DateField(label=_("Due"), required=False, widget=DATE)
    no_extra_resources = forms.BooleanField(
        label=_("No extra resources needed"),
        required=False,
        help_text=_("The owner can do it with what it already has. Otherwise, resources must be committed to it."),
    )

    def __init__(
        self, *args: Any, alliance: Alliance, current_group: WorkingGroup | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        groups = alliance.working_groups.filter(closed_on__isnull=True)
        if current_group is not None:
            groups = alliance.working_groups.filter(pk=current_group.pk) | groups
        fields: Any = self.fields
        fields["working_group"].queryset = groups.order_by("name")
        fields["owner"].queryset = selectors.member_choices(alliance)
        fields["responsible"].queryset = selectors.people_choices(alliance)

    def clean(self) -> dict[str, Any] | None:
        data = super().clean() or {}
        starts, due = data.get("starts_on"), data.get("due_on")
        if starts and due and due < starts:
            self.add_error("due_on", _("The due date must be on or after the start date."))
        return data


class ActivityEditForm(VersionedForm, ActivityForm):
    pass


class ActivityStatusForm(VersionedForm):
    status = forms.ChoiceField(label=_("New status"), choices=ActivityStatus.choices)
    reason = forms.CharField(
        label=_("Why it is dropped"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class ActivityProgressForm(VersionedForm):
    progress = forms.IntegerField(
        label=_("Progress (%)"),
        min_value=0,
        max_value=100,
        error_messages={
            "invalid": _("Give progress as a whole number from 0 to 100."),
            "min_value": _("Give progress as a whole number from 0 to 100."),
            "max_value": _("Give progress as a whole number from 0 to 100."),
        },
    )


class CommentForm(forms.Form):
    body = forms.CharField(label=_("Comment"), max_length=MAX_COMMENT, widget=forms.Textarea(attrs={"rows": 3}))


class WorkSettingsForm(forms.Form):
    approval = forms.ChoiceField(label=_("Activities are approved"), choices=ApprovalRule.choices)
    digest_weekday = forms.TypedChoiceField(
        label=_("Weekly digest on"),
        choices=WEEKDAYS,
        coerce=int,
        help_text=_("In the alliance's time zone."),
    )
