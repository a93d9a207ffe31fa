"""Regenerate ``server/nwb_lsp/schema/released/`` from the PyPI artefacts.

    python schemas/fetch_released.py [--downloads DIR]

Every released NWB core schema was published inside a pynwb wheel (``pynwb/data`` up
to core 2.0.2, ``pynwb/nwb-schema/core`` after) and every hdmf-common schema inside an
hdmf wheel (``hdmf/common/hdmf-common-schema/common``, whose namespace file also
holds hdmf-experimental). Each version is taken from the *first* wheel that bundles
it: later wheels sometimes carry the next release's work under the old number
(pynwb 1.0.1's "2.0.0" already has 2.0.1's SpikeEventSeries shapes; pynwb 1.1.1's
"2.1.0" already moved the table types to hdmf-common for 2.2.0).

The hdmf-common a core release goes with is the one its pynwb wheel bundles
(``nwb-schema/hdmf-common-schema``, pynwb >= 2.7), else the one bundled with the
lowest hdmf that pynwb release accepts (its ``Requires-Dist``): that is what pynwb
loaded when it wrote files. Cores before 2.2 define their own table types.

The released versions are read from the release notes of the newest schemas; the
ones no PyPI artefact carries are listed in ``releases.json`` under ``not_on_pypi``.
YAML files are copied byte for byte; ``releases.json`` records where each came from
(package, version, wheel, its sha256, the folder inside it).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import posixpath
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path
from typing import Any

import yaml

OUT = Path(__file__).resolve().parents[1] / "server" / "nwb_lsp" / "schema" / "released"

# core version -> the first pynwb release whose wheel bundles it
CORE = {
    "2.0.0": "1.0.0",
    "2.0.1": "1.0.2",
    "2.0.2": "1.0.3",
    "2.1.0": "1.1.0",
    "2.2.2": "1.3.0",
    "2.2.4": "1.3.1",
    "2.2.5": "1.3.2",
    "2.3.0": "1.5.0",
    "2.4.0": "2.0.0",
    "2.5.0": "2.1.0",
    "2.6.0-alpha": "2.3.0",
    "2.7.0": "2.7.0",
    "2.8.0": "3.0.0",
    "2.9.0": "3.1.0",
    "2.10.0": "4.0.0",
    "2.11.0": "4.2.0",
}
# hdmf-common version -> the first hdmf release whose wheel bundles it
HDMF_COMMON = {
    "1.0.0": "1.3.0",
    "1.1.0": "1.5.1",
    "1.1.2": "1.5.2",
    "1.1.3": "1.5.4",
    "1.2.0": "2.0.0",
    "1.3.0": "2.3.0",
    "1.5.0": "2.5.1",
    "1.5.1": "3.2.1",
    "1.6.0": "3.6.0",
    "1.7.0": "3.7.0",
    "1.8.0": "3.9.0",
    "1.9.0": "5.0.0",
    "1.10.0": "6.2.0",
}
NEWEST_PYNWB = "4.2.0"
NEWEST_HDMF = "6.2.0"
NWB_SCHEMA = "pynwb/nwb-schema"
COMMON_IN_HDMF = "hdmf/common/hdmf-common-schema"
LICENSES = {
    "LICENSE-nwb-schema.txt": ("pynwb", NEWEST_PYNWB, f"{NWB_SCHEMA}/license.txt"),
    "LICENSE-hdmf-common-schema.txt": (
        "hdmf",
        NEWEST_HDMF,
        f"{COMMON_IN_HDMF}/license.txt",
    ),
}
NOTES = {
    "core": f"{NWB_SCHEMA}/docs/format/source/format_release_notes.rst",
    "hdmf-common": f"{NWB_SCHEMA}/hdmf-common-schema/docs/source/"
    "hdmf_common_release_notes.rst",
}
HEADING = re.compile(r"^(\d+\.\d+\.\d+) \(", re.MULTILINE)


class Wheels:
    """Wheels downloaded with pip into one folder, each once."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def get(self, package: str, version: str) -> Path:
        pattern = f"{package}-{version}-*.whl"
        found = sorted(self.folder.glob(pattern))
        if not found:
            pip = [sys.executable, "-m", "pip", "download", "--no-deps", "-q"]
            pip += ["--only-binary", ":all:", "-d", str(self.folder)]
            subprocess.run([*pip, f"{package}=={version}"], check=True)
            found = sorted(self.folder.glob(pattern))
        return found[0]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def namespace_in(wheel: zipfile.ZipFile, folder_suffix: str, name: str) -> str:
    """The path of the namespace file ``name`` in a folder ending ``folder_suffix``."""
    for member in wheel.namelist():
        folder, base = posixpath.split(member)
        if base == name and folder.endswith(folder_suffix) and "/docs/" not in member:
            return member
    raise SystemExit(f"{wheel.filename}: no {folder_suffix}/{name}")


def versions_of(text: bytes) -> dict[str, str]:
    doc = yaml.safe_load(text)
    return {str(e["name"]): str(e["version"]) for e in doc["namespaces"]}


def copy_namespace(wheel: zipfile.ZipFile, member: str, target: Path) -> list[str]:
    """Copy a namespace file and every schema source it lists; return their names."""
    folder = posixpath.dirname(member)
    doc = yaml.safe_load(wheel.read(member))
    names = [posixpath.basename(member)]
    for entry in doc["namespaces"]:
        for item in entry.get("schema") or []:
            if "source" in item and item["source"] not in names:
                names.append(str(item["source"]))
    target.mkdir(parents=True)
    for name in names:
        (target / name).write_bytes(wheel.read(posixpath.join(folder, name)))
    return names


