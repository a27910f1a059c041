"""Six-way paragraph alignment: one unit, six slots.

The versions are aligned progressively against a growing consensus (vecalign-style dynamic programming, banded
around structural anchors): the first version seeds one unit per paragraph; each next version is aligned to the
units with beads 1-1, 1-0 (the unit lacks this language), 0-1 (a paragraph no other version has so far: a new unit),
2-1 and 3-1 (units that are one paragraph here: they merge), 1-2 and 1-3 (one unit is several paragraphs here).
A unit's vector is the sum of its languages' vectors, so later versions are matched against what all earlier ones
agree on. A second pass re-aligns each version against the units of the five others, so no version depends on the
order they came in. Last, neighbouring units are joined where they are one unit that one version merged or split,
or whose texts matched too poorly for the DP (see _absorb_merged and _pair_holes); every unit gets a confidence.
"""

from __future__ import annotations

import bisect
import math
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from unalign.align import settings
from unalign.align.model import Alignment, Paragraph, Unit, numbering_mismatch

_INF = np.float32(np.inf)


@dataclass
class _Draft:
    """A unit while it is being built: paragraph indices per language."""

    members: dict[str, list[int]]


def _normalise(v: np.ndarray) -> np.ndarray:
    norm = np.linalg.norm(v, axis=-1, keepdims=True)
    return v / np.where(norm == 0, 1, norm)


class _Version:
    """One language's paragraphs as the aligner sees them: vectors, relative lengths, addresses."""

    def __init__(self, paragraphs: tuple[Paragraph, ...], vectors: np.ndarray):
        self.paragraphs = paragraphs
        self.vectors = _normalise(vectors.astype(np.float32))
        lengths = np.array([max(len(p.text), 1) for p in paragraphs], dtype=np.float32)
        self.lengths = lengths / lengths.sum()
        self.addresses = [p.address for p in paragraphs]

    def group_vector(self, indices: list[int]) -> np.ndarray:
        """The vector of consecutive paragraphs read as one text (as in _windows)."""
        return _normalise((self.vectors[indices]).sum(axis=0))


def _unit_features(drafts: list[_Draft], versions: dict[str, _Version]):
    """Per draft unit: summed vector (normalised), mean relative length, its address ('' if none).

    A unit's paragraphs in one language are consecutive, so group sums come from cumulative sums.
    """
    dim = next(iter(versions.values())).vectors.shape[1]
    vectors = np.zeros((len(drafts), dim), dtype=np.float32)
    total = np.zeros(len(drafts), dtype=np.float64)
    count = np.zeros(len(drafts), dtype=np.int32)
    for lang, version in versions.items():
        rows = [k for k, d in enumerate(drafts) if d.members.get(lang)]
        if not rows:
            continue
        first = np.array([drafts[k].members[lang][0] for k in rows])
        after = np.array([drafts[k].members[lang][-1] + 1 for k in rows])
        cum_v = np.vstack([np.zeros((1, dim), np.float32), np.cumsum(version.vectors, axis=0, dtype=np.float32)])
        cum_l = np.concatenate([[0.0], np.cumsum(version.lengths, dtype=np.float64)])
        vectors[rows] += _normalise(cum_v[after] - cum_v[first])
        total[rows] += cum_l[after] - cum_l[first]
        count[rows] += 1
    addresses = []
    for draft in drafts:
        votes = Counter(a for lang, idx in draft.members.items() for a in (versions[lang].addresses[i] for i in idx)
                        if a)
        addresses.append(votes.most_common(1)[0][0] if votes else "")
    return _normalise(vectors), (total / np.maximum(count, 1)).astype(np.float32), addresses


