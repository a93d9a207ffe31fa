"""The language-server soak, opt-in and long: memory curve and diagnostics latency.

    python tests/soak/run.py --edits 10000 --commands 200 [--pull] [--json out.json]

Starts ``python -m nwb_lsp serve`` over stdio, edits spec documents (core YAML and a
published extension) ``--edits`` times, opens and closes documents, and runs
``--commands`` workspace commands on small, large (pynwb, ``--series`` TimeSeries),
truncated, not-HDF5 and FIFO ``.nwb`` files. Prints the RSS of the server and of its
worker processes every ``--sample-every`` edits, the diagnostics latency
(``didChange`` to the diagnostics of that version) and the server's own account of
what it holds; exits 1 when the server's RSS grew by more than ``--max-growth`` MB
after the warm-up. ``tests/soak/test_soak_short.py`` is the short CI variant.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.soak.soak import SoakConfig, SoakResult, run_soak


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--edits", type=int, default=10_000)
    parser.add_argument("--commands", type=int, default=200)
    parser.add_argument("--sample-every", type=int, default=500)
    parser.add_argument("--warmup", type=int, help="edits before the baseline")
    parser.add_argument("--series", type=int, default=1000)
    parser.add_argument("--timeout", type=float, default=30.0, help="nwb.timeout")
    parser.add_argument("--pull", action="store_true", help="pull diagnostics")
    parser.add_argument("--max-growth", type=float, default=10.0, help="MB")
    parser.add_argument("--json", type=Path, help="write the figures here")
    parser.add_argument(
        "--server-env",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="extra environment for the server (e.g. NWB_LSP_DEBUG_MEMORY=1)",
    )
    return parser.parse_args()


def _report(result: SoakResult) -> None:
    for line in result.summary():
        print(line)
    slow = sorted(result.commands, key=lambda c: -c.seconds)[:5]
    print("slowest commands:")
    for c in slow:
        print(f"  {c.name} on {c.target}: {c.seconds:.2f} s {c.error or 'ok'}")
    for key, stats in result.stats.items():
        print(f"server account at {key}: {json.dumps(stats, sort_keys=True)}")


def main() -> int:
    args = _arguments()
    config = SoakConfig(
        edits=args.edits,
        commands=args.commands,
        sample_every=args.sample_every,
        warmup=args.warmup,
        series=args.series,
        timeout=args.timeout,
        pull=args.pull,
        server_env=dict(item.split("=", 1) for item in args.server_env),
        on_sample=lambda s: print("  " + s.line(), flush=True),
    )
    print(f"RSS every {config.sample_every} edits:", flush=True)
    result = run_soak(config)
    _report(result)
    if args.json:
        figures = {
            "samples": [asdict(s) for s in result.samples],
            "latencies_ms": result.latencies,
            "commands": [asdict(c) for c in result.commands],
            "stats": result.stats,
            "log_levels": result.log_levels,
        }
        args.json.write_text(json.dumps(figures, indent=1))
    return 1 if result.growth_mb() > args.max_growth else 0


if __name__ == "__main__":
    sys.exit(main())
