"""The six-language UDHR and SDG goals and targets laid out by four more producers (WeasyPrint, Ghostscript's ps2pdf,
Typst, XeLaTeX; corpora/formats/make_producer_pdfs.py), and two held-out UNPC excerpts by all ten, read and compared
with their own text layer.

Each PDF is scored against the gold of corpora/formats/office/ (benchmarks/reading.py's rules) and against the anchor
of benchmarks/reading_score.py: the lines pdftotext reads right (found in the corpus text) that the reader's
paragraphs do not hold. The figures are those measured at this commit. The reader's rules for these producers were
worked out on the SDG goals and targets; the UDHR was held out, but for the rules docs/pdf.md names as found on it
(the preamble's first-line indents and spacing, a note carried on by a letter in line). Far from issue 26's targets
where the text layer itself is wrong: ps2pdf's Arabic, Cyrillic and Chinese, whose ToUnicode maps Ghostscript
writes wrong (pdftotext reads almost no line right), are read through the fonts it embeds and the same fonts
installed here (`readers/pdf/fonts.py`); those tests skip where the fonts are not installed.
"""

from __future__ import annotations

import functools
import json
import re
import shutil
import unicodedata
from pathlib import Path

import pytest

from benchmarks.reading import read_gold, read_output, score_reading
from benchmarks.reading_score import corpus_text, full_texts, text_layer_lines, worse_than_text_layer
from unalign.readers.pdf.fonts import inserted_tatweels, installed_fonts, is_inserted_tatweel

OFFICE = Path(__file__).resolve().parents[1] / "corpora" / "formats" / "office"
# (document, producer, language) -> (items read exactly, text-layer lines pdftotext reads right, of those the lines
# the reader reads worse), as measured.
MEASURED = {
    ("sdg_goals_targets", "ps2pdf", "ar"): (187, 10, 0),
    ("sdg_goals_targets", "ps2pdf", "en"): (189, 290, 0),
    ("sdg_goals_targets", "ps2pdf", "es"): (189, 344, 0),
    ("sdg_goals_targets", "ps2pdf", "fr"): (189, 371, 0),
    ("sdg_goals_targets", "ps2pdf", "ru"): (189, 0, 0),
    ("sdg_goals_targets", "ps2pdf", "zh"): (189, 93, 0),
    ("sdg_goals_targets", "typst", "ar"): (188, 303, 0),
    ("sdg_goals_targets", "typst", "en"): (189, 481, 0),
    ("sdg_goals_targets", "typst", "es"): (189, 577, 0),
    ("sdg_goals_targets", "typst", "fr"): (189, 585, 0),
    ("sdg_goals_targets", "typst", "ru"): (189, 651, 0),
    ("sdg_goals_targets", "typst", "zh"): (189, 286, 0),
    ("sdg_goals_targets", "weasyprint", "ar"): (188, 862, 0),
    ("sdg_goals_targets", "weasyprint", "en"): (189, 1277, 0),
    ("sdg_goals_targets", "weasyprint", "es"): (189, 1526, 0),
    ("sdg_goals_targets", "weasyprint", "fr"): (189, 1463, 0),
    ("sdg_goals_targets", "weasyprint", "ru"): (189, 2178, 0),
    ("sdg_goals_targets", "weasyprint", "zh"): (189, 551, 0),
    ("sdg_goals_targets", "xelatex", "ar"): (189, 366, 0),
    ("sdg_goals_targets", "xelatex", "en"): (189, 399, 0),
    ("sdg_goals_targets", "xelatex", "es"): (189, 463, 0),
    ("sdg_goals_targets", "xelatex", "fr"): (189, 488, 0),
    ("sdg_goals_targets", "xelatex", "ru"): (189, 612, 0),
    ("sdg_goals_targets", "xelatex", "zh"): (189, 287, 0),
    ("udhr", "ps2pdf", "ar"): (94, 38, 0),
    ("udhr", "ps2pdf", "en"): (95, 144, 0),
    ("udhr", "ps2pdf", "es"): (95, 152, 0),
    ("udhr", "ps2pdf", "fr"): (94, 153, 0),
    ("udhr", "ps2pdf", "ru"): (94, 0, 0),
    ("udhr", "ps2pdf", "zh"): (93, 72, 0),
    # ps2pdf's rewrites of the Chromium and LibreOffice PDFs, held out from the rules of readers/pdf/fonts.py: its
    # Type 3 Chinese (Chromium's CFF fonts made bitmaps) is beyond any reading of the file, pdftotext's included.
    ("sdg_goals_targets", "ps2pdf_libreoffice", "es"): (189, 178, 0),
    ("sdg_goals_targets", "ps2pdf_libreoffice", "fr"): (189, 276, 0),
    ("udhr", "ps2pdf_chromium", "ar"): (94, 138, 0),
    ("udhr", "ps2pdf_chromium", "en"): (95, 176, 0),
    ("udhr", "ps2pdf_chromium", "es"): (95, 191, 0),
    ("udhr", "ps2pdf_chromium", "fr"): (94, 177, 0),
    ("udhr", "ps2pdf_chromium", "ru"): (94, 0, 0),
    ("udhr", "ps2pdf_chromium", "zh"): (41, 34, 0),
    ("udhr", "ps2pdf_libreoffice", "ar"): (94, 137, 0),
    ("udhr", "ps2pdf_libreoffice", "en"): (95, 169, 0),
    ("udhr", "ps2pdf_libreoffice", "es"): (95, 186, 0),
    ("udhr", "ps2pdf_libreoffice", "fr"): (94, 178, 0),
    ("udhr", "ps2pdf_libreoffice", "ru"): (94, 254, 0),
    ("udhr", "ps2pdf_libreoffice", "zh"): (93, 105, 0),
    # ps2pdf's rewrites of the WeasyPrint and Typst PDFs (tuning for the rules found on them): Ghostscript writes one
    # StemV for a family's regular and bold faces, and maps the hyphen of the fonts it subsets anew to U+00AD. Its
    # rewrite of Typst's Arabic: 93 of 94 since its map's kashida is read by outline (86 before); its footnote's words
    # run together, one line worse than pdftotext's.
    ("udhr", "ps2pdf_typst", "ar"): (94, 102, 0),
    ("udhr", "ps2pdf_typst", "en"): (95, 161, 0),
    ("udhr", "ps2pdf_typst", "es"): (95, 174, 0),
    ("udhr", "ps2pdf_typst", "fr"): (94, 162, 0),
    ("udhr", "ps2pdf_typst", "ru"): (94, 206, 0),
    ("udhr", "ps2pdf_typst", "zh"): (93, 102, 0),
    ("udhr", "ps2pdf_weasyprint", "ar"): (94, 134, 0),
    ("udhr", "ps2pdf_weasyprint", "en"): (95, 165, 0),
    ("udhr", "ps2pdf_weasyprint", "es"): (95, 182, 0),
    ("udhr", "ps2pdf_weasyprint", "fr"): (94, 169, 0),
    ("udhr", "ps2pdf_weasyprint", "ru"): (94, 227, 0),
    ("udhr", "ps2pdf_weasyprint", "zh"): (93, 103, 0),
    ("udhr", "typst", "ar"): (94, 114, 0),
    ("udhr", "typst", "en"): (95, 172, 0),
    ("udhr", "typst", "es"): (95, 183, 0),
    ("udhr", "typst", "fr"): (94, 179, 0),
    ("udhr", "typst", "ru"): (94, 206, 0),
    ("udhr", "typst", "zh"): (93, 102, 0),
    ("udhr", "weasyprint", "ar"): (94, 135, 0),
    ("udhr", "weasyprint", "en"): (95, 176, 0),
    ("udhr", "weasyprint", "es"): (95, 191, 0),
    ("udhr", "weasyprint", "fr"): (94, 186, 0),
    ("udhr", "weasyprint", "ru"): (94, 227, 0),
    ("udhr", "weasyprint", "zh"): (93, 103, 0),
    ("udhr", "xelatex", "ar"): (94, 101, 0),
    ("udhr", "xelatex", "en"): (95, 155, 0),
    ("udhr", "xelatex", "es"): (95, 161, 0),
    ("udhr", "xelatex", "fr"): (94, 170, 0),
    ("udhr", "xelatex", "ru"): (94, 199, 0),
    ("udhr", "xelatex", "zh"): (93, 103, 0),
    # Held out (corpora/formats/office/README.md): its first figures, before any rule was found on it, were 0.967-0.998
    # of the 492 items per producer (ps2pdf_chromium 0.858); English's `Sixty-ninth session`, the first line, is a
    # masthead line by the real PDFs' convention and is not read as an item, nor its copies in the running head (the
    # lines "worse" than pdftotext in English).
    ("unpc_excerpt", "chromium", "ar"): (81, 146, 0),
    ("unpc_excerpt", "chromium", "en"): (81, 187, 0),
    ("unpc_excerpt", "chromium", "es"): (81, 211, 0),
    ("unpc_excerpt", "chromium", "fr"): (81, 203, 0),
    ("unpc_excerpt", "chromium", "ru"): (81, 243, 0),
    ("unpc_excerpt", "chromium", "zh"): (81, 116, 0),
    ("unpc_excerpt", "libreoffice", "ar"): (81, 167, 0),
    ("unpc_excerpt", "libreoffice", "en"): (81, 190, 0),
    ("unpc_excerpt", "libreoffice", "es"): (81, 222, 0),
    ("unpc_excerpt", "libreoffice", "fr"): (81, 213, 0),
    ("unpc_excerpt", "libreoffice", "ru"): (81, 362, 0),
    ("unpc_excerpt", "libreoffice", "zh"): (81, 117, 0),
    ("unpc_excerpt", "ps2pdf", "ar"): (81, 8, 0),  # 79 before Amiri's kashidas were placed by their context
    ("unpc_excerpt", "ps2pdf", "en"): (81, 130, 0),
    ("unpc_excerpt", "ps2pdf", "es"): (81, 149, 0),
    ("unpc_excerpt", "ps2pdf", "fr"): (81, 145, 0),
    ("unpc_excerpt", "ps2pdf", "ru"): (81, 0, 0),
    ("unpc_excerpt", "ps2pdf", "zh"): (81, 48, 0),
    ("unpc_excerpt", "ps2pdf_chromium", "ar"): (81, 166, 0),
    ("unpc_excerpt", "ps2pdf_chromium", "en"): (81, 165, 0),
    ("unpc_excerpt", "ps2pdf_chromium", "es"): (81, 186, 0),
    ("unpc_excerpt", "ps2pdf_chromium", "fr"): (81, 203, 0),
    ("unpc_excerpt", "ps2pdf_chromium", "ru"): (81, 0, 0),
    ("unpc_excerpt", "ps2pdf_chromium", "zh"): (12, 15, 0),
    ("unpc_excerpt", "ps2pdf_libreoffice", "ar"): (81, 160, 0),
    ("unpc_excerpt", "ps2pdf_libreoffice", "en"): (81, 155, 0),
    ("unpc_excerpt", "ps2pdf_libreoffice", "es"): (81, 197, 0),
    ("unpc_excerpt", "ps2pdf_libreoffice", "fr"): (81, 179, 0),
    ("unpc_excerpt", "ps2pdf_libreoffice", "ru"): (81, 361, 0),
    ("unpc_excerpt", "ps2pdf_libreoffice", "zh"): (81, 117, 0),
    ("unpc_excerpt", "ps2pdf_typst", "ar"): (80, 99, 0),
    ("unpc_excerpt", "ps2pdf_typst", "en"): (81, 140, 0),
    ("unpc_excerpt", "ps2pdf_typst", "es"): (81, 180, 0),
    ("unpc_excerpt", "ps2pdf_typst", "fr"): (81, 154, 0),
    ("unpc_excerpt", "ps2pdf_typst", "ru"): (81, 225, 0),
    ("unpc_excerpt", "ps2pdf_typst", "zh"): (81, 115, 0),
    ("unpc_excerpt", "ps2pdf_weasyprint", "ar"): (81, 163, 0),
    ("unpc_excerpt", "ps2pdf_weasyprint", "en"): (81, 154, 0),
    ("unpc_excerpt", "ps2pdf_weasyprint", "es"): (81, 186, 0),
    ("unpc_excerpt", "ps2pdf_weasyprint", "fr"): (81, 168, 0),
    ("unpc_excerpt", "ps2pdf_weasyprint", "ru"): (81, 241, 0),
    ("unpc_excerpt", "ps2pdf_weasyprint", "zh"): (81, 117, 0),
    ("unpc_excerpt", "typst", "ar"): (81, 126, 0),
    ("unpc_excerpt", "typst", "en"): (81, 182, 0),
    ("unpc_excerpt", "typst", "es"): (81, 203, 0),
    ("unpc_excerpt", "typst", "fr"): (81, 201, 0),
    ("unpc_excerpt", "typst", "ru"): (81, 224, 0),
    ("unpc_excerpt", "typst", "zh"): (81, 115, 0),
    ("unpc_excerpt", "weasyprint", "ar"): (81, 169, 0),
    ("unpc_excerpt", "weasyprint", "en"): (81, 189, 0),
    ("unpc_excerpt", "weasyprint", "es"): (81, 211, 0),
    ("unpc_excerpt", "weasyprint", "fr"): (81, 203, 0),
    ("unpc_excerpt", "weasyprint", "ru"): (81, 241, 0),
    ("unpc_excerpt", "weasyprint", "zh"): (81, 117, 0),
    ("unpc_excerpt", "xelatex", "ar"): (81, 132, 0),
    ("unpc_excerpt", "xelatex", "en"): (81, 164, 0),
    ("unpc_excerpt", "xelatex", "es"): (81, 172, 0),
    ("unpc_excerpt", "xelatex", "fr"): (81, 177, 0),
    ("unpc_excerpt", "xelatex", "ru"): (81, 217, 0),
    ("unpc_excerpt", "xelatex", "zh"): (81, 115, 0),
    ("unpc_excerpt_241", "chromium", "ar"): (82, 138, 0),
    ("unpc_excerpt_241", "chromium", "en"): (82, 181, 0),
    ("unpc_excerpt_241", "chromium", "es"): (82, 207, 0),
    ("unpc_excerpt_241", "chromium", "fr"): (82, 202, 0),
    ("unpc_excerpt_241", "chromium", "ru"): (82, 254, 0),
    ("unpc_excerpt_241", "chromium", "zh"): (82, 119, 0),
    ("unpc_excerpt_241", "libreoffice", "ar"): (82, 108, 0),
    ("unpc_excerpt_241", "libreoffice", "en"): (82, 187, 0),
    ("unpc_excerpt_241", "libreoffice", "es"): (82, 213, 0),
    ("unpc_excerpt_241", "libreoffice", "fr"): (82, 207, 0),
    ("unpc_excerpt_241", "libreoffice", "ru"): (82, 398, 0),
    ("unpc_excerpt_241", "libreoffice", "zh"): (82, 122, 0),
    ("unpc_excerpt_241", "ps2pdf", "ar"): (82, 0, 0),  # 81 before the same
    ("unpc_excerpt_241", "ps2pdf", "en"): (82, 129, 0),
    ("unpc_excerpt_241", "ps2pdf", "es"): (82, 144, 0),
    ("unpc_excerpt_241", "ps2pdf", "fr"): (82, 145, 0),
    ("unpc_excerpt_241", "ps2pdf", "ru"): (82, 0, 0),
    ("unpc_excerpt_241", "ps2pdf", "zh"): (82, 88, 0),
    ("unpc_excerpt_241", "ps2pdf_chromium", "ar"): (82, 152, 0),
    ("unpc_excerpt_241", "ps2pdf_chromium", "en"): (82, 163, 0),
    ("unpc_excerpt_241", "ps2pdf_chromium", "es"): (82, 183, 0),
    ("unpc_excerpt_241", "ps2pdf_chromium", "fr"): (82, 180, 0),
    ("unpc_excerpt_241", "ps2pdf_chromium", "ru"): (82, 0, 0),
    ("unpc_excerpt_241", "ps2pdf_chromium", "zh"): (9, 15, 0),
    ("unpc_excerpt_241", "ps2pdf_libreoffice", "ar"): (80, 104, 0),
    ("unpc_excerpt_241", "ps2pdf_libreoffice", "en"): (82, 155, 0),
    ("unpc_excerpt_241", "ps2pdf_libreoffice", "es"): (82, 189, 0),
    ("unpc_excerpt_241", "ps2pdf_libreoffice", "fr"): (82, 176, 0),
    ("unpc_excerpt_241", "ps2pdf_libreoffice", "ru"): (82, 397, 0),
    ("unpc_excerpt_241", "ps2pdf_libreoffice", "zh"): (82, 122, 0),
    ("unpc_excerpt_241", "ps2pdf_typst", "ar"): (80, 91, 0),
    ("unpc_excerpt_241", "ps2pdf_typst", "en"): (82, 137, 0),
    ("unpc_excerpt_241", "ps2pdf_typst", "es"): (82, 175, 0),
    ("unpc_excerpt_241", "ps2pdf_typst", "fr"): (82, 152, 0),
    ("unpc_excerpt_241", "ps2pdf_typst", "ru"): (82, 222, 0),
    ("unpc_excerpt_241", "ps2pdf_typst", "zh"): (82, 116, 0),
    ("unpc_excerpt_241", "ps2pdf_weasyprint", "ar"): (82, 157, 0),
    ("unpc_excerpt_241", "ps2pdf_weasyprint", "en"): (82, 148, 0),
    ("unpc_excerpt_241", "ps2pdf_weasyprint", "es"): (82, 183, 0),
    ("unpc_excerpt_241", "ps2pdf_weasyprint", "fr"): (82, 170, 0),
    ("unpc_excerpt_241", "ps2pdf_weasyprint", "ru"): (82, 259, 0),
    ("unpc_excerpt_241", "ps2pdf_weasyprint", "zh"): (82, 119, 0),
    ("unpc_excerpt_241", "typst", "ar"): (82, 118, 0),
    ("unpc_excerpt_241", "typst", "en"): (82, 180, 0),
    ("unpc_excerpt_241", "typst", "es"): (82, 199, 0),
    ("unpc_excerpt_241", "typst", "fr"): (82, 195, 0),
    ("unpc_excerpt_241", "typst", "ru"): (82, 220, 0),
    ("unpc_excerpt_241", "typst", "zh"): (82, 117, 0),
    ("unpc_excerpt_241", "weasyprint", "ar"): (82, 163, 0),
    ("unpc_excerpt_241", "weasyprint", "en"): (82, 181, 0),
    ("unpc_excerpt_241", "weasyprint", "es"): (82, 207, 0),
    ("unpc_excerpt_241", "weasyprint", "fr"): (82, 202, 0),
    ("unpc_excerpt_241", "weasyprint", "ru"): (82, 259, 0),
    ("unpc_excerpt_241", "weasyprint", "zh"): (82, 119, 0),
    ("unpc_excerpt_241", "xelatex", "ar"): (82, 136, 0),
    ("unpc_excerpt_241", "xelatex", "en"): (82, 161, 0),
    ("unpc_excerpt_241", "xelatex", "es"): (82, 167, 0),
    ("unpc_excerpt_241", "xelatex", "fr"): (82, 176, 0),
    ("unpc_excerpt_241", "xelatex", "ru"): (82, 213, 0),
    ("unpc_excerpt_241", "xelatex", "zh"): (82, 118, 0),
}


