"""Read a text PDF into the plain-text layout that align.readers.text splits into paragraphs.

pypdfium2 (PDFium, the PDF engine of Chromium) gives each character with its box and font size, in the logical order
of the text — Arabic included — and marks line-end hyphens. From those this module drops running headers and footers
(document symbols, job numbers, page numbers), takes the small-print footnotes at the foot of each page apart as
`[^N]: …` lines, marks superscript footnote calls as `<sup>N</sup>`, groups lines into paragraphs by the space
between them, rejoins a paragraph cut by a page break, and turns widely spaced columns into table rows.
"""

from __future__ import annotations

import re
import statistics
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from unalign.align import settings
from unalign.align.model import UnalignError

_LINE_END_HYPHENS = "\x02\ufffe"  # PDFium's marks for a hyphen that ends a line inside a word
_TERMINAL = tuple(".;:!?。；：！？»”\")）)…؟")
_LABEL_START = re.compile(r"^\s*[(（]?(?:[0-9٠-٩]{1,3}[.)\-–]|[a-zа-яأ-ي][)）]|[IVXL]{1,6}\.|[A-Z]\.\s)")


@dataclass
class Line:
    """One printed line: its text (footnote calls as <sup>N</sup>), box in points from the page bottom, font size."""

    text: str
    left: float
    right: float
    bottom: float
    top: float
    size: float
    cells: tuple[str, ...] = ()
    bold: bool = False


@cache
def _config() -> dict:
    conf = dict(settings.load("reading")["pdf"])
    conf["running"] = [re.compile(p) for p in conf["running_patterns"]]
    conf["running_part"] = re.compile(r"^(?:%s)$" % "|".join(conf["running_parts"]))
    return conf


def _page_chars(page) -> list[tuple]:
    """(char, generated, size, left, bottom, right, top) of each character PDFium finds on the page."""
    import pypdfium2.raw as pdfium_c

    textpage = page.get_textpage()
    try:
        chars = []
        for i in range(textpage.count_chars()):
            ch = chr(pdfium_c.FPDFText_GetUnicode(textpage, i))
            generated = pdfium_c.FPDFText_IsGenerated(textpage, i) == 1
            left, bottom, right, top = textpage.get_charbox(i)
            bold = pdfium_c.FPDFText_GetFontWeight(textpage, i) >= 600 or _font_is_bold(textpage, i)
            chars.append((ch, generated, pdfium_c.FPDFText_GetFontSize(textpage, i), left, bottom, right, top, bold))
    finally:
        textpage.close()
    # Glyphs without a character (kashida stretching Arabic words, shown as control codes) go, with any space
    # PDFium made up next to them.
    kept = []
    for i, char in enumerate(chars):
        if char[0] < " " and char[0] not in "\r\n\x02":
            if kept and kept[-1][0] == " " and kept[-1][1]:
                kept.pop()
            continue
        if char[0] == " " and char[1] and i and chars[i - 1][0] < " " and chars[i - 1][0] not in "\r\n\x02":
            continue
        kept.append(char)
    chars = kept
    # A lam-alef ligature is one glyph for two letters; PDFium gives them alef first. Put them back in order.
    for i in range(1, len(chars)):
        a, b = chars[i - 1], chars[i]
        if b[0] == "ل" and a[0] in "اأإآى" and a[3:] == b[3:]:
            chars[i - 1], chars[i] = b, a
    return chars


def _font_is_bold(textpage, index: int) -> bool:
    """Whether the character's font is a bold face by name (subset fonts often carry no weight: 'NotoSerif-Bold')."""
    import ctypes

    import pypdfium2.raw as pdfium_c

    name = ctypes.create_string_buffer(128)
    flags = ctypes.c_int()
    pdfium_c.FPDFText_GetFontInfo(textpage, index, name, 128, ctypes.byref(flags))
    return bool(re.search(rb"(?i)bold|black|heavy|semibold|demi", name.value)) or bool(flags.value & (1 << 18))


def _is_mark(ch: str) -> bool:
    return unicodedata.category(ch) in ("Mn", "Me")


