"""Round trip every .nwb file under a folder (e.g. ../shared/corpus), as
``tests/unit/io/test_roundtrip.py`` does for tests/data, and count the verdicts.

    python tests/tools/roundtrip_folder.py FOLDER

Each file pynwb can read is read into models and written to a temporary copy: "ok"
when pynwb reads the copy, neither validator reports anything new and the dependency
graphs are equal; "refused" when the models reject the source (nothing written).
"""

from __future__ import annotations

import importlib.util
import shutil
import sys
import tempfile
import warnings
from collections import Counter
from pathlib import Path
from typing import Any

from nwb_lsp.io import HDF5IO, NwbWriteError

HELPERS = Path(__file__).parents[1] / "unit" / "io" / "test_roundtrip.py"


def _helpers() -> Any:
    spec = importlib.util.spec_from_file_location("roundtrip_helpers", HELPERS)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def verdict(rt: Any, source: Path, folder: Path) -> str:
    if rt._pynwb_reads(source) is not None:
        return "pynwb cannot read"
    source = rt._beside(source, folder)
    copy = folder / f"copy_{source.name}"
    result = HDF5IO(source).read(strict=False)
    if any(f.code == "M040" for f in result.errors):
        try:
            HDF5IO(copy, mode="w").write(result.value)
        except NwbWriteError:
            return "refused"
        return "WRONG: a rejected tree was written"
    HDF5IO(copy, mode="w").write(result.value)
    problems = [
        what
        for what, bad in (
            ("pynwb cannot read the copy", rt._pynwb_reads(copy) is not None),
            ("new check findings", bool(rt._findings(copy) - rt._findings(source))),
            (
                "new pynwb errors",
                bool(rt._pynwb_errors(copy) - rt._pynwb_errors(source)),
            ),
            ("graphs differ", rt._shape(source) != rt._shape(copy)),
        )
        if bad
    ]
    return "; ".join(problems) or "ok"


def main() -> None:
    warnings.simplefilter("ignore")
    rt, root = _helpers(), Path(sys.argv[1])
    counts: Counter[str] = Counter()
    for source in sorted(p for p in root.rglob("*.nwb") if p.is_file()):
        folder = Path(tempfile.mkdtemp())
        try:
            found = verdict(rt, source, folder)
        except Exception as exc:  # a bug of the writer: said, and counted
            found = f"ERROR {type(exc).__name__}: {exc}"
        finally:
            shutil.rmtree(folder)
        counts[found.split(":")[0]] += 1
        print(f"{found}  {source.relative_to(root)}")
    print(dict(counts))


if __name__ == "__main__":
    main()