# The fonts ps2pdf's PDFs embed (as XeLaTeX set them), without which their Arabic, Cyrillic and Chinese stay unread.
_PS2PDF_FONTS = ("Amiri-Regular", "Amiri-Bold", "NotoSerif-Regular", "NotoSerif-Bold", "NotoSansCJKjp-Regular")
needs_ps2pdf_fonts = pytest.mark.skipif(
    not set(_PS2PDF_FONTS) <= set(installed_fonts()),
    reason="ps2pdf's Arabic, Cyrillic and Chinese are read through its fonts installed here (Debian "
           "fonts-hosny-amiri, fonts-noto-core, fonts-noto-cjk; .ci/system-packages.txt): not all are")


needs_naskh = pytest.mark.skipif(
    "NotoNaskhArabic-Regular" not in installed_fonts(),
    reason="LibreOffice's Arabic kashidas are read through Noto Naskh Arabic installed here (Debian fonts-noto-core): "
           "it is not")


def _marks(document: str, producer: str, lang: str = "ar") -> list:
    if producer.startswith("ps2pdf") and lang in ("ar", "ru", "zh", "fr"):
        return [needs_ps2pdf_fonts, needs_naskh] if producer == "ps2pdf_libreoffice" else [needs_ps2pdf_fonts]
    return [needs_naskh] if producer == "libreoffice" and lang == "ar" else []


@functools.cache  # each PDF is read once per test process, for both tests
def _read(document: str, producer: str, lang: str):
    pdf = OFFICE / document / producer / f"{lang}.pdf"
    symbol = json.loads((OFFICE / document / "masthead.json").read_text(encoding="utf-8"))["symbol"]
    output = read_output(pdf, lang=lang)
    return pdf, output, score_reading(read_gold(OFFICE / document / f"{lang}.paragraphs.jsonl"), output, symbol)


@pytest.mark.parametrize("document, producer, lang", [pytest.param(*key, id="-".join(key), marks=_marks(*key))
                                                      for key in MEASURED])
def test_paragraphs_read_exactly_and_no_page_furniture_beyond_what_was_measured(document, producer, lang):
    _, _, score = _read(document, producer, lang)
    assert score.exact == MEASURED[(document, producer, lang)][0]
    assert score.word_split_rows == 0


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (Debian poppler-utils) is not installed")
@pytest.mark.parametrize("producer", ["weasyprint", "typst", "xelatex"] + [
    pytest.param(producer, marks=needs_ps2pdf_fonts) for producer in ("ps2pdf", "ps2pdf_chromium", "ps2pdf_libreoffice",
                                                                      "ps2pdf_weasyprint", "ps2pdf_typst")])
def test_lines_read_worse_than_the_text_layer(producer):
    """Per producer, both documents and six languages: the lines pdftotext reads right and the reader does not."""
    found, pinned = {}, {}
    for (document, made_by, lang), (_, right, worse) in MEASURED.items():
        if made_by != producer:
            continue
        pdf, output, _ = _read(document, producer, lang)
        right_now, worse_now = worse_than_text_layer(text_layer_lines(pdf), corpus_text(document, lang),
                                                     [p.text for p in output])
        found[(document, lang)], pinned[(document, lang)] = (right_now, len(worse_now)), (right, worse)
    assert found == pinned


@pytest.mark.parametrize("document, producer", [("sdg_goals_targets", "libreoffice"), ("sdg_goals_targets", "typst"),
                                                ("udhr", "libreoffice"), ("udhr", "typst")])
def test_chinese_is_read_with_no_space_where_cjk_typesetting_leaves_room_beside_a_figure(document, producer):
    """LibreOffice and Typst set `到2030年` with room on each side of the figure, and PDFium makes up a space for it:
    read `到 2030 年` before (107 and 102 SDG paragraphs, 2 and 2 of the UDHR's). Now every Chinese paragraph is its
    text as written, with its punctuation and spacing (the space printed after `目标1.` kept)."""
    pdf, output, score = _read(document, producer, "zh")
    assert score_reading(read_gold(OFFICE / document / "zh.paragraphs.jsonl"), output,
                         full_texts=full_texts(document, "zh")).verbatim == score.items
    text = "\n".join(p.text for p in output)
    if document == "udhr":
        assert "A/C.3/SR.88至A/C.3/SR.116" in text
    else:
        assert "到2030年" in text and "到 2030" not in text and "目标1. 在全世界" in text


def test_a_label_of_figures_in_an_arabic_line_is_read_as_printed_with_no_space_inside():
    """XeLaTeX's target labels in its Arabic SDG: the reader once read `2 .1` in 126 labels (a space whose middle
    falls inside a full stop between two figures cuts no number now). The generator printed them turned (2.1 for 1.2,
    and 25.1 for 1.25) until 2026-12-05 (make_producer_pdfs `_tex`); the remade PDFs print them as written, and they
    are read as printed, the comma after `2030` touching it with no space before it. ps2pdf's rewrite of that PDF has
    its 189 paragraphs too, none a table row."""
    _, output, _ = _read("sdg_goals_targets", "xelatex", "ar")
    texts = [p.text for p in output]
    assert len(texts) == 189
    assert not any(re.match(r"\d+ \.\d", t) for t in texts)
    assert texts[3].startswith("1.2 تخفيض") and "عام 2030، وهو يُقاس" in texts[1]
    assert "بأقل من 1.25 دولار في اليوم" in texts[1]
    _, output, _ = _read("sdg_goals_targets", "ps2pdf", "ar")
    assert len(output) == 189 and all(p.kind != "table_row" for p in output)
    assert "بأقل من 1.25 دولار في اليوم" in output[1].text


def test_a_ligature_of_amiri_keeps_its_letters_in_order():
    """Typst's Arabic in Amiri: the letters of one ligature glyph share its box and keep PDFium's order (the reader
    once gave الحماكم for المحاكم and الجمتمع for المجتمع)."""
    _, output, _ = _read("udhr", "typst", "ar")
    text = " ".join(p.text for p in output)
    assert "المحاكم الوطنية" in text and "بحماية المجتمع والدولة" in text
    assert "الحماكم" not in text and "الجمتمع" not in text


def test_the_alef_of_a_joined_lam_alef_that_xelatex_maps_to_a_punctuation_mark_is_read_as_alef():
    """XeLaTeX's ToUnicode for Noto Naskh gives U+061D for the alef of a joined lam-alef and U+061F for its alef
    madda (وسل؝مة, لل؟باء): pdftotext drops them, the reader reads وسلامة and للآباء."""
    _, output, _ = _read("udhr", "xelatex", "ar")
    text = " ".join(p.text for p in output)
    assert "\u061d" not in text and "\u061f" not in text
    assert "لكل فرد الحق في الحياة والحرية وسلامة شخصه." in text and "للآباء الحق الأول" in text


def test_the_alef_with_hamza_below_of_a_lam_alef_after_a_letter_that_xelatex_maps_to_waw_is_read_as_alef():
    """XeLaTeX's ToUnicode for Noto Naskh gives U+0624 (ؤ) for the alef of لإ joined to a letter before it (للؤدراك,
    in pdftotext too): inside the lam's glyph box it is read إ."""
    _, output, _ = _read("udhr", "xelatex", "ar")
    assert "ولما كان للإدراك العام" in " ".join(p.text for p in output)
    _, output, _ = _read("sdg_goals_targets", "xelatex", "ar")
    text = " ".join(p.text for p in output)
    assert "لؤ" not in text and "قابلة للإنفاذ" in text and "التناسلية للإناث" in text


def test_typst_amiri_reads_its_words_whole_without_repeated_clusters_or_kerning_spaces():
    """Typst's Amiri: the tanween glyph maps to its whole cluster (نماًواً for نمواً), and a kerning step after a
    letter that does not join is no word gap (ز يادة, الحر ية); two glyphs that overlap but are drawn by two text
    objects (the lam over the meem of يلمّ) are no ligature; the words come out as written."""
    _, output, _ = _read("sdg_goals_targets", "typst", "ar")
    text = " ".join(p.text for p in output)
    plain = text.replace("\u0651", "")  # its shadda aside (mark order is counted apart)
    assert "كفالة أن يلم جميع" in plain and "يمل" not in plain
    assert text.count("البلدان نمواً") >= 10 and "نماًواً" not in text
    assert "ز يادة" not in text and "زيادة كبيرة" in text and "الجزر ية" not in text
    assert "على النحو المتفق عليه دولياً، بحلول عام" in text


