"""The outcome statement is stored as facts and written in each reader's language: a Spanish
member and a French member read the same closing each in their own words; the co-chairs' own
wording, once given, is shown as they wrote it."""

from __future__ import annotations

from django.conf import settings
from django.utils import translation

from accord.core.models import Notice
from accord.decisions import services
from accord.decisions.models import Proposal
from tests.decisions.conftest import Voices, open_proposal


def closed_with_a_block(voices: Voices) -> Proposal:
    world = voices.world
    proposal = open_proposal(world)
    services.vote_cast(proposal=proposal, user=world.alice, response="agree")
    services.vote_cast(proposal=proposal, user=voices.hana, response="block", reason="No deadline in it.")
    return services.proposal_close(proposal=proposal, user=world.alice, early=True)


def test_closing_stores_facts_not_a_sentence(voices: Voices) -> None:
    closed = closed_with_a_block(voices)
    assert closed.outcome_statement == ""
    assert closed.outcome_facts["blocks"] == [["Hill Herders", "No deadline in it."]]
    assert closed.outcome_facts["voted"] == 2 and closed.outcome_facts["members"] == 3


def test_each_reader_gets_the_statement_in_their_language(voices: Voices) -> None:
    closed = closed_with_a_block(voices)
    with translation.override("en"):
        english = closed.outcome_text
    with translation.override("es"):
        spanish = closed.outcome_text
    with translation.override("fr"):
        french = closed.outcome_text
    assert english.startswith("Blocked. Hill Herders blocked it: “No deadline in it.”")
    assert "2 of 3 member organisations voted" in english
    assert spanish.startswith("Bloqueada.") and "Blocked" not in spanish and "voted" not in spanish
    assert french.startswith("Proposition bloquée.") and "Blocked" not in french and "voted" not in french
    assert "No deadline in it." in spanish and "No deadline in it." in french  # the reason as written


def test_the_proposal_page_and_the_message_follow_the_reader(voices: Voices) -> None:
    world = voices.world
    world.bob.language = "es"
    world.bob.save(update_fields=["language"])
    closed = closed_with_a_block(voices)
    to_bob = Notice.objects.get(recipient=world.bob, kind="decisions.outcome")
    to_alice = Notice.objects.get(recipient=world.alice, kind="decisions.outcome")
    assert "Bloqueada." in to_bob.body and "Blocked." not in to_bob.body
    assert "Blocked." in to_alice.body
    client = world.client_for(world.alice)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    page = client.get(f"/a/{world.a.slug}/decisions/{closed.pk}/").content.decode()
    translation.activate(settings.LANGUAGE_CODE)
    assert "Proposition bloquée." in page


def test_the_co_chairs_wording_is_kept_as_written(voices: Voices) -> None:
    closed = closed_with_a_block(voices)
    services.proposal_update_statement(proposal=closed, user=voices.world.alice, statement="Back in May, amended.")
    with translation.override("fr"):
        assert closed.outcome_text == "Back in May, amended."


def test_a_generated_title_is_a_sentence_kept_as_its_code(voices: Voices) -> None:
    world = voices.world
    proposal = services.proposal_create(
        alliance=world.a,
        user=world.alice,
        title_code="adopt_document",
        title_params={"title": "How we work together"},
    )
    proposal.refresh_from_db()
    assert proposal.title == "Adopt “How we work together”" == proposal.heading
    assert proposal.title_code == "adopt_document" and proposal.title_params == {"title": "How we work together"}
    with translation.override("fr"):
        # Written again at read time from the code, in the reader's language.
        assert proposal.heading == translation.gettext("Adopt “%(title)s”") % {"title": "How we work together"}
    typed = services.proposal_create(alliance=world.a, user=world.alice, title="Meet in May")
    with translation.override("es"):
        assert typed.heading == "Meet in May"  # a title a person typed stays as typed
