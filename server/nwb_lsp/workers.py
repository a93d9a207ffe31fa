"""Worker processes for HDF5 work: a crash or a hang costs a worker, never the caller.

libhdf5 can abort the process or spin forever on a corrupt file, so neither the CLI
nor the language server reads HDF5 in its own process. A ``WorkerPool`` keeps ``size``
long-lived worker processes (started once, so imports are paid once); each task is
a dotted function name plus picklable arguments. The caller gets an ``Outcome``:

* ``value`` when the function returned;
* ``crashed`` when the worker died (segfault, ``os._exit``) — the worker is replaced;
* ``timed_out`` when it ran past ``timeout`` seconds — the worker is killed and
  replaced;
* ``error`` (a traceback's last line) when the function raised.

``submit`` returns a ``concurrent.futures.Future``, so asyncio code can await it with
``asyncio.wrap_future``; ``cancel`` on a running task kills its worker.

An interrupt (Ctrl-C) is the caller's to handle: workers, the fork server they come
from and their helpers start with SIGINT blocked, so a terminal's Ctrl-C reaches only
the caller, and a pool left by an exception kills the workers still running.

A long-lived caller (the language server) bounds its workers' memory: Python
seldom returns freed memory to the system, and a worker that once read a huge or
corrupt file keeps its peak. With ``max_tasks`` a worker is replaced after that
many tasks; with ``max_rss_mb``, after a task that left it above that resident size
(read from ``/proc``; Linux only). A new worker forks from the forkserver, which has
the imports already. With ``nice`` the workers run at that lower CPU priority
(POSIX), so on a busy machine the caller's interactive work goes first.

How workers start (Linux): a pool created by a one-shot caller — one thread, and
neither libhdf5 nor numpy loaded (the CLI) — forks its ``size`` workers at once
from the caller itself, and each imports ``preload`` while the caller goes on. That
costs no fork server and no resource tracker: two fewer interpreters, about 40 MB
and a third of a second per run. Forking is safe only then: a child of a
multi-threaded process (numpy's BLAS runs native threads) can inherit a lock held
by another thread, and one of a process with libhdf5 loaded inherits its open
files. Every other worker (a replacement after a crash or a timeout, any worker of
the language server) forks from the fork server, started when first needed.
"""

from __future__ import annotations

import contextlib
import importlib
import multiprocessing as mp
import os
import signal
import sys
import threading
import traceback
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from multiprocessing import resource_tracker
from multiprocessing.connection import Connection
from typing import Any


@dataclass(frozen=True)
class Outcome:
    value: Any = None
    error: str | None = None
    crashed: bool = False
    timed_out: bool = False
    exitcode: int | None = None

    @property
    def ok(self) -> bool:
        return self.error is None and not self.crashed and not self.timed_out