@needs_ps2pdf_fonts
def test_words_in_logical_order_on_a_line_in_visual_order_keep_their_letters_and_gaps():
    """Ghostscript's rewrite of Typst's UDHR draws the 8.5 pt footnote 2 a word per text object, the words in visual
    order and each word's letters in logical order, 0.1 to 0.2 of the size apart with no space between some. Ordered
    by positions, the letters of its ligatures swapped and the gaps went (انظرالحماضرالموجزةلجلنة): each word now
    keeps the library's order and a gap of pdftotext's least word break between two objects is a space. Amiri's
    meem stacked over a hah (والتسامح), two objects whose boxes share their middle, is put in order by the pen
    positions (held-out unpc_excerpt: برنامج read برناجم by Typst, its rewrite and ps2pdf's, 1 paragraph each).
    The line read worse than pdftotext 1 -> 0, the paragraphs 93 -> 94 of 94 (tuning figures: found on this file)."""
    _, output, _ = _read("udhr", "ps2pdf_typst", "ar")
    text = " ".join(p.text for p in output)
    assert "انظر المحاضر الموجزة للجنة الثالثة،" in text and "والتسامح والصداقة" in text
    assert "حماضر" not in text and "لجلنة" not in text and "التساحم" not in text


def test_kashidas_mapped_after_the_letter_of_their_glyph_are_read_before_it():
    """Typst's Amiri draws ـــا (kashidas stretching the join into an alef) as one glyph and maps it alef first
    (مشاـــركة); an alef joins no letter after it, so the kashidas go before it."""
    _, output, _ = _read("sdg_goals_targets", "typst", "ar")
    text = " ".join(p.text for p in output)
    assert "دعم وتعزيز مشـــاركة المجتمعات" in text and "اـ" not in text


def test_a_notes_line_cut_by_a_word_gap_at_the_gutter_stays_in_its_column():
    """WeasyPrint's Arabic SDG, last page: the note line "2 انظر FCCC/…" stands beside the other column's body, its
    first words (1.6 pt from the rest) short of the gutter. Read in the body's column, it cut target 17.17 in two."""
    _, output, _ = _read("sdg_goals_targets", "weasyprint", "ar")
    assert any(p.text.startswith("17.17 ") and "بين القطاع العام والقطاع الخاص" in p.text for p in output)


def test_a_page_break_after_a_line_as_wide_as_its_paragraphs_other_lines_runs_on():
    """XeLaTeX's Arabic list items: their lines after the first end short of the column's margin by the label's
    width. The last line of a page, as wide as the line above it, is a full line of its item: the next page carries
    on target 11.b (a script without capitals says nothing by its first letter)."""
    _, output, _ = _read("sdg_goals_targets", "xelatex", "ar")
    assert any(p.text.startswith("11.b ") and "مخاطر الكوارث للفترة 2015" in p.text for p in output)


def test_ghostscript_ligatures_written_as_byte_swapped_utf16_are_read_as_their_letters():
    """ps2pdf maps the fi, fl and ff ligatures to <66006900> and the like (昀椀nancial in pdftotext too): the reader
    gives the letters, also of a ligature before a line-end hyphen mark (de 昀椀-/nancement). Its ffi mapping
    (<6600cf00>) names the f and a unit of no letter: read as ffi (efficiency, not ef케ciency)."""
    _, output, _ = _read("sdg_goals_targets", "ps2pdf", "en")
    text = " ".join(p.text for p in output)
    assert "financial" in text and "flooding" in text and "effect" in text
    assert "efficiency" in text and "trafficking" in text
    assert not any(ch in text for ch in "昀椀氀케")
    _, output, _ = _read("sdg_goals_targets", "ps2pdf", "fr")
    assert "de financement appliquées" in " ".join(p.text for p in output)
    _, output, _ = _read("sdg_goals_targets", "ps2pdf", "zh")  # Chinese letters of that form are Chinese
    assert "最" in " ".join(p.text for p in output)


def test_weasyprint_right_to_left_columns_keep_their_labels_and_lines():
    """WeasyPrint's two-column Arabic: a labelled first line stands out past the gutter, and the lines end flush and
    start ragged; each label stays with its column's item, and a ragged start is no first-line indent."""
    _, output, _ = _read("sdg_goals_targets", "weasyprint", "ar")
    first = next(p.text for p in output if p.text.startswith("1.1 "))
    assert first.endswith("دولار في اليوم") and "2.1" not in first
    assert any(p.text.startswith("1.4 ") and p.text.endswith("بحلول عام 2030") for p in output)


@pytest.mark.parametrize("producer", ["typst", "weasyprint", "libreoffice", "xelatex", "chromium"])
def test_numbers_joined_by_a_hyphen_after_arabic_read_in_their_order(producer):
    """By UAX #9 numbers after Arabic text are Arabic numbers, and a hyphen between two of them goes right to left:
    "2015-2030" is printed 2030-2015 (pdftotext reads it so); the reader gives the written order, with no space after
    the hyphen where XeLaTeX draws a space over it or Chromium breaks the line after it ("2015- 2030" before)."""
    _, output, _ = _read("sdg_goals_targets", producer, "ar")
    text = " ".join(p.text for p in output)
    assert "للفترة 2015-2030" in text and "2030-2015" not in text


@pytest.mark.parametrize("producer", ["weasyprint", "typst", "chromium", "libreoffice",
                                      pytest.param("ps2pdf", marks=needs_ps2pdf_fonts)])
def test_quotation_marks_in_an_arabic_line_read_in_the_order_written(producer):
    """Target 14.c quotes a title in every language (Arabic “المستقبل الذي نصبو إليه”). PDFium mirrors quotation
    marks in what it takes for a right-to-left run, as the Unicode Bidi Algorithm does not (pdftotext reads them
    right): the Arabic came out ”…“. Read in the order written in Arabic, and as they were in the other languages.
    (XeLaTeX's Noto Naskh maps its quotation marks to a fatha and a shadda, which pdftotext reads as U+FFFD.)"""
    for lang in ("ar", "zh", "en", "fr", "ru", "es"):
        _, output, _ = _read("sdg_goals_targets", producer, lang)
        end = next(item.end for item in read_gold(OFFICE / "sdg_goals_targets" / f"{lang}.paragraphs.jsonl")
                   if item.label == "14.c")
        assert any(p.text.endswith(end) for p in output), (lang, [p.text for p in output if "158" in p.text])


@pytest.mark.parametrize("producer, written", [
    pytest.param("libreoffice", "النحو المتفق عليه دولياً، بحلول عام 2020", id="libreoffice-comma"),
    pytest.param("libreoffice", "وثيقة “المستقبل الذي نصبو إليه”", id="libreoffice-quotes"),
    pytest.param("xelatex", "أينما كانوا بحلول عام 2030، وهو يُقاس", id="xelatex-comma")])
def test_punctuation_the_library_finds_apart_from_its_words_is_spaced_by_its_gaps(producer, written):
    """PDFium gives some punctuation of an Arabic line as a word of its own, away from the words it stands between
    (LibreOffice draws the quotation marks after the line's letters, each between spaces of no width): it is spaced
    by where it stands (`دولياً ،`, `” المستقبل … إليه “` before)."""
    _, output, _ = _read("sdg_goals_targets", producer, "ar")
    assert written in " ".join(p.text for p in output)


def test_no_page_furniture_leaks_from_any_producer():
    """The page-1 masthead (the organ's name in Russian or Arabic above "Distr.: General") and the job number with
    the bar code at its foot, as each producer prints them (15‑16301 with a no-break hyphen, "16301 -15 (A)" in a
    right-to-left line, and `*4800217* ( A) 48-00217` in Ghostscript's rewrite of Typst's Arabic, which leaked until
    2026-12-04), are furniture: no paragraph holds them."""
    for document, producer, lang in MEASURED:
        _, _, score = _read(document, producer, lang)
        assert score.leaks == 0, (document, producer, lang, score.leaked)


TEX_TEXT = OFFICE.parent / "xelatex_tex_text"  # XeLaTeX PDFs made before the generator's fixes (its README)


def test_footnotes_numbered_in_arabic_indic_digits_are_notes():
    """XeLaTeX numbered the Arabic notes ١, ٢, ٣ and the page footer "15-16301 ٢" (polyglossia's Eastern Arabic
    figures, the SDG's pages 1, 6 and 7): the notes are footnotes, the footer is furniture, and no raised-digit marker
    is left in the text."""
    output = read_output(TEX_TEXT / "sdg" / "ar.pdf", lang="ar")
    notes = [p.text for p in output if p.kind == "footnote"]
    assert [n.split()[0] for n in notes] == ["١", "٢", "٣"]
    text = " ".join(p.text for p in output)
    assert "16301" not in text and "\ue000" not in text


# Arabic with its harakat compared too (issue 26 counts mark order apart): gold items read exactly, as measured.
WITH_MARKS = {("sdg_goals_targets", "typst"): 188, ("sdg_goals_targets", "weasyprint"): 188,
              ("sdg_goals_targets", "xelatex"): 189, ("sdg_goals_targets", "ps2pdf"): 187,
              ("udhr", "typst"): 94, ("udhr", "weasyprint"): 93, ("udhr", "xelatex"): 93, ("udhr", "ps2pdf"): 94, ("udhr", "ps2pdf_typst"): 94}


@pytest.mark.parametrize("document, producer", [pytest.param(*key, marks=_marks(*key)) for key in WITH_MARKS])
def test_arabic_read_exactly_with_its_marks_in_order(document, producer):
    _, output, _ = _read(document, producer, "ar")
    symbol = json.loads((OFFICE / document / "masthead.json").read_text(encoding="utf-8"))["symbol"]
    gold = read_gold(OFFICE / document / "ar.paragraphs.jsonl")
    assert score_reading(gold, output, symbol, marks=True).exact == WITH_MARKS[(document, producer)]


@pytest.mark.parametrize("document, producer, words", [
    ("sdg_goals_targets", "typst", ["يُقاس", "المتعلّقة", "الجيّد", "نموّاً"]),
    ("sdg_goals_targets", "chromium", ["الجيّد"]),
])
def test_a_mark_goes_on_the_letter_its_text_object_draws_it_with(document, producer, words):
    """A mark's box is the advance after its letter and can stand over the next one (Typst's يُقاس read يقُاس,
    Chromium's الجيّد read اّلجيد): the letter it belongs to is the last one before it in PDFium's order drawn by the
    same text object."""
    _, output, _ = _read(document, producer, "ar")
    text = " ".join(p.text for p in output)
    for word in words:
        assert word in text, word
    assert "يقُاس" not in text and "اّلجيد" not in text


@pytest.mark.parametrize("document, producer, words", [
    ("sdg_goals_targets", "chromium", ["المتعلّقة بأشكال", "المتعلّمين"]),
    ("sdg_goals_targets", "weasyprint", ["المتعلّقة بأشكال", "المتعلّمين"]),
    ("sdg_goals_targets", "xelatex", ["المتعلّقة بأشكال", "المتعلّمين"]),
    ("sdg_goals_targets", "libreoffice", ["وفقــاً للتعـاريف"]),
    ("udhr", "chromium", ["(A/777)."]),
    ("udhr", "typst", ["(A/777).", "A/C.3/SR.88 إلى"]),
])
def test_a_word_the_library_cuts_into_two_lines_of_its_stream_is_read_whole(document, producer, words):
    """Two right-to-left segments of a row closer than a space are one word cut in two lines of PDFium's stream
    (Chromium's المتعلّقة, its lam raised by the shadda and drawn after the rest of the line, read المتعلّ قة;
    LibreOffice's وفقــ اً), or punctuation touching its word (`( A/777 ).`); a Latin word or a figure as close to an
    Arabic one stays apart (Typst's `A/C.3/SR.88 إلى`)."""
    _, output, _ = _read(document, producer, "ar")
    text = " ".join(p.text for p in output)
    for word in words:
        assert word in text, word
    assert "المتعلّ قة" not in text and "وفقــ اً" not in text


def test_the_room_a_mark_is_given_after_its_letter_is_no_word_gap():
    """Chromium gives a mark the advance after its letter: the next letter stands that far off (المغذّ ي, وتحسِّ ن,
    إنفاذُ ها). The gap is measured from the left edge of the marks' boxes that continue the letter's."""
    text = " ".join(p.text for p in read_output(OFFICE / "sdg_goals_targets" / "chromium" / "ar.pdf", lang="ar"))
    for word in ("المغذّي طوال", "التعرّض للمواد", "نموّاً والدول", "إنفاذُها", "وتحسِّن"):
        assert word in text, word


def test_a_mark_drawn_between_lines_of_the_stream_goes_on_the_letter_under_it():
    """WeasyPrint draws a tanween by a text object of its own, put by PDFium on a line of its own between two lines of
    its stream: it went on the line above (جميعً الأعمار, وفقــا); it belongs to the letter under it that ends a line
    near it in the stream on its baseline."""
    text = " ".join(p.text for p in read_output(OFFICE / "sdg_goals_targets" / "weasyprint" / "ar.pdf", lang="ar"))
    assert "وفقــاً للتعـاريف" in text and "جميع الأعمار" in text
    assert "جميعً" not in text


def test_a_joining_letter_that_stands_apart_from_the_next_ends_its_word():
    """XeLaTeX's Noto Naskh: a final ص or ض stands a sixth of the size from the next word and PDFium puts no space
    there (فرصللعمـل, الأمراضغير); a letter that joins the next one of its word touches it."""
    _, output, _ = _read("sdg_goals_targets", "xelatex", "ar")
    text = " ".join(p.text for p in output)
    assert "فرص للعمـل" in text and "الأمراض غير" in text
    assert "فرصللعمـل" not in text and "الأمراضغير" not in text


