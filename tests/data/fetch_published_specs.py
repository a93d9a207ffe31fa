"""Fetch the spec YAML of published NWB extensions into ``tests/data/spec/published``.

    python tests/data/fetch_published_specs.py

Downloads each extension's wheel from PyPI (``pip download --no-deps``) and keeps only
its ``spec/`` folder and its license, so the tests can check real extensions without
installing them. The versions are pinned: the tests assert these files are clean.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

OUT = Path(__file__).resolve().parent / "spec" / "published"
EXTENSIONS = {
    "ndx-ecog": "0.1.1",
    "ndx-events": "0.4.0",
    "ndx-franklab-novela": "0.2.4",  # imports ndx-optogenetics
    "ndx-hierarchical-behavioral-data": "0.1.2",
    "ndx-miniscope": "0.5.1",
    "ndx-ophys-devices": "0.4.0",
    "ndx-optogenetics": "0.4.1",  # imports ndx-ophys-devices
    "ndx-pose": "0.4.0",
    "ndx-sound": "0.2.3",
}


def fetch(name: str, version: str, into: Path, tmp: Path) -> None:
    pip = [sys.executable, "-m", "pip", "download", "--no-deps", "-q"]
    subprocess.run([*pip, "-d", str(tmp), f"{name}=={version}"], check=True)
    stem = name.replace("-", "_")
    (wheel,) = tmp.glob(f"{stem}-{version}-*.whl")
    target = into / name
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    with zipfile.ZipFile(wheel) as zf:
        for member in zf.namelist():
            base = member.rsplit("/", 1)[-1]
            keep = f"{stem}/spec/" in member and base.endswith(".yaml")
            if keep or base.upper().startswith("LICENSE"):
                (target / base).write_bytes(zf.read(member))


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        for name, version in EXTENSIONS.items():
            fetch(name, version, OUT, Path(tmp))
            sys.stdout.write(f"{name} {version}\n")


if __name__ == "__main__":
    main()
