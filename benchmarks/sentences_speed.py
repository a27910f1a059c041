"""A cold run of a 50-page six-language text of multi-sentence UN paragraphs, sentence level included: time per stage.

    python -m benchmarks.sentences_speed               # 50 pages (English counted: 3,000 characters a page)
    python -m benchmarks.sentences_speed --pages 20

The text is the UNPC construction of benchmarks/sentences_corpus.py cut to `--pages`. Stages are timed in this
process on an empty embedding cache, both ways of making paragraph vectors (config/defaults.toml [sentences]); then
`unalign align` runs as a user runs it, cold and warm. Target: under 10 s cold on 2 cores.
"""

from __future__ import annotations

import argparse
import os
import resource
import tempfile
import time
from pathlib import Path

import numpy as np

from unalign import embedding
from unalign.aligning import align_versions
from unalign.documents import find_documents
from unalign.options import RunOptions
from unalign.outputs.paths import OutputSet
from unalign.pipeline import Encoder, finish, read_document, write_outputs
from unalign.aligning.sentence_alignment import align_sentences
from unalign.sentences import split_sentences
from benchmarks.sentences_corpus import build
from benchmarks.single_document import cold_and_warm
from benchmarks.synthetic import PAGE_CHARACTERS


def folder_of_pages(folder: Path, pages: int) -> Path:
    """The construction cut to `pages` pages of English."""
    full = build(folder / "full")
    english = (full / "en.txt").read_text(encoding="utf-8").split("\n\n")
    size, count = 0, 0
    while count < len(english) and size < pages * PAGE_CHARACTERS:
        size += len(english[count])
        count += 1
    return build(folder / "doc", max_paragraphs=count)


def _cpu() -> float:
    """CPU seconds of this process and of its finished children (the encoder's worker processes)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def stages(folder: Path, cache: Path, strategy: str) -> dict[str, tuple[float, float]]:
    """(wall, CPU) seconds per stage with an empty cache; `strategy` "sentences" (paragraph vectors summed from
    sentence vectors) or "whole" (paragraphs encoded as well). On a machine shared with other jobs the CPU seconds
    are the steadier figure: the wall time of two busy cores is about half their sum."""
    times: dict[str, tuple[float, float]] = {}

    def timed(name, work, *args):
        start, cpu = time.perf_counter(), _cpu()
        result = work(*args)
        times[name] = (time.perf_counter() - start, _cpu() - cpu)
        return result

    document = timed("read, number, check languages", read_document, find_documents(folder)[0][0])
    pieces = timed("split sentences", lambda: {lang: [split_sentences(p.text, lang) or [p.text]
                                                       for p in document.paragraphs[lang]]
                                               for lang in document.languages})
    texts = [t for lang in document.languages for ss in pieces[lang] for t in ss]
    if strategy == "whole":
        texts += [p.text for lang in document.languages for p in document.paragraphs[lang]]
    texts = list(dict.fromkeys(texts))
    vectors = timed(f"encode {len(texts)} texts ({os.cpu_count()} processes)", embedding.embed, texts,
                    embedding.DEFAULT_MODEL, cache, os.cpu_count() or 1)
    known = dict(zip(texts, vectors))
    by_lang = {}
    for lang in document.languages:
        rows = [known[p.text] for p in document.paragraphs[lang]] if strategy == "whole" else [
            np.sum([known[t] for t in ss], axis=0) for ss in pieces[lang]]
        by_lang[lang] = np.array(rows, dtype=np.float32)
    alignment = timed("align paragraphs", align_versions, document.paragraphs, by_lang, document.name)
    timed("align sentences", align_sentences, alignment,
          lambda batch: np.array([known[t] for t in batch], dtype=np.float32))
    with tempfile.TemporaryDirectory() as out:
        outputs = OutputSet(document.name, Path(out), RunOptions(level="both"), document.languages)
        encode = Encoder(embedding.DEFAULT_MODEL, cache)
        encode.known.update(known)  # what was encoded above: writing the sentence memories encodes nothing again
        timed("align sentences again, write TMX (both levels), view, audit",
              lambda: write_outputs(finish(alignment, outputs, encode), outputs, document.sources))
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = folder_of_pages(Path(tmp), args.pages)
        words = sum(len((folder / f"{lang}.txt").read_text(encoding="utf-8").split()) for lang in ("en", "fr", "ru",
                                                                                                   "es", "ar"))
        paragraphs = len((folder / "en.txt").read_text(encoding="utf-8").split("\n\n"))
        print(f"{args.pages} pages: {paragraphs} paragraphs a language, {words:,} words in the five languages "
              "written with spaces (Chinese besides)")
        for strategy in ("sentences", "whole"):
            with tempfile.TemporaryDirectory() as cache:
                times = stages(folder, Path(cache), strategy)
            wall, cpu = sum(w for w, _ in times.values()), sum(c for _, c in times.values())
            print(f"\nparagraph vectors from {strategy}: {wall:.2f} s wall, {cpu:.2f} s CPU in this process, cold "
                  f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
            for stage, (seconds, cpu_seconds) in times.items():
                print(f"  {stage:<45} {seconds:7.2f} s wall {cpu_seconds:7.2f} s CPU  {cpu_seconds / cpu:6.1%}")
        print("\n".join(cold_and_warm(folder)))  # --level both, the default


if __name__ == "__main__":
    main()