def test_typst_footnote_calls_are_found_and_each_note_follows_its_caller_in_every_version(tmp_path, cache_dir):
    """Typst sets a footnote call with the font's own superscript glyph: at the body size, on the baseline, only its
    ink small and raised. Read as a raised small digit, it is a call; and each note follows the paragraph calling it
    rather than its page's last paragraph, which differs by version (Arabic's note 1 fell after target 3.6, English's
    after 2.b, French's after 2.5: 203 units for 189 paragraphs, `unalign evaluate` link F1 0.878). Now the six SDG
    versions align exactly against the gold."""
    from tests.conftest import unalign_here
    from unalign.readers.pdf import pdf_blocks

    for lang in ("ar", "en", "fr"):
        blocks = pdf_blocks(OFFICE / "sdg_goals_targets" / "typst" / f"{lang}.pdf")
        notes = [k for k, block in enumerate(blocks) if block.kind == "footnote"]
        assert [blocks[k - 1].calls for k in notes] == [("1",), ("2",), ("3",)], lang
        assert [blocks[k - 1].text[:4] for k in notes] == ["1.1 ", "13.2", "14.c"], lang
    done = unalign_here("align", str(OFFICE / "sdg_goals_targets" / "typst"), "--out", str(tmp_path),
                        "--level", "paragraph", "--cache-dir", str(cache_dir))
    assert done.returncode == 0, done.stderr
    assert "typst: 189 units" in done.stdout
    scored = unalign_here("evaluate", str(tmp_path / "typst.audit.json"), "--gold",
                          str(OFFICE / "sdg_goals_targets" / "gold.jsonl"), "--json")
    assert json.loads(scored.stdout)["all"]["links"]["f1"] == 1.0


@pytest.mark.parametrize("producer, lang", [("typst", "en"), ("typst", "es"), ("typst", "fr"), ("typst", "ru"),
                                            ("weasyprint", "en"), ("chromium", "en"), ("libreoffice", "fr")])
def test_a_line_broken_inside_a_token_with_no_space_joins_with_none(producer, lang):
    """Lines broken after a hyphen that is always one (U+2010 `non‐` `political`), a slash (`A/` `C.3/SR.174`) or a
    document symbol's full stop before a figure (`A/C.3/SR.` `174`) were joined with a space: now every UDHR paragraph
    of these is its text exactly, spaces and punctuation included (each had one or two that were not)."""
    _, output, score = _read("udhr", producer, lang)
    strict = score_reading(read_gold(OFFICE / "udhr" / f"{lang}.paragraphs.jsonl"), output,
                           full_texts=full_texts("udhr", lang))
    assert strict.verbatim == score.items


@needs_ps2pdf_fonts
def test_a_space_drawn_between_a_figure_and_a_word_is_read_wherever_the_stream_puts_it():
    """Ghostscript's rewrite of LibreOffice's Arabic UDHR draws each article heading "المادة 1" as the figure, then
    the word, then the space between them (which stands in the gap between the two): the figure and the word were one
    word of the library's, and read "المادة1". Every heading now has its space; 67 of 94 paragraphs were exact
    strictly (37 before), the rest differing in the order of a tanween and its alef, counted apart; the lines read
    worse than pdftotext's strictly 43 -> 13 (found on this held-out file, so these are tuning figures). 81 and 6
    since a joining letter touching the next is read in its word and a bracket whose pair stands on another line is
    put back (found on the second UNPC excerpt); 89 since two Arabic letters that touch are read in one word."""
    _, output, _ = _read("udhr", "ps2pdf_libreoffice", "ar")
    texts = [p.text for p in output]
    assert sum(1 for t in texts if re.fullmatch(r"المادة \d+", t)) == 30
    assert not any(re.match(r"المادة\d", t) for t in texts)
    strict = score_reading(read_gold(OFFICE / "udhr" / "ar.paragraphs.jsonl"), output,
                           full_texts=full_texts("udhr", "ar"))
    assert strict.verbatim == 89


@needs_ps2pdf_fonts
@pytest.mark.parametrize("producer, strictly, before", [("ps2pdf_weasyprint", 90, 67), ("ps2pdf_typst", 94, 61)])
def test_a_full_stop_touching_the_word_it_ends_takes_no_space_before_it(producer, strictly, before):
    """Ghostscript's rewrites of the WeasyPrint and Typst Arabic UDHR draw a paragraph's last full stop with the
    label of the next paragraph ("1." then "." then the line): a word of the library's apart from the word the full
    stop touches, which put a space before it ("عنه ."). Now `strictly` of 94 paragraphs are exact strictly
    (`before`; WeasyPrint's 89 before its margin was read past the overhang, Typst's 83 before its kashida was read
    by outline; Typst's 92 before a space of no width between a word and its comma went, 93 before a hyphen touching
    a letter and a figure was read inside their word), the rest differing in the order of a tanween and its alef; lines read worse than pdftotext's strictly 22 -> 1 and 18 -> 0 (tuning figures:
    found on these files)."""
    _, output, _ = _read("udhr", producer, "ar")
    assert not any(re.search(r"\w \.$", p.text) for p in output)
    strict = score_reading(read_gold(OFFICE / "udhr" / "ar.paragraphs.jsonl"), output,
                           full_texts=full_texts("udhr", "ar"))
    assert strict.verbatim == strictly


@needs_ps2pdf_fonts
def test_the_kashida_amiri_puts_between_a_lam_and_a_kaf_is_not_read_as_text():
    """Amiri's GSUB puts a kashida of its own between a lam and a kaf (and a few other pairs), drawn with the glyph
    of a typed tatweel; XeLaTeX's own PDF leaves it out of the text, ps2pdf's rewritten map cannot. Between letters
    where the font puts one, in a font whose map was rebuilt, a tatweel is now read as the font's: the UDHR holds
    none (7 read before; 86 -> 93 of 94 paragraphs exact), the SDG 1,044 of the gold's 1,055 (1,077 read before; its
    9 typed ones in those places are lost; 178 -> 185 of 189). Its kashida between a khah and a beh before a final
    reh (`الخـبرات`, two) goes too since the places' contexts are read from its rules (stop 49)."""
    from unalign.readers.pdf.fonts import inserted_tatweels

    assert is_inserted_tatweel(inserted_tatweels(*installed_fonts()["Amiri-Regular"]), "ا", "ل", "ك", "ر")
    assert inserted_tatweels(*installed_fonts()["NotoSerif-Regular"]) == frozenset()
    for document, tatweels in (("udhr", 0), ("sdg_goals_targets", 1044)):
        _, output, _ = _read(document, "ps2pdf", "ar")
        assert sum(p.text.count("\u0640") for p in output) == tatweels
        _, own, _ = _read(document, "xelatex", "ar")  # XeLaTeX's PDF of the same text, its map right
        assert sum(p.text.count("\u0640") for p in own) == {"udhr": 0, "sdg_goals_targets": 1055}[document]


@needs_ps2pdf_fonts
def test_a_kashida_that_a_rebuilt_map_calls_a_lam_is_read_by_its_outline():
    """ps2pdf's map of Typst's Amiri (a subset numbered anew) gives garbage for some glyphs and ل for the kashida
    Amiri puts between a lam and a kaf, which read `اللكرامة` for `الكرامة` (seven paragraphs; pdftotext reads the
    same). A map that gives what its font cannot draw is doubted for every form: the kashida's outline, found in the
    installed Amiri a unit to the right as Ghostscript moves a glyph reaching left of its origin, is a tatweel, and
    then the font's own between that lam and kaf (tuning figures: found on this file, 86 -> 93 of 94 exact; 94 since
    its footnote's words keep their order)."""
    _, output, score = _read("udhr", "ps2pdf_typst", "ar")
    text = " ".join(p.text for p in output)
    _, own, _ = _read("udhr", "typst", "ar")  # Typst's own PDF of the same text, its map right
    assert re.findall(r"\w*لك\w*", text) == re.findall(r"\w*لك\w*", " ".join(p.text for p in own))  # 47 words
    assert "للك" not in text and text.count("كرامة") == 5 and "\u0640" not in text and score.exact == 94


def test_ghostscript_rewrites_keep_regular_and_bold_apart_and_hyphens_in_words():
    """Ghostscript writes one StemV (419) into the regular and the bold face of WeasyPrint's Noto Serif, and PDFium
    took both for bold: every article heading ran into the paragraph before it at a page top (`… brotherhood.
    Article 2`). A font whose name says nothing of its weight beside one of its family named bold is the regular
    face. And the hyphen of the fonts it subsets anew, mapped to U+00AD, was dropped inside words (`каклибо`, the job
    number `4800217`, which then leaked as text)."""
    _, output, _ = _read("udhr", "ps2pdf_weasyprint", "en")
    texts = [p.text for p in output]
    assert "Article 2" in texts and not any(re.search(r"Article 2\b", t) and t != "Article 2" for t in texts)
    assert any(t.endswith("in a spirit of brotherhood.") for t in texts)
    _, output, _ = _read("udhr", "ps2pdf_typst", "ru")
    assert any("как-либо иначе ограниченной" in p.text for p in output)


def test_the_session_line_under_the_masthead_is_masthead_in_all_six_languages():
    """The excerpt opens with the devset's first line, the session line of a General Assembly document, printed
    under the masthead rule where such a document prints it. The masthead patterns knew it in English only
    (`Sixty-ninth session`; French `Soixante-neuvième` missed by its è): five versions kept it as text and English did
    not, a unit with a false hole. Now it is masthead in every version (the gold, by the real PDFs' convention, holds
    it in none)."""
    session = {lang: (OFFICE.parents[1] / "unpc_v1_devset" / f"{lang}.txt").read_text(encoding="utf-8").split("\n")[0]
               for lang in ("ar", "zh", "en", "fr", "ru", "es")}
    assert session["fr"] == "Soixante-neuvième session" and session["zh"] == "第六十九届会议"
    for lang, line in session.items():
        _, output, _ = _read("unpc_excerpt", "libreoffice", lang)
        assert len(output) == 81 and not any(p.text.strip() == line.strip() for p in output), lang


@pytest.mark.parametrize("lang, date", [("en", "11 March 2015"), ("fr", "11 mars 2015"), ("es", "11 de marzo de 2015")])
def test_a_date_under_the_title_is_text_not_masthead(lang, date):
    """Under the masthead rule only the run of masthead lines right under it (session, agenda item) is masthead: the
    second excerpt's date line under its first heading was dropped in English, French and Spanish, whose date patterns
    the masthead has, and kept in the three other versions."""
    for producer in ("chromium", "libreoffice", "xelatex"):
        _, output, _ = _read("unpc_excerpt_241", producer, lang)
        assert [p.text for p in output][1] == date


@needs_ps2pdf_fonts
@needs_naskh
def test_the_kashida_libreoffice_justifies_arabic_with_is_no_text():
    """LibreOffice justifies Arabic with kashidas: the tatweel's glyph drawn under a code its ToUnicode map leaves
    out, which PDFium and pdftotext read as the code itself, `L` (`مختلLLف الإدارات المغربيLL ة`: 22 of 82 paragraphs
    of the second excerpt lost, 23 in Ghostscript's rewrite). A left-out code is read by its glyph's outline in the
    installed font: the tatweel is the font's connector, no text (then 81 and 80 exact; 82 and 80 since a letter
    given a line of its own is put back)."""
    for producer, exact, typed in (("libreoffice", 82, 6), ("ps2pdf_libreoffice", 80, 0)):
        _, output, score = _read("unpc_excerpt_241", producer, "ar")
        text = " ".join(p.text for p in output)
        # the typed tatweels (المـُنقحة, آخــــر, الـمُدن) stay; Ghostscript's rewrite loses them, 2 paragraphs
        assert "LL" not in text and text.count("\u0640") == typed
        assert "مختلف الإدارات المغربية" in text and "الدفاع الوطني" in text and score.exact == exact


def test_a_call_set_at_the_start_of_a_right_to_left_line_ends_its_paragraph():
    """WeasyPrint sets the footnote call that ends an Arabic paragraph at the start (the right) of its last line, and
    the paragraph was read as a second note 2, set in the body, its caller lost. A right-to-left line that opens with
    the mark of a note read at a page's foot has the call at its end."""
    for producer in ("weasyprint", "ps2pdf_weasyprint"):
        _, output, _ = _read("unpc_excerpt_241", producer, "ar")
        caller = next(k for k, p in enumerate(output) if p.text.startswith("كما أعربت الدول الخمس"))
        assert output[caller].kind == "paragraph" and output[caller].text.endswith("على ذلك المركز.")
        assert output[caller + 1].kind == "footnote" and output[caller + 1].text.startswith("2 انظر قرار")
        assert sum(p.kind == "footnote" for p in output) == 2


def test_latin_words_in_an_arabic_line_keep_their_order():
    """A run of Latin words inside an Arabic line that the library gives in visual order (Chromium's `(Nuclear Tests
    I)` in a third excerpt, its glyphs as measured there): the spaces between Latin letters run left to right with
    them (the Unicode Bidi Algorithm's rule N1), so the words are not turned back one by one (`(I Tests Nuclear)`,
    where pdftotext reads the line right)."""
    from unalign.readers.pdf.geometry import Glyph, _logical_from_positions

    drawn = [(")", 529.82, 532.39), ("I", 525.83, 529.5), (" ", 524.33, 524.33), ("T", 499.32, 505.45),
             ("e", 504.95, 510.29), ("s", 510.29, 514.8), ("t", 514.8, 518.32), ("s", 518.32, 522.83),
             (" ", 497.88, 497.88), ("N", 458.64, 466.27), ("u", 466.27, 472.62), ("c", 472.61, 477.53),
             ("l", 477.53, 480.63), ("e", 480.63, 485.98), ("a", 485.98, 491.61), ("r", 491.61, 496.31),
             (")", 455.75, 458.32), ("،", 453.06, 455.18), (" ", 451.34, 451.34), ("ر", 446.01, 450.06),
             ("أ", 443.82, 446.2), ("ت", 436.1, 443.82)]
    glyphs = [Glyph(char, char == " ", 10.0, left, 107.0, right, 114.0, False, -1 if char == " " else 2294 + k)
              for k, (char, left, right) in enumerate(drawn)]
    assert "".join(g.char for g in _logical_from_positions(glyphs, 10.0)) == "(Nuclear Tests I)، رأت"


def _visual_line(visual: str) -> list:
    """Glyphs of one line as drawn, left to right, each 5 pt wide, a word gap 3 pt (the visual string gives each
    Arabic word's letters in the order they stand on the page)."""
    from unalign.readers.pdf.geometry import Glyph

    glyphs, x = [], 100.0
    for char in visual:
        if char != " ":
            glyphs.append(Glyph(char, False, 10.0, x, 107.0, x + 5.0, 114.0, False, len(glyphs)))
        x += 3.0 if char == " " else 5.0
    return glyphs


