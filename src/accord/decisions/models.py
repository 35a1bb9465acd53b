"""Proposals and votes: one voice per member organisation.

What a proposal decides is a *subject* declared by a capability (accord.core.capabilities):
the subject's key, and for subjects about a record (a purpose version, a charter version, a
framework document…) that record's id, always a record of the proposal's alliance. When it passes,
the subject's owner applies it. The decisions app names no other capability.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accord.core import capabilities
from accord.core.capabilities import DecisionSubject
from accord.core.models import Alliance


class Proposal(models.Model):
    class Process(models.TextChoices):
        CONSENT = "consent", _("Consent (agree, abstain, disagree or block)")
        VOTE = "vote", _("Vote between options")
        CONSENSUS = "consensus", _("Consensus")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class Outcome(models.TextChoices):
        PASSED = "passed", _("Passed")
        REJECTED = "rejected", _("Not passed")
        BLOCKED = "blocked", _("Blocked")
        NO_QUORUM = "no_quorum", _("No quorum")

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="proposals")
    title = models.CharField(_("title"), max_length=200)
    # A title Accord wrote (GENERATED_TITLES) is kept as its code and parameters and read in each
    # reader's language (heading); `title` keeps it in the language it was made in, for search.
    title_code = models.CharField(max_length=40, blank=True)
    title_params = models.JSONField(default=dict, blank=True)
    body = models.TextField(_("proposal"), blank=True)
    # A key of accord.core.capabilities.decision_subjects(), and the record it decides if any.
    subject = models.CharField(_("what it decides"), max_length=40, default="general")
    record_id = models.PositiveBigIntegerField(_("record decided"), null=True, blank=True)
    process = models.CharField(_("how it is decided"), max_length=10, choices=Process.choices, default=Process.CONSENT)
    multiple_choice = models.BooleanField(_("several options may be chosen"), default=False)
    quorum_percent = models.PositiveSmallIntegerField(
        _("quorum (% of member organisations)"), default=50, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    hide_results = models.BooleanField(_("hide results until closing"), default=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    opens_at = models.DateTimeField(_("opened"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, blank=True)
    # The co-chairs' own wording of the outcome, in the language they wrote it; empty until they
    # word it. What closing found is kept as facts (numbers, names, answer codes) and written in
    # each reader's language (outcome_text), never as a sentence in the closer's language.
    outcome_statement = models.TextField(_("outcome statement"), blank=True)
    outcome_facts = models.JSONField(_("outcome facts"), default=dict, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("proposed by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    proposed_for = models.ForeignKey(
        "landscape.Stakeholder",
        verbose_name=_("on behalf of"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # The proposal this one amends (a blocked purpose comes back amended).
    amends = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="amendments")
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")

    def __str__(self) -> str:
        return self.title

    @property
    def subject_spec(self) -> DecisionSubject | None:
        return capabilities.decision_subject(self.subject)

    @property
    def heading(self) -> str:
        """The title in the active language: a generated one is written again from its code."""
        template = GENERATED_TITLES.get(self.title_code)
        if template is None:
            return self.title
        try:
            return str(template) % self.title_params
        except (KeyError, TypeError, ValueError):
            return self.title

    @property
    def outcome_text(self) -> str:
        """The outcome statement in the active language: the co-chairs' wording if they gave one,
        else the sentence made from the facts recorded at closing."""
        if self.outcome_statement:
            return self.outcome_statement
        if not self.outcome_facts:
            return ""
        return outcome_sentence(self.outcome, self.process, self.outcome_facts)

    def get_subject_display(self) -> str:
        spec = self.subject_spec
        return str(spec.label) if spec else self.subject

    @cached_property
    def record(self) -> Any:
        """The record this proposal decides (None for a subject about no record), read through
        its owning capability and always within the proposal's alliance."""
        spec = self.subject_spec
        if spec is None or not spec.has_record or self.record_id is None:
            return None
        return spec.get(self.alliance, self.record_id)


class ProposalOption(models.Model):
    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="proposal_options")
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="options")
    label = models.CharField(_("option"), max_length=200)
    order = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("option")
        verbose_name_plural = _("options")

    def __str__(self) -> str:
        return self.label


