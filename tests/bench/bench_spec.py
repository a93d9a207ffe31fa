"""Benchmark: spec YAML validation, from scratch and after a one-line edit.

    python tests/bench/bench_spec.py

"From scratch" checks every YAML file of the installed core and hdmf-common (about
10,000 lines) in a fresh workspace — parse, language models, rules, cross-file
resolution; not the schema pipeline, which `nwb-lsp check` adds once per namespace and
caches. "One-line edit" changes one line of one core file in a warm workspace and
re-validates that file, as the language server does on each keystroke (after its
debounce). Each figure is the median of 7 runs; a fresh process does the import first.
"""

from __future__ import annotations

import statistics
import sys
import time

RUNS = 7


def main() -> None:
    t0 = time.perf_counter()
    from nwb_lsp.schema.installed import installed_namespace_files
    from nwb_lsp.spec import SpecWorkspace

    imported = time.perf_counter() - t0
    files = [
        p
        for folder in sorted({ns.parent for ns in installed_namespace_files().values()})
        for p in sorted(folder.glob("*.yaml"))
    ]
    texts = {p: p.read_text(encoding="utf-8") for p in files}
    lines = sum(t.count("\n") for t in texts.values())

    scratch = []
    for _ in range(RUNS):
        start = time.perf_counter()
        ws = SpecWorkspace()
        for path, text in texts.items():
            ws.set_document(path, text)
        errors = sum(len(ws.diagnostics(p)) for p in files)
        scratch.append(time.perf_counter() - start)
    assert errors == 0, f"{errors} findings on the installed core"

    target = max(files, key=lambda p: len(texts[p]))  # the largest file
    first_doc = texts[target].index("doc:")
    edits = []
    for i in range(RUNS):
        text = (
            texts[target][:first_doc]
            + f"doc: edit {i} "
            + texts[target][first_doc + 4 :]
        )
        start = time.perf_counter()
        ws.set_document(target, text)
        ws.diagnostics(target)
        edits.append(time.perf_counter() - start)

    out = sys.stdout
    out.write(f"files: {len(files)}, lines: {lines}\n")
    out.write(f"import nwb_lsp.spec: {imported:.3f} s\n")
    best = statistics.median(scratch)
    out.write(f"all files from scratch: {best:.3f} s (target < 1 s)\n")
    out.write(
        f"one-line edit re-validated: {statistics.median(edits) * 1000:.1f} ms "
        f"(target < 50 ms, file {target.name}, {texts[target].count(chr(10))} lines)\n"
    )


if __name__ == "__main__":
    main()
