"""How well PDFs are read into paragraphs, scored against gold lists of their items.

Usage: python -m benchmarks.reading [FOLDER] [--backend pypdfium2|pdfplumber|docling-parse]

FOLDER (default: ../shared/corpora/real-pdf beside the checkout) holds `<name>.pdf` files, each with a gold
`<name>.paragraphs.jsonl` (one item a line: label, start, end, kind). The scoring is the one described in that
folder's README: texts are compared after NFKC and case folding, keeping letters and digits only; each gold item is
read whole, split or lost; output paragraphs holding the start of several items are merged; leaks are output
paragraphs with front or running matter; word-split rows are table rows of single words; exact is whole and alone.
Beside it, stricter ("verbatim"): of the exact items, those whose paragraph holds their start and end snippets with
their punctuation, spacing and case, compared after NFC and one space for each run of white space only (the gold
gives snippets only: a defect between them is not seen; benchmarks/reading_score.py has full texts).
Prints one line per document, the total and the seconds per page. `score_reading` is the scoring, for tests.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, fields
from pathlib import Path

DEFAULT_FOLDER = Path(__file__).resolve().parents[1].parent / "shared" / "corpora" / "real-pdf"

# A heading's whole text may also occur inside other paragraphs ("Human rights"): it counts only at the start of an
# output paragraph (after a label of this many characters) or at its end.
_LABEL_ROOM = 8


@dataclass(frozen=True)
class GoldItem:
    """One gold item: its printed label, the first and last words of its text, its kind."""

    label: str
    start: str
    end: str
    kind: str


@dataclass(frozen=True)
class OutputParagraph:
    """One paragraph as the reader gives it: kind and text."""

    kind: str
    text: str


@dataclass(frozen=True)
class ReadingScore:
    """The counts of one document (or a total)."""

    items: int
    whole: int
    exact: int
    split: int
    lost: int
    merged: int
    leaks: int
    word_split_rows: int
    paragraphs: int
    not_exact: tuple[str, ...] = ()  # the starts of the items not read exactly, for inspection
    leaked: tuple[str, ...] = ()  # the leaking output paragraphs
    verbatim: int = 0  # of the exact items, those read with their punctuation and spacing too (`verbatim`)
    not_verbatim: tuple[str, ...] = ()  # the exact items that are not, as read, for inspection

    def __add__(self, other: ReadingScore) -> ReadingScore:
        return ReadingScore(**{f.name: getattr(self, f.name) + getattr(other, f.name) for f in fields(self)})


def normalise(text: str, marks: bool = False) -> str:
    """NFKC, case folded, letters and digits only; with `marks`, combining marks too (Arabic harakat, in order)."""
    return "".join(ch for ch in unicodedata.normalize("NFKC", text).casefold()
                   if ch.isalnum() or marks and unicodedata.category(ch) == "Mn")


def verbatim(text: str) -> str:
    """NFC with every run of white space one space, and nothing else: the strict comparison, which sees punctuation,
    spacing and case (`1 .1` is not `1.1`) that `normalise` sets aside."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def read_gold(path: Path) -> list[GoldItem]:
    """The items of a `<name>.paragraphs.jsonl` gold file."""
    items = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            items.append(GoldItem(row.get("label", ""), row["start"], row["end"], row.get("kind", "paragraph")))
    return items


def symbol_of(name: str) -> str:
    """The document symbol a gold file is named after: S_2013_220 -> S/2013/220."""
    return name.replace("_", "/")


def _holds(paragraph: str, snippet: str, whole_text: bool) -> bool:
    """Whether a normalised output paragraph holds a snippet; an item whose snippet is its whole text (a heading)
    is held only at the start of a paragraph (after a label of a few characters) or at its end."""
    if snippet not in paragraph:
        return False
    return not whole_text or paragraph.find(snippet) <= _LABEL_ROOM or paragraph.endswith(snippet)


