"""Validating command-line values, in one place for every command.

Numbers are checked as argparse parses them (``type=``), so a bad value is a usage
error (exit 2) before any work starts: counts must be whole numbers in range,
durations positive and finite, ports 1-65535. Rule codes given to ``--select`` and
``--ignore`` are checked against the registry of every code nwb-lsp can report —
case-insensitively, by prefix, with a did-you-mean for a typo — since a code that
matches nothing would silently select nothing.
"""

from __future__ import annotations

import argparse
import math
from collections.abc import Callable, Iterable, Sequence

from nwb_lsp.cli.common import CliError
from nwb_lsp.urls import RemoteOptions


def whole_number(minimum: int) -> Callable[[str], int]:
    """An argparse type: an integer of at least ``minimum``."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"expected a whole number, got {text!r}"
            ) from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"must be {minimum} or more, got {value}")
        return value

    return parse


def seconds(text: str) -> float:
    """An argparse type: a positive, finite number of seconds."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected a number of seconds, got {text!r}"
        ) from None
    if not math.isfinite(value) or value <= 0:
        raise argparse.ArgumentTypeError(
            f"must be a positive number of seconds, got {text}"
        )
    return value


def host_port(text: str) -> tuple[str, int]:
    """An argparse type: ``HOST:PORT`` (``[::1]:PORT`` for IPv6; ``:PORT`` means
    127.0.0.1), with a port from 1 to 65535."""
    host, sep, port = text.rpartition(":")
    if not sep or not port.isdigit():
        raise argparse.ArgumentTypeError(
            f"expected HOST:PORT, e.g. 127.0.0.1:2087, got {text!r}"
        )
    number = int(port)
    if not 1 <= number <= 65535:
        raise argparse.ArgumentTypeError(f"port must be 1 to 65535, got {number}")
    return host.removeprefix("[").removesuffix("]") or "127.0.0.1", number


def rule_codes(values: Iterable[str], option: str) -> tuple[str, ...]:
    """Comma-separated codes or prefixes, upper-cased; each must match a code."""
    from nwb_lsp.codes import load_all
    from nwb_lsp.findings import CODES

    values = list(values)
    if not any(v.strip(" ,") for v in values):
        return ()  # nothing to check: the registry (slow to load) is not needed
    load_all()
    known = sorted(CODES)
    out: list[str] = []
    for value in values:
        for raw in (c.strip() for c in value.split(",")):
            if raw:
                out.append(_known_prefix(raw, known, option))
    return tuple(out)


def _known_prefix(raw: str, known: list[str], option: str) -> str:
    code = raw.upper()
    if any(k.startswith(code) for k in known):
        return code
    close = closest_code(code, known)
    hint = f"; did you mean {close}?" if close else ""
    raise CliError(
        f"{option} {raw}: no rule code starts with {code!r}{hint} "
        "(codes are listed in docs/codes.md)"
    )


def closest_code(code: str, known: Sequence[str]) -> str | None:
    """The known code or family letter fewest edits away (at most 2), if any."""
    candidates = [*known, *sorted({k[0] for k in known})]
    scored = sorted((_edits(code, k), k) for k in candidates)
    best = scored[0] if scored else None
    return best[1] if best is not None and best[0] <= min(2, len(code) // 2) else None


def _edits(a: str, b: str) -> int:
    """Levenshtein distance: insertions, deletions and substitutions."""
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(
                min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            )
        previous = current
    return previous[-1]


def add_remote_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of commands that read NWB files by URL (``docs/remote.md``)."""
    group = parser.add_argument_group(
        "remote files (http://, https://, s3://bucket/key)"
    )
    group.add_argument(
        "--allow-full-download",
        action="store_true",
        help="when a server ignores HTTP Range requests, download the whole file "
        "(to a temporary file) instead of refusing it (F017)",
    )
    group.add_argument(
        "--remote-timeout",
        type=seconds,
        default=RemoteOptions.timeout,
        metavar="SECONDS",
        help="seconds without an answer before a request is retried "
        f"({RemoteOptions.timeout:g})",
    )
    group.add_argument(
        "--remote-retries",
        type=whole_number(0),
        default=3,
        metavar="N",
        help="further attempts after a timeout, a cut connection or an HTTP 5xx, "
        "waiting 0.5 s, then twice as long each time (3)",
    )


def remote_options(args: argparse.Namespace) -> RemoteOptions:
    """The reader's settings from ``add_remote_arguments``' options."""
    return RemoteOptions(
        timeout=args.remote_timeout,
        retries=args.remote_retries,
        allow_full_download=args.allow_full_download,
    ).with_environment()
