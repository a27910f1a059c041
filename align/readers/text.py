"""Split extracted or pasted text into paragraphs, deciding block by block what a line break means.

Input is plain text or Markdown as extracted from PDF or Word, or copied from a web page. A line break is either a
hard wrap inside a paragraph or the end of a paragraph; a blank line usually ends a paragraph. Which it is depends on
the layout, and the six versions of one document rarely share one (config/reading.toml, [text], lists the evidence
and its thresholds). The layouts, by name:

- ``lines``: one paragraph per line (blank lines, where there are any, only between sections);
- ``blocks``: a blank line between paragraphs, hard wraps inside them (Markdown too);
- ``spaced``: a blank line after every line (text copied from a PDF): lines are joined back into paragraphs;
- ``wrapped``: lines wrapped at a fixed width with no blank lines, paragraphs told apart by a short last line, an
  indented first line, a label or a heading;
- ``mixed``: chosen block by block (the default): each block between blank lines is read as ``lines`` or as
  ``wrapped``, whichever its evidence favours (lines of similar length up to a right margin that run on into the next
  line are wraps; lines that close a sentence and a next line that opens with a label or a capital are paragraphs).

Whatever the layout, a structural label (``Article 5``, ``第五条``, ``(a)``, ``一、``…) opens a paragraph unless the line
before runs on into it (``… rose by`` / ``5.4 per cent``), and a heading line stands alone. `find_layout` names the
layout a text's default reading amounts to, `plausible_layouts` lists the readings worth trying (the six versions of a
document check each other's reading with them: align.readers.crosscheck).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from unalign import settings
from unalign.model import Block
import unalign.readers.rules as shared_rules
from unalign.readers.cleaning import SUPERSCRIPT_DIGITS, has_superscript_digit, is_call, strip_markup

LAYOUTS = ("mixed", "lines", "blocks", "spaced", "wrapped")
# Marks that end a clause without closing the sentence: a line ending with one is not a heading.
_CLAUSE = tuple(",，、،;؛-–—")
_FOOTNOTE = re.compile(r"^\s*(?:<sup>\s*(\d{1,3})\s*</sup>|([¹²³⁰⁴⁵⁶⁷⁸⁹]+)|\[\^(\d{1,3})\]:)\s*(?=\S)")
# Table-of-contents lines end with a page number after dot leaders or a tab; only the end of a line is searched
# (`_is_toc`), so that a long line of dots costs linear time.
_TOC = re.compile(r"(?:\.{4}|…{2}|(?:\. ){3})\s*(?:</?b>)*\s*[0-9ivxlcIVXLC]+\s*(?:</?b>)*\s*$"
                  r"|\t\s*(?:<[^<>]+>\s*)*[0-9ivxIVX]{1,4}\s*(?:<[^<>]+>\s*)*$")
_TOC_TAIL = 120
_TOC_LAST = frozenset("0123456789ivxlcIVXLC>")
_HEADING_MD = re.compile(r"^\s{0,3}(#{1,6})\s+")
_RULE = re.compile(r"^\s*(?:-{3,}|\*{3,}|_{3,}|={3,})\s*$")
_TABLE_SEPARATOR = re.compile(r"^\s*(?:\|\s*)?:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*(?:\|\s*)?$")
_LIST_ITEM = re.compile(r"^\s*[-*+•]\s+(?=\S)")
_HYPHENATED = re.compile(r"(\w)-$")
_FIRST_WORD = re.compile(r"\S+")
_HYPHENATED_WORD = re.compile(r"(?<!\w)\w+-\w+")  # from a word's start only: linear on a line of underscores
# A line that ends "small-" before one of these ("small- and medium-sized") keeps its hyphen and its space.
_CONJUNCTIONS = {"and", "or", "to", "et", "ou", "à", "y", "o", "e", "u", "a", "и", "или", "до"}


@dataclass(frozen=True)
class _Rules:
    """The text reader's evidence, compiled from config/reading.toml [text]."""

    word_label: re.Pattern[str] = settings.setting("word_labels", read=settings.any_of)
    list_label: re.Pattern[str] = settings.setting("list_labels", read=settings.any_of)
    max_wrap_width: int
    near_margin: float
    heading_width: int
    wrap_share: float
    lines_share: float
    spaced_blocks: float
    spaced_runs: float


