"""Proposals: creating, opening, one voice per organisation, closing, applying the outcome."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accord.charters.models import Charter
from accord.core.models import Notice
from accord.decisions import services
from accord.decisions.models import Proposal, Vote
from accord.framework.models import FrameworkDocument
from accord.purpose.services import purpose_save
from tests.decisions.conftest import Voices, open_proposal, soon

P = Proposal.Process
OUT = Proposal.Outcome


def purpose_version(voices: Voices, n: int = 1) -> object:
    world = voices.world
    return purpose_save(
        alliance=world.a, user=world.alice, data={"policy": f"Seed law, take {n}"}, base_version=(n - 1) or None
    )


# --- creating ------------------------------------------------------------------------------


def test_it_refuses_a_purpose_proposal_without_its_version(voices: Voices) -> None:
    with pytest.raises(ValidationError) as exc:
        services.proposal_create(alliance=voices.world.a, user=voices.world.alice, title="Agree", subject="purpose")
    assert "record" in exc.value.message_dict


def test_it_refuses_a_version_of_another_alliance(voices: Voices) -> None:
    world = voices.world
    foreign = purpose_save(alliance=world.b, user=world.lear, data={"policy": "x"}, base_version=None)
    with pytest.raises(ValidationError) as exc:
        services.proposal_create(alliance=world.a, user=world.alice, title="Agree", subject="purpose", record=foreign)
    assert "record" in exc.value.message_dict
    assert not Proposal.objects.exists()


def test_it_refuses_an_already_agreed_version(voices: Voices) -> None:
    world = voices.world
    purpose = purpose_version(voices)
    first = open_proposal(world, subject="purpose", record=purpose)
    services.vote_cast(proposal=first, user=world.alice, response="agree")
    services.vote_cast(proposal=first, user=world.bob, response="agree")
    services.proposal_close(proposal=first, user=world.alice, early=True)
    with pytest.raises(ValidationError, match="already agreed"):
        services.proposal_create(alliance=world.a, user=world.alice, title="Again", subject="purpose", record=purpose)


def test_a_vote_needs_two_different_options(voices: Voices) -> None:
    world = voices.world
    for options in ([], ["Monday"], ["Monday", "monday"]):
        with pytest.raises(ValidationError) as exc:
            services.proposal_create(alliance=world.a, user=world.alice, title="Date", process=P.VOTE, options=options)
        assert "options" in exc.value.message_dict
    assert not Proposal.objects.exists()


def test_a_text_is_not_agreed_by_a_vote_between_options(voices: Voices) -> None:
    with pytest.raises(ValidationError) as exc:
        services.proposal_create(
            alliance=voices.world.a,
            user=voices.world.alice,
            title="Agree",
            subject="purpose",
            record=purpose_version(voices),
            process=P.VOTE,
            options=["yes", "no"],
        )
    assert "process" in exc.value.message_dict


def test_a_proposal_speaks_for_the_proposers_organisation(voices: Voices) -> None:
    proposal = services.proposal_create(alliance=voices.world.a, user=voices.world.bob, title="Monthly meetings")
    assert proposal.status == Proposal.Status.DRAFT
    assert proposal.proposed_for == voices.valley


# --- opening -------------------------------------------------------------------------------


def test_opening_needs_a_closing_time_ahead(voices: Voices) -> None:
    world = voices.world
    proposal = services.proposal_create(alliance=world.a, user=world.alice, title="x")
    with pytest.raises(ValidationError) as exc:
        services.proposal_open(proposal=proposal, user=world.alice, closes_at=timezone.now() - dt.timedelta(minutes=1))
    assert "closes_at" in exc.value.message_dict
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.DRAFT


def test_opening_tells_every_member_organisations_representatives(voices: Voices) -> None:
    world = voices.world
    proposal = open_proposal(world)
    assert proposal.status == Proposal.Status.OPEN and proposal.opens_at is not None
    told = set(Notice.objects.filter(kind="decisions.opened").values_list("recipient__email", flat=True))
    # Representatives of the three member organisations; not the observer, not the other alliance.
    assert told == {"alice@a.test", "bob@a.test", "hana@a.test"}


# --- voting --------------------------------------------------------------------------------


def test_only_the_designated_voice_votes(voices: Voices) -> None:
    world = voices.world
    proposal = open_proposal(world)
    for person in (world.sam, world.olga, world.lear):
        with pytest.raises(PermissionDenied):
            services.vote_cast(proposal=proposal, user=person, response="agree")
    assert not Vote.objects.exists()


def test_casting_again_replaces_the_organisations_vote(voices: Voices) -> None:
    world = voices.world
    proposal = open_proposal(world)
    services.vote_cast(proposal=proposal, user=world.bob, response="disagree")
    services.vote_cast(proposal=proposal, user=world.bob, response="agree", reason="We read it again.")
    vote = Vote.objects.get()
    assert (vote.response, vote.reason, vote.organisation) == ("agree", "We read it again.", voices.valley)


def test_a_block_needs_a_reason(voices: Voices) -> None:
    proposal = open_proposal(voices.world)
    with pytest.raises(ValidationError) as exc:
        services.vote_cast(proposal=proposal, user=voices.world.bob, response="block", reason="  ")
    assert "reason" in exc.value.message_dict
    assert not Vote.objects.exists()


def test_each_process_accepts_only_its_own_answers(voices: Voices) -> None:
    world = voices.world
    consent = open_proposal(world, process=P.CONSENT)
    consensus = open_proposal(world, process=P.CONSENSUS)
    with pytest.raises(ValidationError):
        services.vote_cast(proposal=consent, user=world.bob, response="stand_aside")
    with pytest.raises(ValidationError):
        services.vote_cast(proposal=consensus, user=world.bob, response="disagree")
    services.vote_cast(proposal=consensus, user=world.bob, response="stand_aside")


def test_single_choice_vote_takes_one_option_of_this_proposal(voices: Voices) -> None:
    world = voices.world
    proposal = open_proposal(world, process=P.VOTE, options=["May", "June"])
    other = open_proposal(world, process=P.VOTE, options=["July", "August"])
    may, june = proposal.options.all()  # type: ignore[attr-defined]
    with pytest.raises(ValidationError):
        services.vote_cast(proposal=proposal, user=world.bob, option_ids=[may.pk, june.pk])
    with pytest.raises(ValidationError):
        services.vote_cast(proposal=proposal, user=world.bob, option_ids=[other.options.first().pk])  # type: ignore[attr-defined]
    vote = services.vote_cast(proposal=proposal, user=world.bob, option_ids=[june.pk])
    assert list(vote.options.all()) == [june]


def test_multiple_choice_vote_takes_several_options(voices: Voices) -> None:
    world = voices.world
    proposal = open_proposal(world, process=P.VOTE, options=["May", "June", "July"], multiple_choice=True)
    may, _june, july = proposal.options.all()  # type: ignore[attr-defined]
    vote = services.vote_cast(proposal=proposal, user=world.bob, option_ids=[may.pk, july.pk])
    assert set(vote.options.all()) == {may, july}


def test_no_vote_after_closing_time_or_on_a_draft(voices: Voices) -> None:
    world = voices.world
    proposal = open_proposal(world, closes_at=soon(1))
    with pytest.raises(ValidationError):
        services.vote_cast(proposal=proposal, user=world.bob, response="agree", now=soon(2))
    draft = services.proposal_create(alliance=world.a, user=world.alice, title="Draft")
    with pytest.raises(ValidationError):
        services.vote_cast(proposal=draft, user=world.bob, response="agree")


# --- closing -------------------------------------------------------------------------------


def close(proposal: Proposal, voices: Voices) -> Proposal:
    return services.proposal_close(proposal=proposal, user=voices.world.alice, early=True)


def test_consent_passes_with_no_block_and_more_agree_than_disagree(voices: Voices) -> None:
    world = voices.world
    proposal = open_proposal(world)
    services.vote_cast(proposal=proposal, user=world.alice, response="agree")
    services.vote_cast(proposal=proposal, user=world.bob, response="agree")
    services.vote_cast(proposal=proposal, user=voices.hana, response="disagree")
    assert close(proposal, voices).outcome == OUT.PASSED


def test_consent_is_not_passed_on_a_tie_between_agree_and_disagree(voices: Voices) -> None:
    world = voices.world
    proposal = open_proposal(world)
    services.vote_cast(proposal=proposal, user=world.alice, response="agree")
    services.vote_cast(proposal=proposal, user=world.bob, response="disagree")
    services.vote_cast(proposal=proposal, user=voices.hana, response="abstain")
    assert close(proposal, voices).outcome == OUT.REJECTED


def test_one_block_blocks_and_the_statement_gives_its_reason(voices: Voices) -> None:
    world = voices.world
    proposal = open_proposal(world)
    services.vote_cast(proposal=proposal, user=world.alice, response="agree")
    services.vote_cast(proposal=proposal, user=voices.hana, response="block", reason="No deadline in it.")
    closed = close(proposal, voices)
    assert closed.outcome == OUT.BLOCKED
    assert "Hill Herders" in closed.outcome_text and "No deadline in it." in closed.outcome_text


def test_consensus_passes_with_stand_asides_but_not_with_a_block(voices: Voices) -> None:
    world = voices.world
    passes = open_proposal(world, process=P.CONSENSUS)
    services.vote_cast(proposal=passes, user=world.alice, response="agree")
    services.vote_cast(proposal=passes, user=world.bob, response="stand_aside")
    assert close(passes, voices).outcome == OUT.PASSED
    blocked = open_proposal(world, process=P.CONSENSUS)
    services.vote_cast(proposal=blocked, user=world.alice, response="agree")
    services.vote_cast(proposal=blocked, user=world.bob, response="block", reason="Not without women farmers.")
    assert close(blocked, voices).outcome == OUT.BLOCKED


def test_below_the_quorum_nothing_is_decided(voices: Voices) -> None:
    world = voices.world
    proposal = open_proposal(world, quorum_percent=50)
    services.vote_cast(proposal=proposal, user=world.alice, response="agree")  # 1 of 3 = 33%
    assert close(proposal, voices).outcome == OUT.NO_QUORUM


def test_the_option_with_most_votes_wins_and_a_tie_decides_nothing(voices: Voices) -> None:
    world = voices.world
    won = open_proposal(world, process=P.VOTE, options=["May", "June"])
    may, june = won.options.all()  # type: ignore[attr-defined]
    services.vote_cast(proposal=won, user=world.alice, option_ids=[june.pk])
    services.vote_cast(proposal=won, user=world.bob, option_ids=[june.pk])
    services.vote_cast(proposal=won, user=voices.hana, option_ids=[may.pk])
    closed = close(won, voices)
    assert closed.outcome == OUT.PASSED and "June" in closed.outcome_text
    tie = open_proposal(world, process=P.VOTE, options=["May", "June"])
    may, june = tie.options.all()  # type: ignore[attr-defined]
    services.vote_cast(proposal=tie, user=world.alice, option_ids=[may.pk])
    services.vote_cast(proposal=tie, user=world.bob, option_ids=[june.pk])
    assert close(tie, voices).outcome == OUT.REJECTED


def test_it_closes_at_its_time_or_early_only_by_managers(voices: Voices) -> None:
    world = voices.world
    proposal = open_proposal(world)
    with pytest.raises(ValidationError):
        services.proposal_close(proposal=proposal)  # not yet its time
    with pytest.raises(PermissionDenied):
        services.proposal_close(proposal=proposal, user=world.bob, early=True)
    closed = services.proposal_close(proposal=proposal, now=soon(49))
    assert closed.status == Proposal.Status.CLOSED
    assert Notice.objects.filter(kind="decisions.outcome").count() == 3


def test_a_passed_purpose_proposal_makes_it_the_agreed_purpose(voices: Voices) -> None:
    world = voices.world
    purpose = purpose_version(voices)
    proposal = open_proposal(world, subject="purpose", record=purpose)
    services.vote_cast(proposal=proposal, user=world.alice, response="agree")
    services.vote_cast(proposal=proposal, user=world.bob, response="agree")
    close(proposal, voices)
    purpose.refresh_from_db()  # type: ignore[attr-defined]
    assert purpose.agreed_by == proposal and purpose.agreed_at is not None  # type: ignore[attr-defined]


def test_passed_charter_and_framework_proposals_are_applied(voices: Voices) -> None:
    world = voices.world
    charter = Charter.objects.create(alliance=world.a, kind=Charter.Kind.PRINCIPLES, version=1, items=[])
    document = FrameworkDocument.objects.create(alliance=world.a, kind="ways_of_working", version=1, title="How")
    for kwargs in (
        {"subject": "charter", "record": charter},
        {"subject": "framework", "record": document},
    ):
        proposal = open_proposal(world, **kwargs)
        services.vote_cast(proposal=proposal, user=world.alice, response="agree")
        services.vote_cast(proposal=proposal, user=world.bob, response="agree")
        close(proposal, voices)
    charter.refresh_from_db()
    document.refresh_from_db()
    assert charter.agreed_at is not None and document.adopted_at is not None


def test_a_blocked_purpose_comes_back_amended_and_is_agreed(voices: Voices) -> None:
    world = voices.world
    first, second = purpose_version(voices, 1), purpose_version(voices, 2)
    blocked = open_proposal(world, subject="purpose", record=first)
    services.vote_cast(proposal=blocked, user=world.bob, response="block", reason="Women farmers are missing.")
    services.vote_cast(proposal=blocked, user=world.alice, response="agree")
    close(blocked, voices)
    with pytest.raises(ValidationError):  # an amendment proposes another version
        services.proposal_create(
            alliance=world.a, user=world.alice, title="Again", subject="purpose", record=first, amends=blocked
        )
    amended = open_proposal(world, subject="purpose", record=second, amends=blocked)
    services.vote_cast(proposal=amended, user=world.bob, response="agree")
    services.vote_cast(proposal=amended, user=world.alice, response="agree")
    assert close(amended, voices).outcome == OUT.PASSED
    first.refresh_from_db()  # type: ignore[attr-defined]
    second.refresh_from_db()  # type: ignore[attr-defined]
    assert first.agreed_at is None and second.agreed_by == amended  # type: ignore[attr-defined]


def test_only_a_proposal_that_did_not_pass_can_be_amended(voices: Voices) -> None:
    world = voices.world
    passed = open_proposal(world)
    services.vote_cast(proposal=passed, user=world.alice, response="agree")
    services.vote_cast(proposal=passed, user=world.bob, response="agree")
    close(passed, voices)
    with pytest.raises(ValidationError) as exc:
        services.proposal_create(alliance=world.a, user=world.alice, title="Amend", amends=passed)
    assert "amends" in exc.value.message_dict


def test_the_statement_is_reworded_by_managers_after_closing(voices: Voices) -> None:
    world = voices.world
    proposal = open_proposal(world)
    with pytest.raises(ValidationError):
        services.proposal_update_statement(proposal=proposal, user=world.alice, statement="Early words")
    close(proposal, voices)
    with pytest.raises(PermissionDenied):
        services.proposal_update_statement(proposal=proposal, user=world.bob, statement="Mine")
    services.proposal_update_statement(proposal=proposal, user=world.sam, statement="Agreed at the May meeting.")
    proposal.refresh_from_db()
    assert proposal.outcome_statement == "Agreed at the May meeting."


def test_withdrawing_is_for_the_proposer_or_managers(voices: Voices) -> None:
    world = voices.world
    mine = services.proposal_create(alliance=world.a, user=world.bob, title="Bob's idea")
    theirs = services.proposal_create(alliance=world.a, user=world.alice, title="Alice's idea")
    with pytest.raises(PermissionDenied):
        services.proposal_withdraw(proposal=theirs, user=world.bob)
    assert services.proposal_withdraw(proposal=mine, user=world.bob).status == Proposal.Status.WITHDRAWN
    assert services.proposal_withdraw(proposal=theirs, user=world.sam).status == Proposal.Status.WITHDRAWN
    with pytest.raises(ValidationError):
        services.proposal_withdraw(proposal=theirs, user=world.sam)
