"""Two-factor with an authenticator app: switch it on, then logging in asks for a code."""

from __future__ import annotations

import re
from typing import Any

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value, yield_hotp_counters_from_time
from django.core.cache import cache
from django.test import Client

from tests.conftest import World

PASSWORD = "correct horse battery"


def _code(secret: str) -> str:
    # The current period's code; with a tolerance of one period it stays valid if the clock
    # ticks into the next period before the server checks it.
    counters = list(yield_hotp_counters_from_time())
    return format_hotp_value(hotp_value(secret, counters[len(counters) // 2]))


def test_a_person_switches_on_totp_and_then_needs_a_code_to_log_in(world: World, settings: Any) -> None:
    settings.MFA_TOTP_TOLERANCE = 1
    client = Client()
    client.post("/accounts/login/", {"login": world.alice.email, "password": PASSWORD})
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    page = client.get("/accounts/2fa/totp/activate/").content.decode()
    found = re.search(r'id="authenticator_secret"[^>]*value="([A-Z2-7]+)"', page)
    assert found, "the secret is shown for manual entry"
    secret = found.group(1)

    wrong = client.post("/accounts/2fa/totp/activate/", {"code": "000000" if _code(secret) != "000000" else "111111"})
    assert wrong.status_code == 200
    assert 'aria-invalid="true"' in wrong.content.decode()  # the error is tied to the code field
    assert not Authenticator.objects.filter(user=world.alice).exists()

    done = client.post("/accounts/2fa/totp/activate/", {"code": _code(secret)})
    assert done.status_code == 302
    assert Authenticator.objects.filter(user=world.alice, type=Authenticator.Type.TOTP).exists()

    # A fresh login now stops at the code.
    other = Client()
    response = other.post("/accounts/login/", {"login": world.alice.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/authenticate/")
    assert "_auth_user_id" not in other.session
    cache.clear()  # allauth refuses a code it has seen before; this one is legitimately reused
    response = other.post("/accounts/2fa/authenticate/", {"code": _code(secret)})
    assert response.status_code == 302
    assert other.session["_auth_user_id"] == str(world.alice.pk)
