"""Layout of the body: columns and reading order, table rows, and lines grouped into paragraphs.

Everything is decided from the page geometry: where text stands (columns, indents, margins), how far apart lines are
(the usual line pitch of each font size), the font (size, weight) and the labels that open paragraphs.
"""

from __future__ import annotations

import itertools
import math
import re
import statistics
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

import unalign.readers.rules as rules
from unalign.readers.pdf.furniture import PdfSettings, plain
from unalign.readers.pdf.geometry import _SEGMENT_GAP, SUP_OPEN, Row, Segment, SegmentRun, _is_cjk, weight_of


@dataclass
class Line(SegmentRun):
    """One printed line of one column: its segments left to right, where it stands, its page and column."""

    segments: list[Segment]
    bottom: float
    top: float
    size: float
    bold: bool | None  # None: of no known weight (CJK in a Type 3 font)
    rtl: bool
    page: int
    column: int  # 0: the only or the left column, 1: the right column
    first_in_column: bool = False  # the first line of a column or a page: no space above it can be measured
    cells: list[str] = field(default_factory=list)  # set when the line is a table row

    def text_left(self) -> float:
        """Where the text starts after a label set apart from it ("1.   The present", "II.  Heading")."""
        if self.has_set_label():
            return (self.segments[-2] if self.rtl else self.segments[1]).left
        return self.left

    def has_set_label(self) -> bool:
        """Whether the line opens with a label set apart from its text by a wide gap: one that cuts a line into segments
        (`_SEGMENT_GAP`). A right-to-left line's figures, read left to right, can stand in a segment of their own at
        less (XeLaTeX's "25.1" for 1.25 opening a line of Arabic, 2 pt from the word after it)."""
        if len(self.segments) < 2:
            return False
        first, after = (self.segments[-1], self.segments[-2]) if self.rtl else (self.segments[0], self.segments[1])
        gap = first.left - after.right if self.rtl else after.left - first.right
        return len(plain(first.text)) <= 6 and rules.starts_with_label(plain(first.text)) and \
            gap > _SEGMENT_GAP * self.size


def _line(row: Row, segments: list[Segment], column: int) -> Line:
    full = [s for s in segments if len(s.text) > 3] or segments
    # One column's part of a row stands on its own baseline: a row gathers the lines of both columns that stand
    # within a third of a size of each other (a note's line in one, a body line in the other).
    bottom = row.bottom if len(segments) == len(row.segments) else max(s.bottom for s in full)
    return Line(segments, bottom, max(s.top for s in segments), max(s.size for s in full),
                weight_of(segments), row.rtl, row.page, column)


_CLOSED = re.compile(r"[.!?。！？…؟][)»”\"）]*$")  # a sentence's end, and what may close after it
_GUTTER_ROWS_MIN = 6  # rows a page needs for its own gutter to be found


def find_gutter(rows: list[Row], width: float, conf: PdfSettings) -> float | None:
    """The x of the gap between two columns of text on a page, or None for a page of one column.

    The gutter is a band at least `gutter_min_width` wide, between 30 % and 70 % of the page width, that few rows
    cross, with lines of text on both sides: most rows have a segment on each side, and the text on each side is
    longer than table cells.
    """
    if len(rows) < _GUTTER_ROWS_MIN:
        return None
    best = None
    for x, crossing in _crossings(rows, int(0.3 * width), int(0.7 * width), conf.gutter_min_width / 2):
        if best is None or crossing < best[0]:
            best = (crossing, x, x)
        elif crossing == best[0] and x == best[2] + 1:
            best = (crossing, best[1], x)
    if best is None or best[0] > conf.gutter_max_crossing * len(rows):
        return None
    gutter = (best[1] + best[2]) / 2
    left = [r for r in rows if any(s.right < gutter for s in r.segments)]
    right = [r for r in rows if any(s.left > gutter for s in r.segments)]
    if len(left) < 0.4 * len(rows) or len(right) < 0.4 * len(rows):
        return None
    widths_left = [max(s.right for s in r.segments if s.right < gutter) - min(s.left for s in r.segments
                   if s.right < gutter) for r in left]
    widths_right = [max(s.right for s in r.segments if s.left > gutter) - min(s.left for s in r.segments
                    if s.left > gutter) for r in right]
    if statistics.median(widths_left) < 0.25 * width or statistics.median(widths_right) < 0.25 * width:
        return None
    return gutter


