from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accord.core import capabilities
from accord.core.models import Alliance
from accord.decisions import selectors
from accord.decisions.models import RESPONSES, Proposal, Vote

DATETIME_LOCAL = "%Y-%m-%dT%H:%M"


class AllianceDateTimeField(forms.DateTimeField):
    """A date and time typed in the alliance's own time zone (closing times are the alliance's),
    read by `alliance.aware` like the API's."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_LOCAL)

    def __init__(self, *args: Any, alliance: Alliance | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("input_formats", [DATETIME_LOCAL, "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"])
        super().__init__(*args, **kwargs)
        self.alliance = alliance

    def to_python(self, value: Any) -> dt.datetime | None:
        result = super().to_python(value)
        if result is not None and result.year > 2999:
            raise ValidationError(_("Choose a date in this millennium."), code="invalid")
        if result is not None and self.alliance is not None:
            # Django made it aware in the server's zone: take back the wall time typed, and read
            # it in the alliance's.
            result = self.alliance.aware(timezone.make_naive(result))
        return result


class ProposalForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(
        label=_("Proposal"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What the members are asked to decide, and why."),
    )
    subject = forms.ChoiceField(label=_("What it decides"))
    record = forms.CharField(
        label=_("Which version"),
        required=False,
        widget=forms.Select,
        help_text=_("For a proposal to agree a text: the version the members are asked to agree."),
    )
    amends: forms.ModelChoiceField[Proposal] = forms.ModelChoiceField(
        label=_("Amends an earlier proposal"),
        queryset=Proposal.objects.none(),
        required=False,
        help_text=_("When this proposal comes back with changes after one that did not pass."),
    )
    process = forms.ChoiceField(label=_("How it is decided"), choices=Proposal.Process.choices)
    options = forms.CharField(
        label=_("Options"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For a vote between options: one option per line."),
    )
    multiple_choice = forms.BooleanField(label=_("Several options may be chosen"), required=False)
    quorum_percent = forms.IntegerField(
        label=_("Quorum (% of member organisations that must vote)"), min_value=0, max_value=100, initial=50
    )
    hide_results = forms.BooleanField(
        label=_("Hide the results until it closes"),
        required=False,
        help_text=_("Nobody sees how organisations voted, only how many have, until it closes."),
    )
    closes_at = AllianceDateTimeField(
        label=_("Closes"), required=False, help_text=_("In the alliance's time zone. You can also set it when opening.")
    )

    def __init__(self, *args: Any, alliance: Alliance, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.alliance = alliance
        self.fields["subject"].choices = [(s.key, s.label) for s in capabilities.decision_subjects()]  # type: ignore[attr-defined]
        # One list of every record a proposal may decide now, grouped by subject; an option's
        # value is "<subject>:<id>" (a link may also give the bare id with the subject).
        self._open = selectors.open_records(alliance)
        groups: list[tuple[str, list[tuple[str, str]]]] = [
            (str(spec.label), [(f"{spec.key}:{r.pk}", spec.describe(r)) for r in records])
            for spec, records in self._open
            if records
        ]
        self.fields["record"].widget.choices = [("", "—"), *groups]
        self.fields["amends"].queryset = selectors.amendable(alliance)  # type: ignore[attr-defined]
        given, subject = self.initial.get("record"), self.initial.get("subject")
        if given and subject and ":" not in str(given):
            self.initial["record"] = f"{subject}:{given}"
        self.fields["closes_at"].alliance = alliance  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        """Turn the chosen record into the record itself, read through its subject within this
        alliance; the service then checks that it may still be decided."""
        data: dict[str, Any] = super().clean() or {}
        raw = (data.get("record") or "").strip()
        subject = data.get("subject") or ""
        data["record"] = None
        if not raw:
            return data
        key, _sep, pk = raw.rpartition(":")
        key = key or subject
        spec = capabilities.decision_subject(key)
        if key != subject or spec is None or not spec.has_record:
            self.add_error("record", _("This proposal does not decide this kind of text."))
            return data
        record = spec.get(self.alliance, pk)
        if record is None:
            self.add_error("record", _("Choose a version of this alliance."))
        data["record"] = record
        return data

    def option_labels(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data.get("options", "").splitlines() if line.strip()]


class OpenForm(forms.Form):
    closes_at = AllianceDateTimeField(label=_("Closes"), help_text=_("In the alliance's time zone."))

    def __init__(self, *args: Any, alliance: Alliance, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["closes_at"].alliance = alliance  # type: ignore[attr-defined]


class VoteForm(forms.Form):
    """The organisation's answer: one of the process's responses, or option(s) for a vote."""

    response = forms.ChoiceField(label=_("Your organisation's answer"), widget=forms.RadioSelect, required=False)
    options = forms.MultipleChoiceField(label=_("Your organisation's choice"), required=False)
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed for a block; welcome for any answer."),
    )

    def __init__(self, *args: Any, proposal: Proposal, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.proposal = proposal
        if proposal.process == Proposal.Process.VOTE:
            del self.fields["response"]
            choices = [(str(o.pk), o.label) for o in proposal.options.all()]
            label = self.fields["options"].label
            if proposal.multiple_choice:
                self.fields["options"] = forms.MultipleChoiceField(
                    label=label, choices=choices, widget=forms.CheckboxSelectMultiple
                )
            else:
                self.fields["options"] = forms.ChoiceField(label=label, choices=choices, widget=forms.RadioSelect)
        else:
            del self.fields["options"]
            labels = dict(Vote.Response.choices)
            self.fields["response"].choices = [(v, labels[v]) for v in RESPONSES[proposal.process]]  # type: ignore[attr-defined]
            self.fields["response"].required = True

    def clean_options(self) -> list[int]:
        value = self.cleaned_data.get("options") or []
        if isinstance(value, str):
            value = [value]
        return [int(v) for v in value]

    def service_kwargs(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {"response": d.get("response", ""), "option_ids": d.get("options", []), "reason": d.get("reason", "")}


class StatementForm(forms.Form):
    outcome_statement = forms.CharField(
        label=_("Outcome statement"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )
