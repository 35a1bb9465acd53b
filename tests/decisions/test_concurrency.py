"""One voice per organisation holds when two casts of the same organisation race each other.

The race runs on a real database with real transactions: PostgreSQL as configured, or on SQLite
a file database with the project's IMMEDIATE transaction mode (the test database is an in-memory
shared cache, whose table locks do not wait like a real file's; the test copies it to a file).
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from django.db import connection, connections

from accord.decisions import services
from accord.decisions.models import Vote
from tests.conftest import build_world
from tests.decisions.conftest import make_voice, open_proposal


@contextmanager
def real_database(tmp_path: Path) -> Iterator[None]:
    """Let new connections (one per thread) use a file copy of SQLite's in-memory test database."""
    settings = connections.settings["default"]
    if connection.vendor != "sqlite" or not connection.is_in_memory_db():
        yield
        return
    copy = tmp_path / "race.sqlite3"
    connection.ensure_connection()
    target = sqlite3.connect(copy)
    connection.connection.backup(target)
    target.close()
    before = settings["NAME"]
    settings["NAME"] = str(copy)
    try:
        yield
    finally:
        settings["NAME"] = before


def in_thread(fn: Any) -> Any:
    """Run `fn` on its own connection (a new thread opens one from the settings)."""
    out: list[Any] = []

    def run() -> None:
        try:
            out.append(fn())
        finally:
            connection.close()

    t = threading.Thread(target=run)
    t.start()
    t.join(timeout=30)
    return out[0]


@pytest.mark.django_db(transaction=True)
def test_two_racing_votes_of_one_organisation_end_in_one_row_without_error(tmp_path: Path) -> None:
    world = build_world()
    valley = world.a.stakeholders.get(name="Valley Women's Network")  # type: ignore[attr-defined]
    make_voice(valley, world.bob)
    proposal = open_proposal(world)
    # The same voice, on two devices (two threads, two connections, two transactions).
    errors: list[BaseException] = []
    barrier = threading.Barrier(2)

    def cast(response: str) -> None:
        try:
            barrier.wait(timeout=10)
            services.vote_cast(proposal=proposal, user=world.bob, response=response)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    with real_database(tmp_path):
        threads = [threading.Thread(target=cast, args=(r,)) for r in ("agree", "disagree")]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=30)
        votes = in_thread(
            lambda: list(Vote.objects.filter(proposal_id=proposal.pk).values("organisation_id", "response"))
        )
    assert errors == []
    assert len(votes) == 1
    assert votes[0]["organisation_id"] == valley.pk and votes[0]["response"] in {"agree", "disagree"}


@pytest.mark.django_db(transaction=True)
def test_a_cast_that_loses_the_insert_race_updates_the_winner(monkeypatch: Any) -> None:
    """Where no row lock queues the casts, the database constraint does: the losing insert is
    caught and becomes an update, so the person sees no error."""
    world = build_world()
    valley = world.a.stakeholders.get(name="Valley Women's Network")  # type: ignore[attr-defined]
    make_voice(valley, world.bob)
    proposal = open_proposal(world)
    real_filter = Vote.objects.select_for_update
    calls = {"n": 0}

    class Blind:
        """select_for_update().filter(...).first() that misses the row once, as a racing
        transaction would before the other one committed."""

        def filter(self, **kw: Any) -> Any:
            calls["n"] += 1
            qs = real_filter().filter(**kw)
            return qs.none() if calls["n"] == 1 else qs

        def get(self, **kw: Any) -> Vote:
            return real_filter().get(**kw)

    services.vote_cast(proposal=proposal, user=world.bob, response="agree")
    monkeypatch.setattr(Vote.objects, "select_for_update", lambda: Blind())
    vote = services.vote_cast(proposal=proposal, user=world.bob, response="disagree")
    assert Vote.objects.filter(proposal=proposal).count() == 1
    assert vote.response == "disagree" and Vote.objects.get().response == "disagree"
