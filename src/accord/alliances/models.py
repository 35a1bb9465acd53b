"""The alliance's policy purpose (method step 1), kept as numbered versions.

Every edit writes a new version; older versions are never changed, so the alliance can see
how its purpose moved and compare any two versions.
"""

from __future__ import annotations
