"""The periodic run: one reminder before closing, and closing proposals past their time."""

from __future__ import annotations

from accord.core.models import Notice
from accord.decisions import reminders, services
from accord.decisions.models import Proposal
from tests.decisions.conftest import Voices, open_proposal, soon


def test_it_reminds_once_within_a_day_of_closing(voices: Voices) -> None:
    proposal = open_proposal(voices.world, closes_at=soon(48))
    assert reminders.run(soon(1)) == 0  # two days ahead: too early
    assert reminders.run(soon(25)) == 3  # one message per representative
    assert reminders.run(soon(26)) == 0  # once
    assert Notice.objects.filter(kind="decisions.reminder").count() == 3
    proposal.refresh_from_db()
    assert proposal.reminder_sent_at is not None


def test_it_reminds_only_organisations_that_have_not_voted(voices: Voices) -> None:
    world = voices.world
    proposal = open_proposal(world, closes_at=soon(48))
    services.vote_cast(proposal=proposal, user=world.bob, response="agree")
    reminders.run(soon(30))
    reminded = {n.recipient for n in Notice.objects.filter(kind="decisions.reminder")}
    assert reminded == {world.alice, voices.hana}


def test_it_closes_proposals_past_their_time_and_records_the_outcome(voices: Voices) -> None:
    world = voices.world
    proposal = open_proposal(world, closes_at=soon(2))
    services.vote_cast(proposal=proposal, user=world.bob, response="agree")
    services.vote_cast(proposal=proposal, user=world.alice, response="agree")
    assert reminders.run(soon(3)) == 3  # the outcome, to each representative
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.CLOSED and proposal.outcome == Proposal.Outcome.PASSED
    assert reminders.run(soon(4)) == 0


def test_drafts_and_withdrawn_proposals_are_left_alone(voices: Voices) -> None:
    world = voices.world
    draft = services.proposal_create(alliance=world.a, user=world.alice, title="Draft", closes_at=soon(2))
    withdrawn = open_proposal(world, closes_at=soon(2))
    services.proposal_withdraw(proposal=withdrawn, user=world.alice)
    assert reminders.run(soon(3)) == 0
    draft.refresh_from_db()
    assert draft.status == Proposal.Status.DRAFT
    assert not Notice.objects.filter(kind="decisions.reminder").exists()


def test_the_readme_the_deployment_guide_and_the_code_name_one_cadence() -> None:
    """`accord reminders` runs every hour: the README, docs/deployment.md and this module say so,
    and the reminder window is at least that long, so an hourly run never misses a reminder."""
    import datetime as dt
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    readme = next(line for line in (root / "README.md").read_text().splitlines() if "`accord reminders" in line)
    assert "every hour" in readme
    assert "OnCalendar=hourly" in (root / "docs" / "deployment.md").read_text()
    assert "every hour" in (reminders.__doc__ or "") and "every few minutes" not in (reminders.__doc__ or "")
    assert dt.timedelta(hours=1) <= reminders.REMINDER_BEFORE
