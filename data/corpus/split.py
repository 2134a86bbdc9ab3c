"""Which split a pattern, a filler clause or an everyday word belongs to.

Each item goes by a stable hash of its own key (sha1, not Python's ``hash``),
so its split never depends on what else is in the list: adding a pattern
moves no other pattern between train, dev and test, and scores of two corpus
rounds are on the same held-out patterns but for the new ones.

>>> split_of("P001"), split_of("P005"), split_of("P007")
('train', 'dev', 'test')
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from typing import TypeVar

DEV_SHARE = TEST_SHARE = 0.15
T = TypeVar("T")


def position(key: str) -> float:
    """Where ``key`` falls in [0, 1), the same on every machine and run."""
    return int(hashlib.sha1(key.encode("utf-8")).hexdigest()[:12], 16) / 16**12


def split_of(key: str) -> str:
    """``dev`` for the first 15 % of positions, ``test`` for the next 15 %, else ``train``."""
    at = position(key)
    return "dev" if at < DEV_SHARE else "test" if at < DEV_SHARE + TEST_SHARE else "train"


def split_group(members: Sequence[T], key: Callable[[T], str], *, at_least_one: bool) -> dict[str, list[T]]:
    """One group's members by split, each by its own key.

    Args:
        members: The group (a family of patterns, a kind of clause).
        key: The stable key of a member (its id).
        at_least_one: A group that by chance has no dev or no test member
            gives that split its train member nearest to it (the lowest
            position), so every split has every family.

    Returns:
        ``{"train": [...], "dev": [...], "test": [...]}`` in the members' order.
    """
    out: dict[str, list[T]] = {"train": [], "dev": [], "test": []}
    for member in members:
        out[split_of(key(member))].append(member)
    if at_least_one:
        for split in ("dev", "test"):
            if not out[split] and out["train"]:
                lent = min(out["train"], key=lambda m: position(key(m)))
                out["train"].remove(lent)
                out[split].append(lent)
    return out
