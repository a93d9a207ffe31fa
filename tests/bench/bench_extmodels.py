"""Benchmark: an extension's standalone models against pynwb's classes of it.

    python tests/bench/bench_extmodels.py [NAMESPACE.yaml] [--repeat 5]

Writes the extension's models with ``nwb-lsp models NAMESPACE.yaml --pydantic``
(cold: an empty model cache; warm: the cache filled), then, each in a fresh
process, imports the extension module and builds one ``Skeleton`` (ndx-pose, the
default) — against pynwb's ``load_namespaces`` + ``get_class`` + the same instance,
the reference. Each figure is the median of ``--repeat`` runs; the sizes of the
three modules are printed too.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DEFAULT = (
    Path(__file__).parents[1]
    / "data"
    / "spec"
    / "published"
    / "ndx-pose"
    / "ndx-pose.namespace.yaml"
)
STANDALONE = (
    "import sys, time; t = time.perf_counter(); sys.path.insert(0, sys.argv[1])\n"
    "import ext\n"
    "s = ext.Skeleton(name='m', nodes=ext.SkeletonNodes(array=['a', 'b']),\n"
    "                 edges=ext.SkeletonEdges(array=[[0, 1]]))\n"
    "assert 'nwb_lsp' not in sys.modules\n"
    "print(time.perf_counter() - t)\n"
)
PYNWB = (
    "import sys, time; t = time.perf_counter()\n"
    "import numpy as np\n"
    "from pynwb import get_class, load_namespaces\n"
    "load_namespaces(sys.argv[1])\n"
    "Skeleton = get_class('Skeleton', 'ndx-pose')\n"
    "s = Skeleton(name='m', nodes=['a', 'b'], edges=np.array([[0, 1]], 'uint8'))\n"
    "print(time.perf_counter() - t)\n"
)


def _python(code: str, *args: str) -> float:
    done = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, check=True
    )
    return float(done.stdout.split()[-1])


def _generate(namespace: Path, out: Path, cache: Path) -> float:
    command = [sys.executable, "-m", "nwb_lsp", "models", str(namespace)]
    command += ["--pydantic", str(out / "ext.py"), "--force"]
    env = {**os.environ, "NWB_LSP_CACHE": str(cache)}
    start = time.perf_counter()
    subprocess.run(command, capture_output=True, check=True, env=env)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("namespace", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out, cache = Path(tmp), Path(tmp) / "cache"
        cold = _generate(args.namespace, out, cache)
        warm = statistics.median(
            _generate(args.namespace, out, cache) for _ in range(args.repeat)
        )
        print(f"nwb-lsp models (cold cache): {cold:.2f} s; warm: {warm:.2f} s")
        for name in ("ext.py", "core_models.py", "nwb_runtime.py"):
            print(f"  {name}: {(out / name).stat().st_size:,} bytes")
        ours = statistics.median(
            _python(STANDALONE, str(out)) for _ in range(args.repeat)
        )
        theirs = statistics.median(
            _python(PYNWB, str(args.namespace)) for _ in range(args.repeat)
        )
    print(f"import + one instance, standalone models: {ours:.2f} s")
    print(f"import + one instance, pynwb (reference): {theirs:.2f} s")
    print(f"ratio standalone / pynwb: {ours / theirs:.2f}")


if __name__ == "__main__":
    main()