def _rules() -> _Rules:
    return settings.section(_Rules, "reading", "text")


def _is_footnote(line: str) -> bool:
    return bool(_FOOTNOTE.match(line))


def _is_toc(line: str) -> bool:
    # Both forms end with a page number or a tag: most lines are ruled out without a search.
    return line.rstrip()[-1:] in _TOC_LAST and bool(_TOC.search(line[-_TOC_TAIL:]))


_MAYBE_WIDE = re.compile("[\u1100-\U0010ffff]")  # no character below U+1100 is wide


@lru_cache(maxsize=1 << 12)
def _width(text: str) -> int:
    """Columns the text takes in a fixed-width rendering: two for a Chinese character, one otherwise."""
    if text.isascii():
        return len(text)
    return len(text) + sum(1 for ch in _MAYBE_WIDE.findall(text) if unicodedata.east_asian_width(ch) in "WF")


@lru_cache(maxsize=1 << 16)  # each line is looked at several times while its breaks are weighed
def _plain(line: str) -> str:
    """The line without markup, and without a Markdown list bullet or emphasis around a label."""
    return strip_markup(_LIST_ITEM.sub("", line))


def _ends_sentence(line: str) -> bool:
    return _plain(line).endswith(shared_rules.terminal())


@lru_cache(maxsize=1 << 12)  # asked of each line at every break weighed, the neighbours close together
def _starts_lower(line: str) -> bool:
    """Whether the line opens in lower case (or with a mark that carries on a sentence: a bracket, a quote, a dash)."""
    first = next((ch for ch in _plain(line) if ch.isalpha() or ch in "(«\"“‘'-–,;"), "")
    return bool(first) and (first.islower() or not first.isalpha())


def _caseless(ch: str) -> bool:
    """A letter of a script without capitals (Chinese, Arabic…): a wrapped line there ends on a bare letter."""
    return ch.isalpha() and not ch.isupper() and not ch.islower()


@lru_cache(maxsize=1 << 12)  # asked of each line at every break weighed, the neighbours close together
def _standalone(line: str) -> bool:
    """Lines that are paragraphs of their own in every layout: Markdown headings, table rows, footnotes, TOC lines."""
    stripped = line.strip()
    return bool(_HEADING_MD.match(line) or _is_footnote(line) or _is_toc(line)
                or (stripped.startswith("|") and stripped.endswith("|") and len(stripped) > 1))


@lru_cache(maxsize=1 << 12)  # asked of each line at every break weighed, the neighbours close together
def _label(line: str) -> str:
    """'word' for a titled label (Article 5, 第五条, Annex), 'list' for a list or paragraph label (1., (a), 一、),
    'bullet' for a Markdown bullet, else ''."""
    if _LIST_ITEM.match(line):
        return "bullet"
    plain = _plain(line)
    rules = _rules()
    if rules.word_label.match(plain):
        return "word"
    if rules.list_label.match(plain):
        return "list"
    return ""


def _cites(line: str) -> bool:
    """Whether a line that opens with a titled label cites it inside a running sentence ("Article 5 of the Charter",
    "Article 5, paragraph 2") rather than heading a paragraph with it."""
    plain = _plain(line)
    m = _rules().word_label.match(plain)
    rest = plain[m.end():m.end() + 3].lstrip() if m else ""
    return bool(rest) and (rest[0] in ",;" or rest[0].islower())


def _heading_like(line: str, margin: int) -> bool:
    """A short line with no closing or clause punctuation (a title), or a line in capitals."""
    plain = _plain(line)
    if not plain or not any(ch.isalpha() for ch in plain):
        return False
    letters = [ch for ch in plain if ch.isalpha()]
    if len(letters) >= 4 and all(ch.isupper() for ch in letters) and _width(plain) <= 2 * _rules().heading_width:
        return True
    return _width(plain) <= min(_rules().heading_width, 0.6 * margin) and not plain.endswith(shared_rules.terminal() + _CLAUSE)


