"""How much YAML one spec file may ask of the checker, and how long it may take.

A spec file is text someone else wrote: a file of 50 MB, lists nested 10,000 deep,
or a "billion laughs" of aliases (each alias repeating the node before it ten times)
must cost a bounded amount of time and memory, and end in a finding rather than a
hang or a crash. Real specs are far inside these limits: the whole NWB core (every
file together) is about 400 KB, nests about 20 levels and uses no aliases.

* ``Y021`` a file beyond a limit: larger than ``max_bytes``, nested deeper than
  ``max_depth`` (lists and mappings inside each other), more than ``max_aliases``
  aliases, or more than ``max_nodes`` values once every alias is expanded (what a
  reader that follows aliases, like hdmf's, would build);
* ``Y024`` checking the file did not finish within the per-file timeout
  (``nwb-lsp check --timeout``), like ``F006`` for an NWB file;
* ``Y025`` nwb-lsp itself failed on the file (a bug): that file gets this one
  finding and every other file its full report.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from nwb_lsp.findings import Severity, define_code

BEYOND_LIMIT = define_code(
    "Y021",
    Severity.ERROR,
    "a spec file beyond the checker's limits (size, nesting depth, aliases)",
    "spec",
)
TIMED_OUT = define_code(
    "Y024",
    Severity.ERROR,
    "checking the spec file did not finish within the timeout",
    "spec",
)
INTERNAL_ERROR = define_code(
    "Y025",
    Severity.ERROR,
    "nwb-lsp failed while checking the spec file (a bug)",
    "spec",
)


@dataclass(frozen=True)
class Limits:
    """The most one spec file may hold; see the module docstring."""

    max_bytes: int = 10_000_000
    max_depth: int = 100
    max_aliases: int = 1_000
    max_nodes: int = 1_000_000


DEFAULT_LIMITS = Limits()


@dataclass(frozen=True)
class Deadline:
    """A point in time (``time.monotonic``) after which work on a file stops;
    ``seconds`` is the allowance it was made from, for messages."""

    at: float | None = None
    seconds: float | None = None

    @classmethod
    def after(cls, seconds: float | None, allowance: float | None = None) -> Deadline:
        """``seconds`` from now; ``allowance`` is the whole per-file timeout when
        this is what is left of it."""
        if seconds is None:
            return NO_DEADLINE
        return cls(time.monotonic() + seconds, allowance or seconds)

    def passed(self) -> bool:
        return self.at is not None and time.monotonic() > self.at

    def message(self) -> str:
        return (
            f"checking did not finish within {self.seconds:g} s (--timeout); the "
            "file may be huge or built to be slow to read"
        )


NO_DEADLINE = Deadline()
