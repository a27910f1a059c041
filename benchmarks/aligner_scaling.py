"""Does the aligner's cost grow linearly with the document? Time per paragraph at 1×, 4× and 16× the size.

    python -m benchmarks.aligner_scaling [--profile]

Only the alignment is timed: the embeddings come from the cache (computed on the first run). Two ways to grow a
document: "distinct" takes 1, 4, 16 consecutive slices of 250 UNPC sentences (different text throughout, like a longer
report); "repeated" concatenates the SDG goals and targets 1, 4, 16 times (the same numbering and text again and
again, the hard case for anchors). Flat ms/paragraph means linear total cost.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import time

import numpy as np

from unalign.aligning import align_versions, default_params
from unalign.embedding import DEFAULT_MODEL, default_cache_dir, embed
from unalign.model import Paragraph
from unalign.numbering import assign_addresses
from unalign.model import Block
from benchmarks.synthetic import LANGS, paragraphs

FACTORS = (1, 4, 16)


def document(texts: dict[str, list[str]]):
    """Paragraphs with addresses, and their cached embeddings, per language."""
    paras, vectors = {}, {}
    for lang in LANGS:
        paras[lang] = tuple(assign_addresses([Block("paragraph", t) for t in texts[lang]], lang))
        vectors[lang] = embed(texts[lang], DEFAULT_MODEL, default_cache_dir())
    return paras, vectors


def timed_alignment(paras: dict[str, tuple[Paragraph, ...]], vectors: dict[str, np.ndarray]) -> float:
    start = time.perf_counter()
    align_versions(paras, vectors, "scaling")
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", action="store_true", help="print where the time goes at 16×")
    parser.add_argument("--growth", choices=("distinct", "repeated"), action="append",
                        help="only this way of growing the document (default: both)")
    parser.add_argument("--max-seconds", type=float, default=300, help="skip a size whose time, if it grew "
                        "quadratically, would exceed this")
    args = parser.parse_args()
    unpc = {lang: paragraphs("unpc_v1_devset", lang) for lang in LANGS}
    sdg = {lang: paragraphs("sdg_goals_targets", lang) for lang in LANGS}
    growths = {
        "distinct": lambda k: {lang: unpc[lang][:250 * k] for lang in LANGS},
        "repeated": lambda k: {lang: sdg[lang] * k for lang in LANGS},
    }
    params = default_params()
    print(f"band: {params.band_fraction:.0%} of the longer side, at least {params.band_min} cells", flush=True)
    for name in args.growth or growths:
        grow, base, last = growths[name], None, None
        for k in FACTORS:
            if last and last[1] * (k / last[0]) ** 2 > args.max_seconds:
                print(f"{name:>9} {k:>2}×: skipped, a quadratic cost would take over {args.max_seconds:.0f} s")
                break
            paras, vectors = document(grow(k))
            count = sum(len(p) for p in paras.values())
            seconds = timed_alignment(paras, vectors)
            last = (k, seconds)
            per = 1000 * seconds / count
            base = base or per
            print(f"{name:>9} {k:>2}×: {count // 6:>5} paragraphs a language, {seconds:7.2f} s, "
                  f"{per:6.3f} ms/paragraph ({per / base:4.1f}× the 1× cost per paragraph)", flush=True)
            if args.profile and k == FACTORS[-1]:
                profiler = cProfile.Profile()
                profiler.runcall(align_versions, paras, vectors, "scaling")
                pstats.Stats(profiler).sort_stats("tottime").print_stats(8)


if __name__ == "__main__":
    main()