@dataclass(frozen=True)
class _Line:
    raw: str
    indent: int
    width: int  # columns up to its last character, indentation included
    gap: int = 0  # blank lines before it
    number: int = 0  # its line number in the text, from 0


def _margin(blocks: list[list[_Line]]) -> int:
    """The right margin of hard-wrapped lines: the 98th percentile of the widths of lines that are not the last of
    their block (lines wider than any plausible wrap are left out). Where a proportional font makes lines uneven,
    `_fits_tolerance` measures how much room a wrapped line may leave."""
    widths = sorted(ln.width for b in blocks for ln in b[:-1] if ln.width <= _rules().max_wrap_width)
    if not widths:
        widths = sorted(ln.width for b in blocks for ln in b if ln.width <= _rules().max_wrap_width)
    return max(widths[int(0.98 * (len(widths) - 1))] if widths else _rules().max_wrap_width, 20)


def _wrap_evidence(prev: _Line, nxt: _Line, margin: int) -> int:
    """+1 when the break between two lines is plainly a hard wrap (the sentence runs on, at a line that reaches the
    right margin), -1 when it plainly ends a paragraph (a sentence closes and the next line opens with a label or a
    capital, or the line is wider than any wrap), 0 when the break says nothing either way."""
    rules = _rules()
    if prev.width > rules.max_wrap_width:
        return -1
    plain_prev, plain_next = _plain(prev.raw), _plain(nxt.raw)
    if not plain_prev or not plain_next or _standalone(nxt.raw) or _standalone(prev.raw):
        return 0
    if _label(nxt.raw):
        return -1 if plain_prev.endswith(shared_rules.terminal()) else 0
    if plain_prev.endswith(shared_rules.terminal()):
        return 0 if _starts_lower(nxt.raw) else -1
    near = prev.width >= rules.near_margin * margin
    if _starts_lower(nxt.raw) and (near or not plain_prev.endswith(_CLAUSE)):
        return 1
    if near and _caseless(plain_prev[-1]):
        return 1
    return 0


def _block_reading(block: list[_Line], margin: int) -> str:
    """'lines', 'wrapped' or '' (the block says nothing either way)."""
    if len(block) < 2:
        return ""
    evidence = [_wrap_evidence(a, b, margin) for a, b in zip(block, block[1:])]
    rules = _rules()
    wraps, ends = evidence.count(1), evidence.count(-1)
    if wraps and wraps >= rules.wrap_share * len(evidence):
        return "wrapped"
    if not wraps and ends and ends >= rules.lines_share * len(evidence):
        return "lines"
    return ""


def _is_spaced(blocks: list[list[_Line]], margin: int) -> bool:
    """A blank line after every line: nearly every block is one line, and many of them run on into the next."""
    rules = _rules()
    single = [b[0] for b in blocks if len(b) == 1]
    if len(blocks) < 4 or len(single) < rules.spaced_blocks * len(blocks):
        return False
    pairs = [(a[-1], b[0]) for a, b in zip(blocks, blocks[1:])]
    runs = sum(1 for a, b in pairs if _wrap_evidence(a, b, margin) == 1)
    return runs >= rules.spaced_runs * len(pairs)


@dataclass(frozen=True)
class _Reading:
    """How the blocks of a text are read: each block's reading ('lines' or 'wrapped'), and whether wrapped blocks
    may end a paragraph at a short line or an indented one (not when blank lines separate paragraphs)."""

    blocks: list[list[_Line]]
    readings: list[str]
    short_lines: list[bool]
    margin: int
    layout: str


def _blocks_of(text: str) -> list[list[_Line]]:
    blocks: list[list[_Line]] = [[]]
    gap = 0
    for number, line in enumerate(text.split("\n")):
        if line.strip():
            blocks[-1].append(_Line(line, len(line) - len(line.lstrip()), _width(line.rstrip()), gap, number))
            gap = 0
        else:
            gap += 1
            if blocks[-1]:
                blocks.append([])
    return [b for b in blocks if b]


