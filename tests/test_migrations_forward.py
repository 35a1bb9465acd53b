"""The capability contract's migrations run forward from the schema before it, with data in it:
proposals, circulations and endorsements that pointed at a purpose or a charter by foreign key
name them by subject and record id afterwards, and seats keep their roles."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [
    ("core", "0002_initial"),
    ("alliances", "0002_initial"),
    ("decisions", "0002_versions_restrict"),
    ("membership", "0002_alter_invitation_purpose"),
    ("charters", None),
    ("framework", None),
    ("purpose", None),
]


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_old_rows_come_through_the_move_and_the_subjects() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = MigrationExecutor(connection)._create_project_state(with_applied_migrations=True).apps
    User = old.get_model("accounts", "User")
    Alliance = old.get_model("core", "Alliance")
    Stakeholder = old.get_model("landscape", "Stakeholder")
    Seat, SeatRole = old.get_model("core", "Seat"), old.get_model("core", "SeatRole")
    Purpose, Charter = old.get_model("alliances", "Purpose"), old.get_model("alliances", "Charter")
    Circulation, Endorsement = old.get_model("alliances", "Circulation"), old.get_model("alliances", "Endorsement")
    Proposal = old.get_model("decisions", "Proposal")

    user = User.objects.create(email="old@example.org", name="Old")
    alliance = Alliance.objects.create(slug="old", name="Old alliance")
    org = Stakeholder.objects.create(alliance=alliance, name="Old NGO", kind="local_ngo", scope="national")
    seat = Seat.objects.create(alliance=alliance, user=user, organisation=org)
    SeatRole.objects.create(alliance=alliance, seat=seat, role="co_chair")
    purpose = Purpose.objects.create(alliance=alliance, version=1, policy="Seed law")
    charter = Charter.objects.create(alliance=alliance, kind="principles", version=1, items=[])
    on_purpose = Proposal.objects.create(alliance=alliance, title="Agree it", subject="purpose", purpose=purpose)
    Proposal.objects.create(alliance=alliance, title="Something", subject="general")
    Circulation.objects.create(alliance=alliance, charter=charter)
    Endorsement.objects.create(alliance=alliance, organisation=org, purpose=purpose)

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    from accord.charters.models import Circulation as NewCirculation
    from accord.charters.models import Endorsement as NewEndorsement
    from accord.decisions.models import Proposal as NewProposal
    from accord.membership.models import SeatRole as NewSeatRole
    from accord.purpose.models import Purpose as NewPurpose

    moved = NewProposal.objects.get(pk=on_purpose.pk)
    assert (moved.subject, moved.record_id) == ("purpose", purpose.pk)
    assert moved.record == NewPurpose.objects.get(pk=purpose.pk)
    assert NewProposal.objects.get(title="Something").record_id is None
    assert list(NewCirculation.objects.values_list("subject", "record_id")) == [("charter", charter.pk)]
    assert list(NewEndorsement.objects.values_list("subject", "record_id")) == [("purpose", purpose.pk)]
    assert list(NewSeatRole.objects.values_list("seat__user__email", "role")) == [("old@example.org", "co_chair")]
