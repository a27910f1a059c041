"""Split extracted text into paragraphs: join hard wraps, rejoin paragraphs cut by footnotes, tell kinds apart.

Input is plain text or Markdown as extracted from PDF or Word. Three layouts are recognised from the text itself:
- blank lines between paragraphs (the lines inside a paragraph are hard wraps and are joined);
- one paragraph per line (no blank line anywhere, lines rarely cut mid-sentence);
- a blank line after every line (PDF extraction): lines are joined back into paragraphs where a sentence runs on.
"""

from __future__ import annotations

import re

from unalign.align.model import Block
from unalign.align.readers.cleaning import strip_markup

TERMINAL = tuple(".;:!?。；：！？»”\")）)…؟")
_FOOTNOTE = re.compile(r"^\s*(?:<sup>\s*(\d{1,3})\s*</sup>|([¹²³⁰⁴⁵⁶⁷⁸⁹]+)|\[\^(\d{1,3})\]:)\s*(?=\S)")
_TOC = re.compile(r"(?:\.{4,}|…{2,}|(?:\. ){3,})\s*(?:</?b>)*\s*[0-9ivxlcIVXLC]+\s*(?:</?b>)*\s*$|\t\s*(?:<[^>]+>\s*)*[0-9ivxIVX]{1,4}\s*(?:<[^>]+>\s*)*$")
_HEADING_MD = re.compile(r"^\s{0,3}(#{1,6})\s+")
_RULE = re.compile(r"^\s*(?:-{3,}|\*{3,}|_{3,}|={3,})\s*$")
_TABLE_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_STARTS_NUMBERED = re.compile(r"^\s*(?:\*{1,2})?[(（]?(?:[0-9٠-٩]{1,3}[.)\-–]|[a-zа-яأ-ي][)）]|[IVXL]{1,6}\.|[A-Z]\.\s)")
_LOWER_START = re.compile(r"^\s*[a-zà-ÿа-яё(«\"“‘'\-–,;]")
_HYPHENATED = re.compile(r"(\w)-$")
_LIST_ITEM = re.compile(r"^\s*[-*+•]\s+(?=\S)")


def _is_footnote(line: str) -> bool:
    return bool(_FOOTNOTE.match(line))


def _runs_on(previous: str, following: str) -> bool:
    """Whether `following` continues the sentence that `previous` leaves open."""
    prev = strip_markup(previous)
    if not prev or prev.endswith(TERMINAL) or _HEADING_MD.match(previous):
        return False
    if _STARTS_NUMBERED.match(following) or _HEADING_MD.match(following) or _is_footnote(following):
        return False
    return bool(_LOWER_START.match(following))


def _join_lines(lines: list[str], joiner: str, hyphenated_words: set[str]) -> str:
    """Join hard-wrapped lines; undo a line-end hyphen unless the document spells the word with a hyphen."""
    out = ""
    for line in (ln.strip() for ln in lines):
        if not line:
            continue
        if not out:
            out = line
            continue
        m = _HYPHENATED.search(out)
        if out.endswith("\u00ad"):  # a hyphen the PDF marks as a line-end break inside a word
            head = out.rsplit(None, 1)[-1][:-1]
            tail = re.split(r"[\s,.;:]", line, maxsplit=1)[0]
            out = out[:-1] + ("-" if f"{head}-{tail}".lower() in hyphenated_words else "") + line
        elif m and line[:1].islower():
            head = out.rsplit(None, 1)[-1][:-1]
            tail = re.split(r"[\s,.;:]", line, maxsplit=1)[0]
            if f"{head}-{tail}".lower() in hyphenated_words:
                out = out + line
            else:
                out = out[:-1] + line
        else:
            out = out + joiner + line
    return out


def _starts_item(previous: str, line: str) -> bool:
    """Whether `line` opens a new list item inside a block: a bullet, or a label after a line that closed a sentence."""
    if _LIST_ITEM.match(line):
        return True
    return bool(_STARTS_NUMBERED.match(line)) and strip_markup(previous).endswith(TERMINAL) \
        and not _is_footnote(line) and not _TOC.search(line)


def _blank_separated(text: str) -> list[list[str]]:
    blocks: list[list[str]] = [[]]
    for line in text.split("\n"):
        if line.strip():
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    return [b for b in blocks if b]


def _layout(blocks: list[list[str]], line_count: int) -> str:
    """'lines' (one paragraph per line), 'wrapped' (a blank line after every line) or 'blocks'."""
    single = [b[0] for b in blocks if len(b) == 1]
    if len(blocks) == 1 and line_count > 1:
        return "lines"
    if len(single) >= 0.8 * len(blocks) and len(blocks) >= 4:
        pairs = list(zip(single, single[1:]))
        runs = sum(_runs_on(a, b) for a, b in pairs)
        if pairs and runs / len(pairs) >= 0.15:
            return "wrapped"
    return "blocks"


def _classify(raw: str) -> str:
    if _is_footnote(raw):
        return "footnote"
    if _HEADING_MD.match(raw):
        return "heading"
    if _TOC.search(raw):
        return "toc"
    if raw.lstrip().startswith("|") and raw.rstrip().endswith("|"):
        return "table_row"
    return "paragraph"