def kept_gutter(rows: list[Row], gutter: float | None, conf: PdfSettings) -> float | None:
    """The gutter of the page before, for a page of too few rows to find its own (`find_gutter` needs
    _GUTTER_ROWS_MIN: the notes alone on a document's last page): when no segment crosses it and some row has text on
    both sides."""
    if gutter is None or not rows or len(rows) >= _GUTTER_ROWS_MIN:
        return None
    half = conf.gutter_min_width / 2
    if any(s.left < gutter - half and s.right > gutter + half for row in rows for s in row.segments):
        return None
    both = any(any(s.right <= gutter for s in row.segments) and any(s.left >= gutter for s in row.segments)
               for row in rows)
    return gutter if both else None


def _crossings(rows: list[Row], start: int, stop: int, half: float) -> list[tuple[int, int]]:
    """For each whole x in start..stop-1, how many segments reach past x - half on the left and x + half on the right.

    Each segment adds one to the run of x it crosses (a difference array, summed once), rather than every x asking
    every segment: the same counts, from the same comparisons at the ends of each run.
    """
    if stop <= start:
        return []
    changes = [0] * (stop - start + 1)
    for row in rows:
        for s in row.segments:
            if not (math.isfinite(s.left + half) and math.isfinite(s.right - half)):  # a broken file's numbers
                for x in range(start, stop):
                    if s.left < x - half and s.right > x + half:
                        changes[x - start] += 1
                        changes[x + 1 - start] -= 1
                continue
            # The first x with s.left < x - half and the last with s.right > x + half: from a guess a step beyond any
            # rounding of the sums, moved to where the comparison itself holds.
            first = math.floor(s.left + half) - 1
            while not s.left < first - half:
                first += 1
            last = math.ceil(s.right - half) + 1
            while not s.right > last + half:
                last -= 1
            first, last = max(first, start), min(last, stop - 1)
            if first <= last:
                changes[first - start] += 1
                changes[last + 1 - start] -= 1
    return list(zip(range(start, stop), itertools.accumulate(changes[:-1])))


def reading_order(rows: list[Row], gutter: float | None, overhang: float = 0.0,
                  gutter_width: float = 0.0) -> list[Line]:
    """The lines of a page in reading order: with two columns, band by band (a row across the gutter separates
    bands), the left column then the right. A segment that reaches past the gutter by at most `overhang` font sizes
    on one side is the other side's; segments of a row less than `gutter_width` apart (not overlapping: WeasyPrint's
    right-to-left columns overlap by the label's hang), one on each side, are the side's that holds the most of
    them."""
    if gutter is None:
        lines = [_line(row, row.segments, 0) for row in rows]
        if lines:
            lines[0].first_in_column = True
        return lines
    out: list[Line] = []
    left: list[Line] = []
    right: list[Line] = []

    def flush() -> None:
        for column in (left, right):
            if column:
                column[0].first_in_column = True
                out.extend(column)
                column.clear()

    def side(s: Segment) -> int:
        """0: left of the gutter, 1: right of it, -1: across it."""
        if s.right <= gutter or s.left >= gutter:
            return 0 if s.right <= gutter else 1
        if gutter - s.left <= overhang * s.size:
            return 1  # (first: the short last line of such a heading reaches as far into both)
        if s.right - gutter <= overhang * s.size:
            return 0
        return -1

    for row in rows:
        if any(side(s) < 0 for s in row.segments):
            flush()
            line = _line(row, row.segments, 0)
            line.first_in_column = not out
            out.append(line)
            continue
        on_left = [s for s in row.segments if side(s) == 0]
        on_right = [s for s in row.segments if side(s) == 1]
        if on_left and on_right and 0 <= min(s.left for s in on_right) - max(s.right for s in on_left) < gutter_width:
            on_left, on_right = _sides_across_a_word_gap(row.segments, gutter, gutter_width)
        if on_left:
            left.append(_line(row, on_left, 0))
        if on_right:
            right.append(_line(row, on_right, 1))
    flush()
    return out


