"""The demo alliances' decisions: the purpose each agreed, and how."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command

from accord.core.models import Alliance
from accord.decisions.models import Proposal
from accord.decisions.selectors import visible_tally


def test_demo_alliances_agreed_their_texts_by_decision(db: Any) -> None:
    call_command("demo", verbosity=0)
    georgia = Alliance.objects.get(slug="georgia-dcg")
    blocked = georgia.proposals.get(outcome=Proposal.Outcome.BLOCKED)  # type: ignore[attr-defined]
    block = blocked.votes.get(response="block")
    assert block.organisation.name == "Georgian Smallholder Farmers' Union" and block.reason
    amended = blocked.amendments.get()
    assert amended.outcome == Proposal.Outcome.PASSED
    assert amended.record.version == 3 and amended.record.agreed_by == amended
    assert blocked.closed_at < amended.opens_at < amended.closed_at

    zambia = Alliance.objects.get(slug="zambia-nfnc")
    open_purpose = zambia.proposals.get(subject="purpose")  # type: ignore[attr-defined]
    assert open_purpose.status == Proposal.Status.OPEN and open_purpose.hide_results
    assert open_purpose.votes.count() >= 2 and visible_tally(open_purpose) is None
    assert not zambia.purposes.filter(agreed_at__isnull=False).exists()  # type: ignore[attr-defined]

    peru = Alliance.objects.get(slug="peru-cni")
    current = peru.purposes.order_by("-version").first()  # type: ignore[attr-defined]
    assert current.agreed_by is not None and current.agreed_by.outcome == Proposal.Outcome.PASSED

    for alliance in (georgia, zambia, peru):
        assert alliance.proposals.filter(process=Proposal.Process.VOTE).exists()  # type: ignore[attr-defined]
        latest = {c.kind: c for c in alliance.charters.order_by("version")}  # type: ignore[attr-defined]
        assert all(c.agreed_by is not None for c in latest.values())
        # Nothing agreed is dated in the future or before it was written.
        for proposal in alliance.proposals.filter(status=Proposal.Status.CLOSED):  # type: ignore[attr-defined]
            assert proposal.created_at <= proposal.opens_at <= proposal.closed_at
