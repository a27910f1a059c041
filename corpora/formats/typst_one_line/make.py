"""Make `zh.pdf`: Chinese lines of the UNPC devset (lines 131-150) laid out by Typst in Noto Sans CJK SC as
`make_producer_pdfs.py` sets plain paragraphs: a first-line indent of 10 mm, paragraphs 6 pt apart for a 5.5 pt
leading. Some are one line that stops short of the margin, the next paragraph at the same indent under it.

    python corpora/formats/typst_one_line/make.py   # needs typst (PyPI) and fonts-noto-cjk
"""

from pathlib import Path

HERE = Path(__file__).resolve().parent
LINES = range(131, 151)


def main() -> None:
    import typst

    devset = (HERE.parents[1] / "unpc_v1_devset" / "zh.txt").read_text(encoding="utf-8").split("\n")
    body = "\n\n".join('#par(first-line-indent: (amount: 10mm, all: true))[#"'
                       + devset[n - 1].strip().replace("\\", "\\\\").replace('"', '\\"') + '"]' for n in LINES)
    source = ('#set text(font: ("Noto Serif", "Noto Sans CJK SC"), size: 10pt, lang: "zh")\n'
              "#set par(justify: true, spacing: 6pt, leading: 0.55em)\n"
              '#set page(paper: "a4", margin: (top: 24mm, bottom: 22mm, x: 22mm))\n\n' + body + "\n")
    typ = HERE / "zh.typ"
    typ.write_text(source, encoding="utf-8")
    try:
        typst.compile(str(typ), output=str(HERE / "zh.pdf"))
    finally:
        typ.unlink()


if __name__ == "__main__":
    main()