def provenance(package: str, version: str, wheel: Path, member: str) -> dict[str, Any]:
    return {
        "package": package,
        "version": version,
        "wheel": wheel.name,
        "sha256": sha256(wheel),
        "folder": posixpath.dirname(member),
    }


def fetch_common(wheels: Wheels, out: Path) -> list[dict[str, Any]]:
    entries = []
    for version, hdmf in HDMF_COMMON.items():
        wheel_path = wheels.get("hdmf", hdmf)
        with zipfile.ZipFile(wheel_path) as wheel:
            member = namespace_in(wheel, "common", "namespace.yaml")
            namespaces = versions_of(wheel.read(member))
            if namespaces.get("hdmf-common") != version:
                raise SystemExit(f"hdmf {hdmf} carries {namespaces}, not {version}")
            folder = f"hdmf-common/{version}"
            files = copy_namespace(wheel, member, out / folder)
        entries.append(
            {
                "folder": folder,
                "namespace_file": files[0],
                "namespaces": namespaces,
                "imports": {},
                "files": files,
                "source": provenance("hdmf", hdmf, wheel_path, member),
            }
        )
    return entries


def lowest_hdmf(wheel: zipfile.ZipFile) -> str:
    """The lowest hdmf a pynwb wheel's metadata accepts (``hdmf (<2,>=1.6.1)``)."""
    meta = next(n for n in wheel.namelist() if n.endswith(".dist-info/METADATA"))
    for line in wheel.read(meta).decode("utf-8").splitlines():
        if line.startswith("Requires-Dist: hdmf") and "extra" not in line:
            found = re.search(r">=\s*([\d.]+)", line)
            if found:
                return found.group(1)
    raise SystemExit(f"{wheel.filename}: no lower bound for hdmf")


def paired_common(wheels: Wheels, wheel: zipfile.ZipFile) -> tuple[str, str]:
    """The hdmf-common a pynwb wheel's core goes with, and how we know."""
    bundled = f"{NWB_SCHEMA}/hdmf-common-schema/common/namespace.yaml"
    if bundled in wheel.namelist():
        return versions_of(wheel.read(bundled))["hdmf-common"], "bundled submodule"
    hdmf = lowest_hdmf(wheel)
    with zipfile.ZipFile(wheels.get("hdmf", hdmf)) as other:
        member = namespace_in(other, "common", "namespace.yaml")
        return versions_of(other.read(member))["hdmf-common"], f"hdmf>={hdmf}"


def fetch_core(wheels: Wheels, out: Path) -> list[dict[str, Any]]:
    entries = []
    for version, pynwb in CORE.items():
        wheel_path = wheels.get("pynwb", pynwb)
        with zipfile.ZipFile(wheel_path) as wheel:
            member = namespace_in(wheel, "", "nwb.namespace.yaml")
            namespaces = versions_of(wheel.read(member))
            if namespaces != {"core": version}:
                raise SystemExit(f"pynwb {pynwb} carries {namespaces}, not {version}")
            folder = f"core/{version}"
            files = copy_namespace(wheel, member, out / folder)
            entry = {
                "folder": folder,
                "namespace_file": files[0],
                "namespaces": namespaces,
                "imports": {},
                "files": files,
                "source": provenance("pynwb", pynwb, wheel_path, member),
            }
            if b"namespace: hdmf-common" in wheel.read(member):
                common, evidence = paired_common(wheels, wheel)
                if common not in HDMF_COMMON:
                    raise SystemExit(f"core {version} goes with hdmf-common {common}")
                entry["imports"] = {"hdmf-common": common}
                entry["imports_evidence"] = evidence
        entries.append(entry)
    return entries


def released_versions(wheels: Wheels) -> dict[str, list[str]]:
    """Every version named in the newest release notes of core and hdmf-common."""
    with zipfile.ZipFile(wheels.get("pynwb", NEWEST_PYNWB)) as wheel:
        return {
            name: HEADING.findall(wheel.read(path).decode("utf-8"))
            for name, path in NOTES.items()
        }


def copy_licenses(wheels: Wheels, out: Path) -> None:
    for name, (package, version, member) in LICENSES.items():
        with zipfile.ZipFile(wheels.get(package, version)) as wheel:
            (out / name).write_bytes(wheel.read(member))


def build(wheels: Wheels, out: Path) -> dict[str, Any]:
    releases = fetch_core(wheels, out) + fetch_common(wheels, out)
    shipped = {"core": set(CORE), "hdmf-common": set(HDMF_COMMON)}
    missing = {
        name: [v for v in versions if v not in shipped[name]]
        for name, versions in released_versions(wheels).items()
    }
    copy_licenses(wheels, out)
    manifest = {
        "generated_by": "schemas/fetch_released.py",
        "releases": releases,
        "not_on_pypi": missing,
    }
    text = json.dumps(manifest, indent=1) + "\n"
    (out / "releases.json").write_text(text, encoding="utf-8")
    return manifest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--downloads", type=Path, help="keep the wheels here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        downloads = args.downloads or Path(tmp) / "wheels"
        downloads.mkdir(parents=True, exist_ok=True)
        staging = Path(tmp) / "released"
        staging.mkdir()
        manifest = build(Wheels(downloads), staging)
        shutil.rmtree(OUT, ignore_errors=True)
        shutil.copytree(staging, OUT)
    for entry in manifest["releases"]:
        source = entry["source"]
        line = f"{entry['folder']}: {source['package']} {source['version']}"
        sys.stdout.write(line + "\n")
    sys.stdout.write(f"not on PyPI: {manifest['not_on_pypi']}\n")


if __name__ == "__main__":
    main()
