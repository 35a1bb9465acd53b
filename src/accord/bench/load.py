"""The bench's load test: gunicorn with 2 workers on PostgreSQL, 20 clients, bounded, loopback.

`python -m accord.bench` runs it after the pages when PostgreSQL answers on 127.0.0.1:5432
(user postgres, trust auth) and says so when it does not; `--load-only` runs it alone. It
creates a throwaway database (accord_bench_<pid>), migrates it and generates the 1x and 10x
synthetic alliances in a child process (`python -m accord.bench.load prepare`, which also
warms every page so that background results are computed, and prints a session key for the
10x co-chair), starts gunicorn on a free loopback port with the bench settings, then drives it
with client threads: first the bare page alone, then a mix of the main pages at 10x. gunicorn
is stopped and the database dropped in a `finally`, whatever happens.

Workers are sync: the pages are CPU-bound Python and each worker holds the GIL, so threads
inside a worker would not add throughput on two cores; 2 sync workers is the deployment shape
the issue measures.
"""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

PG_HOST, PG_PORT = "127.0.0.1", 5432
CLIENTS = 20
SECONDS = 60.0
QUICK_SECONDS = 10.0  # --quick shortens each phase to this
MAX_REQUESTS = 100_000
MIX_RATIO = 0.30  # mixed pages' throughput >= 30 % of the bare page's
P95_OVER_P50 = 5.0
SECRET = "bench-only-secret-key-not-for-production-0123456789abcdef"  # noqa: S105 - throwaway server


@dataclass
class LoadResult:
    requests: int = 0
    errors: int = 0
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    failures: dict[str, int] = field(default_factory=dict)  # what the errors were: a status or an exception

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def quantile(self, q: float) -> float:
        if not self.latencies:
            return 0.0
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def pg_reachable(host: str = PG_HOST, port: int = PG_PORT) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def drive(
    port: int,
    paths: list[str],
    cookie: str,
    *,
    clients: int = CLIENTS,
    seconds: float = SECONDS,
    max_requests: int = MAX_REQUESTS,
) -> LoadResult:
    """Request `paths` in turn from `clients` threads on 127.0.0.1:`port` until the deadline or
    `max_requests` in all, whichever comes first. A non-200 answer or a failed connection is an
    error. Bounded: each request has a timeout, and no new request starts after the deadline."""
    result = LoadResult()
    lock = threading.Lock()
    started = time.perf_counter()
    deadline = started + seconds
    timeout = max(1.0, seconds)

    def client(index: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        n = index
        try:
            while time.perf_counter() < deadline:
                with lock:
                    if result.requests + result.errors >= max_requests:
                        return
                path = paths[n % len(paths)]
                n += 1
                start = time.perf_counter()
                try:
                    conn.request("GET", path, headers={"Cookie": cookie, "Accept-Encoding": "gzip"})
                    response = conn.getresponse()
                    response.read()
                    ok = response.status == 200
                    why = str(response.status)
                except (OSError, http.client.HTTPException) as failure:
                    ok = False
                    why = type(failure).__name__
                    conn.close()
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
                elapsed = time.perf_counter() - start
                with lock:
                    if ok:
                        result.requests += 1
                        result.latencies.append(elapsed)
                    else:
                        result.errors += 1
                        result.failures[why] = result.failures.get(why, 0) + 1
        finally:
            conn.close()

    threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + timeout + 5)
    result.seconds = time.perf_counter() - started
    return result


def _env(database_url: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="accord.bench.settings",
        ACCORD_TESTING="true",  # plain static storage, no SSL redirect, as in the page bench
        SECRET_KEY=SECRET,
        TASKS_BACKEND="django_tasks.backends.immediate.ImmediateBackend",
    )
    return env


def _admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(host=PG_HOST, port=PG_PORT, user="postgres", dbname="postgres", autocommit=True) as conn:
        conn.execute(sql.encode())


def prepare() -> dict[str, object]:
    """In the child: migrate, generate 1x and 10x, warm every page, return what the driver needs."""
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    from accord.bench.pages import BARE_PATH, PAGES, busy_stakeholder
    from accord.bench.synthetic import generate_alliance

    call_command("migrate", verbosity=0, interactive=False)
    call_command("createcachetable", verbosity=0)
    generate_alliance(1.0, slug="load-x1")
    generated = generate_alliance(10.0, slug="load-x10")
    # A database in use has its planner statistics (autovacuum analyzes the tables as they
    # grow); one just bulk-loaded has none, and PostgreSQL then plans the step 7 count and the
    # board's filters as if every table held one row (a seq scan per need: 0.3 s where 50 ms
    # do). Analyze once, as autovacuum would have.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    busy = busy_stakeholder(generated.alliance)
    paths = [f"/a/load-x10/{page.path.format(busy=busy)}" for page in PAGES]
    client = Client()
    client.force_login(generated.co_chair)
    for path in paths:  # warm: the background results are computed (inline) here
        client.get(path)
    return {
        # force_login's session, saved in the database the server reads: a real login's cookie.
        "cookie": f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}",
        "bare": f"/a/load-x10/{BARE_PATH}",
        "paths": paths,
    }