def test_a_latin_run_in_an_arabic_line_takes_its_figures_and_punctuation_with_it():
    """A figure after a Latin word, and the spaces and punctuation between Latin words, run left to right with them
    (the Unicode Bidi Algorithm's rules W7 and N1): the held-out excerpt of devset lines 401-480 read `9000766 Global
    Nampo` and `Kunarac .Prosecutor v` (Chromium), where pdftotext reads both right. Two figures apart stay in
    right-to-left order."""
    from unalign.readers.pdf.geometry import _logical_from_positions

    def read(visual: str) -> str:
        return "".join(g.char for g in _logical_from_positions(_visual_line(visual), 10.0))

    assert read("ةلقان Global Nampo 9000766 نويلاريس") == "سيراليون Global Nampo 9000766 ناقلة"
    assert read("تأر ،Prosecutor v. Kunarac كارانوك") == "كوناراك Prosecutor v. Kunarac، رأت"
    assert read("ةلقان 2015 2016 نويلاريس") == "سيراليون 2016 2015 ناقلة"


def test_an_ideograph_after_a_latin_word_is_no_letter_with_its_bytes_swapped():
    """Ghostscript maps a Latin ligature's letters with each code unit's bytes swapped (`fi` read 昀椀), and such a
    unit beside a Latin letter is read back as the letter; but 一 (U+4E00) is `N` swapped, and Chinese sets Latin
    words in its lines: `Kunarac一案` was read `KunaracN案` (Chromium's Chinese of the devset lines 401-480)."""
    from unalign.readers.pdf.geometry import _unswapped_ligatures

    def read(text: str) -> str:
        glyphs = _visual_line(text)
        _unswapped_ligatures(glyphs)
        return "".join(g.char for g in glyphs)

    assert read("在检察官诉Kunarac一案中") == "在检察官诉Kunarac一案中"
    assert read("the of昀椀ce of") == "theofficeof"


def test_a_running_header_wrapped_differently_on_odd_and_even_pages_is_running_matter():
    """A header of two lines, the symbol and a long title, that odd pages wrap after the title's twelfth word and even
    pages after its fourteenth (LibreOffice's Spanish of the devset lines 401-480, five pages after the first): the
    even pages' first line, on two pages of six, was read as text on one, inside a paragraph running on over the page
    break. A band row whose text other pages' bands
    hold across two rows is running matter; a paragraph's last line at a page foot that one row of another page's
    header holds ("de oficinas gubernamentales") is not."""
    from unalign.readers.pdf.furniture import pdf_settings, running_rows
    from unalign.readers.pdf.geometry import Page, Row, Segment

    def row(text: str, bottom: float) -> Row:
        return Row([Segment(text, 70.0, 520.0, bottom, bottom + 9.0, 10.0, False, False)], bottom, bottom + 9.0, 10.0)

    title = "Según se informa, durante su ocupación de oficinas gubernamentales e instituciones públicas los huzíes " \
            "invadieron en repetidas ocasiones el centro de salud de Amran."
    words = title.split()
    pages = []
    for number in range(6):
        if number % 2:  # odd pages (2, 4, 6): the title first, the symbol at the end of the second line
            head = [" ".join(words[:14]), " ".join(words[14:]) + " A/70/1001"]
        else:
            head = ["A/70/1001 " + " ".join(words[:12]), " ".join(words[12:])]
        body = [row(f"Body text of page {number + 1}, which runs on from one page to the next one.", 700.0),
                row("de oficinas gubernamentales" if number == 3 else "Alpha Bravo Charlie Delta Echo".split()[number % 5], 70.0)]
        heads = [row(head[0], 800.0), row(head[1], 788.0)] if number else []  # page 1: the masthead instead
        pages.append(Page(number, 595.0, 842.0, [*heads, *body], []))
    found = running_rows(pages, "A/70/1001", 10.0, pdf_settings())
    assert 0 not in found and all(found[page.number] == {0, 1} for page in pages[1:])


def test_the_last_word_of_a_running_title_wrapped_onto_a_row_of_its_own_is_running_matter():
    """LibreOffice sets a title too long for the header's line after the symbol on even pages and wraps its last word
    onto a row of its own ("A/70/1001   Declaración ... para los Empresarios y la" over "Inversión"); odd pages hold
    the title on one row. That row, too short to be told by itself, was read as text inside a paragraph running on
    over the page break (the Spanish of devset lines 641-720, held out). After the last segment of the running row
    above it, it reads as the other pages' bands hold the title: running matter. A body row under it is not."""
    from unalign.readers.pdf.furniture import pdf_settings, running_rows
    from unalign.readers.pdf.geometry import Page, Row, Segment

    def row(texts: list[str], bottom: float) -> Row:
        segments = [Segment(t, 70.0 + 200 * k, 250.0 + 200 * k, bottom, bottom + 9.0, 10.0, False, False)
                    for k, t in enumerate(texts)]
        return Row(segments, bottom, bottom + 9.0, 10.0)

    title = "Declaración de Manama aprobada en el Primer Foro Internacional para los Empresarios y la"
    pages = []
    for number in range(7):
        if number % 2:  # even pages (2, 4, 6): the symbol, the title wrapped before its last word
            heads = [row(["A/70/1001", title], 800.0), row(["Inversión"], 788.0)]
        else:
            heads = [row([title + " Inversión"], 800.0)] if number else []  # page 1: the masthead instead
        body = [row(["Penal decidieron incluir la declaración en el informe " + "abcdefg"[number]], 700.0)]
        pages.append(Page(number, 595.0, 842.0, [*heads, *body], []))
    found = running_rows(pages, "A/70/1001", 10.0, pdf_settings())
    assert all(found[page.number] == ({0, 1} if page.number % 2 else {0}) for page in pages[1:])


def _read_once_with_its_running_title(lang: str) -> None:
    """corpora/formats/xelatex_running_title in `lang`: devset line 897, the running title too, read once as a
    paragraph of its 82, and no running matter among them."""
    devset = (OFFICE.parents[1] / "unpc_v1_devset" / f"{lang}.txt").read_text(encoding="utf-8").split("\n")
    texts = [p.text for p in read_output(OFFICE.parent / "xelatex_running_title" / f"{lang}.pdf", lang=lang)]
    assert texts.count(devset[896].strip()) == 1 and len(texts) == 82
    assert not any("A/70/1010" in t for t in texts)


def test_a_paragraph_in_page_1s_foot_band_that_reads_as_the_running_title_is_text():
    """XeLaTeX's English of a held-out excerpt (corpora/formats/xelatex_running_title): devset line 897 is the running
    title at the head of pages 2-5 and a paragraph of page 1, whose second line stands in page 1's tall foot band. The
    title stands in the other pages' bands, at their head, so the line was taken for running matter and the
    paragraph read `... in strict compliance with in`. A header repeats at the head of pages, a footer at their
    foot: a band row is compared with the same band of other pages."""
    _read_once_with_its_running_title("en")


def test_a_paragraph_under_a_running_title_of_the_same_words_is_text():
    """XeLaTeX's Russian of the same excerpt (corpora/formats/xelatex_running_title/ru.pdf): devset line 897 opens
    page 2 right under the running title, the same words wrapped alike, its first line in the head band; it was taken
    for running matter and the paragraph read from its second line. A page prints its header once: a band row whose
    text the running rows nearer the page's edge already hold is text."""
    _read_once_with_its_running_title("ru")


def test_a_foot_band_row_is_running_matter_only_where_other_pages_feet_repeat_it():
    """Chromium's English of the same excerpt breaks that paragraph after its first line, which ends page 1 in its
    foot band and is, row for row, the first line of the header of pages 2-5; it was running matter. Rows are counted
    band by band, head and foot apart."""
    from unalign.readers.pdf.furniture import pdf_settings, running_rows
    from unalign.readers.pdf.geometry import Page, Row, Segment

    def row(text: str, bottom: float) -> Row:
        return Row([Segment(text, 70.0, 520.0, bottom, bottom + 9.0, 10.0, False, False)], bottom, bottom + 9.0, 10.0)

    title = "The Security Council stresses that such operations must be done in strict compliance with"
    pages = [Page(0, 595.0, 842.0, [row("Body text of page 1.", 700.0), row(title, 90.0),
                                    row("international law, including international humanitarian law.", 77.0)], [])]
    for number in range(1, 5):
        heads = [row(title, 798.0), row("A/70/1010 international law, including international humanitarian law.",
                                        785.0)]
        pages.append(Page(number, 595.0, 842.0, [*heads, row(f"Body text of page {number + 1}.", 700.0)], []))
    found = running_rows(pages, "A/70/1010", 10.0, pdf_settings())
    assert 0 not in found and all(found[page.number] == {0, 1} for page in pages[1:])


@needs_naskh
def test_a_glyph_weasyprint_maps_to_nothing_or_to_its_cluster_is_read_by_its_outline():
    """WeasyPrint maps a glyph to the text of the first cluster that draws it: after `وأُنشئت`, the damma maps to `أُ`
    and the alef with hamza to nothing, so every later `أ` was read as nothing and every damma as `أُ` (`بدت`, `ساليب`,
    `أُيلزم`; pdftotext reads the same). WeasyPrint keeps the font's glyph numbers, so such a code is read by the
    installed font's glyph of that number where the outlines agree (corpora/formats/weasyprint_cluster: a held-out
    excerpt's WeasyPrint Arabic lost 33 of 82 paragraphs to it)."""
    folder = OFFICE.parent / "weasyprint_cluster"
    devset = (OFFICE.parents[1] / "unpc_v1_devset" / "ar.txt").read_text(encoding="utf-8").split("\n")
    output = read_output(folder / "ar.pdf", lang="ar")
    assert [p.text for p in output] == [devset[n - 1].strip() for n in (482, 483, 488)]
    if shutil.which("pdftotext"):
        layer = "\n".join(text_layer_lines(folder / "ar.pdf"))
        assert "ساليب" in layer and "أساليب" not in layer  # the text layer as WeasyPrint wrote it
    # Ghostscript's rewrite writes the damma's cluster with the alef's low byte as the damma's high byte (`أ⍏`): the
    # damma's glyph was read `أُ` there (`أُيلزم`), the cluster put back together only after it was read as the mark.
    rewritten = read_output(folder / "ar.ps2pdf.pdf", lang="ar")
    assert [p.text for p in rewritten] == [devset[n - 1].strip() for n in (482, 483, 488)]
    if shutil.which("pdftotext"):
        assert "\u234f" in "\n".join(text_layer_lines(folder / "ar.ps2pdf.pdf"))


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (Debian poppler-utils) is not installed")
def test_xelatex_missing_glyph_box_is_read_as_the_replacement_character():
    """Noto Naskh Arabic has no `-`, `/` or `"`, and XeLaTeX draws its missing-glyph box for each outside a Latin run,
    mapped to U+FFFF, a noncharacter, for which PDFium gave another glyph's text (`لله` in a held-out excerpt, 22 lines
    worse than pdftotext there). It is read as U+FFFD, as pdftotext reads it: a glyph nobody can read, not a letter.
    (The generator now sets those signs in the Latin font; unpc_excerpt's first two pages as XeLaTeX printed them
    before are kept.)"""
    pdf = TEX_TEXT / "unpc" / "ar.pdf"
    text = " ".join(p.text for p in read_output(pdf, lang="ar"))
    assert text.count("\ufffd") == "\n".join(text_layer_lines(pdf)).count("\ufffd") == 22
    assert re.findall(r"\S*لله\S*", text) == ["للهوية"] and "للهوية" in "\n".join(full_texts("unpc_excerpt", "ar"))


def test_a_line_tex_set_lower_to_keep_its_ink_off_the_line_above_is_no_new_paragraph():
    """XeLaTeX sets a line whose ink would touch the line above's (a damma over the line, a yeh's tail under the one
    above) \\lineskip (1 pt) below that ink: 16.1 pt below for a 12 pt pitch, past the paragraph gap, so the second line
    of a paragraph of unpc_excerpt_241 opened a paragraph of its own. A paragraph's 6 pt spacing leaves more between
    the inks."""
    _, output, score = _read("unpc_excerpt_241", "xelatex", "ar")
    opening = "إن منظمة المرأة في العمل البديل للكاميرون،"
    paragraph = next(p.text for p in output if p.text.startswith(opening))
    assert "بيجين" in paragraph and paragraph.endswith("في مجالين:") and score.split == 0


def test_a_justified_arabic_line_weasyprint_shifts_off_the_start_of_its_column_opens_no_paragraph():
    """WeasyPrint sets some justified Arabic lines flush with the end of the column and up to a size short of its
    start, after a long line that stops short of the end with no sentence closed: the second line of a paragraph of
    unpc_excerpt, 8.6 pt in, was read as a first-line indent. A paragraph's last line closes its sentence or stops
    well short of the end."""
    _, output, score = _read("unpc_excerpt", "weasyprint", "ar")
    paragraph = next(p.text for p in output if "أن نسلط الضوء على التحدي الرئيسي الذي" in p.text[:60])
    assert "من البحوث للتصدي لجميع" in paragraph and score.split == 0


def test_stacked_arabic_letters_drawn_from_their_own_pens_are_ordered_by_them():
    """Amiri stacks the lam, meem and jeem of `لمجرد`; Typst draws them as one text object in visual order, each glyph
    from its own pen position, their boxes overlapping: taken for the letters of one ligature glyph they kept that
    order (`جمل رَّد`). Letters drawn from pens apart are glyphs apart, put in order by their pens
    (corpora/formats/typst_stacked, devset line 691 of a held-out excerpt). Only glyphs drawn at their pens: the teh
    of `التُمست` (line 653), raised over the meem and drawn 2.7 pt right of a pen left of the meem's, read `المتُست` by
    the pens, a line worse than pdftotext; its box's place is its order."""
    folder = OFFICE.parent / "typst_stacked"
    text = " ".join(p.text for p in read_output(folder / "ar.pdf", lang="ar"))
    assert "التسليم لمجرَّد" in text and "جمل" not in text
    assert "فقد التُمست أيضا" in text and "المتُست" not in text


