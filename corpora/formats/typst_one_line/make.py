"""Make `zh.pdf`: Chinese lines of the UNPC devset (lines 131-150), each a paragraph, laid out by Typst in Noto Sans
CJK SC with the settings `make_producer_pdfs.py` gives plain paragraphs: a first-line indent of 10 mm, paragraphs
6 pt apart for a 5.5 pt leading. Some are one line that stops short of the margin, the next paragraph at the same
indent under it.

    python corpora/formats/typst_one_line/make.py   # needs typst (PyPI) and fonts-noto-cjk
"""

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

import make_producer_pdfs as producers  # noqa: E402  (its Typst string quoting and compiler call)

LINES = range(131, 151)


def main() -> None:
    devset = (HERE.parents[1] / "unpc_v1_devset" / "zh.txt").read_text(encoding="utf-8").split("\n")
    indented = "#par(first-line-indent: (amount: 10mm, all: true))"
    paragraphs = (f"{indented}[{producers._typst_string(devset[n - 1].strip())}]" for n in LINES)
    typ = HERE / "zh.typ"
    typ.write_text('#set text(font: ("Noto Serif", "Noto Sans CJK SC"), size: 10pt, lang: "zh")\n'
                   "#set par(justify: true, spacing: 6pt, leading: 0.55em)\n"
                   '#set page(paper: "a4", margin: (top: 24mm, bottom: 22mm, x: 22mm))\n\n'
                   + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
    try:
        producers.typst_pdf(typ, HERE / "zh.pdf")
    finally:
        typ.unlink()


if __name__ == "__main__":
    main()