def _sides_across_a_word_gap(segments: list[Segment], gutter: float,
                             gutter_width: float) -> tuple[list[Segment], list[Segment]]:
    """The segments of a row left and right of the gutter when two of them, one on each side, stand closer than a
    gutter can be wide: each run of segments less than `gutter_width` apart (one line of text cut at word gaps, as a
    note's line beside the other column's body) goes whole to the side that holds most of its width."""
    runs: list[list[Segment]] = []
    for s in sorted(segments, key=lambda s: s.left):
        if runs and 0 <= s.left - runs[-1][-1].right < gutter_width:
            runs[-1].append(s)
        else:
            runs.append([s])
    left: list[Segment] = []
    right: list[Segment] = []
    for run in runs:
        on_left = sum(min(r.right, gutter) - r.left for r in run if r.left < gutter)
        on_right = sum(r.right - max(r.left, gutter) for r in run if r.right > gutter)
        (left if on_left >= on_right else right).extend(run)
    return left, right


def mark_tables(lines: list[Line], conf: PdfSettings) -> None:
    """Set the cells of lines that are table rows: runs of lines of several cells whose edges line up.

    A cell is a run of segments closer than `table_cell_gap` font sizes; justified words placed one by one are
    closer than that, and their positions do not repeat from line to line.
    """
    def cells_of(line: Line) -> list[tuple[float, float, str]]:
        cells: list[list[Segment]] = []
        for s in line.segments:
            if cells and s.left - cells[-1][-1].right < conf.table_cell_gap * line.size:
                cells[-1].append(s)
            else:
                cells.append([s])
        if line.rtl:
            cells.reverse()
        return [(min(s.left for s in c), max(s.right for s in c), " ".join(s.text for s in c)) for c in cells]

    def justified(line: Line) -> bool:
        # Justification spreads the words of a line evenly: gaps all alike are words, not cells.
        segments = line.segments[1:] if line.has_set_label() else line.segments
        gaps = [b.left - a.right for a, b in zip(segments, segments[1:])]
        return len(gaps) >= 2 and max(gaps) - min(gaps) < 0.3 * line.size

    candidates = []
    for line in lines:
        cells = cells_of(line)
        if len(cells) >= 2 and not justified(line) and not (
                len(cells) == 2 and rules.starts_with_label(plain(cells[0][2])) and len(plain(cells[0][2])) <= 6):
            candidates.append(cells)
        else:
            candidates.append(None)
    k = 0
    while k < len(lines):
        if candidates[k] is None:
            k += 1
            continue
        end = k
        while end + 1 < len(lines) and candidates[end + 1] is not None and lines[end + 1].page == lines[k].page:
            end += 1
        run = range(k, end + 1)
        if len(run) >= conf.table_min_rows:
            # Only inner edges count: the first cell's left and the last cell's right stand at the margins of any
            # justified text; the last right edge counts in rows with a gap wider than justified text has.
            edges = Counter()
            for i in run:
                seen = set()
                cells = candidates[i]
                for left, _, _ in cells[1:]:
                    seen.add(("l", round(left / conf.table_align)))
                for _, right, _ in cells[:-1]:
                    seen.add(("r", round(right / conf.table_align)))
                widest = max(b[0] - a[1] for a, b in zip(cells, cells[1:]))
                if widest >= 2 * conf.table_cell_gap * lines[i].size:  # a column of figures, not justified words
                    seen.add(("r", round(cells[-1][1] / conf.table_align)))
                edges.update(seen)
            aligned = sum(1 for count in edges.values() if count >= max(2, 0.5 * len(run)))
            wordy = sum(1 for i in run if _single_words(candidates[i]))
            if aligned >= 1 and wordy < 0.5 * len(run) and _has_river([candidates[i] for i in run], lines[k].size):
                for i in run:
                    lines[i].cells = [plain_cell for _, _, plain_cell in candidates[i]]
        k = end + 1


def _single_words(cells: list[tuple[float, float, str]]) -> bool:
    """Whether every cell of a row (a leading label aside) is one word without a figure: the words of a justified
    line spread wide, not the cells of a table, which hold figures or several words."""
    texts = [plain(text) for _, _, text in cells]
    if texts and rules.starts_with_label(texts[0]) and len(texts[0]) <= 6:
        texts = texts[1:]
    return all(len(t.split()) == 1 and not any(ch.isdigit() for ch in t) for t in texts)


