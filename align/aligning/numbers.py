"""Numbers in any script, compared as numbers: `٣`, `۳`, `３` and `3` are the same; so are 三 and 3 in a label.

Digits are read by their Unicode decimal value (Arabic-Indic, Persian, full-width, Devanagari…). Chinese numerals are
read where UN texts use them as numbers: a label at the start of a paragraph (`三、`, `第十二条`, `（二）`).
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from unalign.numerals import ascii_digits, chinese_number

_CHINESE_LABEL = re.compile(r"^\s*[（(]?第?([〇零一二两三四五六七八九十百千]+)[、条章节款项）)．.]")
_DIGITS = re.compile(r"\d+")
_CHINESE_RUN = re.compile(r"[〇零一二两三四五六七八九十百千]+")


@cache
def numbers_written(text: str) -> frozenset[int]:
    """The numbers a text could be writing anywhere: `numbers_in`, and every run of Chinese numerals wherever it
    stands (a heading 第四条 merged into the paragraph before it). Generous (一 in 一切 is read as 1): for asking
    whether a text can hold a given number, not which numbers it holds."""
    values = (chinese_number(run) for run in _CHINESE_RUN.findall(text))
    return numbers_in(text) | frozenset(value for value in values if value is not None)


@cache
def numbers_in(text: str) -> frozenset[int]:
    """The numbers a text writes, in any script: runs of decimal digits, and a Chinese numeral label at its start."""
    found = {int(run) for run in _DIGITS.findall(ascii_digits(text)) if len(run) <= 9}
    label = _CHINESE_LABEL.match(text)
    if label:
        value = chinese_number(label.group(1))
        if value is not None:
            found.add(value)
    return frozenset(found)


@cache
def printed_form(text: str) -> str:
    """`text` as a label is compared across versions: compatibility forms folded (`６．ｂ` is `6.b`), digits of any
    script read as ASCII, spaces dropped."""
    return "".join(ascii_digits(unicodedata.normalize("NFKC", text)).split())


def label_starts(text: str, form: str) -> list[int]:
    """Where in `text`, after a space, a label of printed form `form` (`printed_form`) stands: the places a paragraph
    that took in the next one ("Goal 8 … 8.1 Sustain …") opens it, with or without a sentence end before."""
    pattern = r"(?<=\s)" + r"\s*".join(re.escape(c) for c in form) + r"(?!\w)"
    return [m.start() for m in re.finditer(pattern, ascii_digits(text))]