def _read(text: str, layout: str) -> _Reading:
    blocks = _blocks_of(text)
    margin = _margin(blocks)
    if layout == "mixed" and _is_spaced(blocks, margin):
        layout = "spaced"
    if layout == "spaced":
        merged = [[ln for b in blocks for ln in b]] if blocks else []
        return _Reading(merged, ["wrapped"] * len(merged), [True] * len(merged), _margin(merged), "spaced")
    if layout in ("lines", "blocks", "wrapped"):
        reading = "lines" if layout == "lines" else "wrapped"
        return _Reading(blocks, [reading] * len(blocks), [layout == "wrapped"] * len(blocks), margin, layout)
    if layout != "mixed":
        raise ValueError(f"unknown layout {layout!r} (known: {', '.join(LAYOUTS)})")
    found = [_block_reading(b, margin) for b in blocks]
    decided = [r for r in found if r]
    if decided:
        default = "wrapped" if decided.count("wrapped") >= decided.count("lines") else "lines"
    else:
        default = "wrapped" if len(blocks) > 1 else "lines"
    readings = [r or default for r in found]
    multi = [r for b, r in zip(blocks, readings) if len(b) > 1]
    # A block of several lines with no blank line around it is a page of fixed-width text: its paragraphs end at
    # short lines. Between blank lines, a block is one paragraph unless labels or headings cut it.
    short = [len(blocks) == 1 or len(b) > 8 for b in blocks]
    if not multi:
        name = "blocks" if len(blocks) > 1 else "lines"
    elif all(r == "lines" for r in multi):
        name = "lines"
    elif all(r == "wrapped" for r in multi):
        name = "blocks" if len(blocks) > 1 else "wrapped"
    else:
        name = "mixed"
    return _Reading(blocks, readings, short, margin, name)


def _fits_tolerance(lines: list[_Line], margin: int) -> float:
    """How much room a hard-wrapped line may leave at its end (proportional fonts wrap unevenly): the 90th
    percentile of that room over the plain wraps of the text, else a tenth of the margin."""
    room = sorted(margin - a.width - 1 - _width(_first_word(b.raw)) for a, b in zip(lines, lines[1:])
                  if _wrap_evidence(a, b, margin) == 1)
    if len(room) < 5:
        return 0.1 * margin
    return max(room[int(0.9 * (len(room) - 1))], 0)


def _first_word(line: str) -> str:
    stripped = line.strip()
    if stripped and _caseless(stripped[0]) and _width(stripped[0]) == 2:
        return stripped[0]
    m = _FIRST_WORD.search(stripped)
    return m.group(0) if m else ""


def _ends_early(prev: _Line, line: _Line, margin: int, tolerance: float) -> bool:
    """Whether `prev` stops short of the right margin: the first word of `line` would have fitted on it."""
    return margin - prev.width - 1 - _width(_first_word(line.raw)) > tolerance


