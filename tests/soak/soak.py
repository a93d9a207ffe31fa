"""The soak: thousands of spec edits and hundreds of ``.nwb`` commands on one server.

``run_soak(config)`` starts ``python -m nwb_lsp serve`` over stdio, opens the spec
documents of ``inputs.make_inputs`` and edits them (``edits.SpecEditor``), waiting
for the diagnostics of each version; every ``churn_every`` edits it opens a new
scratch document and closes it (new URIs, as when browsing files), and every
``reopen_every`` edits closes an edited document and opens it again. Spread over the
edits it runs ``commands`` workspace commands, one at a time, alongside the typing,
on the small, large, truncated, not-HDF5 and FIFO ``.nwb`` files.

Every ``sample_every`` edits it records the RSS of the server and of its worker
processes (after the command in flight, if any, has answered); at the warm-up point
and at the end it asks the server for its own account (``nwb.debugMemory``, when the
server has it). The result holds the memory curve, the diagnostics latencies, each
command's outcome and the server's log levels.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pygls.uris import from_fs_path

from .client import SoakClient
from .inputs import SoakInputs, make_inputs
from .procmem import MemorySample, sample

SCRATCH = """\
groups:
- neurodata_type_def: Scratch{n}
  neurodata_type_inc: NWBDataInterface
  doc: A scratch type.
