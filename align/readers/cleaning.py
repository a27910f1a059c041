"""Remove the remnants of PDF/Word/Markdown extraction from a paragraph's text.

Every pattern here runs in linear time on any line (no two unbounded quantifiers that can share characters): a line
of a million dots, stars, underscores or unclosed `<sup>` tags is read as fast as prose.
"""

from __future__ import annotations

import re
from collections import Counter

# Footnote calls: <sup>12</sup>, ^{12}, and superscript digits glued to the word before them ("rapportant¹"); not the
# power of a unit of measure (km², m³, km<sup>2</sup>), nor a number the document defines no footnote for, which are
# text.
_UNIT_POWER = re.compile(r"(?<![^\W\d_])(?:[kcmdµμ]?m|ft|in|mi|sq|кв|км|см|мм|м)$")
_SUP_CALL = re.compile(r"\s?<sup>\s*(\d{1,3})\s*</sup>", re.I)
_SUP_TEXT = re.compile(r"<sup>([^<]*)</sup>", re.I)
_CARET_SUP = re.compile(r"\^\{([^{}]*)\}")
_GLUED_SUPERSCRIPT = re.compile(r"(?<=\S)[¹²³⁰⁴⁵⁶⁷⁸⁹]+")
_ANY_SUPERSCRIPT = re.compile(r"[¹²³⁰⁴⁵⁶⁷⁸⁹]")
# Inline tags that carry only formatting. Anything else that looks like a tag is text and stays.
_TAG = re.compile(r"</?(?P<name>b|i|u|em|strong|sub|span|font|small|big|s|strike|a|br|mark)(?:\s[^<>]*)?/?>", re.I)
# **bold** and __bold__: the inside holds a character other than the marks, so that a rule of underscores or stars
# (`_____`, a form's blank to fill) is text; the inside cannot cross another pair of marks (linear time).
_BOLD = re.compile(r"\*\*(?=[^\s*])((?:[^*]|\*(?!\*))*?[^\s*])\*\*|__(?=[^\s_])((?:[^_]|_(?!_))*?[^\s_])__")
_ITALIC = re.compile(r"(?<![*\w])\*(?=[^\s*])([^*]*?[^\s*])\*(?![*\w])")
_MD_LINK = re.compile(r"\[([^\[\]]+)\]\([^()\s]*\)")  # [text](url) -> text; "[…]" placeholders have no (url)
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|])")
# Runs of ordinary white space collapse; no-break spaces (French typography) are kept as they are.
_SPACES = re.compile(r"[ \t\r\n]+")
# Control characters that XML 1.0 forbids: those that break a line or a page (Word's manual line break \v, pdftotext's
# page break \f, the separators \x1c-\x1e) part two words as a space does, the others are dropped. (NEL, U+2028 and
# U+2029, which XML allows, stay as they are.)
_BREAKING_CONTROL = re.compile("[\x0b\x0c\x1c-\x1e]")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1b\x1f\x7f]")
# What the outputs cannot carry of a text: those dropped here, and the C1 controls and U+FFFE/U+FFFF, which the TMX
# writer drops (in UN text they are debris of a decoding); a reading names them (`left_out`).
_LEFT_OUT = re.compile("[\x00-\x08\x0e-\x1b\x1f\x7f-\x9f\ufffe\uffff]")


def is_unit_power(text: str, at: int) -> bool:
    """Whether the superscript that starts at `at` in `text` is the power of a unit of measure (km², m³), not a
    footnote call."""
    return bool(_UNIT_POWER.search(text[max(0, at - 4):at]))


