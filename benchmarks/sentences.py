"""Sentence links on the UNPC multi-sentence construction: unalign beside bertalign's algorithm, same text, same
embeddings.

    python -m benchmarks.sentences                 # bertalign too, if benchmarks/.venv-bertalign exists
    python -m benchmarks.sentences --no-bertalign

The document is benchmarks/sentences_corpus.py's (787 paragraphs of 2-6 UNPC sentences; a sentence deleted from one
language in every fifth, two joined in another in every seventh). unalign aligns paragraphs, then the sentences
inside each unit, and is scored on all 15 pairs and on the five pairs with English. bertalign aligns the sentences of
the whole document pairwise against English with its two-pass DP and defaults (max_align 5, top_k 3, win 5,
skip -0.1), fed the same sentences (unalign's splitter) and vectors from the same encoder (USE v3) for its overlaps
(1 to 4 consecutive sentences joined, as it builds them). bertalign is GPL: it lives only in its own venv,

    /root/.pyenv/versions/3.12.1/bin/python -m venv benchmarks/.venv-bertalign     # any Python >= 3.12
    benchmarks/.venv-bertalign/bin/pip install --no-deps bertalign && benchmarks/.venv-bertalign/bin/pip install numba

and is run there by benchmarks/sentences_bertalign_driver.py.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import tempfile
from pathlib import Path

import numpy as np

from unalign.align.documents import find_documents
from unalign.align.embedding import DEFAULT_MODEL, default_cache_dir, embed
from unalign.align.evaluation import evaluate_sentences, load_sentence_gold, score_sentences
from unalign.align.pipeline import align_levels, read_document
from unalign.align.sentences import sentence_spans
from benchmarks.sentences_corpus import build

HERE = Path(__file__).resolve().parent
BERTALIGN_PYTHON = HERE / ".venv-bertalign" / "bin" / "python"
OVERLAPS = 4  # bertalign: max_align - 1


def _overlaps(sentences: list[str], cache: Path) -> tuple[np.ndarray, np.ndarray]:
    """Vectors (OVERLAPS x sentences x dim) and UTF-8 lengths of the windows ending at each sentence, 'PAD' where a
    window would start before the first sentence: the input bertalign's DP reads."""
    windows = [["PAD" if i - size + 1 < 0 else " ".join(sentences[i - size + 1:i + 1]) for i in range(len(sentences))]
               for size in range(1, OVERLAPS + 1)]
    flat = [w for row in windows for w in row]
    vectors = embed(flat, DEFAULT_MODEL, cache, 2).reshape(OVERLAPS, len(sentences), -1)
    lengths = np.array([[len(w.encode("utf-8")) for w in row] for row in windows])
    return vectors.astype(np.float32), lengths


def bertalign_scores(document, gold, cache: Path) -> dict:
    """bertalign's sentence links, English against each other language, scored like unalign's."""
    sentences = {lang: [(p.index, s, e, p.text[s:e]) for p in document.paragraphs[lang]
                        for s, e in sentence_spans(p.text, lang)] for lang in document.languages}
    vectors = {lang: _overlaps([x[3] for x in sentences[lang]], cache) for lang in document.languages}
    texts = {lang: [p.text for p in document.paragraphs[lang]] for lang in document.languages}
    out = {}
    for other in (lang for lang in document.languages if lang != "en"):
        with tempfile.TemporaryDirectory() as tmp:
            job, result = Path(tmp) / "job.npz", Path(tmp) / "beads.json"
            np.savez(job, src_vecs=vectors["en"][0], tgt_vecs=vectors[other][0], src_lens=vectors["en"][1],
                     tgt_lens=vectors[other][1])
            subprocess.run([str(BERTALIGN_PYTHON), str(HERE / "sentences_bertalign_driver.py"), str(job),
                            str(result)], check=True)
            beads = json.loads(result.read_text())
        places = {"en": [], other: []}
        for number, (src, tgt) in enumerate(beads):
            places["en"] += [(*sentences["en"][i][:3], number) for i in src]
            places[other] += [(*sentences[other][j][:3], number) for j in tgt]
        out[f"en-{other}"] = score_sentences(places, texts, gold, ["en", other])["pairs"][f"en-{other}"]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-bertalign", action="store_true")
    parser.add_argument("--paragraphs", type=int, default=None,
                        help="only the first N paragraphs of the construction (bertalign's overlaps of the whole "
                             "take about an hour to encode on two shared cores)")
    args = parser.parse_args()
    cache = default_cache_dir()
    with tempfile.TemporaryDirectory() as tmp:
        folder = build(Path(tmp) / "doc", max_paragraphs=args.paragraphs)
        document = read_document(find_documents(folder)[0][0])
        gold = load_sentence_gold(folder / "sentences.gold.jsonl")
        alignment, sentences = align_levels(document, cache_dir=cache, level="both")
        ours = evaluate_sentences(sentences, gold)
        theirs = {} if args.no_bertalign or not BERTALIGN_PYTHON.exists() else bertalign_scores(document, gold, cache)
    print(f"{len(gold)} gold sentence units in {len(document.paragraphs['en'])} paragraphs; sentence link P/R/F1")
    print(f"{'pair':<8}{'unalign':>24}{'bertalign (pairwise)':>26}")
    for pair, score in ours["pairs"].items():
        if pair.startswith("en-") or pair.endswith("-en"):
            key = pair if pair.startswith("en-") else f"en-{pair.split('-')[0]}"
            other = theirs.get(key)
            cell = f"{other.precision:.4f}/{other.recall:.4f}/{other.f1:.4f}" if other else "not run"
            print(f"{pair:<8}{score.precision:.4f}/{score.recall:.4f}/{score.f1:.4f}{cell:>26}")
    english = [s for p, s in ours["pairs"].items() if "en" in p.split("-")]
    mean = sum(s.f1 for s in english) / len(english)
    print(f"{'en-* F1':<8}{mean:>24.4f}" + (f"{sum(s.f1 for s in theirs.values()) / len(theirs):>26.4f}"
                                            if theirs else ""))
    print(f"all 15 pairs (unalign): P {ours['links'].precision:.4f} R {ours['links'].recall:.4f} "
          f"F1 {ours['links'].f1:.4f}")


if __name__ == "__main__":
    main()
