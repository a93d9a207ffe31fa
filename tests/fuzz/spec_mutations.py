"""Seeded, reproducible mutations of real spec YAML, for the fuzz suite.

    kind, path = generate(random.Random(seed), workdir, index)

Each call writes one case under ``workdir`` and returns its kind and the path to
check: a YAML file, or (kind ``folder``) a folder holding a namespace file and its
schema files. The same ``rng`` state and ``index`` give the same bytes. Kinds go
round by ``index`` (so any run of ``len(KINDS)`` cases covers them all); ``rng``
picks the seed file and every detail of the mutation.

The seeds are real specs kept in ``tests/data/spec`` with their licenses: the NWB
core 2.2.2 YAML (from the pynwb 1.3.0 sdist) and the published extensions in
``published/``. The kinds:

* ``encoding``: Latin-1, UTF-16/32 with and without a byte order mark, a UTF-8
  byte order mark, invalid bytes in valid UTF-8, a multi-byte character cut short;
* ``bytes``: byte flips, inserted bytes, binary garbage;
* ``truncate``: the file cut at a random offset;
* ``nesting``: flow lists and mappings, block lists and spec groups nested up to
  50,000 deep, closed or not;
* ``aliases``: "billion laughs", thousands of aliases, an alias inside the node it
  names, undefined aliases, repeated anchors, merge keys of the wrong kind;
* ``tags``: ``!!python/...`` tags (whose commands would create a file named
  ``EXECUTED`` in the case's folder: it must never appear), custom tags, values
  their tag cannot be (``!!int text``, bad ``!!binary``, bad dates), sets and omaps;
* ``values``: a key of a real element given a value of the wrong type;
* ``keys``: a key removed, misspelt, repeated, or added; a list or mapping as a key;
* ``numbers``: integers of thousands of digits, 1e400, negative and zero
  quantities, shapes of 10,000 dimensions;
* ``empty``: empty files, comments only, ``null``, scalars, several documents;
* ``huge``: a real spec repeated past the 10 MB size limit;
* ``structure``: types made to inherit from each other, included types that do
  not exist, definitions moved inside other types, types defined twice;
* ``folder``: a published extension's folder with one of the above applied to its
  namespace or schema file, or its namespace pointed at sources that do not exist,
  lie outside the folder, or include unknown namespaces or itself.
"""

from __future__ import annotations

import codecs
import random
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

DATA = Path(__file__).resolve().parents[1] / "data" / "spec"
CORE = DATA / "core-2.2.2"
PUBLISHED = DATA / "published"
MARKER = "EXECUTED"

KINDS: tuple[str, ...] = (
    "encoding",
    "bytes",
    "truncate",
    "nesting",
    "aliases",
    "tags",
    "values",
    "keys",
    "numbers",
    "empty",
    "huge",
    "structure",
    "folder",
)


def seed_files() -> list[Path]:
    """Every seed YAML file, in a stable order."""
    files = sorted(CORE.glob("*.yaml"))
    return files + sorted(PUBLISHED.glob("*/*.yaml"))


def seed_folders() -> list[Path]:
    return sorted(p for p in PUBLISHED.iterdir() if p.is_dir())


def generate(rng: random.Random, workdir: Path, index: int) -> tuple[str, Path]:
    """Write case ``index`` under ``workdir``: ``(kind, path to check)``."""
    kind = KINDS[index % len(KINDS)]
    case = workdir / f"case{index:05d}"
    case.mkdir(parents=True, exist_ok=True)
    if kind == "folder":
        return kind, _folder(rng, case)
    seed = rng.choice(seed_files())
    target = case / f"{kind}_{seed.name}"
    mutated = MUTATORS[kind](rng, seed.read_text(encoding="utf-8"), case)
    target.write_bytes(_as_bytes(mutated))
    return kind, target


