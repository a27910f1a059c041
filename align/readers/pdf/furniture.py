"""Page furniture: the page-1 masthead and the running headers and footers, which are not text; and the document's
symbol, date and original language, which the masthead gives as metadata."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from unalign import settings
from unalign.model import DocumentMeta
from unalign.readers.pdf.geometry import SUP_CLOSE, SUP_OPEN, Page, Row


@dataclass(frozen=True)
class PdfSettings:
    """The reading parameters of config/reading.toml [pdf], compiled."""

    band: float
    first_page_band: float
    repeated_share: float
    running_patterns: tuple[re.Pattern[str], ...] = settings.setting("running_patterns", read=settings.patterns)
    running_extra: tuple[re.Pattern[str], ...] = settings.setting("running_extra", read=settings.patterns)
    running_part: re.Pattern[str] = settings.setting("running_parts", read=settings.whole_any_of)
    masthead: tuple[re.Pattern[str], ...] = settings.setting("masthead_patterns", read=settings.patterns)
    masthead_rule_thickness: float
    masthead_share: float
    masthead_top: float
    front_page_symbols: tuple[re.Pattern[str], ...] = settings.setting("front_page_symbols", read=settings.patterns)
    symbol: re.Pattern[str] = settings.setting("symbol_pattern", read=settings.pattern)
    date: re.Pattern[str] = settings.setting("date_pattern", read=settings.pattern)
    original: re.Pattern[str] = settings.setting("original_pattern", read=settings.pattern)
    footnote_size_ratio: float
    paragraph_gap: float
    paragraph_spacing_min: float
    gutter_min_width: float
    gutter_max_crossing: float
    gutter_overhang: float
    indent: float
    flush_share: float
    ragged_share: float
    ragged_flush: float
    first_line_indent_min: int
    table_min_rows: int
    table_cell_gap: float
    table_align: float

    @property
    def running(self) -> tuple[re.Pattern[str], ...]:
        """Every pattern of a running header or footer line."""
        return self.running_patterns + self.running_extra


def pdf_settings() -> PdfSettings:
    """The PDF reading settings (settings.section reads them once)."""
    return settings.section(PdfSettings, "reading", "pdf")


def plain(text: str) -> str:
    """Text without the superscript marks."""
    return text.replace(SUP_OPEN, "").replace(SUP_CLOSE, "")


def _masthead_rule(page: Page, conf: PdfSettings) -> float | None:
    """The height of the thick rule under the masthead of page 1, if the page draws one."""
    thick = [r.y for r in page.rules if r.thickness >= conf.masthead_rule_thickness
             and r.right - r.left >= 0.5 * page.width and r.y >= page.height * (1 - conf.masthead_share)]
    return min(thick) if thick else None


def _is_masthead_text(text: str, conf: PdfSettings) -> bool:
    text = " ".join(text.split())
    return any(p.match(text) for p in conf.masthead) or bool(conf.symbol.match(text)) \
        or any(p.match(text) for p in conf.running)


def masthead_rows(page: Page, conf: PdfSettings) -> set[int]:
    """Indices of the rows of page 1 that are masthead: above its thick rule, or masthead lines near the top.

    Without a rule, the masthead is the run of masthead-like rows (each segment a masthead pattern) from the top of
    the page; the first row that is not one ends it. Under a rule, so is the run of masthead-like rows right under it
    (the session and agenda item of a General Assembly document): a date under the title is the text's.
    """
    rule = _masthead_rule(page, conf)
    found = set()
    for index, row in enumerate(page.rows):
        if rule is not None and row.bottom > rule:
            found.add(index)
        elif row.bottom >= page.height * (1 - conf.masthead_share) and (_is_masthead_text(plain(row.text), conf) or all(
                _is_masthead_text(plain(s.text), conf) for s in row.segments)):
            found.add(index)
        elif rule is not None or found or row.bottom < page.height * (1 - conf.masthead_top):
            break
    if rule is None and found:
        # The organ's name in a language the patterns do not know, above the masthead lines, is the masthead's.
        found |= set(range(min(found)))
    return found


def metadata(pages: list[Page]) -> DocumentMeta:
    """The symbol, date and original language printed in the masthead of page 1."""
    conf = pdf_settings()
    if not pages:
        return DocumentMeta()
    first = pages[0]
    rows = [row for row in first.rows if row.bottom >= first.height * (1 - conf.masthead_share)]
    top = [plain(s.text).strip() for row in rows for s in row.segments] + [plain(row.text).strip() for row in rows]
    symbol = next((t.rstrip(" *") for t in top if conf.symbol.match(t) and "/" in t), "")
    if not symbol:  # ")III(A/RES/217" in a right-to-left page: the part that is in order
        found = (re.search(r"[A-Z]{1,6}(?:/[A-Z0-9.\-]{1,14}){1,7}", t) for t in top)
        symbol = next((m.group(0) for m in found if m), "")
    # In a right-to-left page PDFium gives "21 October 2015" as "October 2015 21".
    top = [re.sub(r"^(\w+)\s+([0-9]{4})\s+([0-9]{1,2})$", r"\3 \1 \2", t) for t in top]
    date = next((t for t in top if conf.date.match(t)), "")
    original = ""
    for t in top:
        m = conf.original.match(" ".join(t.split()))
        if m:
            original = m.group("language").strip()
            break
    return DocumentMeta(symbol=symbol, date=date, original_language=original)


def is_front_page_document(symbol: str, conf: PdfSettings) -> bool:
    """Whether the document's page 1 is all front matter (a verbatim record)."""
    return bool(symbol) and any(p.search(symbol) for p in conf.front_page_symbols)


