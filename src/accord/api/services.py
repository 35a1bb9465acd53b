"""Writes for API tokens. Each service is one transaction."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from accord.api.models import ApiToken, digest, new_raw_token
from accord.core.models import Alliance

PREFIX_LENGTH = 12


@transaction.atomic
def api_token_create(*, alliance: Alliance, user: Any, name: str, access: str) -> tuple[ApiToken, str]:
    """Create a token for `alliance` and return it with its raw value.

    Only the digest is stored, so the raw value returned here is the one and only time anyone
    sees it. The token acts with its creator's roles at each call, never more.
    """
    raw = new_raw_token()
    token = ApiToken(
        alliance=alliance,
        name=name,
        access=access,
        prefix=raw[:PREFIX_LENGTH],
        key_digest=digest(raw),
        created_by=user,
    )
    token.full_clean()
    token.save()
    return token, raw


@transaction.atomic
def api_token_revoke(*, token: ApiToken) -> ApiToken:
    """Revoke a token for good. Kept (not deleted) so the alliance sees who had access and when."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token