def _call(target: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    module, _, name = target.rpartition(".")
    return getattr(importlib.import_module(module), name)(*args, **kwargs)


def _worker_main(
    conn: Connection, nice: int = 0, preload: tuple[str, ...] = ()
) -> None:
    if nice and hasattr(os, "nice"):
        os.nice(nice)
    for module in preload:  # a forked worker imports while its caller goes on
        with contextlib.suppress(Exception):  # the task that needs it will say why
            importlib.import_module(module)
    while True:
        try:
            message = conn.recv()
        except (EOFError, KeyboardInterrupt):
            return
        if message is None:
            return
        target, args, kwargs = message
        try:
            conn.send(("ok", _call(target, args, kwargs)))
        except Exception as exc:
            tb = traceback.format_exc(limit=-3)
            conn.send(("error", f"{type(exc).__name__}: {exc}\n{tb}"))


class _Worker:
    """One worker process and the pipe to it; restarted after a crash or a kill."""

    def __init__(
        self, ctx: Any, nice: int = 0, *, forked: tuple[str, ...] | None = None
    ) -> None:
        """``ctx`` starts the worker and its replacements; with ``forked`` (modules
        to preload), this first one forks from the caller instead."""
        self._ctx = ctx
        self._nice = nice
        if forked is None:
            self._start(ctx)
        else:
            self._start(mp.get_context("fork"), forked)

    def _start(self, ctx: Any, preload: tuple[str, ...] = ()) -> None:
        self.tasks = 0
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(
            target=_worker_main, args=(child, self._nice, preload), daemon=True
        )
        with _sigint_blocked(ctx):  # inherited by the fork server and every child
            self.process.start()
        child.close()

    def restart(self) -> None:
        self.kill()
        self._start(self._ctx)

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(timeout=5)
        self.conn.close()

    def run(
        self,
        target: str,
        args: tuple[Any, ...],
        kwargs: dict[str, Any],
        timeout: float | None,
        cancelled: threading.Event,
    ) -> Outcome:
        if not self.process.is_alive():
            self.restart()
        self.tasks += 1
        try:
            self.conn.send((target, args, kwargs))
        except (BrokenPipeError, OSError):
            self.restart()
            self.conn.send((target, args, kwargs))
        return self._wait(timeout, cancelled)

    def _wait(self, timeout: float | None, cancelled: threading.Event) -> Outcome:
        waited = 0.0
        step = 0.05
        while timeout is None or waited < timeout:
            if cancelled.is_set():
                self.kill()  # started again when next used, not while shutting down
                return Outcome(error="cancelled")
            try:
                if self.conn.poll(step):
                    kind, payload = self.conn.recv()
                    return (
                        Outcome(value=payload)
                        if kind == "ok"
                        else Outcome(error=payload)
                    )
            except (EOFError, OSError):
                break
            if not self.process.is_alive() and not self.conn.poll(0):
                break
            waited += step
        else:
            self.restart()
            return Outcome(timed_out=True)
        self.process.join(timeout=5)
        code = self.process.exitcode
        self.restart()
        return Outcome(crashed=True, exitcode=code)

    def rss_mb(self) -> float | None:
        """The worker's resident set in MB, where ``/proc`` tells it."""
        try:
            with open(f"/proc/{self.process.pid}/status", encoding="ascii") as fh:
                for line in fh:
                    if line.startswith("VmRSS:"):
                        return int(line.split()[1]) / 1024
        except (OSError, ValueError):
            pass
        return None


class WorkerPool:
    """``size`` worker processes; tasks run with a per-task timeout; a worker is
    replaced after ``max_tasks`` tasks or once above ``max_rss_mb`` (0 or ``None``:
    no limit); workers run ``nice`` steps below the caller's CPU priority."""

    def __init__(
        self,
        size: int | None = None,
        timeout: float | None = 120.0,
        start_method: str | None = None,
        preload: tuple[str, ...] = ("nwb_lsp.validate",),
        *,
        max_tasks: int | None = None,
        max_rss_mb: float | None = None,
        nice: int = 0,
    ) -> None:
        self.size = max(1, size or min(4, os.cpu_count() or 1))
        self.timeout = timeout
        self.max_tasks = max_tasks
        self.max_rss_mb = max_rss_mb
        self.nice = nice
        self.retired = 0
        method = start_method or ("forkserver" if os.name == "posix" else "spawn")
        self._ctx = mp.get_context(method)
        if method == "forkserver":
            # workers fork from a server that has imported these once
            self._ctx.set_forkserver_preload(list(preload))
        self._idle: list[_Worker] = []
        if method == "forkserver" and _may_fork():
            self._idle = [
                _Worker(self._ctx, nice, forked=preload) for _ in range(self.size)
            ]
        self._lock = threading.Lock()
        self._threads = ThreadPoolExecutor(self.size, thread_name_prefix="nwb-worker")
        self._closed = False
        self._running: set[threading.Event] = set()

    def _take(self) -> _Worker:
        with self._lock:
            if self._idle:
                return self._idle.pop()
        return _Worker(self._ctx, self.nice)

    def _give(self, worker: _Worker) -> None:
        if self._worn(worker):
            worker.kill()  # idle, so nothing is lost; the next task starts a new one
            with self._lock:
                self.retired += 1
            return
        with self._lock:
            if self._closed:
                worker.kill()
            else:
                self._idle.append(worker)

    def _worn(self, worker: _Worker) -> bool:
        if self.max_tasks and worker.tasks >= self.max_tasks:
            return True
        if self.max_rss_mb:
            rss = worker.rss_mb()
            return rss is not None and rss > self.max_rss_mb
        return False

    def submit(
        self, target: str, *args: Any, timeout: float | None = None, **kwargs: Any
    ) -> Future[Outcome]:
        """Run ``target`` (``"package.module.function"``) in a worker."""
        cancelled = threading.Event()
        limit = self.timeout if timeout is None else timeout

        def job() -> Outcome:
            if cancelled.is_set():
                return Outcome(error="cancelled")
            worker = self._take()
            self._running.add(cancelled)
            try:
                return worker.run(target, args, kwargs, limit, cancelled)
            finally:
                self._running.discard(cancelled)
                self._give(worker)

        future = self._threads.submit(job)
        original_cancel = future.cancel

        def cancel() -> bool:
            cancelled.set()
            return original_cancel()

        future.cancel = cancel  # type: ignore[method-assign]
        return future

    def run(
        self, target: str, *args: Any, timeout: float | None = None, **kwargs: Any
    ) -> Outcome:
        return self.submit(target, *args, timeout=timeout, **kwargs).result()

    def close(self, *, cancel_running: bool = False) -> None:
        """Stop the workers; ``cancel_running`` kills tasks still running instead
        of waiting for them."""
        with self._lock:
            self._closed = True
            idle, self._idle = self._idle, []
        if cancel_running:
            for event in list(self._running):
                event.set()
        self._threads.shutdown(wait=True, cancel_futures=True)
        for worker in idle:
            with contextlib.suppress(OSError):
                worker.conn.send(None)
            worker.kill()

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, *exc: object) -> None:
        # left by an exception (KeyboardInterrupt): nobody waits for the results
        self.close(cancel_running=exc_type is not None)


def _may_fork() -> bool:
    """Whether workers may fork from this process itself (see the module's
    docstring): on Linux (macOS's system libraries may start threads of their own),
    with one thread, and neither libhdf5 nor numpy loaded (numpy's BLAS runs native
    threads that ``threading`` does not count)."""
    return (
        sys.platform.startswith("linux")
        and threading.active_count() == 1
        and threading.current_thread() is threading.main_thread()
        and "h5py" not in sys.modules
        and "numpy" not in sys.modules
    )


@contextlib.contextmanager
def _sigint_blocked(ctx: Any) -> Iterator[None]:
    """Block SIGINT in this thread while a child is started: the child inherits
    the mask, so Ctrl-C in a terminal interrupts only this process."""
    if not hasattr(signal, "pthread_sigmask"):  # Windows: no signal masks
        yield
        return
    # Starting the resource tracker unblocks SIGINT in the calling thread: start it
    # first, so the block below holds while the fork server is started. A forked
    # child needs neither.
    if ctx.get_start_method() != "fork":
        resource_tracker.ensure_running()
    old = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)
