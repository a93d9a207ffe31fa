"""Benchmark: model generation cold, warm load, and nwb_lsp's import time.

    python tests/bench/bench_schema.py [FILE.nwb]

Each measurement runs in a fresh process: cold = empty cache directory (translate to
LinkML and generate pydantic), warm = the cached module loaded by import.
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
    import os

    source = sys.argv[1] if len(sys.argv) > 1 else str(DEFAULT)
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "NWB_LSP_CACHE": cache}
        cold = run(LOAD, source, env=env)
        warm = [run(LOAD, source, env=env) for _ in range(3)]
        imp = [float(run(IMPORT, env=env)[0]) for _ in range(3)]
    print(f"spec set of {Path(source).name}")
    print(f"cold generation (fresh process, empty cache): {float(cold[0]):.2f} s")
    best = min(float(w[0]) for w in warm)
    print(
        f"warm load (fresh process, cached):            {best:.2f} s "
        f"(linkml imported: {warm[0][1]})"
    )
    print(f"import nwb_lsp.validate:                      {min(imp):.2f} s")


if __name__ == "__main__":
    main()