def test_a_one_line_paragraph_at_the_first_line_indent_ends_where_the_next_line_opens_at_that_indent():
    """A paragraph's first line at the column's first-line indent, the next line at the same indent: two paragraphs,
    whether the first fills the column or stops short of it. Typst's Chinese (corpora/formats/typst_one_line, devset
    lines 131-150, paragraphs 0.5 pt further apart than their lines) ran devset lines 144 and 145 together; so did
    ps2pdf's Arabic of held-out excerpts, its Amiri lines 13.5 to 29 pt apart."""
    folder = OFFICE.parent / "typst_one_line"
    devset = (OFFICE.parents[1] / "unpc_v1_devset" / "zh.txt").read_text(encoding="utf-8").split("\n")
    texts = [p.text for p in read_output(folder / "zh.pdf", lang="zh")]
    assert texts == [devset[n - 1].strip() for n in range(131, 151)]


@needs_ps2pdf_fonts
def test_a_quotation_mark_drawn_with_a_glyph_of_modifier_letters_stays_a_quotation_mark():
    """Noto Sans CJK's proportional form of the glyph it draws `ʻ` (U+02BB) and `‘` with was read as its first
    character: ps2pdf's Chinese `Wa’il Da‘bul` (a held-out excerpt's, devset line 680) read `Daʻbul`, a letter more than
    pdftotext's, and unpc_excerpt's `‘博科哈拉姆’` lost its paragraph. A map's punctuation drawn with a glyph of
    spacing modifier letters only stands."""
    from unalign.readers.pdf.fonts import _modifier_look_alike

    assert _modifier_look_alike("‘", ("ʻ",)) and _modifier_look_alike("’", ("ʼ",))
    assert not _modifier_look_alike("a", ("ʻ",)) and not _modifier_look_alike("‘", ("ʻ", "a"))
    output = read_output(TEX_TEXT / "unpc_ps2pdf" / "zh.pdf", lang="zh")  # (TeX made the quotes of `'博科哈拉姆'`)
    assert any("将‘博科哈拉姆’组织" in p.text for p in output)


@pytest.mark.parametrize("producer", [pytest.param(producer, marks=_marks("unpc_excerpt", producer)) for producer in (
    "weasyprint", "typst", "ps2pdf_weasyprint", "ps2pdf_typst", "ps2pdf_chromium")])
def test_a_space_drawn_beyond_the_bracket_it_is_given_before_goes_after_it(producer):
    """`(Rakhsh) في` in an Arabic line of unpc_excerpt (devset line 78): the space after the closing bracket is drawn
    left of it, between it and `في`, and PDFium gives it before the bracket, in the order it keeps; read `(Rakhsh(في`
    by these five producers (pdftotext reads `( )Rakhsh` there). A space the library draws beyond the punctuation it
    gives it before goes after it. (XeLaTeX and its ps2pdf rewrite set `(Rakhsh)` as one left-to-right run, read in
    the positions' order: still `(Rakhsh(في`.)"""
    _, output, _ = _read("unpc_excerpt", producer, "ar")
    text = " ".join(p.text for p in output)
    assert "(Rakhsh) في دارفور" in text and "(Rakhsh(" not in text


@pytest.mark.parametrize(("document", "producer", "lang", "words"), [
    ("unpc_excerpt", "typst", "fr", "contre Al-Qaida."),
    ("unpc_excerpt", "xelatex", "es", None),
    ("unpc_excerpt_241", "chromium", "en", "OSCE Chairman-in-Office, Mr. Yevgeny Sharov"),
])
def test_a_line_end_hyphen_before_a_capital_after_a_small_letter_is_the_words(document, producer, lang, words):
    """A word broken at a line-end hyphen and going on with a capital after a small letter (`Al-` `Qaida`,
    `Chairman-in-` `Office`) was read as one word (`AlQaida`) where nothing else in the document spells it with its
    hyphen: hyphenation breaks a word between two of its letters, and no word has a capital after a small letter but
    where it joins two. A word in capitals is hyphenated as any other."""
    from unalign.readers.pdf import join_lines

    assert join_lines(["la Liste contre Al\u00ad", "Qaida."], " ", set()) == "la Liste contre Al-Qaida."
    assert join_lines(["UNITED NA\u00ad", "TIONS"], " ", set()) == "UNITED NATIONS"
    assert join_lines(["the organi\u00ad", "zation"], " ", set()) == "the organization"
    _, output, _ = _read(document, producer, lang)
    texts = [p.text for p in output]
    if words is None:  # XeLaTeX's Spanish: every paragraph of the excerpt that holds a capital after a hyphen
        full = full_texts(document, lang)
        wanted = [t for t in full if re.search(r"[a-zá-ú]-[A-ZÁ-Ú][a-zá-ú]", t)]
        assert wanted and all(t in texts for t in wanted)
    else:
        assert any(words in t for t in texts)


@needs_ps2pdf_fonts
def test_a_soft_hyphen_printed_between_spaces_inside_a_line_is_a_hyphen():
    """Ghostscript maps the hyphen glyph of Typst's fonts to U+00AD, which shows only where a line breaks, and the
    reader dropped every such hyphen but one between two letters or figures: ps2pdf's rewrite of Typst's Russian
    (unpc_excerpt_241, devset line 449) read `8 10 апреля` and `государств участников`. A soft hyphen with a
    printed glyph after it on its baseline, past any spaces, is a hyphen."""
    _, output, _ = _read("unpc_excerpt_241", "ps2pdf_typst", "ru")
    text = " ".join(p.text for p in output)
    assert "3. Выборы будут проведены 8 - 10 апреля 2015 года" in text and "государств - участников" in text
    assert "\u00ad" not in text


@needs_ps2pdf_fonts
def test_bold_lines_the_next_word_would_have_fitted_after_are_headings_apart():
    """Consecutive one-line headings in ps2pdf's Amiri (corpora/formats/ps2pdf_headings, a held-out excerpt), no
    further apart than its lines: three ran into `البند 51 من جدول الأعمال 2013-041A النسبة المئوية`, two into
    `التوصيات ميم - تسوية النزاعات`. A bold line that ends where the next bold line's first word would have fitted
    (and fills less than 0.6 of the column) ends its heading."""
    output = read_output(OFFICE.parent / "ps2pdf_headings" / "ar.pdf", lang="ar")
    texts = [p.text for p in output]
    for heading in ("البند 51 من جدول الأعمال", "2013-041A", "النسبة المئوية", "التوصيات", "ميم - تسوية النزاعات"):
        assert heading in texts


@needs_ps2pdf_fonts
def test_a_line_of_a_number_range_carrying_on_an_arabic_line_reads_in_logical_order():
    """ps2pdf's SDG target 11.b ends on a line holding only `2030-2015` as printed (UAX #9 shows `2015-2030` after
    Arabic text so: the figures are Arabic numbers, which a hyphen does not join); with no letter on it the line was
    read left to right, `2030 -2015`."""
    _, output, _ = _read("sdg_goals_targets", "ps2pdf", "ar")
    target = next(p.text for p in output if p.text.startswith("11.b "))
    assert target.endswith("للحد من مخاطر الكوارث للفترة 2015-2030")


@pytest.mark.parametrize("producer", ["xelatex", pytest.param("ps2pdf_chromium", marks=needs_ps2pdf_fonts)])
def test_two_bracket_pairs_before_an_arabic_comma_are_not_taken_for_one_pair_mirrored(producer):
    """unpc_excerpt's devset line 17, `أستراليا (2017)، ألمانيا (2016)، ...`: the `)…(` between two pairs, the `)`
    after what it holds and the `(` after a space before a figure, was taken for one pair printed mirrored and turned
    (`(2017(، ألمانيا )2016(،`). Pairs are found as UAX #9 (BD16) finds them."""
    _, output, _ = _read("unpc_excerpt", producer, "ar")
    text = next(p.text for p in output if p.text.startswith("أستراليا"))
    assert re.sub("[*\ufffd]", "*", text) == "أستراليا (2017)، ألمانيا (2016)، إيطاليا* (2015)، الدانمرك (2017)، " \
                                            "كندا (2016)، الولايات المتحدة الأمريكية* (2015)"


def test_a_closing_and_an_opening_bracket_of_two_pairs_round_one_word_each_are_not_one_pair_mirrored():
    """XeLaTeX's Arabic of a held-out excerpt (corpora/formats/xelatex_word_brackets, devset line 949): `المادتان 55
    (1) و(2)`, the second `(` written against the conjunction `و`, so no space before it to tell `_two_pairs`; the
    `) و(` was turned as one pair drawn mirrored, `(1( و)2)`. A `)` and a `(` that BD16 pairs each round one word
    are two pairs' brackets; unpc_excerpt's Chromium `(2017)، ألمانيا )2016(، ...`, pairs drawn mirrored, is still
    put right."""
    from unalign.readers.pdf.geometry import _word_pairs

    assert _word_pairs("55 (1) و(2) من") == {3, 5, 8, 10}
    assert _word_pairs("ألمانيا )2016(، إيطاليا* )2015(") == set()
    texts = [p.text for p in read_output(OFFICE.parent / "xelatex_word_brackets" / "ar.pdf", lang="ar")]
    assert any("وتنصُّ المادتان 55 (1) و(2) من القانون الجنائي" in t for t in texts)
    _, output, _ = _read("unpc_excerpt", "chromium", "ar")
    assert any(p.text.startswith("أستراليا (2017)، ألمانيا (2016)، إيطاليا* (2015)، الدانمرك (2017)") for p in output)


def test_a_bracket_whose_pair_is_on_another_line_is_turned_where_only_the_other_can_stand():
    """LibreOffice's Arabic breaks `و 2165 (2014)، و` between the bracket and the figures, each glyph mirrored and
    mapped to its own character: `2165 )` ends a line, `2014(، و 2191 )2014(.` opens the next. A bracket that pairs
    with none on its line is turned where it stands as only the other one can."""
    from unalign.readers.pdf.geometry import Glyph, _brackets_put_back

    def line(text: str) -> str:
        glyphs = [Glyph(ch, False, 10.0, 0.0, 0.0, 1.0, 10.0, False) for ch in text]
        return "".join(g.char for g in _brackets_put_back(glyphs))

    assert line("لقرارات مجلس الأمن 2118 )2013(، و 2165 ) ") == "لقرارات مجلس الأمن 2118 (2013)، و 2165 ( "
    assert line("2014(، و 2191 )2014(. ") == "2014)، و 2191 (2014). "
    assert line("أستراليا (2017)، ألمانيا (2016)، ") == "أستراليا (2017)، ألمانيا (2016)، "
    # Square and curly brackets pair by kind, as UAX #9 pairs them: devset line 1745 (a held-out excerpt) was read
    # `]خمسة وستين[` by all seven of its PDF producers that map a mirrored glyph to its own character.
    assert line("المواد عن ]خمسة وستين[ في المائة (أ) ") == "المواد عن [خمسة وستين] في المائة (أ) "
    assert line("}1{ و )2( ") == "{1} و (2) "


def _held_out_arabic(fixture: str):
    """The Arabic PDF of a held-out fixture in corpora/formats (a UNPC excerpt in a font no rule was tuned on) as
    read, and its score against the fixture's gold."""
    folder = OFFICE.parent / fixture
    output = read_output(folder / "ar.pdf", lang="ar")
    return output, score_reading(read_gold(folder / "ar.paragraphs.jsonl"), output, "A/70/1010")


def _opens_excerpt_961(output) -> bool:
    """Whether a reading of devset lines 961-1040 opens with its first two paragraphs' words in order."""
    return output[0].text.startswith("وتطلب اللجنة من الشعبة الحصول على معلومات عن مبادرات المجتمع المدني وإبلاغها") \
        and output[1].text.startswith("وتستند الإدارة الهيكلية الفعلية للدائرة على البعد المتعلق بالإدارة الوظيفية")


def test_ligatures_mapped_first_letter_first_are_not_turned():
    """XeLaTeX's Noto Sans Arabic maps a ligature glyph to its letters first letter first (corpora/formats/
    xelatex_sans_arabic, held out: text and font), where the fonts measured before map them last first: every
    ligature was turned (`على` read `عىل`, `الإدارة` read `اإلدارة`), 17 of 82 paragraphs exact. An order that puts a
    letter that joins no next one before another is the wrong one, and the page's other ligatures settle the rest."""
    output, score = _held_out_arabic("xelatex_sans_arabic")
    assert score.exact == 81 and score.word_split_rows == 0
    assert _opens_excerpt_961(output)


def test_a_ligature_letter_that_ghostscript_wrote_with_a_wrong_high_byte_is_read():
    """Ghostscript's rewrite of Typst's DejaVu Sans Arabic (corpora/formats/ps2pdf_typst_dejavu, held out: text and
    font) maps lam-alef to <0644 4427>, the alef's code unit written with the lam's low byte for its high byte: read
    `وإب䐧لغها`, `ا䐥لدارة` (as pdftotext reads them), 23 of 82 paragraphs exact."""
    output, score = _held_out_arabic("ps2pdf_typst_dejavu")
    assert score.exact == 72 and score.word_split_rows == 0
    assert _opens_excerpt_961(output)
    assert "لأوروبا" in output[2].text and "وتوخياً" in output[3].text


def test_a_joining_stroke_mapped_to_the_letter_before_it_is_no_letter():
    """WeasyPrint's Amiri (corpora/formats/weasyprint_amiri, held out: text and font) joins a lam to a kaf, and a
    khah to a beh, with a flat stroke that it maps to the letter before it: `للكسمبرغ`, `الممللكة`, `الخحبراء` (as
    pdftotext reads them), 72 of 82 paragraphs exact. A letter drawn as a flat stroke after the same letter (or the
    same without its dots) goes, as a kashida does (80; 82 since a right-to-left line that starts further out than
    the full line before it carries that paragraph on)."""
    output, score = _held_out_arabic("weasyprint_amiri")
    assert score.exact == 82 and score.word_split_rows == 0
    text = " ".join(p.text for p in output)
    assert "طُلب إلى لكسمبرغ أن ترصد" in text and "تعكف المملكة المغربية" in text and "لفريق الخبراء" in text
    assert "للكسمبرغ" not in text and "الممللكة" not in text


