"""Writing output files safely: a temporary file beside the target, then a rename.

A reader never sees a half-written file, and a failed write leaves the old file (if
any) untouched.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_text_atomic(target: Path, text: str) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(
        dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"
    )
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target
