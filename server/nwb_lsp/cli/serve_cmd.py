"""``nwb-lsp serve``: the language server over stdio (default) or TCP."""

from __future__ import annotations

import argparse
import logging
import sys

from nwb_lsp.cli.common import CliError

NAME = "serve"
HELP = "Run the language server (stdio by default, or --tcp HOST:PORT)."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--stdio", action="store_true", help="use stdio (the default)")
    parser.add_argument("--tcp", metavar="HOST:PORT", help="listen on a TCP port")
    parser.add_argument("--log-file", help="write the server's log here")
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logging")


def run(args: argparse.Namespace) -> int:
    from nwb_lsp.lsp.server import create_server

    # stdout is the protocol channel: the log goes to stderr or a file
    target = {"filename": args.log_file} if args.log_file else {"stream": sys.stderr}
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING,
        format="%(asctime)s %(name)s %(levelname)s %(message)s",
        **target,
    )
    server = create_server()
    try:
        if args.tcp:
            host, _, port = args.tcp.rpartition(":")
            if not port.isdigit():
                raise CliError("--tcp expects HOST:PORT, e.g. 127.0.0.1:2087")
            server.start_tcp(host or "127.0.0.1", int(port))
        else:
            server.start_io()
    finally:
        server.shutdown_workers()
    return 0
