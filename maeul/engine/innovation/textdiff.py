"""What changed between two versions of a negotiation text (the city's opinion or the
district's answer), word by word.

Pure Python on ``difflib``: the texts are split into words and the spaces between them (line
breaks included), so a change reads as the words struck out and the words put in, and the
lines stay where they were. The result is plain segments; escaping is the page's job (the
template escapes every segment), so a text can never inject markup into the diff.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Literal

TOKEN = re.compile(r"\s+|[^\s]+")

Op = Literal["same", "added", "removed"]


@dataclass(frozen=True)
class Segment:
    op: Op
    text: str


def _tokens(text: str) -> list[str]:
    return TOKEN.findall(text.replace("\r\n", "\n"))


def word_diff(old: str, new: str) -> list[Segment]:
    """Segments that read ``old`` into ``new``: unchanged, removed and added runs, in order.
    Runs of the same kind are merged, and a removal comes before the addition replacing it."""
    before, after = _tokens(old), _tokens(new)
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    segments: list[Segment] = []

    def push(op: Op, words: list[str]) -> None:
        text = "".join(words)
        if not text:
            return
        if segments and segments[-1].op == op:
            segments[-1] = Segment(op, segments[-1].text + text)
        else:
            segments.append(Segment(op, text))

    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            push("same", before[i1:i2])
        else:
            push("removed", before[i1:i2])
            push("added", after[j1:j2])
    return segments


def changed_words(segments: list[Segment]) -> tuple[int, int]:
    """How many words were removed and added (whitespace does not count)."""
    removed = sum(len(s.text.split()) for s in segments if s.op == "removed")
    added = sum(len(s.text.split()) for s in segments if s.op == "added")
    return removed, added