def is_leak(text: str, symbol: str) -> bool:
    """Whether an output paragraph holds front or running matter (README, Scoring: leaks)."""
    stripped = text.strip()
    if re.fullmatch(r"[A-Z]{1,6}(?:/[A-Z0-9.\-()]{1,14}){1,6}", stripped):
        return True  # a symbol alone
    if symbol and (stripped.startswith(symbol) or stripped.endswith(symbol)):
        return True
    if re.search(r"(?<![\d/.,-])\d{2}-\d{5}(?!\d)", stripped):
        return True  # job number
    if re.search(r"(?i)please recycle|\bdistr\.|original:\s*english", stripped):
        return True
    if re.search(r"\*\d{7}\*", stripped) or re.fullmatch(r"\d{7}", stripped):
        return True  # bar code
    return bool(re.fullmatch(r"(?i)(?:page\s*)?[-–]?\s*\d{1,4}\s*[-–]?(?:\s*/\s*\d{1,4})?", stripped))


def is_word_split_row(paragraph: OutputParagraph) -> bool:
    """A table row whose cells are mostly single words (more than half, and at least 3): a line of text cut at each
    word. A figure or a dash is a table value, not a word: a row of a real table of figures is not counted."""
    if paragraph.kind != "table_row":
        return False
    cells = [c.strip() for c in paragraph.text.split("|") if c.strip()]
    single = sum(1 for c in cells if len(c.split()) == 1 and any(ch.isalpha() for ch in c))
    return single >= 3 and single > len(cells) / 2


def score_reading(gold: Sequence[GoldItem], output: Sequence[OutputParagraph], symbol: str = "",
                  marks: bool = False, full_texts: Sequence[str] | None = None) -> ReadingScore:
    """Score one document's output paragraphs against its gold items; with `marks`, their combining marks compared
    too (an Arabic harakah after the wrong letter makes the item not found).

    An exact item is also read verbatim (`ReadingScore.verbatim`) when its paragraph, compared by `verbatim`, is its
    full text (`full_texts`, one per item, its label and a space before it where it has one) or, without full texts,
    holds its start and end snippets."""
    texts = [normalise(p.text, marks) for p in output]
    starts = [normalise(item.start, marks) for item in gold]
    ends = [normalise(item.end, marks) for item in gold]
    whole_text = [s == e for s, e in zip(starts, ends)]
    everything = "".join(texts)  # "found" means found somewhere in the output, across paragraph boundaries too
    # The output paragraph that is the home of each item: one holding it whole, one not yet taken by another item
    # if possible (a heading such as "Introduction" can be an item twice).
    home: list[int | None] = []
    taken: set[int] = set()
    status = []
    for start, end, whole in zip(starts, ends, whole_text):
        both = [k for k, t in enumerate(texts) if _holds(t, start, whole) and _holds(t, end, whole)]
        if whole:  # a paragraph that is the heading alone first
            both.sort(key=lambda k: len(texts[k]) - len(start) > _LABEL_ROOM)
        if both:
            free = [k for k in both if k not in taken] or both
            home.append(free[0])
            taken.add(free[0])
            status.append("whole")
        elif start in everything and end in everything:
            home.append(None)
            status.append("split")
        else:
            home.append(None)
            status.append("lost")
    # The items each output paragraph holds: those it is the home of, and those whose start it holds (a heading's
    # whole text, found in many places, only where it is at home).
    holders: dict[int, set[int]] = {}
    for i, k in enumerate(home):
        if k is not None:
            holders.setdefault(k, set()).add(i)
    for i, (start, whole) in enumerate(zip(starts, whole_text)):
        if not whole:
            for k, t in enumerate(texts):
                if start in t:
                    holders.setdefault(k, set()).add(i)
    merged = sum(len(items) - 1 for items in holders.values() if len(items) > 1)
    exact_items = [i for i, k in enumerate(home) if k is not None and set(holders.get(k, [])) <= {i}]
    not_exact = tuple(f"{status[i]}: {gold[i].label} {gold[i].start}" for i in range(len(gold))
                      if i not in set(exact_items))
    leaked = tuple(p.text for p in output if is_leak(p.text, symbol))
    not_verbatim = []
    for i in exact_items:
        read = verbatim(output[home[i]].text)
        if full_texts is not None:
            right = read == verbatim(full_texts[i])
        else:
            right = verbatim(gold[i].start) in read and verbatim(gold[i].end) in read
        if not right:
            not_verbatim.append(read)
    return ReadingScore(
        verbatim=len(exact_items) - len(not_verbatim), not_verbatim=tuple(not_verbatim),
        items=len(gold), whole=status.count("whole"), exact=len(exact_items), split=status.count("split"),
        lost=status.count("lost"), merged=merged, leaks=len(leaked),
        word_split_rows=sum(is_word_split_row(p) for p in output), paragraphs=len(output), not_exact=not_exact,
        leaked=leaked)


