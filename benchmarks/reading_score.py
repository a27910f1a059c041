"""Reading and alignment scores of the six-language PDFs made by LibreOffice and Chromium (corpora/formats/office).

The reading score is benchmarks/reading.py's (the rules of the real-PDF reading benchmark), applied to every PDF under
a folder that has a `<lang>.paragraphs.jsonl` gold beside its producer's folder; with `--align`, each folder of six
PDFs is aligned and scored against its `gold.jsonl` by `unalign evaluate`:

    python -m benchmarks.reading_score corpora/formats/office --align
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.reading import read_gold, read_output, score_reading


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
        score = score_reading(read_gold(gold_path), read_output(pdf, lang=pdf.stem), symbol)
        total = score if total is None else total + score
        print(f"{str(pdf.relative_to(folder)):45} {score.items:5} {score.whole:5} {score.exact:5} {score.split:5} "
              f"{score.lost:4} {score.merged:6} {score.leaks:5} {score.word_split_rows:4} {score.paragraphs:5}")
    if total:
        print(f"{'total':45} {total.items:5} {total.whole:5} {total.exact:5} {total.split:5} {total.lost:4} "
              f"{total.merged:6} {total.leaks:5} {total.word_split_rows:4} {total.paragraphs:5} "
              f"(exact {total.exact / total.items:.3f})")


def print_alignment(folder: Path) -> None:
    """Align the six files of every `<doc>/<producer>/` folder beside a `<doc>/gold.jsonl` and print the link F1 that
    `unalign evaluate` gives (or why it refuses)."""
    print(f"{'document/producer':40} {'link F1':>8}")
    for gold_path in sorted(folder.rglob("gold.jsonl")):
        langs = {path.name.split(".")[0] for path in gold_path.parent.glob("*.paragraphs.jsonl")}
        for producer in sorted(p for p in gold_path.parent.iterdir() if p.is_dir()):
            if len({f.stem for f in producer.iterdir()} & langs) < 2:  # udhr/doc: English only
                continue
            with tempfile.TemporaryDirectory() as out:
                name = f"{gold_path.parent.name}/{producer.name}"
                aligned = subprocess.run([sys.executable, "-m", "unalign.align", "align", str(producer), "-o", out,
                                          "--level", "paragraph"], capture_output=True, text=True)
                if aligned.returncode:
                    print(f"{name}: align failed: {aligned.stderr.strip()[-200:]}")
                    continue
                scored = subprocess.run([sys.executable, "-m", "unalign.align", "evaluate",
                                         str(Path(out) / f"{producer.name}.audit.json"), "--gold", str(gold_path),
                                         "--json"], capture_output=True, text=True)
                f1 = f"{json.loads(scored.stdout)['all']['links']['f1']:.4f}" if scored.returncode == 0 else \
                    f"refused: {scored.stderr.strip()[-120:]}"
                print(f"{name:40} {f1:>8}")


def main(arguments: list[str]) -> None:
    """`python -m benchmarks.reading_score [FOLDER] [--align]`: reading scores, and with --align link F1."""
    folder = Path(next((a for a in arguments if not a.startswith("-")), "corpora/formats/office"))
    print_reading(folder)
    if "--align" in arguments:
        print_alignment(folder)


if __name__ == "__main__":
    main(sys.argv[1:])