def _encoding(rng: random.Random, text: str, _case: Path) -> bytes:
    piece = rng.choice(["é", "ü", "µm", "Ångström", "—"])
    accented = _insert(rng, text, piece)
    choice = rng.randrange(7)
    if choice == 0:
        return accented.encode("latin-1", "replace")
    if choice == 1:
        return codecs.BOM_UTF16_LE + accented.encode("utf-16-le")
    if choice == 2:
        return accented.encode(rng.choice(["utf-16-le", "utf-16-be", "utf-32"]))
    if choice == 3:
        return codecs.BOM_UTF8 + accented.encode()
    if choice == 4:
        data = accented.encode()
        at = rng.randrange(len(data) + 1)
        return data[:at] + rng.choice([b"\xff\xfe", b"\xc3", b"\x80\x80"]) + data[at:]
    if choice == 5:  # cut inside the last multi-byte character
        data = accented.encode()
        return data[: data.rfind(piece.encode()) + 1]
    return accented.encode("cp1252", "replace")


def _bytes(rng: random.Random, text: str, _case: Path) -> bytes:
    data = bytearray(text.encode())
    choice = rng.randrange(3)
    if choice == 0:
        for _ in range(rng.randint(1, 20)):
            data[rng.randrange(len(data))] = rng.randrange(256)
    elif choice == 1:
        at = rng.randrange(len(data) + 1)
        data[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 64)))
    else:
        data = bytearray(rng.randbytes(rng.randint(1, 4096)))
    return bytes(data)


def _truncate(rng: random.Random, text: str, _case: Path) -> bytes:
    data = text.encode()
    return data[: rng.randrange(len(data) + 1)]


def _nesting(rng: random.Random, text: str, _case: Path) -> bytes:
    depth = rng.choice([50, 99, 100, 101, 1_000, 3_000, 10_000, 50_000])
    closed = rng.random() < 0.5
    shape = rng.randrange(5)
    if shape == 0:
        body = "groups: " + "[" * depth + ("]" * depth if closed else "")
    elif shape == 1:
        body = "groups: " + "{a: " * depth + ("}" * depth if closed else "")
    elif shape == 2:  # one indented line per level: the file grows as depth squared
        lines = (" " * (2 * i) + "-" for i in range(min(depth, 3_000)))
        body = "groups:\n" + "\n".join(lines)
    elif shape == 3:  # "- - - x": a block list per dash, on one line
        body = "groups:\n" + "- " * depth + "x"
    else:
        body = _nested_groups(min(depth, 1_000))
    return (body + "\n").encode()


def _nested_groups(depth: int) -> str:
    """A valid-looking spec: untyped groups nested ``depth`` deep, a type inside."""
    lines = ["groups:"]
    for level in range(depth):
        pad = "  " * (2 * level)
        lines += [f"{pad}- name: g{level}", f"{pad}  doc: level {level}"]
        lines.append(f"{pad}  groups:")
    pad = "  " * (2 * depth)
    lines += [f"{pad}- neurodata_type_def: Deep", f"{pad}  doc: deep"]
    return "\n".join(lines)


def _aliases(rng: random.Random, text: str, _case: Path) -> str | bytes:
    choice = rng.randrange(6)
    if choice == 0:
        return billion_laughs(rng.randint(5, 12), groups=rng.random() < 0.5).encode()
    if choice == 1:
        count = rng.choice([999, 1_000, 1_001, 5_000])
        body = "a: &x {doc: d}\ngroups: [" + ", ".join(["*x"] * count) + "]\n"
        return body.encode()
    if choice == 2:
        return b"groups:\n- &g {doc: d, neurodata_type_def: G, groups: [*g]}\n"
    if choice == 3:
        return (text + "\nextra: *nowhere\n").encode()
    if choice == 4:
        return ("a: &x 1\nb: &x [1]\ngroups: [*x, *x]\n" + text).encode()
    return _insert_line(rng, text, rng.choice(["<<: 3", "<<: [1, 2]", "<<: *m"]))