def _anchors(u_vec, u_addr, p_vec, p_addr, p: dict) -> list[tuple[int, int]]:
    """Monotonic (unit, paragraph) pairs that are sure: the same unique address, or mutual best matches.

    Best matches are looked for near the diagonal only (rows by blocks, anchor_window columns either side of where a
    row would fall if the versions ran in step, widened by their difference in length), so the cost is linear in the
    document; a match must beat the runner-up by anchor_margin, so repeated texts anchor nothing.
    """
    pairs: dict[int, int] = {}
    u_count, p_count = Counter(u_addr), Counter(p_addr)
    p_where = {a: j for j, a in enumerate(p_addr) if a and p_count[a] == 1}
    for i, a in enumerate(u_addr):
        if a and u_count[a] == 1 and a in p_where:
            j = p_where[a]
            if float(u_vec[i] @ p_vec[j]) >= p["anchor_min_similarity"]:
                pairs[i] = j
    m, n = len(u_vec), len(p_vec)
    if m and n:
        reach = p["anchor_window"] + abs(m - n)
        col_best = np.full(n, -np.inf, np.float32)
        col_second = np.full(n, -np.inf, np.float32)
        col_arg = np.full(n, -1)
        row_best: dict[int, tuple[int, float, float]] = {}
        for r0 in range(0, m, 256):
            r1 = min(r0 + 256, m)
            c0 = max(0, int(r0 * n / m) - reach)
            c1 = min(n, int(r1 * n / m) + reach + 1)
            sims = u_vec[r0:r1] @ p_vec[c0:c1].T
            top2 = -np.partition(-sims, 1, axis=1)[:, :2] if sims.shape[1] > 1 else np.hstack([sims, sims - 1])
            args = sims.argmax(axis=1)
            for k in range(r1 - r0):
                row_best[r0 + k] = (c0 + int(args[k]), float(top2[k, 0]), float(top2[k, 1]))
            # Best and runner-up per column, merged with what earlier blocks found.
            block_best, block_arg = sims.max(axis=0), sims.argmax(axis=0) + r0
            block_second = -np.partition(-sims, 1, axis=0)[1] if sims.shape[0] > 1 else np.full(c1 - c0, -np.inf)
            old_best, old_second = col_best[c0:c1].copy(), col_second[c0:c1]
            col_second[c0:c1] = np.maximum(np.minimum(old_best, block_best), np.maximum(old_second, block_second))
            wins = block_best > old_best
            col_best[c0:c1] = np.where(wins, block_best, old_best)
            col_arg[c0:c1] = np.where(wins, block_arg, col_arg[c0:c1])
        margin, floor = p["anchor_margin"], p["anchor_match_similarity"]
        for i, (j, best, second) in row_best.items():
            if col_arg[j] == i and best >= floor and best - second >= margin and best - col_second[j] >= margin:
                pairs.setdefault(i, j)
    return _increasing(sorted(pairs.items()))


