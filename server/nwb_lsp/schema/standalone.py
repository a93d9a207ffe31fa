"""Model modules for extension authors that import without nwb-lsp.

An extension's models come in three modules written side by side:

* the **runtime** (``nwb_runtime.py``): ``NwbModel``, the base of every generated
  model, with the dtype, shape, default and fixed-value checks it runs — the source
  of ``schema/runtime.py`` and the modules it uses (``dtypes``, ``shapes``,
  ``values``, ``tables`` and the two dtype records of ``hdf5/records.py``) bundled
  into one module that needs only pydantic and numpy;
* the **core models** (``core_models.py``): the generated models of the namespaces
  the extension imports (core, hdmf-common ...), the same for every extension of
  that core, so it is written once and shared;
* the **extension** itself: only the classes of the extension's own types (and
  their nested children), importing the parents and field types they name from the
  core models.

Every text is built from the generated code with ``ast``; nothing is executed.
"""

from __future__ import annotations

import ast
import importlib
import inspect
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from nwb_lsp.schema.catalog import TypeCatalog
from nwb_lsp.schema.namespaces import SpecSet

# (module, the names to take from it or None for all), dependencies first
RUNTIME_PARTS: tuple[tuple[str, tuple[str, ...] | None], ...] = (
    ("nwb_lsp.hdf5.records", ("DTypeKind", "DTypeInfo")),
    ("nwb_lsp.schema.dtypes", None),
    ("nwb_lsp.schema.shapes", None),
    ("nwb_lsp.schema.values", None),
    ("nwb_lsp.schema.tables", None),
    ("nwb_lsp.schema.runtime", None),
)
RUNTIME_MODULE = "nwb_lsp.schema.runtime"
RUNTIME_IMPORT = f"from {RUNTIME_MODULE} import NwbModel\n"
_OWN = "nwb_lsp"


def _defined(node: ast.stmt) -> list[str]:
    """The top-level names a statement defines."""
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
        return [node.name]
    targets: list[ast.expr] = []
    if isinstance(node, ast.Assign):
        targets = node.targets
    elif isinstance(node, ast.AnnAssign):
        targets = [node.target]
    return [t.id for t in targets if isinstance(t, ast.Name)]


def _segment(lines: list[str], node: ast.stmt) -> str:
    """A statement's source, decorators included."""
    decorators = getattr(node, "decorator_list", [])
    start = min([node.lineno, *(d.lineno for d in decorators)])
    return "".join(lines[start - 1 : node.end_lineno])


def _is_docstring(node: ast.stmt) -> bool:
    return isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)


def _is_type_checking(node: ast.stmt) -> bool:
    return isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)


def _names(text: str) -> set[str]:
    """The names a piece of code reads or binds."""
    return {n.id for n in ast.walk(ast.parse(text)) if isinstance(n, ast.Name)}


def _import_lines(node: ast.Import | ast.ImportFrom) -> list[tuple[str, str]]:
    """(bound name, one-name import line) of each name an import binds."""
    if isinstance(node, ast.Import):
        return [(a.asname or a.name, f"import {ast.unparse(a)}") for a in node.names]
    return [
        (a.asname or a.name, f"from {node.module} import {ast.unparse(a)}")
        for a in node.names
    ]


def _is_future(node: ast.Import | ast.ImportFrom) -> bool:
    return isinstance(node, ast.ImportFrom) and node.module == "__future__"


def _is_own(node: ast.Import | ast.ImportFrom) -> bool:
    if isinstance(node, ast.ImportFrom):
        return (node.module or "").split(".")[0] == _OWN
    return any(a.name.split(".")[0] == _OWN for a in node.names)


class _Bundle:
    """Statements of several modules gathered into one, nwb-lsp imports resolved:
    what a part imports from another part is defined above it, and each part keeps
    only the other imports its statements use."""

    def __init__(self) -> None:
        self.imports: dict[str, str] = {}  # bound name -> import line
        self.body: list[str] = []
        self.defined: set[str] = set()
        self.needed: set[str] = set()

    def add(self, module_name: str, names: tuple[str, ...] | None) -> None:
        source = inspect.getsource(importlib.import_module(module_name))
        lines = source.splitlines(keepends=True)
        imports: list[tuple[str, str]] = []
        body: list[str] = []
        for node in ast.parse(source).body:
            if _is_docstring(node) or _is_type_checking(node):
                continue
            if isinstance(node, ast.Import | ast.ImportFrom):
                if _is_own(node):
                    body.extend(self._own(node))
                elif not _is_future(node):
                    imports.extend(_import_lines(node))
                continue
            defines = _defined(node)
            if names is None or set(defines) & set(names):
                self._define(defines)
                body.append(_segment(lines, node))
        used = _names("\n".join(body))
        for name, line in imports:
            if name in used and self.imports.setdefault(name, line) != line:
                raise RuntimeError(f"runtime bundle: {name} imported twice")
        self.body.extend(body)

    def _define(self, names: list[str]) -> None:
        for name in names:
            if name in self.defined:
                raise RuntimeError(f"runtime bundle: {name} defined twice")
            self.defined.add(name)

    def _own(self, node: ast.Import | ast.ImportFrom) -> list[str]:
        """An import from nwb-lsp: its names come from a part bundled above."""
        if not isinstance(node, ast.ImportFrom):
            raise RuntimeError(f"runtime bundle: cannot bundle {ast.unparse(node)}")
        aliases: list[str] = []
        for alias in node.names:
            self.needed.add(alias.name)
            if alias.asname and alias.asname != alias.name:
                aliases.append(f"{alias.asname} = {alias.name}\n")
        return aliases

    def text(self, title: str) -> str:
        missing = sorted(self.needed - self.defined)
        if missing:
            raise RuntimeError(f"runtime bundle lacks {', '.join(missing)}")
        head = f'"""{title}"""\n\nfrom __future__ import annotations\n\n'
        imports = "\n".join(sorted(self.imports.values()))
        return head + imports + "\n\n\n" + "\n\n".join(self.body)


