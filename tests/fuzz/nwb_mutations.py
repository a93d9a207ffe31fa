"""Seeded, reproducible mutations of NWB files for the fuzz suite.

``generate(rng, workdir, index)`` copies a seed (``seeds.py``: files written with
pynwb, and copies of ``tests/data``) into its own folder under ``workdir`` (with the
files that lie beside it: external files, link targets) and damages it in one way,
or in two (``combined``): byte-level (``nwb_bytes.py``) or structural, with h5py
(``nwb_structure.py``). It returns ``(kind, path)``. Everything is drawn from
``rng``, so a case is reproduced by seeding ``rng`` the same way (``case_rng``).
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import h5py
import nwb_bytes
import nwb_structure
from seeds import write_seeds

KINDS: tuple[str, ...] = (
    "unchanged",
    *nwb_bytes.MUTATORS,
    *nwb_structure.MUTATORS,
    "combined",
)
_SEEDS: dict[Path, list[Path]] = {}


def case_rng(seed: int, index: int) -> random.Random:
    """The generator of case ``index`` of a run seeded with ``seed``."""
    return random.Random(f"nwb:{seed}:{index}")


def seeds(workdir: Path) -> list[Path]:
    if workdir not in _SEEDS:
        _SEEDS[workdir] = write_seeds(workdir / "seeds")
    return _SEEDS[workdir]


def generate(rng: random.Random, workdir: Path, index: int) -> tuple[str, Path]:
    """A damaged copy of a seed in ``workdir/case<index>/``: ``(kind, path)``."""
    seed = rng.choice(seeds(workdir))
    folder = workdir / f"case{index:06d}"
    if folder.exists():
        shutil.rmtree(folder)
    shutil.copytree(seed.parent, folder)
    path = folder / seed.name
    kind = rng.choice(KINDS)
    if kind == "combined":
        first = rng.choice(tuple(nwb_structure.MUTATORS))
        second = rng.choice(tuple(nwb_bytes.MUTATORS))
        apply(first, rng, path)
        apply(second, rng, path)
        kind = f"combined:{first}+{second}"
    elif kind != "unchanged":
        apply(kind, rng, path)
    return kind, path


def apply(kind: str, rng: random.Random, path: Path) -> None:
    """One mutation of the file at ``path``, in place."""
    if kind in nwb_bytes.MUTATORS:
        nwb_bytes.MUTATORS[kind](rng, path)
        return
    latest = kind == "huge_attribute_count" and rng.random() < 0.5
    with h5py.File(path, "a", libver="latest" if latest else None) as f:
        nwb_structure.MUTATORS[kind](rng, f)
