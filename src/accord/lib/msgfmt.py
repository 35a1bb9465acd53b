"""Compile every .po file under a folder to .mo, in pure Python (polib).

`make run` uses it so a fresh machine needs no gettext tools to serve translated pages.
"""

from __future__ import annotations

import sys
from pathlib import Path

import polib  # type: ignore[import-untyped]


def compile_all(root: Path) -> int:
    count = 0
    for po_path in sorted(root.rglob("*.po")):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
        count += 1
    return count


if __name__ == "__main__":
    root = Path(sys.argv[1] if len(sys.argv) > 1 else "src/accord/locale")
    n = compile_all(root)
    print(f"translations: {n} catalogue{'' if n == 1 else 's'} compiled")
