"""The demo alliances: the method's three case studies, with invented but plausible records.

Each capability declares its builders in its `capability.py` (`demo=((30, "accord.landscape.demo.build"),)`);
they run by their number inside one transaction, after the people (10). The numbers used so far:
20 alliances and purposes, 30-35 stakeholders and ties, 40-55 memberships, invitations, seats and
voices, 60-61 charters and framework, 70 decisions, 80 circulations. A later capability adds its
records by declaring a builder with a higher number.

This module also owns the cast: the demo people, the organisation each speaks for and the
roles they hold, so the login table and the seats come from one list.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO, TYPE_CHECKING, Any, NamedTuple

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from accord.core.history import bulk_create, bulk_update
from accord.core.models import Alliance, Role
from accord.core.notify import inbox_only

if TYPE_CHECKING:
    from accord.accounts.models import User
    from accord.landscape.models import Stakeholder

GEORGIA = "georgia-dcg"
ZAMBIA = "zambia-nfnc"
PERU = "peru-cni"

# slug -> name. The alliances app builds them; the login table needs the names without a query.
DEMO_ALLIANCES: dict[str, str] = {
    GEORGIA: "Agriculture Donor Coordination Group",
    ZAMBIA: "National Food and Nutrition Multi-Stakeholder Committee",
    PERU: "Child Nutrition Initiative",
}
DEMO_SLUGS: tuple[str, ...] = tuple(DEMO_ALLIANCES)
# Every demo account lives under one of these domains; --reset removes them with the alliances.
DEMO_EMAIL_DOMAINS: tuple[str, ...] = ("georgia.demo", "zambia.demo", "peru.demo")


def today() -> dt.date:
    return timezone.localdate()


def months_ago(months: float, *, on: dt.date | None = None) -> dt.date:
    return (on or today()) - dt.timedelta(days=round(months * 30.4))


def months_ahead(months: float, *, on: dt.date | None = None) -> dt.date:
    return (on or today()) + dt.timedelta(days=round(months * 30.4))


# --- the cast -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Term:
    role: str
    # Months before today the term began and, for past terms, ended.
    began: float
    ended: float | None = None


@dataclass(frozen=True)
class Person:
    alliance: str  # slug
    email: str
    name: str
    organisation: str  # a stakeholder name of that alliance (see the landscape demo)
    terms: tuple[Term, ...]
    language: str = "en"
    listed: bool = True  # shown in the login table


PEOPLE: tuple[Person, ...] = (
    # Georgia: a CARE adviser convened it; a farmers' union co-chairs; FAO staff keep the records.
    Person(
        GEORGIA,
        "cochair@georgia.demo",
        "Tamar Kvaratskhelia",
        "CARE International in the Caucasus",
        (Term(Role.CO_CHAIR, 30), Term(Role.REPRESENTATIVE, 30)),
    ),
    Person(
        GEORGIA,
        "cochair2@georgia.demo",
        "Giorgi Lomidze",
        "Georgian Smallholder Farmers' Union",
        (Term(Role.CO_CHAIR, 14), Term(Role.REPRESENTATIVE, 26)),
    ),
    Person(
        GEORGIA,
        "secretariat@georgia.demo",
        "Ana Tsiklauri",
        "Food and Agriculture Organization of the United Nations (FAO)",
        (Term(Role.SECRETARIAT, 8), Term(Role.REPRESENTATIVE, 29)),
    ),
    Person(
        GEORGIA,
        "member@georgia.demo",
        "Levan Gelashvili",
        "Green Valleys Georgia",
        # Did the secretariat's work for a year before handing it on: the rotation at work.
        (Term(Role.REPRESENTATIVE, 24), Term(Role.SECRETARIAT, 20, 8.1)),
    ),
    Person(
        GEORGIA,
        "observer@georgia.demo",
        "Irakli Maisuradze",
        "Ministry of Agriculture, extension and policy department",
        (Term(Role.OBSERVER, 10),),
    ),
    # Zambia: the government's nutrition commission convenes; CARE co-chairs.
    Person(
        ZAMBIA,
        "cochair@zambia.demo",
        "Mutale Chanda",
        "National Food and Nutrition Commission (NFNC)",
        (Term(Role.CO_CHAIR, 36), Term(Role.REPRESENTATIVE, 36)),
    ),
    Person(
        ZAMBIA,
        "cochair2@zambia.demo",
        "Chipo Mwansa",
        "CARE Zambia",
        (Term(Role.CO_CHAIR, 18), Term(Role.REPRESENTATIVE, 34)),
    ),
    Person(
        ZAMBIA,
        "secretariat@zambia.demo",
        "Bwalya Musonda",
        "National Food and Nutrition Commission (NFNC)",
        (Term(Role.SECRETARIAT, 12),),
    ),
    Person(
        ZAMBIA,
        "member@zambia.demo",
        "Natasha Phiri",
        "Nutrition Association of Zambia",
        (Term(Role.REPRESENTATIVE, 33),),
    ),
    Person(
        ZAMBIA,
        "observer@zambia.demo",
        "Joseph Banda",
        "Kafue Children's Foundation",
        (Term(Role.OBSERVER, 4),),
    ),
    # Peru: CARE facilitates; WFP co-chairs; a local NGO holds the secretariat this year.
    Person(
        PERU,
        "cochair@peru.demo",
        "Lucía Huamán",
        "CARE Perú",
        (Term(Role.CO_CHAIR, 20), Term(Role.REPRESENTATIVE, 20)),
        language="es",
    ),
    Person(
        PERU,
        "cochair2@peru.demo",
        "Daniel Rojas",
        "World Food Programme (WFP) Peru",
        (Term(Role.CO_CHAIR, 16), Term(Role.REPRESENTATIVE, 19)),
    ),
    Person(
        PERU,
        "secretariat@peru.demo",
        "Carmen Quispe",
        "Red Sierra Sana",
        (Term(Role.SECRETARIAT, 6), Term(Role.REPRESENTATIVE, 18)),
        language="es",
    ),
    Person(
        PERU,
        "member@peru.demo",
        "Rosa Mamani",
        "Asociación de Promotoras de Salud de Huancavelica",
        (Term(Role.REPRESENTATIVE, 15),),
        language="es",
    ),
    Person(
        PERU,
        "observer@peru.demo",
        "Martín Salazar",
        "Martín Salazar (nutrition economist)",
        (Term(Role.OBSERVER, 5),),
    ),
)

# The person who creates each alliance (its convener and first co-chair).
CONVENERS: dict[str, str] = {GEORGIA: "cochair@georgia.demo", ZAMBIA: "cochair@zambia.demo", PERU: "cochair@peru.demo"}


class DemoLogin(NamedTuple):
    alliance: str  # slug
    role: str  # Role value
    email: str


# One line per person: the role that best says what they can try (co-chair before representative).
_ROLE_RANK = [Role.CO_CHAIR, Role.SECRETARIAT, Role.OBSERVER, Role.EVALUATOR, Role.WG_LEAD, Role.REPRESENTATIVE]


def _main_role(person: Person) -> str:
    current = {t.role for t in person.terms if t.ended is None}
    return next(r for r in _ROLE_RANK if r in current)


DEMO_LOGINS: list[DemoLogin] = [DemoLogin(p.alliance, _main_role(p), p.email) for p in PEOPLE if p.listed]


def print_logins(stdout: IO[str] | Any) -> None:
    """Write the demo logins as a small table (every demo account shares one password)."""
    if not is_loaded():
        stdout.write("The demo alliances are not loaded; `accord demo` loads them.")
        return
    password = settings.ACCORD_DEMO_PASSWORD
    rows = [
        (login.email, password, DEMO_ALLIANCES[login.alliance], str(Role(login.role).label)) for login in DEMO_LOGINS
    ]
    header = ("email", "password", "alliance", "role")
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]

    def line(cells: tuple[str, ...]) -> str:
        return "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()

    stdout.write("Demo logins:")
    stdout.write(line(header))
    stdout.write(line(tuple("-" * w for w in widths)))
    for row in rows:
        stdout.write(line(row))


# --- the context builders share --------------------------------------------------------------


@dataclass
class DemoContext:
    """What the builders hand on to each other: the alliances by slug, the people by email and
    each alliance's stakeholders by name."""

    today: dt.date
    users: dict[str, User] = field(default_factory=dict)
    alliances: dict[str, Alliance] = field(default_factory=dict)
    stakeholders: dict[str, dict[str, Stakeholder]] = field(default_factory=dict)

    def alliance(self, slug: str) -> Alliance:
        return self.alliances[slug]

    def user(self, email: str) -> User:
        return self.users[email]

    def convener(self, slug: str) -> User:
        return self.users[CONVENERS[slug]]

    def stakeholder(self, slug: str, name: str) -> Stakeholder:
        return self.stakeholders[slug][name]

    def ago(self, months: float) -> dt.date:
        return months_ago(months, on=self.today)

    def ahead(self, months: float) -> dt.date:
        return months_ahead(months, on=self.today)


