"""The spec workspace: open documents, their types, and the installed core's types.

Everything an editor asks about spec YAML is a pure function of this index:
diagnostics (per-document structure rules plus cross-file resolution), hover (a type's
doc and ancestry), definition (a type use -> its definition, in this file, another
file or the installed core YAML) and references. Re-validating a document after an
edit re-parses only that document; the other documents' definitions stay indexed.
"""

from __future__ import annotations

import difflib
from functools import lru_cache
from pathlib import Path

from nwb_lsp.findings import Finding, Location, Position, Range, Related, finding
from nwb_lsp.spec import crossfile, language, overrides, rules
from nwb_lsp.spec.document import Element, SpecDocument, Symbol, node_range
from nwb_lsp.spec.fixes import CodeAction, TextEdit, quick_fixes
from nwb_lsp.spec.intelligence import Completion, SymbolNode, complete, symbols
from nwb_lsp.spec.limits import (
    DEFAULT_LIMITS,
    NO_DEADLINE,
    TIMED_OUT,
    Deadline,
    Limits,
)
from nwb_lsp.spec.source import is_file, read_spec, resolved
from nwb_lsp.spec.types import (
    Definition,
    TypeIndex,
    definitions_in,
    installed_definitions,
    place,
)

__all__ = ["Definition", "SpecWorkspace", "installed_definitions"]

# Did-you-mean hints compare a name with every type in scope; a file full of
# unknown names gets hints for this many of them, not a quadratic wait.
MAX_HINTS = 50


class SpecWorkspace:
    """Spec documents by path, with a type index across them and the installed core."""

    def __init__(self, limits: Limits = DEFAULT_LIMITS) -> None:
        self.documents: dict[str, SpecDocument] = {}
        self.limits = limits
        self._local: dict[str, list[Definition]] = {}
        self._index: TypeIndex | None = None

    def set_document(
        self,
        path: str | Path,
        text: str,
        *,
        problems: tuple[Finding, ...] = (),
        deadline: Deadline = NO_DEADLINE,
    ) -> SpecDocument:
        """Parse ``text`` as the document at ``path`` (replacing an earlier version);
        ``problems`` are what reading the file found. Never raises."""
        document = SpecDocument.parse(
            path, text, limits=self.limits, deadline=deadline, problems=problems
        )
        self.documents[str(path)] = document
        self._local[str(path)] = definitions_in(document)
        self._index = None
        return document

    def load(self, path: str | Path, deadline: Deadline = NO_DEADLINE) -> SpecDocument:
        """Read the spec file at ``path`` from disk and add it (undecodable bytes,
        an unreadable or too large file become findings on it)."""
        source = read_spec(Path(path), self.limits)
        return self.set_document(
            path, source.text, problems=source.findings, deadline=deadline
        )

    def document_at(self, path: Path) -> SpecDocument | None:
        """The document at ``path``: the workspace's, else read from disk
        (remembered while the file is unchanged); ``None`` when there is none."""
        document = self.documents.get(str(path))
        if document is not None:
            return document
        try:
            stat = path.stat()
        except (OSError, ValueError):
            return None
        return _from_disk(str(path), stat.st_mtime_ns, stat.st_size, self.limits)

    def reading_problems(self, path: Path) -> tuple[Finding, ...]:
        """What reading the spec file at ``path`` finds (bad bytes, YAML errors,
        limits)."""
        document = self.document_at(path)
        return tuple(document.problems) if document is not None else ()

    @property
    def index(self) -> TypeIndex:
        """The type index, rebuilt after a document changes."""
        if self._index is None:
            self._index = TypeIndex(self._local)
        return self._index

    def add_search_path(self, folder: str | Path) -> int:
        """Index the spec YAML under ``folder`` (other extensions this workspace
        imports); returns how many files were added."""
        added = 0
        for path in sorted(Path(folder).rglob("*.y*ml")):
            if str(path) in self.documents or not is_file(path):
                continue
            if self.load(path).kind != "unknown":
                added += 1
            else:
                self.remove_document(path)
        return added

    def is_source(self, path: str | Path) -> bool:
        """Whether a namespace document in the workspace lists ``path`` as a source."""
        target = resolved(Path(path))
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
        self._index = None

    def definitions(self, name: str) -> list[Definition]:
        """Where ``name`` is defined: in the workspace's documents (first one
        first), else in the installed core."""
        return self.index.definitions(name)

    def diagnostics(
        self, path: str | Path, deadline: Deadline = NO_DEADLINE
    ) -> list[Finding]:
        """Every finding on the document at ``path``; when ``deadline`` passes
        between two groups of rules, the rest are skipped and ``Y024`` says so."""
        document = self.documents[str(path)]
        stages = (
            rules.structure,
            self._resolution,
            lambda d: crossfile.namespaces(self, d),
            lambda d: crossfile.repeated_namespaces(self, d),
            lambda d: crossfile.order(self, d),
            lambda d: overrides.refinements(self.index, d),
        )
        found = list(rules.syntax(document))  # what reading it found, always
        for stage in stages:
            if deadline.passed():
                if not any(f.code == TIMED_OUT for f in found):
                    where = Location(range=Range.of(0, 0, 0, 0))
                    found.append(finding(TIMED_OUT, deadline.message(), where))
                break
            found.extend(stage(document))
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
        """Unknown types (``Y006``), duplicates (``Y007``) and cycles (``Y011``)."""
        out = self._unresolved(document)
        index = self.index
        for definition in self._local.get(document.path, []):
            first = index.conflicting(definition)
            if first is not None:
                where = place(first.path, document.path, first.range)
                out.append(
                    finding(
                        rules.DUPLICATE_TYPE,
                        f"type '{definition.name}' is already defined, "
                        f"differently, in {where}",
                        Location(range=definition.range),
                        related=[
                            Related(
                                Location(range=first.range, file=first.path),
                                "first definition",
                            )
                        ],
                    )
                )
            if index.in_cycle(definition.name):
                out.append(
                    finding(
                        rules.CYCLE,
                        f"type '{definition.name}' inherits from itself",
                        Location(range=definition.range),
                    )
                )
        return out

    def _unresolved(self, document: SpecDocument) -> list[Finding]:
        out: list[Finding] = []
        hints: dict[str, str] = {}
        names: list[str] | None = None
        for use in document.uses:
            if self.index.definitions(use.name):
                continue
            if use.name not in hints and len(hints) < MAX_HINTS:
                names = (
                    names if names is not None else [n for n, _ in self._type_docs()]
                )
                close = difflib.get_close_matches(use.name, names, n=1)
                hints[use.name] = f"; did you mean '{close[0]}'?" if close else ""
            out.append(
                finding(
                    rules.UNRESOLVED_TYPE,
                    f"type '{use.name}' is not defined in this workspace or the "
                    f"installed core{hints.get(use.name, '')}",
                    Location(range=use.range),
                )
            )
        return out

    def ancestors(self, name: str) -> list[str]:
        return self.index.ancestors(name)

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
                for child in element.kids.get(key, []):
                    label = child.name
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
        return self.index.docs()

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


@lru_cache(maxsize=32)
def _from_disk(path: str, mtime_ns: int, size: int, limits: Limits) -> SpecDocument:
    source = read_spec(Path(path), limits)
    return SpecDocument.parse(
        path, source.text, limits=limits, problems=source.findings
    )
