"""A text layer put right from the fonts a PDF embeds (readers/pdf/fonts.py): Ghostscript's ps2pdf writes ToUnicode
maps that give Cyrillic as figures and punctuation (`декларация` as `89:;4@4F8я`), Arabic letters as ASCII and a
Chinese form of 取 as `×`; its font subsets keep no character map, but their glyphs are those of the installed fonts
they were cut from."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from unalign.readers.pdf import pdf_blocks
from unalign.readers.pdf.fonts import (CONNECTOR, _unshifted, corrected_maps, installed_fonts, read_to_unicode, repaired,
                                      write_to_unicode)

OFFICE = Path(__file__).resolve().parents[1] / "corpora" / "formats" / "office"
needs_fonts = pytest.mark.skipif(
    not {"Amiri-Regular", "NotoSerif-Regular", "NotoSansCJKjp-Regular"} <= set(installed_fonts()),
    reason="the fonts ps2pdf's PDFs embed are not installed here (Debian fonts-hosny-amiri, fonts-noto-core, "
           "fonts-noto-cjk)")


def _text(document: str, producer: str, lang: str) -> str:
    pdf = OFFICE / document / producer / f"{lang}.pdf"
    return "\n".join(block.text for block in pdf_blocks(pdf, "" if lang == "zh" else " "))


def test_a_to_unicode_map_reads_back_as_written():
    written = {0x0003: " ", 0x01C9: "а", 0x0F3A: "ffi", 0x1234: "لا"}
    assert read_to_unicode(write_to_unicode(written)) == written
    ranges = b"2 beginbfrange\n<0010> <0012> <0041>\n<0020> <0021> [<0066> <00660069>]\nendbfrange"
    assert read_to_unicode(ranges) == {0x10: "A", 0x11: "B", 0x12: "C", 0x20: "f", 0x21: "fi"}


def test_letters_written_a_byte_late_are_read_as_written():
    """Ghostscript maps a LibreOffice PDF's accented letters (a letter and a combining mark) and ligatures to UTF-16
    written a byte late: `à` as <61030000> (read 愃), `ê` as <65030200>, `fi` as <66006900> (昀椀). The SDG's French
    from LibreOffice through ps2pdf read 45 of 189 paragraphs exactly, pdftotext 259 of its 276 lines; now 189."""
    assert _unshifted(bytes.fromhex("61030000").decode("utf-16-be")) == "à"
    assert _unshifted(bytes.fromhex("65030200").decode("utf-16-be")) == "ê"
    assert _unshifted(bytes.fromhex("66006900").decode("utf-16-be")) == "fi"
    assert _unshifted("人") is None and _unshifted("fi") is None and _unshifted("昀케") is None  # ffi: no letters
    french = _text("sdg_goals_targets", "ps2pdf_libreoffice", "fr")
    assert "D’ici à 2030, éliminer" in french and "愃" not in french


@needs_fonts
def test_ps2pdf_cyrillic_arabic_and_chinese_read_from_their_fonts():
    russian = _text("udhr", "ps2pdf", "ru")
    assert "ВСЕОБЩАЯ ДЕКЛАРАЦИЯ ПРАВ ЧЕЛОВЕКА" in russian.upper() and "89:;" not in russian
    arabic = _text("udhr", "ps2pdf", "ar")
    assert "الإعلان العالمي لحقوق الإنسان" in arabic
    assert not re.search(r"[A-Za-z]", arabic.split("\n")[2])  # the first preamble paragraph: no ASCII for letters
    chinese = _text("sdg_goals_targets", "ps2pdf", "zh")
    assert "采取措施" in chinese and "×" not in chinese  # the Simplified form of 取, mapped to ×
    assert "部门" in chinese and "⻔" not in chinese  # 门 kept where the font's map offers only the radical ⻔


@needs_fonts
def test_stretched_tatweels_read_as_the_tatweels_they_stand_for():
    """Amiri joins tatweels into one longer glyph (`uni0640.3`, three); ps2pdf maps it to a tatweel and a CJK
    ideograph (`ـ䁀`). Read through the font's substitutions: as many tatweels as were written."""
    arabic = _text("sdg_goals_targets", "ps2pdf", "ar")
    assert "تحســين الهياكل" in arabic
    assert not re.search(r"[\u3000-\u9fff\uac00-\ud7af]", arabic)


def test_a_right_map_is_left_as_it_is():
    """Every PDF of the producers other than ps2pdf (Typst's and XeLaTeX's subsets carry no character map either, and Typst
    draws Cyrillic В with Latin B's outline): the file is read as it is, but for the codes a map leaves out or maps to
    nothing. LibreOffice's Arabic leaves out the code of the kashida it justifies with (read `L` or `=`, the code
    itself): added, the font's connector. Chromium's Noto Naskh maps a shadda-and-vowel glyph to U+0000: given its
    marks. XeLaTeX maps its missing-glyph box to U+FFFF, a noncharacter, for which PDFium reads another glyph's text:
    U+FFFD, as pdftotext reads it. No other entry of any map changes."""
    import pikepdf

    completed = set()
    for pdf in sorted(OFFICE.glob("*/*/*.pdf")):
        if pdf.parent.name.startswith("ps2pdf") or pdf.parent.parent.name == "bad":
            continue
        with pikepdf.open(pdf) as document:
            for font, mapping, _ in corrected_maps(document):
                old = read_to_unicode(font.ToUnicode.read_bytes())
                changed = [(old.get(code), text) for code, text in mapping.items() if old.get(code) != text]
                if all(before == "\uffff" and after == "\ufffd" for before, after in changed):
                    continue  # XeLaTeX's text for its missing-glyph box, a noncharacter: the replacement character
                assert pdf.stem == "ar" and all(
                    before is None and after == CONNECTOR or before == "\x00" and len(after) == 2
                    and all("\u064b" <= c <= "\u0652" for c in after) for before, after in changed), pdf
                completed.add((pdf.parent.parent.name, pdf.parent.name))
    if "NotoNaskhArabic-Regular" in installed_fonts():
        assert completed == {(doc, "libreoffice") for doc in ("sdg_goals_targets", "udhr", "unpc_excerpt",
                                                               "unpc_excerpt_241")} | \
            {(doc, "chromium") for doc in ("sdg_goals_targets", "unpc_excerpt", "unpc_excerpt_241")}
