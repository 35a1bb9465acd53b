"""A large synthetic alliance, for benchmarks and for tests that must see query counts stay flat.

Scale 1 is about the size of the Georgian seed-sector alliance the method was drawn from:
40 member organisations among 300 stakeholders. Scale 10 is ten times that.

The landscape is shaped like a real one rather than uniform noise: member organisations are
mostly civil society, about 3% of stakeholders are targets (ministries, the parliament's
committee, local authorities, and technical officials inside them), every stakeholder has one
to three dated assessments whose position sometimes moves, and there are about three ties per
stakeholder (influence, funding, membership, alliances, opposition, reporting lines) drawn so
that a few stakeholders, the targets first, are tied to far more than the others. The alliance
has also decided things: its purpose and charters were agreed by proposals each member
organisation voted on. Its work is 600 activities (6,000 at scale 10) in working groups, owned
by member organisations, with offers, needs and commitments. Meetings, surveys and the rest join
the generator when those capabilities land.

Rows are written with `accord.core.history.bulk_create`, so each one gets its history row as a
real save would: the pages that show history then read tables of a realistic size. Users are
the exception: they belong to no alliance and the bench never reads their history, so they go
in with a plain `bulk_create` and one shared password hash (hashing thousands of passwords
would dominate the run).
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from accord.accounts.models import User
from accord.charters.models import Charter
from accord.core import history
from accord.core.models import Alliance, Role
from accord.decisions.models import Proposal, Vote
from accord.landscape.models import Assessment, Scope, Stakeholder, StakeholderType, Tie
from accord.membership.models import Membership, Seat, SeatRole
from accord.purpose.models import Purpose

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
# The landscape: the share of stakeholders who are targets (half of them technical officials
# inside a ministry or the parliament), ties per stakeholder, assessments per stakeholder.
TARGET_SHARE = 0.03
TIES_PER_STAKEHOLDER = 3
ASSESSMENTS_PER_STAKEHOLDER = (1, 3)
# Proposals decided by the member organisations: the purpose, two principles versions, the
# non-negotiables and a few general decisions; one more is still open.
CLOSED_PROPOSALS = 6
# Work: activities spread over working groups and owned by member organisations; about one
# resource offer per member organisation and a half, a need for a third of the activities and
# a commitment for half of them.
ACTIVITIES = 600
WORKING_GROUPS = 6
OFFERS = 60

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
    targets: int
    officials: int
    ties: int
    proposals: int
    activities: int = 0
    working_groups: int = 0
    offers: int = 0

    @classmethod
    def at(cls, scale: float) -> Sizes:
        if scale <= 0:
            raise ValueError("The scale must be positive.")

        def n(base: int, least: int = 1) -> int:
            return max(least, round(base * scale))

        members = n(MEMBER_ORGANISATIONS)
        stakeholders = max(n(STAKEHOLDERS), members)
        others = n(OTHER_MEMBERSHIPS, least=0)
        # Targets are never members or on the way to membership; officials sit inside a
        # government organisation, so at least one organisation stays outside the membership.
        room = max(0, stakeholders - members - others)
        targets = min(room, max(1, round(stakeholders * TARGET_SHARE)))
        officials = min(targets // 2, max(0, room - 1))
        # No self-ties and no duplicate pairs: a tiny alliance cannot hold three ties each.
        ties = min(TIES_PER_STAKEHOLDER * stakeholders, stakeholders * (stakeholders - 1) // 2)
        return cls(
            stakeholders=stakeholders,
            member_organisations=members,
            other_memberships=others,
            co_chairs=CO_CHAIRS,  # the method asks for two co-chairs whatever the size
            secretariat=SECRETARIAT,
            wg_leads=n(WG_LEADS),
            observers=n(OBSERVERS, least=0),
            evaluators=n(EVALUATORS, least=0),
            purpose_versions=PURPOSE_VERSIONS,  # the purpose's life does not grow with size
            targets=targets,
            officials=officials,
            ties=ties,
            proposals=CLOSED_PROPOSALS + 1,  # decisions do not grow with size either
            activities=n(ACTIVITIES),
            working_groups=n(WORKING_GROUPS),
            offers=n(OFFERS),
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


T = StakeholderType
# How common each type is in a national policy landscape (weights), and among the organisations
# that join an alliance of civil society.
_LANDSCAPE_MIX = {
    T.LOCAL_NGO: 18, T.INGO: 7, T.MEMBER_BASED: 10, T.WOMENS_RIGHTS: 5, T.DONOR_MULTILATERAL: 2,
    T.DONOR_BILATERAL: 3, T.DONOR_FOUNDATION: 2, T.ACADEMIC: 7, T.OTHER_SECTOR: 7, T.PRIVATE: 10,
    T.NATIONAL_GOVERNMENT: 8, T.LOCAL_AUTHORITY: 6, T.PARLIAMENT: 3, T.RELIGIOUS_TRADITIONAL: 2,
    T.MEDIA: 4, T.UN_AGENCY: 2, T.EXPERT: 4,
}  # fmt: skip
_MEMBER_MIX = {
    T.LOCAL_NGO: 14, T.INGO: 5, T.MEMBER_BASED: 9, T.WOMENS_RIGHTS: 4, T.ACADEMIC: 4, T.OTHER_SECTOR: 4,
}  # fmt: skip
_GOVERNMENT = (T.NATIONAL_GOVERNMENT, T.PARLIAMENT, T.LOCAL_AUTHORITY)
_DONORS = (T.DONOR_MULTILATERAL, T.DONOR_BILATERAL, T.DONOR_FOUNDATION)
_NAMES = {
    T.LOCAL_NGO: "Local association", T.INGO: "International NGO", T.MEMBER_BASED: "Farmers' union",
    T.WOMENS_RIGHTS: "Women's network", T.DONOR_MULTILATERAL: "Development bank",
    T.DONOR_BILATERAL: "Cooperation agency", T.DONOR_FOUNDATION: "Foundation", T.ACADEMIC: "University",
    T.OTHER_SECTOR: "Institute", T.PRIVATE: "Seed company", T.NATIONAL_GOVERNMENT: "Ministry department",
    T.LOCAL_AUTHORITY: "Municipality", T.PARLIAMENT: "Parliamentary committee",
    T.RELIGIOUS_TRADITIONAL: "Diocese", T.MEDIA: "Newspaper", T.UN_AGENCY: "UN office", T.EXPERT: "Expert",
}  # fmt: skip
# Where each type usually works.
_SCOPES = {
    T.LOCAL_NGO: (Scope.GRASSROOTS, Scope.LOCAL), T.MEMBER_BASED: (Scope.GRASSROOTS, Scope.LOCAL, Scope.NATIONAL),
    T.WOMENS_RIGHTS: (Scope.GRASSROOTS, Scope.LOCAL, Scope.NATIONAL), T.INGO: (Scope.INTERNATIONAL,),
    T.DONOR_MULTILATERAL: (Scope.INTERNATIONAL,), T.DONOR_BILATERAL: (Scope.INTERNATIONAL,),
    T.UN_AGENCY: (Scope.INTERNATIONAL,), T.LOCAL_AUTHORITY: (Scope.LOCAL,),
}  # fmt: skip
# Recorded for about a quarter of stakeholders, as where civil society leans to parties.
_ORIENTATIONS = ("Centre-left", "Centre-right", "Non-partisan")
# Influence each type usually holds over the policy (a range on the 0…5 scale).
_INFLUENCE = {
    T.NATIONAL_GOVERNMENT: (3, 5), T.PARLIAMENT: (3, 5), T.DONOR_MULTILATERAL: (3, 5),
    T.DONOR_BILATERAL: (2, 5), T.UN_AGENCY: (2, 4), T.PRIVATE: (2, 4), T.MEDIA: (2, 4),
    T.LOCAL_AUTHORITY: (1, 3), T.INGO: (1, 4), T.LOCAL_NGO: (0, 2), T.MEMBER_BASED: (1, 3),
}  # fmt: skip
_EVIDENCE = (
    "Said so at the round table on the seed law.",
    "Public statement in the press.",
    "Meeting with the advocacy working group.",
    "Voted on the last amendment.",
    "Heard from a member organisation; to be confirmed.",
)


def _weighted(rng: random.Random, mix: dict[StakeholderType, int]) -> str:
    return str(rng.choices(list(mix), weights=list(mix.values()))[0])


def _tie_kind(rng: random.Random, source: Stakeholder, target: Stakeholder) -> str:
    if source.kind in _DONORS and rng.random() < 0.7:
        return Tie.Kind.FUNDS
    if target.kind == T.MEMBER_BASED and rng.random() < 0.3:
        return Tie.Kind.MEMBER_OF
    return rng.choices(
        (Tie.Kind.INFLUENCES, Tie.Kind.ALLIED_WITH, Tie.Kind.OPPOSES, Tie.Kind.MEMBER_OF),
        weights=(6, 3, 1, 0.5),
    )[0]


def _landscape(
    rng: random.Random, alliance: Alliance, sizes: Sizes, stakeholders: list[Stakeholder], users: list[User]
) -> None:
    """Assessments and ties over the alliance's stakeholders (the last `sizes.officials` of
    which are the officials, tied to their organisation by a reporting line)."""
    today = timezone.localdate()
    assessors = users[: sizes.co_chairs + sizes.secretariat]
    member_ids = {s.pk for s in stakeholders[: sizes.member_organisations]}
    assessments = []
    for s in stakeholders:
        count = rng.randint(*ASSESSMENTS_PER_STAKEHOLDER)
        days = sorted(rng.sample(range(1, 400), count), reverse=True)  # oldest first
        if s.pk in member_ids:
            position: int | None = rng.choice((1, 2, 2))
        elif s.kind == T.PRIVATE:
            position = rng.choice((-2, -1, -1, 0, None))
        else:
            position = rng.choice((-2, -1, 0, 0, 1, 1, 2, None))
        low, high = _INFLUENCE.get(StakeholderType(s.kind), (0, 3))
        influence = rng.randint(low, high)
        for day in days:
            if position is not None and rng.random() < 0.3:  # positions move as the work goes on
                position = max(-2, min(2, position + rng.choice((-1, 1))))
            elif position is None and rng.random() < 0.4:
                position = rng.randint(-1, 1)
            when = today - dt.timedelta(days=day)
            assessments.append(
                Assessment(
                    alliance=alliance,
                    stakeholder=s,
                    assessed_on=when,
                    position=position,
                    influence=max(0, min(5, influence + rng.choice((-1, 0, 0, 1)))),
                    interest=rng.randint(0, 5),
                    evidence=rng.choice(_EVIDENCE),
                    assessed_by=rng.choice(assessors),
                    created_at=timezone.now() - dt.timedelta(days=day),
                )
            )
    history.bulk_create(Assessment, assessments, user=users[0])

    # Ties: each official reports to its organisation; then sources drawn evenly and ends drawn
    # by popularity, so targets, government and donors collect many ties and most others few.
    ties: list[Tie] = []
    pairs: set[tuple[int, int]] = set()

    def add(source: Stakeholder, target: Stakeholder, kind: str) -> None:
        if source.pk == target.pk or (source.pk, target.pk) in pairs:
            return
        pairs.add((source.pk, target.pk))
        ties.append(
            Tie(
                alliance=alliance,
                source=source,
                target=target,
                kind=kind,
                strength=rng.choices((1, 2, 3), weights=(3, 4, 2))[0],
                note="Synthetic tie for benchmarks.",
            )
        )

    for official in stakeholders[len(stakeholders) - sizes.officials :]:
        assert official.organisation is not None
        add(official, official.organisation, Tie.Kind.REPORTS_TO)
    popularity = [
        8.0 if s.is_target else 3.0 if s.kind in _GOVERNMENT or s.kind in _DONORS else 1.0 for s in stakeholders
    ]
    cumulative = list(itertools.accumulate(popularity))
    while len(ties) < sizes.ties:
        batch = sizes.ties - len(ties)
        sources = rng.choices(stakeholders, k=batch)
        targets = rng.choices(stakeholders, cum_weights=cumulative, k=batch)
        for source, target in zip(sources, targets, strict=True):
            add(source, target, _tie_kind(rng, source, target))
    history.bulk_create(Tie, ties, user=users[0])


def _decisions(
    rng: random.Random, alliance: Alliance, sizes: Sizes, members: list[Stakeholder], users: list[User]
) -> None:
    """Charters and proposals: the latest purpose, the second principles version and the
    non-negotiables agreed by proposals every member organisation voted on, a few general
    decisions, and one proposal still open with about half the votes in."""
    now = timezone.now()
    charters = history.bulk_create(
        Charter,
        [
            Charter(
                alliance=alliance,
                kind=kind,
                version=v,
                items=[{"title": f"Principle {i}", "text": "Every member has one voice."} for i in range(1, 6)]
                if kind == Charter.Kind.PRINCIPLES
                else [{"title": "", "text": "The law must keep farmers' right to save and exchange seed."}],
                change_note=f"Version {v}",
                created_by=users[0],
                created_at=now - dt.timedelta(days=200 - 30 * v),
            )
            for kind, v in (
                (Charter.Kind.PRINCIPLES, 1),
                (Charter.Kind.PRINCIPLES, 2),
                (Charter.Kind.NON_NEGOTIABLES, 1),
            )
        ],
        user=users[0],
    )
    purpose = alliance.purposes.get(version=sizes.purpose_versions)
    subjects: list[tuple[str, Purpose | Charter | None]] = [
        ("purpose", purpose),
        ("charter", charters[1]),
        ("charter", charters[2]),
    ]
    subjects += [("general", None)] * (CLOSED_PROPOSALS - len(subjects))
    proposals = [
        Proposal(
            alliance=alliance,
            title=f"Decision {i + 1}: {subject}",
            body="Agreed at the plenary after comments from the working groups.",
            subject=subject,
            record_id=record.pk if record is not None else None,
            status=Proposal.Status.CLOSED,
            outcome=Proposal.Outcome.PASSED,
            outcome_statement="Passed with no block.",
            opens_at=now - dt.timedelta(days=150 - 20 * i, hours=1),
            closes_at=now - dt.timedelta(days=140 - 20 * i),
            closed_at=now - dt.timedelta(days=140 - 20 * i),
            proposed_by=users[0],
            proposed_for=members[0],
            created_at=now - dt.timedelta(days=150 - 20 * i, hours=2),
        )
        for i, (subject, record) in enumerate(subjects)
    ]
    proposals.append(
        Proposal(
            alliance=alliance,
            title="Decision: join the public hearing on the seed law",
            subject="stance",
            status=Proposal.Status.OPEN,
            opens_at=now - dt.timedelta(days=2),
            closes_at=now + dt.timedelta(days=5),
            proposed_by=users[0],
            proposed_for=members[0],
            created_at=now - dt.timedelta(days=3),
        )
    )
    proposals = history.bulk_create(Proposal, proposals, user=users[0])
    responses = (Vote.Response.AGREE,) * 8 + (Vote.Response.ABSTAIN, Vote.Response.STAND_ASIDE)
    votes = []
    for p in proposals:
        voters = members if p.status == Proposal.Status.CLOSED else members[: (len(members) + 1) // 2]
        votes += [
            Vote(
                alliance=alliance,
                proposal=p,
                organisation=org,
                cast_by=users[i],  # each member organisation's representative
                response=rng.choice(responses),
                cast_at=(p.opens_at or now) + dt.timedelta(hours=1 + i % 48),
            )
            for i, org in enumerate(voters)
        ]
    history.bulk_create(Vote, votes, user=users[0])
    # What passed is agreed.
    purpose.agreed_at, purpose.agreed_by = proposals[0].closed_at, proposals[0]
    history.bulk_update(Purpose, [purpose], ["agreed_at", "agreed_by"], user=users[0])
    for charter, proposal in ((charters[1], proposals[1]), (charters[2], proposals[2])):
        charter.agreed_at, charter.agreed_by = proposal.closed_at, proposal
    history.bulk_update(Charter, [charters[1], charters[2]], ["agreed_at", "agreed_by"], user=users[0])


def _work(
    rng: random.Random,
    alliance: Alliance,
    sizes: Sizes,
    members: list[Stakeholder],
    seats: list[Seat],
    users: list[User],
) -> None:
    """Working groups led by the working-group leads, activities in every status owned by member
    organisations (their representative responsible), offers from members, needs and
    commitments that stay within the offers; dates around today, some overdue."""
    from decimal import Decimal

    from accord.work.models import Activity, Commitment, GroupMember, ResourceNeed, ResourceOffer, WorkingGroup

    today = alliance.today()
    groups = history.bulk_create(
        WorkingGroup,
        [
            WorkingGroup(
                alliance=alliance,
                name=f"Working group {i:03d}",
                kind=WorkingGroup.Kind.THEMATIC if i % 3 else WorkingGroup.Kind.CROSS_CUTTING,
                description="Synthetic working group for benchmarks.",
            )
            for i in range(sizes.working_groups)
        ],
        user=users[0],
    )
    history.bulk_create(
        GroupMember,
        [
            GroupMember(alliance=alliance, group=g, stakeholder=m, joined_on=today - dt.timedelta(days=300))
            for gi, g in enumerate(groups)
            for mi, m in enumerate(members)
            if mi % len(groups) == gi or mi % 7 == gi % 7
        ],
        user=users[0],
    )
    # Each lead leads a group from the start: the group is written into the term and its
    # creation record, as if the term had named it (the terms were written before the groups).
    leads = SeatRole.objects.filter(alliance=alliance, role=Role.WG_LEAD).order_by("pk")
    for i, pk in enumerate(leads.values_list("pk", flat=True)):
        group = groups[i % len(groups)]
        SeatRole.objects.filter(pk=pk).update(working_group=group)
        SeatRole.history.filter(id=pk).update(working_group=group)
    seat_of = {s.organisation_id: s for s in seats if s.organisation_id is not None}
    S = Activity.Status
    statuses = [S.PROPOSED] * 2 + [S.APPROVED] * 3 + [S.IN_PROGRESS] * 3 + [S.DONE] * 2 + [S.DROPPED]
    activities = []
    for i in range(sizes.activities):
        owner = members[i % len(members)] if i % 17 else None
        status = S.PROPOSED if owner is None else rng.choice(statuses)
        starts = today + dt.timedelta(days=rng.randint(-240, 120))
        due = starts + dt.timedelta(days=rng.randint(0, 180))
        activities.append(
            Activity(
                alliance=alliance,
                title=f"Activity {i:05d}: briefing on the seed law",
                description="Synthetic activity for benchmarks.",
                deliverables="Brief\nMeeting note",
                working_group=groups[i % len(groups)],
                owner=owner,
                responsible=seat_of.get(owner.pk) if owner is not None else None,
                starts_on=starts,
                due_on=due,
                status=status,
                progress={S.DONE: 100, S.IN_PROGRESS: rng.randint(5, 95)}.get(status, 0),
                no_extra_resources=status != S.PROPOSED and i % 2 == 0,
                drop_reason="No longer needed." if status == S.DROPPED else "",
                done_on=due if status == S.DONE else None,
                approved_at=timezone.now() if status != S.PROPOSED else None,
                approved_by_user=users[0] if status != S.PROPOSED else None,
                created_by=users[i % len(members)],
            )
        )
    activities = history.bulk_create(Activity, activities, user=users[0])
    kinds = list(ResourceOffer.Kind.values)
    offers = history.bulk_create(
        ResourceOffer,
        [
            ResourceOffer(
                alliance=alliance,
                stakeholder=members[i % len(members)],
                kind=(kind := kinds[i % len(kinds)]),
                description=f"Offer {i:05d}",
                amount=Decimal(100000) if kind in ("time", "money") else None,
                currency="GEL" if kind == "money" else "",
            )
            for i in range(sizes.offers)
        ],
        user=users[0],
    )
    history.bulk_create(
        ResourceNeed,
        [
            ResourceNeed(
                alliance=alliance,
                activity=a,
                kind="money",
                description="Venue and travel",
                amount=Decimal(500 + i % 7 * 100),
                currency="GEL",
            )
            for i, a in enumerate(activities)
            if i % 3 == 0
        ],
        user=users[0],
    )
    # Each approved activity without "no extra resources" gets one commitment (the rule), in
    # amounts far below what the offers hold.
    history.bulk_create(
        Commitment,
        [
            Commitment(
                alliance=alliance,
                activity=a,
                offer=(offer := offers[i % len(offers)]),
                role=Commitment.Role.IMPLEMENTING if offer.kind != "money" else Commitment.Role.FUNDING,
                amount=Decimal(10) if offer.amount is not None else None,
                committed_by=users[0],
            )
            for i, a in enumerate(activities)
            if a.status != S.PROPOSED and not a.no_extra_resources
        ],
        user=users[0],
    )


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
        # Organisations first (members, then others on the way to membership, then the rest,
        # the targets among them), then the officials who work inside government organisations.
        organisations = sizes.stakeholders - sizes.officials
        first_target = sizes.member_organisations + sizes.other_memberships
        org_targets = sizes.targets - sizes.officials
        rows = []
        for i in range(organisations):
            if i < sizes.member_organisations:
                kind = _weighted(rng, _MEMBER_MIX)
            elif first_target <= i < first_target + max(org_targets, 1 if sizes.officials else 0):
                kind = rng.choice(_GOVERNMENT)  # targets, and the ministry officials work in
            else:
                kind = _weighted(rng, _LANDSCAPE_MIX)
            is_target = first_target <= i < first_target + org_targets
            rows.append(
                Stakeholder(
                    alliance=alliance,
                    name=f"{_NAMES[StakeholderType(kind)]} {i:05d}",
                    is_individual=kind == T.EXPERT,
                    kind=kind,
                    scope=rng.choice(_SCOPES.get(StakeholderType(kind), (Scope.LOCAL, Scope.NATIONAL))),
                    political_orientation=rng.choice(_ORIENTATIONS) if rng.random() < 0.25 else "",
                    represents_affected_population=kind == T.MEMBER_BASED or rng.random() < 0.1,
                    unlikely_suspect=rng.random() < 0.02,
                    is_target=is_target,
                    target_ask="Table the farmers' variety register in committee." if is_target else "",
                    notes="Synthetic record for benchmarks.",
                )
            )
        stakeholders = history.bulk_create(Stakeholder, rows)
        government = [s for s in stakeholders[first_target:] if s.kind in _GOVERNMENT]
        stakeholders += history.bulk_create(
            Stakeholder,
            [
                Stakeholder(
                    alliance=alliance,
                    name=f"Technical official {i:05d}",
                    is_individual=True,
                    organisation=(org := rng.choice(government)),
                    kind=org.kind,
                    scope=org.scope,
                    is_target=True,
                    target_ask="Put the register in the ministry's draft of the by-law.",
                    notes="Synthetic record for benchmarks.",
                )
                for i in range(sizes.officials)
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
        _landscape(rng, alliance, sizes, stakeholders, users)
        _decisions(rng, alliance, sizes, members, users)
        _work(rng, alliance, sizes, members, seats, users)
    return Generated(alliance=alliance, sizes=sizes, co_chair=users[0])
