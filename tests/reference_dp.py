"""The DP of align/aligning/dp.py written as plainly as possible: one cell at a time, one bead at a time, every cost
computed from its definition in float64. It is slow and obviously right; tests/test_dp.py checks on random cases that
`best_path` finds paths as cheap as this one does."""

from __future__ import annotations

import math

import numpy as np

from unalign.aligning.params import AlignParams


def bead_cost(rows: np.ndarray, columns: np.ndarray, row_lengths: np.ndarray, column_lengths: np.ndarray,
              row_addresses: tuple[str, ...], column_addresses: tuple[str, ...], i: int, j: int, dr: int, dc: int,
              params: AlignParams) -> float:
    """The cost of the bead (dr, dc) that ends at cell (i, j): rows i-dr..i-1 read as one text against columns
    j-dc..j-1 read as one text; a skip costs skip_cost per paragraph it leaves alone."""
    if dr == 0 or dc == 0:
        return params.skip_cost * (dr + dc)
    row_vector, column_vector = rows[i - dr:i].sum(axis=0), columns[j - dc:j].sum(axis=0)
    norms = np.linalg.norm(row_vector) * np.linalg.norm(column_vector)
    cosine = float(row_vector @ column_vector / norms) if norms else 0.0
    cost = (1 - cosine + params.link_offset) * max(dr, dc) + params.merge_cost * (dr + dc - 2)
    row_length, column_length = float(row_lengths[i - dr:i].sum()), float(column_lengths[j - dc:j].sum())
    cost += params.length_weight * abs(math.log((row_length + params.length_floor)
                                                / (column_length + params.length_floor)))
    row_address = next((a for a in row_addresses[i - dr:i] if a), "")
    column_address = next((a for a in column_addresses[j - dc:j] if a), "")
    if row_address and column_address:
        cost += -params.address_bonus if row_address == column_address else params.address_penalty
    return cost


def reference_path(rows: np.ndarray, columns: np.ndarray, row_lengths: np.ndarray, column_lengths: np.ndarray,
                   row_addresses: tuple[str, ...], column_addresses: tuple[str, ...], lo: np.ndarray, hi: np.ndarray,
                   params: AlignParams) -> tuple[float, list[tuple[int, int]]]:
    """The cheapest beads from (0, 0) to (len(rows), len(columns)) through the cells lo[i] <= j <= hi[i], and their
    cost (inf and no beads when no path stays inside the band)."""
    m, n = len(rows), len(columns)
    inside = [[lo[i] <= j <= hi[i] for j in range(n + 1)] for i in range(m + 1)]
    cost = [[math.inf] * (n + 1) for _ in range(m + 1)]
    came_by: list[list[tuple[int, int] | None]] = [[None] * (n + 1) for _ in range(m + 1)]
    cost[0][0] = 0.0
    for i in range(m + 1):
        for j in range(n + 1):
            if not inside[i][j] or (i, j) == (0, 0):
                continue
            for dr, dc in params.beads:
                if dr > i or dc > j or not inside[i - dr][j - dc] or math.isinf(cost[i - dr][j - dc]):
                    continue
                here = cost[i - dr][j - dc] + bead_cost(rows, columns, row_lengths, column_lengths, row_addresses,
                                                        column_addresses, i, j, dr, dc, params)
                if here < cost[i][j]:
                    cost[i][j], came_by[i][j] = here, (dr, dc)
    if math.isinf(cost[m][n]):
        return math.inf, []
    path, i, j = [], m, n
    while (i, j) != (0, 0):
        dr, dc = came_by[i][j]
        path.append((dr, dc))
        i, j = i - dr, j - dc
    return cost[m][n], path[::-1]


def path_cost(rows: np.ndarray, columns: np.ndarray, row_lengths: np.ndarray, column_lengths: np.ndarray,
              row_addresses: tuple[str, ...], column_addresses: tuple[str, ...], path: list[tuple[int, int]],
              params: AlignParams) -> float:
    """What `path` costs, bead by bead, by the definition above."""
    total, i, j = 0.0, 0, 0
    for dr, dc in path:
        i, j = i + dr, j + dc
        total += bead_cost(rows, columns, row_lengths, column_lengths, row_addresses, column_addresses, i, j, dr, dc,
                           params)
    return total
