"""The dynamic-programming core: the cheapest sequence of beads between two sequences of vectors, inside a band.

As in vecalign, a bead of k rows and l columns is scored on the sum of its vectors (the k rows read as one text against
the l columns read as one text), so splits and merges are found without re-embedding. Rows are the units aligned so
far, columns the paragraphs of the version being aligned; nothing here knows about languages or settings files.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from unalign.aligning.params import AlignParams

_INF = np.float32(np.inf)

Bead = tuple[int, int]  # (rows taken, columns taken): (1, 1) a link, (1, 0) / (0, 1) a skip, (2, 1) a merge…


def normalise(v: np.ndarray) -> np.ndarray:
    """Rows scaled to unit length (zero rows stay zero)."""
    if v.ndim == 1:  # one vector (the repairs ask for thousands): the same sums, without the row machinery
        norm = np.sqrt(np.add.reduce(v * v))
        return v / (norm if norm else np.float32(1))
    norm = np.sqrt(np.add.reduce(v * v, axis=-1, keepdims=True))  # np.linalg.norm's own sum, without its checks
    return v / np.where(norm == 0, 1, norm)


@dataclass(frozen=True)
class Side:
    """One side of the DP: a unit vector per item, its length relative to the side's total, its address ('' if
    none)."""

    vectors: np.ndarray
    lengths: np.ndarray
    addresses: tuple[str, ...]
    # The norms and lengths of its windows, by size, once computed (`window_norms`): a version is the columns of
    # two DPs or more, and its Side is kept (drafts.Version.side).
    norms: dict[int, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict, compare=False, repr=False)

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
    text_costs = band_costs(rows, columns, row_ids, col_ids, [(dr, dc) for dr, dc in beads if dr and dc], lo,
                            width, params)
    # back[i, k]: the move that reached the cell, an index into `moves` (those that end a row, in the params' order,
    # then the 0-1 bead along the row); an unreachable cell's is never read.
    moves = [bead for bead in beads if bead[0]] + [(0, 1)]
    # Row i of `padded` is cost[i] between two inf cells, so that a move reaching outside the band reads inf.
    padded = np.full((m + 1, width + 2), _INF, np.float32)
    flat = padded.reshape(-1)
    cost = padded[:, 1:-1]
    back = np.zeros((m + 1, width), np.int8)
    valid = (lo[:, None] + np.arange(width)[None, :]) <= hi[:, None]
    cells = hi - lo + 1  # the band of row i is its first cells[i] cells
    along = len(moves) - 1
    steps = np.arange(width, dtype=np.float64) * params.skip_cost
    cost[0, 0] = 0
    block = params.cost_block_rows
    # A row's arrays are a few dozen cells: numpy's cost per call is most of a step, so each step writes into these
    # buffers (no new arrays) and calls the ufuncs themselves (not the methods' Python wrappers).
    candidates = np.empty((len(moves) - 1, width), np.float32)
    shifted, running = np.empty(width), np.empty(width)
    insert = np.empty(width, bool)
    for i, inside in enumerate(cells.tolist()):
        row, row_back = cost[i], back[i]
        if i % block == 1 or block == 1:
            gather, priced = _moves(beads, text_costs, params.skip_cost, lo, valid, i, min(i + block, m + 1))
        if i:
            # Every move at once: candidate k is the cost where move k starts plus the move's cost. The cheapest
            # wins, the first in the params' order on a tie (as taking each move in turn when strictly cheaper).
            flat.take(gather[(i - 1) % block], out=candidates, mode="clip")  # every index is in the table
            candidates += priced[(i - 1) % block]
            row_back[:] = candidates.argmin(axis=0)
            np.minimum.reduce(candidates, axis=0, out=row)
        # 0-1 beads move along the row: cost[j] = min(cost[j], cost[j-1] + skip), as a running minimum over the
        # band's cells, compared in the shifted domain so that rounding never calls a cell's own value an insertion.
        # (Nearly every row has a cell reached so: the row is written where one is, without asking whether any is.)
        here, stepped, shift, low, moved = (row[:inside], steps[:inside], shifted[:inside], running[:inside],
                                            insert[:inside])
        np.subtract(here, stepped, out=shift)  # the float32 cells read as float64
        np.minimum.accumulate(shift, out=low)
        np.less(low, shift, out=moved)
        np.copyto(here, np.add(low, stepped, out=low), where=moved)
        np.copyto(row_back[:inside], along, where=moved)

    path, touched = [], []
    i, j = m, n
    while i > 0 or j > 0:
        dr, dc = moves[int(back[i, j - lo[i]])]
        if 0 < i < m and (j == lo[i] and lo[i] > 0 or j == hi[i] and hi[i] < n):
            touched.append(i)
        path.append((dr, dc))
        i, j = i - dr, j - dc
    return path[::-1], touched


def _moves(beads: list[Bead], text_costs: dict[Bead, np.ndarray], skip_cost: float, lo: np.ndarray,
           valid: np.ndarray, first: int, after: int) -> tuple[np.ndarray, np.ndarray]:
    """For the rows first..after-1 and each bead that ends a row (all but 0-1, which moves along it), in the params'
    order, as arrays one step of the DP reads at once: the cells of the padded cost table (width + 2 a row) where the
    bead starts for each cell of the row (an inf pad cell where it cannot: before row 0, or outside the band), and the
    bead's cost at each cell of the row (inf outside the band)."""
    moves = [(dr, dc) for dr, dc in beads if dr]
    width = valid.shape[1]
    # Axes: row, move, cell (every move at once: a sentence's DP of a few cells is mostly numpy's cost per call).
    index = np.arange(first, after)[:, None, None]
    starts = index - np.array([dr for dr, _ in moves])[:, None]
    offsets = lo[index] - np.array([dc for _, dc in moves])[:, None] - lo[np.maximum(starts, 0)]
    columns = np.minimum(np.maximum(offsets + np.arange(1, width + 1), 0), width + 1)
    gather = np.where(starts >= 0, starts * (width + 2) + columns, 0)  # cell 0 (row 0's left pad) is inf
    priced = np.empty((after - first, len(moves), width), np.float32)
    for k, (dr, dc) in enumerate(moves):
        priced[:, k] = text_costs[(dr, dc)][first:after] if dc else np.float32(skip_cost * dr)
    np.copyto(priced, _INF, where=~valid[first:after, None])
    return gather, priced


