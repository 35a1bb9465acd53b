"""The load driver: bounded by its deadline and its request count, errors counted, loopback only."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import pytest

from accord.bench import load


class _Quiet(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


class _Threaded(WSGIServer):
    daemon_threads = True

    def process_request(self, request: Any, client_address: Any) -> None:
        threading.Thread(target=self._handle, args=(request, client_address), daemon=True).start()

    def _handle(self, request: Any, client_address: Any) -> None:
        try:
            self.finish_request(request, client_address)
        finally:
            self.shutdown_request(request)


seen_cookies: list[str] = []


def _app(environ: dict[str, Any], start_response: Any) -> list[bytes]:
    seen_cookies.append(environ.get("HTTP_COOKIE", ""))
    if environ["PATH_INFO"] == "/ok":
        start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", "2")])
        return [b"ok"]
    start_response("404 Not Found", [("Content-Type", "text/plain"), ("Content-Length", "4")])
    return [b"gone"]


@pytest.fixture
def port() -> Iterator[int]:
    server = make_server("127.0.0.1", 0, _app, server_class=_Threaded, handler_class=_Quiet)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield int(server.server_address[1])
    finally:
        server.shutdown()
        server.server_close()


def test_stops_at_the_request_cap(port: int) -> None:
    result = load.drive(port, ["/ok"], "sessionid=abc", clients=3, seconds=30, max_requests=25)
    # Each thread checks the cap before it starts a request: at most one in flight per thread.
    assert 25 <= result.requests <= 25 + 3
    assert result.errors == 0
    assert result.seconds < 30
    assert set(seen_cookies) == {"sessionid=abc"}
    assert len(result.latencies) == result.requests


def test_stops_at_the_deadline_and_counts_errors(port: int) -> None:
    result = load.drive(port, ["/ok", "/missing"], "", clients=2, seconds=1, max_requests=10**9)
    assert result.requests > 0 and result.errors > 0
    assert result.seconds < 10  # the deadline ended it, not the (huge) request cap
    assert result.quantile(0.5) <= result.quantile(0.95)


def test_a_closed_port_is_all_errors() -> None:
    result = load.drive(load.free_port(), ["/ok"], "", clients=1, seconds=30, max_requests=5)
    assert result.requests == 0 and result.errors >= 5


def test_skipped_with_a_clear_word_when_postgres_is_unreachable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(load, "pg_reachable", lambda *a, **k: False)
    text = load.run(quick=True)
    assert "Skipped: PostgreSQL was not reachable" in text
