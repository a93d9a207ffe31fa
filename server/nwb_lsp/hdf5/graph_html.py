"""The dependency graph as one self-contained HTML page: the interactive viewer.

The page holds everything it needs and asks the network for nothing: the viewer's
script and style (the VS Code extension's graph webview, bundled by
``vscode-client/esbuild.mjs --viewer-asset`` into ``assets/``) inlined, and the
graph as node-link JSON in ``<script type="application/json" id="nwb-graph-data">``
(which the viewer reads when it is not in VS Code). Text inside a ``<script>``
element ends at the first ``</script``, so ``<`` in the JSON is written ``\\u003c``
(the same string to a JSON parser) and the script's own ``</script`` and ``<!--``
are escaped.
"""

from __future__ import annotations

import html
import json
from importlib import resources
from typing import Any


def _asset(name: str) -> str:
    folder = resources.files("nwb_lsp.hdf5").joinpath("assets")
    return folder.joinpath(name).read_text(encoding="utf-8")


def _script_safe(text: str) -> str:
    """``text`` that cannot end or comment out the ``<script>`` holding it."""
    return text.replace("</script", "<\\/script").replace("<!--", "<\\!--")


def to_html(data: dict[str, Any], file: str) -> str:
    """The page for node-link ``data`` of the graph of ``file``."""
    payload = json.dumps({"file": file, "graph": data}, separators=(",", ":"))
    payload = payload.replace("<", "\\u003c").replace(">", "\\u003e")
    payload = payload.replace("&", "\\u0026")
    title = html.escape(f"{file.rsplit('/', 1)[-1]}: NWB dependency graph")
    style = _asset("graph-viewer.css").replace("</style", "<\\/style")
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="UTF-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1.0">\n'
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n"
        f"<title>{title}</title>\n<style>\n{style}</style>\n</head>\n<body>\n"
        '<script type="application/json" id="nwb-graph-data">'
        f"{payload}</script>\n"
        f"<script>\n{_script_safe(_asset('graph-viewer.js'))}</script>\n"
        "</body>\n</html>\n"
    )
