"""Benchmark: model generation cold, warm load, and nwb_lsp's import time.

    python tests/bench/bench_schema.py [FILE.nwb] [--repeat 5]

Each measurement runs in a fresh process: cold = empty cache directory (translate to
LinkML and generate pydantic), warm = the cached module and its compiled code loaded.
Each figure is the median of ``--repeat`` runs (the shared 2-core machine varies by
20% from run to run).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

DEFAULT = Path(__file__).parents[1] / "data" / "realistic.nwb"
LOAD = (
    "import os, sys, time\n"
    "t = time.perf_counter()\n"
    "from nwb_lsp.hdf5.index import build_index\n"
    "from nwb_lsp.schema.catalog import catalog_for_index\n"
    "from nwb_lsp.schema.provider import ModelProvider\n"
    "p = ModelProvider(catalog_for_index(build_index(sys.argv[1])))\n"
    "assert p.model('core', 'TimeSeries') is not None\n"
    "print(time.perf_counter() - t, any(m.startswith('linkml') for m in sys.modules))\n"
)
IMPORT = (
    "import time; t = time.perf_counter(); import nwb_lsp.validate; "
    "print(time.perf_counter() - t)"
)


def run(code: str, *args: str, env: dict[str, str]) -> list[str]:
    out = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    ).stdout
    return out.split()


def main() -> None:
    import argparse
    import os
    import statistics

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("file", nargs="?", default=str(DEFAULT))
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    cold, warm, imp = [], [], []
    linkml = set()
    for _ in range(args.repeat):
        with tempfile.TemporaryDirectory() as cache:
            env = {**os.environ, "NWB_LSP_CACHE": cache}
            cold.append(float(run(LOAD, args.file, env=env)[0]))
            seconds, imported = run(LOAD, args.file, env=env)
            warm.append(float(seconds))
            linkml.add(imported)
            imp.append(float(run(IMPORT, env=env)[0]))
    print(f"spec set of {Path(args.file).name}, median of {args.repeat} runs")
    print(
        f"cold generation (fresh process, empty cache): {statistics.median(cold):.2f} s"
    )
    middle = statistics.median(warm)
    print(
        f"warm load (fresh process, cached):            {middle:.2f} s "
        f"(linkml imported: {' '.join(sorted(linkml))})"
    )
    print(
        f"import nwb_lsp.validate:                      {statistics.median(imp):.2f} s"
    )


if __name__ == "__main__":
    main()
