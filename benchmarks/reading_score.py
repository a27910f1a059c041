"""Reading and alignment scores of the six-language PDFs of corpora/formats/office (LibreOffice, Chromium,
WeasyPrint, Ghostscript's ps2pdf, Typst, XeLaTeX).

The reading score is benchmarks/reading.py's (the rules of the real-PDF reading benchmark), applied to every PDF under
a folder that has a `<lang>.paragraphs.jsonl` gold beside its producer's folder. Beside it, the anchor: the lines of
the PDF's own text layer as `pdftotext` (poppler, in its reading order) gives them, each compared, normalised as the score normalises,
with the version's corpus text: a line that pdftotext reads right (it is in the corpus text) and that is not in the
reader's paragraphs is a line the reader reads worse than the text layer.

Both are given twice: comparing letters and digits only (`reading.normalise`, the figures of issue 26 so far), and
strictly (`reading.verbatim`: NFC and one space for each run of white space, nothing else), which sees punctuation,
spacing and case. A paragraph is exact strictly when its text is the item's full text as the PDFs were made from it
(`office/make_office_pdfs.py`: the label, a space, the text); a text-layer line, bidi controls and a footnote call at
its end taken off, is compared strictly with the corpus text and the reader's paragraphs. With `--align`, each folder of six PDFs is
aligned and scored against its `gold.jsonl` by `unalign evaluate`:

    python -m benchmarks.reading_score corpora/formats/office --align
"""

from __future__ import annotations

import functools
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.reading import normalise, read_gold, read_output, score_reading, verbatim

CORPORA = Path(__file__).resolve().parents[1] / "corpora"
OFFICE = CORPORA / "formats" / "office"
# A footnote call glued to a line's last word; in a right-to-left line pdftotext puts it inside bidi controls.
_CALL_AT_END = re.compile(r"(?<=[^\s\d])[0-9]{1,2}$"
                          r"|(?<=[^\W\d_][\u202a\u202b\u2066\u2067])[0-9]{1,2}(?=[\u202c\u2069]+$)")
_MIN_LINE = 4  # text-layer lines of fewer letters and digits (a page number, a lone call) are not compared
# The bidi controls pdftotext puts around a right-to-left run: no text of the document, taken off a line compared
# strictly.
_BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


@functools.cache  # asked once per PDF: six producers and more share a version's text
def corpus_text(document: str, lang: str, strict: bool = False) -> str:
    """The normalised text of one version in the corpora (the UDHR's headings and paragraphs, the SDG lines), or ""
    for a document the corpora do not hold; `strict`, by `verbatim`, a paragraph a line."""
    texts: list[str] = []
    if (CORPORA / document / f"{lang}.txt").exists():
        texts = (CORPORA / document / f"{lang}.txt").read_text(encoding="utf-8").splitlines()
    elif (CORPORA / document / f"{lang}.html").exists():
        import lxml.html

        root = lxml.html.document_fromstring((CORPORA / document / f"{lang}.html").read_text(encoding="utf-8"))
        texts = [e.text_content() for e in root.iter("h1", "h2", "p")]
    elif full_texts(document, lang) is not None:  # a document made of another corpus's lines (UNPC): its items
        texts = list(full_texts(document, lang, notes=False))
    if strict:
        return "\n".join(verbatim(t) for t in texts)
    return "".join(normalise(t) for t in texts)


@functools.cache
def full_texts(document: str, lang: str, notes: bool = True) -> tuple[str, ...] | None:
    """The full text of every gold item of one version of the office PDFs, as `make_office_pdfs.py` lays it out (the
    label, a space, the text; the footnotes after their callers, unless not `notes`), in the gold's order; None for
    another document."""
    sys.path.insert(0, str(OFFICE))
    try:
        import make_office_pdfs as office
    finally:
        sys.path.remove(str(OFFICE))
    sources = {source.name: (source, items_of) for source, items_of in office.SOURCES}
    if document not in sources:
        return None
    source, items_of = sources[document]
    items = office.reading_order(office.with_notes(items_of(lang), source.notes if notes else {}, lang))
    return tuple(f"{item.label} {item.text}" if item.label else item.text for item in items)


def text_layer_lines(pdf: Path) -> list[str]:
    """The lines of a PDF's text layer as poppler's `pdftotext` reads them (its reading order, one per line)."""
    done = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True,
                          check=True)
    return done.stdout.splitlines()


def worse_than_text_layer(lines: list[str], reference: str, paragraphs: list[str],
                          strict: bool = False) -> tuple[int, list[str]]:
    """How many text-layer lines read right (found in the reference text), and those of them that are not in the
    reader's paragraphs (each normalised; a line is looked for in the paragraphs joined, a paragraph holding many).
    `strict`: compared by `verbatim`, bidi controls off the line (the reference `corpus_text(..., strict=True)`)."""
    norm = verbatim if strict else normalise
    read = "\n".join(norm(p) for p in paragraphs)
    right, worse = 0, []
    for line in lines:
        line = _BIDI_CONTROLS.sub("", line) if strict else line
        wanted = norm(_CALL_AT_END.sub("", line.rstrip()))  # a footnote call glued to the line's last word
        if len(normalise(wanted)) < _MIN_LINE or wanted not in reference:
            continue
        right += 1
        if wanted not in read:
            worse.append(line)
    return right, worse