def _has_river(rows: list[list[tuple[float, float, str]]], size: float) -> bool:
    """Whether the rows' cells leave a vertical band of white, one font size wide, through nine rows in ten: the gap
    between two columns of a table. The gaps of justified lines stand wherever their words end."""
    gaps = [[(a[1], b[0]) for a, b in zip(cells, cells[1:])] for cells in rows]
    lo = int(min(a for row in gaps for a, _ in row))
    hi = int(max(b for row in gaps for _, b in row))
    for x in range(lo, hi):
        inside = sum(1 for row in gaps if any(a <= x and x + size <= b for a, b in row))
        if inside >= 0.9 * len(rows):
            return True
    return False


def line_pitch(lines: list[Line]) -> dict[float, float]:
    """Font size -> the usual distance between the baselines of two lines of one paragraph in that size.

    That is the smallest distance seen often (a tenth of the time): the larger ones are gaps between paragraphs.
    """
    seen: dict[float, Counter] = {}
    for a, b in zip(lines, lines[1:]):
        if a.page == b.page and a.column == b.column and abs(a.size - b.size) < 0.5 and a.bottom > b.bottom:
            seen.setdefault(round(a.size), Counter())[round(2 * (a.bottom - b.bottom)) / 2] += 1
    pitch = {}
    for size, counts in seen.items():
        total = sum(counts.values())
        # (a size whose distances are all rare, each under a tenth: the most common one)
        pitch[size] = next((p for p in sorted(counts) if counts[p] >= 0.1 * total), counts.most_common(1)[0][0])
    return pitch


def exact_pitch(lines: list[Line], pitch: dict[float, float]) -> dict[float, float]:
    """Font size -> the distance between the baselines of two lines of one paragraph, to a twentieth of a point: the
    most common distance within half a point of `line_pitch`'s (which it rounds to half a point)."""
    seen: dict[float, Counter] = {}
    for a, b in zip(lines, lines[1:]):
        size = round(a.size)
        if a.page == b.page and a.column == b.column and abs(a.size - b.size) < 0.5 and size in pitch \
                and abs(a.bottom - b.bottom - pitch[size]) <= 0.5:
            seen.setdefault(size, Counter())[round(20 * (a.bottom - b.bottom)) / 20] += 1
    return {size: counts.most_common(1)[0][0] for size, counts in seen.items()}


@dataclass(frozen=True)
class Margins:
    """Per (page, column): the left edge of the text and the right edge of full lines."""

    left: dict[tuple[int, int], float]
    right: dict[tuple[int, int], float]
    # Columns whose lines end flush and start ragged (WeasyPrint sets justified right-to-left text flush with the
    # end of its lines): where a line starts says nothing of an indent there.
    ragged: frozenset[tuple[int, int]] = frozenset()
    # Per column (0 or 1, over the document): the first-line indents of its paragraphs, as offsets from the margin in
    # half points.
    indents: dict[int, frozenset[int]] = field(default_factory=dict)

    def width(self, line: Line) -> float:
        """The width of the line's column between its margins (the line's own where they are not known)."""
        return self.right.get((line.page, line.column), line.right) - self.left.get((line.page, line.column), line.left)

    def full(self, line: Line) -> bool:
        """Whether the line runs to the right margin of its column (not the last line of a paragraph)."""
        return line.right >= self.right.get((line.page, line.column), line.right) - 2 * line.size

    def indented(self, line: Line, conf: PdfSettings) -> bool:
        """Whether the line starts right of its column's left margin by a first-line indent."""
        margin = self.left.get((line.page, line.column), line.left)
        return line.left - margin > conf.indent * line.size and not self.centred(line) and \
            (line.page, line.column) not in self.ragged

    def same_indent(self, previous: Line, line: Line) -> bool:
        """Whether two lines of different columns stand as far right of their margins (the hanging indent of a
        list's continuation lines), so that the indent of the second is no first-line indent."""
        before = previous.left - self.left.get((previous.page, previous.column), previous.left)
        after = line.left - self.left.get((line.page, line.column), line.left)
        return before > 0.5 * line.size and abs(before - after) < 0.5 * line.size

    def at_indent(self, line: Line) -> bool:
        """Whether the line starts at a first-line indent that several paragraphs of its column share."""
        offset = round(2 * (line.left - self.left.get((line.page, line.column), line.left)))
        return any(abs(offset - x) <= 1 for x in self.indents.get(line.column, ()))

    def centred(self, line: Line) -> bool:
        """Whether the line stands in the middle of its column, away from both margins (a line that starts at the
        first-line indent of other paragraphs is no centred line: centred lines start wherever their length puts
        them)."""
        if self.at_indent(line):
            return False
        left = self.left.get((line.page, line.column), line.left)
        right = self.right.get((line.page, line.column), line.right)
        return line.left - left > 2 * line.size and abs((line.left + line.right) / 2 - (left + right) / 2) \
            < 1.5 * line.size and right - line.right > 2 * line.size


