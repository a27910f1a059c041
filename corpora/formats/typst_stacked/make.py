"""Make `ar.pdf`: two Arabic lines of the UNPC devset (lines 691 and 653) laid out by Typst in Amiri, as
`make_producer_pdfs.py` sets its Arabic. Amiri stacks the lam, meem and jeem of `لمجرد` and the lam, teh and meem of
`التُمست`; Typst draws each stacked glyph from its own pen position, some as text objects of their own.

    python corpora/formats/typst_stacked/make.py   # needs typst (PyPI) and fonts-hosny-amiri
"""

from pathlib import Path

HERE = Path(__file__).resolve().parent
LINES = (691, 653)


def main() -> None:
    import typst

    devset = (HERE.parents[1] / "unpc_v1_devset" / "ar.txt").read_text(encoding="utf-8").split("\n")
    body = "\n\n".join('#"' + devset[n - 1].strip().replace("\\", "\\\\").replace('"', '\\"') + '"' for n in LINES)
    source = ('#set text(font: ("Noto Serif", "Amiri"), size: 10pt, lang: "ar", dir: rtl)\n'
              "#set par(justify: true, spacing: 6pt, leading: 0.55em)\n"
              '#set page(paper: "a4", margin: (top: 24mm, bottom: 22mm, x: 22mm))\n\n' + body + "\n")
    typ = HERE / "ar.typ"
    typ.write_text(source, encoding="utf-8")
    try:
        typst.compile(str(typ), output=str(HERE / "ar.pdf"))
    finally:
        typ.unlink()


if __name__ == "__main__":
    main()
