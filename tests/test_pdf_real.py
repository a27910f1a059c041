"""Real UN PDFs from the document system, read with the reading benchmark's scoring (benchmarks/reading.py).

The files and their gold are in ../shared/corpora/real-pdf (README there: what each file must give). The figures are
those measured with `python -m benchmarks.reading`; the two word-split rows are the header rows of real tables
("Country | Military observers | Troops | …", "Nationality | forces | forces | headquarters | Total").
"""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.reading import read_gold, read_output, score_reading, symbol_of
from unalign.align.model import DocumentMeta
from unalign.align.readers.pdf import furniture, geometry, layout, pdf_blocks, pdf_metadata
from unalign.align.readers.pdf.footnotes import read_notes, split_page

REAL = Path(__file__).resolve().parents[1].parent / "shared" / "corpora" / "real-pdf"
pytestmark = pytest.mark.skipif(not REAL.is_dir(), reason="../shared/corpora/real-pdf is not beside the checkout")

# name -> (items, exact, word-split rows, output paragraphs)
MEASURED = {
    "S_2013_220": (158, 158, 1, 192),
    "S_1996_112": (93, 93, 1, 147),
    "S_PV.4507": (92, 92, 0, 92),
    "S_2025_257": (32, 32, 0, 32),
    "A_RES_70_10": (15, 15, 0, 15),
}


@pytest.mark.parametrize("name", sorted(MEASURED))
def test_every_gold_item_read_exactly_with_no_furniture(name):
    gold = read_gold(REAL / f"{name}.paragraphs.jsonl")
    score = score_reading(gold, read_output(REAL / f"{name}.pdf"), symbol_of(name))
    items, exact, rows, paragraphs = MEASURED[name]
    assert (score.items, score.exact, score.lost, score.split, score.merged, score.leaks) == (items, exact, 0, 0, 0, 0), \
        score.not_exact[:5] + score.leaked[:5]
    assert (score.word_split_rows, score.paragraphs) == (rows, paragraphs)


def test_metadata_from_the_masthead():
    assert pdf_metadata(REAL / "S_2013_220.pdf") == DocumentMeta("S/2013/220", "8 April 2013", "English")
    assert pdf_metadata(REAL / "S_1996_112.pdf") == DocumentMeta("S/1996/112", "14 February 1996", "ENGLISH")
    assert pdf_metadata(REAL / "A_RES_70_10.pdf").symbol == "A/RES/70/10"
    assert pdf_metadata(REAL / "S_PV.4507.pdf").symbol == "S/PV.4507"


def test_two_columns_found_on_the_verbatim_record_only():
    conf = furniture.pdf_settings()
    record = geometry.pdfium_pages(REAL / "S_PV.4507.pdf")
    gutters = [layout.find_gutter(page.rows, page.width, conf) for page in record[1:]]
    assert all(g is not None and 295 < g < 315 for g in gutters), gutters  # the columns end at 300 and start at 312
    report = geometry.pdfium_pages(REAL / "S_2013_220.pdf")
    assert all(layout.find_gutter(page.rows, page.width, conf) is None for page in report)


def test_justified_words_placed_one_by_one_are_one_line_not_cells():
    pages = geometry.pdfium_pages(REAL / "S_PV.4507.pdf")
    row = next(r for r in pages[1].rows if "man-made," in r.text)
    assert len(row.segments) > 5  # each word placed on its own
    lines = layout.reading_order(pages[1].rows, layout.find_gutter(pages[1].rows, pages[1].width,
                                                                     furniture.pdf_settings()))
    layout.mark_tables(lines, furniture.pdf_settings())
    line = next(ln for ln in lines if "man-made," in ln.text)
    assert line.text == "man-made, far more than could ever have been" and not line.cells


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


def test_footnote_out_of_the_paragraph_it_cuts_and_the_calls_removed():
    blocks = pdf_blocks(REAL / "A_RES_70_10.pdf")
    notes = [b for b in blocks if b.kind == "footnote"]
    assert [b.text for b in notes] == ["1 See A/70/219."]
    second = next(b for b in blocks if b.text.startswith("2. Takes note of resolutions"))
    assert "GC(59)/DEC/11 on the promotion of efficiency and effectiveness" in second.text and second.page == 1
    calls = {b.text[:20]: b.calls for b in blocks if b.calls}
    assert calls == {"Having received the ": ("1",), "1. Takes note with a": ("1",)}
    assert "2014, 1" not in blocks[4].text and blocks[4].text.endswith("for 2014,")


def test_footnote_rows_below_the_rule():
    pages = geometry.pdfium_pages(REAL / "S_2025_257.pdf")
    conf = furniture.pdf_settings()
    body, foot = split_page(pages[0], pages[0].rows, 10.0, conf)
    notes = []
    read_notes(foot, 0, notes)
    assert [(n.mark, n.lines[0][:30]) for n in notes] == [("1", "For previous reports, see S/20")]
    assert not any("For previous reports" in r.text for r in body)


def test_verbatim_record_speech_runs_on_into_the_next_column():
    blocks = pdf_blocks(REAL / "S_PV.4507.pdf")
    speech = next(b for b in blocks if b.text.startswith("Over 10 years ago, at the World Summit for Children"))
    assert "But I absolutely believe that we have put an end to major famines like the one" in speech.text
    assert blocks[0].text == "The meeting was called to order at 11.50 a.m."  # page 1 is front matter