def _running_key(text: str) -> str:
    return re.sub(r"[0-9٠-٩]+", "#", " ".join(plain(text).split()))


def _unmirrored(text: str) -> str:
    """Latin furniture as PDFium gives it in a right-to-left page, put back: ")A( 15 16301-" -> "(A) 15-16301",
    "16301 -15" -> "15-16301", "))A" -> "(A)", "( A)" -> "(A)" (Ghostscript's rewrite of Typst's Arabic)."""
    text = re.sub(r"\)([A-Z])\(|\)\)([A-Z])|([A-Z])\(\(|\(\s*([A-Z])\s*\)",
                  lambda m: f"({m.group(1) or m.group(2) or m.group(3) or m.group(4)})", text)
    text = re.sub(r"\b([0-9]{5}) -([0-9]{2})\b", r"\2-\1", text)
    return re.sub(r"\b([0-9]{2}) ([0-9]{5})-", r"\1-\2", text)


def _is_running_text(text: str, symbol: str, conf: PdfSettings) -> bool:
    text = _unmirrored(" ".join(plain(text).split()))
    if any(p.match(text) for p in conf.running):
        return True
    if symbol and (text.startswith(symbol) or text.endswith(symbol)
                   or re.sub(r"\(.*\)$", "", symbol) in re.sub(r"[()]", " ", text).split()):  # beside a title
        return True
    parts = text.split()
    return 1 < len(parts) <= 4 and all(conf.running_part.match(p) for p in parts)


