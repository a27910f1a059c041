"""Parse the structural numbering of paragraphs into addresses that are the same in all six languages."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache

from unalign import settings
from unalign.model import Paragraph, footnote_address
from unalign.model import Block
from unalign.numerals import ascii_digits, chinese_number, from_roman, to_roman
import unalign.readers.rules as rules

_CHINESE_LABEL_CHARACTERS = set("一二三四五六七八九十")  # Chinese numerals as UN labels write them (一、 十二、)
# Levels whose labels open a heading when the line is short.
_HEADING_LEVELS = {"annex", "part", "goal", "article", "chapter", "section", "resolution"}
_HEADING_MAX_CHARS = 200
# Single letters that are also Roman numerals, with the letter that comes before each.
_LETTER_OR_ROMAN = {"i": "h", "v": "u", "x": "w", "l": "k", "c": "b", "d": "c", "m": "l"}


@dataclass(frozen=True)
class Rule:
    level: str
    type: str
    pattern: re.Pattern[str]
    prefix: str = ""


@dataclass(frozen=True)
class Convention:
    """One language's numbering: its rules in the order they are tried, and its subparagraph alphabet."""

    rules: tuple[Rule, ...]
    alphabet: tuple[str, ...]
    levels: tuple[str, ...]
    date_after: re.Pattern[str] | None = None  # what follows a number that makes it a date, not a label


@cache
def convention(lang: str) -> Convention:
    """The numbering convention of `lang`, from config/numbering.toml (the language's rules over the common ones)."""
    data = settings.load("numbering")
    merged = dict(data["common"])
    merged.update({k: v for k, v in data.get(lang, {}).items() if k != "alphabet"})
    alphabet_name = data.get(lang, {}).get("alphabet", "latin")
    alphabet = data["alphabets"][alphabet_name]
    levels = tuple(data["levels"])
    rules: list[Rule] = []
    for level in levels + ("decimal",):
        specs = merged.get(level)
        if specs is None:
            continue
        for spec in specs if isinstance(specs, list) else [specs]:
            rules.append(Rule("paragraph" if level == "decimal" else level, spec["type"],
                              re.compile(spec["pattern"]), spec.get("prefix", "")))
    # Decimal labels ("1.1") must be tried before plain paragraph numbers ("1.").
    rules.sort(key=lambda r: (r.type != "word", r.type != "decimal"))
    date = data["dates"].get(lang)
    return Convention(tuple(rules), tuple(alphabet), levels, re.compile(date) if date else None)


def _to_int(label: str) -> int | None:
    words = settings.load("numbering")["number_words"]
    if label.lower() in words:
        return words[label.lower()]
    label = ascii_digits(label)
    if label.isdigit():
        return int(label)
    if label and set(label) <= _CHINESE_LABEL_CHARACTERS and (len(label) == 1 or "十" in label):
        return chinese_number(label)
    return None


def normalise(label: str, type_: str, alphabet: tuple[str, ...]) -> str:
    """The language-independent form of a label: ASCII digits, upper-case Roman numerals, Latin letters by rank."""
    label = label.strip()
    names = settings.load("numbering")["alphabets"]["abjad_names"]
    if label in names:
        return chr(ord("A") + names.index(label))
    number = _to_int(label)
    if type_ == "roman":
        return to_roman(number) if number is not None else label.upper()
    if type_ == "letter" and number is not None:  # (一) in a Chinese list is (a)
        return chr(ord("a") + number - 1)
    if number is not None:
        return str(number)
    if type_ == "letter" and label in alphabet:
        return chr(ord("a") + alphabet.index(label))
    if type_ == "decimal":
        head, _, tail = label.replace("-", ".", 1).partition(".")
        return f"{_to_int(head)}.{_to_int(tail) if _to_int(tail) is not None else tail}"
    return ascii_digits(label).replace("/", ".")


def match_label(text: str, lang: str, current: dict[str, str] | None = None) -> tuple[Rule, str, str] | None:
    """The numbering at the start of `text`: (rule, normalised label, label as printed), or None.

    `current` (level -> normalised label in force) settles the clash between a letter and a Roman numeral:
    "i)" after "h)" is a letter, otherwise an item; "I." after "H." is a section, otherwise a chapter.
    """
    conv = convention(lang)
    found = []
    for rule in conv.rules:
        m = rule.pattern.match(text)
        if m:
            found.append((rule, m))
    if not found:
        return None
    rule, m = found[0]
    if len(found) > 1 and current is not None:
        by_level = {r.level: (r, mm) for r, mm in reversed(found)}
        for letter_level, roman_level in (("subparagraph", "item"), ("section", "chapter")):
            if letter_level in by_level and roman_level in by_level:
                letter = normalise(by_level[letter_level][1].group("label"), "letter", conv.alphabet).lower()
                before = _LETTER_OR_ROMAN.get(letter)
                is_letter = before is not None and current.get(letter_level, "").lower() == before
                rule, m = by_level[letter_level if is_letter else roman_level]
    if (rule.type in ("number", "decimal") and "." not in m.group(0) and conv.date_after is not None
            and conv.date_after.match(text, m.end())):
        return None  # "9-20 آذار/مارس 2015", "9 - 20 марта": days (after a full stop, "12. 3 March" is 12)
    raw = m.group("label") or ""
    if not raw and "circled" in m.re.groupindex and m.group("circled"):  # ㈠ … ㈩ are 1 … 10
        raw = str(ord(m.group("circled")) - ord("㈠") + 1)
    return rule, normalise(raw, rule.type, conv.alphabet), m.group(0).strip()


