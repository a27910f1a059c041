"""Real UN PDFs from the document system, read with the reading benchmark's scoring (benchmarks/reading.py); and the
pieces of the reader that the six-language LibreOffice and Chromium PDFs of corpora/formats/office/ need.

The files and their gold are in ../shared/corpora/real-pdf (README there: what each file must give). The figures are
those measured with `python -m benchmarks.reading`; the two word-split rows are the header rows of real tables
("Country | Military observers | Troops | …", "Nationality | forces | forces | headquarters | Total").
"""

from __future__ import annotations

import random
from pathlib import Path
from types import SimpleNamespace

import pytest

from benchmarks.reading import read_gold, read_output, score_reading, symbol_of
from unalign.model import DocumentMeta
from unalign.readers.pdf import furniture, geometry, layout, pdf_blocks, pdf_metadata
from unalign.readers.pdf.footnotes import read_notes, split_page

REAL = Path(__file__).resolve().parents[1].parent / "shared" / "corpora" / "real-pdf"
needs_real = pytest.mark.skipif(not REAL.is_dir(), reason="../shared/corpora/real-pdf is not beside the checkout")
OFFICE = Path(__file__).resolve().parents[1] / "corpora" / "formats" / "office"

# name -> (items, exact, word-split rows, output paragraphs)
MEASURED = {
    "S_2013_220": (158, 158, 1, 192),
    "S_1996_112": (93, 93, 1, 148),  # 148 since issue 26: a table cell "Engineer 447 / Transport" read as two lines
    "S_PV.4507": (92, 92, 0, 92),
    "S_2025_257": (32, 32, 0, 32),
    "A_RES_70_10": (15, 15, 0, 15),
}


@needs_real
@pytest.mark.parametrize("name", sorted(MEASURED))
def test_every_gold_item_read_exactly_with_no_furniture(name):
    gold = read_gold(REAL / f"{name}.paragraphs.jsonl")
    score = score_reading(gold, read_output(REAL / f"{name}.pdf"), symbol_of(name))
    items, exact, rows, paragraphs = MEASURED[name]
    assert (score.items, score.exact, score.lost, score.split, score.merged, score.leaks) == (items, exact, 0, 0, 0, 0), \
        score.not_exact[:5] + score.leaked[:5]
    assert (score.word_split_rows, score.paragraphs) == (rows, paragraphs)


@needs_real
def test_metadata_from_the_masthead():
    assert pdf_metadata(REAL / "S_2013_220.pdf") == DocumentMeta("S/2013/220", "8 April 2013", "English")
    assert pdf_metadata(REAL / "S_1996_112.pdf") == DocumentMeta("S/1996/112", "14 February 1996", "ENGLISH")
    assert pdf_metadata(REAL / "A_RES_70_10.pdf").symbol == "A/RES/70/10"
    assert pdf_metadata(REAL / "S_PV.4507.pdf").symbol == "S/PV.4507"


@needs_real
def test_two_columns_found_on_the_verbatim_record_only():
    conf = furniture.pdf_settings()
    record = geometry.pdfium_pages(REAL / "S_PV.4507.pdf")
    gutters = [layout.find_gutter(page.rows, page.width, conf) for page in record[1:]]
    assert all(g is not None and 295 < g < 315 for g in gutters), gutters  # the columns end at 300 and start at 312
    report = geometry.pdfium_pages(REAL / "S_2013_220.pdf")
    assert all(layout.find_gutter(page.rows, page.width, conf) is None for page in report)


def test_gutter_crossings_are_what_each_x_would_count():
    """The gutter search counts, for each x, the segments reaching past x - half on the left and x + half on the
    right; counted by runs, it must give what asking each x gives, at the ends of a run too (a segment edge exactly
    half a gutter from a whole x, edges that do not add up exactly in floating point, a broken file's inf and NaN)."""
    rng = random.Random(7)
    edges = [0.0, 99.5, 100.0, 100.1, 0.1 + 0.2, 307.5, 1e-9, float("nan"), float("-inf"), float("inf")]
    for _ in range(500):
        rows = [SimpleNamespace(segments=[SimpleNamespace(left=left, right=left + rng.choice([0, 0.3, 2.5, 5, 200]))
                                          for left in (rng.choice(edges + [rng.uniform(-5, 600)])
                                                       for _ in range(rng.randint(0, 5)))])
                for _ in range(rng.randint(0, 7))]
        start, stop, half = rng.randint(0, 320), rng.randint(0, 420), rng.choice([2.5, 3.0, 0.2])
        assert layout._crossings(rows, start, stop, half) == [
            (x, sum(1 for row in rows for s in row.segments if s.left < x - half and s.right > x + half))
            for x in range(start, stop)]


@needs_real
def test_justified_words_placed_one_by_one_are_one_line_not_cells():
    pages = geometry.pdfium_pages(REAL / "S_PV.4507.pdf")
    row = next(r for r in pages[1].rows if "man-made," in r.text)
    assert len(row.segments) > 5  # each word placed on its own
    lines = layout.reading_order(pages[1].rows, layout.find_gutter(pages[1].rows, pages[1].width,
                                                                     furniture.pdf_settings()))
    layout.mark_tables(lines, furniture.pdf_settings())
    line = next(ln for ln in lines if "man-made," in ln.text)
    assert line.text == "man-made, far more than could ever have been" and not line.cells