def _paragraph_breaks(block: list[_Line], margin: int, short_lines: bool) -> list[tuple[bool, bool]]:
    """For each line after the first of a wrapped block: whether it opens a new paragraph, and, where it does not,
    whether that join rests on weak evidence.

    A join is doubtful where the line before closes a sentence or a clause, so the break may as well end a paragraph
    whose last line happens to reach the margin ("… and association." / "No one may…"), or where it stops short of
    the margin but the next line opens in lower case (a series of paragraphs that open so: "… мира; и" / "принимая
    во внимание…"). One version cannot tell; the others can (align.readers.crosscheck.settle_breaks)."""
    tolerance = _fits_tolerance(block, margin)
    base_indent = min(ln.indent for ln in block)
    breaks = []
    sequence: dict[str, int] = {}  # the last label seen of each kind: "1." -> 5 after "1.5", "(" -> 2 after "(b)"
    parent = ""  # the number of the last paragraph opened with a label: "3" after "Goal 3." (then "3.1" opens)
    for k in range(1, len(block)):
        prev, line = block[k - 1], block[k]
        plain_prev = _plain(prev.raw)
        label = _label(line.raw)
        closes = plain_prev.endswith(shared_rules.terminal())
        prev_heading = _heading_like(prev.raw, margin) and (k == 1 or _ends_sentence(block[k - 2].raw)
                                                             or _heading_like(block[k - 2].raw, margin))
        key = _label_key(line.raw) if label == "list" else None
        if _standalone(line.raw) or _standalone(prev.raw) or label == "bullet":
            brk = True
        elif short_lines and line.indent > base_indent + 1 and (
                prev.indent <= base_indent or _ends_early(prev, line, margin, tolerance)):
            brk = True
        elif label == "word" and not _cites(line.raw):
            brk = True
        elif label:
            brk = (closes or prev_heading or line.gap >= 2 or plain_prev.endswith(_CLAUSE[:4])
                   or _heading_like(line.raw, margin) or _ends_early(prev, line, margin, tolerance)
                   or (key is not None and _follows(key, sequence))
                   or (key is not None and key[1] in (1, 1001) and key[0] == f"{parent}."))
        elif closes and short_lines and prev.width < 0.5 * margin:
            brk = True
        elif _starts_lower(line.raw):
            brk = False
        elif prev_heading or line.gap >= 2 or (plain_prev.endswith((":", ";")) and _plain(line.raw)[:1].isupper()):
            brk = True
        elif closes and _heading_like(line.raw, margin) and (
                k + 1 == len(block) or not _starts_lower(block[k + 1].raw)):
            brk = True
        elif short_lines:
            # A line that does not close a sentence must stop shorter still to end a paragraph: where a proportional
            # font makes lines uneven, a wrap before a capitalised name is common.
            brk = _ends_early(prev, line, margin, tolerance if closes else 2 * tolerance) \
                or line.indent > base_indent + 1
        else:
            brk = False
        if brk and key is not None:
            sequence[key[0]] = key[1]
        if brk and label:
            parent = _label_number(line.raw)
        doubtful = not brk and (plain_prev.endswith(shared_rules.terminal() + _CLAUSE[:4])
                                or _ends_early(prev, line, margin, tolerance))
        breaks.append((brk, doubtful))
    return breaks


_LABEL_KEY = re.compile(r"[(（]?((?:[0-9]{1,3}\.)*)([0-9]{1,3}|[a-zа-я])[.)）]?(?=\s|$)")


def _label_key(line: str) -> tuple[str, int] | None:
    """A list label as (its kind, its rank): "1.2" -> ("1.", 2), "(c)" -> ("", 3), "4." -> ("", 4)."""
    m = _LABEL_KEY.match(_plain(line))
    if not m:
        return None
    value = m.group(2)
    return m.group(1), int(value) if value.isdigit() else ord(value) - ord("a" if value < "z" else "а") + 1 + 1000


_LABEL_NUMBER = re.compile(r"[0-9]{1,3}")


def _label_number(line: str) -> str:
    """The first number of a labelled line's label: "3" for "Goal 3. End…", "12" for "12. The…"."""
    plain = _plain(line)
    m = _LABEL_NUMBER.search(plain[:20])
    return m.group(0) if m else ""


def _follows(key: tuple[str, int], sequence: dict[str, int]) -> bool:
    """Whether a label continues the list it belongs to ("1.2" after "1.1"; "1.a" after "1.5"; "(c)" after "(b)")."""
    last = sequence.get(key[0])
    if last is None:
        return False
    return key[1] == last + 1 or (key[1] == 1001 and last < 1000)