def _page_lines(page) -> list[Line]:
    """The lines of one page in reading order, built from PDFium's characters."""
    conf = _config()
    raw_lines: list[list[tuple]] = [[]]
    for char in _page_chars(page):
        ch = char[0]
        if ch == "\n" or ch in _LINE_END_HYPHENS:
            if ch in _LINE_END_HYPHENS:  # kept as a soft hyphen: segmenting decides whether the word had one
                raw_lines[-1].append(("\u00ad",) + char[1:])
            raw_lines.append([])
        elif ch != "\r":
            raw_lines[-1].append(char)

    merged: list[list[tuple]] = []
    for raw in raw_lines:
        if merged and raw and all(c[1] or not c[0].strip() or _is_mark(c[0]) for c in raw):
            merged[-1].extend(raw)  # combining marks PDFium put on a line of their own belong to the line above
        else:
            merged.append(raw)

    lines: list[Line] = []
    for raw in map(_place_marks, merged):
        printed = [c for c in raw if not c[1] and c[0].strip() and not _is_mark(c[0])]
        if not printed:
            continue
        size = statistics.median(c[2] for c in printed)
        full = [c for c in printed if c[2] >= size * conf["superscript_size_ratio"]] or printed
        bottom = statistics.median(c[4] for c in full)
        rtl = sum(1 for c in printed if unicodedata.bidirectional(c[0]) in ("R", "AL")) > len(printed) / 2
        text, cells, previous = "", [], None
        for ch, generated, csize, left, cbottom, right, ctop, _ in raw:
            visible = not generated and ch.strip() and not _is_mark(ch)
            if visible and previous is not None:
                gap = previous[0] - right if rtl else left - previous[1]
                if gap > conf["cell_gap"] * size:
                    cells.append(text.strip())
                    text = ""
            if visible and ch.isdigit() and csize < size * conf["superscript_size_ratio"] \
                    and cbottom > bottom + 0.15 * size:
                text += f"<sup>{ch}</sup>"
            else:
                text += ch
            if visible:
                previous = (left, right)
        text = text.replace("</sup><sup>", "")
        line = Line(text.strip(), min(c[3] for c in printed), max(c[5] for c in printed), bottom,
                    max(c[6] for c in printed), size, tuple(cells + [text.strip()]) if cells else (),
                    all(c[7] for c in printed))
        # A character raised or lowered out of its line (a footnote call, a comma after it) rejoins the line.
        punctuation = len(printed) <= 2 and all(unicodedata.category(c[0]).startswith("P") for c in printed)
        if lines and punctuation and not lines[-1].cells:
            # Punctuation alone on a line (';' carried over after a no-break space) ends the line above.
            lines[-1].text += ("" if line.text[:1] in ",.)]،" else " ") + line.text
        elif lines and _same_line(lines[-1], line, len(printed)):
            lines[-1] = _merge(lines[-1], line, rtl)
        else:
            lines.append(line)
    return lines


def _place_marks(raw: list[tuple]) -> list[tuple]:
    """The characters of a line with each combining mark (Arabic harakat) after the letter it stands over."""
    marks_of: dict[int, list[tuple]] = {}
    placed = set()
    for i, char in enumerate(raw):
        if char[1] or not _is_mark(char[0]):
            continue
        centre = (char[3] + char[5]) / 2
        bases = [j for j, b in enumerate(raw) if not b[1] and b[0].strip() and not _is_mark(b[0])
                 and b[3] - 0.5 <= centre <= b[5] + 0.5]
        if bases:
            base = min(bases, key=lambda j: abs(raw[j][4] - char[4]))
            marks_of.setdefault(base, []).append(char)
            placed.add(i)
    if not placed:
        return raw
    out = []
    for i, char in enumerate(raw):
        if i not in placed:
            out.append(char)
            out.extend(marks_of.get(i, []))
    # A space PDFium made up where a mark stood, between two letters that touch, is no space.
    letters = [i for i, c in enumerate(out) if not c[1] and c[0].strip() and not _is_mark(c[0])]
    false = set()
    for a, b in zip(letters, letters[1:]):
        between = range(a + 1, b)
        if any(out[k][0] == " " and out[k][1] for k in between) and \
                min(abs(out[a][3] - out[b][5]), abs(out[b][3] - out[a][5])) < 0.1 * out[a][2]:
            false.update(k for k in between if out[k][0] == " ")
    return [c for k, c in enumerate(out) if k not in false]


