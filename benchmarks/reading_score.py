"""Score what a reader made of a PDF against a gold list of its paragraphs (the rules of the real-PDF reading benchmark).

A gold file holds one JSON object per item, `{"label", "start", "end", "kind"}`, `start` and `end` being the first and
last words of the item's text (label excluded). Texts are compared after NFKC and case folding, keeping only letters and
digits, so whitespace, hyphenation, quotation marks and ` | ` cell separators do not count. A snippet that begins or
ends with a digit is not found inside a longer number ("Article 1" is not in "Article 10"); a snippet that is a whole
short item (a heading such as "Article 1") is found only at the start or the end of an output paragraph.

For each gold item: **whole** (one output paragraph holds its start and its end), **split** (both found in the output, not in one
paragraph), **lost** (start or end found nowhere in the output); Each item is given to one output paragraph (the one holding its start first, among those holding its start and end
when there are some); **exact**: whole and alone in its paragraph. Over the output: **merged** (one per extra item
given to a paragraph), **leaks** (paragraphs with page furniture: a
symbol alone, the document's symbol at its start or end, a job number, "Please recycle", "Distr.", "Original:", a bar
code, a page number alone), **word_split_rows** (`table_row` paragraphs with more than half, and at least 3, of their
cells single words).

Run on a folder of `<lang>.paragraphs.jsonl` with PDFs under it, e.g. the six-language PDFs made by LibreOffice and
Chromium (with `--align`, also the link F1 of each folder of six files against `gold.jsonl`):

    python -m benchmarks.reading_score corpora/formats/office --align
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

SYMBOL_ALONE = re.compile(r"^[A-Z]{1,2}(/[A-Z0-9.()\-]+)+$")
FURNITURE = re.compile(r"\b\d{2}-\d{5}\b|Please recycle|Distr\.|Original\s*:|\*\d{7,}\*")
PAGE_NUMBER = re.compile(r"^(Page\s*)?\d+(\s*/\s*\d+)?$")


@dataclass(frozen=True)
class GoldItem:
    """One item of a reading gold."""

    label: str
    start: str
    end: str
    kind: str


@dataclass(frozen=True)
class ReadingScore:
    """What a reader made of one file, counted against its gold."""

    items: int
    whole: int
    exact: int
    split: int
    lost: int
    merged: int
    leaks: int
    word_split_rows: int
    output_paragraphs: int

    def __add__(self, other: ReadingScore) -> ReadingScore:
        return ReadingScore(*(a + b for a, b in zip(self.__dict__.values(), other.__dict__.values())))


def normalise(text: str) -> str:
    """NFKC, case-folded, letters and digits only."""
    return "".join(ch for ch in unicodedata.normalize("NFKC", text).casefold() if ch.isalnum())


def load_gold_items(path: Path) -> list[GoldItem]:
    """The items of a `<name>.paragraphs.jsonl` gold file."""
    return [GoldItem(**{k: record[k] for k in ("label", "start", "end", "kind")})
            for record in map(json.loads, path.read_text(encoding="utf-8").splitlines()) if record]


def _positions(needle: str, hay: str) -> list[int]:
    found, start = [], hay.find(needle)
    while start != -1:
        end = start + len(needle)
        if not ((needle[0].isdigit() and start and hay[start - 1].isdigit())
                or (needle[-1].isdigit() and end < len(hay) and hay[end].isdigit())):
            found.append(start)
        start = hay.find(needle, start + 1)
    return found


def _holds(hay: str, needle: str, whole_item: bool) -> bool:
    if not needle:
        return False
    positions = _positions(needle, hay)
    if whole_item:  # a short item given whole: at the start or the end of the paragraph, not inside its text
        return any(p == 0 or p + len(needle) == len(hay) for p in positions)
    return bool(positions)


def _is_leak(text: str, symbol: str) -> bool:
    stripped = " ".join(text.split())
    if SYMBOL_ALONE.match(stripped) or PAGE_NUMBER.match(stripped) or FURNITURE.search(stripped):
        return True
    return bool(symbol) and (stripped.startswith(symbol) or stripped.endswith(symbol))


def _word_split_row(kind: str, text: str) -> bool:
    if kind != "table_row":
        return False
    cells = [cell.strip() for cell in text.split(" | ")]
    single = sum(1 for cell in cells if cell and " " not in cell)
    return single >= 3 and single > len(cells) / 2


def item_owners(gold: Sequence[GoldItem], texts: Sequence[str]) -> list[tuple[int | None, bool]]:
    """For each gold item: the output paragraph it is given to (None when none holds its start) and whether that
    paragraph holds it whole. Among the paragraphs holding its start (and its end, when some hold both), the one where
    the start comes first."""
    hays = [normalise(text) for text in texts]
    owners = []
    for item in gold:
        start, end = normalise(item.start), normalise(item.end)
        short = item.start == item.end and len(start) < 40
        with_start = {k for k, hay in enumerate(hays) if _holds(hay, start, short)}
        with_end = {k for k, hay in enumerate(hays) if _holds(hay, end, short)}
        candidates = (with_start & with_end) or with_start
        owner = min(candidates, key=lambda k: ((_positions(start, hays[k]) or [0])[0], k)) if candidates else None
        owners.append((owner, bool(with_start & with_end)))
    return owners


def score_reading(gold: Sequence[GoldItem], paragraphs: Sequence[tuple[str, str]], symbol: str = "") -> ReadingScore:
    """Score the output paragraphs, (kind, text) in reading order, against the gold items of one file.

    Each item is given to one output paragraph (`item_owners`); a paragraph given several items has merged them.
    """
    owners = item_owners(gold, [text for _, text in paragraphs])
    everything = "".join(normalise(text) for _, text in paragraphs)  # holds a snippet cut by a paragraph break
    split = lost = 0
    for item, (_, whole) in zip(gold, owners):
        if not whole:
            start, end = normalise(item.start), normalise(item.end)
            if start and end and start in everything and end in everything:
                split += 1
            else:
                lost += 1
    given: dict[int, int] = {}
    for k, _ in owners:
        if k is not None:
            given[k] = given.get(k, 0) + 1
    exact = sum(1 for k, whole in owners if whole and given[k] == 1)
    merged = sum(count - 1 for count in given.values())
    leaks = sum(1 for _, text in paragraphs if _is_leak(text, symbol))
    rows = sum(1 for kind, text in paragraphs if _word_split_row(kind, text))
    return ReadingScore(len(gold), sum(whole for _, whole in owners), exact, split, lost, merged, leaks, rows,
                        len(paragraphs))


def projected_units(report: dict, gold_items: dict[str, Sequence[GoldItem]]) -> list[dict[str, list[int]]]:
    """An alignment's units carried over to the gold's paragraphs, for when the reader segmented differently from the
    gold (and `unalign evaluate` refuses to score): each gold item goes to the unit of the output paragraph it is
    given to (`item_owners`); an item no paragraph holds is a unit of its own. Optimistic for a reader that splits
    (the other pieces of a split item are not scored) and pessimistic for one that merges (merged items share a unit).
    """
    units: list[dict[str, list[int]]] = [{lang: [] for lang in gold_items} for _ in report["units"]]
    for lang, gold in gold_items.items():
        texts = [f"{label} {text}" for label, text in zip(report["paragraph_labels"][lang],
                                                           report["paragraph_texts"][lang])]
        unit_of = {i: k for k, unit in enumerate(report["units"]) for i in unit["paragraphs"].get(lang, [])}
        for index, (owner, _) in enumerate(item_owners(gold, texts)):
            if owner is None or owner not in unit_of:
                units.append({**{other: [] for other in gold_items}, lang: [index]})
            else:
                units[unit_of[owner]][lang].append(index)
    return [unit for unit in units if any(unit.values())]


def projected_link_f1(report: dict, gold_units: list[dict[str, list[int]]],
                      gold_items: dict[str, Sequence[GoldItem]]) -> float:
    """Link F1 over all language pairs of `projected_units` against the gold alignment (unalign's evaluation)."""
    import itertools

    from unalign.align.evaluation import Score, score_pair

    predicted = projected_units(report, gold_items)
    total = Score(0, 0, 0, 0)
    for a, b in itertools.combinations(gold_items, 2):
        total = total + score_pair(gold_units, predicted, a, b)[0]
    return total.f1


def read_pdf_paragraphs(pdf: Path, lang: str) -> list[tuple[str, str]]:
    """(kind, text) of the blocks unalign's reader gives for a file."""
    from unalign.align import settings
    from unalign.align.readers import read_blocks

    return [(block.kind, block.text) for block in read_blocks(pdf, settings.language(lang)["join_lines_with"])]


def print_reading(folder: Path) -> None:
    """Print the score of every PDF under `folder` that has a `<lang>.paragraphs.jsonl` gold in a parent folder."""
    print(f"{'file':45} {'items':>5} {'whole':>5} {'exact':>5} {'split':>5} {'lost':>4} {'merged':>6} {'leaks':>5} "
          f"{'rows':>4} {'out':>5}")
    total = None
    for pdf in sorted(folder.rglob("*.pdf")):
        gold_path = pdf.parent.parent / f"{pdf.stem}.paragraphs.jsonl"
        if not gold_path.exists():
            continue
        masthead = pdf.parent.parent / "masthead.json"
        symbol = json.loads(masthead.read_text(encoding="utf-8"))["symbol"] if masthead.exists() else ""
        score = score_reading(load_gold_items(gold_path), read_pdf_paragraphs(pdf, pdf.stem), symbol)
        total = score if total is None else total + score
        print(f"{str(pdf.relative_to(folder)):45} {score.items:5} {score.whole:5} {score.exact:5} {score.split:5} "
              f"{score.lost:4} {score.merged:6} {score.leaks:5} {score.word_split_rows:4} {score.output_paragraphs:5}")
    if total:
        print(f"{'total':45} {total.items:5} {total.whole:5} {total.exact:5} {total.split:5} {total.lost:4} "
              f"{total.merged:6} {total.leaks:5} {total.word_split_rows:4} {total.output_paragraphs:5} "
              f"(exact {total.exact / total.items:.3f})")


def print_alignment(folder: Path) -> None:
    """Align the six files of every `<doc>/<producer>/` folder beside a `<doc>/gold.jsonl` and print link F1 as
    `unalign evaluate` gives it (or why it refuses) and as projected on the gold's paragraphs."""
    import subprocess
    import tempfile

    from unalign.align.evaluation import load_gold

    print(f"{'document/producer':40} {'evaluate F1':>12} {'projected F1':>13}  units")
    for gold_path in sorted(folder.rglob("gold.jsonl")):
        langs = sorted(path.name.split(".")[0] for path in gold_path.parent.glob("*.paragraphs.jsonl"))
        items = {lang: load_gold_items(gold_path.parent / f"{lang}.paragraphs.jsonl") for lang in langs}
        for producer in sorted(p for p in gold_path.parent.iterdir() if p.is_dir()):
            if len({f.stem for f in producer.iterdir()} & set(langs)) < 2:  # udhr/doc: English only
                continue
            with tempfile.TemporaryDirectory() as out:
                aligned = subprocess.run([sys.executable, "-m", "unalign.align", "align", str(producer), "-o", out],
                                         capture_output=True, text=True)
                if aligned.returncode:
                    print(f"{gold_path.parent.name}/{producer.name}: align failed: {aligned.stderr.strip()[-200:]}")
                    continue
                audit = Path(out) / f"{producer.name}.audit.json"
                report = json.loads(audit.read_text(encoding="utf-8"))
                scored = subprocess.run([sys.executable, "-m", "unalign.align", "evaluate", str(audit), "--gold",
                                         str(gold_path), "--json"], capture_output=True, text=True)
                evaluated = f"{json.loads(scored.stdout)['all']['links']['f1']:.4f}" if scored.returncode == 0 \
                    else "refused"
                projected = projected_link_f1(report, load_gold(gold_path), items)
                print(f"{gold_path.parent.name + '/' + producer.name:40} {evaluated:>12} {projected:13.4f}  "
                      f"{report['units_total']}")


def main(arguments: list[str]) -> None:
    """`python -m benchmarks.reading_score [FOLDER] [--align]`: reading scores, and with --align link F1."""
    folder = Path(next((a for a in arguments if not a.startswith("-")), "corpora/formats/office"))
    print_reading(folder)
    if "--align" in arguments:
        print_alignment(folder)


if __name__ == "__main__":
    main(sys.argv[1:])