def running_rows(pages: list[Page], symbol: str, body_size: float, conf: PdfSettings) -> dict[int, set[int]]:
    """Per page, the indices of its running header and footer rows.

    A row in the top or bottom band of the page is running matter when it is a page number, a symbol, a job number,
    a bar code, "/...", starts or ends with the document's symbol, or when its text (digits aside) stands in the
    same band (top or bottom) of several pages: a header repeats at the head of pages, a footer at their foot, and a
    paragraph ending page 1 above its tall bottom band may read as the running title of the pages after it. Each of
    its segments is tested too (a footer "2/5  25-05237"). A small number alone is the mark of a footnote, not a page
    number.
    """
    def in_band(row: Row, page: Page) -> bool:
        return side(row, page) is not None

    def side(row: Row, page: Page) -> str | None:
        """The band a row is in: "top", "bottom" or None."""
        bottom = conf.first_page_band if page.number == 0 else conf.band
        if row.top >= page.height * (1 - conf.band):
            return "top"
        return "bottom" if row.bottom <= page.height * bottom else None

    def key(row: Row, page: Page) -> tuple[str | None, str]:
        # Digits count as the same only where the row holds the page number ("Page 3", "3/12"): "Article 11" and
        # "Article 18" heading two pages are not running matter.
        text = " ".join(plain(row.text).split())
        return side(row, page), _running_key(text) if str(page.number + 1) in re.findall(r"[0-9]+", text) else text

    counts: Counter[tuple[str | None, str]] = Counter()
    for page in pages:
        counts.update({key(row, page) for row in page.rows if in_band(row, page)})
    needed = max(2, conf.repeated_share * len(pages))
    # The rows of each page's bands, letters and figures only: a header of two lines that odd and even pages wrap
    # in different places (a long title after the symbol, or before it) repeats there across rows, not row by row.
    bands = {(page.number, edge): [_letters(row.text) for row in page.rows if side(row, page) == edge]
             for page in pages for edge in ("top", "bottom")}

    def repeated_across_lines(row: Row, page: Page, letters: str | None = None) -> bool:
        letters = _letters(row.text) if letters is None else letters

        def holds(rows: list[str]) -> bool:  # the row's text, whole as a row or across two or more
            return letters in rows or letters in "".join(rows) and not any(letters in other for other in rows)

        own = side(row, page)
        return len(letters) >= _LONG_RUNNING and \
            1 + sum(holds(rows) for (number, edge), rows in bands.items() if number != page.number and edge == own) \
            >= needed

    found: dict[int, set[int]] = {}
    for page in pages:
        for index, row in enumerate(page.rows):
            if not in_band(row, page) or (row.size < 0.75 * body_size and plain(row.text).strip().isdigit()):
                continue
            if counts[key(row, page)] >= needed or _is_running_text(row.text, symbol, conf) or all(
                    _is_running_text(s.text, symbol, conf) for s in row.segments) or repeated_across_lines(row, page):
                found.setdefault(page.number, set()).add(index)
    # A title too long for the header's line after the symbol wraps its last words onto a row of their own
    # (LibreOffice's even pages: "A/70/1001   Declaración ... y la" over "Inversión"), too short to be told alone:
    # it is running matter when, after the last segment of the running row just above it, it reads as the other
    # pages' bands hold the title.
    for page in pages:
        rows = found.get(page.number)
        if not rows:
            continue
        for index in range(1, len(page.rows)):
            row, above = page.rows[index], page.rows[index - 1]
            if index in rows or index - 1 not in rows or not in_band(row, page) or \
                    above.bottom - row.bottom > 2 * max(row.size, above.size):
                continue
            if repeated_across_lines(row, page, _letters(above.segments[-1].text + row.text)):
                rows.add(index)
    for page_number, rows in found.items():
        page = pages[page_number]
        found[page_number] = {k for k in rows if not _number_inside_the_body(page, k, rows, body_size)} - \
            _repeated_inside(page, rows)
    return found


def _repeated_inside(page: Page, running: set[int]) -> set[int]:
    """The running rows of a page whose text the running rows nearer the page's edge than them already hold: a page
    prints its header and footer once, so a paragraph that opens page 2 under a running title of the same words (the
    title, two rows at the head, then the paragraph, wrapped alike) is text."""
    inside = set()
    for outward in (True, False):  # the head, top row first; the foot, bottom row first
        held = ""
        middle = page.height / 2
        for k in sorted((k for k in running if (page.rows[k].bottom > middle) == outward),
                        key=lambda k: -page.rows[k].bottom if outward else page.rows[k].bottom):
            letters = _letters(page.rows[k].text)
            if letters and letters in held:
                inside.add(k)
            else:
                held += letters
    return inside


_LONG_RUNNING = 20  # letters: a row this long found in other pages' bands, however they wrap it, is running matter


def _letters(text: str) -> str:
    return "".join(ch for ch in plain(text).casefold() if ch.isalnum())


def _number_inside_the_body(page: Page, index: int, running: set[int], body_size: float) -> bool:
    """Whether a row in a band that is a number alone ("2025") has a line of body text that is no running matter
    between it and the page's edge: a page number is the outermost line of its band, so it is the last line of a
    paragraph that ends with a year (Chromium's Arabic SDG, target 14.1)."""
    row = page.rows[index]
    if not re.fullmatch(r"[0-9٠-٩]{1,4}", plain(row.text).strip()):
        return False
    bottom_band = row.bottom < page.height / 2
    return any(k not in running and abs(other.size - body_size) < 1 and
               (other.bottom < row.bottom - 0.5 * row.size if bottom_band else other.bottom > row.top)
               for k, other in enumerate(page.rows))
