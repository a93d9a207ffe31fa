"""Benchmark: checking one large generated spec file, and alias bombs.

    python tests/bench/bench_spec_large.py [--mb 2 4 8 15 50] [--keep DIR]

Writes schema files of about the given sizes: groups of ``--types-per-mb`` types
(3,946 types in 50 MB by default, as in the fuzzing report that found a 50 MB file
taking 25 s), each extending the previous type of its group of ten, with ten
attributes and ten datasets with long docs. Each is checked from scratch as
``nwb-lsp check`` does (``check_spec_files``, without the schema pipeline); the
figure is the wall time and the first finding. Files above the size limit
(``Limits.max_bytes``) end at once with ``Y021``. Then two "billion laughs" files
(groups nested six and nine levels, each holding ten aliases of the level below: a
million and a billion groups once expanded) are checked, and three structures that
cost quadratic time if a rule walks them naively: one inheritance chain of 20,000
types, 50,000 definitions of one name, 20,000 namespaces declared in one file. One
fresh process per file, so
the figures include nothing cached from an earlier file.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

FILLER = "Lorem ipsum dolor sit amet, consectetur adipiscing elit. " * 8
TYPES_PER_MB = 3_946 / 50


def _type(i: int) -> list[str]:
    parent = "NWBDataInterface" if i % 10 == 0 else f"Type{i - 1}"
    lines = [
        f"- neurodata_type_def: Type{i}",
        f"  neurodata_type_inc: {parent}",
        f"  doc: Type {i}. {FILLER}",
        "  attributes:",
    ]
    for a in range(10):
        lines += [f"  - name: attr_{i}_{a}", "    dtype: text", f"    doc: {FILLER}"]
        lines.append("    required: false")
    lines.append("  datasets:")
    for d in range(10):
        lines += [f"  - name: data_{i}_{d}", "    dtype: float32"]
        lines += ["    dims: [num_times]", "    shape: [null]", f"    doc: {FILLER}"]
        lines.append("    quantity: '?'")
    return lines


def make_spec(path: Path, megabytes: float) -> int:
    """A schema file of about ``megabytes`` MB; returns its number of types."""
    types = max(1, round(megabytes * TYPES_PER_MB))
    lines = ["groups:"]
    for i in range(types):
        lines += _type(i)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return types


def make_bomb(path: Path, levels: int) -> None:
    """A "billion laughs" a spec walker follows: each level a group whose ten
    subgroups are aliases of the level before (10**levels groups expanded)."""
    lines = ["l0: &l0 {doc: lol, name: lol}"]
    for n in range(1, levels + 1):
        aliases = ", ".join([f"*l{n - 1}"] * 10)
        lines.append(f"l{n}: &l{n} {{doc: lol, name: l{n}, groups: [{aliases}]}}")
    lines.append(f"groups: [*l{levels}]")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def make_chain(path: Path, types: int) -> None:
    """One inheritance chain of ``types`` datasets, the dtype set at its root."""
    lines = ["datasets:", "- neurodata_type_def: D0", "  dtype: float", "  doc: d"]
    for i in range(1, types):
        lines += [f"- neurodata_type_def: D{i}", f"  neurodata_type_inc: D{i - 1}"]
        lines.append("  doc: d")
    lines.append(f"  dtype: {'float64' if types % 2 else 'int8'}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def make_same_name(path: Path, types: int) -> None:
    """``types`` definitions of one name, each a little different."""
    lines = ["groups:"]
    for i in range(types):
        lines += ["- neurodata_type_def: Same", f"  doc: copy {i}"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def make_namespaces(path: Path, count: int) -> None:
    """A namespace file declaring ``count`` namespaces, each with a missing source."""
    lines = ["namespaces:"]
    for i in range(count):
        lines += [f"- name: ndx-{i % (count // 2)}", "  version: 0.1.0", "  doc: d"]
        lines += ["  schema:", "  - namespace: core", f"  - source: s{i}.yaml"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


HOSTILE = {
    "chain_20000.yaml": (make_chain, 20_000),
    "same_name_50000.yaml": (make_same_name, 50_000),
    "many.namespace.yaml": (make_namespaces, 20_000),
}

CHILD = """
import sys, time
from pathlib import Path
from nwb_lsp.spec import check_spec_files
start = time.perf_counter()
(report,) = check_spec_files([Path(sys.argv[1])], pipeline=False)
took = time.perf_counter() - start
first = report.findings[0] if report.findings else None
print(f"{took:.2f}", len(report.findings), first.code if first else "-",
      (first.message[:70] if first else ""), sep="\\t")
"""


def check(path: Path) -> str:
    result = subprocess.run(
        [sys.executable, "-c", CHILD, str(path)],
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, nargs="+", default=[2, 4, 8, 15, 50])
    parser.add_argument("--keep", type=Path, help="write the files here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        out = sys.stdout
        out.write("file\tMB\ttypes\tseconds\tfindings\tfirst\tmessage\n")
        for mb in args.mb:
            path = folder / f"large_{mb:g}mb.extensions.yaml"
            types = make_spec(path, mb)
            size = path.stat().st_size / 1e6
            out.write(f"{path.name}\t{size:.1f}\t{types}\t{check(path)}\n")
            out.flush()
        for levels in (6, 9):
            path = folder / f"bomb_{levels}.yaml"
            make_bomb(path, levels)
            size = path.stat().st_size / 1e6
            out.write(f"{path.name}\t{size:.3f}\t0\t{check(path)}\n")
            out.flush()
        for name, (make, count) in HOSTILE.items():
            path = folder / name
            make(path, count)
            size = path.stat().st_size / 1e6
            out.write(f"{path.name}\t{size:.1f}\t{count}\t{check(path)}\n")
            out.flush()


if __name__ == "__main__":
    main()
