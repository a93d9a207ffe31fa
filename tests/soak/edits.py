"""Realistic edits of a spec YAML document, as an editor sends them.

A ``SpecEditor`` holds the text the client has (its mirror of the document) and
yields incremental changes that a person makes while working on a spec:

* typing a few words into a ``doc:`` value, one character per change, then deleting
  them again one backspace at a time;
* adding an attribute to a type, one line per change, then removing it;
* breaking the YAML (an unclosed flow sequence) and fixing it;
* a typo in the type a definition extends (an unresolved type), then the fix.

Every script leaves the document as it found it, so over thousands of edits the text
stays the same size: memory that grows under the soak is memory the server keeps,
not a longer document. Positions are (line, character) in the text; the documents
edited are ASCII, where Python indices and UTF-16 code units agree.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

DOC_LINE = re.compile(r"^(\s*-?\s*)doc: (['\"]?)(?=[A-Za-z])")
ATTRIBUTES_LINE = re.compile(r"^(\s*)attributes:\s*$")
ITEM_LINE = re.compile(r"^(\s*)- ")
KEY_LINE = re.compile(r"^\s*-?\s*[a-z_]+: [A-Za-z]")
INC_LINE = re.compile(r"^\s*-?\s*neurodata_type_inc: [A-Za-z]+\s*$")
TYPED = "Soak edit "


@dataclass(frozen=True)
class Change:
    """One incremental change: replace ``start``..``end`` with ``text``."""

    start: tuple[int, int]
    end: tuple[int, int]
    text: str
    what: str


class SpecEditor:
    """The client's copy of one document and the edits made to it."""

    def __init__(self, text: str, seed: int = 0) -> None:
        self.text = text
        self.original = text
        self.rng = random.Random(seed)
        self.scripts: list[Callable[[], Iterator[Change]]] = [
            self._type_in_doc,
            self._add_and_remove_attribute,
            self._break_and_fix,
            self._typo_in_type,
        ]

    @property
    def at_rest(self) -> bool:
        """Whether the text is as opened (no edit script is half done)."""
        return self.text == self.original

    def changes(self) -> Iterator[Change]:
        """Endless edits; the text is back to the original after each script."""
        while True:
            script = self.rng.choice(self.scripts)
            yield from script()
            assert self.text == self.original, "an edit script left the text changed"

    # -- applying -----------------------------------------------------------------

    def _offset(self, line: int, character: int) -> int:
        lines = self.text.splitlines(keepends=True)
        return sum(len(x) for x in lines[:line]) + character

    def _apply(self, change: Change) -> Change:
        start = self._offset(*change.start)
        end = self._offset(*change.end)
        self.text = self.text[:start] + change.text + self.text[end:]
        return change

    def _lines(self, pattern: re.Pattern[str]) -> list[int]:
        lines = self.text.splitlines()
        return [i for i, line in enumerate(lines) if pattern.match(line)]

    def _line(self, i: int) -> str:
        return self.text.splitlines()[i]

    # -- scripts ------------------------------------------------------------------

    def _type_in_doc(self) -> Iterator[Change]:
        candidates = self._lines(DOC_LINE)
        if not candidates:
            return
        line = self.rng.choice(candidates)
        match = DOC_LINE.match(self._line(line))
        assert match is not None
        col = match.end()
        for i, char in enumerate(TYPED):
            at = (line, col + i)
            yield self._apply(Change(at, at, char, "type in a doc string"))
        for i in reversed(range(len(TYPED))):
            yield self._apply(
                Change((line, col + i), (line, col + i + 1), "", "backspace in a doc")
            )

    def _add_and_remove_attribute(self) -> Iterator[Change]:
        anchors = [
            i
            for i in self._lines(ATTRIBUTES_LINE)
            if ITEM_LINE.match(self._line(i + 1))
        ]
        if not anchors:
            return
        line = self.rng.choice(anchors) + 1
        match = ITEM_LINE.match(self._line(line))
        assert match is not None
        pad = match.group(1)
        added = [
            f"{pad}- name: soak_attribute\n",
            f"{pad}  dtype: text\n",
            f"{pad}  doc: Added by the soak.\n",
        ]
        for i, text in enumerate(added):
            at = (line + i, 0)
            yield self._apply(Change(at, at, text, "add an attribute line"))
        yield self._apply(
            Change((line, 0), (line + len(added), 0), "", "remove the attribute")
        )

    def _break_and_fix(self) -> Iterator[Change]:
        candidates = self._lines(KEY_LINE)
        if not candidates:
            return
        line = self.rng.choice(candidates)
        end = len(self._line(line))
        yield self._apply(Change((line, end), (line, end), " [", "break the YAML"))
        yield self._apply(Change((line, end), (line, end + 2), "", "fix the YAML"))

    def _typo_in_type(self) -> Iterator[Change]:
        candidates = self._lines(INC_LINE)
        if not candidates:
            return
        line = self.rng.choice(candidates)
        end = len(self._line(line).rstrip())
        last = self._line(line)[end - 1]
        yield self._apply(Change((line, end - 1), (line, end), "z", "type name typo"))
        yield self._apply(
            Change((line, end - 1), (line, end), last, "fix the type name")
        )