def billion_laughs(levels: int, groups: bool = False) -> str:
    """Each level ten aliases of the level before: 10**levels values once expanded.
    With ``groups``, every level is a spec group whose subgroups are the aliases
    (what a spec walker follows), else a plain list."""
    if groups:
        lines = ["l0: &l0 {doc: lol, name: lol}"]
        for n in range(1, levels + 1):
            aliases = ", ".join([f"*l{n - 1}"] * 10)
            lines.append(f"l{n}: &l{n} {{doc: lol, name: l{n}, groups: [{aliases}]}}")
    else:
        lines = ['l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
        for n in range(1, levels + 1):
            lines.append(f"l{n}: &l{n} [" + ", ".join([f"*l{n - 1}"] * 10) + "]")
    return "\n".join([*lines, f"groups: [*l{levels}]", ""])


def _tags(rng: random.Random, text: str, case: Path) -> bytes:
    marker = case / MARKER
    tag = rng.choice(
        [
            f"!!python/object/apply:os.system ['touch {marker}']",
            f"!!python/object/apply:subprocess.call [['touch', '{marker}']]",
            "!!python/name:os.system",
            "!!python/module:os",
            "!custom value",
            "!!int not-a-number",
            "!!float x",
            "!!binary '###'",
            "!!timestamp 2021-13-45",
            "!!set {a, b}",
            "!!omap [a: 1, b: 2]",
            "!!seq text",
            "2021-02-30",
        ]
    )
    return _replace_value(rng, text, tag).encode()


def _values(rng: random.Random, text: str, _case: Path) -> bytes:
    data = yaml.safe_load(text)
    target = rng.choice(_mappings(data) or [{}])
    wrong: Any = rng.choice(
        [[1, 2], {"a": 1}, 12, 3.5, None, True, "text", [], {}, [[[]]], "x" * 10_000]
    )
    key = rng.choice([*target, "doc", "quantity", "dtype", "groups", "shape"])
    target[key] = wrong
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True).encode()


def _keys(rng: random.Random, text: str, _case: Path) -> bytes:
    data = yaml.safe_load(text)
    targets = _mappings(data)
    choice = rng.randrange(4)
    if choice == 3 or not targets:
        return _insert_line(rng, text, rng.choice(["? [a, b]\n: c", "{x: 1}: y"]))
    target = rng.choice(targets)
    key = rng.choice(list(target))
    if choice == 0:
        del target[key]
    elif choice == 1:
        target[key[:-1] + "x"] = target.pop(key)
    else:
        target["unknown_" + key] = target[key]
    dumped = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    if rng.random() < 0.3:  # a repeated key, which a dumper never writes
        dumped = dumped.replace("  doc:", "  doc: again\n  doc:", 1)
    return dumped.encode()


def _numbers(rng: random.Random, text: str, _case: Path) -> bytes:
    value = rng.choice(
        [
            "9" * rng.choice([100, 4_300, 4_301, 20_000]),
            "1e400",
            "-1e400",
            "-5",
            "0",
            ".nan",
            "0x" + "f" * 5_000,
            "[" + ", ".join(["1"] * 10_000) + "]",
            "[-1, 0, 1e400]",
            "1_000",
            "0o777",
            "1:30:00",
        ]
    )
    key = rng.choice(["quantity", "shape", "dims", "value", "default_value", "version"])
    return _replace_key(rng, text, key, value).encode()


def _empty(rng: random.Random, _text: str, _case: Path) -> bytes:
    return rng.choice(
        [
            b"",
            b"\n",
            b"# only a comment\n",
            b"null\n",
            b"~\n",
            b"---\n",
            b"---\n...\n",
            b"[]\n",
            b"{}\n",
            b"groups:\n",
            b"groups: []\ndatasets: {}\n",
            b"namespaces:\n",
            b"namespaces: [null]\n",
            b'"just a string"\n',
            b"groups: []\n---\ngroups: []\n",
            b"\xef\xbb\xbf",
            b"\t\n\t",
        ]
    )


def _huge(rng: random.Random, text: str, _case: Path) -> bytes:
    data = text.encode()
    repeats = 10_000_000 // max(len(data), 1) + rng.randint(1, 3)
    return b"\n".join([data] * repeats)


def _structure(rng: random.Random, text: str, _case: Path) -> bytes:
    data = yaml.safe_load(text)
    typed = [m for m in _mappings(data) if _type_of(m)]
    if not typed:
        return _values(rng, text, _case)
    choice = rng.randrange(4)
    first, second = rng.choice(typed), rng.choice(typed)
    key = next(k for k in ("neurodata_type_def", "data_type_def") if k in first)
    if choice == 0:  # a cycle
        first["neurodata_type_inc"] = _type_of(second)
        second["neurodata_type_inc"] = _type_of(first)
    elif choice == 1:
        first["neurodata_type_inc"] = "NoSuchType" + str(rng.randrange(100))
    elif choice == 2:  # a definition moved inside another type
        second.setdefault("groups", []).append(dict(first))
    else:
        second[key] = first[key]
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True).encode()