def _increasing(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
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


def _band(m: int, n: int, anchors: list[tuple[int, int]], widths: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each row 0..m, the columns [lo, hi] the path may visit: widths[i] either side of the line through the
    anchors."""
    points = [(0, 0)] + [(i, j) for i, j in anchors] + [(m, n)]
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


def _segments(m: int, n: int, anchors: list[tuple[int, int]]) -> list[tuple[int, int, int]]:
    """(first row, last row, size) of each stretch between consecutive anchors (and the document's ends)."""
    corners = [(0, 0), *anchors, (m, n)]
    return [(i0, i1, max(i1 - i0, j1 - j0)) for (i0, j0), (i1, j1) in zip(corners, corners[1:])]


def _windows(vectors: np.ndarray, lengths: np.ndarray, address_ids: np.ndarray, size: int):
    """For every end position e (0..n): the vector of vectors[e-size:e] read as one text, its summed length, its address.

    The vector is the plain sum, normalised. (Weighting the parts by length resembles the embedding of the joined text
    more closely, but then a short unit disappears into its neighbour and a missing paragraph is taken for a merge.)
    """
    n = len(vectors)
    cum_v = np.vstack([np.zeros((1, vectors.shape[1]), np.float32), np.cumsum(vectors, axis=0, dtype=np.float32)])
    cum_l = np.concatenate([[0.0], np.cumsum(lengths, dtype=np.float64)])
    ends = np.arange(size, n + 1)
    vec = np.zeros((n + 1, vectors.shape[1]), np.float32)
    length = np.ones(n + 1, np.float64)
    vec[ends] = _normalise(cum_v[ends] - cum_v[ends - size])
    length[ends] = cum_l[ends] - cum_l[ends - size]
    addr = np.zeros(n + 1, dtype=np.int64)
    for e in ends:  # the first address inside the window
        window = address_ids[e - size:e]
        nonzero = window[window != 0]
        addr[e] = nonzero[0] if len(nonzero) else 0
    return vec, length.astype(np.float32), addr


def _band_costs(u, p, du: int, dp_: int, lo: np.ndarray, width: int, params: dict) -> np.ndarray:
    """Cost of the bead (du, dp_) ending at every band cell (i, lo[i] + k): shape (m + 1, width), inf outside."""
    u_vec, u_len, u_addr = u
    p_vec, p_len, p_addr = p
    m1, n1 = len(u_vec), len(p_vec)
    out = np.full((m1, width), _INF, np.float32)
    block = 128
    for r0 in range(du, m1, block):
        r1 = min(r0 + block, m1)
        c0, c1 = int(lo[r0:r1].min()), min(int(lo[r0:r1].max()) + width, n1)
        sims = u_vec[r0:r1] @ p_vec[c0:c1].T
        cols = lo[r0:r1, None] + np.arange(width)[None, :]
        inside = (cols >= max(dp_, c0)) & (cols < c1)
        safe = np.clip(cols, c0, c1 - 1)
        sim = np.take_along_axis(sims, safe - c0, axis=1)
        # A bead's dissimilarity counts once per paragraph of its longer side: a 2-1 must match about as well as the
        # two 1-1s it stands for. (Counting the average side instead lets a merge swallow a missing paragraph whose
        # neighbour is on the same topic, and a hole silently lost is worse than a merge left for a person to see.)
        cost = (1 - sim) * max(du, dp_) + params["merge_cost"] * (du + dp_ - 2)
        cost += params["length_weight"] * np.abs(np.log((u_len[r0:r1, None] + 1e-5) / (p_len[safe] + 1e-5)))
        ua, pa = u_addr[r0:r1, None], p_addr[safe]
        same = (ua != 0) & (pa == ua)
        cost += params["address_penalty"] * ((ua != 0) & (pa != 0) & ~same) - params["address_bonus"] * same
        out[r0:r1] = np.where(inside, cost, _INF)
    return out


def _shifted(row: np.ndarray, offset: int, width: int) -> np.ndarray:
    """out[k] = row[k + offset] where that exists, else inf."""
    out = np.full(width, _INF, np.float32)
    start, stop = max(0, -offset), min(width, len(row) - offset)
    if stop > start:
        out[start:stop] = row[start + offset:stop + offset]
    return out


def _dp(u_vec, u_len, u_addr, version: _Version, p: dict, lo: np.ndarray, hi: np.ndarray):
    """Banded DP; returns the beads of the cheapest path and the rows where it touched the band's edge.

    Cell (i, j) holds the cheapest alignment of the first i units with the first j paragraphs; row i keeps the
    columns lo[i]..hi[i]. Bead costs are computed for the whole band first, by blocks of matrix products.
    """
    m, n = len(u_vec), len(version.vectors)
    beads = [tuple(b) for b in p["beads"]]
    skip = p["skip_cost"]
    ids: dict[str, int] = {}
    u_ids = np.array([ids.setdefault(a, len(ids) + 1) if a else 0 for a in u_addr], dtype=np.int64)
    p_ids = np.array([ids.setdefault(a, len(ids) + 1) if a else 0 for a in version.addresses], dtype=np.int64)
    width = int((hi - lo).max()) + 1
    u_win = {k: _windows(u_vec, u_len, u_ids, k) for k in {du for du, dp_ in beads if du and dp_}}
    p_win = {k: _windows(version.vectors, version.lengths, p_ids, k) for k in {dp_ for du, dp_ in beads if du and dp_}}
    bead_costs = {(du, dp_): _band_costs(u_win[du], p_win[dp_], du, dp_, lo, width, p)
                  for du, dp_ in beads if du and dp_}

    cost = np.full((m + 1, width), _INF, np.float32)
    back = np.full((m + 1, width), -1, np.int8)
    valid = (lo[:, None] + np.arange(width)[None, :]) <= hi[:, None]
    insert_code = beads.index((0, 1))
    steps = np.arange(width, dtype=np.float64) * skip
    for i in range(m + 1):
        row, row_back = cost[i], back[i]
        if i == 0:
            row[0] = 0
        for code, (du, dp_) in enumerate(beads):
            if du == 0 or du > i:
                continue
            cand = _shifted(cost[i - du], int(lo[i] - dp_ - lo[i - du]), width)
            cand += bead_costs[(du, dp_)][i] if dp_ else skip * du
            better = cand < row
            row[better], row_back[better] = cand[better], code
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
        du, dp_ = beads[int(back[i, j - lo[i]])]
        if 0 < i < m and (j == lo[i] and lo[i] > 0 or j == hi[i] and hi[i] < n):
            touched.append(i)
        path.append((du, dp_))
        i, j = i - du, j - dp_
    return path[::-1], touched


def _align_version(drafts: list[_Draft], versions: dict[str, _Version], lang: str, p: dict) -> list[_Draft]:
    """Align one language version to the draft units; returns the new drafts with that language filled in."""
    version = versions[lang]
    n = len(version.paragraphs)
    if not drafts:
        return [_Draft({lang: [j]}) for j in range(n)]
    u_vec, u_len, u_addr = _unit_features(drafts, versions)
    m = len(drafts)
    anchors = _anchors(u_vec, u_addr, version.vectors, version.addresses, p)
    # Between two anchors the path can drift from the straight line by at most the longer side of the gap, so each
    # stretch gets its own band; where the best path runs along the band's edge, that stretch's band doubles.
    segments = _segments(m, n, anchors)
    widths = np.zeros(m + 1)
    # The band's half-width never exceeds band_max: without it a stretch with no anchor (repeated text) costs memory
    # and time in the square of its length.
    widest = min(max(m, n), p["band_max"])
    for first, last, size in segments:
        widths[first:last + 1] = np.maximum(widths[first:last + 1],
                                            min(p["band_min"] + p["band_fraction"] * size, widest))
    while True:
        lo, hi = _band(m, n, anchors, widths)
        beads, touched = _dp(u_vec, u_len, u_addr, version, p, lo, hi)
        grow = [(first, last) for first, last, _ in segments
                if any(first <= row <= last for row in touched) and widths[first:last + 1].min() < widest]
        if not grow:
            break
        for first, last in grow:
            widths[first:last + 1] = np.minimum(widths[first:last + 1] * 2, widest)
    out: list[_Draft] = []
    i = j = 0
    for du, dp_ in beads:
        if du == 0:
            out.append(_Draft({lang: [j]}))
        else:
            members: dict[str, list[int]] = {}
            for d in drafts[i:i + du]:
                for other, idx in d.members.items():
                    members.setdefault(other, []).extend(idx)
            members[lang] = list(range(j, j + dp_))
            out.append(_Draft(members))
        i, j = i + du, j + dp_
    return out


def _without(drafts: list[_Draft], lang: str) -> list[_Draft]:
    out = []
    for d in drafts:
        members = {k: v for k, v in d.members.items() if k != lang and v}
        if members:
            out.append(_Draft(members))
    return out


def _logistic(x: float, midpoint: float, scale: float) -> float:
    return 1 / (1 + math.exp(-(x - midpoint) / scale))


def _merge_evidence(k: int, lang: str, groups: list[dict[str, list[int]]], vectors: list[dict[str, np.ndarray]],
                    versions: dict[str, _Version]) -> tuple[float, int] | None:
    """(evidence, neighbour) that unit k's `lang` text is merged into a neighbour's rather than missing, or None.

    For each neighbour that has `lang` text, compare how well that text matches the neighbour alone and the neighbour
    joined with unit k (the other languages, weighted by length as joined text reads). Evidence is the gain: above 0
    the join matches better.
    """
    def others(x: int) -> tuple[np.ndarray, float]:
        langs = [other for other in vectors[x] if other != lang]
        length = float(np.mean([versions[o].lengths[groups[x][o]].sum() for o in langs])) if langs else 0.0
        return _normalise(sum(vectors[x][o] for o in langs)), length

    if not vectors[k]:
        return None
    hole, hole_length = others(k)

    def gain(x: int) -> float:
        text, (alone, length) = vectors[x][lang], others(x)
        return float(text @ _normalise(length * alone + hole_length * hole)) - float(text @ alone)

    return _best_neighbour(k, lang, vectors, gain)


def _split_evidence(k: int, lang: str, groups: list[dict[str, list[int]]], vectors: list[dict[str, np.ndarray]],
                    versions: dict[str, _Version]) -> tuple[float, int] | None:
    """(evidence, neighbour) that unit k, a `lang` paragraph no other version has, is the rest of a neighbour's `lang`
    text split in two: how much better the neighbour's other languages match the two `lang` texts joined (weighted by
    length) than the neighbour's `lang` text alone."""
    extra = vectors[k][lang]
    extra_length = float(versions[lang].lengths[groups[k][lang]].sum())

    def gain(x: int) -> float:
        rest = _normalise(sum(v for o, v in vectors[x].items() if o != lang))
        own, length = vectors[x][lang], float(versions[lang].lengths[groups[x][lang]].sum())
        return float(rest @ _normalise(length * own + extra_length * extra)) - float(rest @ own)

    return _best_neighbour(k, lang, vectors, gain)


def _best_neighbour(k: int, lang: str, vectors: list[dict[str, np.ndarray]],
                    gain: Callable[[int], float]) -> tuple[float, int] | None:
    """(gain, neighbour) for the unit before or after k that has `lang` text and other languages, the higher gain."""
    scored = [(gain(x), x) for x in (k - 1, k + 1)
              if 0 <= x < len(vectors) and lang in vectors[x] and len(vectors[x]) > 1]
    return max(scored) if scored else None


def _hole_confidence(k: int, lang: str, groups: list[dict[str, list[int]]], vectors: list[dict[str, np.ndarray]],
                     versions: dict[str, _Version], scale: float) -> float:
    """How sure it is that unit k has no `lang` text, rather than its text being merged into a neighbour's."""
    best = _merge_evidence(k, lang, groups, vectors, versions)
    return 1.0 if best is None else 1 - _logistic(best[0], 0.0, scale)


def _finish(drafts: list[_Draft], versions: dict[str, _Version], order: tuple[str, ...], conf: dict,
            document: str, model: str) -> Alignment:
    mid, scale, flag_below = conf["midpoint"], conf["scale"], conf["flag_below"]
    groups = [{lang: d.members.get(lang, []) for lang in order} for d in drafts]
    vectors = [{lang: versions[lang].group_vector(idx) for lang, idx in g.items() if idx} for g in groups]
    units: list[Unit] = []
    context, since = "", 0
    for k, (g, vecs) in enumerate(zip(groups, vectors)):
        present = list(vecs)
        scores = []
        if len(present) > 1:
            total = sum(vecs.values())
            for lang in present:
                rest = _normalise(total - vecs[lang])
                scores.append(_logistic(float(vecs[lang] @ rest), mid, scale))
        for lang in order:
            if not g[lang]:
                scores.append(_hole_confidence(k, lang, groups, vectors, versions, conf["hole_scale"]))
        confidence = round(min(scores), 3) if scores else 1.0
        paragraphs = {lang: tuple(versions[lang].paragraphs[i] for i in g[lang]) for lang in order}
        addresses = {lang: next((p.address for p in ps if p.address), "") for lang, ps in paragraphs.items() if ps}
        numbered = [a for a in addresses.values() if a]
        flags = []
        if numbered:
            address = Counter(numbered).most_common(1)[0][0]
            if numbering_mismatch(paragraphs):
                flags.append("numbering-mismatch")
            if not address.startswith("fn-"):  # a footnote is not the context of the text that follows it
                context, since = address, 0
        else:
            since += 1
            address = f"{context}+{since}" if context else f"+{since}"
        missing = [lang for lang in order if not g[lang]]
        if missing:
            flags.append("missing:" + ",".join(missing))
        if confidence < flag_below:
            flags.append("low-confidence")
        units.append(Unit(paragraphs, confidence, address, tuple(flags)))
    alignment = Alignment(document, order, tuple(units), model)
    check_partition(alignment, {lang: len(v.paragraphs) for lang, v in versions.items()})
    return alignment


def check_partition(alignment: Alignment, counts: dict[str, int]) -> None:
    """Fail loudly unless every paragraph of every language is in exactly one unit, in document order."""
    for lang, count in counts.items():
        seen = [p.index for u in alignment.units for p in u.paragraphs.get(lang, ())]
        if seen != list(range(count)):
            raise AssertionError(f"{alignment.document}: the {lang} paragraphs are not each in exactly one unit "
                                 f"(got {len(seen)} of {count}); this is a bug in unalign, please report it")


def align_versions(paragraphs: dict[str, tuple[Paragraph, ...]], vectors: dict[str, np.ndarray],
                   document: str = "", model: str = "") -> Alignment:
    """Align the language versions of one document into units.

    `paragraphs` and `vectors` are keyed by language; row k of vectors[lang] embeds paragraphs[lang][k].
    """
    params = settings.defaults()["align"]
    order = tuple(lang for lang in settings.language_order() if lang in paragraphs)
    versions = {lang: _Version(paragraphs[lang], vectors[lang]) for lang in order if paragraphs[lang]}
    pivot_first = sorted(versions, key=lambda lang: (lang != params["pivot"], order.index(lang)))
    drafts: list[_Draft] = []
    for lang in pivot_first:
        drafts = _align_version(drafts, versions, lang, params)
    for _ in range(params["refinement_passes"]):
        for lang in pivot_first:
            drafts = _align_version(_without(drafts, lang), versions, lang, params)
    drafts = _pair_holes(drafts, versions, params["pair_holes_min_similarity"])
    drafts = _absorb_merged(drafts, versions, params["absorb_evidence"])
    return _finish(drafts, versions, order, settings.defaults()["confidence"], document, model)


def _absorb_merged(drafts: list[_Draft], versions: dict[str, _Version], threshold: float) -> list[_Draft]:
    """Join a unit to its neighbour when the two read as one unit whose paragraph one version merged or split:
    a unit lacking one language whose text is inside the neighbour's (_merge_evidence), or a paragraph of one
    language alone that completes the neighbour's text in that language (_split_evidence); evidence above
    `threshold`."""
    k = 0
    while k < len(drafts):
        groups = [{lang: d.members.get(lang, []) for lang in versions} for d in drafts[max(0, k - 1):k + 2]]
        here = 1 if k > 0 else 0
        vectors = [{lang: versions[lang].group_vector(idx) for lang, idx in g.items() if idx} for g in groups]
        missing = [lang for lang in versions if not groups[here][lang]]
        joined = False
        best = None
        if len(missing) == 1 and len(vectors[here]) >= 2:
            best = _merge_evidence(here, missing[0], groups, vectors, versions)
        elif len(vectors[here]) == 1 and len(versions) > 2:
            best = _split_evidence(here, next(iter(vectors[here])), groups, vectors, versions)
        if best is not None:
            if best[0] > threshold:
                x = k - 1 if best[1] < here else k + 1
                lo_, hi_ = min(k, x), max(k, x)
                members = {lang: drafts[lo_].members.get(lang, []) + drafts[hi_].members.get(lang, [])
                           for lang in versions}
                drafts = drafts[:lo_] + [_Draft({l: v for l, v in members.items() if v})] + drafts[hi_ + 1:]
                k = lo_
                joined = True
        if not joined:
            k += 1
    return drafts


def _pair_holes(drafts: list[_Draft], versions: dict[str, _Version], min_similarity: float) -> list[_Draft]:
    """Join two neighbouring units whose languages complement each other ("General Assembly" in five languages,
    then "大 会" alone) when their texts are at least faintly related.

    The DP leaves such a pair as two holes when the translation scores worse than two skips; a hole on each side at
    the same place is far more often one poorly matched unit than a paragraph dropped next to one added. The joined
    unit keeps its low similarity, so its confidence stays low and a person is asked to look.
    """
    out: list[_Draft] = []
    for draft in drafts:
        if out:
            last = out[-1]
            langs_a = {lang for lang, idx in last.members.items() if idx}
            langs_b = {lang for lang, idx in draft.members.items() if idx}
            if langs_a.isdisjoint(langs_b) and len(langs_a | langs_b) <= len(versions):
                vec_a, vec_b = (_normalise(sum(versions[lang].group_vector(idx) for lang, idx in d.members.items()
                                               if idx)) for d in (last, draft))
                if float(vec_a @ vec_b) >= min_similarity:
                    out[-1] = _Draft({**last.members, **{k: v for k, v in draft.members.items() if v}})
                    continue
        out.append(draft)
    return out
