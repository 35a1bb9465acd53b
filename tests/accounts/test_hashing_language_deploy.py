from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.hashers import check_password, identify_hasher, make_password
from django.test import Client

from accord.accounts.hashers import AccordArgon2PasswordHasher


def test_argon2_hasher_uses_the_configured_memory_cost(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["accord.accounts.hashers.AccordArgon2PasswordHasher"]
    settings.ACCORD_ARGON2_MEMORY_KIB = 8192
    encoded = make_password("a long passphrase")
    assert encoded.startswith("argon2$argon2id$v=19$m=8192,t=2,p=1$")
    assert check_password("a long passphrase", encoded)
    assert not check_password("another passphrase", encoded)
    assert isinstance(identify_hasher(encoded), AccordArgon2PasswordHasher)


def test_argon2_default_memory_cost_is_19_mib(settings: Any) -> None:
    assert settings.ACCORD_ARGON2_MEMORY_KIB == 19_456
    assert AccordArgon2PasswordHasher().params().memory_cost == 19_456  # type: ignore[attr-defined]


def test_a_hash_made_with_another_memory_cost_is_upgraded(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["accord.accounts.hashers.AccordArgon2PasswordHasher"]
    settings.ACCORD_ARGON2_MEMORY_KIB = 8192
    old = make_password("a long passphrase")
    settings.ACCORD_ARGON2_MEMORY_KIB = 9216
    assert AccordArgon2PasswordHasher().must_update(old)


def test_language_switch_sets_the_cookie_and_the_next_page_is_spanish(client: Client, db: Any, settings: Any) -> None:
    response = client.post("/i18n/setlang/", {"language": "es", "next": "/accounts/login/"})
    assert response.status_code == 302
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "es"
    page = client.get("/accounts/login/")
    assert page["Content-Language"] == "es"
    assert '<html lang="es">' in page.content.decode()


@pytest.mark.slow
def test_check_deploy_is_silent_with_production_settings(tmp_path: Path) -> None:
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "ACCORD_", "SECURE_"))},
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "accord.example.org",
        "ACCORD_BASE_URL": "https://accord.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}",
        "ACCORD_TESTING": "false",
        "ACCORD_VAR_DIR": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "-m", "accord", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "WARNING" not in output
    assert "?:" not in output  # each check message starts with "?: (security.W…)"
    assert "no issues" in output