_TO_SUPERSCRIPT = str.maketrans("0123456789+-−", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻")
SUPERSCRIPT_DIGITS = str.maketrans("¹²³⁰⁴⁵⁶⁷⁸⁹", "1230456789")  # superscript digits as figures


def is_call(text: str, at: int, number: str, calls: frozenset[str] | None) -> bool:
    """Whether the superscript `number` (in ASCII or superscript digits) at `at` in `text` is a footnote call: not a
    unit's power (km²) and, when `calls` (the footnote numbers the document defines) is known, one of them: a
    document without footnote 6 writes 10⁶ and E=mc² as text."""
    if is_unit_power(text, at):
        return False
    return calls is None or number.translate(SUPERSCRIPT_DIGITS) in calls


def superscript(text: str) -> str:
    """`text` in superscript characters when it is a number (`10` -> `¹⁰`), else as it is: a power written in markup
    (`<sup>6</sup>`, `^{6}`) kept as the text shows it, not glued to the digits before it (`106`)."""
    return text.translate(_TO_SUPERSCRIPT) if text and all(c in "0123456789+-−" for c in text) else text


def has_superscript_digit(text: str) -> bool:
    """Whether `text` holds a superscript digit (¹²³⁰⁴⁵⁶⁷⁸⁹): a footnote call or a unit's power may be there."""
    return _ANY_SUPERSCRIPT.search(text) is not None


def _drop_tags(text: str) -> str:
    """`text` without its formatting tags: those whose name is both opened and closed in it (`<i>x</i>`), and line
    breaks. A tag named alone ("the tag <b> is bold") is the text's own."""
    seen: dict[str, set[bool]] = {}
    for m in _TAG.finditer(text):
        seen.setdefault(m.group("name").lower(), set()).add(m.group(0).startswith("</"))
    markup = {name for name, sides in seen.items() if len(sides) == 2 or name == "br"}
    def drop(m: re.Match[str]) -> str:
        name = m.group("name").lower()
        return m.group(0) if name not in markup else " " if name == "br" else ""

    return _TAG.sub(drop, text) if markup else text


def strip_markup(text: str, markup: bool = True, calls: frozenset[str] | None = None) -> str:
    """The text without footnote calls, inline tags and Markdown emphasis; whitespace collapsed to single spaces.

    `[…]` placeholders and any text in angle brackets that is not a formatting tag are kept, and so is a superscript
    that is not a footnote call (`is_call`; `calls`: the footnote numbers the document defines, None when unknown):
    km² stays km², km<sup>2</sup> and 10^{6} become km² and 10⁶. With `markup` false (text from a format whose markup
    is not in its text: Word, TEI), only control characters and soft hyphens go: a `*note*` there is text.
    """
    text = _CONTROL.sub("", _BREAKING_CONTROL.sub(" ", text))
    if not markup:
        return _SPACES.sub(" ", text.replace("\u00ad", "")).strip()

    def drop_call(m: re.Match[str]) -> str:
        return "" if is_call(m.string, m.start(), m.group(1), calls) else m.group(0)

    def sup_text(m: re.Match[str]) -> str:
        number = m.group(1).strip()
        return "" if number.isdigit() and is_call(m.string, m.start(), number, calls) else superscript(m.group(1))

    # Each pattern runs only where the character it needs is in the text: a test of `in` costs a tenth of a search.
    if "<" in text:
        text = _SUP_CALL.sub(drop_call, text)
        text = _SUP_TEXT.sub(sup_text, text)
    if "^{" in text:
        text = _CARET_SUP.sub(sup_text, text)
    if has_superscript_digit(text):
        text = _GLUED_SUPERSCRIPT.sub(lambda m: "" if is_call(m.string, m.start(), m.group(0), calls) else m.group(0),
                                      text)
    if "<" in text:
        text = _drop_tags(text)
    if "**" in text or "__" in text:
        text = _BOLD.sub(lambda m: m.group(1) or m.group(2), text)
    if "*" in text:
        text = _ITALIC.sub(r"\1", text)
    if "](" in text:
        text = _MD_LINK.sub(r"\1", text)
    if "\\" in text:
        text = _MD_ESCAPE.sub(r"\1", text)
    text = text.replace("\u00ad", "")  # soft hyphen
    return _SPACES.sub(" ", text).strip()


def left_out(path: object, text: str) -> tuple[str, ...]:
    """A warning naming the control characters of a file's `text` that unalign's outputs leave out, or none."""
    found = Counter(_LEFT_OUT.findall(text))
    if not found:
        return ()
    total, codes = sum(found.values()), [f"U+{ord(c):04X}" for c in sorted(found)]
    return (f"{path}: {total} control character{'s' * (total > 1)} left out ({', '.join(codes[:5])}"
            f"{', …' if len(codes) > 5 else ''}): XML cannot carry them",)
