"""Make `ar.pdf`: three Arabic lines of the UNPC devset (lines 482, 483 and 488) laid out by WeasyPrint in Noto Naskh
Arabic, the first holding the cluster `أُ` (`وأُنشئت`). WeasyPrint 70 writes the ToUnicode map of a glyph from the first
cluster that draws it: the damma then maps to `أُ` and the alef with hamza to nothing, so every later `أ` reads as
nothing and every damma as `أُ`, in any reader (pdftotext too).

    python corpora/formats/weasyprint_cluster/make.py   # needs weasyprint (PyPI) and fonts-noto-core
"""

from html import escape
from pathlib import Path

HERE = Path(__file__).resolve().parent
LINES = (482, 483, 488)


def main() -> None:
    import weasyprint

    devset = (HERE.parents[1] / "unpc_v1_devset" / "ar.txt").read_text(encoding="utf-8").split("\n")
    paragraphs = "".join(f"<p>{escape(devset[n - 1].strip())}</p>" for n in LINES)
    page = ('<html lang="ar" dir="rtl"><head><meta charset="utf-8"><style>@page { size: A4; margin: 25mm } '
            'body { font-family: "Noto Naskh Arabic"; font-size: 11pt; text-align: justify }</style></head>'
            f"<body>{paragraphs}</body></html>")
    weasyprint.HTML(string=page).write_pdf(HERE / "ar.pdf")


if __name__ == "__main__":
    main()
