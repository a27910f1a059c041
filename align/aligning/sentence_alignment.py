"""Sentence units inside paragraph units: each unit's text split into sentences per language, the sentences of its
languages aligned with the paragraph aligner (beads 1-1, 1-2, 2-1, 1-0, 0-1…), one sentence unit with six slots.

A unit whose languages all have one sentence, or all but one, is one sentence unit (a language that cut where no other
did keeps its sentences together); a unit whose languages have the same number of
sentences that match one to one well (every sentence above `sentence_diagonal_min_similarity` to the others of its
row) is cut along that diagonal without running the aligner; any other is aligned as a small document of its
sentences. Then a sentence unit lacking a language of its paragraph unit is joined to its neighbour when that
language's text is there (one language did not cut where the others did: a 1-2 unit, not a hole); a hole stays only
where the texts show it, and its confidence says how sure that is (as for paragraph units).

Every threshold comes from the one AlignParams, converted to the model's units for the whole document (its
calibration in config, or the similarity scale measured on the document's sentences), so a model that packs its
vectors in a narrow cone does not take unrelated sentences for translations.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from unalign.aligning import AlignParams, align_versions, default_params
from unalign.aligning.confidence import confidence, link_signal, unit_signals
from unalign.aligning.dp import normalise
from unalign.aligning.drafts import Version
from unalign.aligning.repair import JoinedTexts, group_vectors, merge_evidence, split_evidence
from unalign.aligning.similarity import similarity_scale
from unalign.embedding import Encode
from unalign.model import Alignment, Paragraph, Unit, extra_and_missing, is_minority
from unalign.sentences import sentence_spans



@dataclass(frozen=True)
class SentenceUnit:
    """One aligned unit of sentences. `paragraph` is the position of its paragraph unit in the alignment, `number`
    its 1-based position among that unit's sentence units; `unit` holds one-sentence Paragraphs (index: the sentence's
    position among its language's sentences in the paragraph unit), the paragraph unit's address, a confidence and
    findings as for paragraph units (`sentence_unit`)."""

    paragraph: int
    number: int
    unit: Unit
    # Pairs of languages that both have the same number (2 or more) of sentences here, matching one to one: a
    # bilingual memory of such a pair cuts this unit into those sentence pairs (another language joined them).
    one_to_one: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class SentenceAlignment:
    """The sentence units of an alignment, in document order."""

    alignment: Alignment
    units: tuple[SentenceUnit, ...]


def unit_sentence_spans(unit: Unit) -> dict[str, list[tuple[int, int, int]]]:
    """Where each sentence of `unit` lies, per language: (paragraph index in its version, start, end), in order."""
    return {lang: [(p.index, start, end) for p in paragraphs for start, end in sentence_spans(p.text, lang)]
            for lang, paragraphs in unit.paragraphs.items()}


def unit_sentences(unit: Unit) -> dict[str, tuple[Paragraph, ...]]:
    """The sentences of each language of `unit` as Paragraphs (kind of the paragraph they come from), numbered from
    0 across the unit's paragraphs in that language; empty for a language the unit lacks."""
    out = {}
    for lang, spans in unit_sentence_spans(unit).items():
        by_index = {p.index: p for p in unit.paragraphs[lang]}
        out[lang] = tuple(Paragraph(lang, k, by_index[index].text[start:end], kind=by_index[index].kind)
                          for k, (index, start, end) in enumerate(spans))
    return out


def join_unshown_holes(groups: list[dict[str, list[int]]], versions: dict[str, Version], params: AlignParams,
                       reader: JoinedTexts | None = None) -> list[dict[str, list[int]]]:
    """The sentence units of one paragraph unit (language -> sentence indices, every language of `versions`) with
    each unit lacking a language joined to the neighbour where that language's text is (`merge_evidence` above
    sentence_hole_evidence, the highest first; read from the joined texts embedded when `reader` embeds), and each
    unit of a minority of the languages joined to the neighbour whose text in those languages it completes
    (`split_evidence`)."""
    groups = _move_misplaced([dict(g) for g in groups], versions, params)
    while True:
        vectors = group_vectors(groups, versions)
        best = None
        for k, group in enumerate(groups):
            present = [lang for lang, idx in group.items() if idx]
            found = [merge_evidence(k, lang, groups, vectors, versions, params, reader)
                     for lang, idx in group.items() if not idx]
            if is_minority(len(present), len(group)):  # a minority's sentences: the rest of a neighbour's, cut off?
                found += [split_evidence(k, lang, groups, vectors, versions, params, reader) for lang in present]
            for evidence in found:
                if evidence is not None and evidence[0] > params.sentence_hole_evidence and (
                        best is None or evidence[0] > best[0]):
                    best = (evidence[0], k, evidence[1])
        if best is None:
            break
        first, last = sorted(best[1:])
        groups[first:last + 1] = [{lang: groups[first][lang] + groups[last][lang] for lang in versions}]
    return groups


