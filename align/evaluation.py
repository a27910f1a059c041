"""Score an alignment against a gold alignment: link precision/recall/F1 per language pair, and missing paragraphs.

Gold files are JSON lines, one unit each: {"id": …, "en": [indices], "fr": [indices], …}, indices 0-based into each
version's paragraphs under the gold's segmentation. Where the gold counts fewer paragraphs than unalign reads (HTML
headings, which the UDHR gold leaves out), `skip_kinds` names the kinds of paragraph the gold does not count.

Links: a pair of paragraphs, one per language, in the same unit. A gold unit with several paragraphs on both sides
(n:m with n, m >= 2) says the block corresponds without saying which paragraph matches which; a gold link inside such
a block counts as found when both paragraphs are in predicted units that stay inside the block (a hole inside such a
block is neither confirmed nor refuted by the gold).
Missing: (paragraph, other language) where the paragraph's unit has nothing in the other language.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import itertools
import json
import tomllib
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from pathlib import Path

from unalign.model import Alignment, UnalignError

if TYPE_CHECKING:
    from unalign.aligning.sentence_alignment import SentenceAlignment


@dataclass(frozen=True)
class Score:
    """Precision, recall and F1 with the counts behind them."""

    correct_predicted: int
    predicted: int
    correct_gold: int
    gold: int

    @property
    def precision(self) -> float:
        return self.correct_predicted / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.correct_gold / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: Score) -> Score:
        return Score(self.correct_predicted + other.correct_predicted, self.predicted + other.predicted,
                     self.correct_gold + other.correct_gold, self.gold + other.gold)


def _gold_units(path: Path, what: str, form: str) -> Iterator[tuple[int, dict[str, list]]]:
    """Each unit of a gold file of JSON lines, with its line number: its lists by key (other keys, such as "id", are
    names). A file that cannot be read, or a line that is not a JSON object, is a one-line UnalignError naming the
    line; `what` the unit is called, `form` what one looks like."""
    number = 0
    try:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            record = json.loads(line)
            if not isinstance(record, dict):
                raise UnalignError(f"{path}:{number}: not a {what} (a JSON object of {form})")
            yield number, {k: v for k, v in record.items() if isinstance(v, list)}
    except (OSError, UnicodeDecodeError) as exc:
        raise UnalignError(f"{path}: cannot read the gold file ({exc})") from None
    except json.JSONDecodeError as exc:
        raise UnalignError(f"{path}:{number}: not a JSON line ({exc.msg})") from None
    except RecursionError:
        raise UnalignError(f"{path}:{number}: nested too deeply to be a {what}") from None


def load_gold(path: Path) -> list[dict[str, list[int]]]:
    """The units of a gold file (JSON lines, each an object of language: [paragraph indices]; other keys, such as
    "id", are names), each a dict language -> paragraph indices. A gold that holds no unit, or a line that is not
    one, is a one-line UnalignError: a score against it would mean nothing."""
    units = []
    for number, unit in _gold_units(path, "gold unit", "language: [paragraph indices]"):
        if any(not isinstance(i, int) or isinstance(i, bool) or i < 0 for v in unit.values() for i in v):
            raise UnalignError(f"{path}:{number}: paragraph indices must be whole numbers from 0")
        units.append({k: list(v) for k, v in unit.items()})
    if not any(indices for unit in units for indices in unit.values()):
        raise UnalignError(f"{path}: no gold unit in it (JSON lines of language: [paragraph indices])")
    return units


def gold_skip_kinds(gold_path: Path) -> tuple[str, ...]:
    """The kinds of paragraph a gold does not count, from the gold.toml beside it (none when there is none)."""
    sidecar = gold_path.parent / "gold.toml"
    if not sidecar.exists():
        return ()
    return tuple(tomllib.loads(sidecar.read_text(encoding="utf-8")).get("skip_kinds", []))


def predicted_units(alignment: Alignment, skip_kinds: tuple[str, ...] = ()) -> list[dict[str, list[int]]]:
    """The units of an alignment as paragraph indices per language, renumbered to leave out paragraphs of
    `skip_kinds`."""
    renumber = {}
    for lang in alignment.languages:
        kinds = sorted((p.index, p.kind) for unit in alignment.units for p in unit.paragraphs.get(lang, ()))
        mapping, k = {}, 0
        for index, kind in kinds:
            if kind not in skip_kinds:
                mapping[index] = k
                k += 1
        renumber[lang] = mapping
    return [{lang: [renumber[lang][p.index] for p in ps if p.index in renumber[lang]]
             for lang, ps in unit.paragraphs.items()} for unit in alignment.units]


def _unit_of(units: list[dict[str, list[int]]], lang: str) -> dict[int, int]:
    return {i: k for k, u in enumerate(units) for i in u.get(lang, [])}


def score_pair(gold: list[dict], pred: list[dict], a: str, b: str) -> tuple[Score, Score]:
    """Link score and missing-paragraph score for the language pair (a, b)."""
    gold_a, gold_b = _unit_of(gold, a), _unit_of(gold, b)
    pred_a, pred_b = _unit_of(pred, a), _unit_of(pred, b)
    for lang, g, p in ((a, gold_a, pred_a), (b, gold_b, pred_b)):
        if set(g) != set(p):
            raise UnalignError(f"the gold counts {len(g)} {lang} paragraphs but the alignment has {len(p)}: "
                               "they were not segmented the same way")

    pred_links = {(i, j) for u in pred for i in u.get(a, []) for j in u.get(b, [])}
    correct_pred = sum(1 for i, j in pred_links if gold_a[i] == gold_b[j])
    gold_links, found = 0, 0
    for k, u in enumerate(gold):
        ia, ib = u.get(a, []), u.get(b, [])
        block = len(ia) >= 2 and len(ib) >= 2
        for i, j in itertools.product(ia, ib):
            gold_links += 1
            if block:
                unit_i, unit_j = pred[pred_a[i]], pred[pred_b[j]]
                found += all(gold_a.get(x) == k for x in unit_i.get(a, []) + unit_j.get(a, [])) and all(
                    gold_b.get(y) == k for y in unit_i.get(b, []) + unit_j.get(b, []))
            else:
                found += (i, j) in pred_links
    links = Score(correct_pred, len(pred_links), found, gold_links)

    def holes(units, where_a, where_b):
        out = {(a, i) for i, k in where_a.items() if not units[k].get(b)}
        return out | {(b, j) for j, k in where_b.items() if not units[k].get(a)}

    # Paragraphs of unresolved n:m gold blocks can be neither right nor wrong about a hole.
    unresolved = {(a, i) for u in gold if len(u.get(a, [])) >= 2 and len(u.get(b, [])) >= 2 for i in u[a]} | {
        (b, j) for u in gold if len(u.get(a, [])) >= 2 and len(u.get(b, [])) >= 2 for j in u[b]}
    gold_holes = holes(gold, gold_a, gold_b) - unresolved
    pred_holes = holes(pred, pred_a, pred_b) - unresolved
    common = len(gold_holes & pred_holes)
    return links, Score(common, len(pred_holes), common, len(gold_holes))


def evaluate(alignment: Alignment, gold: list[dict], skip_kinds: tuple[str, ...] = ()) -> dict:
    """Scores of an alignment against a gold, per language pair and overall, for links and for missing paragraphs."""
    pred = predicted_units(alignment, skip_kinds)
    langs = [lang for lang in alignment.languages if any(lang in u for u in gold)]
    if len(langs) < 2:  # no pair to score: every figure would read 1.0
        raise UnalignError(f"the gold and the alignment share {len(langs)} language{'s' * (len(langs) != 1)} "
                           f"({', '.join(langs) or 'none'}): no pair to score")
    pairs, total_links, total_missing = {}, Score(0, 0, 0, 0), Score(0, 0, 0, 0)
    for a, b in itertools.combinations(langs, 2):
        links, missing = score_pair(gold, pred, a, b)
        pairs[f"{a}-{b}"] = {"links": links, "missing": missing}
        total_links, total_missing = total_links + links, total_missing + missing
    return {"pairs": pairs, "links": total_links, "missing": total_missing}


def _sentence_places(sentences: SentenceAlignment) -> dict[str, list[tuple[int, int, int, int]]]:
    """Per language, every predicted sentence as (paragraph index, start, end, sentence unit position)."""
    from unalign.aligning.sentence_alignment import unit_sentence_spans

    alignment = sentences.alignment
    spans = [unit_sentence_spans(unit) for unit in alignment.units]
    places: dict[str, list[tuple[int, int, int, int]]] = {lang: [] for lang in alignment.languages}
    for position, sentence in enumerate(sentences.units):
        for lang, ps in sentence.unit.paragraphs.items():
            for p in ps:
                places[lang].append((*spans[sentence.paragraph][lang][p.index], position))
    return places


def load_sentence_gold(path: Path, paragraphs: dict[str, Collection[int]] | None = None) -> list[dict[str, list]]:
    """The units of a sentence gold: per language, its sentences as [paragraph index, text] (see
    benchmarks/sentences_corpus.py, which writes one as sentences.gold.jsonl). With `paragraphs` (language -> the
    paragraph indices of the alignment scored), an index the alignment does not have in that language is refused
    too. A gold that holds no sentence, or a line that is not a unit, is a one-line UnalignError naming the line."""
    units = []
    for number, unit in _gold_units(path, "sentence gold unit", "language: [[paragraph index, text], ...]"):
        for lang, sentences in unit.items():
            for sentence in sentences:
                if not (isinstance(sentence, list) and len(sentence) == 2 and isinstance(sentence[0], int)
                        and not isinstance(sentence[0], bool) and sentence[0] >= 0 and isinstance(sentence[1], str)):
                    raise UnalignError(f"{path}:{number}: each {lang} sentence must be [paragraph index, text] with a "
                                       f"whole paragraph index from 0, not {json.dumps(sentence)[:60]}")
                if paragraphs is not None and lang in paragraphs and sentence[0] not in paragraphs[lang]:
                    raise UnalignError(f"{path}:{number}: the alignment has no {lang} paragraph {sentence[0]} "
                                       f"({len(paragraphs[lang])} paragraphs, from 0)")
        units.append({k: [tuple(x) for x in v] for k, v in unit.items()})
    if not any(sentences for unit in units for sentences in unit.values()):
        raise UnalignError(f"{path}: no sentence gold unit in it (JSON lines of language: [[paragraph index, text], "
                           "...])")
    return units


def _find(paragraph: str, sentence: str, after: int) -> tuple[int, int]:
    """(start, end) of `sentence` in `paragraph` from `after` on; where reading changed its middle (a footnote call
    taken out), from its first to its last 20 characters; (-1, -1) when not there."""
    start = paragraph.find(sentence, after)
    if start >= 0:
        return start, start + len(sentence)
    head, tail = sentence[:20], sentence[-20:]
    start = paragraph.find(head, after)
    end = paragraph.find(tail, start + 1) if start >= 0 else -1
    return (start, end + len(tail)) if end >= 0 else (-1, -1)


def evaluate_sentences(sentences: SentenceAlignment | None, gold: list[dict[str, list]]) -> dict:
    """Sentence link scores per language pair and overall, of the sentence units of an alignment."""
    if sentences is None:
        raise UnalignError("no sentence units in this alignment; align with --level sentence or both")
    alignment = sentences.alignment
    texts = {lang: {p.index: p.text for unit in alignment.units for p in unit.paragraphs.get(lang, ())}
             for lang in alignment.languages}
    return score_sentences(_sentence_places(sentences), texts, gold,
                           [lang for lang in alignment.languages if any(u.get(lang) for u in gold)])


def score_sentences(places: dict[str, list[tuple[int, int, int, int]]], texts: dict[str, dict[int, str]],
                    gold: list[dict[str, list]], langs: list[str]) -> dict:
    """Sentence link scores of predicted sentences `places` (per language: paragraph index, start, end, the
    predicted unit holding it): each gold sentence is found in its paragraph's text and belongs to the predicted
    unit whose sentence holds its middle; then links are scored as for paragraphs (`score_pair`), a gold sentence
    standing for a paragraph."""
    gold_ids: list[dict[str, list[int]]] = [{} for _ in gold]
    pred_ids: dict[int, dict[str, list[int]]] = {}
    for lang in langs:
        where: dict[int, list[tuple[int, int, int]]] = {}
        for p, start, end, unit in places[lang]:
            where.setdefault(p, []).append((start, end, unit))
        searched_from: dict[int, int] = {}
        number = 0
        for g, unit in enumerate(gold):
            ids = []
            for p, text in unit.get(lang, []):
                if p not in texts[lang]:
                    raise UnalignError(f"the gold names {lang} paragraph {p}, which the alignment does not have")
                start, end = _find(texts[lang][p], text, searched_from.get(p, 0))
                if start < 0:
                    raise UnalignError(f"a {lang} sentence of the gold is not in paragraph {p}: {text[:60]!r}")
                searched_from[p] = end
                middle = (start + end) // 2
                owner = next((u for s, e, u in where.get(p, []) if s <= middle < e), None)
                if owner is None:
                    owner = min(where[p], key=lambda x: abs((x[0] + x[1]) / 2 - middle))[2]
                pred_ids.setdefault(owner, {}).setdefault(lang, []).append(number)
                ids.append(number)
                number += 1
            gold_ids[g][lang] = ids
    pred = [pred_ids[k] for k in sorted(pred_ids)]
    pairs, total = {}, Score(0, 0, 0, 0)
    for a, b in itertools.combinations(langs, 2):
        links, _ = score_pair(gold_ids, pred, a, b)
        pairs[f"{a}-{b}"] = links
        total = total + links
    return {"pairs": pairs, "links": total}
