"""Footnotes: the notes at the foot of each page, below the footnote rule, taken out of the body.

The rule is a short line drawn at the left of the text (Word, PDFMaker), or a row of underscores (bioPDF); without
one, the notes are the small-print rows at the foot of the page. A note starts with its mark (a number, or a letter
under a table) and runs on to the next mark, also from one page to the next.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import unalign.readers.rules as rules
from unalign.readers.pdf.furniture import PdfSettings, plain
from unalign.readers.pdf.geometry import SUP_CLOSE, SUP_OPEN, Page, Row

_UNDERSCORES = re.compile(r"^[_\s]{5,}$")
# A note's mark (in Western or Arabic-Indic digits, "٢انظر" in XeLaTeX's Arabic): raised (between the SUP marks), glued
# to its text or not; or printed in line, then followed by a space or by a capital, a bracket or a letter of a script
# without capitals ("1См.", "1انظر", "1见").
_MARK = re.compile(r"^\s*(?:" + SUP_OPEN + r"([0-9٠-٩]{1,3}|[a-z])" + SUP_CLOSE + r"\s*|([0-9٠-٩]{1,3}|[a-z])(?:\s+|$|"
                   r"(?=[A-ZА-ЯЁ(«“\"\u0600-\u06ff\u3400-\u9fff])))")


@dataclass
class Note:
    """One footnote: its mark, its lines' texts, the page it starts on."""

    mark: str
    lines: list[str] = field(default_factory=list)
    page: int = 0


def separator(page: Page, rows: list[Row], body_size: float, conf: PdfSettings) -> float | None:
    """The height of the footnote rule of a page: a short drawn rule or a row of underscores with small print
    below it."""
    def small_below(y: float) -> bool:
        below = [r for r in rows if r.top < y]
        return bool(below) and all(r.size <= body_size * conf.footnote_size_ratio or _MARK.match(plain(r.text))
                                   for r in below[:2])

    candidates = [r.y for r in page.rules if 25 <= r.right - r.left <= 0.45 * page.width
                  and r.y < 0.7 * page.height and r.thickness < conf.masthead_rule_thickness]
    candidates += [row.top for row in rows if _UNDERSCORES.match(plain(row.text)) and row.bottom < 0.7 * page.height]
    candidates = [y for y in candidates if small_below(y)]
    return max(candidates) if candidates else None


def split_page(page: Page, rows: list[Row], body_size: float, conf: PdfSettings) -> tuple[list[Row], list[Row]]:
    """(body rows, footnote rows) of one page; the footnote rule itself is in neither."""
    y = separator(page, rows, body_size, conf)
    if y is not None:
        body = [r for r in rows if r.top >= y and not _UNDERSCORES.match(plain(r.text))]
        foot = [r for r in rows if r.top < y and not _UNDERSCORES.match(plain(r.text))]
        return body, foot
    # No rule: small print at the foot of the page that starts with a note mark.
    start = len(rows)
    while start > 0 and rows[start - 1].size < body_size * conf.footnote_size_ratio:
        start -= 1
    if start < len(rows) and _MARK.match(plain(rows[start].text)) and start > 0:
        return rows[:start], rows[start:]
    return rows, []


def read_notes(foot: list[Row], page: int, notes: list[Note]) -> None:
    """Add the footnotes of one page's footnote rows to `notes`; a first row with no mark continues the last note, and
    so does one that opens with a letter not raised after a note whose sentence is open (a Spanish "a" that carries
    a note onto the next page).

    A row that is only a mark (set above its text) opens the note whose text follows. A number opens a note only when
    it follows the previous note's number, so that a wrapped line starting with a figure stays in its note.
    """
    pending_mark = ""
    for row in foot:
        text = row.text.strip()
        if not text:
            continue
        m = _MARK.match(text)
        mark = (m.group(1) or m.group(2)) if m else ""
        rest = text[m.end():].strip() if m else text
        if m and mark.isalpha() and not m.group(1) and rest and notes and notes[-1].lines \
                and not rules.ends_sentence(plain(notes[-1].lines[-1]).rstrip()):
            mark = ""  # "a A/C.3/SR.180, …" at a page's foot: a letter in line carries on the open note before it
        if mark and not rest:
            pending_mark = mark
            continue
        if pending_mark:
            mark, rest, pending_mark = pending_mark, text, ""
        if mark and _opens(mark, notes):
            notes.append(Note(mark, [rest], page))
        elif notes:
            notes[-1].lines.append(text)
        else:
            notes.append(Note("", [text], page))


def _opens(mark: str, notes: list[Note]) -> bool:
    previous = next((n.mark for n in reversed(notes) if n.mark), "")
    if mark.isdigit():
        return not previous.isdigit() or int(previous) < int(mark) <= int(previous) + 5
    return not previous or not previous.isalpha() or ord(previous) < ord(mark) <= ord(previous) + 3
