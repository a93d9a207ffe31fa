"""The ``tests/data`` files the remote-file tests serve, and their names there."""

from __future__ import annotations

from pathlib import Path

DATA = Path(__file__).resolve().parents[2] / "data"
WRITERS = "real-writers/NeurodataWithoutBorders__matnwb__"
FILES = (  # without findings; with 19 (M, G codes); with H005 and M codes; an
    # external link to realistic.nwb (not looked for beside a remote file)
    "realistic.nwb",
    f"{WRITERS}ecephys_tutorial.nwb",
    f"{WRITERS}membrane_potential.nwb",
    "external_link.nwb",
)
NAMES = tuple(Path(name).name for name in FILES)
