"""Numbers in any script, compared as numbers: `٣`, `۳`, `３` and `3` are the same; so are 三 and 3 in a label.

Digits are read by their Unicode decimal value (Arabic-Indic, Persian, full-width, Devanagari…). Chinese numerals are
read where UN texts use them as numbers: a label at the start of a paragraph (`三、`, `第十二条`, `（二）`).
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

_CHINESE_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
                   "九": 9}
_CHINESE_UNITS = {"十": 10, "百": 100, "千": 1000}
_CHINESE_LABEL = re.compile(r"^\s*[（(]?第?([〇零一二两三四五六七八九十百千]+)[、条章节款项）)．.]")
_DIGITS = re.compile(r"\d+")


def chinese_number(text: str) -> int | None:
    """The value of a Chinese numeral such as 十二 or 一百零五, or None."""
    total, current = 0, 0
    for char in text:
        if char in _CHINESE_DIGITS:
            current = _CHINESE_DIGITS[char]
        elif char in _CHINESE_UNITS:
            total += (current or 1) * _CHINESE_UNITS[char]
            current = 0
        else:
            return None
    return total + current


@cache
def numbers_in(text: str) -> frozenset[int]:
    """The numbers a text writes, in any script: runs of decimal digits, and a Chinese numeral label at its start."""
    ascii_digits = "".join(str(unicodedata.decimal(c)) if c.isdecimal() else c for c in text)
    found = {int(run) for run in _DIGITS.findall(ascii_digits) if len(run) <= 9}
    label = _CHINESE_LABEL.match(text)
    if label:
        value = chinese_number(label.group(1))
        if value is not None:
            found.add(value)
    return frozenset(found)
