"""The one config loader (settings.from_config): every table of config/ read into its frozen object, errors as one line."""

import copy

import pytest

from unalign import settings
from unalign.readers.crosscheck import Limits
from unalign.model import UnalignError
from unalign.readers.pdf.furniture import PdfSettings
from unalign.readers.text import _Rules


def test_a_broken_reading_config_is_one_line_naming_the_key():
    reading = copy.deepcopy(settings.load("reading"))
    reading["pdf"]["symbol_pattern"] = "A/(RES"  # an unbalanced bracket
    with pytest.raises(UnalignError, match=r"^config/reading.toml: \[pdf\] symbol_pattern = 'A/\(RES' is not a "):
        settings.from_config(PdfSettings, reading, "config/reading.toml", "pdf")
    del reading["crosscheck"]["max_pieces"]
    with pytest.raises(UnalignError, match=r"^config/reading.toml: \[crosscheck\] max_pieces is missing$"):
        settings.from_config(Limits, reading, "config/reading.toml", "crosscheck")
    reading["text"]["max_wrap_width"] = 80.5
    with pytest.raises(UnalignError, match=r"\[text\] max_wrap_width = 80.5 is not a int"):
        settings.from_config(_Rules, reading, "config/reading.toml", "text")


def test_the_pdf_settings_read_what_config_says():
    pdf = settings.from_config(PdfSettings, settings.load("reading"), "config/reading.toml", "pdf")
    assert pdf.running_part.match("A/RES/70/1") and pdf.running_part.match("12/40")
    assert not pdf.running_part.match("A/RES/70/1 adopted")
    assert len(pdf.running) == len(settings.load("reading")["pdf"]["running_patterns"]) + \
        len(settings.load("reading")["pdf"]["running_extra"])
    assert pdf.symbol.match("A/RES/70/1") and pdf.table_min_rows == settings.load("reading")["pdf"]["table_min_rows"]
