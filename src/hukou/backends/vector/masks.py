"""The trees of hukou.backends.surely evaluated over derived columns: one boolean mask per node.

A comparison matches where its value is known and compares true (an unknown value matches
nothing, in either tree: that is what leaves a channel undetermined); ``and``/``or`` are elementwise;
"some item" matches where the row has an item in the list and the item matches. The flat form
holds at most one item per list, so "every item surely fails" is "the list is known, and it is
empty or its item surely fails".
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from hukou.backends.surely import And, Cmp, Node, Or
from hukou.backends.vector.derive import Derived, Items
from hukou.backends.vector.view import Col

_OPS: dict[str, Callable[[Any, Any], Any]] = {
    "==": operator.eq,
    "!=": operator.ne,
    ">=": operator.ge,
    ">": operator.gt,
    "<=": operator.le,
    "<": operator.lt,
}
# The code of a word not in a column's vocabulary: codes count from 0, so no known row has it (equivalent
# when mutated to another negative number).
NO_WORD = -1  # pragma: no mutate


@dataclass
class Masks:
    """Evaluates trees over one rule file's derived values, remembering each comparison's mask."""

    derived: Derived
    size: int
    item_fails: dict[str, Node]  # for each list, the tree saying its item surely fails
    _seen: dict[tuple[Any, ...], np.ndarray] = field(default_factory=dict)

    @property
    def comparisons(self) -> int:
        return len(self._seen)

    def of(self, node: Node, items: str | None = None) -> np.ndarray:
        match node:
            case Cmp():
                return self._compare(node, items)
            case And():
                return joined(np.logical_and, [self.of(p, items) for p in node.parts])
            case Or():
                return joined(np.logical_or, [self.of(p, items) for p in node.parts])
        # The last kind of node (mypy checks that nothing else is left): "some item" matches.
        return self.derived.lists[node.key].has & self.of(node.where, node.key)

    def _compare(self, cmp: Cmp, items: str | None) -> np.ndarray:
        memo = (cmp.key, cmp.op, cmp.value, items)
        # Equivalent when mutated: a mask made afresh equals the one remembered (no caller changes a
        # mask in place, and _seen counts the distinct comparisons either way); the memo saves time.
        found = self._seen.get(memo)  # pragma: no mutate
        if found is None:
            found = self._seen[memo] = self._fresh(cmp, items)
        return found

    def _fresh(self, cmp: Cmp, items: str | None) -> np.ndarray:
        if cmp.key.endswith("_none") and cmp.key.removesuffix("_none") in self.derived.lists:
            key = cmp.key.removesuffix("_none")
            found: Items = self.derived.lists[key]
            # The trees ask only whether every item surely fails (hukou.backends.surely: `<list>_none == True`).
            return found.known & (~found.has | self.of(self.item_fails[key], key))
        col = self.column(cmp.key, items)
        if col is None:
            return np.zeros(self.size, dtype=bool)
        if col.vocab is not None:
            if cmp.op not in ("==", "!="):
                # Equivalent when mutated: never reached, as the rule-file checks (hukou.rulebook.checks) allow
                # words only ==, !=, in and not_in, and the trees make in and not_in a few == or !=.
                raise AssertionError(f"{cmp.op} on the words of {cmp.key}: ranks order words")  # pragma: no mutate
            code = col.vocab.index(cmp.value) if cmp.value in col.vocab else NO_WORD
            return col.known & _OPS[cmp.op](col.values, code)
        return col.known & _OPS[cmp.op](col.values, cmp.value)

    def column(self, key: str, items: str | None) -> Col | None:
        """A value of the list's item, else of the row (a waiver an item condition leans on)."""
        if items is not None and key in self.derived.lists[items].values:
            return self.derived.lists[items].values[key]
        return self.derived.values.get(key)


def joined(join: Any, parts: list[np.ndarray]) -> np.ndarray:
    """The parts joined pairwise into one new array (reducing a list would first copy them all)."""
    out = join(parts[0], parts[1]) if len(parts) > 1 else parts[0].copy()
    for part in parts[2:]:
        join(out, part, out=out)
    return out


def distinct_rows(bits: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """A row index of each distinct row of a boolean matrix, and each row's index among them: the
    rows packed into 64-bit words and sorted as numbers (numpy's unique over rows sorts bytes, slowly)."""
    packed = np.packbits(bits, axis=1)
    words = -(-packed.shape[1] // 8)
    padded = np.zeros((len(bits), words * 8), dtype=np.uint8)
    padded[:, : packed.shape[1]] = packed
    keys = padded.view("<u8")
    if words == 1:
        _, first, inverse = np.unique(keys[:, 0], return_index=True, return_inverse=True)
        return first, inverse
    order = np.lexsort(keys.T)  # by the last word first: any order of the words brings equal rows together
    ordered = keys[order]
    starts = np.concatenate(([True], np.any(ordered[1:] != ordered[:-1], axis=1)))
    inverse = np.empty(len(bits), dtype=np.int64)
    inverse[order] = np.cumsum(starts) - 1
    return order[starts], inverse
