"""Known errata of published schemas: declared one way, written another by the
reference writer of the time, fixed in a later release.

A file written by pynwb against such a release breaks the letter of its schema in a
way every reader accepts. The finding stays an error, as pynwb's validator reports
it, but under its own code (``M026``) and with a message naming the erratum and
the release that fixed it, so a user can tell it apart and ``--ignore M026``
deliberately. The table is small and every entry cites its source; ``docs/codes.md``
lists it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from nwb_lsp.findings import Finding, Severity, define_code
from nwb_lsp.hdf5.records import FileIndex
from nwb_lsp.rules.model_codes import BAD_DTYPE
from nwb_lsp.schema.catalog import TypeCatalog
from nwb_lsp.schema.namespaces import version_key

KNOWN_ERRATUM = define_code(
    "M026",
    Severity.ERROR,
    "a known erratum of a published schema (see the errata table below)",
    "model",
)


@dataclass(frozen=True)
class Erratum:
    """``path`` below an object of ``type`` is declared ``declared`` by
    ``namespace`` releases from ``since`` up to (not including) ``fixed_in``, and
    was written as ``written`` by the reference writer of the time."""

    namespace: str
    since: str
    fixed_in: str
    type: str
    path: str
    code: str
    declared: str
    written: str
    source: str

    def applies(self, version: str | None) -> bool:
        if version is None:
            return False
        key = version_key(version)
        return version_key(self.since) <= key < version_key(self.fixed_in)

    def describe(self) -> str:
        return (
            f"{self.namespace} {self.since} up to {self.fixed_in} declares "
            f"{self.type} {self.path} as {self.declared}; pynwb wrote it as "
            f"{self.written}; fixed in {self.namespace} {self.fixed_in} ({self.source})"
        )


ERRATA: tuple[Erratum, ...] = (
    Erratum(
        namespace="core",
        since="2.0.0",
        fixed_in="2.4.0",
        type="NWBFile",
        path="general/extracellular_ephys/electrodes/filtering",
        code=BAD_DTYPE,
        declared="float",
        written="text",
        source="https://github.com/NeurodataWithoutBorders/nwb-schema/pull/478",
    ),
)


def recode(
    findings: Iterable[Finding], index: FileIndex, catalog: TypeCatalog
) -> list[Finding]:
    """``findings`` with each one a known erratum explains turned into ``M026``."""
    return [_recode(f, index, catalog) for f in findings]


def _recode(found: Finding, index: FileIndex, catalog: TypeCatalog) -> Finding:
    path = found.location.hdf5_path
    spec = found.spec
    if path is None or spec is None:
        return found
    for erratum in ERRATA:
        if found.code != erratum.code or spec.namespace != erratum.namespace:
            continue
        if not erratum.applies(spec.version) or not path.endswith("/" + erratum.path):
            continue
        owner = path[: -len(erratum.path) - 1] or "/"
        record = index.objects.get(owner)
        if record is not None and catalog.is_a(record.neurodata_type, erratum.type):
            message = f"{found.message}: a known erratum: {erratum.describe()}"
            return replace(found, code=KNOWN_ERRATUM, message=message)
    return found
