"""Sentence units inside paragraph units: each unit's text split into sentences per language, the sentences of its
languages aligned with the paragraph aligner (beads 1-1, 1-2, 2-1, 1-0, 0-1…), one sentence unit with six slots.

A unit whose languages all have one sentence is one sentence unit; a unit whose languages have the same number of
sentences that match one to one well (every sentence above `diagonal_min_similarity` to the others of its row) is
cut along that diagonal without running the aligner; any other is aligned as a small document of its sentences.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from unalign.align import settings
from unalign.align.aligning import align_versions
from unalign.align.aligning.confidence import logistic
from unalign.align.aligning.dp import normalise
from unalign.align.model import Alignment, Paragraph, Unit
from unalign.align.sentences import sentence_spans

Vectors = Callable[[list[str]], np.ndarray]  # texts -> one L2-normalised row each


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


def _confidences(rows: list[dict[str, np.ndarray]], conf: dict) -> list[float]:
    """Per row of sentence vectors (language -> vector): the lowest logistic similarity of a language to the rest."""
    out = []
    for vecs in rows:
        if len(vecs) < 2:
            out.append(1.0)
            continue
        total = sum(vecs.values())
        sims = [float(v @ normalise(total - v)) for v in vecs.values()]
        out.append(round(min(logistic(s, conf["midpoint"], conf["scale"]) for s in sims), 3))
    return out


def sentence_unit(paragraphs: dict[str, tuple[Paragraph, ...]], confidence: float, parent: Unit,
                  flag_below: float) -> Unit:
    """A sentence unit of paragraph unit `parent`: its sentences per language, with what is found about it as for a
    paragraph unit — the languages it lacks (or, held by only a minority of the languages, its extra ones), the
    parent's numbering difference, low confidence — and the parent's address and review."""
    present = [lang for lang, ps in paragraphs.items() if ps]
    absent = tuple(lang for lang, ps in paragraphs.items() if not ps)
    extra = tuple(present) if 2 * len(present) < len(paragraphs) else ()
    return Unit(paragraphs, confidence, parent.address, missing=() if extra else absent, extra=extra,
                numbering=parent.numbering, low_confidence=confidence < flag_below, reviewed=parent.reviewed,
                confirmed_missing=tuple(lang for lang in parent.confirmed_missing if lang in absent))


def align_unit_sentences(unit: Unit, vectors: dict[str, np.ndarray], sentences: dict[str, tuple[Paragraph, ...]],
                         languages: tuple[str, ...], document: str = "",
                         model: str = "") -> list[tuple[Unit, tuple[tuple[str, str], ...]]]:
    """The sentence units of one paragraph unit, in order, each with the pairs of languages whose several sentences
    in it match one to one. `sentences` are its sentences per language (`unit_sentences`) and `vectors[lang]` their
    vectors, a row each."""
    conf = settings.defaults()["confidence"]
    params = settings.defaults()["sentences"]
    present = [lang for lang in languages if sentences.get(lang)]
    counts = {len(sentences[lang]) for lang in present}
    groups: list[dict[str, tuple[Paragraph, ...]]] = []
    confidences: list[float] | None = None
    if len(present) <= 1 or counts == {1}:
        if len(present) == 1:
            groups = [{present[0]: (s,)} for s in sentences[present[0]]]
        else:
            groups = [{lang: sentences[lang] for lang in present}]
    elif len(counts) == 1:
        rows = [{lang: vectors[lang][k] for lang in present} for k in range(counts.pop())]
        sims = [min(float(v @ normalise(sum(row.values()) - v)) for v in row.values()) for row in rows]
        if min(sims) >= params["diagonal_min_similarity"]:
            groups = [{lang: (sentences[lang][k],) for lang in present} for k in range(len(rows))]
    if not groups:
        alignment = align_versions({lang: sentences[lang] for lang in present},
                                   {lang: vectors[lang] for lang in present}, document, model)
        groups = [{lang: ps for lang, ps in u.paragraphs.items() if ps} for u in alignment.units]
        confidences = [u.confidence for u in alignment.units]
    if confidences is None:
        rows = [{lang: normalise(vectors[lang][[s.index for s in ps]].sum(axis=0)) for lang, ps in g.items()}
                for g in groups]
        confidences = _confidences(rows, conf)
        if len(groups) == 1:  # the paragraph unit's own texts: its confidence, holes included
            confidences = [unit.confidence]
    out = []
    for group, confidence in zip(groups, confidences):
        paragraphs = {lang: group.get(lang, ()) for lang in languages}
        out.append((sentence_unit(paragraphs, confidence, unit, conf["flag_below"]),
                    _one_to_one(group, vectors, params["diagonal_min_similarity"])))
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


def align_sentences(alignment: Alignment, encode: Vectors) -> SentenceAlignment:
    """The sentence units of every unit of `alignment`; `encode` gives the vectors of sentence texts (cached)."""
    per_unit = [unit_sentences(unit) for unit in alignment.units]
    texts = [s.text for sentences in per_unit for ps in sentences.values() for s in ps]
    matrix = encode(texts) if texts else np.zeros((0, 1), np.float32)
    out: list[SentenceUnit] = []
    row = 0
    for k, (unit, sentences) in enumerate(zip(alignment.units, per_unit)):
        vectors = {}
        for lang in alignment.languages:
            count = len(sentences.get(lang, ()))
            vectors[lang] = normalise(matrix[row:row + count])
            row += count
        units = align_unit_sentences(unit, vectors, sentences, alignment.languages, alignment.document,
                                     alignment.model)
        out.extend(SentenceUnit(k, number, u, pairs) for number, (u, pairs) in enumerate(units, 1))
    return SentenceAlignment(alignment, tuple(out))