def test_a_ligature_cut_into_pieces_is_no_word_in_logical_order():
    """Chromium's Noto Sans Arabic (corpora/formats/chromium_sans_arabic, held out: text and font) draws each glyph
    cluster as an object of its own, and PDFium cuts a lam-alef's box into one piece per letter, right to left: that
    object read as a word in logical order, and the gap before it as a word gap (`مجا لات`, `هؤ لاء`)."""
    text = " ".join(p.text for p in read_output(OFFICE.parent / "chromium_sans_arabic" / "ar.pdf", lang="ar"))
    assert text.count("مجالات") == 4 and text.count("بالإدارة") == 2 and "هؤلاء" in text and "بالولايات" in text
    assert not any(word in text for word in ("مجا لات", "هؤ لاء", "با لإدارة", "الو لايات"))


def test_a_bracket_chromium_gives_before_its_space_is_read_on_the_side_where_it_is_drawn():
    """Chromium's Amiri (corpora/formats/chromium_amiri; tuning) gives each space no width, and the space of
    `البشرية (الموئل` after the bracket; `للآراء) (تابع)` as the letters, the opening bracket, the space, the closing
    one. The marks between two words stand where they are drawn, and the space in the widest gap among them."""
    text = " ".join(p.text for p in read_output(OFFICE.parent / "chromium_amiri" / "ar.pdf", lang="ar"))
    for words in ("البشرية (الموئل الثاني) وجدول", "للآراء) (تابع)", "الثالثة (A/777).", "المادة 7 (1) (ي) من",
                  "كازورا (رواندا)", "الروسي (2016)، ", "الجرائم (10 دول"):
        assert words in text
    assert not any(words in text for words in ("البشرية( الموئل", "الثاني )", "( تابع", "كازورا( ", "الروسي(2016)"))


def test_a_space_chromium_gives_before_a_glyph_of_a_letter_and_its_marks_goes_where_a_word_gap_is():
    """Chromium's Amiri (chromium_amiri; tuning) gives a space of no width before a glyph drawing a letter and its
    marks (the alef-tanween of `وفقاً لأحكام`, the ya-damma of `ويُتوقع`): read `وفق اًلأحكام`, `و يُتوقع`. Where that
    glyph touches the letter before the space, the space goes after the glyph if a word gap follows it (0.17 of the
    size or more), else nowhere: inside `المُصدِرة` the dal-kasra stands 0.10 off the ra."""
    text = " ".join(p.text for p in read_output(OFFICE.parent / "chromium_amiri" / "ar.pdf", lang="ar"))
    for words in ("وفقاً لأحكام", "علماً بالمعلومات", "مجدداً على", "تعسفاً على", "ويُتوقع", "المزيَّفة", "المُصدِرة",
                  "واستُهلَّت"):
        assert words in text
    assert not any(words in text for words in ("وفق اً", "اًلأحكام", "مجدداًعلى", "و يُتوقع", "المُصدِ رة"))


def test_text_drawn_outside_its_clip_is_not_read():
    """Chromium paints the first line of the next page at the foot of a page too, clipped to the body: of Amiri's
    `حَّ` and `مُ` (chromium_amiri) a few dots of their marks show, and each was read as a paragraph of its own, as
    pdftotext reads it. A text object whose glyphs lie mostly outside its clipping path is not printed."""
    pdf = OFFICE.parent / "chromium_amiri" / "ar.pdf"
    assert {"\u202bَّح\u202c", "\u202bُم\u202c"} <= set(text_layer_lines(pdf))  # (marks first, in bidi controls)
    texts = [p.text for p in read_output(pdf, lang="ar")]
    assert len(texts) == 82 and min(len(t) for t in texts) == len("القاعدة 30")
    assert "ولاية المحكمة المُصدِرة" in texts


def test_marks_a_letter_glyph_gives_are_not_read_again_from_the_glyph_that_draws_them():
    """Typst maps Amiri's alef under a tanween to "اً" and the glyph of the tanween to "ً" as well: the committed SDG
    read `اسـتناداًً` and `نموّاًً` (three marks doubled; found on a held-out excerpt, devset 1681, where `تعاقديَّةَّ`).
    An object of marks only that draws, over a letter's glyph, the marks that glyph already gives is not read."""
    text = " ".join(p.text for p in _read("sdg_goals_targets", "typst", "ar")[1])
    assert text.count("اسـتناداً إلى") == 2 and "نموّاً والدول" in text
    assert not re.search("([\u064b-\u0652])\\1", text)
    text = " ".join(p.text for p in _read("unpc_excerpt_241", "typst", "ar")[1])
    # تُتَّخذ, read تُتَّخَّذ before; its shadda and fatha in either order (canonically equivalent: the letter's
    # glyph, kept since the copies off the baseline go first, gives them in Unicode's order)
    assert unicodedata.normalize("NFC", "\u062a\u064f\u062a\u0651\u064e\u062e\u0630 وسيلة") in \
        unicodedata.normalize("NFC", text)


@pytest.mark.parametrize("producer", ["chromium", "libreoffice", "weasyprint"])
def test_a_line_of_figures_and_a_stop_on_a_right_to_left_page_is_read_right_to_left(producer):
    """A paragraph's last line that holds only `2015.` is printed `.2015` on a right-to-left page; with no letter to
    say its direction it was read left to right, as pdftotext reads it (`نيسان/أبريل .2015`, and the UDHR's label
    line `.1`). A line of no letters that opens on the left with a stop is right to left there (found on a held-out
    excerpt, devset 1681; held out: 16 paragraphs of the committed PDFs and the other excerpts)."""
    text = " ".join(p.text for p in _read("unpc_excerpt_241", producer, "ar")[1])
    assert "نيسان/أبريل 2015. " in text and ".2015" not in text
    if producer != "chromium":
        assert sum(p.text.startswith("1. كل شخص") for p in _read("udhr", producer, "ar")[1]) == 1


@pytest.mark.parametrize("producer", ["libreoffice", pytest.param("ps2pdf_typst", marks=needs_ps2pdf_fonts)])
def test_a_hyphen_touching_a_letter_and_a_figure_is_inside_their_word(producer):
    """The UDHR's note `217 ألف (د-3).`: LibreOffice gives a space of no width between its bracket and the `3`, and
    Ghostscript's rewrite of Typst spaces on both sides of the hyphen, so it was read `(د -3)` and `(د - 3)`. A hyphen
    that touches the letter or figure beside it is inside their word, whatever words of the library hold them (found
    on a held-out excerpt, devset 1681; held out: 22 paragraphs of the committed PDFs and the other excerpts)."""
    text = " ".join(p.text for p in _read("udhr", producer, "ar")[1])
    assert "217 ألف (د-3)." in text and "(د -" not in text


def test_a_word_gap_between_two_text_objects_of_words_is_pdftotexts_least():
    """Typst draws a word an object; justification squeezed the SDG's `القدرة على تحمل` to under a quarter of the size
    between them, with no space in the text (read `القدرةعلى`). Between two objects of several letters each, a gap of
    pdftotext's least word break (a tenth of the size) is a word gap (found on a held-out excerpt, devset 1681; held
    out: the SDG's Typst Arabic 176 -> 177 strictly and 9 paragraphs of three other excerpts)."""
    text = " ".join(p.text for p in _read("sdg_goals_targets", "typst", "ar")[1])
    assert "القدرة على تحمل" in text and "القدرةعلى" not in text


def test_a_word_gap_pdfium_missed_between_two_letters_is_a_space():
    """PDFium put no space in XeLaTeX's `2002 году Юридическая` and `Евгений Шаров`, each gap squeezed by justification
    to 0.21 of the size, as wide as the line's other word gaps (pdftotext reads them). A gap between two letters of a
    left-to-right script as wide as the narrowest word gap of its line is one; an accent drawn after its letter
    (Chromium's decomposed `ó`) is part of the letter's width."""
    _, output, _ = _read("unpc_excerpt_241", "xelatex", "ru")
    text = " ".join(p.text for p in output)
    layer = " ".join(text_layer_lines(OFFICE / "unpc_excerpt_241" / "xelatex" / "ru.pdf"))
    for words in ("2002 году Юридическая", "Евгений Шаров"):
        assert words in text and words in layer
    _, output, score = _read("sdg_goals_targets", "chromium", "es")
    spanish = unicodedata.normalize("NFC", " ".join(p.text for p in output))  # (Chromium maps `ó` as `o` and U+0301)
    assert "1,25 dólares de los Estados Unidos" in spanish and score.verbatim == 189


def test_a_line_at_the_first_line_indent_under_a_paragraph_opened_there_opens_the_next_across_a_page_break():
    """XeLaTeX's Russian unpc_excerpt_241 ends page 3 with a one-line paragraph at the first-line indent that fills
    the column (`Кроме того, … предложениями:`) and opens page 4 at that indent in lower case (`которое состоится …`,
    the next devset line): read as one paragraph. A paragraph opened at the indent its column's paragraphs share goes
    on at the margin, so a line at that indent opens the next."""
    for producer in ("xelatex", "ps2pdf"):
        _, output, score = _read("unpc_excerpt_241", producer, "ru")
        paragraph = next(p.text for p in output if p.text.startswith("Кроме того, Форум марокканских женщин"))
        assert paragraph.endswith("выступает со следующими предложениями:") and score.merged == 0


def test_a_letter_touching_the_marks_drawn_beyond_the_letter_before_stands_in_its_word():
    """Typst's Amiri draws a letter's shadda and vowel as pieces left of its glyph, where the next letter starts:
    `المخدِّرات` was read `المخدِّ رات` (the ر 0.35 of the size from the dal, 0.02 from its marks). A tanween over a
    word's last alef stands further off the next word (0.09 of the size or more), which keeps its space."""
    _, output, _ = _read("unpc_excerpt_241", "typst", "ar")
    text = " ".join(p.text for p in output)
    assert all(word in text for word in ("المخدِّرات", "وتغذّي", "المهرَّبين", "موحَّدا"))
    _, output, score = _read("udhr", "typst", "ar")
    text = " ".join(p.text for p in output)
    assert all(words in text for words in ("عقلاً وضميرًا", "وفضلاً عما", "بريئاً إلى أن")) and score.verbatim == 93


def test_a_sign_pdfium_drops_as_the_repeat_of_the_object_before_is_read():
    """Typst draws the second hyphen of `государств -- баланс` as a text object of its own, beside the first, and
    PDFium leaves it out of its text as the shadow of a fake bold (pdftotext reads both). Chromium's Arabic alef that
    PDFium leaves out the same way is given by its tanween's glyph too, and is not put back."""
    pdf, output, _ = _read("unpc_excerpt_241", "typst", "ru")
    text = " ".join(p.text for p in output)
    assert "государств -- баланс" in text and "государств -- баланс" in " ".join(text_layer_lines(pdf))
    assert text.count("--") == 3
    _, output, score = _read("udhr", "chromium", "ar")
    assert "قانوناً بمحاكمة" in " ".join(p.text for p in output) and score.verbatim == 94


@needs_ps2pdf_fonts
def test_two_arabic_letters_that_touch_stand_in_one_word_whatever_words_of_the_library_hold_them():
    """Ghostscript's rewrite of LibreOffice's UDHR gives the line of article 15.2 in two pieces, `ز حرمان …` before
    `2. لا يجو`: the ز and the و touch, and were read `يجو ز` (six lines worse than pdftotext). Two Arabic letters
    that touch are in one word."""
    pdf, output, score = _read("udhr", "ps2pdf_libreoffice", "ar")
    text = " ".join(p.text for p in output)
    assert "لا يجوز حرمان شخص من جنسيته" in text and "لكل فرد حرية النقل" in text and score.verbatim == 93


def test_figures_in_brackets_after_a_latin_word_run_left_to_right_with_it():
    """Devset line 1393 ends `البرميل B30(1)` (corpora/formats/xelatex_bracketed_figures, held out): by W7 a figure
    after a Latin letter is left to right, by N0 so are the brackets round it, and every producer prints `B30(1)`.
    The reader read `(1)B30` in all eight producers' Arabic (a paragraph lost in each)."""
    folder = OFFICE.parent / "xelatex_bracketed_figures"
    output = read_output(folder / "ar.pdf", lang="ar")
    assert any(p.text.endswith("عسكرية بالقرب من البرميل B30(1)") for p in output)
    assert score_reading(read_gold(folder / "ar.paragraphs.jsonl"), output, "A/70/1010").exact == 82


ARSAT = "شركة Empresa Argentina de Soluciones Satelitales S.A. (ARSAT)"


def test_brackets_round_a_latin_word_after_a_latin_word_run_left_to_right_with_it():
    """Devset line 1798, `شركة Empresa … S.A. (ARSAT)` (corpora/formats/latin_run_brackets): by N0 the brackets
    holding a Latin word after a Latin word are left to right, one run with the name, as every producer prints it.
    Read `S.A.(ARSAT)` from WeasyPrint (its bracket glyphs mapped to each other's) and `(ARSAT( . Empresa …` from
    Typst (both glyphs mapped to `(`, the name's words given right to left): a paragraph lost in six producers."""
    folder = OFFICE.parent / "latin_run_brackets"
    output = read_output(folder / "ar.weasyprint.pdf", lang="ar")
    assert ARSAT in [p.text for p in output]
    score = score_reading(read_gold(folder / "ar.paragraphs.jsonl"), output, "A/70/1010")
    assert (score.exact, score.verbatim) == (82, 80)
    assert ARSAT in [p.text for p in read_output(folder / "ar.typst_page2.pdf", lang="ar")]


def test_a_raised_squared_stays_squared_and_is_no_footnote_call():
    """Devset line 1835 ends `1.641.294 km².` (corpora/formats/raised_squared). LibreOffice draws the `²` raised,
    and the marks the reader puts round raised text stayed in the paragraph; Ghostscript's rewrite of Typst maps it
    to a `2`, which was read as the call of note 2 on the same page."""
    folder = OFFICE.parent / "raised_squared"
    gold = read_gold(folder / "es.paragraphs.jsonl")
    for name in ("es.libreoffice.pdf", "es.ps2pdf_typst.pdf"):
        output = read_output(folder / name, lang="es")
        assert "Zona económica exclusiva: 1.641.294 km²." in [p.text for p in output], name
        assert not any(re.search("[\ue000-\uf8ff]", p.text) for p in output), name
        score = score_reading(gold, output, "A/70/1010")
        assert (score.verbatim, score.split) == (82, 0), name
    if shutil.which("pdftotext"):
        assert "km2." in "\n".join(text_layer_lines(folder / "es.ps2pdf_typst.pdf"))  # the rewrite's own map


