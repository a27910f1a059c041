"""Anchors and band: where the DP may look, so that its cost stays linear in the document.

Anchors are (row, column) pairs that are sure: the same unique address on both sides, or mutual best matches near
the diagonal. The band is the line through the anchors, widened in each stretch between two anchors by band_min plus
band_fraction of the stretch; where the best path runs along the band's edge, that stretch's band grows by band_growth
and the DP runs again.
"""

from __future__ import annotations

import bisect
from collections import Counter

import numpy as np

from unalign.aligning.dp import Bead, Side, best_path
from unalign.aligning.params import AlignParams


def banded_path(rows: Side, columns: Side, params: AlignParams) -> list[Bead]:
    """The DP's cheapest beads between `rows` and `columns` inside a band around the anchors, widened until the path
    no longer runs along its edge."""
    m, n = len(rows), len(columns)
    # A band band_min wide either side of any line covers every cell when neither side is longer (the sentences of
    # a unit): anchors would not change it.
    anchor_pairs = find_anchors(rows, columns, params) if max(m, n) > min(params.band_min, params.band_max) else []
    # Between two anchors the path can drift from the straight line by at most the longer side of the gap, so each
    # stretch gets its own band.
    stretches = segments(m, n, anchor_pairs)
    # The band's half-width never exceeds band_max: without a cap, a stretch with no anchor (repeated text) would
    # cost memory and time in the square of its length.
    widest = min(max(m, n), params.band_max)
    widths = np.zeros(m + 1)
    for first, last, size in stretches:
        widths[first:last + 1] = np.maximum(widths[first:last + 1],
                                            min(params.band_min + params.band_fraction * size, widest))
    while True:
        lo, hi = band(m, n, anchor_pairs, widths)
        beads, touched = best_path(rows, columns, lo, hi, params)
        grow = [(first, last) for first, last, _ in stretches
                if any(first <= row <= last for row in touched) and widths[first:last + 1].min() < widest]
        if not grow:
            return beads
        for first, last in grow:
            widths[first:last + 1] = np.minimum(widths[first:last + 1] * params.band_growth, widest)


