"""Draft units as arrays: the progressive consensus's working form of a list of Drafts.

The consensus (consensus.py) aligns each version to the draft units eleven times on six versions; as Draft objects (a
dict of index lists per unit) its bookkeeping — merging the units a bead takes, taking a language out, reading the
units as one side of the DP — was a Python loop over every unit and language each time, about a fifth of the paragraph
alignment. Here a list of drafts is a table: per unit (row) and language (column) how many of its paragraphs the unit
holds, whether the language is one of the unit's members at all (a unit the DP's 1-0 bead left without the language
still lists it, with no paragraph), and its place among the members (the order Draft.members lists them in: it breaks
the ties of the units' address votes). A language's paragraphs lie in unit order, so the counts say which they are.
Each function gives what its Draft counterpart gives (tests/test_draft_table.py compares them on random drafts):
`with_beads` is consensus's use of the DP's beads, `without_language` is the Draft lists' taking a language out,
`table_side` is `drafts.drafts_side`, bit for bit, and `table_drafts` gives the Drafts back.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np

from unalign.aligning.dp import Bead, Side, normalise
from unalign.aligning.drafts import Draft, Version, add_version

_LAST = np.iinfo(np.int64).max
_PLACES = 1 << 16  # above any member's place: a unit's places grow by one with each language added (`with_beads`)


@dataclass(frozen=True)
class DraftTable:
    """Draft units as arrays (see the module): `counts`, `present` and `rank` have a row per unit and a column per
    language of `langs`."""

    langs: tuple[str, ...]
    counts: np.ndarray  # int64: the unit's paragraphs of the language
    present: np.ndarray  # bool: the language is one of the unit's members (possibly with no paragraph)
    rank: np.ndarray  # int64: where present, the language's place among the unit's members (distinct, < _PLACES)

    def __len__(self) -> int:
        return len(self.counts)

    def firsts(self) -> np.ndarray:
        """Per unit and language, the language's first paragraph in the unit (where it would start, if none)."""
        return np.cumsum(self.counts, axis=0) - self.counts


@dataclass(frozen=True)
class AddressVotes:
    """The versions' addresses as numbers, so that the units' address votes are taken with arrays, every language at
    once. The versions' paragraphs are numbered one after the other, each version followed by one more number (its
    end), in the order of `langs`, from `offsets` (per language, as a row); per number k, `after[k]` is the first
    number from k on, in its version, that carries an address (its version's end if none), and `codes[k]` the number
    of k's address (0 for none; `names[code]` is the address)."""

    langs: tuple[str, ...]
    offsets: np.ndarray
    after: np.ndarray
    codes: np.ndarray
    names: tuple[str, ...]

    @staticmethod
    def of(versions: dict[str, Version]) -> AddressVotes:
        numbers = {"": 0}
        sizes = [len(v.addresses) + 1 for v in versions.values()]
        offsets = np.cumsum([0, *sizes[:-1]]).astype(np.int64)
        after = np.concatenate([np.array(v._next_address, dtype=np.int64) + offset
                                for v, offset in zip(versions.values(), offsets.tolist())])
        codes = np.array([numbers.setdefault(a, len(numbers)) for v in versions.values() for a in (*v.addresses, "")],
                         dtype=np.int64)
        return AddressVotes(tuple(versions), offsets[None, :], after, codes, tuple(numbers))


def empty_table(langs: tuple[str, ...]) -> DraftTable:
    """No draft unit yet."""
    return DraftTable(langs, np.zeros((0, len(langs)), np.int64), np.zeros((0, len(langs)), bool),
                      np.zeros((0, len(langs)), np.int64))


def seeded(langs: tuple[str, ...], lang: str, count: int) -> DraftTable:
    """One unit per paragraph of `lang` (the first version aligned)."""
    counts = np.zeros((count, len(langs)), np.int64)
    present = np.zeros((count, len(langs)), bool)
    counts[:, langs.index(lang)] = 1
    present[:, langs.index(lang)] = True
    return DraftTable(langs, counts, present, np.zeros((count, len(langs)), np.int64))