def runtime_source() -> str:
    """The model runtime as one module that needs only pydantic and numpy."""
    bundle = _Bundle()
    for module_name, names in RUNTIME_PARTS:
        bundle.add(module_name, names)
    modules = ", ".join(name for name, _ in RUNTIME_PARTS)
    return bundle.text(
        "The base of nwb-lsp's generated models (NwbModel) and the checks it runs,\n"
        f"bundled by nwb-lsp from {modules}.\nNeeds pydantic and numpy only.\n"
    )


def core_source(code: str, runtime_module: str, namespaces: Iterable[str]) -> str:
    """The generated models of the core namespaces, based on the bundled runtime."""
    if RUNTIME_IMPORT not in code:
        raise RuntimeError("the generated models do not import NwbModel")
    title = (
        f'"""Models of {", ".join(namespaces)}, generated by nwb-lsp; their base\n'
        f'NwbModel comes from {runtime_module}."""\n\n'
    )
    return title + code.replace(
        RUNTIME_IMPORT, f"from {runtime_module} import NwbModel\n", 1
    )


def _top_level(tree: ast.Module) -> set[str]:
    return {name for node in tree.body for name in _defined(node)}


def extension_source(
    full_code: str, core_code: str, core_module: str, title: str
) -> str:
    """The classes of ``full_code`` that ``core_code`` lacks, importing what they
    name from ``core_module``; the header's imports kept, nwb-lsp's dropped."""
    full = ast.parse(full_code)
    core = ast.parse(core_code)
    core_names = _top_level(core)
    core_classes = {n.name for n in core.body if isinstance(n, ast.ClassDef)}
    lines = full_code.splitlines(keepends=True)
    imports: list[tuple[str, str]] = []
    classes: list[ast.ClassDef] = []
    for node in full.body:
        if isinstance(node, ast.ClassDef) and node.name not in core_names:
            classes.append(node)
        elif isinstance(node, ast.Import | ast.ImportFrom) and not _is_own(node):
            if _is_future(node):
                continue
            imports.extend(_import_lines(node))
    used = _names("\n".join(_segment(lines, c) for c in classes))
    own = {c.name for c in classes}
    shared = sorted((used & core_classes) - own)
    header = sorted(line for name, line in imports if name in used)
    parts = [f'"""{title}"""\n\n', "from __future__ import annotations\n\n"]
    parts.extend(f"{line}\n" for line in header)
    if shared:
        names = "".join(f"    {name},\n" for name in shared)
        parts.append(f"\nfrom {core_module} import (\n{names})\n")
    parts.extend(f"\n\n{_segment(lines, c)}" for c in classes)
    return "".join(parts)


@dataclass(frozen=True)
class ExtensionModules:
    """The three texts of an extension's standalone models."""

    runtime: str
    core: str
    extension: str


def own_namespaces(catalog: TypeCatalog, namespace_file: Path) -> list[str]:
    """The namespaces ``namespace_file`` itself defines (not those it imports)."""
    target = namespace_file.resolve()
    return [
        ns.name
        for ns in catalog.spec_set.namespaces.values()
        if ns.path is not None and Path(ns.path).resolve() == target
    ]


def extension_modules(
    catalog: TypeCatalog, namespace_file: Path, runtime_module: str, core_module: str
) -> ExtensionModules:
    """The runtime, the core models (every namespace but the file's own) and the
    extension's classes, for the spec set of ``namespace_file``."""
    from nwb_lsp.schema.provider import ModelProvider

    own = own_namespaces(catalog, namespace_file)
    imported = {
        name: ns for name, ns in catalog.spec_set.namespaces.items() if name not in own
    }
    core_catalog = TypeCatalog.build(SpecSet(imported))
    core_code = ModelProvider(core_catalog).pydantic_code()
    full_code = ModelProvider(catalog).pydantic_code()
    described = ", ".join(
        f"{name} {catalog.spec_set.namespaces[name].version}" for name in own
    )
    title = (
        f"Models of {described} ({namespace_file.name}), generated by nwb-lsp.\n\n"
        f"Only the extension's own classes: their parents come from {core_module}, "
        f"their\nbase from {runtime_module}.\n"
    )
    return ExtensionModules(
        runtime=runtime_source(),
        core=core_source(core_code, runtime_module, sorted(imported)),
        extension=extension_source(full_code, core_code, core_module, title),
    )
