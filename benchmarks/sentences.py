"""Sentence units on the UNPC multi-sentence constructions: unalign beside bertalign's algorithm, same sentences, same
embeddings.

    python -m benchmarks.sentences                 # bertalign too, if benchmarks/.venv-bertalign exists
    python -m benchmarks.sentences --no-bertalign --part fit

The documents are benchmarks/sentences_corpus.py's, well-formed (only lines that end a sentence in all six languages)
and unfiltered (every line: run-in headings, list items, numbered items), each damaged in one language at a time
(lines deleted, joined, split), each built from the "fit" half of the devset's documents (what the splitter and the
sentence aligner were tuned on) and from the "report" half (the figures reported). Printed per construction:

- strict sentence link F1 over the 15 pairs (a link is right when its two gold sentences are one gold unit);
- units torn: gold units whose text in some language lies in two or more sentence units, not the same ones in every
  language (a line every language cuts at the same places, into as many units, is cut, not torn);
- spurious holes: sentence units with an empty language whose text is there (the gold unit it holds has it);
- missing P/R: the empty languages of sentence units that are real (a gold unit it holds lacks that language), and
  the gold's deleted lines found as such.

bertalign aligns the sentences of the whole document pairwise against English with its two-pass DP and defaults
(max_align 5, top_k 3, win 5, skip -0.1), fed the same sentences (unalign's splitter) and vectors from the same
encoder (USE v3) for its overlaps (1 to 4 consecutive sentences joined, as it builds them); it is scored on the five
pairs with English, and unalign on the same five beside it. bertalign is GPL: it lives only in its own venv,

    python3.12 -m venv benchmarks/.venv-bertalign     # any Python >= 3.12
    benchmarks/.venv-bertalign/bin/pip install --no-deps bertalign
    benchmarks/.venv-bertalign/bin/pip install numba scipy

and is run there by benchmarks/sentences_bertalign_driver.py.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from unalign.documents import find_documents
from unalign.embedding import DEFAULT_MODEL, default_cache_dir, embed
from unalign.evaluation import Score, _find, evaluate_sentences, load_sentence_gold, score_sentences
from unalign.model import Document
from unalign.pipeline import align_levels, read_document
from unalign.aligning.sentence_alignment import SentenceAlignment, unit_sentence_spans
from unalign.sentences import sentence_spans
from benchmarks.sentences_corpus import build

HERE = Path(__file__).resolve().parent
BERTALIGN_PYTHON = HERE / ".venv-bertalign" / "bin" / "python"
OVERLAPS = 4  # bertalign: max_align - 1

# A predicted unit: language -> its sentences as (paragraph index, start, end).
Places = list[dict[str, list[tuple[int, int, int]]]]


@dataclass(frozen=True)
class SentenceFigures:
    """What a CAT tool's user sees of the sentence units of one construction."""

    f1: float
    units: int  # sentence units predicted
    gold_units: int
    torn: int  # gold units whose text in some language lies in 2 or more predicted units, not all in the same ones
    spurious: int  # predicted units with an empty language whose text the gold has
    holes: int  # (unit, language) empty in a predicted unit
    real_holes: int  # of those, a gold unit the unit holds lacks that language
    gold_holes: int  # (gold unit, language) deleted
    found_holes: int  # of those, a predicted unit holding the gold unit lacks that language
    spurious_at: tuple[int, ...] = ()  # the predicted units with a spurious hole
    torn_at: tuple[int, ...] = ()  # the gold units torn
    missed_at: tuple[int, ...] = ()  # the gold units whose deleted line no predicted unit shows

    @property
    def missing(self) -> Score:
        """Holes as missing-sentence findings: precision over the holes, recall over the deletions."""
        return Score(self.real_holes, self.holes, self.found_holes, self.gold_holes)

    @property
    def spurious_share(self) -> float:
        return self.spurious / self.units if self.units else 0.0

    def row(self) -> str:
        return (f"F1 {self.f1:.4f}  torn {self.torn}/{self.gold_units}  spurious holes {self.spurious}/{self.units} "
                f"({self.spurious_share:.2%})  missing P {self.missing.precision:.3f} "
                f"({self.real_holes}/{self.holes}) R {self.missing.recall:.3f} ({self.found_holes}/{self.gold_holes})")


def predicted_places(sentences: SentenceAlignment) -> tuple[Places, list[set[str]]]:
    """Per sentence unit, where its sentences lie; and per sentence unit, the languages its paragraph unit has."""
    alignment = sentences.alignment
    spans = [unit_sentence_spans(unit) for unit in alignment.units]
    places, present = [], []
    for s in sentences.units:
        places.append({lang: [spans[s.paragraph][lang][p.index] for p in ps] for lang, ps in s.unit.paragraphs.items()})
        present.append({lang for lang, ps in alignment.units[s.paragraph].paragraphs.items() if ps})
    return places, present


