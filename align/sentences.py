"""Sentence splitting per language: a paragraph cut into verbatim slices, one a sentence.

Rules, not a model: a sentence ends at a run of end marks (config/sentences.toml: `. ! ? …`, Arabic `؟`, Chinese
`。！？`), possibly followed by closing quotes or brackets, where what follows starts a new sentence (after a space,
and with a capital, a digit, an opening bracket or quote in languages with case). A full stop after a known
abbreviation (`para.`, `No.`, `Rev.`, `г.`, `т.е.`, per language in config/sentences.toml) or after a single capital
(an initial) ends nothing; a full stop with no space after it (`1.5`, `A/70/1.`, `Rev.1`) ends nothing either. A
structural label (`1.`, `(a)`, `II.`, `A.`) that would stand alone stays with the sentence it opens.

A label opening a numbered or lettered item (`9.`, `(a)`, `b)`, `IV.`, `٣ -`, `一、`, `(子)`) also starts a sentence
after a semicolon, a colon or a Chinese or Arabic comma (`; (b) ensure…`, `，9. 在这方面…`, `reads: 1. Everyone…`):
that is where a list run into one paragraph has its items, and where a CAT tool's user expects a segment to start.

Why rules of our own rather than pysbd, sentencex, blingfire or an SRX file: measured on the UNPC devset
(benchmarks/sentence_splitting.py, README "Sentences"), they find the most boundaries with the fewest false ones on UN
text, are fast, give exact character offsets, and put the UN's abbreviations in a data file a person can extend.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from unalign import settings

_CLOSERS = "\"'”’»)]）」』】›"
_OPENERS = "\"'“‘«<([（「『【‹¿¡•–—-"
# A lower-case label or footnote mark opening the next sentence: "b) Design…", "xii) планы…", "a Includes…"
_LOWER_LABEL = re.compile(r"(\(?[^\W\d_]{1,4}\)|[^\W\d_]{1,4}\.\s|[^\W\d_]\s+[^\W\d_])")
# Letters that are Roman numerals more often than initials ("annex I. The…")
_NUMERALS = frozenset("IVX")
# A paragraph's structural label on its own: 1. 12.3. (a) a) (iv) II. A. ٧ -
_LABEL = re.compile(r"(\(?(\d+(\.\d+)*|[a-zA-Z]{1,2}|[ivxlcdmIVXLCDM]+)[.)]|\((\d+|[a-zA-Z]{1,4})\)|[٠-٩0-9]+\s*-)")
# After one of these, an item label starts a new sentence (_ITEM); not a colon after a digit ("3:1. The", "10:30").
# The marks come first: a pattern that opens with a look-behind is tried at every character (half of splitting).
_ITEM_AFTER = re.compile(r"[:;；：，،؛](?<!\d:)\s*")
# The label of a numbered or lettered item, as it opens the item: "9. ", "12.3. ", "(a) ", "b) ", "(iv) ", "IV. ",
# "٣ - ", "(أ) ", "一、", "（子）", "(三)"; a Chinese item's number may touch the text after it.
_ITEM = re.compile(r"(\d{1,3}(\.\d{1,2})*\.(?=\s|[\u4e00-\u9fff])|[0-9٠-٩]{1,3}\s?-\s|\(?[a-zA-Z]{1,2}\)\s"
                   r"|\([ivxIVX]{1,5}\)\s|[IVX]{1,5}\.\s|\([\u0621-\u064A]{1,2}\)\s|[一二三四五六七八九十]{1,3}、"
                   r"|[(（][一二三四五六七八九十子丑寅卯辰巳午未申酉戌亥]{1,3}[)）])")


@dataclass(frozen=True)
class Rules:
    """How one language ends its sentences (from config/sentences.toml)."""

    ends: frozenset[str]
    needs_space: bool
    needs_capital: bool
    abbreviations: frozenset[str]


@cache
def rules(lang: str) -> Rules:
    """The sentence rules of `lang` (one of the six), its abbreviations with the common ones."""
    config = settings.load("sentences")
    own = config[lang]
    common = config["common"]["abbreviations"] if own["needs_capital"] else []
    return Rules(frozenset(own["ends"]), own["needs_space"], own["needs_capital"],
                 frozenset(a.lower() for a in [*common, *own["abbreviations"]]))


@cache
def _end_pattern(ends: frozenset[str]) -> re.Pattern:
    marks = "".join(re.escape(c) for c in sorted(ends))
    return re.compile(f"[{marks}]+[{re.escape(_CLOSERS)}]*")


def _starts_sentence(text: str, at: int, rule: Rules) -> bool:
    char = text[at]
    if not rule.needs_capital:
        return True
    return char.isupper() or char.isdigit() or char in _OPENERS or bool(_LOWER_LABEL.match(text, at))


def _abbreviation_before(text: str, stop: int, rule: Rules) -> bool:
    """Whether the full stop at `stop` closes an abbreviation or an initial rather than a sentence."""
    start = stop
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    word = text[start:stop].lstrip(_OPENERS)
    if not word:
        return False
    if "." in word and len(word) <= 6 and word.replace(".", "").isupper():  # "IV.G.", "U.S."
        return True
    if len(word) == 1 and word in _NUMERALS:
        return False
    word = word.lower()
    if word in rule.abbreviations:
        return True
    if "(" in word:  # "(para" of "(para. 3)"
        word = word.rsplit("(", 1)[1]
        if word in rule.abbreviations:
            return True
    # A single letter of an alphabet with case: an initial ("J. Smith"), or "p.", "s." in a reference.
    return rule.needs_capital and len(word) == 1 and word.isalpha()


def sentence_spans(text: str, lang: str, any_start: bool = False) -> list[tuple[int, int]]:
    """(start, end) of each sentence of `text`: verbatim slices without the whitespace around them, in order.

    Joined with the whitespace between them, the slices give back `text` exactly; a text with no sentence end gives
    one slice (none for blank text). `any_start`: a sentence end counts whatever the next word starts with (two
    paragraphs run together, the second a UN preambular clause in small letters: "… киприотов-турок. принимая …").
    """
    return list(_spans(text, lang, any_start))


@lru_cache(maxsize=1 << 16)  # a run splits each paragraph twice: to encode its sentences, then to align them
def _spans(text: str, lang: str, any_start: bool) -> tuple[tuple[int, int], ...]:
    rule = rules(lang)
    cuts = []
    for match in _end_pattern(rule.ends).finditer(text):
        end = match.end()
        after = end
        while after < len(text) and text[after].isspace():
            after += 1
        if after == len(text):
            break
        if rule.needs_space and after == end:
            continue
        if not any_start and not _starts_sentence(text, after, rule):
            continue
        last_mark = match.group().rstrip(_CLOSERS)[-1]
        if last_mark == "." and match.group().rstrip(_CLOSERS) == "." and _abbreviation_before(text, match.start(),
                                                                                                   rule):
            continue
        cuts.append(end)
    cuts += [match.end() for match in _ITEM_AFTER.finditer(text)
             if match.end() < len(text) and _ITEM.match(text, match.end())]
    cuts.sort()
    spans = []
    start = 0
    for cut in [*cuts, len(text)]:
        piece = text[start:cut]
        left = start + len(piece) - len(piece.lstrip())
        right = cut - (len(piece) - len(piece.rstrip()))
        if right > left:
            spans.append((left, right))
        start = cut
    return tuple(_with_labels(text, spans))


def _with_labels(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans where a label alone ("1.", "(a)", "II.") is joined to the sentence that follows it."""
    out: list[tuple[int, int]] = []
    pending = None
    for k, (start, end) in enumerate(spans):
        if pending is not None:
            start, pending = pending, None
        if k + 1 < len(spans) and _LABEL.fullmatch(text[start:end]):
            pending = start
            continue
        out.append((start, end))
    return out


def split_sentences(text: str, lang: str) -> list[str]:
    """The sentences of `text` in `lang`, each a verbatim slice of it (see `sentence_spans`)."""
    return [text[start:end] for start, end in sentence_spans(text, lang)]