Builder = Callable[[DemoContext], None]


def builders() -> list[Builder]:
    """The people first (order 10), then every capability's declared builders by their order."""
    from accord.core import capabilities

    return [build_people, *capabilities.demo_builders()]


def aware(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def backdate(obj: models.Model, *, written_at: dt.datetime | None = None, **values: Any) -> None:
    """Give a freshly created demo row its past dates, in the row and in its creation record, as
    if it had been written then (the services stamp today's date). `written_at` also moves the
    creation record's own date."""
    model = type(obj)
    model._default_manager.filter(pk=obj.pk).update(**values)
    history = getattr(obj, "history", None)
    if history is not None:
        history.all().update(**values)
        if written_at is not None:
            history.filter(history_type="+").update(history_date=written_at)
    for key, value in values.items():
        setattr(obj, key, value)


# --- loading and unloading -------------------------------------------------------------------


def is_loaded() -> bool:
    return Alliance.objects.filter(slug__in=DEMO_SLUGS).exists()


def _demo_users() -> models.QuerySet[Any]:
    condition = Q()
    for domain in DEMO_EMAIL_DOMAINS:
        condition |= Q(email__iendswith=f"@{domain}")
    return get_user_model().objects.filter(condition)


@transaction.atomic
def unload() -> None:
    """Delete the demo alliances (everything they hold goes with them) and the demo accounts
    that no other alliance uses."""
    # Seats first: a seat protects the stakeholder it speaks for, and the cascade from the
    # alliance would reach the stakeholders before the seats.
    for alliance in Alliance.objects.filter(slug__in=DEMO_SLUGS):
        alliance.seats.all().delete()
        alliance.delete()
    _demo_users().filter(seats__isnull=True).delete()


@transaction.atomic
def load() -> DemoContext:
    """Build the three demo alliances. Raises if one of them already exists.

    The services the builders call keep their notices in the demo people's inboxes, but send no
    email: the addresses are made up, and a first run should print the logins, not 150 emails."""
    if is_loaded():
        raise RuntimeError("The demo alliances are already loaded.")
    ctx = DemoContext(today=today())
    with inbox_only():
        for build in builders():
            build(ctx)
    return ctx


# --- core's own parts: the people, then their seats and roles ---------------------------------


def build_people(ctx: DemoContext) -> None:
    """Create (or refresh) an account for every demo person, all with the demo password."""
    User = get_user_model()
    # One hash for all: the accounts share a published password anyway, and hashing is slow.
    password = make_password(settings.ACCORD_DEMO_PASSWORD)
    existing = {u.email: u for u in User.objects.filter(email__in=[p.email for p in PEOPLE])}
    fresh, stale = [], []
    for person in PEOPLE:
        user = existing.get(person.email)
        if user is None:
            user = User(email=person.email, name=person.name, language=person.language, password=password)
            fresh.append(user)
        else:
            user.name, user.language, user.password, user.is_active = person.name, person.language, password, True
            stale.append(user)
        ctx.users[person.email] = user
    if fresh:
        bulk_create(User, fresh)
        # Some databases do not return primary keys from a bulk insert.
        ids = dict(User.objects.filter(email__in=[u.email for u in fresh]).values_list("email", "pk"))
        for user in fresh:
            user.pk = ids[user.email]
    if stale:
        bulk_update(User, stale, ["name", "language", "password", "is_active"])
