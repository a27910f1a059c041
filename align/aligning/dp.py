"""The dynamic-programming core: the cheapest sequence of beads between two sequences of vectors, inside a band.

As in vecalign, a bead of k rows and l columns is scored on the sum of its vectors (the k rows read as one text against
the l columns read as one text), so splits and merges are found without re-embedding. Rows are the units aligned so
far, columns the paragraphs of the version being aligned; nothing here knows about languages or settings files.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from unalign.aligning.params import AlignParams

_INF = np.float32(np.inf)

Bead = tuple[int, int]  # (rows taken, columns taken): (1, 1) a link, (1, 0) / (0, 1) a skip, (2, 1) a merge…


def normalise(v: np.ndarray) -> np.ndarray:
    """Rows scaled to unit length (zero rows stay zero)."""
    norm = np.sqrt(np.add.reduce(v * v, axis=-1, keepdims=True))  # np.linalg.norm's own sum, without its checks
    return v / np.where(norm == 0, 1, norm)


@dataclass(frozen=True)
class Side:
    """One side of the DP: a unit vector per item, its length relative to the side's total, its address ('' if
    none)."""

    vectors: np.ndarray
    lengths: np.ndarray
    addresses: tuple[str, ...]

    def __len__(self) -> int:
        return len(self.vectors)


def best_path(rows: Side, columns: Side, lo: np.ndarray, hi: np.ndarray,
              params: AlignParams) -> tuple[list[Bead], list[int]]:
    """The cheapest beads from (0, 0) to (len(rows), len(columns)) visiting only the columns lo[i]..hi[i] of each
    row i, and the rows where the path touched the band's edge (the band may be too narrow there).

    Cell (i, j) holds the cheapest alignment of the first i rows with the first j columns. Bead costs are computed
    for the whole band first, by blocks of matrix products.
    """
    m, n = len(rows), len(columns)
    beads = [tuple(b) for b in params.beads]
    ids: dict[str, int] = {}
    row_ids = np.array([ids.setdefault(a, len(ids) + 1) if a else 0 for a in rows.addresses], dtype=np.int64)
    col_ids = np.array([ids.setdefault(a, len(ids) + 1) if a else 0 for a in columns.addresses], dtype=np.int64)
    width = int((hi - lo).max()) + 1
    row_windows = windows(rows.vectors, rows.lengths, row_ids, {dr for dr, dc in beads if dr and dc})
    col_windows = windows(columns.vectors, columns.lengths, col_ids, {dc for dr, dc in beads if dr and dc})
    text_costs = {(dr, dc): band_costs(row_windows[dr], col_windows[dc], dr, dc, lo, width, params)
                  for dr, dc in beads if dr and dc}
    moves = _moves_by_depth(beads, text_costs, params.skip_cost, m)
    deepest = max(moves, default=0)

    # Row i of `padded` is cost[i] between two inf cells, so that a move reaching outside the band reads inf.
    padded = np.full((m + 1, width + 2), _INF, np.float32)
    cost = padded[:, 1:-1]
    back = np.full((m + 1, width), -1, np.int8)
    valid = (lo[:, None] + np.arange(width)[None, :]) <= hi[:, None]
    insert_code = beads.index((0, 1))
    steps = np.arange(width, dtype=np.float64) * params.skip_cost
    cells = np.arange(1, width + 1)  # cost[i, k] is padded[i, k + 1]
    columns_here = np.arange(width)
    for i in range(m + 1):
        row, row_back = cost[i], back[i]
        if i == 0:
            row[0] = 0
        else:
            # Every move at once: candidate k is the cost where move k starts plus the move's cost. The cheapest
            # wins, the first in the params' order on a tie (as taking each move in turn when strictly cheaper).
            here = moves[min(i, deepest)]
            starts = i - here.rows_taken
            offsets = lo[i] - here.columns_taken - lo[starts]
            candidates = padded[starts[:, None], np.minimum(np.maximum(offsets[:, None] + cells, 0), width + 1)]
            candidates += here.skip_costs
            for k, costs in here.priced:
                candidates[k] += costs[i]
            best = candidates.argmin(axis=0)
            row[:] = candidates[best, columns_here]
            row_back[:] = np.where(row < _INF, here.codes[best], -1)
        row[~valid[i]] = _INF
        # 0-1 beads move along the row: cost[j] = min(cost[j], cost[j-1] + skip), as a running minimum,
        # compared in the shifted domain so that rounding never calls a cell's own value an insertion.
        shifted = row.astype(np.float64) - steps
        running = np.minimum.accumulate(shifted)
        insert = (running < shifted) & valid[i]
        row[insert] = (running + steps)[insert]
        row_back[insert] = insert_code

    path, touched = [], []
    i, j = m, n
    while i > 0 or j > 0:
        dr, dc = beads[int(back[i, j - lo[i]])]
        if 0 < i < m and (j == lo[i] and lo[i] > 0 or j == hi[i] and hi[i] < n):
            touched.append(i)
        path.append((dr, dc))
        i, j = i - dr, j - dc
    return path[::-1], touched


@dataclass(frozen=True)
class _Moves:
    """The beads that can end a row (all but 0-1, which moves along it), in the params' order, as arrays that one
    step of the DP uses at once: a row i takes only the beads of at most i rows."""

    codes: np.ndarray  # each bead's position in params.beads
    rows_taken: np.ndarray
    columns_taken: np.ndarray
    priced: tuple[tuple[int, np.ndarray], ...]  # (move, band_costs) for each bead that takes columns
    skip_costs: np.ndarray  # (moves, 1): skip_cost for each row a bead of no column drops, 0 for the others


def _moves_by_depth(beads: list[Bead], text_costs: dict[Bead, np.ndarray], skip_cost: float,
                    rows: int) -> dict[int, _Moves]:
    """For i = 1 .. the most rows a bead takes (at most `rows`): the moves of the rows from i on."""
    out = {}
    for depth in range(1, min(rows, max((dr for dr, _ in beads), default=0)) + 1):
        here = [(code, dr, dc) for code, (dr, dc) in enumerate(beads) if 0 < dr <= depth]
        out[depth] = _Moves(np.array([code for code, _, _ in here]), np.array([dr for _, dr, _ in here]),
                            np.array([dc for _, _, dc in here]),
                            tuple((k, text_costs[(dr, dc)]) for k, (_, dr, dc) in enumerate(here) if dc),
                            np.array([[0 if dc else skip_cost * dr] for _, dr, dc in here], np.float32))
    return out


def windows(vectors: np.ndarray, lengths: np.ndarray, address_ids: np.ndarray,
            sizes: set[int]) -> dict[int, tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """For each size, and every end position e (0..n): the vector of vectors[e-size:e] read as one text, its summed
    length, and the first address inside it.

    The vector is the plain sum, normalised. (Weighting the parts by length resembles the embedding of the joined text
    more closely, but then a short unit disappears into its neighbour and a missing paragraph is taken for a merge.)
    """
    n = len(vectors)
    cum_v = np.vstack([np.zeros((1, vectors.shape[1]), np.float32), np.cumsum(vectors, axis=0, dtype=np.float32)])
    cum_l = np.concatenate([[0.0], np.cumsum(lengths, dtype=np.float64)])
    out = {}
    for size in sizes:
        ends = np.arange(size, n + 1)
        vec = np.zeros((n + 1, vectors.shape[1]), np.float32)
        length = np.ones(n + 1, np.float64)
        vec[ends] = normalise(cum_v[ends] - cum_v[ends - size])
        length[ends] = cum_l[ends] - cum_l[ends - size]
        addr = np.zeros(n + 1, dtype=np.int64)
        for offset in range(size - 1, -1, -1):  # the window's first nonzero id: earlier items written over later ones
            ids = address_ids[ends - size + offset]
            addr[ends] = np.where(ids != 0, ids, addr[ends])
        out[size] = (vec, length.astype(np.float32), addr)
    return out


def band_costs(row_window, col_window, dr: int, dc: int, lo: np.ndarray, width: int,
               params: AlignParams) -> np.ndarray:
    """Cost of the bead (dr, dc) ending at every band cell (i, lo[i] + k): shape (rows + 1, width), inf outside.

    Cost = dissimilarity (1 - cosine, plus link_offset for a model not on the reference's scale) once per item of the
    bead's longer side, plus merge_cost per item beyond one on each side, plus length_weight × |log of the length
    ratio|, less address_bonus when both sides carry the same address, plus address_penalty when they carry different
    ones.
    """
    r_vec, r_len, r_addr = row_window
    c_vec, c_len, c_addr = col_window
    m1, n1 = len(r_vec), len(c_vec)
    out = np.full((m1, width), _INF, np.float32)
    block = params.cost_block_rows
    floor = params.length_floor
    for r0 in range(dr, m1, block):
        r1 = min(r0 + block, m1)
        c0, c1 = int(lo[r0:r1].min()), min(int(lo[r0:r1].max()) + width, n1)
        sims = r_vec[r0:r1] @ c_vec[c0:c1].T
        cols = lo[r0:r1, None] + np.arange(width)[None, :]
        inside = (cols >= max(dc, c0)) & (cols < c1)
        safe = np.minimum(np.maximum(cols, c0), c1 - 1)
        sim = sims[np.arange(r1 - r0)[:, None], safe - c0]
        # A bead's dissimilarity counts once per paragraph of its longer side: a 2-1 must match about as well as the
        # two 1-1s it stands for. (Counting the average side instead lets a merge swallow a missing paragraph whose
        # neighbour is on the same topic, and a hole silently lost is worse than a merge left for a person to see.)
        cost = (1 - sim + params.link_offset) * max(dr, dc) + params.merge_cost * (dr + dc - 2)
        cost += params.length_weight * np.abs(np.log((r_len[r0:r1, None] + floor) / (c_len[safe] + floor)))
        ra, ca = r_addr[r0:r1, None], c_addr[safe]
        same = (ra != 0) & (ca == ra)
        cost += params.address_penalty * ((ra != 0) & (ca != 0) & ~same) - params.address_bonus * same
        out[r0:r1] = np.where(inside & ~np.isnan(cost), cost, _INF)  # NaN (a broken vector): never taken
    return out
