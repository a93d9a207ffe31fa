"""The fuzz run: generated NWB (and spec) cases through ``nwb-lsp check``.

    python tests/fuzz/run.py --cases 5000 [--seed N] [--jobs N] [--batch N]
                             [--timeout S] [--spec-share F] [--keep DIR] [--only I ...]

Cases are generated in batches (``nwb_mutations.generate``; a share of them from
``spec_mutations.generate`` when that module is present), each batch checked by one
``nwb-lsp check --format json`` process (``harness.check_batch``), then deleted,
except the cases of every class other than ``verdict``, which are kept under
``--keep`` to reproduce by hand. Case ``I`` of seed ``N`` is always the same file:
``--seed N --only I`` makes it again. The counts per outcome class and per kind are
printed, then every case that did not end in a verdict.
"""

from __future__ import annotations

import argparse
import importlib
import itertools
import random
import shutil
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType

sys.path.insert(0, str(Path(__file__).parent))
from harness import CLASSES, Case, Outcome, check_batch
from nwb_mutations import case_rng
from nwb_mutations import generate as generate_nwb

Generate = Callable[[random.Random, Path, int], tuple[str, Path]]


def spec_module() -> ModuleType | None:
    """``spec_mutations`` when it exists (another part of the suite provides it)."""
    try:
        return importlib.import_module("spec_mutations")
    except ModuleNotFoundError as exc:
        if exc.name == "spec_mutations":
            return None
        raise


def make_case(
    seed: int, index: int, workdir: Path, spec_share: float, spec: ModuleType | None
) -> Case:
    """Case ``index``: which generator makes it is drawn from the case's own seed."""
    rng = case_rng(seed, index)
    if spec is not None and rng.random() < spec_share:
        (workdir / "spec").mkdir(exist_ok=True)
        kind, path = spec.generate(rng, workdir / "spec", index)
        return Case(index, f"spec:{kind}", path)
    kind, path = generate_nwb(rng, workdir, index)
    return Case(index, kind, path)


def cases(
    seed: int, indices: list[int], workdir: Path, spec_share: float
) -> Iterator[Case | Outcome]:
    """Each case, or the outcome ``generator`` when making it failed (a bug in the
    suite, not in nwb-lsp: reported apart)."""
    spec = spec_module()
    for index in indices:
        try:
            yield make_case(seed, index, workdir, spec_share, spec)
        except Exception as exc:  # a mutation that does not apply to this seed
            yield Outcome(Case(index, "?", workdir), "generator", repr(exc))


def own_files(case: Case) -> Path:
    """What belongs to the case alone: an NWB case's folder (the file and what lies
    beside it), a spec case's file or folder."""
    return case.path if case.kind.startswith("spec:") else case.path.parent


def keep(case: Case, keep_dir: Path) -> Path:
    """Copy a case's files to ``keep_dir/case<index>`` (returns the case's path)."""
    source = own_files(case)
    target = keep_dir / f"case{case.index:06d}"
    shutil.rmtree(target, ignore_errors=True)
    if source.is_dir():
        shutil.copytree(source, target, symlinks=True)
        return target / case.path.relative_to(source)
    target.mkdir(parents=True)
    if source.exists():
        shutil.copy(source, target)
    return target / source.name


def discard(case: Case) -> None:
    files = own_files(case)
    if files.is_dir() and not files.is_symlink():
        shutil.rmtree(files, ignore_errors=True)
    else:
        files.unlink(missing_ok=True)


def run(args: argparse.Namespace) -> Counter[str]:
    indices = args.only or list(range(args.cases))
    totals: Counter[str] = Counter()
    by_kind: Counter[tuple[str, str]] = Counter()
    odd: list[tuple[Outcome, Path]] = []
    with tempfile.TemporaryDirectory(prefix="nwb-fuzz-") as tmp:
        batch: list[Case] = []
        stream = cases(args.seed, indices, Path(tmp), args.spec_share)
        for item in itertools.chain(stream, [None]):
            if isinstance(item, Outcome):
                totals[item.klass] += 1
                odd.append((item, item.case.path))
            elif item is not None:
                batch.append(item)
            if batch and (item is None or len(batch) >= args.batch):
                for outcome in check_batch(batch, timeout=args.timeout, jobs=args.jobs):
                    totals[outcome.klass] += 1
                    by_kind[(outcome.case.kind.split(":")[0], outcome.klass)] += 1
                    if outcome.klass != "verdict":
                        odd.append((outcome, keep(outcome.case, args.keep)))
                for case in batch:
                    discard(case)
                batch = []
                done = sum(totals.values())
                print(f"{done}/{len(indices)} cases: {dict(totals)}", file=sys.stderr)
    report(totals, by_kind, odd)
    return totals


def report(
    totals: Counter[str],
    by_kind: Counter[tuple[str, str]],
    odd: list[tuple[Outcome, Path]],
) -> None:
    print("outcome classes:")
    for klass in (*CLASSES, "generator"):
        print(f"  {klass:<10} {totals[klass]}")
    print("cases per kind (verdict / other):")
    for kind in sorted({k for k, _ in by_kind}):
        other = sum(n for (k, c), n in by_kind.items() if k == kind and c != "verdict")
        print(f"  {kind:<24} {by_kind[(kind, 'verdict')]:>5} / {other}")
    for outcome, kept in odd:
        case = outcome.case
        print(f"\n[{outcome.klass}] case {case.index} ({case.kind}): {kept}")
        if outcome.detail:
            print("  " + outcome.detail.replace("\n", "\n  "))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=500)
    parser.add_argument("--seed", type=int, default=int(time.time()) % 100_000)
    parser.add_argument("--jobs", type=int, default=2, help="files checked at once")
    parser.add_argument("--batch", type=int, default=40, help="files per check call")
    parser.add_argument("--timeout", type=float, default=30.0, help="per file (s)")
    parser.add_argument("--spec-share", type=float, default=0.2)
    parser.add_argument("--only", type=int, nargs="+", help="just these cases")
    parser.add_argument(
        "--keep", type=Path, default=Path(__file__).parent / "out", help="odd cases"
    )
    args = parser.parse_args()
    if spec_module() is None:
        print("spec cases skipped: tests/fuzz/spec_mutations.py is not there")
    print(f"seed {args.seed}")
    totals = run(args)
    return 0 if totals["verdict"] == sum(totals.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