def find_anchors(rows: Side, columns: Side, params: AlignParams) -> list[tuple[int, int]]:
    """Monotonic (row, column) pairs that are sure: the same unique address, or mutual best matches.

    An address shared by exactly one item on each side anchors when the texts agree at least anchor_min_similarity.
    Best matches are looked for near the diagonal only (rows by blocks of anchor_block_rows, anchor_window columns
    either side of where a row would fall if the sides ran in step, widened by their difference in length), so the
    cost is linear in the document; a match must score anchor_match_similarity and beat the runner-up of its row and
    of its column by anchor_margin, so repeated texts anchor nothing.
    """
    r_vec, c_vec = rows.vectors, columns.vectors
    pairs: dict[int, int] = {}
    r_count, c_count = Counter(rows.addresses), Counter(columns.addresses)
    c_where = {a: j for j, a in enumerate(columns.addresses) if a and c_count[a] == 1}
    for i, a in enumerate(rows.addresses):
        if a and r_count[a] == 1 and a in c_where:
            j = c_where[a]
            if float(r_vec[i] @ c_vec[j]) >= params.anchor_min_similarity:
                pairs[i] = j
    m, n = len(r_vec), len(c_vec)
    if m and n:
        reach = params.anchor_window + abs(m - n)
        block = params.anchor_block_rows
        col_best = np.full(n, -np.inf, np.float32)
        col_second = np.full(n, -np.inf, np.float32)
        col_arg = np.full(n, -1)
        row_arg = np.zeros(m, np.int64)  # per row: its best column, that score and the runner-up's
        row_top = np.zeros(m, np.float32)
        row_second = np.zeros(m, np.float32)
        for r0 in range(0, m, block):
            r1 = min(r0 + block, m)
            c0 = max(0, int(r0 * n / m) - reach)
            c1 = min(n, int(r1 * n / m) + reach + 1)
            sims = r_vec[r0:r1] @ c_vec[c0:c1].T
            if np.isnan(sims).any():  # a broken vector matches nothing (NaN would take every maximum of its block)
                sims[np.isnan(sims)] = -np.inf
            rows_best, cols_best = sims.argmax(axis=1), sims.argmax(axis=0)
            # The runner-up of a row (a column) is its best once its best cell is set aside: the same values as
            # sorting, at the cost of a few passes over the block.
            across, down = np.arange(r1 - r0), np.arange(c1 - c0)
            row_top[r0:r1], block_best = sims[across, rows_best], sims[cols_best, down]
            sims[across, rows_best] = -np.inf
            row_second[r0:r1] = sims.max(axis=1) if sims.shape[1] > 1 else row_top[r0:r1] - 1
            sims[across, rows_best] = row_top[r0:r1]
            sims[cols_best, down] = -np.inf
            block_second = sims.max(axis=0)
            row_arg[r0:r1] = c0 + rows_best
            block_arg = cols_best + r0
            # Best and runner-up per column, merged with what earlier blocks found.
            old_best, old_second = col_best[c0:c1].copy(), col_second[c0:c1]
            col_second[c0:c1] = np.maximum(np.minimum(old_best, block_best), np.maximum(old_second, block_second))
            wins = block_best > old_best
            col_best[c0:c1] = np.where(wins, block_best, old_best)
            col_arg[c0:c1] = np.where(wins, block_arg, col_arg[c0:c1])
        # A row's best against the floor and its runner-up in double precision, against its column's runner-up in
        # single (the precisions of the scalar comparisons this replaces: the anchors stay the same).
        top = row_top.astype(np.float64)
        with np.errstate(invalid="ignore"):  # (a broken vector's row: -inf less -inf, no anchor either way)
            sure = ((col_arg[row_arg] == np.arange(m)) & (top >= params.anchor_match_similarity)
                    & (top - row_second.astype(np.float64) >= params.anchor_margin)
                    & (row_top - col_second[row_arg] >= np.float32(params.anchor_margin)))
        for i in np.flatnonzero(sure).tolist():
            pairs.setdefault(i, int(row_arg[i]))
    return increasing(sorted(pairs.items()))


def increasing(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest subsequence of `pairs` (sorted by first item) whose second items strictly increase."""
    tails: list[int] = []
    tails_at: list[int] = []
    parent = [-1] * len(pairs)
    for k, (_, j) in enumerate(pairs):
        pos = bisect.bisect_left(tails, j)
        if pos == len(tails):
            tails.append(j)
            tails_at.append(k)
        else:
            tails[pos] = j
            tails_at[pos] = k
        parent[k] = tails_at[pos - 1] if pos else -1
    out, k = [], tails_at[-1] if tails_at else -1
    while k >= 0:
        out.append(pairs[k])
        k = parent[k]
    return out[::-1]


def band(m: int, n: int, anchor_pairs: list[tuple[int, int]], widths: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each row 0..m, the columns [lo, hi] the path may visit: widths[i] either side of the line through the
    anchors (and the corners (0, 0) and (m, n))."""
    points = [(0, 0), *anchor_pairs, (m, n)]
    xs, ys = np.array([p[0] for p in points], float), np.array([p[1] for p in points], float)
    centre = np.interp(np.arange(m + 1), xs, ys)
    lo = np.clip(np.floor(centre - widths), 0, n).astype(int)
    hi = np.clip(np.ceil(centre + widths), 0, n).astype(int)
    # Rows must overlap their neighbours so that every bead can be taken.
    for i in range(1, m + 1):
        lo[i] = min(lo[i], hi[i - 1])
    for i in range(m - 1, -1, -1):
        hi[i] = max(hi[i], lo[i + 1])
    lo[0], hi[m] = 0, n
    return lo, hi


def segments(m: int, n: int, anchor_pairs: list[tuple[int, int]]) -> list[tuple[int, int, int]]:
    """(first row, last row, size) of each stretch between consecutive anchors (and the document's ends); size is the
    longer side of the stretch."""
    corners = [(0, 0), *anchor_pairs, (m, n)]
    return [(i0, i1, max(i1 - i0, j1 - j0)) for (i0, j0), (i1, j1) in zip(corners, corners[1:])]
