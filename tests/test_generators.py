"""The fixture generators of corpora/formats/ lay documents out as a UN typesetter would: the rules a held-out
measurement showed them breaking (a running title of five rows, Latin names printed word by word right to left)."""

from __future__ import annotations

import sys
from pathlib import Path

FORMATS = Path(__file__).resolve().parents[1] / "corpora" / "formats"
sys.path[:0] = [str(FORMATS), str(FORMATS / "office")]

import make_office_pdfs as office  # noqa: E402
import make_producer_pdfs as producers  # noqa: E402

DEVSET = FORMATS.parent / "unpc_v1_devset"


def test_a_running_title_fits_one_line_of_the_header():
    """Devset line 1777 (400 characters) taken as a held-out excerpt's title wrapped over five rows of LibreOffice's
    and XeLaTeX's header and leaked into the body; a title is cut at a word to 60 characters, 30 in Chinese."""
    for lang in office.LANGS:
        line = (DEVSET / f"{lang}.txt").read_text(encoding="utf-8").split("\n")[1776].strip()
        title = office.short_title(office.Masthead("A/70/1010", "15-21760", {}, {lang: line}), [], lang)
        assert line.startswith(title) and 0 < len(title) <= (30 if lang == "zh" else 60)
        assert lang == "zh" or line[len(title)] in " ,;:"  # cut at a word
    sdg = office.SDG.masthead
    assert all(office.short_title(sdg, [], lang) == sdg.short_titles[lang] for lang in office.LANGS)


def test_xelatex_sets_latin_words_between_arabic_ones_in_one_left_to_right_run():
    """Word by word, `شركة Empresa … S.A. (ARSAT)` was printed with its words right to left; figures after a Latin
    word join its run (W7), figures after Arabic text stay apart."""
    tex = producers._tex("شركة Empresa Argentina de Soluciones Satelitales S.A. (ARSAT) في 2015 و 2030", rtl=True,
                         arabic_chars=set("شركةفيو "))
    assert r"\LR{\latin Empresa Argentina de Soluciones Satelitales S{.}A{.} (ARSAT)}" in tex
    assert r"\LR{\latin 2015}" in tex and r"\LR{\latin 2030}" in tex