def _folder(rng: random.Random, case: Path) -> Path:
    seed = rng.choice(seed_folders())
    target = case / seed.name
    shutil.copytree(seed, target)
    files = sorted(target.glob("*.yaml"))
    victim = rng.choice(files)
    if victim.name.endswith(".namespace.yaml") and rng.random() < 0.5:
        victim.write_text(_namespace_edit(rng, victim.read_text(encoding="utf-8")))
        return target
    kind = rng.choice([k for k in KINDS if k not in ("folder", "huge")])
    victim.write_bytes(
        _as_bytes(MUTATORS[kind](rng, victim.read_text(encoding="utf-8"), case))
    )
    return target


def _namespace_edit(rng: random.Random, text: str) -> str:
    source = rng.choice(
        ["../../outside.yaml", "/etc/passwd", "missing.yaml", "", ".", "sub/../x.yaml"]
    )
    edits = [
        ("- source: ", f"- source: {source}\n  - source: "),
        ("- namespace: core", "- namespace: hdmf-experimental"),
        ("- namespace: core", "- namespace: ndx-nowhere"),
        ("- namespace: core", "- namespace: core\n  - namespace: core"),
        ("version:", "version: [1]\n  old_version:"),
    ]
    old, new = rng.choice(edits)
    if old == "- namespace: core" and rng.random() < 0.3:
        name = yaml.safe_load(text)["namespaces"][0]["name"]
        new = f"- namespace: {name}"  # a namespace that includes itself
    return text.replace(old, new, 1)


def _mappings(data: Any) -> list[dict[str, Any]]:
    """Every mapping in ``data``, depth first."""
    out: list[dict[str, Any]] = []
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            out.append(item)
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return out


def _type_of(mapping: dict[str, Any]) -> str | None:
    value = mapping.get("neurodata_type_def", mapping.get("data_type_def"))
    return value if isinstance(value, str) else None


def _insert(rng: random.Random, text: str, piece: str) -> str:
    at = text.find("doc:", rng.randrange(max(len(text), 1)))
    at = text.find("doc:") if at < 0 else at
    return text if at < 0 else text[: at + 5] + piece + " " + text[at + 5 :]


def _insert_line(rng: random.Random, text: str, line: str) -> bytes:
    lines = text.splitlines()
    at = rng.randrange(len(lines) + 1)
    indent = ""
    if at < len(lines):
        current = lines[at]
        indent = current[: len(current) - len(current.lstrip(" -"))].replace("-", " ")
    block = "\n".join(indent + part for part in line.splitlines())
    return "\n".join([*lines[:at], block, *lines[at:]]).encode() + b"\n"


def _replace_value(rng: random.Random, text: str, value: str) -> str:
    lines = text.splitlines()
    candidates = [i for i, line in enumerate(lines) if ": " in line]
    if not candidates:
        return f"groups: {value}\n"
    i = rng.choice(candidates)
    head = lines[i].split(": ", 1)[0]
    lines[i] = f"{head}: {value}"
    return "\n".join(lines) + "\n"


def _replace_key(rng: random.Random, text: str, key: str, value: str) -> str:
    lines = text.splitlines()
    candidates = [i for i, line in enumerate(lines) if line.strip().startswith("doc:")]
    if not candidates:
        return f"groups:\n- {key}: {value}\n  doc: d\n"
    i = rng.choice(candidates)
    indent = lines[i][: len(lines[i]) - len(lines[i].lstrip())]
    lines.insert(i, f"{indent}{key}: {value}")
    return "\n".join(lines) + "\n"


def _as_bytes(data: str | bytes) -> bytes:
    return data.encode() if isinstance(data, str) else data


Mutator = Callable[[random.Random, str, Path], Any]
MUTATORS: dict[str, Mutator] = {
    "encoding": _encoding,
    "bytes": _bytes,
    "truncate": _truncate,
    "nesting": _nesting,
    "aliases": _aliases,
    "tags": _tags,
    "values": _values,
    "keys": _keys,
    "numbers": _numbers,
    "empty": _empty,
    "huge": _huge,
    "structure": _structure,
}
