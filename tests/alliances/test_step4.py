"""Roadmap step 4 (purpose, principles and non-negotiables agreed and circulated) and the
ways-of-working part of step 5."""

from __future__ import annotations

from django.utils import timezone

from accord.charters.roadmap import agreement_step
from accord.charters.services import circulation_create
from accord.core.roadmap import State
from accord.framework.roadmap import terms_of_reference_step
from accord.framework.services import framework_document_adopt, framework_document_generate
from accord.purpose.services import purpose_save
from tests.alliances.test_charters import NON_NEG, PRINCIPLES, agree_charter, agree_purpose, passed_proposal, save
from tests.conftest import World


def test_step_four_is_not_started_without_any_text(world: World) -> None:
    status = agreement_step(world.a)
    assert status.state == State.TODO
    assert "/charters/" in status.next_url or "/purpose/" in status.next_url


def test_step_four_needs_all_three_agreed_and_circulated(world: World) -> None:
    purpose = agree_purpose(
        purpose_save(alliance=world.a, user=world.alice, data={"change_sought": "x"}, base_version=None)
    )
    principles = agree_charter(save(world, PRINCIPLES, ["Inclusion"], None))
    status = agreement_step(world.a)
    assert status.state == State.IN_PROGRESS
    assert "Circulate the agreed purpose" in str(status.next_action)
    circulation_create(alliance=world.a, user=world.alice, text=purpose)
    circulation_create(alliance=world.a, user=world.alice, text=principles)
    status = agreement_step(world.a)
    assert status.state == State.IN_PROGRESS
    assert "non-negotiables" in str(status.next_action)
    non_neg = agree_charter(save(world, NON_NEG, ["The policy must include a budget."], None))
    assert agreement_step(world.a).state == State.IN_PROGRESS  # agreed, not yet circulated
    circulation_create(alliance=world.a, user=world.alice, text=non_neg)
    status = agreement_step(world.a)
    assert status.state == State.DONE
    assert all(e.ok for e in status.evidence)


def test_an_agreement_without_a_recorded_decision_does_not_count(world: World) -> None:
    charter = save(world, PRINCIPLES, ["Inclusion"], None)
    charter.agreed_at = timezone.now()
    charter.save(update_fields=["agreed_at"])
    status = agreement_step(world.a)
    assert any("Principles: no version agreed by decision yet." in str(e.text) for e in status.evidence)


def test_the_roadmap_page_shows_step_four_done(world: World) -> None:
    purpose = agree_purpose(
        purpose_save(alliance=world.a, user=world.alice, data={"change_sought": "x"}, base_version=None)
    )
    circulation_create(alliance=world.a, user=world.alice, text=purpose)
    for kind in (PRINCIPLES, NON_NEG):
        circulation_create(alliance=world.a, user=world.alice, text=agree_charter(save(world, kind, ["t"], None)))
    page = world.client_for(world.olga).get("/a/riverside/").content.decode()
    step = page[page.index('id="step-4"') : page.index('id="step-5"')]
    assert "Done" in step


def test_step_five_ways_of_working_part_needs_an_adopted_note_or_terms_of_reference(world: World) -> None:
    assert terms_of_reference_step(world.a).state == State.TODO
    mou = framework_document_generate(alliance=world.a, user=world.sam, kind="mou")
    framework_document_adopt(document=mou, proposal=passed_proposal(world.a, subject="framework", record_id=mou.pk))
    assert terms_of_reference_step(world.a).state != State.DONE  # an MoU is not a ways-of-working note
    note = framework_document_generate(alliance=world.a, user=world.sam, kind="ways_of_working")
    assert terms_of_reference_step(world.a).state == State.IN_PROGRESS
    framework_document_adopt(document=note, proposal=passed_proposal(world.a, subject="framework", record_id=note.pk))
    status = terms_of_reference_step(world.a)
    assert status.state == State.DONE
    assert f"/framework/{note.pk}/" in status.evidence[0].url
