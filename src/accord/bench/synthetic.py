"""A large synthetic alliance, for benchmarks and for tests that must see query counts stay flat.

Scale 1 is about the size of the Georgian seed-sector alliance the method was drawn from:
40 member organisations among 300 stakeholders. Scale 10 is ten times that. Meetings,
activities, surveys and the rest join the generator when those capabilities land.

Rows are written with `accord.core.history.bulk_create`, so each one gets its history row as a
real save would: the pages that show history then read tables of a realistic size. Users are
the exception: they belong to no alliance and the bench never reads their history, so they go
in with a plain `bulk_create` and one shared password hash (hashing thousands of passwords
would dominate the run).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from accord.accounts.models import User
from accord.alliances.models import Purpose
from accord.core import history
from accord.core.models import Alliance, Role, Seat, SeatRole
from accord.landscape.models import Scope, Stakeholder, StakeholderType
from accord.membership.models import Membership

# Sizes at scale 1.
STAKEHOLDERS = 300
MEMBER_ORGANISATIONS = 40
# Candidates, invitations and refusals on the way to membership.
OTHER_MEMBERSHIPS = 30
# People in roles other than a member organisation's representative.
CO_CHAIRS = 2
SECRETARIAT = 1
WG_LEADS = 4
OBSERVERS = 6
EVALUATORS = 2
# A purpose rewritten about once a month over a year.
PURPOSE_VERSIONS = 12

PASSWORD = "bench password 2026"  # noqa: S105 - a throwaway database's synthetic users


@dataclass(frozen=True)
class Sizes:
    stakeholders: int
    member_organisations: int
    other_memberships: int
    co_chairs: int
    secretariat: int
    wg_leads: int
    observers: int
    evaluators: int
    purpose_versions: int

    @classmethod
    def at(cls, scale: float) -> Sizes:
        if scale <= 0:
            raise ValueError("The scale must be positive.")

        def n(base: int, least: int = 1) -> int:
            return max(least, round(base * scale))

        members = n(MEMBER_ORGANISATIONS)
        return cls(
            stakeholders=max(n(STAKEHOLDERS), members),
            member_organisations=members,
            other_memberships=n(OTHER_MEMBERSHIPS, least=0),
            co_chairs=CO_CHAIRS,  # the method asks for two co-chairs whatever the size
            secretariat=SECRETARIAT,
            wg_leads=n(WG_LEADS),
            observers=n(OBSERVERS, least=0),
            evaluators=n(EVALUATORS, least=0),
            purpose_versions=PURPOSE_VERSIONS,  # the purpose's life does not grow with size
        )

    @property
    def people(self) -> int:
        return self.member_organisations + self.secretariat + self.wg_leads + self.observers + self.evaluators

    @property
    def seat_roles(self) -> int:
        # Every representative plus the other roles; the co-chairs are representatives too.
        return self.people + self.co_chairs


@dataclass(frozen=True)
class Generated:
    alliance: Alliance
    sizes: Sizes
    co_chair: User


_KINDS = list(StakeholderType.values)
_SCOPES = list(Scope.values)


def generate_alliance(scale: float = 1.0, *, slug: str = "bench", seed: int = 0) -> Generated:
    """Build one alliance of the given scale and return it with its first co-chair.

    Deterministic for a given seed; slugs must be unique, as they are in e-mail addresses.
    """
    sizes = Sizes.at(scale)
    rng = random.Random(f"{slug}:{seed}")
    today = timezone.localdate()
    start = today - dt.timedelta(days=400)
    with transaction.atomic():
        alliance = Alliance.objects.create(
            slug=slug,
            name=f"Synthetic alliance {slug} (x{scale:g})",
            country="Georgia",
            sector="Seeds",
            status=Alliance.Status.ACTIVE,
        )
        stakeholders = history.bulk_create(
            Stakeholder,
            [
                Stakeholder(
                    alliance=alliance,
                    name=f"Organisation {i:05d}",
                    kind=rng.choice(_KINDS),
                    scope=rng.choice(_SCOPES),
                    represents_affected_population=rng.random() < 0.2,
                    notes="Synthetic record for benchmarks.",
                )
                for i in range(sizes.stakeholders)
            ],
        )
        members = stakeholders[: sizes.member_organisations]
        others = stakeholders[sizes.member_organisations : sizes.member_organisations + sizes.other_memberships]
        other_statuses = [
            Membership.Status.CANDIDATE,
            Membership.Status.INVITED,
            Membership.Status.DECLINED,
            Membership.Status.LEFT,
        ]
        history.bulk_create(
            Membership,
            [
                Membership(
                    alliance=alliance,
                    stakeholder=s,
                    status=Membership.Status.MEMBER,
                    since=start + dt.timedelta(days=i % 300),
                )
                for i, s in enumerate(members)
            ]
            + [
                Membership(alliance=alliance, stakeholder=s, status=other_statuses[i % len(other_statuses)])
                for i, s in enumerate(others)
            ],
        )

        # One person per seat: each member organisation's representative, then the other roles.
        password = make_password(PASSWORD)
        plan: list[tuple[str, Stakeholder | None]] = [(Role.REPRESENTATIVE, s) for s in members]
        for role, count in (
            (Role.SECRETARIAT, sizes.secretariat),
            (Role.WG_LEAD, sizes.wg_leads),
            (Role.OBSERVER, sizes.observers),
            (Role.EVALUATOR, sizes.evaluators),
        ):
            plan += [(role, None) for _ in range(count)]
        users = User.objects.bulk_create(
            [
                User(email=f"p{i:05d}@{slug}.bench.test", name=f"Person {i:05d}", password=password)
                for i in range(len(plan))
            ]
        )
        seats = history.bulk_create(
            Seat,
            [
                Seat(alliance=alliance, user=u, organisation=org, joined_on=start)
                for u, (_role, org) in zip(users, plan, strict=True)
            ],
        )
        roles = [
            SeatRole(alliance=alliance, seat=seat, role=role, starts_on=start)
            for seat, (role, _org) in zip(seats, plan, strict=True)
        ]
        # The first representatives co-chair, as the convener did.
        roles += [
            SeatRole(alliance=alliance, seat=seat, role=Role.CO_CHAIR, starts_on=start)
            for seat in seats[: sizes.co_chairs]
        ]
        history.bulk_create(SeatRole, roles)

        history.bulk_create(
            Purpose,
            [
                Purpose(
                    alliance=alliance,
                    version=v,
                    problem="Farmers cannot register the local seed varieties they have kept for generations.",
                    problem_kind=Purpose.ProblemKind.HARMFUL,
                    policy="Law on seeds and planting material",
                    decision_maker="Parliament's agrarian committee",
                    change_sought=f"Add a simple register for farmers' varieties (draft {v}).",
                    measure="Amendment adopted",
                    target="Amendment adopted with a farmers' variety register",
                    deadline=today + dt.timedelta(days=300),
                    resources_needed="Two staff days a month from each co-chair's organisation.",
                    controversy=Purpose.Controversy.MEDIUM,
                    risk_of_acting="Seed companies may lobby against the register.",
                    risk_of_silence="Local varieties keep disappearing from markets.",
                    added_value="Farmers' unions bring the voice; NGOs bring the legal drafting.",
                    change_note=f"Version {v}",
                    created_by=users[0],
                    created_at=timezone.now() - dt.timedelta(days=30 * (sizes.purpose_versions - v)),
                )
                for v in range(1, sizes.purpose_versions + 1)
            ],
            user=users[0],
        )
    return Generated(alliance=alliance, sizes=sizes, co_chair=users[0])