def _same_line(a: Line, b: Line, b_chars: int) -> bool:
    middle = (b.bottom + b.top) / 2 if b_chars <= 3 else b.bottom + 0.3 * b.size
    disjoint = b.left >= a.right - 1 or b.right <= a.left + 1
    return a.bottom - 0.35 * a.size <= middle <= a.top and (b_chars <= 3 or disjoint) and not b.cells


def _merge(a: Line, b: Line, rtl: bool) -> Line:
    gap = (a.left - b.right) if rtl else (b.left - a.right)
    glue = "" if gap < 0.15 * a.size or b.text[:1] in ",.;:)،؛" else " "
    return Line(a.text + glue + b.text, min(a.left, b.left), max(a.right, b.right), a.bottom, max(a.top, b.top),
                a.size, a.cells, a.bold and b.bold)


def _running_key(text: str) -> str:
    return re.sub(r"[0-9٠-٩]+", "#", " ".join(text.split()))


def _is_running_text(text: str) -> bool:
    conf = _config()
    if any(p.match(text) for p in conf["running"]):
        return True
    parts = [p for p in re.split(r"\s{2,}|\t", text) if p]
    parts = parts if len(parts) > 1 else text.split()
    return 1 < len(parts) <= 3 and all(conf["running_part"].match(p) for p in parts)


def _drop_running(pages: list[tuple[list[Line], float]]) -> list[list[Line]]:
    """Each page's lines without running headers, footers and page numbers."""
    conf = _config()
    band = conf["band"]

    def in_band(line: Line, height: float) -> bool:
        return line.top >= height * (1 - band) or line.bottom <= height * band

    counts = Counter()
    for lines, height in pages:
        counts.update({_running_key(ln.text) for ln in lines if in_band(ln, height)})
    needed = max(2, conf["repeated_share"] * len(pages))
    kept = []
    for lines, height in pages:
        kept.append([ln for ln in lines if not (in_band(ln, height) and (
            counts[_running_key(ln.text)] >= needed or _is_running_text(ln.text)))])
    return kept


def _split_footnotes(lines: list[Line], body_size: float, expected: int) -> tuple[list[Line], list[str], int]:
    """(body lines, footnotes as '[^N]: text', next footnote number) of one page.

    The footnotes are the small-print lines below the last line of body text; a footnote starts with the number
    that follows the previous one, so a wrapped footnote line that begins with a figure is not taken for a new one.
    """
    conf = _config()
    small = body_size * conf["footnote_size_ratio"]
    start = len(lines)
    while start > 0 and lines[start - 1].size < small:
        start -= 1
    body, foot = lines[:start], lines[start:]
    notes: list[str] = []
    for line in foot:
        text = re.sub(r"^<sup>([0-9]{1,3})</sup>", r"\1 ", line.text)
        m = re.match(r"^([0-9]{1,3})(?![0-9])\s*", text)
        if m and int(m.group(1)) >= expected and (notes or int(m.group(1)) <= expected + 5):
            number = int(m.group(1))
            notes.append(f"[^{number}]: {text[m.end():]}")
            expected = number + 1
        elif notes:
            notes[-1] += "\n" + text
        else:  # small print that is not a footnote (a table, a note under a heading): body text
            body.append(line)
    return body, notes, expected


def _paragraphs(lines: list[Line], pitch: dict[float, float]) -> list[list[Line]]:
    """Lines grouped into paragraphs: more space than the usual line pitch, a change of size or a table row starts one."""
    gap = _config()["paragraph_gap"]
    groups: list[list[Line]] = []
    for line in lines:
        if groups and not line.cells and not groups[-1][-1].cells:
            prev = groups[-1][-1]
            usual = pitch.get(round(prev.size, 1), 1.2 * prev.size)
            if 0 < prev.bottom - line.bottom <= usual + 0.5 + gap * prev.size and abs(prev.size - line.size) < 0.5:
                groups[-1].append(line)
                continue
        groups.append([line])
    return groups