def sentence_figures(places: Places, present: list[set[str]], texts: dict[str, dict[int, str]], gold: list[dict],
                     f1: float) -> SentenceFigures:
    """The figures of predicted units `places` (whose paragraph units have the languages `present`) against `gold`
    (load_sentence_gold), the paragraphs' texts being `texts` (language -> paragraph index -> text)."""
    langs = list(texts)
    # Where each gold unit's pieces lie, per language.
    gold_places: list[dict[str, list[tuple[int, int, int]]]] = [{} for _ in gold]
    for lang in langs:
        searched_from: dict[int, int] = {}
        for g, unit in enumerate(gold):
            for p, text in unit.get(lang, []):
                start, end = _find(texts[lang][p], text, searched_from.get(p, 0))
                searched_from[p] = end
                gold_places[g].setdefault(lang, []).append((p, start, end))
    # Which predicted units hold which gold units (by any overlap of characters), per language.
    owner: dict[tuple[str, int], list[tuple[int, int, int]]] = {}
    for u, unit in enumerate(places):
        for lang, spans in unit.items():
            for p, start, end in spans:
                owner.setdefault((lang, p), []).append((start, end, u))
    holders: list[set[int]] = []
    torn = []
    for g, where in enumerate(gold_places):
        per_lang = [{u for p, start, end in pieces for s, e, u in owner.get((lang, p), []) if s < end and start < e}
                    for lang, pieces in where.items() if pieces]
        holders.append(set().union(*per_lang))
        if any(len(units) > 1 for units in per_lang) and any(units != per_lang[0] for units in per_lang):
            torn.append(g)
    held: dict[int, set[int]] = {}
    for g, units in enumerate(holders):
        for u in units:
            held.setdefault(u, set()).add(g)
    spurious, holes, real = [], 0, 0
    for u, unit in enumerate(places):
        empty = [lang for lang in present[u] if not unit.get(lang)]
        real_here = [lang for lang in empty if any(not gold[g].get(lang) for g in held.get(u, ()))]
        holes += len(empty)
        real += len(real_here)
        if len(real_here) < len(empty):
            spurious.append(u)
    gold_holes = found = 0
    missed = []
    for g, unit in enumerate(gold):
        for lang in langs:
            if not unit.get(lang):
                gold_holes += 1
                if any(not places[u].get(lang) for u in holders[g]):
                    found += 1
                else:
                    missed.append(g)
    return SentenceFigures(f1, len(places), len(gold), len(torn), len(spurious), holes, real, gold_holes, found,
                           tuple(spurious), tuple(torn), tuple(missed))


def unalign_figures(sentences: SentenceAlignment, gold: list[dict]) -> SentenceFigures:
    """unalign's sentence units scored against `gold`."""
    alignment = sentences.alignment
    texts = {lang: {p.index: p.text for unit in alignment.units for p in unit.paragraphs.get(lang, ())}
             for lang in alignment.languages}
    places, present = predicted_places(sentences)
    return sentence_figures(places, present, texts, gold, evaluate_sentences(sentences, gold)["links"].f1)


def _overlaps(sentences: list[str], cache: Path) -> tuple[np.ndarray, np.ndarray]:
    """Vectors (OVERLAPS x sentences x dim) and UTF-8 lengths of the windows ending at each sentence, 'PAD' where a
    window would start before the first sentence: the input bertalign's DP reads."""
    windows = [["PAD" if i - size + 1 < 0 else " ".join(sentences[i - size + 1:i + 1]) for i in range(len(sentences))]
               for size in range(1, OVERLAPS + 1)]
    flat = [w for row in windows for w in row]
    vectors = embed(flat, DEFAULT_MODEL, cache, 2).reshape(OVERLAPS, len(sentences), -1)
    lengths = np.array([[len(w.encode("utf-8")) for w in row] for row in windows])
    return vectors.astype(np.float32), lengths


def document_sentences(document: Document) -> dict[str, list[tuple[int, int, int, str]]]:
    """Per language, every sentence of the document as (paragraph index, start, end, text)."""
    return {lang: [(p.index, s, e, p.text[s:e]) for p in document.paragraphs[lang]
                   for s, e in sentence_spans(p.text, lang)] for lang in document.languages}


def bertalign_beads(sentences: dict[str, list[tuple[int, int, int, str]]], cache: Path) -> dict[str, list]:
    """bertalign's beads for English against each other language ([[English sentences], [other sentences]]): its
    overlaps encoded with the default encoder (cached in `cache`), its DP run in its own venv."""
    vectors = {lang: _overlaps([x[3] for x in rows], cache) for lang, rows in sentences.items()}
    out = {}
    for other in (lang for lang in sentences if lang != "en"):
        with tempfile.TemporaryDirectory() as tmp:
            job, result = Path(tmp) / "job.npz", Path(tmp) / "beads.json"
            np.savez(job, src_vecs=vectors["en"][0], tgt_vecs=vectors[other][0], src_lens=vectors["en"][1],
                     tgt_lens=vectors[other][1])
            subprocess.run([str(BERTALIGN_PYTHON), str(HERE / "sentences_bertalign_driver.py"), str(job),
                            str(result)], check=True)
            out[other] = json.loads(result.read_text())
    return out