def margins(lines: list[Line], body_size: float, pitch: dict[float, float], conf: PdfSettings) -> Margins:
    """The text margins of each page and column, from its body-size lines; a page with few of them (a table, a
    title page) takes the margins of the pages of the same parity (mirrored margins). Also the columns that start
    ragged and each column's first-line indents; `pitch` is `line_pitch`'s, `conf` gives the shares that decide."""
    by_column: dict[tuple[int, int], list[Line]] = {}
    for line in lines:
        if abs(line.size - body_size) < 1 and not line.cells and not line.bold:
            by_column.setdefault((line.page, line.column), []).append(line)

    def edges(column: list[Line]) -> tuple[float, float]:
        lefts = Counter(round(line.left) for line in column)
        common = lefts.most_common(1)[0][0]
        # The margin is the leftmost edge that several lines of body text share: the labels of a list with hanging
        # indents stand there, a few lines in twenty.
        shared = sorted(x for x, n in lefts.items() if n >= max(2, 0.05 * len(column)))
        # Not an edge less than a size left of the common one where no line opens with a label: the first letters
        # of right-to-left lines that reach past the margin (Ghostscript's rewritten advance widths, 8 points).
        shared = [x for x in shared if x >= common or common - x >= body_size or any(
            rules.starts_with_label(plain(line.text)) for line in column if round(line.left) == x)]
        left = min(shared, default=common)
        rights = sorted(line.right for line in column)
        # The right margin is where justified lines end, when most end at one edge (not where a labelled first line
        # that stands out past it ends: WeasyPrint's right-to-left columns); else near the longest lines' end.
        flush, count = Counter(round(x) for x in rights).most_common(1)[0]
        if count >= conf.flush_share * len(rights):
            return left, max(x for x in rights if abs(x - flush) <= 1)
        return left, rights[int(0.9 * (len(rights) - 1))]

    by_parity: dict[tuple[int, int], list[Line]] = {}
    for (page, column), found in by_column.items():
        by_parity.setdefault((page % 2, column), []).extend(found)
    fallback = {key: edges(found) for key, found in by_parity.items()}
    left, right = {}, {}
    for line in lines:
        key = (line.page, line.column)
        if key in left:
            continue
        found = by_column.get(key, [])
        if len(found) >= 8 or (line.page % 2, line.column) not in fallback:
            left[key], right[key] = edges(found or [line])
        else:
            left[key], right[key] = fallback[(line.page % 2, line.column)]
    ragged = set()
    for key, found in by_column.items():
        edge = _ragged_start(found, left[key], conf) if len(found) >= 8 else None
        if edge is not None:
            ragged.add(key)
            right[key] = edge  # its full lines end there; a labelled first line can stand out past it
    # A first-line indent: where body lines start that the next line of their paragraph (as far below as the line
    # pitch, with no label) leaves for the margin more often than it stays there after a full line; not a list's
    # hang, where lines follow one another.
    back: dict[int, Counter] = {}
    stay: dict[int, Counter] = {}
    for a, b in zip(lines, lines[1:]):
        key = (a.page, a.column)
        if key != (b.page, b.column) or key not in left or a.bold or b.bold or a.cells or b.cells \
                or abs(a.size - body_size) >= 1 or abs(b.size - body_size) >= 1 \
                or not 0 < a.bottom - b.bottom < 1.5 * pitch.get(round(a.size), a.bottom - b.bottom):
            continue
        offset, next_offset = a.left - left[key], b.left - left[key]
        if offset <= conf.indent * a.size:
            continue
        if abs(next_offset) < 0.5 * b.size and not rules.starts_with_label(plain(b.text)):
            back.setdefault(a.column, Counter())[round(2 * offset)] += 1
        elif abs(next_offset - offset) < 0.5 * b.size and a.right >= right[key] - 2 * a.size:
            # (a line that ends short of the margin is a paragraph's last: the next one at its offset is no hang)
            stay.setdefault(a.column, Counter())[round(2 * offset)] += 1
    indents = {column: frozenset(x for x, n in counts.items()
                                 if n >= conf.first_line_indent_min and n > stay.get(column, Counter())[x])
               for column, counts in back.items()}
    return Margins(left, right, frozenset(ragged), indents)


