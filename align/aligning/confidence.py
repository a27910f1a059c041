"""How sure unalign is of each unit: the probability that the unit is right (no paragraph of another unit in it, no
hole that is really a merge), so a unit below 0.5 is more likely wrong than right and a person should look.

A unit's confidence is read from three signals (Signals):
- link: the lowest cosine of a present language's text with the other languages' text joined (with at least two
  languages present), read as logistic((link - confidence_midpoint) / confidence_scale);
- hole: the strongest evidence that an absent language's text is merged into a neighbour's rather than missing
  (repair.merge_evidence), read as 1 - logistic((hole - hole_midpoint) / hole_scale);
- length: how far one present language's share of its version's bytes (those in units with another language) lies
  from the others' (the log of the ratio),
  read as 1 - logistic((length - length_midpoint) / length_scale). It doubts what the link cannot: a paragraph with
  the next article's heading run into it, set beside that heading alone, reads as related (both name the article).
The confidence is the lowest of the three. The numbers are fitted on damaged copies of the FIT documents and checked
on the REPORT ones (benchmarks/checklist.py; config/defaults.toml [confidence]).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from unalign.aligning.dp import normalise
from unalign.aligning.drafts import Version
from unalign.aligning.params import AlignParams
from unalign.aligning.repair import Groups, JoinedTexts, UnitVectors, merge_evidence


@dataclass(frozen=True)
class Signals:
    """What one unit's confidence is read from: `link`, the lowest cosine of a present language with the rest (None
    with fewer than two languages); `hole`, the strongest merge evidence of an absent language (None without a hole,
    or without a neighbour to test); `length`, the largest log-ratio of a present language's share of its version's
    bytes to the others' (None with fewer than two languages)."""

    link: float | None = None
    hole: float | None = None
    length: float | None = None


def logistic(x: float, midpoint: float, scale: float) -> float:
    """1 / (1 + exp(-(x - midpoint) / scale))."""
    z = -(x - midpoint) / scale
    return 0.0 if z > 700 else 1 / (1 + math.exp(z))


def confidence(signals: Signals, params: AlignParams) -> float:
    """The unit's confidence (rounded to 3 decimals): the lowest of what its link, hole and length signals say; 1.0
    with none."""
    scores = [1.0]
    if signals.link is not None:
        scores.append(logistic(signals.link, params.confidence_midpoint, params.confidence_scale))
    if signals.hole is not None:
        scores.append(1 - logistic(signals.hole, params.hole_midpoint, params.hole_scale))
    if signals.length is not None:
        scores.append(1 - logistic(signals.length, params.length_midpoint, params.length_scale))
    return round(min(scores), 3)


def link_signal(vecs: dict[str, object]) -> float | None:
    """The lowest cosine of one language's vector with the normalised sum of the others' (None below two)."""
    if len(vecs) < 2:
        return None
    total = sum(vecs.values())
    rows = list(vecs.values())
    others = normalise(total - np.stack(rows))  # each row normalised as alone: the same values, in one call
    return min(float(vec @ rest) for vec, rest in zip(rows, others))


def length_signal(shares: dict[str, float]) -> float | None:
    """The largest distance of one language's log share from the mean of the others' (None below two languages)."""
    if len(shares) < 2:
        return None
    logs = [math.log(share) for share in shares.values()]
    total = sum(logs)
    return max(abs(log - (total - log) / (len(logs) - 1)) for log in logs)


def unit_signals(groups: Groups, vectors: UnitVectors, versions: dict[str, Version], params: AlignParams,
                 reader: JoinedTexts | None = None) -> list[Signals]:
    """The signals of every unit, `groups` and `vectors` as in repair."""
    # A share is of the bytes a version has in units with another language: a long paragraph of one version alone (an
    # annex the others lack) would shrink every share of that version, and with them every unit's confidence.
    shared = dict.fromkeys(versions, 0.0)
    for group in groups:
        if sum(1 for indices in group.values() if indices) > 1:
            for lang, indices in group.items():
                if indices:
                    shared[lang] += float(versions[lang].byte_shares[indices].sum())
    out = []
    for k, (group, vecs) in enumerate(zip(groups, vectors)):
        found = [merge_evidence(k, lang, groups, vectors, versions, params, reader)
                 for lang, indices in group.items() if not indices]
        evidence = [f[0] for f in found if f is not None]
        shares = {lang: float(versions[lang].byte_shares[indices[0]] if len(indices) == 1 else
                              versions[lang].byte_shares[indices].sum()) / (shared.get(lang) or 1.0)
                  for lang, indices in group.items() if indices}
        out.append(Signals(link_signal(vecs), max(evidence) if evidence else None, length_signal(shares)))
    return out