def bertalign_scores(document: Document, gold: list[dict], cache: Path) -> dict[str, SentenceFigures]:
    """bertalign's sentence links, English against each other language, scored like unalign's."""
    sentences = document_sentences(document)
    texts = {lang: {p.index: p.text for p in document.paragraphs[lang]} for lang in document.languages}
    out = {}
    for other, beads in bertalign_beads(sentences, cache).items():
        flat = {"en": [], other: []}
        places: Places = []
        for number, (src, tgt) in enumerate(beads):
            flat["en"] += [(*sentences["en"][i][:3], number) for i in src]
            flat[other] += [(*sentences[other][j][:3], number) for j in tgt]
            places.append({"en": [sentences["en"][i][:3] for i in src],
                           other: [sentences[other][j][:3] for j in tgt]})
        pair = {lang: texts[lang] for lang in ("en", other)}
        f1 = score_sentences(flat, pair, gold, ["en", other])["pairs"][f"en-{other}"].f1
        out[f"en-{other}"] = sentence_figures(places, [{"en", other}] * len(places), pair,
                                              [{lang: u.get(lang, []) for lang in ("en", other)} for u in gold], f1)
    return out


def unalign_pairwise(sentences: SentenceAlignment, gold: list[dict], other: str) -> SentenceFigures:
    """unalign's en-`other` memory as the outputs write it: its sentence units holding either language, those whose
    several sentences in the two match one to one cut into those pairs (x-part), scored on the two languages."""
    alignment = sentences.alignment
    pair = ("en", other)
    texts = {lang: {p.index: p.text for unit in alignment.units for p in unit.paragraphs.get(lang, ())}
             for lang in pair}
    places, present = predicted_places(sentences)
    units: Places = []
    units_present: list[set[str]] = []
    for s, unit, langs in zip(sentences.units, places, present):
        mine = {lang: unit.get(lang, []) for lang in pair}
        if not any(mine.values()):
            continue
        cut = pair in s.one_to_one or pair[::-1] in s.one_to_one
        parts = [{lang: [mine[lang][k]] for lang in pair} for k in range(len(mine["en"]))] if cut else [mine]
        units += parts
        units_present += [langs & set(pair)] * len(parts)
    flat = {lang: [(*place, u) for u, unit in enumerate(units) for place in unit[lang]] for lang in pair}
    two = [{lang: u.get(lang, []) for lang in pair} for u in gold]
    f1 = score_sentences(flat, texts, two, list(pair))["pairs"][f"en-{other}"].f1
    return sentence_figures(units, units_present, texts, two, f1)


def measure(well_formed: bool, part: str | None, cache: Path, paragraphs: int | None = None,
            bertalign: bool = False, seed: int = 17
            ) -> tuple[SentenceFigures, dict[str, tuple[SentenceFigures, SentenceFigures]]]:
    """unalign's figures on one construction, and per English pair (unalign's, bertalign's) when `bertalign`."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = build(Path(tmp) / "doc", max_paragraphs=paragraphs, well_formed=well_formed, part=part, seed=seed)
        document = read_document(find_documents(folder)[0][0])
        gold = load_sentence_gold(folder / "sentences.gold.jsonl")
        alignment, sentences = align_levels(document, cache_dir=cache, level="both")
        ours = unalign_figures(sentences, gold)
        pairs = {}
        if bertalign:
            for pair, theirs in bertalign_scores(document, gold, cache).items():
                pairs[pair] = (unalign_pairwise(sentences, gold, pair.split("-")[1]), theirs)
    return ours, pairs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-bertalign", action="store_true")
    parser.add_argument("--part", choices=("fit", "report", "both"), default="both")
    parser.add_argument("--kind", choices=("well-formed", "unfiltered", "both"), default="both")
    parser.add_argument("--paragraphs", type=int, default=None, help="only the first N paragraphs of each")
    parser.add_argument("--seed", type=int, default=17, help="another draw of the paragraphs and their damage")
    args = parser.parse_args()
    cache = default_cache_dir()
    bertalign = not args.no_bertalign and BERTALIGN_PYTHON.exists()
    for part in (("fit", "report") if args.part == "both" else (args.part,)):
        for kind in (("well-formed", "unfiltered") if args.kind == "both" else (args.kind,)):
            ours, pairs = measure(kind == "well-formed", part, cache, args.paragraphs, bertalign, args.seed)
            print(f"{kind:<12} {part:<7} unalign   {ours.row()}")
            for pair, (mine, theirs) in pairs.items():
                print(f"{'':<21}{pair}  unalign   {mine.row()}")
                print(f"{'':<21}{pair}  bertalign {theirs.row()}")


if __name__ == "__main__":
    main()
