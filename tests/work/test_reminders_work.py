"""Work reminders and the weekly digest (`accord.work.reminders.run`): each goes once, to the
owner's people, in their language, through the task queue; a digest is never empty and goes
only on the alliance's digest day."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core import mail
from django.utils import formats, timezone, translation

from accord.core.models import Notice
from accord.work import reminders
from accord.work.models import Activity, ActivityComment, DigestSent, WorkSettings
from tests.conftest import World
from tests.work.work_helpers import approved, seat, valley

DAY = dt.timedelta(days=1)


def _now(world: World) -> dt.datetime:
    """Now: its day in the alliance's zone is the alliance's today, the reminders' day."""
    return timezone.now()


def _bobs(world: World, title: str, due_in: int, *, approved_days_ago: int = 30) -> Activity:
    """An approved activity of bob's organisation, bob responsible, due `due_in` days from today."""
    today = world.a.today()
    activity = approved(
        world,
        title=title,
        owner=valley(world),
        responsible=seat(world, world.bob),
        starts_on=today - 60 * DAY,
        due_on=today + due_in * DAY,
    )
    # Approved a while ago, so the digest's "approved this week" does not list it.
    Activity.objects.filter(pk=activity.pk).update(approved_at=timezone.now() - approved_days_ago * DAY)
    activity.refresh_from_db()
    return activity


def _kinds(kind: str) -> list[tuple[str, str]]:
    return [(n.email, n.language) for n in Notice.objects.filter(kind=kind).order_by("pk")]


def test_an_overdue_activity_is_reminded_once_per_due_date_to_its_owners_people(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    activity = _bobs(world, "Media briefing on the seed law", due_in=-2)
    now = _now(world)
    with django_capture_on_commit_callbacks(execute=True):
        first = reminders.run(now)
        second = reminders.run(now + dt.timedelta(hours=1))
    assert _kinds("work.overdue") == [("bob@a.test", "en")]
    assert first >= 1 and second == 0
    # Sent by email through the task queue after the transaction committed.
    assert [m.to for m in mail.outbox if "Overdue" in m.subject] == [["bob@a.test"]]
    activity.refresh_from_db()
    assert activity.overdue_reminded_for == activity.due_on
    # A new due date that passes again is reminded again.
    Activity.objects.filter(pk=activity.pk).update(due_on=world.a.today() - DAY)
    reminders.run(now)
    assert len(_kinds("work.overdue")) == 2


def test_a_done_or_proposed_activity_is_not_reminded(world: World) -> None:
    activity = _bobs(world, "Research paper", due_in=-3)
    Activity.objects.filter(pk=activity.pk).update(status=Activity.Status.DONE)
    reminders.run(_now(world))
    assert not Notice.objects.filter(kind__startswith="work.").exclude(kind="work.digest").exists()


def test_a_coming_deadline_is_reminded_once_within_seven_days(world: World) -> None:
    soon = _bobs(world, "Learning event", due_in=5)
    _bobs(world, "Conference", due_in=12)
    now = _now(world)
    reminders.run(now)
    reminders.run(now + dt.timedelta(hours=3))
    notices = list(Notice.objects.filter(kind="work.deadline"))
    assert [n.email for n in notices] == ["bob@a.test"]
    assert "Learning event" in notices[0].subject and "5 days" in notices[0].subject
    soon.refresh_from_db()
    assert soon.deadline_reminded_for == soon.due_on


def test_the_reminder_is_written_in_the_persons_language(world: World) -> None:
    world.bob.language = "fr"
    world.bob.save(update_fields=["language"])
    activity = _bobs(world, "Atelier", due_in=-4)
    reminders.run(_now(world))
    notice = Notice.objects.get(kind="work.overdue")
    assert notice.language == "fr"
    assert activity.due_on is not None
    with translation.override("fr"):
        french = formats.date_format(activity.due_on, "DATE_FORMAT")
    with translation.override("en"):
        english = formats.date_format(activity.due_on, "DATE_FORMAT")
    assert french != english
    assert french in notice.body and english not in notice.body


def _digest_day(world: World) -> dt.datetime:
    now = _now(world)
    WorkSettings.objects.update_or_create(alliance=world.a, defaults={"digest_weekday": world.a.today().weekday()})
    return now


def test_the_digest_goes_once_a_week_and_never_empty(world: World) -> None:
    _bobs(world, "Media briefing", due_in=3)
    now = _digest_day(world)
    reminders.run(now)
    reminders.run(now + dt.timedelta(hours=2))
    digests = list(Notice.objects.filter(kind="work.digest"))
    # Bob is responsible for an activity due soon; alice's organisation has nothing open, nobody
    # commented and nothing was approved this week: nobody else gets an empty digest.
    assert [n.email for n in digests] == ["bob@a.test"]
    assert "Media briefing" in digests[0].body
    assert "Due in the coming days" in digests[0].body
    assert DigestSent.objects.filter(seat=seat(world, world.bob)).count() == 1


def test_the_digest_lists_the_weeks_comments_and_approvals(world: World) -> None:
    activity = _bobs(world, "Budget analysis", due_in=40)
    ActivityComment.objects.create(alliance=world.a, activity=activity, author=world.alice, body="Use 2025 figures.")
    fresh = approved(world, title="Briefing for the committee")  # approved now, alice's org
    now = _digest_day(world)
    reminders.run(now)
    bob = Notice.objects.get(kind="work.digest", email="bob@a.test")
    assert "Use 2025 figures." in bob.body
    assert "Approved this week" in bob.body and fresh.title in bob.body
    # The observer reads the week's approvals too; nobody gets their own comment back.
    olga = Notice.objects.get(kind="work.digest", email="olga@a.test")
    assert fresh.title in olga.body and "Use 2025 figures." not in olga.body
    alice = Notice.objects.get(kind="work.digest", email="alice@a.test")
    assert "Use 2025 figures." not in alice.body


def test_the_digest_waits_for_the_alliances_digest_day(world: World) -> None:
    _bobs(world, "Media briefing", due_in=3)
    now = _now(world)
    WorkSettings.objects.update_or_create(
        alliance=world.a, defaults={"digest_weekday": (world.a.today().weekday() + 1) % 7}
    )
    reminders.run(now)
    assert not Notice.objects.filter(kind="work.digest").exists()
    reminders.run(now + DAY)
    assert Notice.objects.filter(kind="work.digest", email="bob@a.test").count() == 1


def test_the_digest_is_in_the_persons_language(world: World) -> None:
    world.bob.language = "es"
    world.bob.save(update_fields=["language"])
    _bobs(world, "Taller", due_in=2)
    reminders.run(_digest_day(world))
    notice = Notice.objects.get(kind="work.digest", email="bob@a.test")
    assert notice.language == "es"
    week_of = world.a.today() - dt.timedelta(days=world.a.today().weekday())
    with translation.override("es"):
        assert formats.date_format(week_of, "DATE_FORMAT") in notice.body
