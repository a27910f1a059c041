"""What the aligner works on: each language version as vectors, and draft units as paragraph indices per language."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from unalign.aligning.dp import Side, normalise
from unalign.model import Paragraph


@dataclass
class Draft:
    """A unit while it is being built: paragraph indices per language (consecutive in each)."""

    members: dict[str, list[int]]


class Version:
    """One language's paragraphs as the aligner sees them: unit vectors, lengths relative to the version's total (in
    characters, and as `byte_shares` in UTF-8 bytes), addresses."""

    def __init__(self, paragraphs: tuple[Paragraph, ...], vectors: np.ndarray):
        self.paragraphs = paragraphs
        self.vectors = normalise(vectors.astype(np.float32))
        lengths = np.array([max(len(p.text), 1) for p in paragraphs], dtype=np.float32)
        self.lengths = lengths / lengths.sum()
        self.addresses = tuple(p.address for p in paragraphs)
        self._groups: dict[tuple[int, int], np.ndarray] = {}

    def side(self) -> Side:
        """The version as one side of the DP: the same Side each time, so that what the DP computes of its windows
        once serves every DP it is a side of (dp.window_norms)."""
        return self._side

    @cached_property
    def _side(self) -> Side:
        return Side(self.vectors, self.lengths, self.addresses)

    @cached_property
    def running_vectors(self) -> np.ndarray:
        """Running sums of the vectors, from a zero row: a group's sum is a difference of two."""
        dim = self.vectors.shape[1]
        return np.vstack([np.zeros((1, dim), np.float32), np.cumsum(self.vectors, axis=0, dtype=np.float32)])

    @cached_property
    def running_lengths(self) -> np.ndarray:
        """Running sums of the lengths, from zero."""
        return np.concatenate([[0.0], np.cumsum(self.lengths, dtype=np.float64)])

    @cached_property
    def _alone(self) -> np.ndarray:
        """Each paragraph read as a group of one: its own row normalised as a group's sum is, every row in one call
        (the same values as row by row)."""
        vectors = normalise(self.vectors)
        vectors.setflags(write=False)
        return vectors

    def group_vector(self, indices: list[int]) -> np.ndarray:
        """The vector of consecutive paragraphs read as one text (their sum, normalised, as in dp.windows)."""
        if len(indices) == 1:  # most groups
            return self._alone[indices[0]]
        key = (indices[0], len(indices))  # the repairs ask for the same groups again after every change
        if key not in self._groups:
            vector = normalise(self.vectors[indices].sum(axis=0))
            vector.setflags(write=False)
            self._groups[key] = vector
        return self._groups[key]

    @cached_property
    def _next_address(self) -> list[int]:
        """For each paragraph, the first paragraph from it on that carries an address (len(paragraphs) if none)."""
        out = [len(self.addresses)] * (len(self.addresses) + 1)
        for k in range(len(self.addresses) - 1, -1, -1):
            out[k] = k if self.addresses[k] else out[k + 1]
        return out

    def first_address(self, indices: list[int]) -> str:
        """The first address among consecutive paragraphs ('' if none carries one)."""
        if not indices:
            return ""
        k = self._next_address[indices[0]]
        return self.addresses[k] if k <= indices[-1] else ""

    @cached_property
    def byte_shares(self) -> np.ndarray:
        """Each paragraph's share of the version's UTF-8 bytes. A byte measures what a character carries in each
        script about evenly (an ideograph 3, a Cyrillic or Arabic letter 2, a Latin letter, a figure or a symbol 1),
        so a name or a document symbol weighs the same share in every version, as its characters do not."""
        sizes = np.array([max(len(p.text.encode()), 1) for p in self.paragraphs], dtype=np.float64)
        return sizes / sizes.sum()

    def group_length(self, indices: list[int]) -> float:
        """The relative length of consecutive paragraphs."""
        return float(self.lengths[indices].sum())


def drafts_side(drafts: list[Draft], versions: dict[str, Version]) -> Side:
    """The draft units as one side of the DP: per unit, the normalised sum of its languages' normalised texts, the
    mean relative length of its languages, and the address most of its languages open with ('' if none).

    A unit's paragraphs in one language are consecutive, so the sums of several come from cumulative sums.
    """
    dim = next(iter(versions.values())).vectors.shape[1]
    vectors = np.zeros((len(drafts), dim), dtype=np.float32)
    total = np.zeros(len(drafts), dtype=np.float64)
    count = np.zeros(len(drafts), dtype=np.int32)
    spans: dict[str, tuple[list[int], list[int], list[int]]] = {lang: ([], [], []) for lang in versions}
    addresses = []
    for k, draft in enumerate(drafts):  # one pass: the repairs and the DP ask for this side of every draft list
        votes = []
        for lang, idx in draft.members.items():
            if idx:
                rows, first, after = spans[lang]
                rows.append(k)
                first.append(idx[0])
                after.append(idx[-1] + 1)
                # Per language the first address among its paragraphs, as dp.windows reads a window of several
                # paragraphs: a unit that merged 7.3 with 7.a is 7.3 in every language, though more say 7.a.
                address = versions[lang].first_address(idx)
                if address:
                    votes.append(address)
        if not votes or votes.count(votes[0]) == len(votes):
            addresses.append(votes[0] if votes else "")
        else:
            addresses.append(Counter(votes).most_common(1)[0][0])
    for lang, version in versions.items():
        if spans[lang][0]:
            add_version(vectors, total, count, version, *(np.array(x) for x in spans[lang]))
    return Side(normalise(vectors), (total / np.maximum(count, 1)).astype(np.float32), tuple(addresses))


def add_version(vectors: np.ndarray, total: np.ndarray, count: np.ndarray, version: Version, rows: np.ndarray,
                first: np.ndarray, after: np.ndarray) -> None:
    """Add one language to the draft units `rows` (increasing) whose paragraphs of it are first..after-1: its
    normalised text to their `vectors`, its relative length to their `total`, one to their `count` of languages."""
    several = after - first > 1
    if several.any():
        part = version.vectors[first]  # a unit with one paragraph of the language (most units): that paragraph's vector
        cum_v = version.running_vectors
        part[several] = normalise(cum_v[after[several]] - cum_v[first[several]])
    elif len(first) > 1 and (first[1:] - first[:-1] == 1).all():  # one paragraph each, in order: a view, not a copy
        part = version.vectors[first[0]:first[-1] + 1]
    else:
        part = version.vectors[first]
    # Added run by run of consecutive units (every unit, or all but a few, has this language): the same sums as
    # through an index, without gathering and scattering the rows. (Differences by slices: np.diff's wrapper costs
    # more than the subtraction on a unit's few sentences.)
    ends = [*((rows[1:] - rows[:-1] != 1).nonzero()[0] + 1).tolist(), len(rows)]
    for start, end in zip([0, *ends[:-1]], ends):
        vectors[rows[start]:rows[end - 1] + 1] += part[start:end]
    cum_l = version.running_lengths
    total[rows] += cum_l[after] - cum_l[first]
    count[rows] += 1
