"""``nwb-lsp serve``: the language server over stdio (default) or TCP."""

from __future__ import annotations

import argparse
import logging
import sys

from nwb_lsp.cli.arguments import host_port
from nwb_lsp.cli.common import CliError, output_file

NAME = "serve"
HELP = "Run the language server (stdio by default, or --tcp HOST:PORT)."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--stdio", action="store_true", help="use stdio (the default)")
    parser.add_argument(
        "--tcp",
        metavar="HOST:PORT",
        type=host_port,
        help="listen on a TCP port (port 1-65535; [::1]:PORT for IPv6)",
    )
    parser.add_argument("--log-file", help="append the server's log to this file")
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logging")


def run(args: argparse.Namespace) -> int:
    if args.stdio and args.tcp:
        raise CliError("give --stdio or --tcp, not both")
    _log_to(args.log_file, args.verbose)
    from nwb_lsp.lsp.server import create_server

    server = create_server()
    try:
        if args.tcp:
            host, port = args.tcp
            try:
                server.start_tcp(host, port)
            except OSError as exc:  # port in use, unknown host, no permission
                reason = exc.strerror or str(exc)
                raise CliError(f"cannot listen on {host}:{port}: {reason}") from exc
        else:
            server.start_io()
    finally:
        server.shutdown_workers()
    return 0


def _log_to(log_file: str | None, verbose: bool) -> None:
    # stdout is the protocol channel: the log goes to stderr or a file
    handler: logging.Handler
    if log_file:
        target = output_file(log_file, force=True, replace=False)
        try:
            handler = logging.FileHandler(target, encoding="utf-8")
        except OSError as exc:
            raise CliError(f"{target}: cannot write: {exc.strerror or exc}") from exc
    else:
        handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(
        logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s")
    )
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.WARNING, handlers=[handler]
    )