def print_reading(folder: Path, show: bool = False) -> None:
    """Print the score of every PDF under `folder` that has a `<lang>.paragraphs.jsonl` gold in a parent folder, its
    lines read worse than its text layer, and a summary per producer and language, each document apart (the SDG
    goals and targets are what issue 26's Arabic rules were tuned on, the UDHR held out): paragraphs exact strictly
    and by letters and digits, lines worse than pdftotext both ways; and for Arabic the exact share with the harakat
    compared too, their order counted apart."""
    anchor = shutil.which("pdftotext") is not None
    print(f"{'file':45} {'items':>5} {'whole':>5} {'exact':>5} {'strict':>6} {'split':>5} {'lost':>4} {'merged':>6} "
          f"{'leaks':>5} {'rows':>4} {'out':>5} {'tl-right':>8} {'worse':>5} {'strict tl-right':>15} {'worse':>5}")
    total = None
    summary: dict[tuple[str, str, str], tuple[int, int, int, int, int, int, int]] = {}
    marked: dict[tuple[str, str, str], int] = {}  # exact with the combining marks compared too
    for pdf in sorted(folder.rglob("*.pdf")):
        gold_path = pdf.parent.parent / f"{pdf.stem}.paragraphs.jsonl"
        if not gold_path.exists():
            continue
        masthead = pdf.parent.parent / "masthead.json"
        symbol = json.loads(masthead.read_text(encoding="utf-8"))["symbol"] if masthead.exists() else ""
        output = read_output(pdf, lang=pdf.stem)
        gold = read_gold(gold_path)
        document = gold_path.parent.name
        score = score_reading(gold, output, symbol, full_texts=full_texts(document, pdf.stem))
        with_marks = score_reading(gold, output, symbol, marks=True)
        total = score if total is None else total + score
        texts = [p.text for p in output]
        lines = text_layer_lines(pdf) if anchor else []
        right, worse = worse_than_text_layer(lines, corpus_text(document, pdf.stem), texts)
        strict_right, strict_worse = worse_than_text_layer(lines, corpus_text(document, pdf.stem, strict=True),
                                                           texts, strict=True)
        print(f"{str(pdf.relative_to(folder)):45} {score.items:5} {score.whole:5} {score.exact:5} "
              f"{score.verbatim:6} {score.split:5} {score.lost:4} {score.merged:6} {score.leaks:5} "
              f"{score.word_split_rows:4} {score.paragraphs:5} {right:8} {len(worse):5} {strict_right:15} "
              f"{len(strict_worse):5}")
        if show:
            for line in score.not_exact:
                print("     ", line[:150])
            for line in score.not_verbatim:
                print("      not verbatim:", line[:150])
            for line in worse:
                print("      worse than pdftotext:", line[:150])
            for line in strict_worse:
                if line not in worse:
                    print("      worse than pdftotext, strictly:", line[:150])
        key = (document, pdf.parent.name, pdf.stem)
        summary[key] = (score.items, score.verbatim, score.exact, strict_right, len(strict_worse), right, len(worse))
        marked[key] = with_marks.exact
    if total:
        print(f"{'total':45} {total.items:5} {total.whole:5} {total.exact:5} {total.verbatim:6} {total.split:5} "
              f"{total.lost:4} {total.merged:6} {total.leaks:5} {total.word_split_rows:4} {total.paragraphs:5} "
              f"(exact {total.exact / total.items:.3f}, strictly {total.verbatim / total.items:.3f})")
    langs = ("ar", "zh", "en", "fr", "ru", "es")
    for document in sorted({d for d, _, _ in summary}):
        producers = sorted({p for d, p, _ in summary if d == document})
        print(f"\n{document}: paragraphs exact, strict / exact, letters and digits (of the items)")
        print(f"{'producer':12}" + "".join(f"{lang:>14}" for lang in langs) + f"{'all':>18}")
        for producer in producers:
            rows = [summary.get((document, producer, lang), (0,) * 7) for lang in langs]
            cells = [f"{r[1]}/{r[2]} ({r[0]})" for r in rows]
            items, strict, exact = (sum(r[k] for r in rows) for k in range(3))
            print(f"{producer:12}" + "".join(f"{c:>14}" for c in cells) + f"{f'{strict}/{exact} ({items})':>18}")
        print(f"{document}: lines read worse than pdftotext, strict / letters and digits (of those it reads right)")
        print(f"{'producer':12}" + "".join(f"{lang:>18}" for lang in langs))
        for producer in producers:
            rows = [summary.get((document, producer, lang), (0,) * 7) for lang in langs]
            print(f"{producer:12}" + "".join(f"{f'{r[4]}/{r[6]} ({r[3]}/{r[5]})':>18}" for r in rows))
        shares = []
        for producer in producers:
            items = summary.get((document, producer, "ar"), (0,) * 7)[0]
            if items:  # (ps2pdf_libreoffice's SDG has its French and Spanish only)
                shares.append(f"{producer} {marked.get((document, producer, 'ar'), 0) / items:.3f}")
        print("Arabic exact with its marks compared too (letters and digits; mark order set aside): " + ", ".join(shares))


