from __future__ import annotations

import io

import pytest
from django.apps import apps
from django.core.management import call_command


def test_every_accord_app_with_models_has_migrations() -> None:
    # An app without a migrations package is created by syncdb in tests on SQLite but breaks
    # migration order on PostgreSQL (a foreign key to a table that does not exist yet).
    from django.db.migrations.loader import MigrationLoader

    loader = MigrationLoader(None, ignore_no_migrations=True)
    missing = [
        cfg.label
        for cfg in apps.get_app_configs()
        if cfg.name.startswith("accord.") and list(cfg.get_models()) and cfg.label not in loader.migrated_apps
    ]
    assert missing == []


@pytest.mark.django_db
def test_models_and_migrations_agree() -> None:
    out = io.StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()