def sentence_unit(paragraphs: dict[str, tuple[Paragraph, ...]], confidence: float, parent: Unit,
                  flag_below: float) -> Unit:
    """A sentence unit of paragraph unit `parent`: its sentences per language, with what is found about it as for a
    paragraph unit — the languages it lacks (or, held by only a minority of the languages, its extra ones), the
    parent's numbering difference, low confidence — and the parent's address and review."""
    present = [lang for lang, ps in paragraphs.items() if ps]
    absent = tuple(lang for lang, ps in paragraphs.items() if not ps)
    extra, missing = extra_and_missing(present, tuple(paragraphs))
    return Unit(paragraphs, confidence, parent.address, missing=missing, extra=extra,
                numbering=parent.numbering, low_confidence=confidence < flag_below, reviewed=parent.reviewed,
                confirmed_missing=tuple(lang for lang in parent.confirmed_missing if lang in absent))


def _move_misplaced(groups: list[dict[str, list[int]]], versions: dict[str, Version],
                    params: AlignParams) -> list[dict[str, list[int]]]:
    """`groups` with each sentence next to a unit lacking its language moved into that unit when it matches that
    unit's other languages better (by more than sentence_hole_evidence) than those of its own: the hole was on the
    wrong side of it."""
    def others(group: dict[str, list[int]], lang: str) -> np.ndarray | None:
        vecs = [versions[o].group_vector(idx) for o, idx in group.items() if idx and o != lang]
        return normalise(sum(vecs)) if vecs else None

    moved = True
    while moved:
        moved = False
        for k, group in enumerate(groups):
            for lang in (lang for lang, idx in group.items() if not idx):
                for x in (k - 1, k + 1):
                    if not 0 <= x < len(groups) or not groups[x][lang]:
                        continue
                    sentence = groups[x][lang][-1] if x < k else groups[x][lang][0]
                    here, there = others(group, lang), others(groups[x], lang)
                    if here is None or there is None:
                        continue
                    vector = versions[lang].vectors[sentence]
                    if float(vector @ here) - float(vector @ there) > params.sentence_hole_evidence:
                        group[lang] = [sentence]
                        groups[x][lang] = [i for i in groups[x][lang] if i != sentence]
                        moved = True
                        break
    return [g for g in groups if any(g.values())]


def align_unit_sentences(unit: Unit, vectors: dict[str, np.ndarray], sentences: dict[str, tuple[Paragraph, ...]],
                         languages: tuple[str, ...], params: AlignParams, document: str = "",
                         model: str = "", embed_texts: Encode | None = None
                         ) -> list[tuple[Unit, tuple[tuple[str, str], ...]]]:
    """The sentence units of one paragraph unit, in order, each with the pairs of languages whose several sentences
    in it match one to one. `sentences` are its sentences per language (`unit_sentences`), `vectors[lang]` their
    vectors, a row each, and `params` in the model's units (`sentence_params`); `embed_texts` (texts -> vectors,
    the same model) lets the holes be judged on joined sentences embedded as one text."""
    present = [lang for lang in languages if sentences.get(lang)]
    counts = {len(sentences[lang]) for lang in present}
    groups: list[dict[str, list[int]]] = []
    several = [lang for lang in present if len(sentences[lang]) > 1]
    # One sentence in every language, or one language cut where all the others did not: one unit, kept whole.
    if len(present) <= 1 or not several or (len(several) == 1 and len(present) > 2):
        if len(present) == 1:
            groups = [{present[0]: [k]} for k in range(len(sentences[present[0]]))]
        else:
            groups = [{lang: list(range(len(sentences[lang]))) for lang in present}]
    elif len(counts) == 1:
        rows = [{lang: vectors[lang][k] for lang in present} for k in range(counts.pop())]
        if min(link_signal(row) for row in rows) >= params.sentence_diagonal_min_similarity:
            groups = [{lang: [k] for lang in present} for k in range(len(rows))]
    if not groups:
        alignment = align_versions({lang: sentences[lang] for lang in present},
                                   {lang: vectors[lang] for lang in present}, document, model, params)
        groups = [{lang: [p.index for p in ps] for lang, ps in u.paragraphs.items()} for u in alignment.units]
    if len(groups) == 1:  # the paragraph unit's own texts: its confidence, holes included
        confidences = [unit.confidence]
    else:
        versions = {lang: Version(sentences[lang], vectors[lang]) for lang in present}
        reader = JoinedTexts(versions, embed_texts)
        groups = join_unshown_holes([{lang: g.get(lang, []) for lang in present} for g in groups], versions, params,
                                    reader)
        signals = unit_signals(groups, group_vectors(groups, versions), versions, params, reader)
        confidences = [confidence(s, params) for s in signals]
    out = []
    for group, sure in zip(groups, confidences):
        members = {lang: tuple(sentences[lang][i] for i in group.get(lang, [])) for lang in present}
        paragraphs = {lang: members.get(lang, ()) for lang in languages}
        out.append((sentence_unit(paragraphs, sure, unit, params.flag_below),
                    _one_to_one({lang: ps for lang, ps in members.items() if ps}, vectors,
                                params.sentence_diagonal_min_similarity)))
    return out


