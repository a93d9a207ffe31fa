"""Start-up and shut-down: read settings, scan the workspace, stop the workers."""

from __future__ import annotations

import logging

from lsprotocol import types

from nwb_lsp.lsp.config import parse_settings
from nwb_lsp.lsp.server import NwbLanguageServer

log = logging.getLogger(__name__)


async def load_settings(ls: NwbLanguageServer) -> None:
    from nwb_lsp.lsp.nwb_files import workspace_roots

    roots = tuple(workspace_roots(ls))
    caps = ls.client_capabilities.workspace
    if not (caps and caps.configuration):
        ls.settings = parse_settings(None, roots)
        return
    try:
        (raw,) = await ls.workspace_configuration_async(
            types.ConfigurationParams(items=[types.ConfigurationItem(section="nwb")])
        )
    except Exception as exc:  # a client that answers badly keeps the defaults
        log.warning("could not read settings: %s", exc)
        return
    ls.settings = parse_settings(raw, roots)
    for folder in ls.settings.spec_paths:
        try:
            ls.specs.add_search_path(folder)
        except OSError as exc:
            log.warning("nwb.specPaths: cannot read %s: %s", folder, exc)


def register(server: NwbLanguageServer) -> None:
    @server.feature(types.INITIALIZED)
    async def initialized(
        ls: NwbLanguageServer, _params: types.InitializedParams
    ) -> None:
        from nwb_lsp.lsp import nwb_files

        await load_settings(ls)
        await nwb_files.start(ls)

    @server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
    async def did_change_configuration(
        ls: NwbLanguageServer, _params: types.DidChangeConfigurationParams
    ) -> None:
        await load_settings(ls)

    @server.feature(types.SHUTDOWN)
    def shutdown(ls: NwbLanguageServer, _params: None) -> None:
        ls.shutdown_workers()