def windows(vectors: np.ndarray, lengths: np.ndarray, address_ids: np.ndarray,
            sizes: set[int]) -> dict[int, tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """For each size, and every end position e (0..n), of vectors[e-size:e] read as one text: the norm of their sum
    (what the sum is divided by; 1 for a zero sum and for the ends before `size`), their summed length, and the first
    address inside them.

    The text's vector is the plain sum, normalised. (Weighting the parts by length resembles the embedding of the
    joined text more closely, but then a short unit disappears into its neighbour and a missing paragraph is taken
    for a merge.)
    """
    norms = _window_norms(vectors, lengths, sizes)
    addresses = _window_addresses(address_ids, sizes)
    return {size: (*norms[size], addresses[size]) for size in sizes}


def window_norms(side: Side, sizes: set[int]) -> dict[int, tuple[np.ndarray, np.ndarray]]:
    """`windows`' norms and lengths of `side`, by size, computed once for a side (kept in `side.norms`)."""
    todo = sizes - side.norms.keys()
    if todo:
        side.norms.update(_window_norms(side.vectors, side.lengths, todo))
    return side.norms


def _window_norms(vectors: np.ndarray, lengths: np.ndarray,
                  sizes: set[int]) -> dict[int, tuple[np.ndarray, np.ndarray]]:
    """For each size, and every end position e (0..n): `windows`' norm and summed length."""
    n = len(vectors)
    cum_l = np.concatenate([[0.0], np.cumsum(lengths, dtype=np.float64)])
    # The norms of the sums of each size, ending at size..n. A window's sum is the one a size shorter plus its last
    # item, the same additions in the same order as adding its items one by one (a running sum would cost more and
    # round the vectors), in single precision; the squares go into one buffer.
    norms: dict[int, np.ndarray] = {}
    total = np.asarray(vectors, np.float32)
    squares = np.empty(total.shape, np.float32)
    for size in range(1, min(max(sizes, default=0), n) + 1):
        if size > 1:
            total = np.add(total[:-1], vectors[size - 1:], out=np.empty((n - size + 1, *total.shape[1:]), np.float32))
        if size in sizes:
            norms[size] = np.sqrt(np.add.reduce(np.multiply(total, total, out=squares[:len(total)]), axis=-1))
    out = {}
    for size in sizes:
        norm = np.ones(n + 1, np.float32)
        length = np.ones(n + 1, np.float64)
        if size <= n:  # ends size..n, as slices
            found = norms[size]
            norm[size:] = np.where(found == 0, 1, found)
            length[size:] = cum_l[size:] - cum_l[:n + 1 - size]
        out[size] = (norm, length.astype(np.float32))
    return out


def _window_addresses(address_ids: np.ndarray, sizes: set[int]) -> dict[int, np.ndarray]:
    """For each size, and every end position e (0..n): `windows`' first address (0 for none)."""
    n = len(address_ids)
    numbered = bool(address_ids.any())
    out = {}
    for size in sizes:
        addr = np.zeros(n + 1, dtype=np.int64)
        for offset in range(size - 1, -1, -1) if numbered and size <= n else ():
            # the window's first nonzero id: earlier items written over later ones
            ids = address_ids[offset:n - size + 1 + offset]
            addr[size:] = np.where(ids != 0, ids, addr[size:])
        out[size] = addr
    return out


def band_costs(rows: Side, columns: Side, row_ids: np.ndarray, col_ids: np.ndarray, beads: list[Bead],
               lo: np.ndarray, width: int, params: AlignParams) -> dict[Bead, np.ndarray]:
    """Per bead (dr, dc) that takes items on both sides: its cost ending at every band cell (i, lo[i] + k), shape
    (rows + 1, width), inf outside.

    Cost = dissimilarity (1 - cosine, plus link_offset for a model not on the reference's scale) once per item of the
    bead's longer side, plus merge_cost per item beyond one on each side, plus length_weight × |log of the length
    ratio|, less address_bonus when both sides carry the same address, plus address_penalty when they carry different
    ones.

    The cosine of two windows (each the normalised sum of its items) is the sum of their items' cosines divided by
    the two sums' norms, so one matrix product of single items per block of rows serves every bead.
    """
    row_windows = windows(rows.vectors, rows.lengths, row_ids, {dr for dr, _ in beads})
    col_sizes = {dc for _, dc in beads}
    col_norms, col_addresses = window_norms(columns, col_sizes), _window_addresses(col_ids, col_sizes)
    col_windows = {size: (*col_norms[size], col_addresses[size]) for size in col_sizes}
    m1, n1 = len(rows) + 1, len(columns) + 1
    out = {bead: np.full((m1, width), _INF, np.float32) for bead in beads}
    numbered = bool(row_ids.any() and col_ids.any())
    if width == n1 and not lo.any():
        return _whole_table_costs(rows, columns, row_windows, col_windows, beads, params, out, numbered)
    block = params.cost_block_rows
    deepest_row, deepest_col = max(dr for dr, _ in beads), max(dc for _, dc in beads)
    for r0 in range(1, m1, block):
        r1 = min(r0 + block, m1)
        ends = np.arange(r0, r1)
        c0, c1 = int(lo[r0:r1].min()), min(int(lo[r0:r1].max()) + width, n1)
        # Items rows[b0:r1-1] against columns[d0:c1-1]: every item of every window ending in this block's cells.
        b0, d0 = max(r0 - deepest_row, 0), max(c0 - deepest_col, 0)
        items = rows.vectors[b0:r1 - 1] @ columns.vectors[d0:c1 - 1].T
        if not items.size:
            continue  # no column to end at: every cell stays inf
        cols = lo[r0:r1, None] + np.arange(width)[None, :]
        safe = np.minimum(np.maximum(cols, c0), c1 - 1)
        # What several beads read is gathered once a block: the item `back` rows and `over` columns before a cell's
        # (the bead's last item; clipped into the block where no bead ends, which stays inf), and a window's column
        # norm, length and address.
        row_at = {back: np.minimum(np.maximum(ends - 1 - back - b0, 0), len(items) - 1)[:, None]
                  for back in range(deepest_row)}
        col_at = {over: np.minimum(np.maximum(safe - 1 - over - d0, 0), items.shape[1] - 1)
                  for over in range(deepest_col)}
        item_at: dict[tuple[int, int], np.ndarray] = {}
        col_window = {dc: tuple(a[safe] for a in col_windows[dc]) for dc in {dc for _, dc in beads}}
        for dr, dc in beads:
            r_norm, r_len, r_addr = row_windows[dr]
            c_norm, c_len, c_addr = col_window[dc]
            inside = (cols >= max(dc, c0)) & (cols < c1) & (ends >= dr)[:, None]
            summed = np.zeros((r1 - r0, width), np.float32)
            for a in range(dr):  # the window's items in order, as one text
                for b in range(dc):
                    at = (dr - 1 - a, dc - 1 - b)
                    if at not in item_at:
                        item_at[at] = items[row_at[at[0]], col_at[at[1]]]
                    summed += item_at[at]
            sim = summed / (r_norm[r0:r1, None] * c_norm)
            cost = _bead_cost(sim, r_len[r0:r1, None], c_len, r_addr[r0:r1, None], c_addr, dr, dc, params, numbered)
            out[(dr, dc)][r0:r1] = np.where(inside & ~np.isnan(cost), cost, _INF)  # NaN (a broken vector): never taken
    return out


def _bead_cost(sim: np.ndarray, r_len: np.ndarray, c_len: np.ndarray, r_addr: np.ndarray, c_addr: np.ndarray,
               dr: int, dc: int, params: AlignParams, numbered: bool = True) -> np.ndarray:
    """A (dr, dc) bead's cost from its sides' cosine, relative lengths and first addresses (band_costs says how).
    Without `numbered` (a side carries no address at all: the sentences of a unit), the addresses add nothing and
    are not compared."""
    # A bead's dissimilarity counts once per paragraph of its longer side: a 2-1 must match about as well as the two
    # 1-1s it stands for. (Counting the average side instead lets a merge swallow a missing paragraph whose neighbour
    # is on the same topic, and a hole silently lost is worse than a merge left for a person to see.)
    cost = (1 - sim + params.link_offset) * max(dr, dc) + params.merge_cost * (dr + dc - 2)
    floor = params.length_floor
    cost += params.length_weight * np.abs(np.log((r_len + floor) / (c_len + floor)))
    if numbered:
        same = (r_addr != 0) & (c_addr == r_addr)
        cost += params.address_penalty * ((r_addr != 0) & (c_addr != 0) & ~same) - params.address_bonus * same
    return cost


def _whole_table_costs(rows: Side, columns: Side, row_windows: dict, col_windows: dict, beads: list[Bead],
                       params: AlignParams, out: dict[Bead, np.ndarray], numbered: bool) -> dict[Bead, np.ndarray]:
    """band_costs where the band is the whole table (every row from column 0 to the last; the sentences of one
    unit): the same costs, summed in the same order, from slices of one matrix product instead of gathered cells,
    written into `out` (inf everywhere)."""
    items = rows.vectors @ columns.vectors.T
    m, n = items.shape
    for dr, dc in beads:
        if dr > m or dc > n:
            continue
        r_norm, r_len, r_addr = (a[dr:, None] for a in row_windows[dr])
        c_norm, c_len, c_addr = (a[dc:] for a in col_windows[dc])
        summed = np.zeros((m + 1 - dr, n + 1 - dc), np.float32)
        for a in range(dr):
            for b in range(dc):
                summed += items[a:m + 1 - dr + a, b:n + 1 - dc + b]
        sim = summed / (r_norm * c_norm)
        cost = _bead_cost(sim, r_len, c_len, r_addr, c_addr, dr, dc, params, numbered)
        out[(dr, dc)][dr:, dc:] = np.where(~np.isnan(cost), cost, _INF)
    return out