def projected_units(audit_path: Path, gold_folder: Path) -> list[dict[str, list[int]]]:
    """The units of an audit projected onto the reading gold's items: each gold item takes the unit of the output
    paragraph that holds its start (the first not yet taken, a heading's whole text only at a paragraph's start or
    end), an item found nowhere a unit of its own. Then every gold item is in one unit, whatever the reader made of
    the paragraphs, and `evaluate.score_pair` can score the links."""
    from benchmarks.reading import _holds
    from unalign.outputs.audit import Audit

    audit = Audit.read(audit_path)
    unit_of: dict[str, dict[int, int]] = {lang: {} for lang in audit.languages}
    for k, unit in enumerate(audit.units):
        for lang, indices in unit.paragraphs.items():
            for i in indices:
                unit_of[lang][i] = k
    grouped: dict[object, dict[str, list[int]]] = {}
    for lang in audit.languages:
        gold = read_gold(gold_folder / f"{lang}.paragraphs.jsonl")
        texts = [normalise(p.text) for p in audit.paragraphs[lang]]
        taken: set[int] = set()
        for g, item in enumerate(gold):
            start, end = normalise(item.start), normalise(item.end)
            whole = start == end
            homes = [k for k, t in enumerate(texts) if _holds(t, start, whole)]
            free = [k for k in homes if k not in taken] or homes
            key: object = ("alone", lang, g)
            if free:
                taken.add(free[0])
                key = unit_of[lang].get(free[0], key)
            grouped.setdefault(key, {}).setdefault(lang, []).append(g)
    return list(grouped.values())


def projected_link_f1(audit_path: Path, gold_folder: Path) -> float:
    """Link F1 over every language pair (`unalign evaluate`'s link score, summed over the pairs) of an audit's
    units projected onto the reading gold's items (`projected_units`), over the languages the audit holds (a folder
    of two rewrites, ps2pdf's of LibreOffice's SDG, has two)."""
    import itertools

    from unalign.evaluation import Score, load_gold, score_pair
    from unalign.outputs.audit import Audit

    gold = load_gold(gold_folder / "gold.jsonl")
    predicted = projected_units(audit_path, gold_folder)
    held = set(Audit.read(audit_path).languages)
    langs = sorted({lang for unit in gold for lang in unit if lang != "id"} & held)
    total = Score(0, 0, 0, 0)
    for a, b in itertools.combinations(langs, 2):
        total = total + score_pair(gold, predicted, a, b)[0]
    return total.f1


def print_alignment(folder: Path) -> None:
    """Align the six files of every `<doc>/<producer>/` folder beside a `<doc>/gold.jsonl` and print the link F1 that
    `unalign evaluate` gives (it refuses when the reader's paragraphs are not the gold's) and the link F1 of the units
    projected onto the gold's items (`projected_link_f1`), which any reading can be given."""
    print(f"{'document/producer':40} {'unalign evaluate F1':>21} {'projected':>10}")
    for gold_path in sorted(folder.rglob("gold.jsonl")):
        langs = {path.name.split(".")[0] for path in gold_path.parent.glob("*.paragraphs.jsonl")}
        for producer in sorted(p for p in gold_path.parent.iterdir() if p.is_dir()):
            if len({f.stem for f in producer.iterdir()} & langs) < 2:  # udhr/doc: English only
                continue
            with tempfile.TemporaryDirectory() as out:
                name = f"{gold_path.parent.name}/{producer.name}"
                aligned = subprocess.run([sys.executable, "-m", "unalign", "align", str(producer), "-o", out,
                                          "--level", "paragraph"], capture_output=True, text=True)
                if aligned.returncode:
                    print(f"{name}: align failed: {aligned.stderr.strip()[-200:]}")
                    continue
                scored = subprocess.run([sys.executable, "-m", "unalign", "evaluate",
                                         str(Path(out) / f"{producer.name}.audit.json"), "--gold", str(gold_path),
                                         "--json"], capture_output=True, text=True)
                f1 = f"{json.loads(scored.stdout)['all']['links']['f1']:.4f}" if scored.returncode == 0 else \
                    "(segmented otherwise)"
                projected = projected_link_f1(Path(out) / f"{producer.name}.audit.json", gold_path.parent)
                print(f"{name:40} {f1:>21} {projected:>10.4f}")


def main(arguments: list[str]) -> None:
    """`python -m benchmarks.reading_score [FOLDER] [--align] [--show]`: reading scores, and with --align link F1;
    --show prints the items not read exactly and the lines read worse than the text layer."""
    folder = Path(next((a for a in arguments if not a.startswith("-")), "corpora/formats/office"))
    print_reading(folder, "--show" in arguments)
    if "--align" in arguments:
        print_alignment(folder)


if __name__ == "__main__":
    main(sys.argv[1:])
