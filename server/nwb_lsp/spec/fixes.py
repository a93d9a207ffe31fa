"""Quick fixes for spec YAML findings: did-you-mean replacements, a missing ``doc``.

Fixes are computed from the findings themselves: a message ending in
"did you mean 'X'?" (unknown keys, dtypes and types) becomes a replacement of the
finding's range; a missing ``doc`` becomes a ``doc:`` line inserted above the
element's first key, at its indentation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from nwb_lsp.findings import Finding, Range
from nwb_lsp.spec import rules
from nwb_lsp.spec.document import SpecDocument

_MEAN = re.compile(r"did you mean '([^']+)'\?")


@dataclass(frozen=True)
class TextEdit:
    range: Range
    new_text: str


@dataclass(frozen=True)
class CodeAction:
    title: str
    path: str
    edits: tuple[TextEdit, ...]
    finding: Finding


def quick_fixes(document: SpecDocument, findings: list[Finding]) -> list[CodeAction]:
    out: list[CodeAction] = []
    for f in findings:
        where = f.location.range
        if where is None:
            continue
        match = _MEAN.search(f.message)
        if match:
            out.append(
                CodeAction(
                    f"Replace with '{match.group(1)}'",
                    document.path,
                    (TextEdit(where, match.group(1)),),
                    f,
                )
            )
        elif f.code == rules.MISSING_DOC:
            out.append(_add_doc(document, f, where))
    return out


def _add_doc(document: SpecDocument, f: Finding, where: Range) -> CodeAction:
    line = where.start.line
    indent = " " * where.start.character
    text = (
        document.text.splitlines()[line]
        if line < len(document.text.splitlines())
        else ""
    )
    kind = f.message.split()[1] if f.message.startswith("this ") else "element"
    # the first key may follow a "- " list marker on the same line
    if text.lstrip().startswith("- "):
        insert = Range.of(line, where.start.character, line, where.start.character)
        new = f"doc: Describe this {kind}.\n{indent}"
    else:
        insert = Range.of(line, 0, line, 0)
        new = f"{indent}doc: Describe this {kind}.\n"
    return CodeAction("Add a 'doc'", document.path, (TextEdit(insert, new),), f)
