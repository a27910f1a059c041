"""Remove the remnants of PDF/Word/Markdown extraction from a paragraph's text."""

from __future__ import annotations

import re

# Footnote calls: <sup>12</sup>, ^{12}, and superscript digits glued to the word before them ("rapportant¹").
_SUP_CALL = re.compile(r"\s?<sup>\s*\d{1,3}\s*</sup>", re.I)
_SUP_TEXT = re.compile(r"<sup>(.*?)</sup>", re.I | re.S)
_CARET_SUP = re.compile(r"\^\{([^{}]*)\}")
_GLUED_SUPERSCRIPT = re.compile(r"(?<=\S)[¹²³⁰⁴⁵⁶⁷⁸⁹]+")
# Inline tags that carry only formatting. Anything else that looks like a tag is text and stays.
_TAG = re.compile(r"</?(?:b|i|u|em|strong|sub|span|font|small|big|s|strike|a|br|mark)(?:\s[^<>]*)?/?>", re.I)
_BOLD = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1", re.S)
_ITALIC = re.compile(r"(?<![*\w])\*(?=\S)([^*]+?)(?<=\S)\*(?![*\w])")
_MD_LINK = re.compile(r"\[([^\[\]]+)\]\([^()\s]*\)")  # [text](url) -> text; "[…]" placeholders have no (url)
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|])")
# Runs of ordinary white space collapse; no-break spaces (French typography) are kept as they are.
_SPACES = re.compile(r"[ \t\r\n]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def strip_markup(text: str) -> str:
    """The text without footnote calls, inline tags and Markdown emphasis; whitespace collapsed to single spaces.

    `[…]` placeholders and any text in angle brackets that is not a formatting tag are kept.
    """
    text = _CONTROL.sub("", text)
    text = _SUP_CALL.sub("", text)
    text = _SUP_TEXT.sub(r"\1", text)
    text = _CARET_SUP.sub(r"\1", text)
    text = _GLUED_SUPERSCRIPT.sub("", text)
    text = _TAG.sub("", text)
    text = _BOLD.sub(r"\2", text)
    text = _ITALIC.sub(r"\1", text)
    text = _MD_LINK.sub(r"\1", text)
    text = _MD_ESCAPE.sub(r"\1", text)
    text = text.replace("\u00ad", "")  # soft hyphen
    return _SPACES.sub(" ", text).strip()