def _ragged_start(column: list[Line], left: float, conf: PdfSettings) -> float | None:
    """The right edge of a column whose lines end flush (most of them, at that edge) and start anywhere: many start
    off its margin with no first-line or hanging indent holding half of those, or the lines that end flush start
    at no common edge (justified text starts them at its margin, a list at its labels and its hang); None for any
    other column."""
    edge = Counter(round(line.right) for line in column).most_common(1)[0][0]
    flush = [line for line in column if abs(line.right - edge) < 0.5 * line.size]
    if len(flush) < conf.flush_share * len(column):
        return None
    size = statistics.median(line.size for line in column)
    right = max(line.right for line in flush)
    starts = [line.left for line in flush]
    if max(sum(1 for x in starts if abs(x - y) <= 0.1 * size) for y in starts) < conf.ragged_flush * len(flush):
        return right
    off = [line.left for line in column if abs(line.left - left) >= 0.5 * line.size]
    if len(off) < conf.ragged_share * len(column):
        return None
    common = max(sum(1 for x in off if abs(x - y) < 0.1 * size) for y in off)
    return right if common < 0.5 * len(off) else None


_SHORT_LINE = 0.6
_INK_CLEARANCE = 0.15  # font sizes: TeX's \lineskip (1 pt) between the ink of two lines it had to set apart
_LONG_LINE = 0.85  # of the column's width
# font sizes: how far short of the column's end WeasyPrint may end a justified right-to-left line
_RTL_SHORT_OF_END = 1.5


def _justified_rtl_shift(previous: Line, line: Line, marks: Margins) -> bool:
    """Whether an indented right-to-left line is a justified line that the producer shifted, not a paragraph's first:
    WeasyPrint sets some justified Arabic lines flush with the end of the column and short of its start by up to a
    size or so, the line before them long but short of the end and open (no sentence closes it). A paragraph's last
    line closes its sentence or stops well short of the end."""
    column_width = marks.width(line)
    return _right_to_left(line) and _right_to_left(previous) and marks.full(line) \
        and not rules.ends_sentence(plain(previous.text)) and previous.right - previous.left > _LONG_LINE * column_width \
        and line.left - marks.left.get((line.page, line.column), line.left) < _RTL_SHORT_OF_END * line.size


def _right_to_left(line: Line) -> bool:
    """Whether most of the line's letters are Arabic or Hebrew (a mirrored page's lines read left to right)."""
    kinds = [unicodedata.bidirectional(ch) for ch in line.text]
    return sum(k in ("R", "AL") for k in kinds) > sum(k == "L" for k in kinds)


def _ink(line: Line) -> tuple[float, float] | None:
    """The lowest and highest ink of a line's glyphs, marks included; None where no segment's is known."""
    known = [s for s in line.segments if s.ink_bottom is not None and s.ink_top is not None]
    if not known:
        return None
    return min(s.ink_bottom for s in known), max(s.ink_top for s in known)  # type: ignore[type-var]


def _pushed_by_ink(previous: Line, line: Line, usual: float) -> bool:
    """Whether `line` stands lower than the line pitch only because its ink, or the ink of the line above, would
    otherwise touch: TeX sets such a line `\\lineskip` (1 pt) below the other's ink (XeLaTeX's Arabic: a damma over
    one line 0.9 pt under a yeh's tail from the line above, the baselines 16.1 pt apart for a 12 pt pitch and 17.9
    between paragraphs). A paragraph's spacing leaves more between the inks, and less than a line more than the
    pitch."""
    above, below = _ink(previous), _ink(line)
    if above is None or below is None:
        return False
    return previous.bottom - line.bottom < usual + line.size and above[0] - below[1] < _INK_CLEARANCE * line.size