def with_beads(table: DraftTable, lang: str, beads: list[Bead]) -> DraftTable:
    """The units after the DP's `beads` aligned the paragraphs of `lang` (not a member of any unit) to them: a bead
    (k, l) with k > 0 makes one unit of the next k units (their members, in the order they first appear, each
    language's paragraphs together) with the next l paragraphs of `lang` as its last member (none for l = 0); a bead
    (0, 1) is a new unit of one paragraph of `lang` alone."""
    width = len(table.langs)
    column = table.langs.index(lang)
    taken = np.array(beads, dtype=np.int64).reshape(-1, 2)
    units, paragraphs = taken[:, 0], taken[:, 1]
    if units.sum() != len(table) or table.present[:, column].any():
        raise ValueError("the beads must take every unit once, and the language must be new to the units")
    if len(taken) == len(table) and (units == 1).all():  # no merge, no new unit: the members stay as they are
        counts, present, rank = table.counts.copy(), table.present.copy(), table.rank.copy()
        rank[:, column] = rank.max(axis=1) + 1  # the new language last
    else:
        counts = np.zeros((len(taken), width), np.int64)
        present = np.zeros((len(taken), width), bool)
        rank = np.zeros((len(taken), width), np.int64)
        merged = units.nonzero()[0]
        if len(merged):
            starts = (np.cumsum(units) - units)[merged]
            counts[merged] = np.add.reduceat(table.counts, starts, axis=0)
            # Members in the order they first appear: by the first unit holding them (its place in the bead), then
            # by their place in it.
            offset = np.arange(len(table)) - np.repeat(starts, units[merged])
            key = np.minimum.reduceat(np.where(table.present, offset[:, None] * _PLACES + table.rank, _LAST),
                                      starts, axis=0)
            present[merged] = key < _LAST
            placed = np.argsort(np.argsort(key, axis=1, kind="stable"), axis=1, kind="stable")
            placed[:, column] = width  # the new language last
            rank[merged] = placed
    counts[:, column] = paragraphs
    present[:, column] = True
    return DraftTable(table.langs, counts, present, rank)


def without_language(table: DraftTable, lang: str) -> DraftTable:
    """The units with `lang` taken out, and every member without a paragraph; units left empty disappear."""
    column = table.langs.index(lang)
    present = table.present & (table.counts > 0)
    present[:, column] = False
    counts = table.counts.copy()
    counts[:, column] = 0
    keep = present.any(axis=1)
    return DraftTable(table.langs, counts[keep], present[keep], table.rank[keep])


def table_side(table: DraftTable, versions: dict[str, Version], votes: AddressVotes) -> Side:
    """The units as one side of the DP, as drafts.drafts_side reads their Drafts: the same vectors, relative
    lengths and addresses, bit for bit (the same sums in the same order; each unit's address the one most of its
    languages open with, the first in the members' order on a tie)."""
    dim = next(iter(versions.values())).vectors.shape[1]
    size = len(table)
    vectors = np.zeros((size, dim), dtype=np.float32)
    total = np.zeros(size, dtype=np.float64)
    count = np.zeros(size, dtype=np.int32)
    if votes.langs != table.langs:
        raise ValueError("the votes' languages must be the table's, in its order")
    firsts = table.firsts()
    afters = firsts + table.counts
    held = table.counts > 0
    # Every language's units (rows), first and after paragraphs at once, language after language.
    columns, rows = np.nonzero(held.T)
    bounds = np.searchsorted(columns, np.arange(len(table.langs) + 1)).tolist()
    first, after = firsts[rows, columns], afters[rows, columns]
    for lang, version in versions.items():
        column = table.langs.index(lang)
        here = slice(bounds[column], bounds[column + 1])
        if here.start < here.stop:
            add_version(vectors, total, count, version, rows[here], first[here], after[here])
    if len(votes.names) == 1:  # no version has an address (the sentences of a unit)
        return Side(normalise(vectors), (total / np.maximum(count, 1)).astype(np.float32), ("",) * size)
    # Per unit and language, the number of the address its paragraphs open with (0: none, or no paragraph).
    found = votes.after[firsts + votes.offsets]
    voted = np.where(held & (found < afters + votes.offsets), votes.codes[found], 0)
    top = voted.max(axis=1)
    low = np.where(voted > 0, voted, _LAST).min(axis=1)
    addresses = [votes.names[k] for k in top.tolist()]
    for unit in np.flatnonzero((top > 0) & (low != top)).tolist():  # the languages disagree: a vote, in order
        order = np.argsort(np.where(voted[unit] > 0, table.rank[unit], _LAST), kind="stable")
        ballot = [votes.names[voted[unit, k]] for k in order.tolist() if voted[unit, k]]
        addresses[unit] = Counter(ballot).most_common(1)[0][0]
    return Side(normalise(vectors), (total / np.maximum(count, 1)).astype(np.float32), tuple(addresses))


def table_drafts(table: DraftTable) -> list[Draft]:
    """The units as Drafts: each member language with its paragraphs, in the members' order."""
    firsts, counts = table.firsts().tolist(), table.counts.tolist()
    present, rank = table.present.tolist(), table.rank.tolist()
    out = []
    for first, count, here, place in zip(firsts, counts, present, rank):
        members = sorted((place[k], k) for k in range(len(here)) if here[k])
        out.append(Draft({table.langs[k]: list(range(first[k], first[k] + count[k])) for _, k in members}))
    return out