def _join_lines(lines: list[str], joiner: str, hyphenated_words: set[str]) -> str:
    """Join hard-wrapped lines; undo a line-end hyphen unless the document spells the word with a hyphen."""
    parts: list[str] = []
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        if not parts:
            parts.append(line)
            continue
        last = parts[-1]
        head = last[-60:].rsplit(None, 1)[-1][:-1]
        tail = re.split(r"[\s,.;:]", line[:60], maxsplit=1)[0]
        if last.endswith("\u00ad"):  # a hyphen the PDF marks as a line-end break inside a word
            parts[-1] = last[:-1] + ("-" if f"{head}-{tail}".lower() in hyphenated_words else "")
            parts.append(line)
        elif _HYPHENATED.search(last[-2:]) and line[:1].islower() and tail.lower() not in _CONJUNCTIONS:
            if f"{head}-{tail}".lower() not in hyphenated_words:
                parts[-1] = last[:-1]
            parts.append(line)
        elif not joiner and raw[:1] == " " and raw[1:2] != " " and last[-1:].isascii() and last[-1:].isalnum() \
                and line[:1].isascii() and line[:1].isalnum():
            parts.append(" " + line)  # Chinese text wrapped at the space inside "1 000": the space is the text's
        else:
            parts.append(joiner + line)
    return "".join(parts)


def _raw_paragraphs(reading: _Reading, forced: frozenset[int]) -> list[tuple[list[str], tuple[int, ...]]]:
    """The lines of each paragraph, in order, with the numbers of the lines joined to it on weak evidence
    (see `_paragraph_breaks`); a list bullet is dropped from the line it opens. A line whose number is in `forced` opens a
    paragraph whatever the evidence."""
    out: list[tuple[list[str], list[int]]] = []
    for block, how, short in zip(reading.blocks, reading.readings, reading.short_lines):
        lines = [ln for ln in block if not _RULE.match(ln.raw) and not _TABLE_SEPARATOR.match(ln.raw)]
        if not lines:
            continue
        if how == "lines":
            out.extend(([ln.raw], []) for ln in lines)
            continue
        breaks = [(True, False)] + _paragraph_breaks(lines, reading.margin, short)
        for line, (brk, doubtful) in zip(lines, breaks):
            if brk or not out or line.number in forced:
                out.append(([line.raw], []))
            else:
                out[-1][0].append(line.raw)
                if doubtful:
                    out[-1][1].append(line.number)
    return [([_LIST_ITEM.sub("", p[0])] + p[1:], tuple(soft)) for p, soft in out]


def _classify(raw: str) -> str:
    if _is_footnote(raw):
        return "footnote"
    if _HEADING_MD.match(raw):
        return "heading"
    if _is_toc(raw):
        return "toc"
    if raw.lstrip().startswith("|") and raw.rstrip().endswith("|"):
        return "table_row"
    return "paragraph"


_CALLS = re.compile(r"<sup>\s*(\d{1,3})\s*</sup>|\[\^(\d{1,3})\](?!:)|(?<=\S)([¹²³⁰⁴⁵⁶⁷⁸⁹]+)")


def footnote_calls(raw: str, defined: frozenset[str] | None = None) -> tuple[str, ...]:
    """The footnote numbers called in raw extracted text: <sup>3</sup>, [^3] and superscript digits glued to a word
    (not the power of a unit: km², m³), of those the document defines when `defined` is known (`footnote_number`)."""
    if "<" not in raw and "[^" not in raw and not has_superscript_digit(raw):
        return ()  # none of the three forms can be there (a test of `in` costs a tenth of the search)
    return tuple(number for m in _CALLS.finditer(raw)
                 if is_call(raw, m.start(), number := next(g for g in m.groups() if g).translate(SUPERSCRIPT_DIGITS),
                            defined))


def footnote_number(raw: str) -> str | None:
    """The number of the footnote `raw` is (`¹ See…`, `<sup>1</sup> See…`, `[^1]: See…`), or None."""
    m = _FOOTNOTE.match(raw)
    return next(g for g in m.groups() if g).translate(SUPERSCRIPT_DIGITS) if m else None


