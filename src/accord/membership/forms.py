from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from accord.core.models import Alliance, Role
from accord.landscape.models import Stakeholder, StakeholderType
from accord.membership.models import Membership, Seat

DATE = forms.DateInput(attrs={"type": "date"})


class GrantRoleForm(forms.Form):
    email = forms.EmailField(label=_("Email of their Accord account"))
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    organisation = forms.TypedChoiceField(
        label=_("Organisation they speak for"), coerce=int, required=False, empty_value=None
    )
    working_group = forms.TypedChoiceField(
        label=_("Working group they lead"), coerce=int, required=False, empty_value=None
    )
    starts_on = forms.DateField(label=_("From"), required=False, widget=DATE)
    ends_on = forms.DateField(label=_("Until"), required=False, widget=DATE)

    def __init__(self, *args: Any, alliance: Alliance, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        members = alliance.memberships.filter(status="member").select_related("stakeholder")
        self.fields["organisation"].choices = [("", "—")] + [  # type: ignore[attr-defined]
            (m.stakeholder_id, m.stakeholder.name) for m in members
        ]
        groups = alliance.working_groups.order_by("name")
        self.fields["working_group"].choices = [("", "—")] + [(g.pk, g.name) for g in groups]  # type: ignore[attr-defined]


def _language_choices() -> list[tuple[str, str]]:
    return [(code, str(name)) for code, name in settings.LANGUAGES]


class InviteForm(forms.Form):
    # "<membership id>" for organisations already on the list, "new-<stakeholder id>" for
    # organisations from the register that are not yet.
    membership = forms.ChoiceField(label=_("Organisation"))
    contact_name = forms.CharField(label=_("Name of the person invited"), max_length=200, required=False)
    email = forms.EmailField(label=_("Their email"))
    language = forms.ChoiceField(label=_("Language of the email"), choices=_language_choices)
    message = forms.CharField(
        label=_("A personal message (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, alliance: Alliance, **kwargs: Any) -> None:
        # Members shows this form next to others with an email and a date: ids of its own.
        kwargs.setdefault("auto_id", "invite_%s")
        super().__init__(*args, **kwargs)
        rows = alliance.memberships.exclude(status=Membership.Status.INVITED).select_related("stakeholder")
        listed = [
            (str(m.pk), f"{m.stakeholder.name} ({m.get_status_display()})") for m in rows.order_by("stakeholder__name")
        ]
        # Through Stakeholder.objects, not alliance.stakeholders: with .only() the related manager
        # would reload each row's alliance_id (one query per row).
        unlisted = Stakeholder.objects.filter(alliance_id=alliance.pk, membership__isnull=True, is_individual=False)
        unlisted = unlisted.order_by("name")
        register = [
            (f"new-{s.pk}", str(_("%(name)s (from the register)") % {"name": s.name}))
            for s in unlisted.only("id", "name")
        ]
        self.fields["membership"].choices = listed + register  # type: ignore[attr-defined]


class JoinRequestForm(forms.Form):
    organisation_name = forms.CharField(label=_("Your organisation"), max_length=200)
    kind = forms.ChoiceField(label=_("Type of organisation"), choices=StakeholderType.choices)
    contact_name = forms.CharField(label=_("Your name"), max_length=200)
    email = forms.EmailField(label=_("Your email"))
    message = forms.CharField(
        label=_("Why do you want to join?"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class DecisionNoteForm(forms.Form):
    note = forms.CharField(label=_("Reply (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class LeaveForm(forms.Form):
    note = forms.CharField(label=_("Why they left (optional)"), required=False, max_length=1000)


def _seat_choices(alliance: Alliance) -> list[tuple[int, str]]:
    seats = alliance.seats.filter(left_on__isnull=True).select_related("user", "organisation")
    return [
        (s.pk, f"{s.user} — {s.organisation.name}" if s.organisation else str(s.user))
        for s in seats.order_by("organisation__name", "user__email")
    ]


class CoChairsForm(forms.Form):
    seats = forms.TypedMultipleChoiceField(
        label=_("Co-chairs"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("At least two, each from a different member organisation."),
    )
    starts_on = forms.DateField(label=_("From"), required=False, widget=DATE)

    def __init__(self, *args: Any, alliance: Alliance, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "co_chairs_%s")
        super().__init__(*args, **kwargs)
        self.fields["seats"].choices = _seat_choices(alliance)  # type: ignore[attr-defined]


class SecretariatTermForm(forms.Form):
    seat = forms.TypedChoiceField(label=_("Who takes over"), coerce=int)
    starts_on = forms.DateField(label=_("Hand-over date"), widget=DATE)

    def __init__(self, *args: Any, alliance: Alliance, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "secretariat_%s")
        super().__init__(*args, **kwargs)
        self.fields["seat"].choices = _seat_choices(alliance)  # type: ignore[attr-defined]


class VoiceForm(forms.Form):
    seat = forms.TypedChoiceField(label=_("Voice in decisions"), coerce=int)

    def __init__(self, *args: Any, representatives: list[Seat], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["seat"].choices = [(s.pk, str(s.user)) for s in representatives]  # type: ignore[attr-defined]
