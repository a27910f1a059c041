"""Numerals in the scripts of UN documents, read and written in one place: decimal digits of any script, Roman
numerals, Chinese numerals, and letters counted in the Latin, Arabic (abjad) and Cyrillic alphabets."""

from __future__ import annotations

import unicodedata

ABJAD = "أبجدهوزحطيكلمنسعفصقرشتثخذضظغ"
CYRILLIC = "абвгдежзиклмнопрстуфхцчшщэюя"
LATIN = "abcdefghijklmnopqrstuvwxyz"
ARABIC_INDIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"
_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
          (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
CHINESE_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
                  "九": 9}
CHINESE_UNITS = {"十": 10, "百": 100, "千": 1000}


def ascii_digits(text: str) -> str:
    """`text` with the decimal digits of every script (Arabic-Indic ٣, Persian ۳, full-width ３…) as ASCII digits."""
    return "".join(str(unicodedata.decimal(c)) if c.isdecimal() else c for c in text)


def to_roman(n: int) -> str:
    """`n` in upper-case Roman numerals (empty for 0)."""
    out = ""
    for value, numeral in _ROMAN:
        while n >= value:
            out, n = out + numeral, n - value
    return out


def from_roman(label: str) -> int:
    """The value of upper-case Roman numerals such as XIV, or 0 when `label` is not one."""
    total = 0
    for a, b in zip(label, label[1:] + " "):
        if a not in _ROMAN_VALUES:
            return 0
        total += -_ROMAN_VALUES[a] if b in _ROMAN_VALUES and _ROMAN_VALUES[b] > _ROMAN_VALUES[a] else _ROMAN_VALUES[a]
    return total


def chinese_number(text: str) -> int | None:
    """The value of a Chinese numeral such as 十二 or 一百零五, or None."""
    total, current = 0, 0
    for char in text:
        if char in CHINESE_DIGITS:
            current = CHINESE_DIGITS[char]
        elif char in CHINESE_UNITS:
            total += (current or 1) * CHINESE_UNITS[char]
            current = 0
        else:
            return None
    return total + current


def to_chinese(n: int) -> str:
    """`n` from 1 to 99 in Chinese numerals, as Chinese lists count (一, 十, 十二, 二十一)."""
    tens, ones = divmod(n, 10)
    digits = "〇一二三四五六七八九"
    return (("" if tens == 1 else digits[tens]) + "十" if tens else "") + (digits[ones] if ones else "")


def letters(n: int, alphabet: str) -> str:
    """The `n`-th label (from 1) of a list counted in `alphabet`: a, b, … z, aa, bb, … as word processors count."""
    return alphabet[(n - 1) % len(alphabet)] * ((n - 1) // len(alphabet) + 1)
