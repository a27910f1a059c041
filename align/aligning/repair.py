"""Repair passes after the DP: neighbouring units joined where they are one unit that the DP left in two.

- `pair_holes`: two neighbours whose languages complement each other (a hole on each side at the same place) are one
  poorly matched unit more often than a paragraph dropped next to one added.
- `absorb_merged`: a unit lacking one language whose text is inside a neighbour's (that version merged two
  paragraphs), or a paragraph of one language alone that completes a neighbour's text (that version split one).

The evidence functions compare vectors of texts read as one (sums of paragraph vectors, weighted by length).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from unalign.align.aligning.dp import normalise
from unalign.align.aligning.drafts import Draft, Version
from unalign.align.aligning.params import AlignParams

# Per unit: language -> its paragraph indices (every language, possibly empty) and language -> its text's vector.
Groups = list[dict[str, list[int]]]
Vectors = list[dict[str, np.ndarray]]


def pair_holes(drafts: list[Draft], versions: dict[str, Version], params: AlignParams) -> list[Draft]:
    """Join two neighbouring units whose languages complement each other ("General Assembly" in five languages,
    then "大 会" alone) when their texts are at least pair_holes_min_similarity alike.

    The DP leaves such a pair as two holes when the translation scores worse than two skips. The joined unit keeps
    its low similarity, so its confidence stays low and a person is asked to look.
    """
    out: list[Draft] = []
    for draft in drafts:
        if out:
            last = out[-1]
            langs_a = {lang for lang, idx in last.members.items() if idx}
            langs_b = {lang for lang, idx in draft.members.items() if idx}
            if langs_a.isdisjoint(langs_b) and len(langs_a | langs_b) <= len(versions):
                vec_a, vec_b = (normalise(sum(versions[lang].group_vector(idx) for lang, idx in d.members.items()
                                              if idx)) for d in (last, draft))
                if float(vec_a @ vec_b) >= params.pair_holes_min_similarity:
                    out[-1] = Draft({**last.members, **{k: v for k, v in draft.members.items() if v}})
                    continue
        out.append(draft)
    return out


def absorb_merged(drafts: list[Draft], versions: dict[str, Version], params: AlignParams) -> list[Draft]:
    """Join a unit to its neighbour when the two read as one unit whose paragraph one version merged or split:
    a unit lacking one language whose text is inside the neighbour's (`merge_evidence`), or a paragraph of one
    language alone that completes the neighbour's text in that language (`split_evidence`), with evidence above
    absorb_evidence."""
    k = 0
    while k < len(drafts):
        groups = [{lang: d.members.get(lang, []) for lang in versions} for d in drafts[max(0, k - 1):k + 2]]
        here = 1 if k > 0 else 0
        vectors = group_vectors(groups, versions)
        missing = [lang for lang in versions if not groups[here][lang]]
        best = None
        if len(missing) == 1 and len(vectors[here]) >= 2:
            best = merge_evidence(here, missing[0], groups, vectors, versions)
        elif len(vectors[here]) == 1 and len(versions) > 2:
            best = split_evidence(here, next(iter(vectors[here])), groups, vectors, versions)
        if best is not None and best[0] > params.absorb_evidence:
            x = k - 1 if best[1] < here else k + 1
            first, last = min(k, x), max(k, x)
            members = {lang: drafts[first].members.get(lang, []) + drafts[last].members.get(lang, [])
                       for lang in versions}
            drafts = drafts[:first] + [Draft({lang: v for lang, v in members.items() if v})] + drafts[last + 1:]
            k = first
        else:
            k += 1
    return drafts


def group_vectors(groups: Groups, versions: dict[str, Version]) -> Vectors:
    """Per unit, the vector of each present language's text."""
    return [{lang: versions[lang].group_vector(idx) for lang, idx in g.items() if idx} for g in groups]


def merge_evidence(k: int, lang: str, groups: Groups, vectors: Vectors,
                   versions: dict[str, Version]) -> tuple[float, int] | None:
    """(evidence, neighbour) that unit k's `lang` text is merged into a neighbour's rather than missing, or None.

    For each neighbour that has `lang` text, compare how well that text matches the neighbour alone and the neighbour
    joined with unit k (the other languages, weighted by length as joined text reads). Evidence is the gain: above 0
    the join matches better.
    """
    def others(x: int) -> tuple[np.ndarray, float]:
        langs = [other for other in vectors[x] if other != lang]
        length = float(np.mean([versions[o].lengths[groups[x][o]].sum() for o in langs])) if langs else 0.0
        return normalise(sum(vectors[x][o] for o in langs)), length

    if not vectors[k]:
        return None
    hole, hole_length = others(k)

    def gain(x: int) -> float:
        text, (alone, length) = vectors[x][lang], others(x)
        return float(text @ normalise(length * alone + hole_length * hole)) - float(text @ alone)

    return _best_neighbour(k, lang, vectors, gain)


def split_evidence(k: int, lang: str, groups: Groups, vectors: Vectors,
                   versions: dict[str, Version]) -> tuple[float, int] | None:
    """(evidence, neighbour) that unit k, a `lang` paragraph no other version has, is the rest of a neighbour's `lang`
    text split in two: how much better the neighbour's other languages match the two `lang` texts joined (weighted by
    length) than the neighbour's `lang` text alone."""
    extra = vectors[k][lang]
    extra_length = versions[lang].group_length(groups[k][lang])

    def gain(x: int) -> float:
        rest = normalise(sum(v for o, v in vectors[x].items() if o != lang))
        own, length = vectors[x][lang], versions[lang].group_length(groups[x][lang])
        return float(rest @ normalise(length * own + extra_length * extra)) - float(rest @ own)

    return _best_neighbour(k, lang, vectors, gain)


def _best_neighbour(k: int, lang: str, vectors: Vectors, gain: Callable[[int], float]) -> tuple[float, int] | None:
    """(gain, neighbour) for the unit before or after k that has `lang` text and other languages, the higher gain."""
    scored = [(gain(x), x) for x in (k - 1, k + 1)
              if 0 <= x < len(vectors) and lang in vectors[x] and len(vectors[x]) > 1]
    return max(scored) if scored else None
