"""Benchmark: ``nwb-lsp check`` vs ``pynwb-validate`` vs ``nwbinspector`` vs h5py walk.

    python tests/bench/bench_check.py [--sizes 100 1000 10000] [--gb 1] [--repeat 1]

Whole processes, as a user runs them (nwb-lsp with ``--no-cache``: every run
checks the file, none is answered from the results cache), on generated NWB
files with N TimeSeries and one file with a large dataset, and one whose large
series has that many bytes of timestamps, which value checks must stream
(``--gb 0`` leaves both out).
Reports wall time and peak memory of each (the median of ``--repeat`` runs, taken
in turns: one run of every tool, then the next round, so that a slow spell of a
shared machine falls on all of them alike), and the ratios against nwb-lsp.
The best-practice column is ``nwb-lsp check --best-practices`` (the schema checks
and nwbinspector's checks in one pass); its ratios: nwbinspector's time over its
time, its peak memory over nwbinspector's, and its time over plain ``check``'s.
"""

from __future__ import annotations

import argparse
import compileall
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from make_files import make

import nwb_lsp

WALK = (
    "import sys, h5py\n"
    "f = h5py.File(sys.argv[1], 'r')\n"
    "f.visititems(lambda n, o: ([o.attrs[k] for k in o.attrs], None)[1])\n"
)


def tools(path: Path) -> dict[str, list[str]]:
    check = [sys.executable, "-m", "nwb_lsp", "check", "-q", "--no-cache", str(path)]
    out = {
        "nwb-lsp check": check,
        "best practices": [*check, "--best-practices"],
        "h5py walk": [sys.executable, "-c", WALK, str(path)],
        "pynwb-validate": [sys.executable, "-m", "pynwb.validation_cli", str(path)],
    }
    if shutil.which("nwbinspector"):
        out["nwbinspector"] = ["nwbinspector", str(path)]
    return out


_RUNNER = r"""
import os, subprocess, sys, threading, time

PAGE = os.sysconf("SC_PAGE_SIZE")


def memory(pid):
    # Proportional set size: resident pages, with pages shared by n processes (the
    # Python binary, libhdf5, a fork server's preloaded modules) counted 1/n each,
    # so that summing over a process tree counts every page once. Falls back to the
    # resident set size where the kernel has no smaps_rollup.
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    try:
        with open(f"/proc/{pid}/statm") as f:
            return int(f.read().split()[1]) * PAGE
    except (OSError, IndexError, ValueError):
        return 0


# the kernel lists each process's children (one file per thread) when built with
# CONFIG_PROC_CHILDREN; elsewhere every process's parent is read instead
LISTS_CHILDREN = os.path.exists(f"/proc/self/task/{os.getpid()}/children")


def children(pid):
    found = []
    try:
        threads = os.listdir(f"/proc/{pid}/task")
    except OSError:  # ended meanwhile
        return found
    for tid in threads:
        try:
            with open(f"/proc/{pid}/task/{tid}/children") as f:
                found += [int(child) for child in f.read().split()]
        except (OSError, ValueError):  # a thread that ended meanwhile
            pass
    return found


def tree_memory(root):
    # Summed memory of root and all its descendants, from /proc. Following the
    # children lists costs a tenth of scanning every process: the sampler's own
    # CPU time, taken from the tool measured, stays small.
    if not LISTS_CHILDREN:
        return scanned_tree_memory(root)
    tree, i = [root], 0
    while i < len(tree):
        tree += [child for child in children(tree[i]) if child not in tree]
        i += 1
    return sum(memory(pid) for pid in tree)


def scanned_tree_memory(root):
    parents = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    stat = f.read()
                parents[int(entry)] = int(stat.rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                pass
    tree, frontier = {root}, [root]
    while frontier:
        pid = frontier.pop()
        for child, parent in parents.items():
            if parent == pid and child not in tree:
                tree.add(child)
                frontier.append(child)
    return sum(memory(pid) for pid in tree)


t = time.perf_counter()
quiet = subprocess.DEVNULL
proc = subprocess.Popen(sys.argv[1:], stdout=quiet, stderr=quiet)
ended = []  # the time the process ended, taken as it ends, not at the next sample


def wait():
    proc.wait()
    ended.append(time.perf_counter())


waiter = threading.Thread(target=wait, daemon=True)
waiter.start()
peak = 0
while waiter.is_alive():
    peak = max(peak, tree_memory(proc.pid))
    waiter.join(0.05)
print(ended[0] - t, peak / 2**20)
"""


def measure(cmd: list[str]) -> tuple[float, float]:
    """Wall seconds, and the peak of the summed memory (MB, proportional set size)
    of the command's whole process tree — nwb-lsp's worker and helper processes
    included — sampled from /proc every 50 ms."""
    out = subprocess.run(
        [sys.executable, "-c", _RUNNER, *cmd],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return float(out[0]), float(out[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000])
    parser.add_argument("--gb", type=float, default=1.0)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    # Bytecode as an installed wheel has it (pip compiles it): an editable checkout
    # under PYTHONDONTWRITEBYTECODE=1 would compile nwb-lsp's modules on every run,
    # while the other tools' come compiled from their wheels.
    compileall.compile_dir(Path(nwb_lsp.__file__).parent, quiet=1)
    files = [make(n) for n in args.sizes]
    if args.gb > 0:
        files.append(make(args.sizes[0], args.gb))
        files.append(make(args.sizes[0], args.gb, timestamps=True))
    names = list(tools(files[0]))
    print(
        "| file | "
        + " | ".join(f"{n} s (MB)" for n in names)
        + " | pynwb / nwb-lsp | nwb-lsp / walk | nwbinspector / best practices "
        "(time) | best practices / nwbinspector (memory) | best practices / check |"
    )
    print("|---" * (len(names) + 6) + "|")
    for path in files:
        cells, times, memory = [], {}, {}
        commands = tools(path)
        runs: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
        for _ in range(args.repeat):
            for name, cmd in commands.items():
                runs[name].append(measure(cmd))
        for name, measured in runs.items():
            seconds, mb = sorted(measured)[len(measured) // 2]
            times[name], memory[name] = seconds, mb
            cells.append(f"{seconds:.2f} ({mb:.0f})")
        ratio = times["pynwb-validate"] / times["nwb-lsp check"]
        walk = times["nwb-lsp check"] / times["h5py walk"]
        print(
            f"| {path.name} | "
            + " | ".join(cells)
            + f" | {ratio:.1f}x | {walk:.2f}x | {_inspector_ratios(times, memory)} |",
            flush=True,
        )


def _inspector_ratios(times: dict[str, float], memory: dict[str, float]) -> str:
    """nwbinspector's time over best practices', best practices' memory over
    nwbinspector's, best practices' time over plain check's."""
    layer = times["best practices"] / times["nwb-lsp check"]
    if "nwbinspector" not in times:
        return f"- | - | {layer:.2f}x"
    speed = times["nwbinspector"] / times["best practices"]
    share = memory["best practices"] / memory["nwbinspector"]
    return f"{speed:.1f}x | {share:.2f}x | {layer:.2f}x"


if __name__ == "__main__":
    main()
