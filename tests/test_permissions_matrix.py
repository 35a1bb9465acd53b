"""docs/permissions.md is the contract: every cell of its role × permission table is checked here
against the rules Accord registers, the table must list exactly the registered permissions, and
it must name every permission an alliance page or API operation declares (the routes themselves
are walked over HTTP, role by role, in tests/test_permissions_http.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
import rules
from django.apps import apps

from accord.accounts.models import User
from accord.core.models import Role
from accord.membership.services_roles import seat_grant_role
from tests.conftest import World, make_user
from tests.test_permissions_http import declared_permissions

DOC = Path(__file__).resolve().parent.parent / "docs" / "permissions.md"
OUTSIDER = "outsider"
COLUMNS = [*Role.values, OUTSIDER]


def accord_permissions() -> set[str]:
    labels = {app.label for app in apps.get_app_configs() if app.name.startswith("accord.")}
    return {name for name in rules.permissions.permissions if name.split(".", 1)[0] in labels}


def parse_matrix(text: str) -> tuple[list[str], dict[str, dict[str, bool]]]:
    """The first table whose header names the roles: {permission: {column: allowed}}."""
    rows = [line.strip() for line in text.splitlines() if line.strip().startswith("|")]
    assert rows, "docs/permissions.md has no table"
    header = [c.strip() for c in rows[0].strip("|").split("|")]
    role_columns = header[2:]
    matrix: dict[str, dict[str, bool]] = {}
    for line in rows[2:]:
        cells = [c.strip() for c in line.strip("|").split("|")]
        assert len(cells) == len(header), f"row has {len(cells)} cells, header {len(header)}: {line}"
        perm = cells[0].strip("`")
        assert perm not in matrix, f"{perm} is listed twice"
        assert cells[1], f"{perm} has no description"
        values = cells[2:]
        for column, value in zip(role_columns, values, strict=True):
            assert value in {"yes", "no"}, f"{perm} / {column}: write yes or no, not {value!r}"
        matrix[perm] = {column: value == "yes" for column, value in zip(role_columns, values, strict=True)}
    return role_columns, matrix


ROLE_COLUMNS, MATRIX = parse_matrix(DOC.read_text(encoding="utf-8"))


def test_the_table_has_one_column_per_role_and_the_outsider() -> None:
    assert ROLE_COLUMNS == COLUMNS


def test_every_registered_permission_is_documented_and_nothing_else() -> None:
    registered = accord_permissions()
    assert registered, "no accord permission registered: is autodiscovery of permissions.py broken?"
    assert sorted(registered - MATRIX.keys()) == [], "registered but missing from docs/permissions.md"
    assert sorted(MATRIX.keys() - registered) == [], "in docs/permissions.md but not registered"


def test_every_permission_a_route_declares_is_documented_and_registered() -> None:
    declared = declared_permissions()
    assert declared, "no route declares a permission: is the route walk of tests/test_permissions_http.py broken?"
    undocumented = {perm: routes for perm, routes in declared.items() if perm not in MATRIX}
    assert undocumented == {}, "declared by these routes but missing from docs/permissions.md"
    unregistered = {perm: routes for perm, routes in declared.items() if perm not in accord_permissions()}
    assert unregistered == {}, "declared by these routes but registered by no permissions.py"


@pytest.fixture
def personas(world: World) -> dict[str, User]:
    """One person per column, each holding only that role in alliance A (alice is also a
    representative, so the co-chair column gets a fresh co-chair)."""
    people: dict[str, User] = dict(world.by_role())
    chair = make_user("only-chair@a.test", name="Chair Only")
    seat_grant_role(alliance=world.a, email=chair.email, role=Role.CO_CHAIR)
    people[Role.CO_CHAIR] = chair
    people[OUTSIDER] = world.lear
    return people


def test_personas_hold_exactly_their_role(world: World, personas: dict[str, User]) -> None:
    from accord.core.permissions import roles_of

    for column, user in personas.items():
        expected = frozenset() if column == OUTSIDER else frozenset({column})
        assert roles_of(user, world.a) == expected, column


@pytest.mark.parametrize("perm", sorted(MATRIX))
def test_each_cell_matches_the_rules(perm: str, world: World, personas: dict[str, User]) -> None:
    wrong = {
        column: expected
        for column, expected in MATRIX[perm].items()
        if bool(rules.has_perm(perm, personas[column], world.a)) != expected
    }
    assert not wrong, f"{perm}: docs/permissions.md says {wrong}, the rules say the opposite"


def test_a_superuser_without_a_role_gets_nothing_inside_an_alliance(world: World) -> None:
    admin = make_user("root@a.test", is_superuser=True, is_staff=True)
    inside = [p for p, cells in MATRIX.items() if not cells[OUTSIDER]]
    assert inside
    assert [p for p in inside if p != "core.use_admin_site" and rules.has_perm(p, admin, world.a)] == []
    assert rules.has_perm("core.use_admin_site", admin, world.a)
