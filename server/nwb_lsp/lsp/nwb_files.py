"""NWB files in the workspace: found, validated in workers, diagnostics by URI.

Editors never open ``.nwb`` files as text, so the server finds them itself: a scan of
the workspace folders after ``initialized`` (with work-done progress), then
``workspace/didChangeWatchedFiles`` (registered dynamically for ``**/*.nwb`` when the
client supports it) or, when it does not, a watchdog observer. Each file is validated
in a worker process with a timeout; a newer change cancels older work on the same
file; a file that is still being written (locked, truncated) is retried with backoff.
A file unchanged since it was last checked with the same rules (by this server,
another one or ``nwb-lsp check``) gets its stored report from the results cache
(``nwb_lsp.checking.cache``) at once, so reopening a workspace of many files shows
their diagnostics without checking them again.
Diagnostics go to the file's URI, each leading with the point (its HDF5 path in
the related information and in ``data``, see ``convert.diagnostic``).
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from pathlib import Path

from lsprotocol import types
from pygls.uris import from_fs_path, to_fs_path

from nwb_lsp.checking.identity import file_identity, rule_selection, settled
from nwb_lsp.findings import FileReport, FindingFilter
from nwb_lsp.lsp.convert import diagnostic
from nwb_lsp.lsp.server import NwbLanguageServer
from nwb_lsp.urls import RemoteOptions, is_url, shown

log = logging.getLogger(__name__)
RETRY_CODES = {"F002", "F004", "F006"}  # corrupt-looking while a writer is busy
RETRY_DELAYS = (0.5, 1.0, 2.0, 4.0)


def workspace_roots(ls: NwbLanguageServer) -> list[Path]:
    folders = [to_fs_path(f.uri) for f in ls.workspace.folders.values()]
    roots = [Path(p) for p in folders if p]
    if not roots and ls.workspace.root_path:
        roots = [Path(ls.workspace.root_path)]
    return roots


def find_nwb_files(roots: list[Path]) -> list[Path]:
    out: list[Path] = []
    for root in roots:
        for path in sorted(root.rglob("*.nwb")):
            rel = path.relative_to(root).parts
            if not any(part.startswith(".") or part == "node_modules" for part in rel):
                out.append(path)
    return out


async def validate(
    ls: NwbLanguageServer, path: Path | str, *, retry: bool = True
) -> FileReport:
    """Publish the diagnostics of one file (a path, or a URL: ``urls.is_url``):
    its stored report when the file is unchanged since it was checked with these
    rules, else a check in a worker (a URL is always checked afresh)."""
    key = str(path)
    flt: FindingFilter = ls.settings.filter
    identity, selection = file_identity(key), rule_selection(flt)
    stored = None
    if identity is not None:
        stored = ls.results_cache().get(key, identity, selection)
    if stored is not None:
        report = stored
    else:
        report = await _check(ls, path, flt, retry=retry)
        if identity is not None and settled(key, identity):
            ls.results_cache().put(report, identity, selection)
    publish(ls, report)
    return report


async def _check(
    ls: NwbLanguageServer, path: Path | str, flt: FindingFilter, *, retry: bool
) -> FileReport:
    """Validate one file in a worker, again after a while when it looks like a
    writer is busy with it."""
    from nwb_lsp.checking import report_from_outcome

    key = str(path)
    report = FileReport(key, "nwb")
    for delay in (0.0, *RETRY_DELAYS) if retry else (0.0,):
        if delay:
            await asyncio.sleep(delay)
        future = ls.workers().submit(
            "nwb_lsp.validate.validate_nwb_file",
            key,
            filter=flt,
            remote=RemoteOptions().with_environment(),
            timeout=ls.settings.timeout,
        )
        outcome = await asyncio.wrap_future(future)
        report = report_from_outcome(shown(key), outcome, ls.settings.timeout)
        codes = {f.code for f in report.findings}
        if not (codes & RETRY_CODES) or isinstance(path, str) or not path.exists():
            break
    return report


def publish(ls: NwbLanguageServer, report: FileReport) -> None:
    """Send a file's findings to the client; the server keeps none of them."""
    uri = report.path if is_url(report.path) else from_fs_path(report.path)
    ls.text_document_publish_diagnostics(
        types.PublishDiagnosticsParams(
            uri=uri, diagnostics=[diagnostic(f, uri=uri) for f in report.findings]
        )
    )


def schedule(ls: NwbLanguageServer, path: Path) -> None:
    """(Re)validate ``path``, cancelling any validation of it still running."""
    key = f"nwb:{path}"
    ls.cancel(key)
    if not path.exists():
        ls.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=from_fs_path(str(path)), diagnostics=[])
        )
        return
    ls.schedule(key, validate(ls, path))


async def scan(ls: NwbLanguageServer) -> None:
    files = find_nwb_files(workspace_roots(ls))
    token = str(uuid.uuid4())
    progress = False
    if (
        ls.client_capabilities.window
        and ls.client_capabilities.window.work_done_progress
    ):
        try:
            await ls.work_done_progress.create_async(token)
            progress = True
        except Exception as exc:
            log.warning("no progress: %s", exc)
    if progress:
        ls.work_done_progress.begin(
            token,
            types.WorkDoneProgressBegin(
                title="Validating NWB files",
                message=f"{len(files)} file(s)",
                percentage=0,
                cancellable=False,
            ),
        )
    done = 0

    async def one(path: Path) -> None:
        nonlocal done
        try:
            await validate(ls, path)
        except Exception:
            log.exception("validation of %s failed", path)
        done += 1
        if progress:
            ls.work_done_progress.report(
                token,
                types.WorkDoneProgressReport(
                    message=f"{done}/{len(files)} {path.name}",
                    percentage=int(100 * done / max(len(files), 1)),
                ),
            )

    await asyncio.gather(*(one(p) for p in files))
    if progress:
        ls.work_done_progress.end(
            token, types.WorkDoneProgressEnd(message=f"{len(files)} file(s) validated")
        )


async def watch(ls: NwbLanguageServer) -> None:
    caps = ls.client_capabilities.workspace
    dynamic = (
        caps
        and caps.did_change_watched_files
        and (caps.did_change_watched_files.dynamic_registration)
    )
    if dynamic:
        try:
            await ls.client_register_capability_async(
                types.RegistrationParams(
                    registrations=[
                        types.Registration(
                            id="nwb-lsp-watch-nwb",
                            method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                            register_options=types.DidChangeWatchedFilesRegistrationOptions(
                                watchers=[
                                    types.FileSystemWatcher(glob_pattern="**/*.nwb")
                                ]
                            ),
                        )
                    ]
                )
            )
            return
        except Exception as exc:  # the client refused: watch the disk ourselves
            log.warning("file watching not registered (%s); using watchdog", exc)
    if ls.settings.watch:
        from nwb_lsp.lsp.watcher import start_watchdog

        start_watchdog(ls, workspace_roots(ls), asyncio.get_running_loop())


async def start(ls: NwbLanguageServer) -> None:
    await asyncio.gather(watch(ls), scan(ls))


def register(server: NwbLanguageServer) -> None:
    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def did_change_watched_files(
        ls: NwbLanguageServer, params: types.DidChangeWatchedFilesParams
    ) -> None:
        for change in params.changes:
            path = to_fs_path(change.uri)
            if path and path.endswith(".nwb"):
                schedule(ls, Path(path))
