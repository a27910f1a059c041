"""How sure unalign is of each unit: 0.5 means "could be either: a person should look".

A unit's confidence is the lowest of
- for each language present (with at least one other): logistic((cosine of its text with the others' text joined -
  confidence_midpoint) / confidence_scale), the midpoint between translations and unrelated text;
- for each language absent: how sure it is that the text is really missing rather than merged into a neighbour's,
  1 - logistic((merge evidence - hole_midpoint) / hole_scale) (repair.merge_evidence).
"""

from __future__ import annotations

import math

from unalign.aligning.dp import normalise
from unalign.aligning.drafts import Version
from unalign.aligning.params import AlignParams
from unalign.aligning.repair import Groups, Reader, Vectors, merge_evidence


def logistic(x: float, midpoint: float, scale: float) -> float:
    """1 / (1 + exp(-(x - midpoint) / scale))."""
    return 1 / (1 + math.exp(-(x - midpoint) / scale))


def unit_confidences(groups: Groups, vectors: Vectors, versions: dict[str, Version], params: AlignParams,
                     reader: Reader | None = None) -> list[float]:
    """The confidence of every unit (rounded to 3 decimals), `groups` and `vectors` as in repair."""
    out = []
    for k, (group, vecs) in enumerate(zip(groups, vectors)):
        scores = []
        if len(vecs) > 1:
            total = sum(vecs.values())
            for vec in vecs.values():
                rest = normalise(total - vec)
                scores.append(logistic(float(vec @ rest), params.confidence_midpoint, params.confidence_scale))
        for lang, indices in group.items():
            if not indices:
                scores.append(hole_confidence(k, lang, groups, vectors, versions, params, reader))
        out.append(round(min(scores), 3) if scores else 1.0)
    return out


def hole_confidence(k: int, lang: str, groups: Groups, vectors: Vectors, versions: dict[str, Version],
                    params: AlignParams, reader: Reader | None = None) -> float:
    """How sure it is that unit k has no `lang` text, rather than its text being merged into a neighbour's."""
    best = merge_evidence(k, lang, groups, vectors, versions, params, reader)
    return 1.0 if best is None else 1 - logistic(best[0], params.hole_midpoint, params.hole_scale)