def _line_pitch(pages: list[list[Line]]) -> dict[float, float]:
    """Font size -> the usual distance between the baselines of two lines of one paragraph in that size.

    That is the smallest distance seen often (a tenth of the time): the larger ones are gaps between paragraphs.
    """
    seen: dict[float, Counter] = {}
    for lines in pages:
        for a, b in zip(lines, lines[1:]):
            if abs(a.size - b.size) < 0.5 and a.bottom > b.bottom:
                seen.setdefault(round(a.size, 1), Counter())[round(2 * (a.bottom - b.bottom)) / 2] += 1
    pitch = {}
    for size, counts in seen.items():
        total = sum(counts.values())
        pitch[size] = next(p for p in sorted(counts) if counts[p] >= 0.1 * total)
    return pitch


def _render(group: list[Line]) -> str:
    if group[0].cells:
        cells = group[0].cells
        if len(cells) == 2 and re.fullmatch(r"[0-9ivxlcIVXLC]{1,5}", cells[1]):
            return f"{cells[0]}\t{cells[1]}"  # a table-of-contents line whose leader is white space
        return "| " + " | ".join(cells) + " |"
    text = "\n".join(ln.text for ln in group)
    # A short paragraph set all in bold is a heading.
    return f"# {text}" if all(ln.bold for ln in group) and len(text) <= 200 else text


def _continues(previous: list[Line], following: list[Line], right_margin: float) -> bool:
    """Whether the first paragraph of a page continues the last one of the page before.

    It does when the page ended on a full line that closes no sentence, and the new page does not open on a label.
    """
    last = previous[-1]
    if last.right < right_margin - 2 * last.size and last.left > 0:
        return False
    if previous[0].cells or following[0].cells or abs(previous[-1].size - following[0].size) >= 0.5 \
            or previous[-1].bold != following[0].bold:
        return False
    end = re.sub(r"<sup>[^<]*</sup>$", "", previous[-1].text).rstrip()
    return not end.endswith(_TERMINAL) and not _LABEL_START.match(following[0].text)


def pdf_text(path: Path) -> str:
    """The text of a PDF file: paragraphs separated by blank lines, each footnote after the paragraph it interrupts.

    Raises UnalignError for a file PDFium cannot open, an encrypted file, and a scanned PDF with no text layer.
    """
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        raise UnalignError(f"{path}: not a readable PDF ({exc})") from None
    try:
        pages = []
        for page in document:
            try:
                pages.append((_page_lines(page), page.get_height()))
            finally:
                page.close()
    finally:
        document.close()
    if not any(lines for lines, _ in pages):
        raise UnalignError(f"{path}: a PDF without a text layer (a scan?); run OCR on it first")

    sizes = Counter()
    for lines, _ in pages:
        for line in lines:
            sizes[round(line.size, 1)] += len(line.text)
    body_size = sizes.most_common(1)[0][0]

    paragraphs: list[list[Line]] = []
    notes_after: dict[int, list[str]] = {}
    expected = 1
    kept = _drop_running(pages)
    pitch = _line_pitch(kept)
    margin = max((ln.right for lines in kept for ln in lines if not ln.cells), default=0.0)
    for lines in kept:
        body, notes, expected = _split_footnotes(lines, body_size, expected)
        groups = _paragraphs(body, pitch)
        if groups and paragraphs and _continues(paragraphs[-1], groups[0], margin):
            paragraphs[-1].extend(groups.pop(0))
        paragraphs.extend(groups)
        if notes:
            # Footnotes go after the paragraph running at the foot of the page, once that paragraph is whole.
            notes_after.setdefault(len(paragraphs) - 1, []).extend(notes)
    out = []
    for index, group in enumerate(paragraphs):
        out.append(_render(group))
        out.extend(notes_after.get(index, []))
    return "\n\n".join(out)