def _clean(kind: str, raw: str, defined: frozenset[str] | None = None) -> str:
    if kind == "heading":
        raw = _HEADING_MD.sub("", raw)
    elif kind == "footnote":
        raw = f"{footnote_number(raw)} {raw[_FOOTNOTE.match(raw).end():]}"
    elif kind == "table_row":
        raw = " | ".join(cell.strip() for cell in raw.strip().strip("|").split("|"))
    elif kind == "toc":
        raw = raw.replace("\t", " ")
    return strip_markup(raw, calls=defined)


def _normalise(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")


def find_layout(text: str) -> str:
    """The name of the layout the default reading of `text` amounts to: 'lines', 'blocks', 'spaced', 'wrapped' or
    'mixed' (blocks read in different ways)."""
    return _read(_normalise(text), "mixed").layout


def plausible_layouts(text: str) -> list[str]:
    """The layouts worth trying for `text`, the default reading's first: the other readings that give other
    paragraphs (a layout that reads the text exactly as another one is left out)."""
    text = _normalise(text)
    blocks, first = read_text(text, layout="mixed")
    seen = [[b.text for b in blocks]]
    out = [first]
    for layout in ("lines", "blocks", "wrapped", "spaced"):
        if layout == first:
            continue
        texts = [b.text for b in split_text(text, layout=layout)]
        if texts not in seen:
            seen.append(texts)
            out.append(layout)
    return out


def split_text(text: str, joiner: str = " ", layout: str | None = None,
               breaks: frozenset[int] = frozenset()) -> list[Block]:
    """Split plain text or Markdown into blocks, in document order (`read_text`'s blocks)."""
    return read_text(text, joiner, layout, breaks)[0]


def read_text(text: str, joiner: str = " ", layout: str | None = None,
              breaks: frozenset[int] = frozenset()) -> tuple[list[Block], str]:
    """Split plain text or Markdown into blocks, in document order, and name the layout read (as `find_layout`).

    `joiner` is what joins two wrapped lines: a space, or nothing for Chinese. `layout` is one of LAYOUTS; None or
    'mixed' reads each block in the way its own evidence favours. `breaks`: numbers of lines (from 0) that open a
    paragraph whatever the evidence, as the other versions decided (each block's `soft_breaks` lists the candidates).
    Footnotes found between the two halves of a paragraph cut by a page break come out after the rejoined paragraph.
    """
    text = _normalise(text)
    hyphenated_words = {w.lower() for w in _HYPHENATED_WORD.findall(text)} if "-" in text else set()
    reading = _read(text, layout or "mixed")
    raw = [(_join_lines(p, joiner, hyphenated_words) if len(p) > 1 else p[0].strip(), soft)
           for p, soft in _raw_paragraphs(reading, breaks)]

    # Rejoin sentences that run on across footnotes (page breaks in text extracted from PDF).
    merged: list[tuple[str, tuple[int, ...]]] = []
    held: list[tuple[str, tuple[int, ...]]] = []  # footnotes met while a paragraph is still open
    for piece, soft in raw:
        kind = _classify(piece)
        if kind == "footnote" and merged and not strip_markup(merged[-1][0]).endswith(shared_rules.terminal()):
            held.append((piece, soft))
            continue
        if held and merged and kind == "paragraph" and _classify(merged[-1][0]) == "paragraph" \
                and _starts_lower(piece) and not _label(piece):
            merged[-1] = (_join_lines([merged[-1][0], piece], joiner, hyphenated_words), merged[-1][1] + soft)
            continue
        merged.extend(held)
        held = []
        merged.append((piece, soft))
    merged.extend(held)

    # A superscript number is a footnote call only where the text has that footnote: 10⁶ and E=mc² are text.
    kinds = [_classify(piece) for piece, _ in merged]
    defined = frozenset(footnote_number(piece) for (piece, _), kind in zip(merged, kinds) if kind == "footnote")
    blocks = []
    for (piece, soft), kind in zip(merged, kinds):
        cleaned = _clean(kind, piece, defined)
        if cleaned:
            blocks.append(Block(kind, cleaned, footnote_calls(piece, defined) if kind != "footnote" else (),
                                soft_breaks=soft if kind == "paragraph" else ()))
    return blocks, reading.layout
