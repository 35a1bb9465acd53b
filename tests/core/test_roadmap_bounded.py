"""The roadmap counts in SQL: however large the landscape, it builds no assessment or stakeholder
objects, reads the targets once, and its numbers are the exact ones."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connection
from django.db.models.signals import post_init
from django.test.utils import CaptureQueriesContext

from accord.bench.synthetic import generate_alliance
from accord.core.roadmap import roadmap_for
from accord.landscape import roadmap as landscape_roadmap
from accord.landscape.models import Assessment, Stakeholder
from accord.landscape.selectors import current_assessments


@contextmanager
def _instances() -> Iterator[Counter[str]]:
    """Count the model objects built while the block runs (rows materialised as instances)."""
    made: Counter[str] = Counter()

    def seen(sender: type, **kwargs: Any) -> None:
        made[sender.__name__] += 1

    post_init.connect(seen, dispatch_uid="roadmap-bounded")
    try:
        yield made
    finally:
        post_init.disconnect(dispatch_uid="roadmap-bounded")


def test_the_roadmap_builds_no_assessment_or_stakeholder_objects(db: Any) -> None:
    small = generate_alliance(0.1, slug="road-small").alliance
    large = generate_alliance(0.4, slug="road-large").alliance
    made = []
    for alliance in (small, large):
        with _instances() as counter:
            roadmap_for(alliance)
        made.append(counter)
    assert large.assessments.count() > 3 * small.assessments.count()
    for counter in made:
        # A wrong program that reads every current assessment builds one Assessment per
        # assessed stakeholder (hundreds here).
        assert counter["Assessment"] == 0, counter
    # Whatever it does build (the purpose, the co-chairs' and secretariat's seats with their
    # organisations) does not depend on the size of the landscape.
    assert sum(made[0].values()) == sum(made[1].values()), made


def test_the_roadmap_reads_the_targets_once(db: Any) -> None:
    alliance = generate_alliance(0.1, slug="road-once").alliance
    with CaptureQueriesContext(connection) as ctx:
        roadmap_for(alliance)
    # Queries that filter on being a target (other rows only select the column).
    on_targets = [q["sql"] for q in ctx.captured_queries if '."is_target")' in q["sql"]]
    assert len(on_targets) == 1, "\n".join(q[:300] for q in on_targets)


def test_step_two_and_eight_counts_are_the_exact_ones(db: Any) -> None:
    alliance = generate_alliance(0.3, slug="road-exact").alliance
    # Make the numbers interesting: one target loses its assessments, another's current one has
    # no position.
    targets = list(Stakeholder.objects.filter(alliance=alliance, is_target=True).order_by("name"))
    assert len(targets) >= 3
    targets[0].assessments.all().delete()
    latest = targets[1].assessments.order_by("-assessed_on", "-id").first()
    assert latest is not None
    Assessment.objects.filter(pk=latest.pk).update(position=None)

    current = current_assessments(alliance)  # the old way, in Python, as the reference
    with_position = sum(1 for t in targets if t.pk in current and current[t.pk].position is not None)
    assessed_targets = sum(1 for t in targets if t.pk in current)

    summary = landscape_roadmap.targets_summary(alliance)
    assert summary.named == len(targets)
    assert summary.assessed == assessed_targets == len(targets) - 1
    assert summary.with_position == with_position == len(targets) - 2
    assert summary.first_unassessed == (targets[0].pk, targets[0].name)

    step2 = landscape_roadmap.landscape_step(alliance)
    texts = [str(e.text) for e in step2.evidence]
    assert f"{with_position} of {len(targets)} targets assessed with a known position" in texts
    assert f"{len(current)} stakeholders with a current assessment (position and influence)" in texts

    step8 = landscape_roadmap.power_holders_step(alliance)
    assert f"{assessed_targets} of {len(targets)} targets assessed for influence" in [
        str(e.text) for e in step8.evidence
    ]
    assert str(step8.next_action) == f"Assess the influence of {targets[0].name}."
    assert step8.next_url.endswith(f"/stakeholders/{targets[0].pk}/")