def _next_word_fits(previous: Line, line: Line, marks: Margins) -> bool:
    """Whether the first word of `line` (its width estimated from its share of the line's characters) would have
    fitted, with a size to spare, in the room `previous` leaves in its column."""
    text = plain(line.text).strip()
    if not text or line.page != previous.page or line.column != previous.column:
        return False
    column_width = marks.width(line)
    word = len(text.split()[0]) / len(text) * (line.right - line.left)
    room = column_width - (previous.right - previous.left)
    return word + line.size < room and previous.right - previous.left < _SHORT_LINE * column_width


def starts_paragraph(previous: Line, line: Line, pitch: dict[float, float], marks: Margins,
                     conf: PdfSettings, exact: dict[float, float] | None = None, before: Line | None = None) -> bool:
    """Whether `line` opens a new paragraph after `previous` (the line before it in reading order); `exact` is the
    line pitch to a twentieth of a point (`exact_pitch`); `before` is the line before `previous` in its paragraph,
    if any."""
    if line.cells or previous.cells:
        return True
    if abs(previous.size - line.size) >= 0.5 or previous.bold != line.bold and None not in (previous.bold, line.bold):
        return True
    if line.text.startswith(SUP_OPEN):  # a raised mark opens a note (under a table)
        return True
    prev_text = plain(previous.text).rstrip()
    text = plain(line.text)
    # A label opens a paragraph when a wide gap sets it apart from its text, or after a short line that closes a
    # sentence; "; iv) promouvoir" at the start of a line in running text does not.
    label = rules.starts_with_label(text) and (
        line.has_set_label() or rules.ends_sentence(prev_text) and not marks.full(previous))
    if label:
        return True
    if line.first_in_column:
        # No space above can be measured: a first-line indent opens a paragraph; a full line before the break, or
        # an open sentence that the new column carries on in lower case, runs on. A line under the hang of a
        # labelled line that fills the column ("2.a Increase … infras-" / "tructure") is that item's, and so is one
        # that carries on the open sentence of a ragged labelled line (XeLaTeX's lists end short of the margin).
        under_hang = previous.has_set_label() and abs(line.left - previous.text_left()) < 0.5 * line.size
        # A line as wide as the one before it in its paragraph, or as that one's text after its label, fills that
        # paragraph's measure, short of the column's margin as it may be (XeLaTeX's right-to-left list items leave
        # their label's width free at the end).
        near = 0.5 * line.size
        same_left = before is not None and abs(before.left - previous.left) < near
        same_right = before is not None and abs(before.right - previous.right) < near
        as_its_text = before is not None and before.has_set_label() and \
            abs((previous.right - previous.left) - (before.right - before.text_left())) < near
        full = marks.full(previous) or same_left and same_right or as_its_text and (same_left or same_right)
        # (At the indent of the line before, the hang of a list's continuation lines: unless that line opens its
        # paragraph at a first-line indent, a one-line paragraph that fills the page's last line.)
        opening = before is None and not previous.has_set_label() and marks.at_indent(previous)
        # A paragraph that opens at the first-line indent its column's paragraphs share goes on at the margin: a
        # line at that indent under it opens the next, in lower case as it may start (`которое состоится …` after
        # XeLaTeX's `… предложениями:` across a page break).
        if opening and marks.at_indent(line) and abs(line.left - previous.left) < 0.5 * line.size:
            return True
        indented = marks.indented(line, conf) and not marks.centred(previous) and \
            (not marks.same_indent(previous, line) or opening)
        # A label at a first-line indent opens an item, whatever case its words open with (`ii) Reconozca` at the
        # top of LibreOffice's page 2, after a full line ending `desplazados;`).
        if indented and rules.starts_with_label(text) and not under_hang:
            return True
        # So does a label at the top of a column after a line that closes a sentence (not a clause, nor a bracket:
        # `… (art. 51 A)` / `e)] et autorise …`), full as that line may be (LibreOffice's `6. … management.` filling
        # page 1's last line, then `7. This paragraph …` on page 2).
        if rules.starts_with_label(text) and _CLOSED.search(prev_text) and not under_hang:
            return True
        if full and (text[:1].islower() or under_hang):
            return False
        if under_hang and text[:1].islower() and not rules.ends_sentence(prev_text):
            return False
        if indented:
            return True
        if full:
            return False
        return rules.ends_sentence(prev_text) or not text[:1].islower()
    usual = pitch.get(round(previous.size), 1.2 * previous.size)
    drop = previous.bottom - line.bottom
    if drop > usual + 0.5 + conf.paragraph_gap * previous.size and not _pushed_by_ink(previous, line, usual) \
            or drop < 0:
        return True
    # Two lines in a row at a first-line indent of the column, the second further down than the lines of a paragraph
    # by a spacing however small (Typst's 6 pt between paragraphs for a 5.5 pt leading): two paragraphs, however far
    # the first reaches and whatever letter the second opens with.
    tight = (exact or {}).get(round(previous.size))
    # (Right to left, a line that starts further out than the one before it, which runs to the end of the column or
    # short of it by a size and a half, carries that one's paragraph on: WeasyPrint indents an Arabic paragraph's
    # first line at its start, on the right, and may end both lines short of the left margin, where they look
    # indented alike.)
    carried_on = _right_to_left(line) and line.right - previous.right > 0.5 * line.size \
        and previous.left - marks.left.get((line.page, line.column), previous.left) < _RTL_SHORT_OF_END * line.size
    if tight is not None and drop >= tight + conf.paragraph_spacing_min and marks.at_indent(previous) \
            and marks.at_indent(line) and abs(line.left - previous.left) < 0.5 * line.size and not carried_on:
        return True
    # Two bold lines further apart than the lines of a paragraph, by a spacing however small: two headings (an
    # agenda item, then the next; ps2pdf's Amiri sets its lines 23 pt apart and its headings 26.9).
    if previous.bold and line.bold and tight is not None and drop >= tight + conf.paragraph_spacing_min:
        return True
    # Two bold lines, the first ending where the second's first word would have fitted: two headings (a heading's
    # lines break where the next word does not fit; ps2pdf's Amiri sets `التوصيات` then `ميم - تسوية النزاعات` at the
    # top of a page no further apart than its lines).
    if previous.bold and line.bold and _next_word_fits(previous, line, marks):
        return True
    # A line at a first-line indent under the first line of its paragraph at that indent: a one-line paragraph, then
    # the next, whether it fills the column (Typst's Chinese, its paragraphs no further apart than its lines) or not
    # (ps2pdf's Amiri, its lines pushed 13.5 to 29 pt apart by their marks: no pitch tells its paragraphs' spacing).
    # A block quote indented alike carries on a sentence in lower case, where a script has cases; a bold heading's
    # lines (S/PV.4507's agenda item, two lines at its indent) are one.
    if before is None and marks.at_indent(previous) and marks.at_indent(line) and not previous.has_set_label() \
            and not previous.bold and abs(line.left - previous.left) < 0.5 * line.size and not text[:1].islower() \
            and not carried_on:
        return True
    right_aligned = abs(line.right - previous.right) < 0.5 * line.size \
        and previous.left - marks.left.get((line.page, line.column), previous.left) > 2 * line.size
    # Indented from the line before, or from the column's margin where that line reaches past it (a right-to-left
    # line's first letter overhangs the margin by up to a size, more where Ghostscript rewrote the advance widths).
    start = max(previous.text_left(), marks.left.get((line.page, line.column), previous.text_left()))
    if line.left - start > conf.indent * line.size and not marks.centred(line) \
            and not right_aligned and (line.page, line.column) not in marks.ragged \
            and not _justified_rtl_shift(previous, line, marks):
        return True
    # An indented line that starts a sentence after a line that stops short of the margin: the first line of a
    # paragraph after the last line of one, each indented alike (Typst indents every paragraph, and one-line
    # paragraphs follow one another). Not a line in lower case: a long word carried over leaves a line short.
    # In a script without capitals, the line before is a short one (under `short_line` of the column) or closes a
    # sentence or a clause; Chinese breaks anywhere, so no line of it stops short inside a paragraph.
    column_width = marks.width(line)
    if marks.indented(line, conf) and not marks.full(previous) and not marks.centred(previous) \
            and not right_aligned and abs(line.left - previous.left) < 0.5 * line.size and not text[:1].islower() \
            and (text[:1].isupper() or rules.ends_sentence(prev_text) or _is_cjk(text[:1])
                 or previous.right - previous.left < _SHORT_LINE * column_width):
        return True
    # A short line that closes a sentence ends its paragraph when the next one starts a new sentence.
    if rules.ends_sentence(prev_text) and previous.right - previous.left < 0.7 * column_width \
            and not marks.centred(previous) and text[:1].isupper():
        return True
    return False