def _successor(label: str, type_: str) -> str:
    """The label that follows `label` (normalised) in a sequence of its type: "II" -> "III", "B" -> "C", "3" -> "4"."""
    if type_ == "roman":
        value = from_roman(label)
        return to_roman(value + 1) if value else ""
    if label.isdigit():
        return str(int(label) + 1)
    if len(label) == 1 and label.isalpha():
        return chr(ord(label) + 1)
    return ""


def _closes_frame(rule: Rule, label: str, inner: dict[str, str], outer: dict[str, str]) -> bool:
    """Whether a label met inside an annex of a resolution belongs to the text around that annex instead.

    A resolution or decision heading always does; so does another annex heading (the frame opens again); a chapter,
    part or section label does when it continues the outer sequence and not the annex's own.
    """
    if rule.level in ("resolution", "annex"):
        return True
    if rule.level in ("part", "chapter", "section") and rule.level in outer:
        continues_outer = label == _successor(outer[rule.level], rule.type)
        continues_inner = rule.level in inner and label == _successor(inner[rule.level], rule.type)
        return continues_outer and not continues_inner
    return False


def assign_addresses(blocks: list[Block], lang: str) -> list[Paragraph]:
    """Paragraphs of one language with their structural addresses, in document order.

    A label at one level clears every deeper level; the address is the path of the labels in force. An annex met
    inside a resolution or decision is that resolution's annex: its numbering starts afresh under the resolution's
    address ("I/A/res-9.1/annex/II/3") until the text around it goes on. A short numbered line without closing
    punctuation whose number does not continue the paragraph numbering is a subsection heading ("1. Deliberations"
    between paragraphs 28 and 29). Table-of-contents lines neither get nor change an address; footnotes get "fn-N".
    """
    conv = convention(lang)
    nesting = settings.load("numbering").get("annex_within", [])
    current: dict[str, str] = {}
    prefix = ""
    frames: list[tuple[dict[str, str], str]] = []  # the enclosing text of the annex being read, innermost last
    paragraphs: list[Paragraph] = []
    for index, block in enumerate(blocks):
        kind, address, printed = block.kind, "", ""
        if kind == "footnote":
            number = block.text.split(" ", 1)[0]
            address, printed = footnote_address(number), number
        elif kind in ("paragraph", "heading"):
            found = match_label(block.text, lang, current)
            if found:
                rule, label, printed = found
                level = rule.level
                if level == "paragraph" and "paragraph" in current and rule.type == "number" \
                        and label != _successor(current["paragraph"], "number") \
                        and len(block.text) <= _HEADING_MAX_CHARS // 2 and not block.text.rstrip().endswith(rules.terminal()):
                    level = "subsection"
                while frames and _closes_frame(rule, label, current, frames[-1][0]):
                    current, prefix = frames.pop()
                if level == "annex" and any(lv in current for lv in nesting):
                    frames.append((current, prefix))
                    last = max(conv.levels.index(lv) for lv in nesting if lv in current)
                    prefix = "/".join(filter(None, [prefix] + [current[lv] for lv in conv.levels[:last + 1]
                                                               if lv in current]))
                    current = {}
                depth = conv.levels.index(level)
                for deeper in conv.levels[depth:]:
                    current.pop(deeper, None)
                current[level] = (rule.prefix + label) if label else rule.prefix.rstrip("-")
                address = "/".join(filter(None, [prefix] + [current[lv] for lv in conv.levels if lv in current]))
                if (level in _HEADING_LEVELS or level == "subsection") and len(block.text) <= _HEADING_MAX_CHARS:
                    kind = "heading"
        paragraphs.append(Paragraph(lang, index, block.text, address, kind, printed))
    return link_footnotes(paragraphs, [block.calls for block in blocks])


def link_footnotes(paragraphs: list[Paragraph], calls: list[tuple[str, ...]]) -> list[Paragraph]:
    """Each footnote linked to the paragraph that calls it (`note_to`: the nearest paragraph before it whose footnote
    calls include its number, else the nearest after it) and moved to follow that paragraph.

    Where a footnote lands in extracted text depends on the page layout, which differs from one language version to
    the next; right after its call it is in the same place in every version, so the versions align.
    """
    callers: dict[str, list[int]] = {}
    for index, numbers in enumerate(calls):
        for number in numbers:
            callers.setdefault(number, []).append(index)
    caller_of: dict[int, int] = {}
    for p in paragraphs:
        if p.kind == "footnote" and p.label in callers:
            before = [i for i in callers[p.label] if i < p.index]
            after = [i for i in callers[p.label] if i > p.index]
            if before or after:
                caller_of[p.index] = before[-1] if before else after[0]
    if not caller_of:
        return paragraphs
    notes_after: dict[int, list[int]] = {}
    for note, caller in caller_of.items():
        notes_after.setdefault(caller, []).append(note)
    order = []
    for p in paragraphs:
        if p.index in caller_of:
            continue
        order.append(p.index)
        order.extend(notes_after.get(p.index, []))
    position = {old: new for new, old in enumerate(order)}
    return [replace(paragraphs[old], index=new, note_to=position.get(caller_of.get(old, -1)))
            for new, old in enumerate(order)]
