"""The package's layering rules, checked on the source: imports point one way.

* h5py only under ``hdf5/`` (libhdf5 work is confined, so the LSP process never
  touches it);
* pygls and lsprotocol only under ``lsp/``;
* ``print`` only in ``cli/`` (stdout is the protocol channel of a stdio server);
* lower layers never import higher ones.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "server" / "nwb_lsp"
ORDER = ["hdf5", "schema", "rules", "spec", "lsp"]  # each may import only earlier ones


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "language_models" not in p.name)


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def _layer(path: Path) -> str:
    rel = path.relative_to(PACKAGE).parts
    return rel[0] if len(rel) > 1 else rel[0].removesuffix(".py")


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_respect_layers(path: Path) -> None:
    layer = _layer(path)
    imports = _imports(path)
    if layer != "hdf5":
        assert not {i for i in imports if i.split(".")[0] == "h5py"}, (
            "h5py outside hdf5/"
        )
    if layer != "lsp":
        bad = {i for i in imports if i.split(".")[0] in ("pygls", "lsprotocol")}
        assert not bad, "pygls/lsprotocol outside lsp/"
    if layer in ORDER:
        allowed = set(ORDER[: ORDER.index(layer) + 1])
        # rules may use spec's parsed documents? No: spec rules live in rules/spec,
        # which imports spec/. Keep that single, documented exception.
        if path.is_relative_to(PACKAGE / "rules" / "spec"):
            allowed.add("spec")
        for name in imports:
            parts = name.split(".")
            if parts[0] == "nwb_lsp" and len(parts) > 1 and parts[1] in ORDER:
                assert parts[1] in allowed, f"{layer}/ imports higher layer {name}"


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_print_outside_cli(path: Path) -> None:
    if _layer(path) == "cli":
        return
    tree = ast.parse(path.read_text(encoding="utf-8"))
    calls = [
        n.lineno
        for n in ast.walk(tree)
        if isinstance(n, ast.Call)
        and isinstance(n.func, ast.Name)
        and n.func.id == "print"
    ]
    assert not calls, f"print() at lines {calls}: stdout is the LSP protocol channel"
