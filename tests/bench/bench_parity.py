"""Parity count: nwb-lsp's best practices vs nwbinspector on folders of real files.

    python tests/bench/bench_parity.py [FOLDER ...]   (default: ../shared/corpus's
    real-writers and pynwb-back-compat)

For each check, how many findings each tool reports over every ``*.nwb`` file
(nwbinspector without pynwb's validation, which is nwb-lsp's M family; its crash
reports counted apart), then each disagreement: file, check, and the objects only
one tool names.
"""

from __future__ import annotations

import sys
import warnings
from collections import Counter
from pathlib import Path

import nwbinspector

from nwb_lsp.findings import FindingFilter
from nwb_lsp.rules.bestpractice import by_check_name
from nwb_lsp.validate import validate_nwb_file

# the corpus beside the repository (``../shared/corpus``), for a checkout or a
# worktree one folder further down
DEFAULT = next(
    (
        p / "shared" / "corpus"
        for p in Path(__file__).resolve().parents
        if (p / "shared" / "corpus").is_dir()
    ),
    Path("../shared/corpus"),
)


def inspector(path: Path) -> tuple[Counter[tuple[str, str]], list[str]]:
    found: Counter[tuple[str, str]] = Counter()
    crashes = []
    for m in nwbinspector.inspect_nwbfile(nwbfile_path=str(path), skip_validate=True):
        if m.check_function_name.startswith("check_"):
            found[(m.check_function_name, str(m.location or m.object_name))] += 1
        else:
            crashes.append(m.check_function_name[:100])
    return found, crashes


def ours(path: Path) -> Counter[tuple[str, str]]:
    report = validate_nwb_file(path, filter=FindingFilter(select=("B", "F009")))
    found: Counter[tuple[str, str]] = Counter()
    for f in report.findings:
        check = f.inspector.check if f.inspector else f.code
        found[(check, str(f.location.hdf5_path))] += 1
    return found


def main(folders: list[Path]) -> None:
    warnings.simplefilter("ignore")
    carried = set(by_check_name())
    totals: dict[str, list[int]] = {}
    notes: list[str] = []
    files = sorted(p for folder in folders for p in folder.rglob("*.nwb"))
    for path in files:
        theirs, crashes = inspector(path)
        mine = ours(path)
        for crash in crashes:
            notes.append(f"{path.name}: nwbinspector: {crash}")
        by_check: dict[str, tuple[list[str], list[str]]] = {}
        for (check, where), n in theirs.items():
            totals.setdefault(check, [0, 0])[1] += n
            by_check.setdefault(check, ([], []))[1].append(where)
        for (check, where), n in mine.items():
            totals.setdefault(check, [0, 0])[0] += n
            by_check.setdefault(check, ([], []))[0].append(where)
        for check, (a, b) in sorted(by_check.items()):
            if sum(mine[(check, w)] for w in a) != sum(theirs[(check, w)] for w in b):
                notes.append(
                    f"{path.name}: {check}: nwb-lsp {sorted(a)} / "
                    f"nwbinspector {sorted(b)}"
                )
    print(f"{len(files)} files\n")
    print("| check | nwb-lsp | nwbinspector |")
    print("| --- | --- | --- |")
    for check, (a, b) in sorted(totals.items()):
        mark = "" if check in carried or check == "F009" else " (not carried)"
        print(f"| {check}{mark} | {a} | {b} |")
    print("\nDisagreements:")
    for note in notes:
        print(" ", note)


if __name__ == "__main__":
    args = [Path(a) for a in sys.argv[1:]]
    main(args or [DEFAULT / "real-writers", DEFAULT / "pynwb-back-compat"])