def read_output(pdf: Path, backend: str = "pypdfium2", lang: str = "en") -> list[OutputParagraph]:
    """The paragraphs of a PDF as `unalign segment FILE --lang LANG --json` prints them."""
    from unalign import settings
    from unalign.numbering import assign_addresses
    from unalign.readers.pdf import pdf_blocks

    blocks = pdf_blocks(pdf, settings.language(lang)["join_lines_with"], backend=backend)
    return [OutputParagraph(p.kind, p.text) for p in assign_addresses(blocks, lang)]


def page_count(pdf: Path) -> int:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(pdf))
    try:
        return len(document)
    finally:
        document.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT_FOLDER)
    parser.add_argument("--backend", default="pypdfium2", choices=("pypdfium2", "pdfplumber", "docling-parse"))
    parser.add_argument("--lang", default="en")
    parser.add_argument("--show", action="store_true", help="print the items not read exactly and the leaks")
    args = parser.parse_args(argv)
    golds = sorted(args.folder.glob("*.paragraphs.jsonl"))
    if not golds:
        print(f"{args.folder}: no <name>.paragraphs.jsonl gold files", file=sys.stderr)
        return 2
    header = f"{'document':<14}{'items':>6}{'exact':>13}{'verbatim':>9}{'whole':>7}{'split':>6}{'lost':>5}{'merged':>7}" \
             f"{'leaks':>6}{'wsrows':>7}{'paras':>6}{'s/page':>8}"
    print(f"backend: {args.backend}")
    print(header)
    total = ReadingScore(0, 0, 0, 0, 0, 0, 0, 0, 0)
    seconds = 0.0
    pages = 0
    for gold_path in golds:
        name = gold_path.name.removesuffix(".paragraphs.jsonl")
        pdf = gold_path.with_name(f"{name}.pdf")
        began = time.perf_counter()
        output = read_output(pdf, args.backend, args.lang)
        took = time.perf_counter() - began
        count = page_count(pdf)
        score = score_reading(read_gold(gold_path), output, symbol_of(name))
        total, seconds, pages = total + score, seconds + took, pages + count
        print(_row(name, score, took / count))
        if args.show:
            for line in score.not_exact:
                print("    ", line)
            for line in score.not_verbatim:
                print("     not verbatim:", line[:120])
            for line in score.leaked:
                print("     leak:", line[:120])
    print(_row("total", total, seconds / max(pages, 1)))
    return 0


def _row(name: str, s: ReadingScore, per_page: float) -> str:
    exact = f"{s.exact} ({s.exact / max(s.items, 1):.3f})"
    return f"{name:<14}{s.items:>6}{exact:>13}{s.verbatim:>9}{s.whole:>7}{s.split:>6}{s.lost:>5}{s.merged:>7}{s.leaks:>6}" \
           f"{s.word_split_rows:>7}{s.paragraphs:>6}{per_page:>8.3f}"


if __name__ == "__main__":
    sys.exit(main())
