"""Sentence boundaries on UN text: unalign's rules against pysbd, sentencex and blingfire, per language.

    python -m benchmarks.sentence_splitting

Gold from the UNPC devset (corpora/unpc_v1_devset): its lines are sentences, cut by the UNPC's own pipeline, and
ids.txt says which document each comes from. The lines of one document, in order, are joined into paragraphs of up to
six lines (a space between them, none in Chinese); a boundary is known at every join after a line that ends a
sentence (. ! ? 。 ！ ？ ؟, possibly before a closing quote or bracket). Joins after a line that ends otherwise (a
heading, a list item ending in ';' or ':') are neither counted nor held against a splitter, nor is a cut just after
the label that opens the next line: the UNPC cut there because its paragraph ended. A boundary predicted anywhere else, inside a line, is a false one.
The other libraries are not dependencies of unalign: install them to run this (pip install pysbd sentencex blingfire).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from unalign.sentences import sentence_spans
from benchmarks.synthetic import LANGS, paragraphs, unpc_documents

_SENTENCE_END = tuple(".!?。！？؟")
_CLOSING = "\"'”’»)]）」』"


def gold_paragraphs(lang: str, size: int = 6) -> list[tuple[str, set[int], set[int]]]:
    """(paragraph, offsets of known boundaries, offsets of joins not counted) for every paragraph of the gold."""
    lines = paragraphs("unpc_v1_devset", lang)
    joiner = "" if lang == "zh" else " "
    out = []
    for numbers in unpc_documents().values():
        for first in range(0, len(numbers), size):
            chunk = [lines[i].strip() for i in numbers[first:first + size]]
            chunk = [line for line in chunk if line]
            if len(chunk) < 2:
                continue
            text, known, ignored = "", set(), set()
            for k, line in enumerate(chunk):
                if k:
                    ends = chunk[k - 1].rstrip(_CLOSING).endswith(_SENTENCE_END)
                    (known if ends else ignored).add(len(text))
                    text += joiner
                    label = line.split(maxsplit=1)[0] if line.split() else ""
                    if not ends and len(label) <= 6 and label.endswith((".", ")")):
                        # "… Secretary-General 6. Invites": the cut after a paragraph's label, joined to a line
                        # that did not end a sentence, is where that paragraph started, not a false boundary.
                        ignored.add(len(text) + len(label))
                text += line
            out.append((text, known, ignored))
    return out


def boundaries(spans: list[tuple[int, int]], text: str) -> set[int]:
    """Where the sentences of `text` end, but the last: the offsets a join of two gold lines is compared with (the
    end of a line, before the space that joins it to the next)."""
    return {end for _, end in spans[:-1]}


def score(split: Callable[[str, str], list[tuple[int, int]]], lang: str) -> tuple[float, float, float, float]:
    """(precision, recall, F1, seconds) of `split` on the gold of `lang`."""
    found = predicted = gold = 0
    seconds = 0.0
    for text, known, ignored in gold_paragraphs(lang):
        start = time.perf_counter()
        spans = split(text, lang)
        seconds += time.perf_counter() - start
        cuts = boundaries(spans, text) - ignored
        found += len(cuts & known)
        predicted += len(cuts)
        gold += len(known)
    precision, recall = found / max(predicted, 1), found / max(gold, 1)
    return precision, recall, 2 * precision * recall / max(precision + recall, 1e-9), seconds


def _located(pieces: list[str], text: str) -> list[tuple[int, int]]:
    """Offsets of sentences a library returns as strings, found in order in `text` (stripped of whitespace)."""
    spans, at = [], 0
    for piece in pieces:
        piece = piece.strip()
        if not piece:
            continue
        start = text.find(piece, at)
        if start < 0:  # the library changed the text: fall back on its length
            start = at
        spans.append((start, start + len(piece)))
        at = start + len(piece)
    return spans


def _pysbd() -> Callable | None:
    try:
        import pysbd
    except ImportError:
        return None
    segmenters = {}

    def split(text: str, lang: str):
        if lang not in segmenters:
            segmenters[lang] = pysbd.Segmenter(language=lang, clean=False, char_span=True)
        return [(s.start, s.start + len(s.sent.rstrip())) for s in segmenters[lang].segment(text)]

    return split


def _sentencex() -> Callable | None:
    try:
        from sentencex import segment
    except ImportError:
        return None
    return lambda text, lang: _located(list(segment(lang, text)), text)


def _blingfire() -> Callable | None:
    try:
        from blingfire import text_to_sentences_and_offsets
    except ImportError:
        return None

    return lambda text, lang: list(text_to_sentences_and_offsets(text)[1])


def main() -> None:
    candidates = {"unalign rules": sentence_spans, "pysbd": _pysbd(), "sentencex": _sentencex(),
                  "blingfire": _blingfire()}
    counts = {lang: (len(gold_paragraphs(lang)), sum(len(k) for _, k, _ in gold_paragraphs(lang))) for lang in LANGS}
    print("UNPC devset: paragraphs of up to 6 lines of one document; "
          + ", ".join(f"{lang} {n} paragraphs/{b} boundaries" for lang, (n, b) in counts.items()))
    print(f"{'splitter':<15}" + "".join(f"{lang:>20}" for lang in LANGS) + f"{'ms (all)':>10}")
    print(f"{'':<15}" + "".join(f"{'P / R / F1':>20}" for _ in LANGS))
    for name, split in candidates.items():
        if split is None:
            print(f"{name:<15} not installed")
            continue
        row, total = [], 0.0
        for lang in LANGS:
            try:
                precision, recall, f1, seconds = score(split, lang)
                row.append(f"{precision:.3f}/{recall:.3f}/{f1:.3f}")
                total += seconds
            except Exception as exc:  # a library that does not know the language
                row.append(f"({type(exc).__name__})")
        print(f"{name:<15}" + "".join(f"{cell:>20}" for cell in row) + f"{1000 * total:10.0f}")


if __name__ == "__main__":
    main()