def test_a_labelled_item_at_the_indent_opens_a_page_whatever_its_case():
    """LibreOffice's page 1 ends with item `b) … desplazados;` on a full line, page 2 opens with `ii) Reconozca …`
    at the first-line indent (corpora/formats/label_after_page_break): read as one paragraph running on, its label
    opening in lower case."""
    folder = OFFICE.parent / "label_after_page_break"
    output = read_output(folder / "es.pdf", lang="es")
    assert any(p.text.startswith("ii) Reconozca las distintas situaciones") for p in output)
    score = score_reading(read_gold(folder / "es.paragraphs.jsonl"), output, "A/70/1010")
    assert (score.exact, score.merged) == (82, 0)


def test_xelatex_amiri_kashidas_go_and_a_hyphen_between_spaces_of_no_width_touches_its_figures():
    """XeLaTeX's Amiri (corpora/formats/xelatex_amiri): the font's own kashida between a lam and a kaf is drawn with
    the glyph of the text's typed tatweels, so xdvipdfmx's map gives it a tatweel (`الـكونغو`, read so by
    pdftotext); and `16- مركبات`, printed `مركبات -16`, comes with spaces of no width at the line's end and where the
    hyphen touches the `1` (read `16 - مركبات`)."""
    folder = OFFICE.parent / "xelatex_amiri"
    output = read_output(folder / "ar.pdf", lang="ar")
    texts = [p.text for p in output]
    assert "2 - الحالة فيما يتعلق بجمهورية الكونغو الديمقراطية" in texts
    assert any(t.startswith("16- مركبات الكربون الهيدروفلورية") for t in texts)
    assert any("مع بيـان" in t for t in texts)  # a typed tatweel stays
    assert any("إيمانا راسخا" in t and "تحترم صحتهن" in t for t in texts)  # a khah's, in its context
    score = score_reading(read_gold(folder / "ar.paragraphs.jsonl"), output, "A/70/1010")
    assert (score.exact, score.verbatim) == (82, 82)
    if shutil.which("pdftotext"):
        assert "الـكونغو" in "\n".join(text_layer_lines(folder / "ar.pdf"))


@pytest.mark.skipif("Amiri-Regular" not in installed_fonts(), reason="Amiri is not installed (fonts-hosny-amiri)")
def test_amiri_puts_its_kashida_after_a_hah_only_where_its_rules_make_the_forms():
    """Amiri appends a kashida to a hah-like letter before a beh-like one only in the forms its chained rules make:
    after an initial letter, and before a final reh (`الخـبراء`, `تحـترم`) or a noon. The SDG's typed `البحـث` is no
    such place, nor is a kaf after a lam anywhere but a lam-kaf."""
    places = inserted_tatweels(*installed_fonts()["Amiri-Regular"])
    assert is_inserted_tatweel(places, "ل", "خ", "ب", "ر") and is_inserted_tatweel(places, "ت", "ح", "ت", "ر")
    assert not is_inserted_tatweel(places, "ب", "ح", "ث", "")
    assert is_inserted_tatweel(places, "ا", "ل", "ك", "و") and not is_inserted_tatweel(places, "ا", "ل", "م", "ا")


def test_typst_naskh_keeps_the_letters_glyph_not_the_copy_of_its_marks():
    """Typst's Noto Naskh (corpora/formats/typst_naskh_marks) maps the letter's glyph and the raised glyph of its
    marks each to the cluster: the letter's copy was dropped and the marks' kept, with their narrow box, so a space
    opened inside the word, and a copy's damma stayed beside the letter's."""
    texts = [p.text for p in read_output(OFFICE.parent / "typst_naskh_marks" / "ar_page3.pdf", lang="ar")]
    assert any("بيوم واحد، أكّدت حكومة" in t for t in texts)
    assert any("المقترح، شُدِّد على أنَّ" in t for t in texts)
    assert any(t.startswith("ومن ثمَّ، فإنَّ تعريف") for t in texts)


def test_a_lam_alef_whose_alef_is_given_first_inside_the_lams_box_reads_lam_first():
    """Typst's Noto Naskh (corpora/formats/typst_naskh_lam_alef) draws `لاً` as one glyph mapped to the lam and
    gives the alef with its tanween first, inside the lam's box: ordered by centres they came before the lam
    (`إعمااًل`, worse than pdftotext's `إعمالًا`); now as typed, the tanween on its alef. Every other lam-alef of the
    page keeps its order."""
    from benchmarks.reading_score import text_layer_lines

    pdf = OFFICE.parent / "typst_naskh_lam_alef" / "ar_page2.pdf"
    texts = [p.text for p in read_output(pdf, lang="ar")]
    assert any("مطار توكومين، إعمالاً للقانون رقم 16 لعام 2004، وبموجب" in t for t in texts)
    read = "\n".join(texts)
    layer = "\n".join(text_layer_lines(pdf))
    # pdftotext's reading order of the ligature's parts, bidi controls aside, is the reader's too
    assert read.count("لا") + read.count("لًا") == layer.count("لا") + layer.count("لًا") > 10
    assert "اًل" not in read


def test_a_note_call_given_amid_the_line_above_it_is_the_call_of_its_own_line():
    """XeLaTeX in Amiri (corpora/formats/xelatex_note_call_below; held out): the call `٢` of a paragraph's second
    line is drawn by a text object of its own, smaller, given in the stream after the first line's first glyph, and
    was read in that line, inside the word above it (`جميع ال ٢ نساء`). A smaller glyph lying wholly below a line is
    no part of it: the call is read on its own line, as a call, and left out of the paragraph's text."""
    pdf = OFFICE.parent / "xelatex_note_call_below" / "ar_page4.pdf"
    texts = [p.text for p in read_output(pdf, lang="ar")]
    line = (OFFICE.parents[1] / "unpc_v1_devset" / "ar.txt").read_text(encoding="utf-8").splitlines()[1180]
    assert line.startswith("-ضرورة التحرك العاجل") and "جميع النساء" in line
    # less its first character: a hyphen drawn with a glyph the font's ToUnicode map leaves out (PDFium: U+0002)
    assert line[1:] in texts
    assert any(text.startswith("٢ انظر قرار الجمعية العامة 217") for text in texts)  # the note it calls


@needs_ps2pdf_fonts
def test_a_right_to_left_line_starting_further_out_than_the_full_line_before_carries_its_paragraph_on():
    """WeasyPrint's DejaVu Sans Arabic (corpora/formats/ps2pdf_weasyprint_dejavu, through Ghostscript; held out):
    a paragraph's first line is indented on the right, and it and the next end about a size short of the left
    margin, where both looked at a first-line indent: 18 of 82 paragraphs were cut after their first line."""
    folder = OFFICE.parent / "ps2pdf_weasyprint_dejavu"
    output = read_output(folder / "ar.pdf", lang="ar")
    score = score_reading(read_gold(folder / "ar.paragraphs.jsonl"), output, "A/70/1010")
    assert score.split == 0 and score.exact == 82


def test_a_letter_touching_a_run_of_figures_in_arabic_is_not_spaced_from_it():
    """Devset line 1951 (corpora/formats/figures_after_arabic): `و24,5%`, a waw glued to the figures it joins. In a
    right-to-left line the run of figures is drawn left to right, so the waw touches the run's right end, the 5, not
    the 2 read first after it; the gap to the 2 was taken for a space (`و 24,5%`) in six producers' Arabic, where
    pdftotext reads the waw and the figures together. A space between them, where there is one, stays. LibreOffice
    breaks its line after the bracket of `(24,3%` (read `( 24,3%`) and maps the mirrored glyphs of `2010) (الكاميرون`
    to each other's brackets (read `2010( )الكاميرون`)."""
    paragraph = ("وتظل نسبة النساء اللواتي تراوح أعمارهن بين 15 و64 سنة العاملات في قطاع الوظائف المأجورة غير "
                 "الزراعية متدنية (24,3% في عام 2001، و24,5% في عام 2007، و27,3% في عام 2010) (الكاميرون، تقرير "
                 "الأهداف الإنمائية للألفية لعام 2012).")
    folder = OFFICE.parent / "figures_after_arabic"
    for name in ("ar.chromium_page2.pdf", "ar.xelatex_page2.pdf", "ar.libreoffice_page2.pdf"):
        texts = [p.text for p in read_output(folder / name, lang="ar")]
        assert paragraph in texts, name
        if name != "ar.libreoffice_page2.pdf":  # (its page 2 ends before line 1961)
            assert [t.count(" و ") for t in texts if " و " in t] == [1], name
            assert any("في عامي 2015 و 2016، في القضايا" in t for t in texts), name  # (line 1961: spaced as typed)


def test_a_line_end_hyphen_before_a_figure_or_in_a_number_word_stays():
    """Devset lines 1921 and 1979 (corpora/formats/hyphen_before_figures): `sixty-` `ninth` from XeLaTeX, which
    hyphenates words itself, so the document's spelling could not tell (read `sixtyninth`); `l'après-` `2015` from
    Chromium, read `l'après2015`: no word is hyphenated before a figure. Russian `какие-` `либо` is written so always
    (config/reading.toml [rules] always_hyphenated)."""
    from unalign.readers.pdf import join_lines

    assert join_lines(["the post\u00ad", "2015 agenda"], " ", set()) == "the post-2015 agenda"
    assert join_lines(["the post-", "2015 agenda"], " ", set()) == "the post-2015 agenda"
    assert join_lines(["the organi\u00ad", "zation"], " ", set()) == "the organization"
    folder = OFFICE.parent / "hyphen_before_figures"
    english = [p.text for p in read_output(folder / "en.xelatex_page1.pdf", lang="en")]
    assert "6. Consideration and adoption of draft recommendations to the General Assembly at its sixty-ninth " \
           "session." in english
    assert not any(re.search(r"\w\u00ad|\w-\s", t) for t in english)
    french = [p.text for p in read_output(folder / "fr.chromium_page4.pdf", lang="fr")]
    assert any("pour l'après-2015, la majorité" in t for t in french)
    from unalign.readers import rules

    assert rules.always_hyphenated("какие-либо") and rules.always_hyphenated("sixty-ninth")
    assert not rules.always_hyphenated("organi-zation") and not rules.always_hyphenated("ли-бо")


@pytest.mark.parametrize("producer", ["xelatex", "libreoffice"])
def test_a_tanween_before_a_comma_stays_on_its_alef(producer):
    """XeLaTeX and LibreOffice draw the comma after `نمواً` and the tanween over its alef by the next text object, so
    the mark opened a line of the stream after the comma and was read after it (`نموا،ً`, the issue's `قدما ،ً`): no
    mark follows a stop. The SDG's Arabic holds `اً،` eleven times; one is read `كاملًا،`, its tanween given before
    the alef (mark order, counted apart)."""
    _, output, score = _read("sdg_goals_targets", producer, "ar")
    text = "\n".join(p.text for p in output)
    gold = "\n".join(full_texts("sdg_goals_targets", "ar"))
    assert not re.search("[،؛.:][\u064b-\u0652]", text)
    assert (text.count("اً،"), text.count("لًا،"), gold.count("اً،")) == (10, 1, 11)
    strict = score_reading(read_gold(OFFICE / "sdg_goals_targets" / "ar.paragraphs.jsonl"), output, "A/RES/70/1",
                           full_texts=full_texts("sdg_goals_targets", "ar"))
    assert strict.verbatim == {"xelatex": 183, "libreoffice": 181}[producer]


def test_a_note_label_opening_a_chinese_line_keeps_its_space():
    """Devset lines 1933 and 1945 (corpora/formats/note_labels_in_chinese): `c 用2013年…`, `b 包括400 000美元…`, the
    labels of notes under a table. The space PDFium makes up after the label was taken for the room CJK typesetting
    leaves beside a Latin letter, read `c用2013年` where pdftotext keeps it; the room beside figures inside a line
    still goes (`2013年`)."""
    texts = [p.text for p in read_output(OFFICE.parent / "note_labels_in_chinese" / "zh.xelatex_page1.pdf", lang="zh")]
    devset = (OFFICE.parents[1] / "unpc_v1_devset" / "zh.txt").read_text(encoding="utf-8").split("\n")
    assert devset[1932].strip() in texts and devset[1944].strip() in texts
    assert devset[1932].startswith("c 用2013年利息收入与2013年期初结余")


def test_a_space_made_up_where_two_glyphs_meet_is_none():
    """XeLaTeX kerns the bracket of devset line 1921's `Commander-in-Chief),` 0.02 of a size off the `f`, and PDFium
    makes a space up there (corpora/formats/hyphen_before_figures): read `Chief ),` where pdftotext reads none."""
    texts = [p.text for p in read_output(OFFICE.parent / "hyphen_before_figures" / "en.xelatex_page1.pdf", lang="en")]
    assert any("The Governor (and Commander-in-Chief), appointed by the British Crown" in t for t in texts)
    assert not any(re.search(r"\w \)", t) for t in texts)


def test_a_label_at_the_top_of_a_page_after_a_closed_sentence_opens_a_paragraph():
    """LibreOffice (corpora/formats/sweep_stop53/page_break_label; held out, a new user's): paragraph 6 is one line
    that fills page 1's last line and closes its sentence, paragraph 7 opens page 2 with its label. A full line
    before a page break runs on, but not into a label after a sentence's end: the two were read as one paragraph."""
    pdf = OFFICE.parent / "sweep_stop53" / "page_break_label" / "en2-portrait-nofn3.pdf"
    texts = [p.text for p in read_output(pdf, lang="en")]
    six = next(text for text in texts if text.startswith("6. "))
    assert six.endswith("public financial management.")
    assert any(text.startswith("7. This paragraph is on a landscape page.") for text in texts)
