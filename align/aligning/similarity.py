"""A model's similarity scale, measured on one document: how alike unrelated paragraphs are, and translations.

Unrelated: random pairs of paragraphs of two versions that lie far apart in the document (vecalign draws its
normalising pairs the same way). Translations: for random paragraphs of one version, the best match among the
paragraphs of the other version near the same place. Both are means over neighbouring pairs of versions; the draw is
seeded, so a document always gives the same scale.
"""

from __future__ import annotations

import numpy as np

from unalign.aligning.drafts import Version
from unalign.aligning.params import AlignParams


def similarity_scale(versions: dict[str, Version], params: AlignParams) -> tuple[float, float] | None:
    """(mean cosine of unrelated paragraphs, mean cosine of translations) in this document, or None when it is too
    short to tell (fewer than scale_samples / 20 unrelated pairs) or the two are less than scale_min_gap apart."""
    rng = np.random.default_rng(0)
    samples, reach = params.scale_samples, params.scale_window
    unrelated, translation = [], []
    langs = list(versions)
    for a, b in zip(langs, langs[1:]):
        va, vb = versions[a].vectors, versions[b].vectors
        i, j = rng.integers(0, len(va), samples), rng.integers(0, len(vb), samples)
        far = np.abs(i / len(va) - j / len(vb)) > params.scale_far_apart
        unrelated.append(np.einsum("kd,kd->k", va[i[far]], vb[j[far]]))
        for row in np.unique(i)[: samples // 10]:
            centre = int(row * len(vb) / len(va))
            translation.append(float((vb[max(0, centre - reach):centre + reach + 1] @ va[row]).max()))
    found = np.concatenate(unrelated) if unrelated else np.zeros(0)
    if len(found) < samples // 20:
        return None
    u, t = float(found.mean()), float(np.mean(translation))
    return (u, t) if t - u > params.scale_min_gap else None