@needs_real
def test_masthead_and_running_matter_are_not_text():
    pages = geometry.pdfium_pages(REAL / "S_2025_257.pdf")
    conf = furniture.pdf_settings()
    masthead = [pages[0].rows[k].text for k in sorted(furniture.masthead_rows(pages[0], conf))]
    assert masthead == ["United Nations S/2025/257", "Security Council Distr.: General", "25 April 2025",
                        "Original: English"]
    running = furniture.running_rows(pages, "S/2025/257", 10.0, conf)
    assert {pages[1].rows[k].text for k in running[1]} == {"S/2025/257", "2/5 25-05237"}
    text = "\n".join(b.text for b in pdf_blocks(REAL / "A_RES_70_10.pdf"))
    for furniture_text in ("Please recycle", "15-16764", "1516764", "2/2", "Distr.", "Agenda item 87",
                           "A/RES/70/10 Report of the International", "______"):
        assert furniture_text not in text


@needs_real
def test_footnote_out_of_the_paragraph_it_cuts_and_the_calls_removed():
    blocks = pdf_blocks(REAL / "A_RES_70_10.pdf")
    notes = [b for b in blocks if b.kind == "footnote"]
    assert [b.text for b in notes] == ["1 See A/70/219."]
    second = next(b for b in blocks if b.text.startswith("2. Takes note of resolutions"))
    assert "GC(59)/DEC/11 on the promotion of efficiency and effectiveness" in second.text and second.page == 1
    calls = {b.text[:20]: b.calls for b in blocks if b.calls}
    assert calls == {"Having received the ": ("1",), "1. Takes note with a": ("1",)}
    assert "2014, 1" not in blocks[4].text and blocks[4].text.endswith("for 2014,")


@needs_real
def test_footnote_rows_below_the_rule():
    pages = geometry.pdfium_pages(REAL / "S_2025_257.pdf")
    conf = furniture.pdf_settings()
    body, foot = split_page(pages[0], pages[0].rows, 10.0, conf)
    notes = []
    read_notes(foot, 0, notes)
    assert [(n.mark, n.lines[0][:30]) for n in notes] == [("1", "For previous reports, see S/20")]
    assert not any("For previous reports" in r.text for r in body)


@needs_real
def test_verbatim_record_speech_runs_on_into_the_next_column():
    blocks = pdf_blocks(REAL / "S_PV.4507.pdf")
    speech = next(b for b in blocks if b.text.startswith("Over 10 years ago, at the World Summit for Children"))
    assert "But I absolutely believe that we have put an end to major famines like the one" in speech.text
    assert blocks[0].text == "The meeting was called to order at 11.50 a.m."  # page 1 is front matter


# --- six-language PDFs made by LibreOffice and Chromium (corpora/formats/office/) -------------------------------------

def test_right_to_left_lines_in_order_from_the_glyph_positions():
    """Chromium's Arabic text layer mixes reversed and logical words; the reader orders the glyphs by position, puts
    figures left to right, spaces from the gaps, and reads the label printed "a.1" as 1.a."""
    blocks = pdf_blocks(OFFICE / "sdg_goals_targets" / "chromium" / "ar.pdf")
    assert blocks[0].text == "الهدف 1: القضاء على الفقر بجميع أشكاله في كل مكان"
    assert blocks[1].text.startswith("1.1 القضاء على الفقر المدقع للناس أجمعين أينما كانوا بحلول عام 2030")
    assert blocks[1].calls == ("1",)
    assert any(b.text.startswith("1.a كفالة حشـد موارد كبيرة من مصادر متنوعة") for b in blocks)


def test_cjk_heading_of_unknown_weight_and_call_carried_to_the_next_line():
    """Chromium embeds the CJK font as a Type 3 font with no name: the heading's weight comes from its figures, and its
    second line (no known weight) does not start a paragraph. LibreOffice carries a call alone onto the next line."""
    blocks = pdf_blocks(OFFICE / "sdg_goals_targets" / "chromium" / "zh.pdf", "")
    assert any(b.text == "目标2. 消除饥饿,实现粮食安全,改善营养状况和促进可持续农业" for b in blocks)
    udhr = pdf_blocks(OFFICE / "udhr" / "libreoffice" / "zh.pdf", "")
    preamble = next(b for b in udhr if b.text.startswith("因此现在,大会,发布这一世界人权宣言"))
    assert preamble.calls == ("1",) and not any(b.text == "1" for b in udhr)


def test_justified_narrow_columns_are_not_tables():
    """Chromium's two-column Russian SDG: lines of two or three words spread wide are lines, not table rows."""
    blocks = pdf_blocks(OFFICE / "sdg_goals_targets" / "chromium" / "ru.pdf")
    assert not [b for b in blocks if b.kind == "table_row"]
    assert len([b for b in blocks if b.kind == "footnote"]) == 3
