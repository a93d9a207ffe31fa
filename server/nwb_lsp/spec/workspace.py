"""The spec workspace: open documents, their types, and the installed core's types.

Everything an editor asks about spec YAML is a pure function of this index:
diagnostics (per-document structure rules plus cross-file resolution), hover (a type's
doc and ancestry), definition (a type use -> its definition, in this file, another
file or the installed core YAML) and references. Re-validating a document after an
edit re-parses only that document; the other documents' definitions stay indexed.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from nwb_lsp.findings import (
    FileReport,
    Finding,
    Location,
    Position,
    Range,
    Related,
    finding,
)
from nwb_lsp.schema.installed import installed_namespace_files
from nwb_lsp.spec import crossfile, language, rules
from nwb_lsp.spec.document import (
    Element,
    SpecDocument,
    Symbol,
    node_range,
    resolved,
)
from nwb_lsp.spec.fixes import CodeAction, TextEdit, quick_fixes
from nwb_lsp.spec.intelligence import Completion, SymbolNode, complete, symbols


@dataclass(frozen=True)
class Definition:
    name: str
    path: str
    range: Range
    parent: str | None
    doc: str
    element: Element | None = field(default=None, compare=False, repr=False)


def _definitions(document: SpecDocument) -> list[Definition]:
    out = []
    for element in document.elements:
        name = element.type_name
        if name is None:
            continue
        symbol = next(s for s in document.definitions if s.name == name)
        parent = element.scalar("neurodata_type_inc") or element.scalar("data_type_inc")
        out.append(
            Definition(
                name,
                document.path,
                symbol.range,
                parent,
                element.scalar("doc") or "",
                element,
            )
        )
    return out


@cache
def installed_definitions() -> tuple[Definition, ...]:
    """Types defined by the installed core and hdmf-common YAML files."""
    out: list[Definition] = []
    for ns_file in installed_namespace_files().values():
        for path in sorted(ns_file.parent.glob("*.yaml")):
            if path == ns_file:
                continue
            document = SpecDocument.parse(path, path.read_text(encoding="utf-8"))
            out.extend(_definitions(document))
    return tuple(out)


@cache
def _installed_by_name() -> dict[str, list[Definition]]:
    return _by_name(installed_definitions())


def _by_name(definitions: Iterable[Definition]) -> dict[str, list[Definition]]:
    out: dict[str, list[Definition]] = {}
    for d in definitions:
        out.setdefault(d.name, []).append(d)
    return out


class SpecWorkspace:
    """Spec documents by path, with a type index across them and the installed core."""

    def __init__(self) -> None:
        self.documents: dict[str, SpecDocument] = {}
        self._local: dict[str, list[Definition]] = {}
        # the rules look types up by name hundreds of times per edit
        self._names: dict[str, list[Definition]] | None = None

    def set_document(self, path: str | Path, text: str) -> SpecDocument:
        document = SpecDocument.parse(path, text)
        self.documents[str(path)] = document
        self._local[str(path)] = _definitions(document)
        self._names = None
        return document

    def add_search_path(self, folder: str | Path) -> int:
        """Index the spec YAML under ``folder`` (other extensions this workspace
        imports); returns how many files were added."""
        added = 0
        for path in sorted(Path(folder).rglob("*.y*ml")):
            if str(path) in self.documents:
                continue
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                continue
            if self.set_document(path, text).kind != "unknown":
                added += 1
            else:
                self.remove_document(path)
        return added

    def is_source(self, path: str | Path) -> bool:
        """Whether a namespace document in the workspace lists ``path`` as a source."""
        target = resolved(path)
        for document in self.documents.values():
            if document.kind != "namespace":
                continue
            folder = Path(document.path).parent
            if any(resolved(folder / s) == target for s in document.sources()):
                return True
        return False

    def remove_document(self, path: str | Path) -> None:
        self.documents.pop(str(path), None)
        self._local.pop(str(path), None)
        self._names = None

    def definitions(self, name: str) -> list[Definition]:
        if self._names is None:
            self._names = _by_name(d for defs in self._local.values() for d in defs)
        local = self._names.get(name)
        return list(local or _installed_by_name().get(name, []))

    def diagnostics(self, path: str | Path) -> list[Finding]:
        document = self.documents[str(path)]
        found = [*rules.syntax(document), *rules.structure(document)]
        found.extend(self._resolution(document))
        found.extend(crossfile.namespaces(self, document))
        found.extend(crossfile.order(self, document))
        found.extend(crossfile.refinements(self, document))
        return sorted(found, key=lambda f: f.sort_key)

    def namespace_documents(self) -> list[SpecDocument]:
        return [d for d in self.documents.values() if d.kind == "namespace"]

    def namespace_names(self) -> set[str]:
        """Names of the namespaces the workspace's namespace documents declare."""
        return {
            entry.name
            for d in self.namespace_documents()
            for entry in d.namespace_entries()
            if entry.name
        }

    def _resolution(self, document: SpecDocument) -> list[Finding]:
        out: list[Finding] = []
        for use in document.uses:
            if not self.definitions(use.name):
                names = [name for name, _ in self._type_docs()]
                close = difflib.get_close_matches(use.name, names, n=1)
                hint = f"; did you mean '{close[0]}'?" if close else ""
                out.append(
                    finding(
                        rules.UNRESOLVED_TYPE,
                        f"type '{use.name}' is not defined in this workspace or the "
                        f"installed core{hint}",
                        Location(range=use.range),
                    )
                )
        for definition in self._local.get(document.path, []):
            others = [
                d
                for defs in self._local.values()
                for d in defs
                if d.name == definition.name and d != definition
            ]
            if others:
                other = others[0]
                out.append(
                    finding(
                        rules.DUPLICATE_TYPE,
                        f"type '{definition.name}' is also defined "
                        f"in {Path(other.path).name}",
                        Location(range=definition.range),
                        related=[
                            Related(
                                Location(range=other.range, file=other.path),
                                "other definition",
                            )
                        ],
                    )
                )
            if definition.name in self.ancestors(definition.name):
                out.append(
                    finding(
                        rules.CYCLE,
                        f"type '{definition.name}' inherits from itself",
                        Location(range=definition.range),
                    )
                )
        return out

    def ancestors(self, name: str) -> list[str]:
        chain: list[str] = []
        current = self.definitions(name)
        while current and current[0].parent and current[0].parent not in chain:
            chain.append(current[0].parent)
            if current[0].parent == name:
                break
            current = self.definitions(current[0].parent)
        return chain

    def _symbol(self, path: str | Path, pos: Position) -> Symbol | None:
        document = self.documents.get(str(path))
        return document.symbol_at(pos.line, pos.character) if document else None

    def hover(self, path: str | Path, pos: Position) -> str | None:
        """Markdown for the type name under the cursor: doc and ancestry."""
        symbol = self._symbol(path, pos)
        if symbol is None:
            return self._key_hover(path, pos)
        found = self.definitions(symbol.name)
        if not found:
            return f"**{symbol.name}** — not defined in this workspace"
        chain = " → ".join([symbol.name, *self.ancestors(symbol.name)])
        text = f"**{symbol.name}**\n\n{found[0].doc}\n\n*Inheritance:* {chain}"
        inherited = self._fields(symbol.name)
        if inherited:
            text += "\n\n*Fields (own and inherited):* " + "; ".join(
                f"{kind} {', '.join(names)}" for kind, names in inherited.items()
            )
        return text

    def _fields(self, name: str) -> dict[str, list[str]]:
        """Named attributes, datasets, groups and links of a type and its ancestors
        (what a type extending it inherits)."""
        out: dict[str, list[str]] = {}
        for ancestor in [name, *self.ancestors(name)]:
            found = self.definitions(ancestor)
            element = found[0].element if found else None
            if element is None:
                continue
            for key in ("attributes", "datasets", "groups", "links"):
                node = element.get(key)
                for item in getattr(node, "value", None) or []:
                    child = Element(key[:-1], item, element)
                    label = child.scalar("name")
                    names = out.setdefault(key, [])
                    if label and label not in names:
                        names.append(label)
        return {k: v for k, v in out.items() if v}

    def _key_hover(self, path: str | Path, pos: Position) -> str | None:
        """What the key under the cursor means, from the language schema."""
        for element in self.elements(path):
            for key, key_node, _ in element.items():
                r = node_range(key_node)
                on_line = r.start.line == pos.line
                if on_line and r.start.character <= pos.character <= r.end.character:
                    meaning = language.key_doc(element.kind, key)
                    if meaning:
                        return f"**{key}** ({element.kind} key)\n\n{meaning}"
        return None

    def definition(self, path: str | Path, pos: Position) -> list[Definition]:
        symbol = self._symbol(path, pos)
        return self.definitions(symbol.name) if symbol else []

    def references(self, path: str | Path, pos: Position) -> list[tuple[str, Range]]:
        symbol = self._symbol(path, pos)
        if symbol is None:
            return []
        return [
            (doc.path, use.range)
            for doc in self.documents.values()
            for use in doc.uses
            if use.name == symbol.name
        ]

    def completion(self, path: str | Path, pos: Position) -> list[Completion]:
        document = self.documents.get(str(path))
        if document is None:
            return []
        return complete(document, pos, self._type_docs())

    def _type_docs(self) -> list[tuple[str, str]]:
        docs: dict[str, str] = {d.name: d.doc for d in installed_definitions()}
        for defs in self._local.values():
            docs.update({d.name: d.doc for d in defs})
        return sorted(docs.items())

    def document_symbols(self, path: str | Path) -> list[SymbolNode]:
        document = self.documents.get(str(path))
        return symbols(document) if document is not None else []

    def workspace_symbols(self, query: str) -> list[Definition]:
        """Every type defined in the open documents whose name contains ``query``."""
        q = query.lower()
        return [d for defs in self._local.values() for d in defs if q in d.name.lower()]

    def prepare_rename(self, path: str | Path, pos: Position) -> Range | None:
        symbol = self._symbol(path, pos)
        if symbol is None or not any(
            d.path in self.documents for d in self.definitions(symbol.name)
        ):
            return None  # only types defined in the workspace can be renamed
        return symbol.range

    def rename(
        self, path: str | Path, pos: Position, new_name: str
    ) -> dict[str, list[TextEdit]]:
        """Edits renaming the type under the cursor everywhere it is defined or used."""
        symbol = self._symbol(path, pos)
        if symbol is None or self.prepare_rename(path, pos) is None:
            return {}
        edits: dict[str, list[TextEdit]] = {}
        for document in self.documents.values():
            for found in (*document.definitions, *document.uses):
                if found.name == symbol.name:
                    edits.setdefault(document.path, []).append(
                        TextEdit(found.range, new_name)
                    )
        return edits

    def code_actions(
        self, path: str | Path, findings: list[Finding]
    ) -> list[CodeAction]:
        document = self.documents.get(str(path))
        return quick_fixes(document, findings) if document is not None else []

    def elements(self, path: str | Path) -> list[Element]:
        document = self.documents.get(str(path))
        return document.elements if document else []


def check_spec_files(paths: list[Path], *, pipeline: bool = True) -> list[FileReport]:
    """Check spec YAML files together, so imports between them resolve; with
    ``pipeline``, also run each namespace file through the schema pipeline."""
    from nwb_lsp.spec.pipeline import pipeline_findings

    workspace = SpecWorkspace()
    for path in paths:
        workspace.set_document(path, path.read_text(encoding="utf-8"))
    found = {str(p): workspace.diagnostics(p) for p in paths}
    if pipeline:
        for document in workspace.namespace_documents():
            for target, extra in pipeline_findings(workspace, document).items():
                found.setdefault(target, []).extend(extra)
    return [
        FileReport(str(p), "spec", tuple(sorted(found[str(p)], key=_sort)))
        for p in paths
    ]


def _sort(f: Finding) -> tuple[object, ...]:
    return f.sort_key
