"""Lay out the six-language UDHR, SDG goals and targets and held-out UNPC excerpt in PDF with four more producers:
WeasyPrint, Ghostscript's ps2pdf, Typst and XeLaTeX (xdvipdfmx), beside the LibreOffice and Chromium PDFs of `office/`.

Each PDF has the layout features of a UN document and of the office PDFs: A4, justified text, bold headings, a
page-1 masthead (United Nations, the organ, the symbol, `Distr.: General`, the date, `Original: English`) with the job
number and bar code at its foot, a running header with the short title and the symbol, a page-number footer, and the
three footnotes of `office/make_office_pdfs.py`. The fonts differ per producer, so that the reader meets both Arabic
fonts and both CJK styles:

| producer | made from | Arabic | Chinese | footnotes |
|---|---|---|---|---|
| `weasyprint` | `office/DOC/html/LANG.html` (the web page Chromium prints) | Noto Naskh Arabic | Noto Serif CJK SC | endnotes |
| `ps2pdf` | the XeLaTeX file below in Amiri and Noto Sans CJK SC, its PDF rewritten by `ps2pdf` (Ghostscript pdfwrite) | Amiri | Noto Sans CJK SC | page footnotes |
| `typst` | Typst markup written here, compiled by the `typst` Python package | Amiri | Noto Sans CJK SC | page footnotes |
| `xelatex` | LaTeX written here (fontspec, fancyhdr; Arabic by polyglossia and bidi), `xelatex` | Noto Naskh Arabic | Noto Serif CJK SC | page footnotes |

The PDFs go to `office/DOC/PRODUCER/LANG.pdf`, beside the gold they are scored with (`office/DOC/LANG.paragraphs.jsonl`,
`office/DOC/gold.jsonl`: the same items in the same order, the text comes from the same corpora). Run with the
producers installed (Debian `ghostscript texlive-xetex texlive-lang-arabic fonts-noto-core fonts-noto-cjk fonts-hosny-amiri`; PyPI
`weasyprint typst`):

    python corpora/formats/make_producer_pdfs.py [weasyprint ps2pdf typst xelatex ps2pdf_chromium ...] [udhr ...]

The outputs are committed; tests and benchmarks need none of these tools. Ghostscript 10.00 (Debian 12) rewrites
the text layer of the TrueType fonts that WeasyPrint and Typst embed wrongly (`protección` comes out as `protecci漃Ān` in
any reader, pdftotext included), and that of Arabic in any of them: ps2pdf is given XeLaTeX's PDF, whose Latin, Cyrillic
and Chinese it keeps; what it makes of the Arabic is what a user of it gets.

In an Arabic line XeLaTeX sets each run of Latin letters and figures left to right. A run once ended at a closing
bracket (`2014)`) with its opening bracket outside it, so XeLaTeX and ps2pdf printed `)(2014`, the figures outside the
pair, which no reader can make `(2014)` of; and a bracket between Arabic words was printed as written, facing out of
its pair. Now a run ends in a letter or a figure, takes a bracket pair only whole (`(2014)`, `(A/777)`), and a bracket
left between Arabic words is mirrored: the page shows what the Unicode Bidi Algorithm shows (2026-12-05; the Arabic
XeLaTeX and ps2pdf PDFs remade, no other). And a full stop between two figures of such a run printed them in turn
from the right (`1.25` as `25.1`; the SDG's target labels `1.2` as `2.1`): the separators `.,:/` are now set apart
in braces, which XeTeX prints in place (the Arabic XeLaTeX and ps2pdf PDFs of the SDG and the two UNPC excerpts
remade); so is a hyphen between figures before any Arabic letter of a paragraph (`26-30` opening a heading was
printed `30-26`; no committed file has one). Later that day the XeLaTeX file stopped printing what its text does not
say: fontspec's TeX ligatures are off (`'` `"` `--` `<<` had been printed `’` `”` `–` `«`), the signs Noto Naskh
Arabic has no glyph for (`/ - " % *`) are set in the Latin font (XeLaTeX had drawn its missing-glyph box), and
polyglossia's Arabic prints Western figures, as the text has them (its footnotes had been numbered ١, ٢, ٣); the
XeLaTeX and ps2pdf PDFs of the four documents remade (pages of the earlier ones kept in `../xelatex_tex_text`).
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "office"))

import make_office_pdfs as office  # noqa: E402  (the texts, masthead and footnotes of the office PDFs)

PRODUCERS = ("weasyprint", "ps2pdf", "typst", "xelatex")
SOURCES = office.SOURCES
FONTS = {  # producer -> (Arabic font, CJK font)
    "weasyprint": ("Noto Naskh Arabic", "Noto Serif CJK SC"),
    "ps2pdf": ("Amiri", "Noto Sans CJK SC"),
    "typst": ("Amiri", "Noto Sans CJK SC"),
    "xelatex": ("Noto Naskh Arabic", "Noto Serif CJK SC"),
}
# The UDHR's Chromium, LibreOffice, WeasyPrint and Typst PDFs rewritten by ps2pdf as they are (their fonts subset
# anew by Ghostscript, which writes one StemV for regular and bold), and the SDG's French and Spanish from LibreOffice
# (accented letters mapped a byte late): made after the rules that read ps2pdf's maps back (readers/pdf/fonts.py); the
# WeasyPrint and Typst rewrites then gave three rules of their own (docs/pdf.md).
# producer -> (the office producer rewritten, document -> languages)
_EXCERPTS = {source.name: office.LANGS for source, _ in office.EXCERPTS}
REWRITTEN = {"ps2pdf_chromium": ("chromium", {"udhr": office.LANGS, **_EXCERPTS}),
             "ps2pdf_libreoffice": ("libreoffice", {"udhr": office.LANGS, "sdg_goals_targets": ("fr", "es"), **_EXCERPTS}),
             "ps2pdf_weasyprint": ("weasyprint", {"udhr": office.LANGS, **_EXCERPTS}),
             "ps2pdf_typst": ("typst", {"udhr": office.LANGS, **_EXCERPTS})}


def _items(source: office.Source, items_of, lang: str) -> list[office.Item]:
    return office.with_notes(items_of(lang), source.notes, lang)


# --- WeasyPrint and ps2pdf -------------------------------------------------------------------------------------------

def weasyprint_pdf(html: Path, pdf: Path, arabic: str, cjk: str) -> None:
    """The office web page laid out by WeasyPrint, its Arabic and CJK fonts swapped for the given ones."""
    import weasyprint

    page = html.read_text(encoding="utf-8").replace(f"'{office.ARABIC}'", f"'{arabic}'").replace(
        f"'{office.CJK}'", f"'{cjk}'")
    weasyprint.HTML(string=page, base_url=str(html.parent)).write_pdf(str(pdf))


def ps2pdf(source: Path, pdf: Path) -> None:
    """A PDF rewritten by Ghostscript (`ps2pdf`: its pdfwrite device re-encodes fonts and text)."""
    subprocess.run(["ps2pdf", "-dPDFSETTINGS=/prepress", str(source), str(pdf)], check=True, timeout=600)


# --- Typst ------------------------------------------------------------------------------------------------------------

def _typst_string(text: str) -> str:
    return '#"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def typst_source(source: office.Source, lang: str, items: list[office.Item], arabic: str, cjk: str) -> str:
    """Typst markup of one version: masthead, running header and footer, bold centred headings, footnotes."""
    masthead = source.masthead
    title = office.short_title(source.masthead, items, lang)
    rtl = lang == "ar"
    first_foot = f"{masthead.job} ({office.JOB_LETTER[lang]})"
    barcode = "*" + masthead.job.replace("-", "") + "*"
    out = [
        f'#set text(font: ("Noto Serif", "{arabic}", "{cjk}"), size: 10pt, lang: "{lang}", '
        f'dir: {"rtl" if rtl else "ltr"})',
        "#set par(justify: true, spacing: 6pt, leading: 0.55em)",
        "#set page(paper: \"a4\", margin: (top: 24mm, bottom: 22mm, x: 22mm),",
        "  header: context { if counter(page).get().first() > 1 {",
        f"    text(9pt, weight: \"bold\", {_typst_string(title)[1:]}); h(1fr); text(9pt, {_typst_string(masthead.symbol)[1:]})"
        " } },",
        "  footer: context { if counter(page).get().first() > 1 {",
        f"    text(8pt, {_typst_string(masthead.job)[1:]}); h(1fr); "
        "text(9pt, weight: \"bold\", str(counter(page).get().first()) + \"/\" + str(counter(page).final().first()))",
        f"  }} else {{ text(8pt, {_typst_string(first_foot)[1:]}); h(1fr); text(12pt, {_typst_string(barcode)[1:]}) }} }})",
        "#grid(columns: (auto, 1fr, auto), align: (start + bottom, center + bottom, end + bottom),",
        f"  text(11pt, weight: \"bold\", {_typst_string(office.UNITED_NATIONS[lang])[1:]}),",
        f"  text(16pt, weight: \"bold\", {_typst_string(office.GENERAL_ASSEMBLY[lang])[1:]}),",
        f"  text(14pt, weight: \"bold\", {_typst_string(masthead.symbol)[1:]}))",
        "#v(-4pt)",
        "#line(length: 100%, stroke: 1.5pt)",
        "#pad(left: 60%, right: 0pt, text(9pt)[",
    ]
    for line in (office.DISTR[lang], masthead.dates[lang], office.ORIGINAL[lang]):
        out.append(f"  {_typst_string(line)} \\")
    out += ["])", "#v(8mm)", ""]
    for index, item in enumerate(items):
        note = f"#footnote[{_typst_string(item.note)}]" if item.note else ""
        text = _typst_string(item.text)
        label = _typst_string(item.label)[1:] if item.label else ""
        out.append({
            "title": f"#block(above: 6mm, below: 4mm, text(14pt, weight: \"bold\")[{text}{note}])",
            "centred": f"#block(above: 4mm, below: 2mm, sticky: true, align(center, text(weight: \"bold\")"
                       f"[{text}{note}]))",
            "heading": f"#block(above: 4mm, below: 2mm, sticky: true, text(weight: \"bold\")[{text}{note}])",
            "target": f"#par(hanging-indent: 12mm)[#box(width: 12mm, {label}){text}{note}]",
            "numbered": f"#par[#box(width: 10mm, {label}){text}{note}]",
            "plain": f"#par(first-line-indent: (amount: 10mm, all: true))[{text}{note}]",
        }[office.item_style(item, index)])
        out.append("")
    return "\n".join(out)


def typst_pdf(typ: Path, pdf: Path) -> None:
    import typst

    typst.compile(str(typ), output=str(pdf))


# --- XeLaTeX ---------------------------------------------------------------------------------------------------------

_TEX_SPECIALS = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "$": r"\$", "&": r"\&", "#": r"\#", "%": r"\%",
                 "_": r"\_", "^": r"\^{}", "~": r"\~{}"}
# A left-to-right run: words of Latin letters and figures joined by `./:,-`, and bracket pairs round such words
# (`(2014)`, `A/RES/70(1)`). It ends in a letter, a figure or the closing bracket of a pair it opened, so that no run
# boundary parts a bracket from its partner (a run ending `2014)` printed `)(2014` on the page).
_LTR_WORD = r"[A-Za-z0-9]+(?:[./:,\-]+[A-Za-z0-9]+)*"
_LTR_PART = rf"(?:{_LTR_WORD}|\({_LTR_WORD}\))"
_LTR_RUN = re.compile(rf"{_LTR_PART}(?:[./:,\-]*{_LTR_PART})*")


def _font_chars(font: str) -> set[str]:
    """The characters `font` has a glyph for, by fontconfig (`fc-match`'s charset: hexadecimal ranges)."""
    charset = subprocess.run(["fc-match", "-f", "%{charset}", font], capture_output=True, text=True, check=True).stdout
    chars = set()
    for part in charset.split():
        first, _, last = part.partition("-")
        chars.update(map(chr, range(int(first, 16), int(last or first, 16) + 1)))
    return chars


_ESCAPED_CHAR = re.compile(r"\\textbackslash\{\}|\\[\^~]\{\}|\\[{}$&#%_]|.", re.S)


def _in_latin_font_where_missing(piece: str, arabic_chars: set[str]) -> str:
    """Every sign the Arabic font has no glyph for set in the Latin font (Noto Naskh Arabic has no `/ - " % *`:
    XeLaTeX printed its .notdef box, which every reader reads U+FFFD); brackets are left to the mirroring."""
    return _ESCAPED_CHAR.sub(lambda m: m.group(0) if m.group(0) in arabic_chars or m.group(0) in "()"
                             or m.group(0).isspace() else r"{\latin " + m.group(0) + "}", piece)


def _tex(text: str, rtl: bool = False, arabic_chars: set[str] = frozenset()) -> str:
    escaped = "".join(_TEX_SPECIALS.get(ch, ch) for ch in text)
    if not rtl:
        return escaped
    # Right to left (polyglossia's Arabic, the bidi package): runs of Latin letters and figures set left to right;
    # brackets and the signs the Arabic font lacks in the Latin font.
    pieces = _LTR_RUN.split(escaped)
    runs = _LTR_RUN.findall(escaped)
    # Latin words with only spaces and stops between them are one run (UAX #9 N1, and W7 for figures after them):
    # `Empresa Argentina de Soluciones Satelitales S.A. (ARSAT)` set word by word was printed right to left.
    k = 0
    while k + 1 < len(runs):
        if re.search(r"[A-Za-z]", runs[k]) and re.fullmatch(r"[ .,:;]*", pieces[k + 1]) and " " in pieces[k + 1]:
            runs[k:k + 2] = [runs[k] + pieces[k + 1] + runs[k + 1]]
            del pieces[k + 1]
        else:
            k += 1
    pieces = [_in_latin_font_where_missing(piece, arabic_chars) for piece in pieces]
    out = pieces[0]
    for run, piece in zip(runs, pieces[1:]):
        # A common separator (`.,:/`, UAX #9 class CS) braced: polyglossia's Arabic sets the figures on either side
        # of a bare full stop right to left even inside \LR (`1.25` printed `25.1`), where by UAX #9 (W2, W4) a
        # common separator between two numbers after Arabic text joins them into one number. A hyphen (ES) does
        # that only before any Arabic letter (W2 makes figures after one Arabic numbers, which W4 does not join):
        # `2015-2030` after Arabic words shows `2030-2015`, as XeTeX prints it, but `26-30` opening a line shows
        # `26-30`, which XeTeX printed `30-26`.
        separators = r"[./:,]" if re.search(r"[\u0600-\u06ff]", out) else r"[./:,\-]"
        out += r"\LR{\latin " + re.sub(separators, r"{\g<0>}", run) + "}" + piece
    # A bracket left between right-to-left words is mirrored, as the Unicode Bidi Algorithm mirrors it (XeTeX prints
    # it as written, facing out of its pair).
    return re.sub(r"(\\LR\{(?:[^{}]|\{[^{}]*\})*\})|[()]",
                  lambda m: m.group(1) or r"{\latin " + {"(": ")", ")": "("}[m.group(0)] + "}", out)


def _latin(text: str, rtl: bool) -> str:
    """Latin words (symbol, date, job number) in the Latin font, left to right in an Arabic document."""
    escaped = _tex(text)
    return r"\LR{\latin " + escaped + "}" if rtl else r"{\latin " + escaped + "}"


TEX_PREAMBLE = r"""\documentclass[10pt]{article}
\usepackage[a4paper,top=24mm,bottom=22mm,hmargin=22mm,headsep=6mm]{geometry}
\usepackage{fontspec}
\usepackage{fancyhdr}
\setmainfont{%(main)s}[%(main_features)s]
\newfontfamily\latin{Noto Serif}[Ligatures=TeXOff]
\XeTeXlinebreaklocale "%(locale)s"
\XeTeXlinebreakskip = 0pt plus 1pt
%(languages)s
\setlength{\parindent}{0pt}
\setlength{\parskip}{6pt}
\pagestyle{fancy}
\fancyhf{}
\renewcommand{\headrulewidth}{0pt}
\fancyhead[L]{\small\textbf{%(left)s}}
\fancyhead[R]{\small %(right)s}
\fancyfoot[L]{\footnotesize %(job)s}
\fancyfoot[R]{\small\textbf{\thepage}}
\fancypagestyle{first}{\fancyhf{}\fancyfoot[L]{\footnotesize %(first_job)s}\fancyfoot[R]{\large %(barcode)s}}
\begin{document}
\thispagestyle{first}
\noindent{\fontsize{11}{13}\selectfont\textbf{%(un)s}}\hfill{\fontsize{16}{18}\selectfont\textbf{%(organ)s}}\hfill{\fontsize{14}{16}\selectfont\textbf{%(symbol)s}}\par
\vspace{-4pt}\noindent\rule{\textwidth}{1.5pt}\par
\hspace*{0.6\textwidth}\begin{minipage}{0.4\textwidth}\small %(distr)s\\ %(date)s\\ %(original)s\end{minipage}\par
\vspace{8mm}
"""


def tex_source(source: office.Source, lang: str, items: list[office.Item], arabic: str, cjk: str) -> str:
    """LaTeX of one version for xelatex: masthead, running header and footer, bold headings, footnotes."""
    masthead = source.masthead
    rtl = lang == "ar"
    title = office.short_title(source.masthead, items, lang)
    main = {"ar": arabic, "zh": cjk}.get(lang, "Noto Serif")
    arabic_chars = _font_chars(arabic) if rtl else set()

    def tex(text: str) -> str:
        return _tex(text, rtl, arabic_chars)

    # Western figures in Arabic (polyglossia's numerals=maghrib), as the text gives them: footnote numbers were printed
    # in Arabic-Indic figures. No TeX ligatures (fontspec's Ligatures=TeX is on by default): `'` `"` `--` `<<` were
    # printed as the typographic signs TeX makes of them, not as the text gives them.
    languages = "\n".join((r"\usepackage{polyglossia}", r"\setmainlanguage[numerals=maghrib]{arabic}",
                           r"\setotherlanguage{english}",
                           r"\newfontfamily\arabicfont[Script=Arabic,Ligatures=TeXOff]{" + arabic + "}",
                           r"\newfontfamily\englishfont{Noto Serif}[Ligatures=TeXOff]")) if rtl else ""
    out = [TEX_PREAMBLE % {
        "main": main, "main_features": "Script=Arabic,Ligatures=TeXOff" if rtl else "Ligatures=TeXOff",
        "locale": "zh" if lang == "zh" else "",
        "languages": languages, "left": tex(title), "right": _latin(masthead.symbol, rtl),
        "job": _latin(masthead.job, rtl), "first_job": _latin(f"{masthead.job} ({office.JOB_LETTER[lang]})", rtl),
        "barcode": _latin("*" + masthead.job.replace("-", "") + "*", rtl),
        "un": tex(office.UNITED_NATIONS[lang]), "organ": tex(office.GENERAL_ASSEMBLY[lang]),
        "symbol": _latin(masthead.symbol, rtl), "distr": _latin(office.DISTR[lang], rtl),
        "date": _latin(masthead.dates[lang], rtl), "original": _latin(office.ORIGINAL[lang], rtl)}]
    for index, item in enumerate(items):
        note = r"\footnote{" + tex(item.note) + "}" if item.note else ""
        text = tex(item.text)
        label = tex(item.label) if item.label else ""
        out.append({
            "title": r"\vspace{4mm}{\fontsize{14}{17}\selectfont\bfseries " + text + note + r"\par}\nopagebreak",
            "centred": r"\vspace{2mm}{\centering\bfseries " + text + note + r"\par}\nopagebreak",
            "heading": r"\vspace{2mm}{\bfseries " + text + note + r"\par}\nopagebreak",
            "target": r"\hangindent=12mm\hangafter=1\makebox[12mm][s]{" + label + r"\hfill}" + text + note + r"\par",
            "numbered": r"\makebox[10mm][s]{" + label + r"\hfill}" + text + note + r"\par",
            "plain": r"\hspace*{10mm}" + text + note + r"\par",
        }[office.item_style(item, index)])
    out.append(r"\end{document}")
    return "\n".join(out) + "\n"


def xelatex_pdf(tex: Path, pdf: Path) -> None:
    for _ in range(2):
        done = subprocess.run(["xelatex", "-interaction=nonstopmode", "-halt-on-error", tex.name], cwd=tex.parent,
                              capture_output=True, text=True, timeout=600)
        if done.returncode:
            raise SystemExit(f"{tex}: xelatex failed:\n{done.stdout[-2000:]}")
    pdf.write_bytes(tex.with_suffix(".pdf").read_bytes())


# --- all --------------------------------------------------------------------------------------------------------------

def make(producer: str, documents: set[str]) -> None:
    """The PDFs of one producer: six languages of each of `documents` (all when empty)."""
    arabic, cjk = FONTS[producer]
    with tempfile.TemporaryDirectory() as work_dir:
        work = Path(work_dir)
        for source, items_of in SOURCES:
            if documents and source.name not in documents:
                continue
            folder = HERE / "office" / source.name / producer
            folder.mkdir(parents=True, exist_ok=True)
            for lang in office.LANGS:
                pdf = folder / f"{lang}.pdf"
                html = HERE / "office" / source.name / "html" / f"{lang}.html"
                if producer == "weasyprint":
                    weasyprint_pdf(html, pdf, arabic, cjk)
                elif producer == "ps2pdf":
                    items = _items(source, items_of, lang)
                    tex = work / f"{source.name}-{lang}.tex"
                    tex.write_text(tex_source(source, lang, items, arabic, cjk), encoding="utf-8")
                    xelatex_pdf(tex, work / "in.pdf")
                    ps2pdf(work / "in.pdf", pdf)
                elif producer == "typst":
                    items = _items(source, items_of, lang)
                    typ = work / f"{source.name}-{lang}.typ"
                    typ.write_text(typst_source(source, lang, items, arabic, cjk), encoding="utf-8")
                    typst_pdf(typ, pdf)
                else:
                    items = _items(source, items_of, lang)
                    tex = work / f"{source.name}-{lang}.tex"
                    tex.write_text(tex_source(source, lang, items, arabic, cjk), encoding="utf-8")
                    xelatex_pdf(tex, pdf)
                print(pdf.relative_to(HERE), pdf.stat().st_size // 1024, "kB")


def make_rewritten(producer: str, documents: set[str]) -> None:
    """The PDFs of an office producer that REWRITTEN names, rewritten by ps2pdf (of `documents`; all when empty)."""
    source_producer, rewritten = REWRITTEN[producer]
    for document, langs in rewritten.items():
        if documents and document not in documents:
            continue
        folder = HERE / "office" / document / producer
        folder.mkdir(parents=True, exist_ok=True)
        for lang in langs:
            pdf = folder / f"{lang}.pdf"
            ps2pdf(HERE / "office" / document / source_producer / f"{lang}.pdf", pdf)
            print(pdf.relative_to(HERE), pdf.stat().st_size // 1024, "kB")


def main(arguments: list[str]) -> None:
    """Make the PDFs of the producers named (all when none), of the documents named (all when none)."""
    names = {source.name for source, _ in SOURCES}
    documents = {a for a in arguments if a in names}
    producers = [a for a in arguments if a not in names]
    for producer in producers or (*PRODUCERS, *REWRITTEN):
        if producer not in PRODUCERS and producer not in REWRITTEN:
            raise SystemExit(f"unknown producer {producer} (one of {', '.join((*PRODUCERS, *REWRITTEN))})")
        make_rewritten(producer, documents) if producer in REWRITTEN else make(producer, documents)


if __name__ == "__main__":
    main(sys.argv[1:])