class Vote(models.Model):
    """One organisation's voice on one proposal. Casting again replaces it until closing."""

    class Response(models.TextChoices):
        AGREE = "agree", _("Agree")
        ABSTAIN = "abstain", _("Abstain")
        DISAGREE = "disagree", _("Disagree")
        BLOCK = "block", _("Block")
        STAND_ASIDE = "stand_aside", _("Stand aside")

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="votes")
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="votes")
    organisation = models.ForeignKey("landscape.Stakeholder", on_delete=models.CASCADE, related_name="votes")
    cast_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    response = models.CharField(_("response"), max_length=12, choices=Response.choices, blank=True)
    options = models.ManyToManyField(ProposalOption, blank=True, related_name="votes")
    reason = models.TextField(_("reason"), blank=True)
    cast_at = models.DateTimeField(_("cast"), default=timezone.now)

    history = HistoricalRecords(m2m_fields=[options])

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["proposal", "organisation"], name="vote_one_voice_per_organisation"),
            models.CheckConstraint(
                condition=~models.Q(response="block") | ~models.Q(reason=""), name="vote_block_needs_reason"
            ),
        ]
        verbose_name = _("vote")
        verbose_name_plural = _("votes")

    def __str__(self) -> str:
        return f"{self.organisation}: {self.response or 'options'}"


# What each process lets an organisation answer (services and selectors both read it).
RESPONSES: dict[str, tuple[str, ...]] = {
    Proposal.Process.CONSENT: (Vote.Response.AGREE, Vote.Response.ABSTAIN, Vote.Response.DISAGREE, Vote.Response.BLOCK),
    Proposal.Process.CONSENSUS: (Vote.Response.AGREE, Vote.Response.STAND_ASIDE, Vote.Response.BLOCK),
    Proposal.Process.VOTE: (),
}


# Titles Accord proposes itself, as sentences (a capability passes the code and its parameters).
GENERATED_TITLES: dict[str, Any] = {
    "agree_principles": _("Agree the principles, version %(version)s"),
    "agree_non_negotiables": _("Agree the non-negotiables, version %(version)s"),
    "agree_purpose": _("Agree the purpose, version %(version)s"),
    "adopt_document": _("Adopt “%(title)s”"),
}


def outcome_sentence(outcome: str, process: str, facts: dict[str, Any]) -> str:
    """The outcome statement from the facts recorded at closing, in the active language."""
    members = int(facts.get("members", 0))
    turnout = ngettext(
        "%(voted)s of %(members)s member organisation voted (quorum %(quorum)s%%).",
        "%(voted)s of %(members)s member organisations voted (quorum %(quorum)s%%).",
        members,
    ) % {"voted": facts.get("voted", 0), "members": members, "quorum": facts.get("quorum", 0)}
    winners = [str(w) for w in facts.get("winners", [])]
    parts: list[str] = []
    if outcome == Proposal.Outcome.NO_QUORUM:
        parts.append(gettext("Not decided: too few member organisations voted."))
    elif process == Proposal.Process.VOTE:
        if outcome == Proposal.Outcome.PASSED and winners:
            parts.append(gettext("Chosen: %(option)s.") % {"option": winners[0]})
        elif winners:
            parts.append(gettext("No decision: a tie between %(options)s.") % {"options": ", ".join(winners)})
        else:
            parts.append(gettext("No decision: no option was chosen."))
    elif outcome == Proposal.Outcome.BLOCKED:
        parts.append(gettext("Blocked."))
        for organisation, reason in facts.get("blocks", []):
            parts.append(
                gettext("%(organisation)s blocked it: “%(reason)s”") % {"organisation": organisation, "reason": reason}
            )
    elif outcome == Proposal.Outcome.PASSED:
        parts.append(gettext("Agreed."))
    else:
        parts.append(gettext("Not agreed."))
    parts.append(turnout)
    if process != Proposal.Process.VOTE:
        labels = dict(Vote.Response.choices)
        counts = ", ".join(f"{labels.get(key, key)}: {n}" for key, n in facts.get("responses", []) if n)
    else:
        counts = ", ".join(f"{label}: {n}" for label, n in facts.get("options", []))
    if counts:
        parts.append(counts + ".")
    return " ".join(parts)