_CALLS = re.compile(r"<sup>\s*(\d{1,3})\s*</sup>|\[\^(\d{1,3})\](?!:)|(?<=\S)([¹²³⁰⁴⁵⁶⁷⁸⁹]+)")
_SUPERSCRIPT_DIGITS = str.maketrans("¹²³⁰⁴⁵⁶⁷⁸⁹", "1230456789")


def footnote_calls(raw: str) -> tuple[str, ...]:
    """The footnote numbers called in raw extracted text: <sup>3</sup>, [^3] and superscript digits glued to a word."""
    return tuple(next(g for g in m.groups() if g).translate(_SUPERSCRIPT_DIGITS) for m in _CALLS.finditer(raw))


def _clean(kind: str, raw: str) -> str:
    if kind == "heading":
        raw = _HEADING_MD.sub("", raw)
    elif kind == "footnote":
        m = _FOOTNOTE.match(raw)
        number = next(g for g in m.groups() if g)
        number = number.translate(str.maketrans("¹²³⁰⁴⁵⁶⁷⁸⁹", "1230456789"))
        raw = f"{number} {raw[m.end():]}"
    elif kind == "table_row":
        raw = " | ".join(cell.strip() for cell in raw.strip().strip("|").split("|"))
    elif kind == "toc":
        raw = raw.replace("\t", " ")
    return strip_markup(raw)


def split_text(text: str, joiner: str = " ", layout: str | None = None) -> list[Block]:
    """Split plain text or Markdown into blocks, in document order.

    `joiner` is what joins two wrapped lines: a space, or nothing for Chinese. `layout` ('lines', 'wrapped' or
    'blocks') is found from the text unless given (text from a PDF is always in blocks).
    Footnotes found between the two halves of a paragraph cut by a page break come out after the rejoined paragraph.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    lines = text.split("\n")
    hyphenated_words = {w.lower() for w in re.findall(r"\w+-\w+", text)}
    groups = _blank_separated(text)
    layout = layout or _layout(groups, sum(1 for ln in lines if ln.strip()))
    if layout == "lines":
        groups = [[ln] for ln in groups[0]]

    # Each group is one raw paragraph; table rows and TOC lines inside a group are kept one per line.
    raw: list[str] = []
    for group in groups:
        group = [ln for ln in group if not _RULE.match(ln) and not _TABLE_SEPARATOR.match(ln)]
        if not group:
            continue
        # A list inside a block (Markdown bullets, or numbered lines each closing its sentence): one paragraph per
        # item, bullets dropped.
        if len(group) > 1 and any(_starts_item(prev, ln) for prev, ln in zip(group, group[1:])):
            items: list[list[str]] = []
            for k, ln in enumerate(group):
                if not items or _starts_item(group[k - 1], ln):
                    items.append([_LIST_ITEM.sub("", ln)])
                else:
                    items[-1].append(ln)
            groups_of_items = [item for item in items if item]
            for item in groups_of_items:
                piece = _join_lines(item, joiner, hyphenated_words)
                raw.append(piece)
            continue
        if any(_classify(ln) in ("toc", "table_row", "footnote") for ln in group) or _HEADING_MD.match(group[0]):
            pending: list[str] = []
            for ln in group:
                if _classify(ln) in ("toc", "table_row", "footnote") or _HEADING_MD.match(ln):
                    if pending:
                        raw.append(_join_lines(pending, joiner, hyphenated_words))
                        pending = []
                    raw.append(ln.strip())
                else:
                    pending.append(ln)
            if pending:
                raw.append(_join_lines(pending, joiner, hyphenated_words))
        else:
            raw.append(_join_lines(group, joiner, hyphenated_words))

    # Rejoin sentences that run on across blank lines (wrapped layout) or across footnotes (page breaks).
    merged: list[str] = []
    held: list[str] = []  # footnotes met while a paragraph is still open
    for piece in raw:
        kind = _classify(piece)
        if kind == "footnote" and merged and not strip_markup(merged[-1]).endswith(TERMINAL):
            held.append(piece)
            continue
        if merged and kind == "paragraph" and _classify(merged[-1]) == "paragraph" and (
            (held or layout == "wrapped") and _runs_on(merged[-1], piece)
            or layout == "wrapped" and _wrapped_continuation(merged[-1], piece)
        ):
            merged[-1] = _join_lines([merged[-1], piece], joiner, hyphenated_words)
            continue
        merged.extend(held)
        held = []
        merged.append(piece)
    merged.extend(held)

    blocks = []
    for piece in merged:
        kind = _classify(piece)
        cleaned = _clean(kind, piece)
        if cleaned:
            blocks.append(Block(kind, cleaned, footnote_calls(piece) if kind != "footnote" else ()))
    return blocks


def _wrapped_continuation(previous: str, following: str) -> bool:
    """In the blank-after-every-line layout, a line with no closing punctuation runs on unless a number follows."""
    prev = strip_markup(previous)
    if not prev or prev.endswith(TERMINAL) or _STARTS_NUMBERED.match(following) or _is_footnote(following):
        return False
    # A short line standing alone is a heading, not the start of a wrapped sentence.
    return len(prev) >= 50
