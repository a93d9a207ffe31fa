"""A real nwb-lsp server over stdio, driven by pytest-lsp as VS Code and Neovim.

The capabilities are the ones pytest-lsp records from the real clients. Each test
module gets one server per client, on a fresh workspace holding a broken spec, a
clean and a broken .nwb file.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

import h5py
import pytest
import pytest_lsp
from lsprotocol import types
from pygls.uris import from_fs_path
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

DATA = Path(__file__).parents[1] / "data"
CLIENTS = ["visual-studio-code", "neovim"]
MODEL_CACHE = tempfile.mkdtemp(prefix="nwb-lsp-e2e-models-")


def make_workspace(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for name in ("realistic.nwb", "realistic_movie.avi"):
        shutil.copy(DATA / name, root / name)
    shutil.copy(DATA / "realistic.nwb", root / "broken.nwb")
    with h5py.File(root / "broken.nwb", "a") as f:
        del f["acquisition/ephys/data"].attrs["unit"]
    return root


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_workspace(tmp_path_factory.mktemp("ws"))


@pytest_lsp.fixture(
    scope="module",
    params=CLIENTS,
    config=ClientServerConfig(
        server_command=[sys.executable, "-m", "nwb_lsp", "serve"],
        # generated models go to a per-run cache, never the user's
        server_env={**os.environ, "NWB_LSP_CACHE": MODEL_CACHE},
    ),
)
async def client(
    lsp_client: LanguageClient, request: pytest.FixtureRequest, workspace: Path
):  # type: ignore[no-untyped-def]
    lsp_client.set_configuration(
        {"debounce": 0.05, "workers": 2, "timeout": 5}, section="nwb"
    )
    await open_workspace(lsp_client, workspace, "ws", request.param)
    yield
    await lsp_client.shutdown_session()


async def open_workspace(
    client: LanguageClient, root: Path, name: str, editor: str = "visual-studio-code"
) -> None:
    """Start ``client``'s session on the workspace folder ``root`` (called ``name``)
    with ``editor``'s capabilities, accepting the server's registrations (file
    watching) as that editor does."""

    @client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def register_capability(_params: types.RegistrationParams) -> None:
        return None

    await client.initialize_session(
        types.InitializeParams(
            capabilities=client_capabilities(editor),
            root_uri=from_fs_path(str(root)),
            workspace_folders=[types.WorkspaceFolder(from_fs_path(str(root)), name)],
        )
    )


async def wait_for_diagnostics(
    client: LanguageClient, uri: str, predicate=lambda d: True
):  # type: ignore[no-untyped-def]
    """Wait for publishDiagnostics notifications until ``uri`` has matching ones."""
    while not (uri in client.diagnostics and predicate(client.diagnostics[uri])):
        await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    return client.diagnostics[uri]