"""


@dataclass
class SoakConfig:
    edits: int = 1000
    commands: int = 20
    sample_every: int = 500
    warmup: int | None = None  # edits before the memory baseline; default 20 %
    churn_every: int = 100
    reopen_every: int = 1000
    pull: bool = False
    series: int = 1000  # TimeSeries in the large .nwb file
    timeout: float = 30.0  # the server's nwb.timeout, seconds per file
    workers: int = 2
    cache: Path = Path(tempfile.gettempdir()) / "nwb-lsp-soak"
    server_env: dict[str, str] = field(default_factory=dict)
    on_sample: Callable[[MemorySample], None] | None = None  # progress

    @property
    def warmup_edits(self) -> int:
        if self.warmup is not None:
            return self.warmup
        return max(
            self.sample_every, self.edits // 5 // self.sample_every * self.sample_every
        )


@dataclass(frozen=True)
class CommandOutcome:
    name: str
    target: str  # which kind of .nwb file
    seconds: float
    error: str | None


@dataclass
class SoakResult:
    config: SoakConfig
    samples: list[MemorySample] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)
    commands: list[CommandOutcome] = field(default_factory=list)
    stats: dict[str, Any] = field(default_factory=dict)  # "warmup"/"end" -> account
    log_levels: dict[str, int] = field(default_factory=dict)
    log_tail: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def percentile(self, q: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[round(q * (len(ordered) - 1))] if ordered else float("nan")

    def baseline(self) -> MemorySample:
        """The first sample at or after the warm-up point."""
        warm = self.config.warmup_edits
        return next(s for s in self.samples if s.edits >= warm)

    def growth_mb(self) -> float:
        """Server RSS growth from the warm-up point to the end."""
        return self.samples[-1].server_mb - self.baseline().server_mb

    def worker_growth_mb(self) -> float:
        return self.samples[-1].workers_mb - self.baseline().workers_mb

    def summary(self) -> list[str]:
        mean = statistics.fmean(self.latencies) if self.latencies else float("nan")
        failed = [c for c in self.commands if c.error]
        return [
            f"{len(self.latencies)} edits, {len(self.commands)} commands "
            f"({len(failed)} answered with an error) in {self.seconds:.0f} s, "
            f"{'pull' if self.config.pull else 'push'} diagnostics",
            f"diagnostics latency: p50 {self.percentile(0.5):.1f} ms, "
            f"p95 {self.percentile(0.95):.1f} ms, mean {mean:.1f} ms, "
            f"max {max(self.latencies, default=float('nan')):.1f} ms",
            f"server RSS growth after warm-up ({self.baseline().edits} edits): "
            f"{self.growth_mb():+.1f} MB; workers {self.worker_growth_mb():+.1f} MB",
            f"server log lines by level: {dict(self.log_levels)}",
        ]


def _command_plan(inputs: SoakInputs) -> Iterator[tuple[str, str, list[Any]]]:
    """The commands, in a cycle: (name, file kind, arguments after the URI)."""
    out = inputs.outputs
    serial = itertools.count()
    plan: list[tuple[str, str, Any]] = [
        ("nwb.validate", "large", lambda: []),
        ("nwb.graph", "large", lambda: ["json"]),
        ("nwb.findReferences", "large", lambda: ["/acquisition/ts00000"]),
        ("nwb.showTree", "large", lambda: []),
        ("nwb.truncate", "large", lambda: [str(out / f"t{next(serial)}.nwb"), 5]),
        ("nwb.exportModels", "large", lambda: [str(out / "models"), True]),
        ("nwb.validate", "truncated", lambda: []),
        ("nwb.showTree", "truncated", lambda: []),
        ("nwb.graph", "not_hdf5", lambda: ["json"]),
        ("nwb.validate", "small", lambda: []),
        ("nwb.findReferences", "small", lambda: ["/general/extracellular_ephys"]),
        ("nwb.validate", "fifo", lambda: []),
        ("nwb.showTree", "not_hdf5", lambda: []),
        ("nwb.graph", "small", lambda: ["graphml", str(out / "g.graphml"), True]),
    ]
    for name, kind, args in itertools.cycle(plan):
        yield name, kind, args()


class Soak:
    """One soak run: the server, its documents, the schedule and the figures."""

    def __init__(self, config: SoakConfig, inputs: SoakInputs, result: SoakResult):
        env = {**os.environ, **config.server_env}
        env.setdefault("NWB_LSP_CACHE", str(config.cache / "models"))
        settings = {
            "debounce": 0,
            "workers": config.workers,
            "timeout": config.timeout,
        }
        self.config = config
        self.inputs = inputs
        self.result = result
        self.client = SoakClient(settings, config.pull, env)
        self.plan = _command_plan(inputs)
        self.running: asyncio.Task[None] | None = None
        self.scratch = itertools.count()

    async def run(self) -> None:
        await self.client.start(self.inputs.workspace)
        uris = [
            await self.client.open(path, seed=i)
            for i, path in enumerate(self.inputs.edited)
        ]
        for path in self.inputs.opened:
            await self.client.open(path)
        streams = {uri: self.client.editors[uri].changes() for uri in uris}
        order = itertools.cycle(uris)
        every = max(1, self.config.edits // max(1, self.config.commands))
        self.inputs.outputs.mkdir(parents=True, exist_ok=True)
        uri = next(order)
        for done in range(1, self.config.edits + 1):
            change = next(streams[uri])
            self.result.latencies.append(await self.client.edit(uri, change))
            if self.client.editors[uri].at_rest:
                uri = next(order)  # a script finished: go on in the next document
            await self._between_edits(done, every, uris)
        await self._settle()
        await self._record(self.config.edits, final=True)
        self.result.log_levels = dict(self.client.log_levels)
        self.result.log_tail = list(self.client.log_tail)
        await self.client.stop()

    async def _between_edits(
        self,
        done: int,
        every: int,
        uris: list[str],
    ) -> None:
        if done % every == 0 and len(self.result.commands) < self.config.commands:
            await self._settle()
            self.running = asyncio.create_task(self._command())
        if done % self.config.churn_every == 0:
            await self._scratch_document()
        if done % self.config.reopen_every == 0:
            uri = uris[(done // self.config.reopen_every) % len(uris)]
            await self.client.reopen(uri)
        if done % self.config.sample_every == 0:
            await self._settle()
            await self._record(done, final=False)

    async def _command(self) -> None:
        name, kind, args = next(self.plan)
        uri = from_fs_path(str(self.inputs.nwb[kind]))
        begin = time.perf_counter()
        error: str | None = None
        try:
            await self.client.command(name, uri, *args)
        except Exception as exc:
            error = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        self.result.commands.append(
            CommandOutcome(name, kind, time.perf_counter() - begin, error)
        )

    async def _settle(self) -> None:
        if self.running is not None:
            await self.running
            self.running = None

    async def _scratch_document(self) -> None:
        n = next(self.scratch)
        path = self.inputs.workspace / "scratch" / f"scratch{n}.extensions.yaml"
        uri = await self.client.open(path, SCRATCH.format(n=n))
        self.client.close(uri)

    async def _record(self, done: int, *, final: bool) -> None:
        taken = sample(self.client.pid, done, len(self.result.commands))
        self.result.samples.append(taken)
        if self.config.on_sample is not None:
            self.config.on_sample(taken)
        warm = self.config.warmup_edits
        if "nwb.debugMemory" in self.client.commands and (final or done == warm):
            key = "end" if final else "warmup"
            self.result.stats[key] = await self.client.command("nwb.debugMemory")


async def _run(config: SoakConfig, root: Path) -> SoakResult:
    inputs = make_inputs(root, config.cache, config.series)
    result = SoakResult(config)
    begin = time.perf_counter()
    await Soak(config, inputs, result).run()
    result.seconds = time.perf_counter() - begin
    return result


def run_soak(config: SoakConfig) -> SoakResult:
    with tempfile.TemporaryDirectory(prefix="nwb-lsp-soak-") as tmp:
        return asyncio.run(_run(config, Path(tmp)))