def _one_to_one(group: dict[str, tuple[Paragraph, ...]], vectors: dict[str, np.ndarray],
                min_similarity: float) -> tuple[tuple[str, str], ...]:
    """The pairs of languages of `group` with the same number (2 or more) of sentences, each matching the other
    language's sentence of the same rank at least `min_similarity`."""
    langs = [lang for lang, ps in group.items() if len(ps) > 1]
    out = []
    for i, a in enumerate(langs):
        for b in langs[i + 1:]:
            if len(group[a]) != len(group[b]):
                continue
            va = vectors[a][[s.index for s in group[a]]]
            vb = vectors[b][[s.index for s in group[b]]]
            if float(np.min(np.sum(va * vb, axis=1))) >= min_similarity:
                out.append((a, b))
    return tuple(out)


def sentence_params(versions: Callable[[], dict[str, Version]], model: str,
                    params: AlignParams | None = None) -> AlignParams:
    """`params` (default: config) in the units of `model`: its calibration in config, or the similarity scale
    measured on `versions()`, the document's sentences per language in order (made only then), left as they are
    when already converted or when the document is too short to tell."""
    params = params or default_params()
    if params.model_units is not None:
        return params
    scale = params.model_scale(model) or similarity_scale(versions(), params)
    return params.in_model_units(*scale) if scale else params


def align_sentences(alignment: Alignment, encode: Encode, params: AlignParams | None = None) -> SentenceAlignment:
    """The sentence units of every unit of `alignment`; `encode` gives the vectors of sentence texts (cached);
    `params` default to config, converted to the alignment's model (`sentence_params`)."""
    per_unit = [unit_sentences(unit) for unit in alignment.units]
    texts = [s.text for sentences in per_unit for ps in sentences.values() for s in ps]
    matrix = normalise(encode(texts)) if texts else np.zeros((0, 1), np.float32)
    per_unit_vectors: list[dict[str, np.ndarray]] = []
    row = 0
    for sentences in per_unit:
        vectors = {}
        for lang in alignment.languages:
            count = len(sentences.get(lang, ()))
            vectors[lang] = matrix[row:row + count]
            row += count
        per_unit_vectors.append(vectors)
    def whole() -> dict[str, Version]:
        return {lang: Version(tuple(s for sentences in per_unit for s in sentences.get(lang, ())),
                              np.concatenate([v[lang] for v in per_unit_vectors]))
                for lang in alignment.languages if any(sentences.get(lang) for sentences in per_unit)}

    params = sentence_params(whole, alignment.model, params)
    out: list[SentenceUnit] = []
    for k, (unit, sentences, vectors) in enumerate(zip(alignment.units, per_unit, per_unit_vectors)):
        units = align_unit_sentences(unit, vectors, sentences, alignment.languages, params, alignment.document,
                                     alignment.model, encode)
        out.extend(SentenceUnit(k, number, u, pairs) for number, (u, pairs) in enumerate(units, 1))
    return SentenceAlignment(alignment, tuple(out))