def _table(rows: list[tuple[str, LoadResult]]) -> str:
    lines = ["| Phase | Requests | req/s | p50 | p95 | Errors |", "|---|---|---|---|---|---|"]
    for name, r in rows:
        lines.append(
            f"| {name} | {r.requests:,} | {r.rps:,.1f} | {r.quantile(0.5) * 1000:,.0f} ms "
            f"| {r.quantile(0.95) * 1000:,.0f} ms | {r.errors:,}"
            f"{' (' + ', '.join(f'{k}: {v}' for k, v in sorted(r.failures.items())) + ')' if r.failures else ''} |"
        )
    return "\n".join(lines)


def run(*, quick: bool = False) -> str:
    """The "Load" section; raises RuntimeError carrying it when a limit is broken."""
    if not pg_reachable():
        print("Load: PostgreSQL is not reachable on 127.0.0.1:5432; the load test is skipped.", flush=True)
        return (
            "## Load\n\n**Skipped: PostgreSQL was not reachable on 127.0.0.1:5432 (user postgres, "
            "trust auth).** Start it and run `python -m accord.bench --load-only`.\n"
        )
    seconds = QUICK_SECONDS if quick else SECONDS
    database = f"accord_bench_{os.getpid()}"
    url = f"postgres://postgres@{PG_HOST}:{PG_PORT}/{database}"
    env = _env(url)
    gunicorn: subprocess.Popen[bytes] | None = None
    log = Path(tempfile.gettempdir()) / f"accord-bench-gunicorn-{os.getpid()}.log"
    _admin(f'CREATE DATABASE "{database}"')
    try:
        try:
            prep = subprocess.run(
                [sys.executable, "-m", "accord.bench.load", "prepare"],
                env=env,
                check=True,
                capture_output=True,
                timeout=900,
            )
        except subprocess.CalledProcessError as failure:
            tail = failure.stderr.decode(errors="replace").strip().splitlines()[-5:]
            raise RuntimeError("preparing the load database failed\n" + "\n".join(tail)) from failure
        info = json.loads(prep.stdout.decode().strip().splitlines()[-1])
        port = free_port()
        with log.open("wb") as out:
            gunicorn = subprocess.Popen(  # noqa: S603 - our own gunicorn, fixed arguments
                [
                    str(Path(sys.executable).with_name("gunicorn")),
                    "accord.config.wsgi:application",
                    "--workers=2",
                    "--worker-class=sync",
                    f"--bind=127.0.0.1:{port}",
                    "--timeout=120",
                ],
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        _wait_up(port, gunicorn)
        cookie, bare, paths = str(info["cookie"]), str(info["bare"]), list(info["paths"])
        drive(port, [bare, *paths], cookie, clients=2, seconds=2)  # warm both workers
        bare_result = drive(port, [bare], cookie, seconds=seconds)
        mixed = drive(port, paths, cookie, seconds=seconds)
    finally:
        if gunicorn is not None:
            gunicorn.send_signal(signal.SIGTERM)
            try:
                gunicorn.wait(timeout=30)
            except subprocess.TimeoutExpired:
                gunicorn.kill()
                gunicorn.wait()
        _admin(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
    ratio = mixed.rps / bare_result.rps if bare_result.rps else 0.0
    breaks = []
    if ratio < MIX_RATIO:
        breaks.append(f"mixed pages at {ratio:.0%} of the bare page's throughput")
    for name, r in (("bare page", bare_result), ("mixed pages", mixed)):
        if r.errors:
            breaks.append(f"{name}: {r.errors} errors")
        if r.quantile(0.95) > P95_OVER_P50 * r.quantile(0.5):
            breaks.append(f"{name}: p95 over {P95_OVER_P50:g}× p50")
    text = f"""## Load

gunicorn ({"2 sync workers"}) on PostgreSQL (a throwaway database, dropped afterwards), the bench
settings, {CLIENTS} client threads on loopback for {seconds:g} s a phase (at most {MAX_REQUESTS:,}
requests), logged in as the 10x alliance's co-chair, `Accept-Encoding: gzip`.
{"**This run used `--quick`: each phase lasted " + f"{QUICK_SECONDS:g} s instead of {SECONDS:g} s.**" if quick else ""}
The mix cycles through every main page of the page tables at 10x.

{_table([("Bare page alone", bare_result), ("Main pages at 10x, mixed", mixed)])}

Mixed throughput is {ratio:.0%} of the bare page's. Limits: ≥ {MIX_RATIO:.0%}, 0 errors, p95 ≤ {P95_OVER_P50:g}× p50.
"""
    if breaks:
        raise RuntimeError("; ".join(breaks) + "\n" + text)
    return text


def _wait_up(port: int, process: subprocess.Popen[bytes], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with status {process.returncode}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not answer /healthz within a minute")


def main(*, quick: bool = False) -> int:
    try:
        print(run(quick=quick))
    except RuntimeError as failure:
        print(str(failure), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    if sys.argv[1:] == ["prepare"]:
        with open(os.devnull, "w") as devnull:
            stdout = sys.stdout
            sys.stdout = devnull  # only the JSON line goes to the parent
            info = prepare()
            sys.stdout = stdout
        print(json.dumps(info))
    else:
        sys.exit(main(quick="--quick" in sys.argv))
