"""Glyphs, segments and rows of a PDF page, from the PDF library's characters and their boxes.

Coordinates are PDF points from the bottom left of the page. A glyph is one printed character; a segment is a run of
glyphs on one baseline with no wide gap inside (a word, a line of a column, a table cell); a row is the segments of
the page that share a baseline, left to right.

The glyphs come from pypdfium2 (PDFium), the reader's library: it gives characters in the logical order of the text,
Arabic included, and marks line-end hyphens. pdfplumber (pdfminer.six) and docling-parse are read the same way for
the reading benchmark (`benchmarks/reading.py --backend`).
"""

from __future__ import annotations

import bisect
import collections
import functools
import itertools
import math
import re
import statistics
import string
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from unalign.readers.pdf.fonts import TATWEEL, Kashida, is_inserted_tatweel, repaired, without_subset_prefix

LINE_END_HYPHEN = "\u00ad"  # kept as a soft hyphen: the paragraph builder decides whether the word had one
SUP_OPEN, SUP_CLOSE = "\ue000", "\ue001"  # around raised small digits: a footnote call or a superscript (km²)


class Glyph(NamedTuple):
    """One character with its box, font size (scaled by the text matrix) and weight."""

    char: str
    generated: bool  # a space or line break the library made up, not printed
    size: float
    left: float
    bottom: float
    right: float
    top: float
    bold: bool | None  # None: unknown (a Type 3 font without a name, as Chromium embeds CJK fonts)
    run: int = -1  # the number of the text object it was drawn by on its page; -1: unknown
    origin: float | None = None  # where the pen stood on the baseline to draw it (x); None: unknown
    ink_bottom: float | None = None  # the lowest ink of its outline (`bottom` is the baseline); None: unknown


@dataclass(frozen=True)
class Rule:
    """A horizontal line drawn on the page (a filled thin rectangle or a stroked path)."""

    left: float
    right: float
    y: float
    thickness: float


@dataclass
class Segment:
    """A run of glyphs on one baseline without a wide gap: its text (raised digits between SUP marks) and box."""

    text: str
    left: float
    right: float
    bottom: float  # baseline of the full-size glyphs
    top: float
    size: float  # median font size of the full-size glyphs
    bold: bool | None  # None: no glyph of a known weight
    rtl: bool
    ink_bottom: float | None = None  # the lowest and highest ink of its glyphs, marks included; None: unknown
    ink_top: float | None = None


class SegmentRun:
    """Segments on one baseline, in visual order left to right (the `segments` of a Row or a layout Line)."""

    segments: list[Segment]
    rtl: bool

    @property
    def left(self) -> float:
        return min(s.left for s in self.segments)

    @property
    def right(self) -> float:
        return max(s.right for s in self.segments)

    @property
    def text(self) -> str:
        """The text, the segments joined by a space in reading order."""
        ordered = reversed(self.segments) if self.rtl else self.segments
        return " ".join(s.text for s in ordered)


@dataclass
class Row(SegmentRun):
    """The segments of a page on one baseline, in visual order left to right."""

    segments: list[Segment]
    bottom: float
    top: float
    size: float
    page: int = 0
    bold: bool | None = False
    rtl: bool = False


@dataclass(frozen=True)
class Page:
    """One page: its number from 0, size, rows (top to bottom) and horizontal rules; `blank` when nothing at all is
    drawn on it (no page object: a blank page, or a content stream the library could not parse)."""

    number: int
    width: float
    height: float
    rows: list[Row]
    rules: list[Rule]
    blank: bool = False


@functools.cache  # asked several times of every glyph of every page
def _is_mark(ch: str) -> bool:
    return unicodedata.category(ch) in ("Mn", "Me")


@functools.cache  # built on the first page read, not when the command starts (12 ms)
def _any_mark() -> re.Pattern:
    """Any combining mark of the BMP, as one character class."""
    return re.compile("[" + "".join(re.escape(chr(c)) for c in range(0x300, 0x10000)
                                    if unicodedata.category(chr(c)) in ("Mn", "Me")) + "]")


def _has_marks(glyphs: list[Glyph]) -> bool:
    """Whether some glyph is a combining mark: a page without one skips the rules about marks."""
    return _any_mark().search("".join(g.char for g in glyphs)) is not None


# --- pypdfium2 ---------------------------------------------------------------------------------------------------

_PDFIUM_LINE_END_HYPHENS = "\x02\ufffe"
VISUAL_RTL = True


def _pdfium_glyphs(page, bold_families: set[str] | None = None,
                   tatweels: dict[str, frozenset[Kashida]] | None = None) -> list[Glyph]:
    """The characters PDFium finds on a page, in its order, with Arabic kashida dropped and lam-alef put back.
    `bold_families` gathers, page after page, the families of the fonts named bold (`_family`); `tatweels` gives,
    per font, where it puts a tatweel of its own (`fonts.repaired`)."""
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    # The raw calls on the raw handle, their out-parameters made once: a page is thousands of characters, and the
    # helpers' per-call conversions cost as much as PDFium's work.
    textpage = page.get_textpage()
    handle = textpage.raw
    matrix = pdfium_c.FS_MATRIX()
    loose = pdfium_c.FS_RECTF()
    x, y = ctypes.c_double(), ctypes.c_double()
    left_, bottom_, right_, top_ = (ctypes.c_double() for _ in range(4))
    name = ctypes.create_string_buffer(128)
    flags = ctypes.c_int()
    flags_ref = ctypes.byref(flags)
    fonts: dict[bytes, bool | None] = {}
    # A printed character's size and weight are its text object's (PDFium reads them from the object, and the matrix
    # of an object inside a form includes that form's, each use of a form being objects of its own): worked out once
    # per object. A character PDFium made up has no object of its own and is asked directly.
    styles: dict[int, tuple[float, bool | None, tuple[bytes, int]]] = {}
    runs: dict[int, int] = {}  # a text object's address -> its number
    objects: list = []  # the text objects by number
    object_of = getattr(pdfium_c, "FPDFText_GetTextObject", None)  # older PDFium builds lack it: asked per character
    font = (b"", 0)  # the last font PDFium named: for a made-up character it leaves its out-parameters as they were

    def style(i: int, generated: bool) -> tuple[float, bool | None]:
        nonlocal font
        size = pdfium_c.FPDFText_GetFontSize(handle, i)
        if pdfium_c.FPDFText_GetMatrix(handle, i, matrix):
            scale = math.hypot(matrix.c, matrix.d)
            if scale > 0 and not generated:
                size *= scale  # a font set at size 1 and scaled by the text matrix (Distiller, PDFMaker)
        if pdfium_c.FPDFText_GetFontInfo(handle, i, name, 128, flags_ref):
            font = (name.value, flags.value)
        if font[0] not in fonts:
            fonts[font[0]] = _bold_by_name(font[0].decode("latin-1"), font[1])
        bold = fonts[font[0]]
        if bold is None:  # a font name that says nothing of its weight: the weight PDFium finds, if any
            weight = pdfium_c.FPDFText_GetFontWeight(handle, i)
            bold = weight >= 600 if weight > 0 else None
        return size, bold

    try:
        chars = []
        char_fonts: list[bytes] = []  # each character's font name, as PDFium gives it
        for i in range(pdfium_c.FPDFText_CountChars(handle)):
            ch = chr(pdfium_c.FPDFText_GetUnicode(handle, i))
            generated = pdfium_c.FPDFText_IsGenerated(handle, i) == 1
            if not pdfium_c.FPDFText_GetCharBox(handle, i, left_, right_, bottom_, top_):  # sic: l, r, b, t
                raise pdfium.PdfiumError("Failed to get charbox.")
            left, bottom, right, top = left_.value, bottom_.value, right_.value, top_.value
            ink_bottom = bottom
            if not generated and pdfium_c.FPDFText_GetLooseCharBox(handle, i, loose):
                left, right = loose.left, loose.right  # the advance, not the ink: a narrow "1" is no gap
            origin = None
            if pdfium_c.FPDFText_GetCharOrigin(handle, i, x, y) and not generated:
                bottom, origin = y.value, x.value  # the baseline
            # A space PDFium puts inside an object has no matrix of its own: it does not set the object's size, and
            # takes the size of the character before it (no rule reads a space's size).
            text_object = None if generated or ch == " " or object_of is None else object_of(handle, i)
            run = runs.setdefault(ctypes.addressof(text_object.contents), len(runs)) if text_object else -1
            if text_object and run == len(objects):
                objects.append(text_object)
            if ch == " " and not generated and chars:
                size, bold = chars[-1].size, chars[-1].bold
            elif not text_object:
                size, bold = style(i, generated)
            else:
                key = ctypes.addressof(text_object.contents)  # the object's address
                if key not in styles:
                    styles[key] = (*style(i, generated), font)
                size, bold, font = styles[key]
            if ch.isdigit() and not generated and ink_bottom - bottom > 0.25 * size and top - ink_bottom < 0.6 * size:
                # A superscript glyph of the font's own (OpenType "sups", as Typst sets footnote calls): printed at
                # the body size on the baseline, drawn small and raised. Read at the size its ink shows (lining
                # figures stand about 0.7 of the size) and where it stands, as a digit set small and raised.
                size, bottom = min(size, (top - ink_bottom) / 0.7), ink_bottom
            chars.append(Glyph(ch, generated, size, left, bottom, right, top, bold, run, origin, ink_bottom))
            char_fonts.append(font[0])
        hidden = _clipped_out(objects, chars)
        if hidden:
            char_fonts = [f for g, f in zip(chars, char_fonts) if g.run not in hidden]
            chars = [g for g in chars if g.run not in hidden]
    finally:
        textpage.close()
    chars, char_fonts = _with_repeats_pdfium_dropped(page, chars, char_fonts, runs)
    _regular_beside_bold(chars, char_fonts, fonts, set() if bold_families is None else bold_families)
    # Glyphs without a character (kashida stretching Arabic words, shown as control codes, or as "=" by LibreOffice)
    # go, with any space PDFium made up next to them.
    decorative = _decorative_tatweels(chars, char_fonts, tatweels) if tatweels else set()
    kept: list[Glyph] = []
    for i, g in enumerate(chars):
        if _is_kashida_glyph(chars, i) or i in decorative:
            if kept and kept[-1].char == " " and kept[-1].generated:
                kept.pop()
            if kept and not g.generated and g.right > g.left:  # the letter stretched by the kashida covers it
                kept[-1] = kept[-1]._replace(left=min(kept[-1].left, g.left), right=max(kept[-1].right, g.right))
            continue
        if g.char == " " and g.generated and i and _is_kashida_glyph(chars, i - 1):
            continue
        kept.append(g)
    _unswapped_ligatures(kept)
    _unmangled_arabic(kept)
    # A soft hyphen printed inside a line is a hyphen: a soft hyphen shows only where the line breaks (Ghostscript
    # maps the hyphen glyph of the fonts it subsets anew to U+00AD: `как­либо`, the job number `48­00217`, and
    # between spaces `4 ­ 13 февраля`). Inside means a printed glyph after it on its baseline, past any spaces; at a
    # line's end it stays a line-end hyphen.
    for i in range(len(kept) - 1):
        after = next((j for j in range(i + 1, len(kept)) if kept[j].char != " "), None)
        if kept[i].char == "\u00ad" and not kept[i].generated and after is not None and not kept[after].generated \
                and (kept[after].char.isalnum() or after > i + 1 and kept[after].char.strip()) \
                and abs(kept[after].bottom - kept[i].bottom) < 0.5 * kept[i].size:
            kept[i] = kept[i]._replace(char="-")
    # The alef of a joined lam-alef mapped to a punctuation code point (XeLaTeX's ToUnicode for Noto Naskh gives
    # U+061D for the alef, U+061F for the alef madda): after a lam, neither stands for itself inside a word.
    text = "".join(g.char for g in kept)
    for i in (m.start() for m in re.finditer("ل[\u061d\u061f]", text)):
        i += 1
        g, before = kept[i], kept[i - 1]
        if g.char in _LAM_ALEF_AS_MARK and before.char == "ل" and (
                g.char == "\u061d" or i + 1 < len(kept) and unicodedata.bidirectional(kept[i + 1].char) == "AL"):
            kept[i] = g._replace(char=_LAM_ALEF_AS_MARK[g.char])
    # Its joined lam-alef with hamza below after a letter (للإنفاذ) gives U+0624 (waw with hamza) for the alef: a waw
    # is never one glyph with the lam before it, so a waw with hamza inside the lam's box (their left edges one) is
    # that alef.
    for i in (m.start() + 1 for m in re.finditer("لؤ", text)):
        g, before = kept[i], kept[i - 1]
        if abs(g.left - before.left) < _SAME_EDGE * g.size and g.right <= before.right:
            kept[i] = g._replace(char="إ")
    _ligatures_in_order(kept)
    # A kashida stretches the join before a letter; a letter that does not join the next one (alef, dal, reh, waw...)
    # has none after it. One glyph mapped to such a letter and then kashidas (Typst's ـــا as اـــ) is read kashidas
    # first.
    for m in re.finditer(f"[{''.join(sorted(_RIGHT_JOINING))}]ـ+", "".join(g.char for g in kept)):
        i = m.start()
        if all(kept[j][3:7] == kept[i][3:7] for j in range(i + 1, m.end())):
            kept[i:m.end()] = kept[i + 1:m.end()] + [kept[i]]
    return _without_repeated_clusters(kept)


_VISIBLE = 0.5  # of a glyph's box: a text object whose glyphs show less than this inside its clip is not printed


def _clipped_out(objects: list, chars: list[Glyph]) -> set[int]:
    """The numbers of the text objects whose glyphs lie mostly outside the object's clipping path (its bounding box,
    each path's box intersected): not printed. Chromium paints the first line of the next page at the foot of a page
    too, clipped to the body, and a mark reaching above it shows a few dots there: read `حَّ`, a paragraph of its
    own."""
    import ctypes

    import pypdfium2.raw as pdfium_c

    x, y = ctypes.c_float(), ctypes.c_float()
    boxes: dict[int, tuple[float, float, float, float]] = {}
    for number, text_object in enumerate(objects):
        clip = pdfium_c.FPDFPageObj_GetClipPath(text_object)
        paths = pdfium_c.FPDFClipPath_CountPaths(clip) if clip else 0
        box = (-math.inf, -math.inf, math.inf, math.inf)
        for path in range(max(paths, 0)):
            xs, ys = [], []
            for k in range(max(pdfium_c.FPDFClipPath_CountPathSegments(clip, path), 0)):
                if pdfium_c.FPDFPathSegment_GetPoint(pdfium_c.FPDFClipPath_GetPathSegment(clip, path, k), x, y):
                    xs.append(x.value)
                    ys.append(y.value)
            if xs:
                box = (max(box[0], min(xs)), max(box[1], min(ys)), min(box[2], max(xs)), min(box[3], max(ys)))
        if box[0] > -math.inf or box[1] > -math.inf:
            boxes[number] = box
    if not boxes:
        return set()
    shown: dict[int, list[float]] = {}  # object -> [area of its glyphs, area inside its clip]
    for g in chars:
        if g.run in boxes and not g.generated and g.right > g.left and g.top > g.bottom:
            left, bottom, right, top = boxes[g.run]
            inside = max(0.0, min(g.right, right) - max(g.left, left)) * max(0.0, min(g.top, top) - max(g.bottom, bottom))
            totals = shown.setdefault(g.run, [0.0, 0.0])
            totals[0] += (g.right - g.left) * (g.top - g.bottom)
            totals[1] += inside
    return {run for run, (area, inside) in shown.items() if inside < _VISIBLE * area}


_REPEAT_LOOKBACK = 5  # text objects: PDFium compares an object with the five before it to drop a repeat


def _with_repeats_pdfium_dropped(page, chars: list[Glyph], char_fonts: list[bytes],
                                 runs: dict[int, int]) -> tuple[list[Glyph], list[bytes]]:
    """The page's characters with the text objects PDFium left out of its text put back: PDFium drops an object that
    repeats one of the five before it (same codes, font and size), taking it for the shadow of fake bold, and so
    loses the second hyphen of Typst's `ноября -- декабрь`, drawn as an object of its own beside the first (pdftotext
    reads both). An object with no character, of the font, size, height and width of one of the five before it, on
    its baseline and standing clear of it, gets that object's characters, moved to where it stands, if they are
    punctuation or symbols; a shadow overlaps its object and stays out."""
    import ctypes

    import pypdfium2.raw as pdfium_c

    box = [ctypes.c_float() for _ in range(4)]
    font_size = ctypes.c_float()

    def described(handle) -> tuple[int, float, tuple[float, ...]] | None:  # (font, size, box: l, b, r, t)
        if not pdfium_c.FPDFPageObj_GetBounds(handle, *box) \
                or not pdfium_c.FPDFTextObj_GetFontSize(handle, ctypes.byref(font_size)):
            return None
        font = ctypes.cast(pdfium_c.FPDFTextObj_GetFont(handle), ctypes.c_void_p).value or 0
        return font, font_size.value, tuple(v.value for v in box)

    # Most objects have characters: one is described only when an object without any is met, and once.
    recent: collections.deque = collections.deque(maxlen=_REPEAT_LOOKBACK)  # [run, object, its description]
    copies: dict[int, list[float]] = {}  # run -> how far off it each dropped repeat of it stands
    for i in range(pdfium_c.FPDFPage_CountObjects(page)):
        handle = pdfium_c.FPDFPage_GetObject(page, i)
        if pdfium_c.FPDFPageObj_GetType(handle) != pdfium_c.FPDF_PAGEOBJ_TEXT:
            continue
        run = runs.get(ctypes.addressof(handle.contents))
        if run is not None:
            recent.append([run, handle, None])
            continue
        dropped = described(handle)
        if dropped is None or dropped[2][2] <= dropped[2][0]:
            continue
        font, size, bounds = dropped
        width, height = bounds[2] - bounds[0], bounds[3] - bounds[1]
        for earlier_object in reversed(recent):
            if earlier_object[2] is None:
                earlier_object[2] = described(earlier_object[1]) or (None, 0.0, (0.0,) * 4)
            earlier_run, (earlier_font, earlier_size, earlier) = earlier_object[0], earlier_object[2]
            shift = bounds[0] - earlier[0]
            if earlier_font == font and earlier_size == size \
                    and abs(earlier[2] - earlier[0] - width) < 0.01 and abs(earlier[3] - earlier[1] - height) < 0.01 \
                    and abs(earlier[1] - bounds[1]) < 0.01 and abs(shift) > width:
                copies.setdefault(earlier_run, []).append(shift)
                break
    if not copies:
        return chars, char_fonts
    members: dict[int, list[int]] = {}  # run -> its characters' indices
    for k, g in enumerate(chars):
        if g.run in copies:
            members.setdefault(g.run, []).append(k)
    # Only signs: a letter PDFium left out is one another glyph gives too (Chromium's Arabic maps a tanween's glyph
    # to the alef under it and the tanween, and draws the alef as well).
    after = {own[-1]: (run, own) for run, own in members.items()
             if all(not chars[k].char.strip() or unicodedata.category(chars[k].char)[0] in "PS" for k in own)}
    if not after:
        return chars, char_fonts
    out, out_fonts = [], []
    new_run = len(runs)
    for k, g in enumerate(chars):
        out.append(g)
        out_fonts.append(char_fonts[k])
        if k in after:  # the last character of a run repeated: each repeat's copy after it
            run, own = after[k]
            for shift in copies[run]:
                out += [chars[j]._replace(run=new_run, left=chars[j].left + shift, right=chars[j].right + shift,
                                          origin=None if chars[j].origin is None else chars[j].origin + shift)
                        for j in own]
                out_fonts += [char_fonts[j] for j in own]
                new_run += 1
    return out, out_fonts


def _ligatures_in_order(glyphs: list[Glyph]) -> None:
    """Put the letters of each ligature glyph in logical order. A ligature is one glyph for its letters (lam-alef; the
    lam-lam-heh of الله that Chromium's Noto Naskh draws), and PDFium gives them, each with the glyph's box, in the
    order of the font's map: last first for most producers' fonts (XeLaTeX's and Chromium's Noto Naskh), first first
    for others (XeLaTeX's Noto Sans Arabic). Inside a ligature every letter but the last joins the next one, so an
    order that puts a letter that joins no next one (an alef) before another is the wrong one; where either order
    could be right (لم, الله), the page's other ligatures tell which way its fonts map them (last first when none
    does)."""
    runs = []
    i = 0
    while i < len(glyphs):
        end = i + 1
        while end < len(glyphs) and glyphs[end][3:7] == glyphs[i][3:7] and _ligature_letter(glyphs[end]):
            end += 1
        if end - i > 1 and _ligature_letter(glyphs[i]):
            runs.append((i, end))
        i = end
    if not runs:
        return

    def joined(letters: list[Glyph]) -> bool:
        return not any(g.char in _RIGHT_JOINING for g in letters[:-1])

    given = [(joined(glyphs[i:end]), joined(glyphs[i:end][::-1])) for i, end in runs]
    as_given = sum(1 for forwards, backwards in given if forwards and not backwards)
    turned = sum(1 for forwards, backwards in given if backwards and not forwards)
    for (i, end), (forwards, backwards) in zip(runs, given):
        if backwards and not forwards or forwards == backwards and turned >= as_given:
            glyphs[i:end] = glyphs[i:end][::-1]


def _decorative_tatweels(chars: list[Glyph], char_fonts: list[bytes],
                         tatweels: dict[str, frozenset[Kashida]]) -> set[int]:
    """The tatweels that stand between two letters where their font puts one of its own (Amiri's kashida between
    a lam and a kaf, `fonts.inserted_tatweels`, with the letters around where its rules say): in a font whose map was
    rebuilt, the glyph is the typed tatweel's too, and the font's outnumber the typed ones there (ps2pdf's rewrites of
    XeLaTeX's UDHR and SDG: 29 to 9)."""
    out = set()
    for i, g in enumerate(chars):
        if g.char != TATWEEL or g.generated:
            continue
        pairs = tatweels.get(without_subset_prefix(char_fonts[i].decode("latin-1")))
        if not pairs:
            continue
        first, second = _beside(chars, i, -1), _beside(chars, i, 1)
        around = (_beside(chars, first, -1), first, second, _beside(chars, second, 1))
        before, a, b, after = (chars[k].char if k is not None and chars[k].char.strip() else "" for k in around)
        if a and b and (is_inserted_tatweel(pairs, before, a, b, after)  # the library's order, logical or visual
                        or is_inserted_tatweel(pairs, after, b, a, before)):
            out.add(i)
    return out


def _beside(chars: list[Glyph], k: int | None, step: int) -> int | None:
    """The glyph next to glyph k that way (-1 or 1) in the library's order, marks passed over; None at an end."""
    if k is None:
        return None
    k += step
    while 0 <= k < len(chars) and _is_mark(chars[k].char):
        k += step
    return k if 0 <= k < len(chars) else None


def _is_kashida_glyph(glyphs: list[Glyph], i: int) -> bool:
    """Whether glyph i stretches an Arabic word: a control code, or an "=" or an Arabic letter drawn as a flat stroke
    on the baseline next to an Arabic letter (other such strokes, spaces and line breaks passed over). LibreOffice
    maps its kashida glyph to "=", 0.08 of the size high where an equals sign's bars stand 0.3-0.5 above the baseline;
    WeasyPrint maps the strokes by which Amiri joins a lam to a kaf, or a khah to a beh, to the letter they follow
    (`للكسمبرغ`, `الخحبراء`; pdftotext reads them so), 0.09 of the size high where no letter stands under 0.3."""
    g = glyphs[i]
    if g.char < " ":
        return g.char not in "\r\n\x02"
    if g.top - g.bottom >= _FLAT * g.size:
        return False
    # (a letter's stroke: all its ink that flat, where a final yeh's tail reaches under the baseline, and its letter
    # the one before it, or that letter without its dots, as the font's glyphs for the one letter)
    if g.char != "=" and not (
            not g.generated and g.char != TATWEEL and g.char.isalpha() and unicodedata.bidirectional(g.char) == "AL"
            and g.ink_bottom is not None and g.top - g.ink_bottom < _FLAT_LETTER * g.size and i > 0
            and _SKELETON.get(glyphs[i - 1].char, glyphs[i - 1].char) == _SKELETON.get(g.char, g.char)):
        return False
    for step in (-1, 1):
        j = i + step
        while 0 <= j < len(glyphs) and glyphs[j].char in "= \r\n":
            j += step
        if 0 <= j < len(glyphs) and unicodedata.bidirectional(glyphs[j].char) == "AL":
            return True
    return False


_FLAT = 0.15  # font sizes: a stroke no higher above the baseline than this is no equals sign
_FLAT_LETTER = 0.12  # font sizes: WeasyPrint's Amiri joining strokes 0.095-0.097 high, a Chromium lam 0.14
_SKELETON = {"خ": "ح", "ج": "ح"}  # letters that differ by their dots only


def _swapped(ch: str) -> str | None:
    """The Latin letter whose UTF-16 code unit, its two bytes swapped, is this character (昀 U+6600 -> f), or None."""
    code = ord(ch)
    low, high = code & 0xFF, code >> 8
    return chr(high) if low == 0 and ("A" <= chr(high) <= "Z" or "a" <= chr(high) <= "z") else None


_SWAPPED = re.compile("[" + "".join(chr(ord(c) << 8) for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
                      + "]")


def _unswapped_ligatures(glyphs: list[Glyph]) -> None:
    """Ghostscript's pdfwrite maps a ligature glyph to its letters as UTF-16 code units with their bytes swapped
    (fi -> <66006900>, read 昀椀): a run of such characters next to a Latin letter (a line-end hyphen mark and line
    break passed over) is read as the letters. Its ffi mapping, <6600cf00>, names the f and then a unit that swaps to
    no letter (U+CF00): a second unit of that form in the box of a swapped f is read as the "fi" of ffi (the three-
    letter f ligature of the words these languages use; ffl, rarer, cannot be told from it)."""
    if not _SWAPPED.search("".join(g.char for g in glyphs)):
        return
    k = 0
    while k < len(glyphs):
        if glyphs[k].generated or _swapped(glyphs[k].char) is None:
            k += 1
            continue
        end = k
        while end + 1 < len(glyphs) and not glyphs[end + 1].generated and _swapped(glyphs[end + 1].char):
            end += 1
        beside = (_letter_beside(glyphs, k, -1), _letter_beside(glyphs, end, 1))
        # (not beside an ideograph: 一, U+4E00, is N swapped, and Chinese puts Latin words in its lines: Kunarac一案)
        if any(ch.isascii() and ch.isalpha() for ch in beside) and not any(_is_cjk(ch) for ch in beside if ch):
            for j in range(k, end + 1):
                glyphs[j] = glyphs[j]._replace(char=_swapped(glyphs[j].char))
            after = glyphs[end + 1] if end + 1 < len(glyphs) else None
            if glyphs[end].char == "f" and after is not None and _is_unnamed_unit(after.char) and \
                    (after.left, after.right) == (glyphs[end].left, glyphs[end].right):
                glyphs[end + 1] = after._replace(char="f")
                glyphs.insert(end + 2, after._replace(char="i"))
                end += 2
        k = end + 1


def _unmangled_arabic(glyphs: list[Glyph]) -> None:
    """Ghostscript's pdfwrite, rewriting a PDF whose font maps one glyph to two Arabic characters (Typst's lam-alef,
    its alef with tanween), writes the second one's code unit with the first one's low byte for its high byte (لا as
    <0644 4427>, read ل䐧; اً as <0627 274B>, read ا❋; pdftotext reads them so): a character beside an Arabic one
    of the same glyph (its box), whose high byte is that one's low byte, is the Arabic character of its low byte,
    where one glyph can give both: an alef after a lam, or a mark. (Its maps of a letter with two marks are mangled
    otherwise, `<0651 5194>` for a shadda and a fatha, and are left as they are.)"""
    for k, g in enumerate(glyphs):
        code = ord(g.char)
        if g.generated or not 0x2000 <= code <= 0xFFFF or 0x0600 <= code <= 0x06FF:
            continue
        meant = chr(0x0600 | code & 0xFF)
        if unicodedata.category(meant) == "Cn":
            continue
        for j in (k - 1, k + 1):
            if 0 <= j < len(glyphs) and glyphs[j][3:7] == g[3:7] and 0x0600 <= ord(glyphs[j].char) <= 0x06FF \
                    and ord(glyphs[j].char) & 0xFF == code >> 8 \
                    and (_is_mark(meant) or glyphs[j].char == "ل" and meant in "اأإآ"):
                glyphs[k] = g._replace(char=meant)
                break


def _letter_beside(glyphs: list[Glyph], k: int, step: int) -> str:
    """The first character before (step -1) or after (step 1) glyph k that is not a line-end hyphen mark or a line
    break PDFium put there, or ""."""
    j = k + step
    while 0 <= j < len(glyphs) and glyphs[j].char in "\x02\r\n":
        j += step
    return glyphs[j].char if 0 <= j < len(glyphs) else ""


def _is_unnamed_unit(ch: str) -> bool:
    """A character whose UTF-16 code unit, bytes swapped, is a Latin-1 character other than a letter of A-Z
    (Ghostscript's U+CF00 in its ffi mapping)."""
    code = ord(ch)
    return 0x100 <= code <= 0xFFFF and code & 0xFF == 0 and _swapped(ch) is None and (code >> 8) >= 0x80


_LAM_ALEF_AS_MARK = {"\u061d": "ا", "\u061f": "آ"}  # ARABIC END OF TEXT MARK, ARABIC QUESTION MARK
_NEAR = 3  # stream positions
_OFF_BASELINE = 0.05  # font sizes: a glyph this far off its neighbour's baseline is no letter beside it (0.11)
_SAME_EDGE = 0.02  # font sizes: two letters of one ligature glyph share its left edge (0.00 in XeLaTeX's lam-alef)
_FAR = 8  # stream positions


def _cluster_copy(glyphs: list[Glyph], i: int, reach: int = _FAR) -> list[int]:
    """The marks that one glyph's text gives together with the letter at `i`: marks with the letter's very box, or
    (PDFium cutting a glyph's box into one piece per character, right to left) marks on its baseline whose narrow
    pieces continue its box leftwards, up to `reach` places away in the stream."""
    g = glyphs[i]
    same = [j for j in range(max(0, i - _NEAR), min(len(glyphs), i + _NEAR + 1))
            if j != i and _is_mark(glyphs[j].char) and glyphs[j][3:7] == g[3:7]]
    if same:
        return same
    pieces, edge = [], g.left
    near = range(max(0, i - reach), min(len(glyphs), i + reach + 1))
    while True:
        nxt = next((j for j in near if j not in pieces and _is_mark(glyphs[j].char)
                    and abs(glyphs[j].right - edge) < 0.01 and abs(glyphs[j].bottom - g.bottom) < 0.01
                    and glyphs[j].right - glyphs[j].left < 0.3 * g.size), None)
        if nxt is None:
            break
        pieces.append(nxt)
        edge = glyphs[nxt].left
    return pieces if g.right - g.left < 0.3 * g.size else []


def _with_pieces(glyphs: list[Glyph], i: int, box: list[int] | None = None) -> Glyph:
    """The glyph at `i` with the box of its whole glyph: PDFium cuts the box of a glyph that gives a letter and its
    marks into one piece per character (`_cluster_copy`, or `box` where already found)."""
    pieces = [glyphs[i]] + [glyphs[j] for j in (_cluster_copy(glyphs, i) if box is None else box)]
    return glyphs[i]._replace(left=min(g.left for g in pieces), right=max(g.right for g in pieces))


def _ligature_letter(g: Glyph) -> bool:
    """Whether the glyph gives an Arabic letter (no tatweel, no mark) PDFium may give as one of a ligature's."""
    return not g.generated and unicodedata.bidirectional(g.char) == "AL" and g.char != TATWEEL and g.char.isalpha()


def _letters_given_with_marks(glyphs: list[Glyph], reach: int,
                              places: Iterable[int] | None = None) -> Iterator[tuple[int, Glyph, list[int]]]:
    """Each Arabic letter whose glyph's text gives marks with it (of those at `places`, if given): its place, the
    glyph, those marks' places (`_cluster_copy`)."""
    for i in range(len(glyphs)) if places is None else places:
        g = glyphs[i]
        if not g.generated and not _is_mark(g.char) and unicodedata.bidirectional(g.char) == "AL":
            box = _cluster_copy(glyphs, i, reach)
            if box:
                yield i, g, box


def _without_repeated_clusters(glyphs: list[Glyph]) -> list[Glyph]:
    """The glyphs less a glyph whose text repeats its whole cluster: Typst maps Amiri's shadda over a dal to "دَّ"
    and the tanween over an alef to "اً", so PDFium gives a letter with the box of the marks beside it (or that box
    cut in pieces) while the letter's own glyph stands next to it (المهدددَّة for المهدَّدة, نماًواً for نمواً). Such
    a letter goes; its marks go too where other glyphs nearby draw the same marks."""
    if not _has_marks(glyphs):
        return glyphs
    drop: set[int] = set()
    by_char: dict[str, list[int]] = {}
    for j, h in enumerate(glyphs):
        by_char.setdefault(h.char, []).append(j)

    def off_baseline(i: int) -> float:
        """How far glyph i stands off the baseline of the letters of other objects near it in the stream."""
        bottoms = [h.bottom for h in glyphs[max(0, i - _FAR):i + _FAR + 1]
                   if h.run != glyphs[i].run and _is_letter(h) and abs(h.bottom - glyphs[i].bottom) < glyphs[i].size]
        return abs(glyphs[i].bottom - statistics.median(bottoms)) if bottoms else 0.0

    # (Those furthest off the baseline first: where the letter's glyph and the glyph of its marks both give the
    # cluster, Typst's Noto Naskh mapping each to "كّ", the marks' copy goes and the letter's stays, with its box:
    # `أ كّدت` read.)
    for i, g, box in sorted(_letters_given_with_marks(glyphs, _FAR), key=lambda found: -off_baseline(found[0])):
        near = range(max(0, i - _FAR), min(len(glyphs), i + _FAR + 1))
        # The letter's own glyph: drawn under the copy, or touching it and next to it in the stream when the copy
        # has the marks' box or stands off the letter's baseline (Chromium draws the tanween of وفضلاً raised, mapped
        # to "اً" as the alef's glyph is: two letters of one word share their baseline).
        whole = glyphs[box[0]][3:7] == g[3:7]
        twin = [j for j in near if j != i and j not in drop and glyphs[j].char == g.char and glyphs[j][3:7] != g[3:7]
                and abs(glyphs[j].bottom - g.bottom) < 0.5 * g.size
                and max(glyphs[j].left, g.left) - min(glyphs[j].right, g.right) < (
                    0.1 * g.size if (whole or abs(glyphs[j].bottom - g.bottom) > _OFF_BASELINE * g.size)
                    and abs(j - i) <= _NEAR else 0)]
        if not twin:
            # A copy whose letter's own glyph the stream gives further away (Typst's damma over an alef with hamza,
            # mapped to "أُ", after a run of figures the line prints between them; its tanween over the alef of
            # انتشاراً, a word in visual order between them; its sheen with a shadda and a fatha, both glyphs cut in
            # pieces): the same letter drawn at the same place.
            copy = _with_pieces(glyphs, i)
            twin = [j for j in by_char[g.char] if j != i and j not in drop and glyphs[j][3:7] != g[3:7]
                    and abs(g.bottom - glyphs[j].bottom) < 0.5 * g.size
                    and glyphs[j].right > copy.left  # (its pieces stand left of it: nothing right of it can overlap)
                    and _overlap_by_half(_with_pieces(glyphs, j), copy)]
            if twin:
                near = range(max(0, twin[0] - _FAR), min(len(glyphs), twin[0] + _FAR + 1))
        if not twin:
            continue
        drop.add(i)
        others = sorted(glyphs[j].char for j in near if _is_mark(glyphs[j].char) and j not in box
                        and abs(glyphs[j].bottom - g.bottom) < 0.5 * g.size
                        and max(glyphs[j].left, g.left) - min(glyphs[j].right, g.right) < g.size)
        # (or its twin's own object gives them: Typst's raised copy `شُ` in pieces, over the letter's `شُ`)
        given = sorted(glyphs[k].char for k in near if -1 != glyphs[k].run == glyphs[twin[0]].run and k != twin[0]
                       and _is_mark(glyphs[k].char))
        if sorted(glyphs[j].char for j in box) in (others, given):
            drop.update(box)
    kept = [g for i, g in enumerate(glyphs) if i not in drop] if drop else glyphs
    again = _repeated_marks(kept)
    return [g for i, g in enumerate(kept) if i not in again] if again else kept


def _repeated_marks(glyphs: list[Glyph]) -> set[int]:
    """The glyphs of the text objects of marks only that draw the marks a letter's glyph already gives with it, over
    that glyph: Typst maps Amiri's ya under a shadda and a fatha to "يَّ" and the glyph of those marks to "َّ" as well
    (تعاقديَّةَّ for تعاقديَّة, and the tanween of مباشرًاً)."""
    found: set[int] = set()
    of_object: dict[int, list[int]] = {}
    for k, h in enumerate(glyphs):
        of_object.setdefault(h.run, []).append(k)
    # Where such objects start; only the letters near one are looked at (most pages have none).
    starts = sorted(own[0] for run, own in of_object.items() if run != -1 and all(_is_mark(glyphs[k].char) for k in own))
    if not starts:
        return found
    # (further than a copy is looked for: Typst gives a word in visual order between the letter and its pieces; a
    # letter's pieces stand within 2 * _FAR of it, the objects looked for within _FAR of those)
    near = sorted({i for j in starts for i in range(max(0, j - 3 * _FAR), min(len(glyphs), j + 2 * _FAR + 1))})
    for i, g, box in _letters_given_with_marks(glyphs, 2 * _FAR, near):
        whole = _with_pieces(glyphs, i, box)
        marks = sorted(glyphs[j].char for j in box)
        for j in starts[bisect.bisect_left(starts, i - 2 * _FAR):bisect.bisect_right(starts, max(box) + _FAR)]:
            drawn = of_object[glyphs[j].run]
            if j not in box and j not in found and sorted(glyphs[k].char for k in drawn) == marks and \
                    _overlap_by_half(whole, glyphs[j]._replace(left=min(glyphs[k].left for k in drawn),
                                                               right=max(glyphs[k].right for k in drawn))):
                found.update(drawn)
    return found


_BOLD_WORDS = "semibold|demibold|bold|black|heavy|demi"  # in a font's name, a weight above the regular


def _bold_by_name(name: str, flags: int) -> bool | None:
    """Whether a font is bold by its name or its ForceBold flag; None when neither tells ("F1", subset names)."""
    if re.search("(?i)" + _BOLD_WORDS, name) or flags & (1 << 18):
        return True
    if re.search(r"(?i)regular|roman|book|medium|light|italic|oblique|-it$", name):
        return False  # Chromium's subsets of Noto say "Regular" and carry a weight of 704
    return None


def _family(name: str) -> str:
    """A font's name without its subset prefix and its bold style (`ABCDEF+Noto-Serif-Bold` -> `Noto-Serif`)."""
    return re.sub(r"(?i)[-,]?(?:" + _BOLD_WORDS + r")\w*$", "", without_subset_prefix(name))


def _regular_beside_bold(chars: list[Glyph], char_fonts: list[bytes], bold_by_name: dict[bytes, bool | None],
                         bold_families: set[str]) -> None:
    """A font whose name says nothing of its weight (None in `bold_by_name`, `_bold_by_name` of each font) is the
    regular face of a family whose bold face is named so (`Noto-Serif` beside `Noto-Serif-Bold`), whatever weight
    PDFium reads from its descriptor: Ghostscript writes a StemV of 419 into both, which PDFium takes for bold, and
    headings ran into the paragraphs before them."""
    bold_families.update(_family(name.decode("latin-1")) for name, bold in bold_by_name.items() if bold)
    regular = {name for name, bold in bold_by_name.items()
               if bold is None and without_subset_prefix(name.decode("latin-1")) in bold_families}
    for i, name in enumerate(char_fonts):
        if name in regular and chars[i].bold:
            chars[i] = chars[i]._replace(bold=False)


def _pdfium_rules(page) -> list[Rule]:
    """Horizontal lines drawn on the page: paths (and images) much wider than tall."""
    import ctypes

    import pypdfium2.raw as pdfium_c

    wanted = (pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_IMAGE)
    box = [ctypes.c_float() for _ in range(4)]
    rules = []

    def visit(count: int, get, parent, depth: int) -> None:
        # The raw calls, not page.get_objects: a page of text is thousands of objects, and a Python object made for
        # each cost more than reading the rest of the page.
        for i in range(count):
            handle = get(parent, i)
            kind = pdfium_c.FPDFPageObj_GetType(handle)
            if kind in wanted and pdfium_c.FPDFPageObj_GetBounds(handle, *box):
                left, bottom, right, top = (v.value for v in box)
                if right - left >= 20 and top - bottom <= 3 and top - bottom < (right - left) / 10:
                    rules.append(Rule(left, right, (top + bottom) / 2, top - bottom))
            elif kind == pdfium_c.FPDF_PAGEOBJ_FORM and depth < 3:  # page.get_objects(max_depth=4), as before
                visit(pdfium_c.FPDFFormObj_CountObjects(handle), pdfium_c.FPDFFormObj_GetObject, handle, depth + 1)

    visit(pdfium_c.FPDFPage_CountObjects(page), pdfium_c.FPDFPage_GetObject, page, 0)
    return _merge_rules(rules)


def _merge_rules(rules: list[Rule]) -> list[Rule]:
    """Pieces of one rule drawn end to end (Word draws the masthead rule in three) become one."""
    merged: list[Rule] = []
    for rule in sorted(rules, key=lambda r: (round(r.y), r.left)):
        last = merged[-1] if merged else None
        if last and abs(last.y - rule.y) < 1 and rule.left <= last.right + 15:
            merged[-1] = Rule(last.left, max(last.right, rule.right), last.y, max(last.thickness, rule.thickness))
        else:
            merged.append(rule)
    return merged


def pdfium_pages(path, first: int | None = None) -> list[Page]:
    """The pages of a PDF read with pypdfium2 (only the `first` ones, when given). Raises pypdfium2.PdfiumError for
    a file it cannot open."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    source, tatweels = repaired(Path(path))
    document = pdfium.PdfDocument(str(source) if isinstance(source, Path) else source)
    pages = []
    bold_families: set[str] = set()
    try:
        for number in range(len(document) if first is None else min(first, len(document))):
            page = document[number]
            try:
                width, height = page.get_size()
                glyphs = _pdfium_glyphs(page, bold_families, tatweels)
                rules = _pdfium_rules(page)
                blank = pdfium_c.FPDFPage_CountObjects(page) == 0
            finally:
                page.close()
            pages.append(Page(number, width, height, rows_of(glyphs, number, spaces_from_gaps=False,
                                                             visual_rtl=VISUAL_RTL), rules, blank))
    finally:
        document.close()
    return pages


# --- pdfplumber (pdfminer.six), for the benchmark ------------------------------------------------------------------

def pdfplumber_pages(path) -> list[Page]:
    """The pages of a PDF read with pdfplumber: characters in content-stream order, spaces as printed."""
    import pdfplumber

    pages = []
    with pdfplumber.open(str(path)) as pdf:
        for number, page in enumerate(pdf.pages):
            height = float(page.height)
            glyphs = []
            for c in page.chars:
                size = float(c.get("size") or 0)
                bold = bool(re.search("(?i)" + _BOLD_WORDS, c.get("fontname", "")))
                glyphs.append(Glyph(c["text"], False, size, float(c["x0"]), height - float(c["bottom"]),
                                    float(c["x1"]), height - float(c["top"]), bold))
            rules = []
            for shape in list(page.lines) + list(page.rects):
                w, h = float(shape["x1"]) - float(shape["x0"]), float(shape["bottom"]) - float(shape["top"])
                if w >= 20 and h <= 3:
                    rules.append(Rule(float(shape["x0"]), float(shape["x1"]),
                                      height - (float(shape["top"]) + float(shape["bottom"])) / 2, max(h, 0.1)))
            pages.append(Page(number, float(page.width), height, rows_of(glyphs, number), _merge_rules(rules)))
    return pages


# --- docling-parse, for the benchmark ------------------------------------------------------------------------------

def docling_pages(path) -> list[Page]:
    """The pages of a PDF read with docling-parse: its character cells, in its order."""
    from docling_parse.pdf_parser import DoclingPdfParser

    parser = DoclingPdfParser(loglevel="fatal")
    document = parser.load(path_or_stream=str(path))
    pages = []
    for number, page in document.iterate_pages():
        number -= 1
        height = float(page.dimension.height)
        width = float(page.dimension.width)
        glyphs = []
        for cell in page.char_cells:
            box = cell.rect.to_bounding_box()
            if box.coord_origin.name == "TOPLEFT":
                bottom, top = height - box.b, height - box.t
            else:
                bottom, top = box.b, box.t
            bottom, top = min(bottom, top), max(bottom, top)
            bold = bool(re.search("(?i)" + _BOLD_WORDS, getattr(cell, "font_name", "") or ""))
            size = top - bottom
            glyphs.append(Glyph(cell.text, False, size, box.l, bottom, box.r, top, bold))
        rules = []
        for shape in getattr(page, "shapes", []):
            xs = [p[0] for p in shape.points]
            ys = [p[1] for p in shape.points]
            if xs and max(xs) - min(xs) >= 20 and max(ys) - min(ys) <= 3:
                y = (max(ys) + min(ys)) / 2
                rules.append(Rule(min(xs), max(xs), height - y if shape.coord_origin.name == "TOPLEFT" else y,
                                  max(max(ys) - min(ys), 0.1)))
        pages.append(Page(number, width, height, rows_of(glyphs, number), _merge_rules(rules)))
    return pages


# --- glyphs -> segments -> rows ------------------------------------------------------------------------------------

_SEGMENT_GAP = 0.8  # a gap wider than this many font sizes between two glyphs ends a segment
_SPACE_GAP = 0.15  # a gap wider than this many font sizes between two glyphs, with no space there, is a space
_SUPERSCRIPT = 0.8  # digits smaller than this share of the line's size and raised are superscripts
_BELOW_LINE = 0.5  # font sizes: a smaller glyph whose top is this far below a baseline is another line's


def _lines_in_stream(glyphs: list[Glyph]) -> list[list[Glyph]]:
    """The glyphs cut into lines where the library puts a line break or the baseline jumps."""
    lines: list[list[Glyph]] = [[]]
    last: Glyph | None = None
    for g in glyphs:
        if g.char == "\n" or g.char in _PDFIUM_LINE_END_HYPHENS:
            if g.char in _PDFIUM_LINE_END_HYPHENS:
                lines[-1].append(g._replace(char=LINE_END_HYPHEN, generated=False))
            lines.append([])
            last = None
            continue
        if g.char == "\r":
            continue
        visible = not g.generated and g.char.strip() and not _is_mark(g.char)
        if visible and last is not None and g.size >= _SUPERSCRIPT * last.size and last.size >= _SUPERSCRIPT * g.size:
            jump = abs(g.bottom - last.bottom) > 0.6 * max(g.size, last.size) and \
                abs(g.top - last.top) > 0.6 * max(g.size, last.size)
            if jump:
                lines.append([])
        elif visible and last is not None and last.size < _SUPERSCRIPT * g.size and \
                last.top < g.bottom - _BELOW_LINE * g.size:
            # The smaller glyph before lies wholly below this one's baseline: it is another line's (a note call is
            # raised, a subscript reaches above the baseline). XeLaTeX in Amiri draws the call of a paragraph's
            # second line by a text object of its own, which PDFium gives before the first line's letters.
            lines.append([])
        lines[-1].append(g)
        if visible:
            last = g
    # Combining marks PDFium put on a line of their own belong to the line above, or to a letter below them (below).
    merged: list[list[Glyph]] = []
    alone: set[int] = set()  # the marks of such lines, which may belong to another line near them (below)
    for raw in lines:
        if merged and raw and all(g.generated or not g.char.strip() or _is_mark(g.char) for g in raw):
            merged[-1].extend(raw)
            alone.update(id(g) for g in raw if _is_mark(g.char))
        else:
            merged.append(raw)
    # A mark that opens a line of the stream, before its first letter (or stands in one without letters), over the
    # last letter of another line near it in the stream on the same baseline goes there (the tanween of a word that
    # ends one run of LibreOffice's text, the run after it drawn first; XeLaTeX's and LibreOffice's `وإنصافاً،`, whose
    # comma and tanween open the next run, read `وإنصافا،ً`: no mark follows a stop).
    for k in range(len(merged) if _has_marks(glyphs) else 0):
        lead = 0
        while lead < len(merged[k]) and unicodedata.category(merged[k][lead].char)[0] != "L":
            lead += 1
        if not any(unicodedata.category(g.char)[0] == "L" for g in merged[k]):
            lead = len(merged[k])  # a line of marks and punctuation only (".ً")
        lone = [g for g in merged[k][lead:] if id(g) in alone]  # (WeasyPrint draws a tanween by a text object of
        # its own, between lines of its stream: over the alef that ends the next one, وفقــاً read وفقــا)
        for g in [g for g in merged[k][:lead] if _is_mark(g.char)] + lone:
            centre = _centre(g)
            home = next((line for line in merged[max(0, k - 3):k] + merged[k + 1:k + 4] if any(
                not b.generated and not _is_mark(b.char) and b.left - 0.5 <= centre <= b.right + 0.5
                and abs(b.bottom - g.bottom) < 0.5 * b.size for b in line[-3:])), None)
            if home is not None:
                home.append(g)
                merged[k] = [h for h in merged[k] if h is not g]
    for k in range(len(merged)):
        _raised_letter_put_back(merged, k)
    return [_place_marks(raw) for raw in merged if raw]


_RAISED = 0.6  # font sizes: a letter given a line of its own this little above a letter beside it is on that line


def _raised_letter_put_back(lines: list[list[Glyph]], k: int) -> None:
    """A line of the stream that is one Arabic letter with its marks, raised off the baseline of a letter beside it
    in a line near it in the stream (within half a size), goes into that line beside that letter, on its baseline:
    Chromium gives `أُ` of `أُحرز` the box of the hamza and damma alone, 0.47 of the size up (the alef's stem drawn
    with no text), a line of its own that opened a paragraph."""
    letters = [g for g in lines[k] if not g.generated and g.char.strip() and not _is_mark(g.char)]
    if len(letters) != 1 or unicodedata.bidirectional(letters[0].char) != "AL" or \
            unicodedata.category(letters[0].char)[0] != "L":
        return
    g = letters[0]

    def apart(b: Glyph) -> float:
        return max(b.left - g.right, g.left - b.right)

    near = [(apart(b), line, b) for line in lines[max(0, k - 3):k] + lines[k + 1:k + 4] for b in line
            if not b.generated and unicodedata.bidirectional(b.char) == "AL" and b.size * _SUPERSCRIPT <= g.size
            and 0 < g.bottom - b.bottom < _RAISED * b.size and apart(b) < 0.5 * b.size]
    if not near:
        return
    _, home, b = min(near, key=lambda found: found[0])
    at = home.index(b) + (0 if _centre(g) > _centre(b) else 1)  # right to left: the letter on b's right comes first
    home[at:at] = [h._replace(bottom=b.bottom) for h in lines[k] if not h.generated]
    lines[k] = []


_MARK_REACH = 0.5  # font sizes: a mark stands over its letter or beside it (its box is the advance after the letter)


def _base_in_object(raw: list[Glyph], i: int) -> int | None:
    """The letter a combining mark belongs to by the text layer: the last letter before it in the library's order
    drawn by the same text object, if the mark's box stands within `_MARK_REACH` of it. A producer draws a letter and
    its marks by one object (Chromium draws each glyph by one, Typst each word), and PDFium gives a mark after its
    letter; the mark's box, the advance after the letter, can stand over the next one (Typst's يُقاس, Chromium's
    الجيّد: the box of the mark lies beside the letter, on the next one's side)."""
    g = raw[i]
    if g.run == -1:
        return None
    for j in range(i - 1, -1, -1):
        b = raw[j]
        if b.generated or b.run != g.run or _is_mark(b.char):
            continue
        if unicodedata.category(b.char)[0] != "L":
            return None
        centre = _centre(g)
        reach = _MARK_REACH * b.size
        return j if b.left - reach <= centre <= b.right + reach and abs(b.bottom - g.bottom) < 0.5 * b.size \
            else None
    return None


def _place_marks(raw: list[Glyph]) -> list[Glyph]:
    """The glyphs of a line with each combining mark (Arabic harakat) after the letter it belongs to: the one the
    text layer gives (`_base_in_object`), else the one it stands over."""
    marks_of: dict[int, list[Glyph]] = {}
    placed = set()
    for i, g in enumerate(raw):
        if g.generated or not _is_mark(g.char):
            continue
        centre = (g.left + g.right) / 2
        # A combining mark goes on a letter (a tanween drawn over the comma after its alef is the alef's).
        letters = [j for j, b in enumerate(raw) if not b.generated and unicodedata.category(b.char)[0] == "L"]
        own = _base_in_object(raw, i)
        bases = [own] if own is not None else \
            [j for j in letters if raw[j].left - 0.5 <= centre <= raw[j].right + 0.5]
        if not bases:  # a mark set beside its letter (a shadda over a narrow letter): the nearest letter, if clearly
            def distance(j: int) -> float:
                return min(abs(centre - raw[j].left), abs(centre - raw[j].right))
            near = sorted((j for j in letters if distance(j) < 0.3 * raw[j].size), key=distance)
            bases = near[:1] if len(near) == 1 or near and distance(near[0]) < 0.5 * distance(near[1]) else []
        if bases:
            base = min(bases, key=lambda j: abs(raw[j].bottom - g.bottom))
            if base + 1 < len(raw) and raw[base].char == "ل" and raw[base + 1].char in "اأإآ" and \
                    raw[base + 1][3:7] == raw[base][3:7]:
                base += 1  # a mark over a lam-alef glyph: the alef's (عقلاً, إلاّ as the UN texts write them)
            marks_of.setdefault(base, []).append(g)
            placed.add(i)
    if not placed:
        return raw
    out = []
    for i, g in enumerate(raw):
        if i not in placed:
            out.append(g)
            out.extend(marks_of.get(i, []))
    # A space PDFium made up where a mark stood, between two letters that touch, is no space.
    letters = [i for i, g in enumerate(out) if not g.generated and g.char.strip() and not _is_mark(g.char)]
    false = set()
    for a, b in zip(letters, letters[1:]):
        between = range(a + 1, b)
        if any(out[k].char == " " and out[k].generated for k in between) and \
                min(abs(out[a].left - out[b].right), abs(out[b].left - out[a].right)) < 0.1 * out[a].size:
            false.update(k for k in between if out[k].char == " ")
    return [g for k, g in enumerate(out) if k not in false]


def _segments_of_line(raw: list[Glyph], spaces_from_gaps: bool, visual_rtl: bool = False,
                      page_rtl: bool = False) -> list[Segment]:
    """One stream line cut into segments at wide gaps; raised small digits marked as superscripts.

    `visual_rtl`: put the characters of a right-to-left line in order by their positions (right to left, figures and
    Latin words left to right) rather than trust the library's order.
    """
    printed = [g for g in raw if not g.generated and g.char.strip() and not _is_mark(g.char)]
    if not printed:
        return []
    # Glyphs much smaller than the largest set aside: in a line as short as "元¹" (a paragraph's last), a footnote
    # call would pull the median down to small print.
    largest = max(g.size for g in printed)
    size = statistics.median(g.size for g in printed if g.size >= _SUPERSCRIPT * largest)
    # Right to left when its letters are mostly Arabic or Hebrew; figures and punctuation have no say ("عام 2030").
    # On a right-to-left page, also a line of no letters whose brackets, read left to right, face away from what they
    # hold: the last line "2020 (3)" of an Arabic paragraph, printed "(3) 2020" with mirrored glyphs mapped to ")3(";
    # or that opens on the left with a stop: the last line "2015." of one, printed ".2015" (read so before).
    strong = [unicodedata.bidirectional(g.char) for g in printed]
    arabic = sum(1 for b in strong if b in ("R", "AL"))
    latin = sum(1 for b in strong if b == "L")
    shown = "".join(g.char for g in sorted(printed, key=lambda g: g.left))
    rtl = arabic > latin or page_rtl and (arabic > 0 or latin == 0 and (  # (arabic > 0: a symbol in an Arabic note)
        bool(_INVERTED_PAIR.search(shown)) or shown[0] in _STOPS and any(c.isdigit() for c in shown)))
    if rtl and visual_rtl:
        raw = _logical_from_positions(raw, size, _stream_is_logical(raw))
    pieces: list[list[Glyph]] = [[]]
    previous: Glyph | None = None
    edges = _left_to_right_runs(raw) if rtl else {}
    spaced = False  # a space character since the last visible glyph
    for g in raw:
        visible = not g.generated and g.char.strip() and not _is_mark(g.char)
        if visible and previous is not None:
            gap = previous.left - g.right if rtl else g.left - previous.right
            apart = gap > _SEGMENT_GAP * size or gap < -2 * size
            if rtl and _in_one_run(edges, previous, g):
                # Inside a run of figures and Latin letters, read left to right and its numbers put in their order
                # (2015-2030 printed 2030-2015): apart only where it leaves a wide gap going right.
                apart = g.left - previous.right > _SEGMENT_GAP * size
            elif rtl and not spaced and _touches_run(edges, previous, g, size):
                apart = False
            if apart:
                pieces.append([])
        pieces[-1].append(g)
        if visible:
            previous, spaced = g, False
        elif g.char.isspace():
            spaced = True
    segments = []
    for piece in pieces:
        segment = _segment(piece, size, rtl, spaces_from_gaps)
        if segment:
            segments.append(segment)
    return segments


_LTR_CLASSES = ("L", "EN", "AN")
_RUN_CLASSES = ("L", "EN", "AN", "ES", "CS", "ET")


def _left_to_right_runs(glyphs: list[Glyph]) -> dict[int, tuple[float, float]]:
    """Of a right-to-left line in logical order, the runs of figures and Latin letters (with the separators and
    signs among and beside them) that hold a figure or a letter: for each glyph of one, keyed by its id, the run's
    left and right ends. Such a run is drawn left to right, so the letter before it touches its right end and the one
    after it its left end (`و24,5%`: the waw touches the 5, not the first figure read)."""
    runs: list[list[Glyph]] = [[]]
    for g in glyphs:
        if not _printed(g):
            continue
        if unicodedata.bidirectional(g.char) in _RUN_CLASSES:
            runs[-1].append(g)
        elif runs[-1]:
            runs.append([])
    edges: dict[int, tuple[float, float]] = {}
    for run in runs:
        if len(run) > 1 and any(unicodedata.bidirectional(g.char) in _LTR_CLASSES for g in run):
            ends = (min(g.left for g in run), max(g.right for g in run))
            edges.update((id(g), ends) for g in run)
    return edges


def _in_one_run(edges: dict[int, tuple[float, float]], a: Glyph, b: Glyph) -> bool:
    """Whether two glyphs of a right-to-left line are of one left-to-right run (`_left_to_right_runs`), or both of
    the run classes (a lone figure beside a sign)."""
    run_a, run_b = edges.get(id(a)), edges.get(id(b))
    if run_a is not None or run_b is not None:
        return run_a is run_b
    return unicodedata.bidirectional(a.char) in _RUN_CLASSES and unicodedata.bidirectional(b.char) in _RUN_CLASSES


def _touches_run(edges: dict[int, tuple[float, float]], a: Glyph, b: Glyph, size: float) -> bool:
    """Whether, of two glyphs of a right-to-left line next in logical order with no space between, one is of a
    left-to-right run (`_left_to_right_runs`) whose end touches the other: the letter before the run at its right
    end, or the letter after it at its left end (closer than a space, `_SPACE_GAP`). Only then is the gap taken from
    the run's end: where the stream is not in logical order, a run of the library's order is no run of the page."""
    if id(a) not in edges and id(b) not in edges:
        return False
    left_of_a = edges[id(a)][0] if id(a) in edges else a.left
    right_of_b = edges[id(b)][1] if id(b) in edges else b.right
    return abs(left_of_a - right_of_b) < _SPACE_GAP * size
_LOGICAL_SHARE = 0.8  # of the steps between right-to-left letters in the library's order, the share that go left


_ALEFS = "اأإآ"
_INSIDE = 0.05  # of the font size: how far an alef's box may reach past the lam-alef's and still be inside it


def _lam_alef_joined(clusters: list[list[Glyph]], size: float) -> list[list[Glyph]]:
    """The clusters of a right-to-left line with each lam-alef drawn as a lam glyph (the ligature's box) and its
    alef inside that box made one cluster, lam first: the alef's centre, right of the lam's, would sort it before the
    lam whichever order the library gave them (Typst's `إعمالاً`, its alef and tanween given before the lam: read
    `إعمااًل`). Each letter keeps the marks given with it (`إعمالاً`, as typed)."""
    out: list[list[Glyph]] = []
    for cluster in clusters:
        last = out[-1] if out else None
        pair = None
        if last is not None:
            if last[0].char == "ل" and cluster[0].char in _ALEFS:
                pair = (last, cluster)
            elif last[0].char in _ALEFS and cluster[0].char == "ل":
                pair = (cluster, last)
        if pair is not None:
            lam, alef = pair
            inside = all(g.left >= lam[0].left - _INSIDE * size and g.right <= lam[0].right + _INSIDE * size
                         for g in alef)
            if inside and lam[0].right - lam[0].left >= 1.5 * (alef[0].right - alef[0].left):
                out[-1] = lam + alef
                continue
        out.append(cluster)
    return out


def _centre(g: Glyph) -> float:
    return (g.left + g.right) / 2


def _in_one_glyph(cluster: list[Glyph], g: Glyph) -> bool:
    """Whether an Arabic letter overlaps the last letter of a cluster by half the narrower one: both drawn by one
    ligature glyph."""
    bases = [b for b in cluster if not _is_mark(b.char)]
    if not bases or unicodedata.bidirectional(g.char) != "AL" or unicodedata.bidirectional(bases[-1].char) != "AL":
        return False
    last = bases[-1]
    if last.run != g.run and -1 not in (last.run, g.run):
        return False  # one glyph is drawn by one text object: Amiri's lam over a meem ("يلمّ") are two that overlap
    if last.char in "اأإآى" and g.char == "ل":
        return False  # lam-alef, given alef first: put back in order by its identical box (_pdfium_glyphs)
    return _overlap_by_half(last, g)


def _is_letter(g: Glyph) -> bool:
    """Whether the glyph is an Arabic or Hebrew letter (a strong right-to-left character)."""
    return unicodedata.bidirectional(g.char) in ("R", "AL")


def _overlap_by_half(a: Glyph, b: Glyph) -> bool:
    """Whether two glyphs' boxes overlap by half the narrower one: the letters of one ligature, say, whose order no
    box tells."""
    return min(a.right, b.right) - max(a.left, b.left) > 0.5 * min(a.right - a.left, b.right - b.left)


def _goes_on_leftwards(cluster: list[Glyph], g: Glyph) -> bool:
    """Whether a letter stands left of the last letter of a cluster, or shares its glyph's box."""
    last = next(b for b in reversed(cluster) if not _is_mark(b.char))
    return _centre(g) < _centre(last) or _overlap_by_half(last, g)


def _object_steps(raw: list[Glyph]) -> dict[int, tuple[int, int]]:
    """Per text object of a line: how many steps from one of its letters to the next, in the library's order, go
    leftwards and how many rightwards, where their boxes tell (the letters of a ligature overlap)."""
    letters: dict[int, list[Glyph]] = {}
    for g in raw:
        if not g.generated and g.run != -1 and _is_letter(g):
            letters.setdefault(g.run, []).append(g)
    steps = {}
    for run, own in letters.items():
        left = right = 0
        for a, b in zip(own, own[1:]):
            if _overlap_by_half(a, b) or _pieces_of_one_box(a, b):
                continue
            step = _centre(b) - _centre(a)
            left += step < 0
            right += step > 0
        steps[run] = (left, right)
    return steps


def _pieces_of_one_box(a: Glyph, b: Glyph) -> bool:
    """Whether two letters are the pieces PDFium cut one glyph's box into, one per character (Chromium's lam-alef in
    Noto Sans Arabic, an object of its own): side by side, touching, with the very same top and bottom. Their order
    says nothing of the object's."""
    return abs(a.left - b.right) < 0.01 and abs(a.top - b.top) < 0.01 and abs(a.bottom - b.bottom) < 0.01


def _objects_in_logical_order(raw: list[Glyph]) -> set[int]:
    """The text objects of a right-to-left line whose letters the library gives in logical order, though the line's
    order is not (Ghostscript's rewrite of Typst's footnotes draws each word as an object, the words in visual order):
    from one letter to the next of the object its order goes leftwards (`_object_steps`)."""
    return {run for run, (left, right) in _object_steps(raw).items()
            if left and left >= _LOGICAL_SHARE * (left + right)}


def _objects_in_visual_order(raw: list[Glyph]) -> set[int]:
    """The text objects of a right-to-left line whose letters the library gives left to right, though the line's
    order is logical (Typst's مزيداً: its word in visual order, its alef and tanween an object of their own)."""
    return {run for run, (left, right) in _object_steps(raw).items() if right > left}


_PEN_STEP = 0.05  # font sizes: a pen position this much further right is a letter's that comes first


_SHIFTED = 0.15  # font sizes: a box this far from its pen position was moved there


def _at_its_pen(g: Glyph) -> bool:
    """Whether the glyph's box starts where its pen stood, not moved off it (Typst's jeem under the seen of سجلت,
    drawn 5 pt right of its pen)."""
    return g.origin is not None and abs(g.left - g.origin) <= _SHIFTED * g.size


def _pens_apart(cluster: list[Glyph], g: Glyph) -> bool:
    """Whether an Arabic letter and the last letter of a cluster, their boxes overlapping, were drawn from two pen
    positions, each box where its pen stood: two glyphs stacked (Typst's lam over meem over jeem of لمجرد, one object
    given in visual order), which `_stacked_by_origin` orders, not the letters of one ligature glyph."""
    last = next((b for b in reversed(cluster) if not _is_mark(b.char)), None)
    return last is not None and _at_its_pen(last) and _at_its_pen(g) and \
        abs(last.origin - g.origin) > _PEN_STEP * g.size  # type: ignore[operator]


def _stacked_by_origin(clusters: list[list[Glyph]]) -> None:
    """Put each two neighbouring clusters whose letters share their box but not their glyph (Amiri stacks a meem over
    a jeem or hah, two glyphs of two text objects, or of one: Typst's khah under the meem of المخدرات) in the order of
    their pen positions, right to left: their boxes' middles stand within a tenth of a point, either way (برنامج read
    برناجم). The letters of one ligature glyph (lam-alef, which Ghostscript's rewrite of LibreOffice's Arabic draws as
    two objects) stand a tenth of a point apart at most, and are left as they are.

    Where the font's positioning moved a glyph off its pen (`_at_its_pen`), the pens' order stands only if the letter
    it puts first is stacked over the other, its ink starting higher, as Amiri stacks a word's letters downwards
    (Typst's jeem under the seen of سجلت, 5 pt off its pen, is read after it; its teh of التُمست, raised over the meem
    and drawn 2.7 pt right of a pen left of the meem's, is not read after the meem: المتُست)."""
    for k in range(len(clusters) - 1):
        a, b = clusters[k][0], clusters[k + 1][0]
        if _is_letter(a) and _is_letter(b) and _overlap_by_half(a, b) and -1 not in (a.run, b.run) \
                and None not in (a.origin, b.origin) and b.origin - a.origin > _PEN_STEP * a.size \
                and (_at_its_pen(a) and _at_its_pen(b) or _stacked_over(b, a)):
            clusters[k], clusters[k + 1] = clusters[k + 1], clusters[k]


def _stacked_over(upper: Glyph, lower: Glyph) -> bool:
    """Whether a letter's ink starts higher than another's (True where either's ink is unknown: nothing to doubt)."""
    return upper.ink_bottom is None or lower.ink_bottom is None or upper.ink_bottom > lower.ink_bottom


def _stream_is_logical(raw: list[Glyph]) -> bool:
    """Whether the library gives a right-to-left line in logical order: from one Arabic or Hebrew letter to the next
    its order goes leftwards (PDFium reorders most producers' lines; Chromium's it leaves in visual order)."""
    letters = [g for g in raw if not g.generated and _is_letter(g)]
    left = right = 0
    for a, b in zip(letters, letters[1:]):
        step = (b.left + b.right) / 2 - (a.left + a.right) / 2
        if step < -0.05 * a.size:
            left += 1
        elif step > 0.05 * a.size:
            right += 1
    return left + right > 0 and left >= _LOGICAL_SHARE * (left + right)


_RTL_SPACE_GAP = 0.2  # connected Arabic letters touch or overlap; words stand a quarter of the size apart
_OBJECT_GAP = 0.1  # between two words of text objects in logical order: pdftotext's least word break
_APART_GAP = 0.1  # font sizes: punctuation the library found apart from the words beside it is that far from a word
_JOINERS = set("./,:-–%")  # inside a number or a symbol: 71/313, 1.25, 1.a
_HYPHENS = set("-‐‑–")  # hyphen-minus, hyphen, no-break hyphen, en dash


_INVERTED_PAIR = re.compile(r"\)[^()]{0,60}\(")
_UNOPENED = re.compile(r"(?<![^\s])\)(?=[^()]{1,60}\))")  # ")" after a space or at the start, another ")" ahead
# Punctuation that never opens a word: it may follow a closing bracket, never an opening one, and stands against the
# word before it (a bracket or a quotation mark may be drawn mirrored, so none is here).
_STOPS = set(".,;:!?،؛؟")


def _two_pairs(text: str, close: int, open_: int) -> bool:
    """Whether `)` at `close` and `(` at `open_` stand as the closing bracket of one pair and the opening bracket of
    the next (`(2017)، ألمانيا (2016)`): the `)` after what it holds, the `(` after a space and before a word."""
    after = text[open_ + 1:open_ + 2]
    return close > 0 and bool(text[close - 1].strip()) and text[close - 1] not in "()" and \
        (open_ == 0 or not text[open_ - 1].strip()) and bool(after.strip()) and after not in _STOPS


def _in_word(ch: str) -> bool:
    """Whether a character is a letter, a figure or a combining mark."""
    return ch.isalnum() or ch == "_" or _is_mark(ch)


def _bracket_pairs(text: str) -> tuple[list[tuple[int, int]], list[int]]:
    """The brackets of `text` paired as UAX #9 (BD16) pairs them, a `)` closing the last `(` still open: the pairs
    (opening, closing), and the brackets that pair with none."""
    opened: list[int] = []
    pairs: list[tuple[int, int]] = []
    alone: list[int] = []
    for k, ch in enumerate(text):
        if ch == "(":
            opened.append(k)
        elif ch == ")":
            if opened:
                pairs.append((opened.pop(), k))
            else:
                alone.append(k)
    return pairs, sorted(alone + opened)


def _word_pairs(text: str) -> set[int]:
    """The brackets of `text` that UAX #9 (BD16) pairs round one word, no space or bracket inside: `(1) و(2)` holds
    two such pairs, whose `) و(` is no pair mirrored, the `(` written against the conjunction before it."""
    return {k for start, end in _bracket_pairs(text)[0]
            if text[start + 1:end] and not any(c.isspace() or c in "()" for c in text[start + 1:end])
            for k in (start, end)}


_BRACKETS = ("()", "[]", "{}")  # the kinds of bracket, each paired on its own (UAX #9 BD16)
_OTHER_BRACKET = "\ufffc"  # a bracket of another kind, while one kind is put back: no word, no bracket


def _brackets_put_back(glyphs: list[Glyph]) -> list[Glyph]:
    """A right-to-left line in logical order with the brackets of each kind drawn by mirrored glyphs whose text is
    the glyph's own put back (`_round_brackets_put_back`): LibreOffice and Ghostscript's rewrite of Typst read
    `[خمسة وستين]` as `]خمسة وستين[`."""
    text = "".join(g.char for g in glyphs)  # (putting one kind back turns no other)
    for opening, closing in _BRACKETS:
        if opening in text or closing in text:
            glyphs = _round_brackets_put_back(glyphs, opening, closing)
    return glyphs


def _round_brackets_put_back(glyphs: list[Glyph], opening: str = "(", closing: str = ")") -> list[Glyph]:
    """A right-to-left line in logical order with the brackets drawn by mirrored glyphs whose text is the glyph's
    own put back (")ب(" for "(ب)", ") A/777)" for "(A/777)"): by UAX #9 a bracket in right-to-left text is shown
    mirrored, and some producers map the mirrored glyph to the mirrored character. (Written for round brackets; the
    `opening` and `closing` of another kind are read as round ones, and other brackets as no bracket.)

    A `)…(` is one pair mirrored unless it stands as two pairs' brackets (`_two_pairs`): `(2017)، ألمانيا (2016)`,
    read right, once came out `(2017(، ألمانيا )2016(`; or unless each closes or opens a pair round one word
    (`_word_pairs`): `(1) و(2)` came out `(1( و)2)`. A bracket left unpaired (BD16) whose pair is on another
    line is turned where it stands as only the other can: `)` after a space and before a word or at the line's end,
    `(` after a word and before no word (LibreOffice's `)وزارة الاقتصاد` in a justified line; its `2165 )` at a
    line's end, `2014(، و` on the next). Brackets with only a space between them, a word on each side, are the
    closing one of the word before and the opening one of the word after (LibreOffice's `2010) (الكاميرون` read
    `2010( )الكاميرون`)."""
    as_round = {opening: "(", closing: ")"}
    text = "".join(as_round.get(g.char[:1]) or (_OTHER_BRACKET if g.char[:1] in "()[]{}" else g.char[:1])
                   for g in glyphs)
    swap: set[int] = set()
    words = _word_pairs(text)
    for m in _INVERTED_PAIR.finditer(text):
        if not _two_pairs(text, m.start(), m.end() - 1) and not {m.start(), m.end() - 1} <= words:
            swap |= {m.start(), m.end() - 1}
    for m in re.finditer(r"\(\s+\)", text):  # `2010( )الكاميرون`: a word's closing bracket and the next's opening one
        if m.start() and m.end() < len(text) and _in_word(text[m.start() - 1]) and _in_word(text[m.end()]):
            swap |= {m.start(), m.end() - 1}
    extra = text.count(")") - text.count("(") - sum(1 for k in swap if text[k] == ")") + \
        sum(1 for k in swap if text[k] == "(")
    if extra > 0:
        swap |= {m.start() for m in _UNOPENED.finditer(text)}
    flipped = {"(": ")", ")": "("}
    turned = "".join(flipped[ch] if k in swap else ch for k, ch in enumerate(text))
    for k in _bracket_pairs(turned)[1]:
        before, after = turned[k - 1:k] or " ", turned[k + 1:k + 2] or " "
        if turned[k] == ")" and not before.strip() and (_in_word(after) or not turned[k + 1:].strip()) or \
                turned[k] == "(" and _in_word(before) and not _in_word(after):
            swap ^= {k}
    if not swap:
        return glyphs
    flip = {opening: closing, closing: opening}
    return [g._replace(char=flip[g.char]) if k in swap else g for k, g in enumerate(glyphs)]


_OPENING_QUOTES = {"“": "”", "‘": "’"}  # opening quotation mark -> its closing one
_CLOSING_QUOTES = {close: open_ for open_, close in _OPENING_QUOTES.items()}
_BEFORE_OPENING = set("([{«")  # besides a space or the line's start, what may stand before an opening mark
_AFTER_CLOSING = set(".,;:!?)]}»،؛؟…") | {SUP_OPEN}  # besides a space or the line's end, what may follow a closing one


def _quotes_put_back(glyphs: list[Glyph]) -> list[Glyph]:
    """A right-to-left line in logical order with each quotation mark that stands where only an opening one can
    (after a space or the line's start, before a word) read as the opening one, and each that stands where only a
    closing one can (after a word, before a space, punctuation, a figure or the line's end) as the closing one.

    The text layer gives the mark printed, which the Unicode Bidi Algorithm does not mirror (“ and ” are not
    Bidi_Mirrored, and pdftotext reads them right), but PDFium mirrors every character of its own table in what it
    takes for a right-to-left run, quotation marks included: “المستقبل” came out ”المستقبل“. Which of its marks it
    mirrored depends on how it cut the line, so the mark's place in the line decides, not its code. A mark between
    two letters (an apostrophe) or between two spaces is left as it is."""
    chars = [g.char for g in glyphs]
    out = list(glyphs)
    for k, ch in enumerate(chars):
        if ch not in _OPENING_QUOTES and ch not in _CLOSING_QUOTES:
            continue
        before = next((c for c in reversed(chars[:k]) if not _is_mark(c)), " ")  # a mark stands on its letter
        after = chars[k + 1] if k + 1 < len(chars) else " "
        opening = (not before.strip() or before in _BEFORE_OPENING) and after.strip() != ""
        closing = before.strip() != "" and (not after.strip() or after in _AFTER_CLOSING or after.isdigit())
        if opening and not closing and ch in _CLOSING_QUOTES:
            out[k] = glyphs[k]._replace(char=_CLOSING_QUOTES[ch])
        elif closing and not opening and ch in _OPENING_QUOTES:
            out[k] = glyphs[k]._replace(char=_OPENING_QUOTES[ch])
    return out


def _mirrored_put_back(glyphs: list[Glyph]) -> list[Glyph]:
    """A right-to-left line in logical order with its brackets and quotation marks put back (`_brackets_put_back`,
    `_quotes_put_back`)."""
    return _quotes_put_back(_brackets_put_back(glyphs))


_WIDE = 0.25  # font sizes: a gap this wide between two letters of one word of the library is a word gap it missed
_RIGHT_JOINING = set("آأؤإاةدذرزوٱءى")  # letters that do not join the next one (and hamza, that joins neither)
_JOINED_GAP = 0.1  # font sizes: a letter that joins the next one of its word touches it


def _word_gap(previous: Glyph, g: Glyph, size: float, edge: float) -> bool:
    """Whether two Arabic letters in logical order stand a word gap apart: a letter that would join the next one of
    its word (ض, ص in their final form) a tenth of the size from it, any other `_WIDE`. `edge`: where the previous
    letter's glyph ends on the left (`_edge`)."""
    if not unicodedata.bidirectional(previous.char) == "AL" == unicodedata.bidirectional(g.char):
        return False
    joins = previous.char not in _RIGHT_JOINING and previous.char != TATWEEL
    return edge - g.right > (_JOINED_GAP if joins else _WIDE) * size


def _with_word_gaps(glyphs: list[Glyph], size: float) -> list[Glyph]:
    """A right-to-left line in logical order with a space put where two Arabic letters stand a word gap apart and
    the library put none (XeLaTeX's خفضالوفيات for خفض الوفيات). Between two text objects of several letters each
    (a word an object, as Ghostscript rewrites Typst's), pdftotext's least word break will do: justification
    squeezed `الأنظمة المتعلقة` to 0.185 of the size."""
    letters = collections.Counter(g.run for g in glyphs if g.char.strip() and not _is_mark(g.char))
    out: list[Glyph] = []
    at: int | None = None  # where the last letter is in `out`
    for g in glyphs:
        if g.char.strip() and not _is_mark(g.char):
            words = at is not None and -1 != out[at].run != g.run != -1 and letters[out[at].run] > 1 < letters[g.run]
            if at is not None and out[-1].char != " " and (
                    _word_gap(out[at], g, size, _edge(out[at:])) or words and unicodedata.bidirectional(
                        out[at].char) == "AL" == unicodedata.bidirectional(g.char)
                    and _edge(out[at:]) - g.right > _OBJECT_GAP * size):
                out.append(g._replace(char=" ", generated=False, left=g.right, right=out[at].left))
            at = len(out)
        elif g.char == " ":
            at = None
        out.append(g)
    return out


def _spaces_where_drawn(glyphs: list[Glyph], size: float) -> list[Glyph]:
    """A right-to-left line in the library's order with each space put on the side of a bracket or punctuation mark
    where it is drawn: a space drawn before the mark but beyond it, between the mark and the glyph after it, goes after
    the mark (WeasyPrint and Typst draw the space of `(Rakhsh) في` left of the closing bracket, and PDFium gives it
    before the bracket: read `(Rakhsh(في`); and `_marks_between_words`. A space of no width where a hyphen touches
    a glyph, or a size away from the glyphs the library gives before and after it, is none (XeLaTeX gives `16- مركبات`,
    drawn `-16`, as the figures, a space at the line's left end, the hyphen, and a space where it touches the `1`)."""
    near = _TOUCHING * size
    printed = [k for k, g in enumerate(glyphs) if g.char.strip()]
    hyphens = [glyphs[k] for k in printed if glyphs[k].char in _HYPHENS]

    def touching(x: float) -> bool:  # a hyphen and a glyph beside it meet at x
        return any(abs(h.right - x) < near and any(abs(glyphs[k].left - x) < near for k in printed)
                   or abs(h.left - x) < near and any(abs(glyphs[k].right - x) < near for k in printed)
                   for h in hyphens)

    def no_space(k: int) -> bool:
        g = glyphs[k]
        if g.char != " " or g.right - g.left >= 0.01:
            return False
        if hyphens and touching(g.left):
            return True
        at = bisect.bisect(printed, k)
        before, after = (glyphs[printed[at - 1]] if at else None), (glyphs[printed[at]] if at < len(printed) else None)
        return before is not None and after is not None and not \
            min(before.left, after.left) - size < g.left < max(before.right, after.right) + size
    out = [g for k, g in enumerate(glyphs) if not no_space(k)]
    for k in range(len(out) - 2):
        space, mark, after = out[k], out[k + 1], out[k + 2]
        if space.char == " " and not space.generated and space.right - space.left >= 0.01 and \
                unicodedata.category(mark.char)[0] == "P" and after.char.strip() and \
                after.right <= _centre(space) < mark.left:
            out[k], out[k + 1] = mark, space
    for start, end, first, second in _marks_between_words(out, size):
        out[start:end] = [*first, next(g for g in out[start:end] if g.char == " "), *second]
    return out


_MOVABLE = ("Ps", "Pe", "Pi", "Pf", "Po")  # brackets, quotation marks, stops; not dashes (`د - 3`, `6 - الصلة`)


def _marks_between_words(glyphs: list[Glyph], size: float) -> list[tuple[int, int, list[Glyph], list[Glyph]]]:
    """The brackets and punctuation marks a right-to-left line in the library's order gives between two words with
    one space of no width among them, where that order is not where they are drawn: for each such run
    glyphs[start:end], the marks that end the word before (right to left) and those that open the word after. The
    space stands in the widest gap between the two words and the marks, as pdftotext puts it: Chromium's Amiri gives
    the space of `البشرية (الموئل` after the bracket (read `البشرية( الموئل`), and `للآراء) (تابع)` as the letters,
    the opening bracket, the space, the closing one."""
    found = []
    k = 0
    while k < len(glyphs):
        start = k
        while k < len(glyphs) and (glyphs[k].char == " " or unicodedata.category(glyphs[k].char) in _MOVABLE):
            k += 1
        spaces = [j for j in range(start, k) if glyphs[j].char == " "]
        if start and k < len(glyphs) and len(spaces) == 1 and not glyphs[spaces[0]].generated and \
                glyphs[spaces[0]].right - glyphs[spaces[0]].left < 0.01:
            # Marks after the space that stand beyond the word after it are that word's (`(A/777` in visual order).
            for end in range(k, spaces[0], -1):
                if (moved := _marks_moved(glyphs, start, end, size)) is not None:
                    if moved:
                        found.append(moved)
                    break
        k = max(k, start + 1)
    return found


def _marks_moved(glyphs: list[Glyph], start: int, end: int, size: float
                 ) -> tuple[int, int, list[Glyph], list[Glyph]] | tuple[()] | None:
    """For `_marks_between_words`: the run glyphs[start:end] (marks and one space) as the marks before the space and
    those after it, right to left, where that is not its order; () where it is, or where it has no gap wide enough;
    None where a mark does not stand between the words on either side."""
    run = glyphs[start:end]
    space = next(g for g in run if g.char == " ")
    marks = sorted((g for g in run if g is not space), key=_centre, reverse=True)
    before = list(itertools.takewhile(lambda g: g.char.strip(), reversed(glyphs[:start])))
    after = [g for g in itertools.takewhile(lambda g: g.char.strip(), glyphs[end:]) if not _is_mark(g.char)]
    if not marks or not after:
        return ()
    edges = [min(g.left for g in before), *(x for g in marks for x in (g.right, g.left)), max(g.right for g in after)]
    if not all(edges[-1] - _APART_GAP * size < g.left and g.right < edges[0] + _APART_GAP * size for g in marks):
        return None
    gaps = [edges[2 * i] - edges[2 * i + 1] for i in range(len(marks) + 1)]
    widest = max(range(len(gaps)), key=gaps.__getitem__)
    if gaps[widest] < _APART_GAP * size or [*marks[:widest], space, *marks[widest:]] == run:
        return ()
    return start, end, marks[:widest], marks[widest:]


def _edge(cluster: list[Glyph]) -> float:
    """Where the glyph of a letter (the first of `cluster`, its marks after it) ends on the left: PDFium cuts the box
    of a glyph that gives a letter and its marks into pieces, the letter's on the right."""
    edge = cluster[0].left
    marks = [g for g in cluster[1:] if _is_mark(g.char)]
    while True:  # the marks in any order: Chromium gives a letter's kasra before its shadda, the kasra's box leftmost
        further = [g.left for g in marks if abs(g.right - edge) < 0.01 and g.left < edge]
        if not further:
            return edge
        edge = min(further)


_TOUCHING = 0.02  # font sizes: two letters this close (or overlapping) stand in one word
_MARKS_TOUCHING = 0.08  # font sizes: a letter this close to the marks drawn beyond the letter before stands in its word


def _marks_touch(cluster: list[Glyph], g: Glyph, size: float) -> bool:
    """Whether the marks of a letter (the first of `cluster`), drawn beyond its glyph on the left, reach the letter
    `g` after it: Typst draws a shadda and its vowel as pieces left of the dal of المخدِّرات, the ر 0.35 of the size
    from the dal and 0.02 from the marks. (A tanween over a word's last alef stands 0.09 or more off the next word.)"""
    edge = _edge(cluster)
    return edge < cluster[0].left - 0.01 and edge - g.right < _MARKS_TOUCHING * size


# Font sizes: from a glyph of a letter and its marks to the next word, in Chromium's Amiri (chromium_amiri, tuning),
# 0.17 or more (اً, ةً); to the next letter of its word, up to 0.11 (دِّ م in يقدِّم).
_LIGATURE_WORD_GAP = 0.15


def _spaces_before_ligatures_put_back(raw: list[Glyph], size: float) -> list[Glyph]:
    """A right-to-left line with each space of no width the library gives before a glyph of a letter and its marks
    (one text object) that touches the letter before the space put after that glyph where a word gap follows it, and
    dropped where none does: Chromium's Amiri gives the space of `وفقاً لأحكام` before its alef-tanween ligature
    (read `وفق اًلأحكام`), and one before the ligature of `مطلقاً.` too."""
    out = list(raw)
    k = 1
    while k < len(out) - 2:
        space, letter = out[k], out[k - 1]
        if not (space.char == " " and not space.generated and space.right - space.left < 0.01 and _is_letter(letter)):
            k += 1
            continue
        run = out[k + 1].run
        end = k + 1
        while end < len(out) and out[end].run == run != -1 and out[end].char.strip():
            end += 1
        glyph = out[k + 1:end]
        if any(_is_mark(g.char) for g in glyph) and \
                sum(1 for g in glyph if not _is_mark(g.char)) == 1 and \
                letter.left - max(g.right for g in glyph) < _APART_GAP * size:
            left = min(g.left for g in glyph)
            del out[k]
            # (the glyph beside it by positions: the library's order of those after it may not be theirs, استُهلَّت
            # given ستُلَّهت)
            if end - 1 < len(out) and out[end - 1].char.strip() and not any(
                    h.char.strip() and not _is_mark(h.char) and h.left < left and
                    h.right > left - _LIGATURE_WORD_GAP * size for h in out if h not in glyph and h is not letter):
                out.insert(end - 1, space)
        k += 1
    return out


_CLOSING_PUNCTUATION = ("Po", "Pe", "Pf")  # a full stop, a comma, a closing bracket or quotation mark


def _without_touching_spaces(raw: list[Glyph], size: float) -> list[Glyph]:
    """A right-to-left line less the spaces of no width between two Arabic letters that touch: PDFium takes a kerning
    step of Typst's Amiri for a word gap (ز يادة, الحر ية for زيادة, الحرية); a word gap is at least a twentieth of
    the size. Also those between a word and the closing punctuation that touches it on its left (XeLaTeX's `2030،`,
    read `2030 ،` where PDFium's order was kept)."""
    letters = [k for k, g in enumerate(raw) if g.char.strip() and not _is_mark(g.char)]
    drop = set()
    for a, b in zip(letters, letters[1:]):
        first, second = raw[a], raw[b]
        spaces = [k for k in range(a + 1, b) if raw[k].char == " " and raw[k].right - raw[k].left < 0.01]
        if not spaces:
            continue
        if unicodedata.bidirectional(first.char) == "AL" == unicodedata.bidirectional(second.char):
            touching = first.left - second.right < _TOUCHING * size
        else:  # the word before, its leftmost glyph: a number's first figure, the number set left to right
            start = a
            while start > 0 and raw[start - 1].char.strip():
                start -= 1
            touching = first.char.isalnum() and second.char in _STOPS and \
                min(g.left for g in raw[start:a + 1]) - second.right < _TOUCHING * size
        if touching:
            drop.update(spaces)
    return [g for k, g in enumerate(raw) if k not in drop] if drop else raw


_NUMBER_SEPARATORS = ",./:"  # common separators (UAX #9 class CS): join two Arabic numbers into one


def _after_arabic(out: list[list[Glyph]]) -> bool:
    """Whether the last strong character of a right-to-left line read so far is Arabic or Hebrew."""
    for cluster in reversed(out):
        kind = unicodedata.bidirectional(cluster[0].char)
        if kind in ("AL", "R", "L"):
            return kind != "L"
    return False


def _arabic_numbers(run: list[list[Glyph]]) -> list[list[Glyph]]:
    """Numbers after Arabic text, joined by a separator other than a common one (2015-2030), in logical order: by
    UAX #9 they are Arabic numbers (W2), such a separator between two of them goes right to left (W4, N1), so they
    show in the opposite order (2030-2015 as printed). `run` is the numbers as printed, left to right."""
    pieces: list[list[list[Glyph]]] = [[]]
    for cluster in run:
        if cluster[0].char.isdigit() or cluster[0].char in _NUMBER_SEPARATORS:
            pieces[-1].append(cluster)
        else:
            pieces.extend([[cluster], []])
    return [cluster for piece in reversed(pieces) for cluster in piece]


def _points_in_numbers(raw: list[Glyph]) -> list[Glyph]:
    """The full stops of a line that stand between two figures, by position (the glyphs nearest on either side)."""
    printed = sorted((g for g in raw if not g.generated and g.char.strip() and not _is_mark(g.char)), key=_centre)
    return [g for a, g, b in zip(printed, printed[1:], printed[2:])
            if g.char == "." and a.char.isdigit() and b.char.isdigit()]


def _ends_in_latin(clusters: list[list[Glyph]], start: int) -> bool:
    """Whether the run of left-to-right clusters from `start` (right to left) reaches a Latin letter: figures, then the
    word they end (`B30` of `B30(1)`)."""
    for cluster in clusters[start:]:
        kind = unicodedata.bidirectional(cluster[0].char)
        if kind == "L":
            return True
        if kind != "EN":
            return False
    return False


def _logical_from_positions(raw: list[Glyph], size: float, logical_stream: bool = False) -> list[Glyph]:
    """A right-to-left line's glyphs in logical order from where they stand: each letter with its marks, right to
    left, then each run of figures and Latin letters turned back to left to right. The library's spaces go; spaces
    are put back from the gaps.

    `logical_stream`: the library gives the line in logical order; the letters of one ligature glyph (their boxes
    share its width, or overlap) cannot be ordered by position, and keep the library's order.
    """
    raw = _without_touching_spaces(_spaces_before_ligatures_put_back(raw, size), size)
    logical_objects = set() if logical_stream else _objects_in_logical_order(raw)
    visual_objects = _objects_in_visual_order(raw) if logical_stream else set()
    clusters: list[list[Glyph]] = []
    spaced_before = True  # whether a space of the library stands between the glyph and the last cluster
    for g in raw:
        if g.generated or not g.char.strip() and g.char in " \t\r\n":
            spaced_before = True
            continue  # spaces are put back from the gaps: Chromium's stand at the wrong place
        if _is_mark(g.char) and clusters:
            clusters[-1].append(g)
        elif logical_stream and len(clusters) > 1 and _centre(clusters[-2][0]) > _centre(clusters[-1][0]) \
                and g.run not in visual_objects and _in_one_glyph(clusters[-1], g) \
                and not _pens_apart(clusters[-1], g):
            # (only where the library's order runs leftwards here: a word it left in visual order is sorted)
            clusters[-1].append(g)
        elif g.run in logical_objects and not spaced_before and clusters[-1][0].run == g.run and \
                _is_letter(clusters[-1][0]) and _is_letter(g) and _goes_on_leftwards(clusters[-1], g):
            clusters[-1].append(g)  # a word of an object in logical order: its letters keep the library's order
        else:
            clusters.append([g])
        spaced_before = False
    clusters = _lam_alef_joined(clusters, size)
    clusters.sort(key=lambda c: -(c[0].left + c[0].right) / 2)
    _stacked_by_origin(clusters)
    spaced: list[list[Glyph]] = []
    for cluster in clusters:
        if spaced:
            # (from the left edge of the previous letter's marks where they continue its box: Chromium gives a mark
            # the advance after its letter, which leaves that much room before the next letter, المغذّ ي)
            before = spaced[-1]
            last = max((k for k, g in enumerate(before) if not _is_mark(g.char)), default=0)
            # Between the words of two objects each in logical order the gap of pdftotext's word break will do:
            # inside a word no gap is measured (Ghostscript's rewrite of Typst's footnotes, words 0.1 apart).
            gap = _OBJECT_GAP if before[last].run != cluster[0].run and \
                logical_objects & {before[last].run, cluster[0].run} else _RTL_SPACE_GAP
            if _edge(before[last:]) - cluster[0].right > gap * size:
                spaced.append([before[0]._replace(char=" ", generated=False, left=cluster[0].right,
                                                  right=before[last].left)])
        spaced.append(cluster)
    clusters = spaced

    def ltr(c: list[Glyph]) -> bool:
        return unicodedata.bidirectional(c[0].char) in _LTR_CLASSES

    def latin(c: list[Glyph]) -> bool:
        return unicodedata.bidirectional(c[0].char) == "L"

    def neutral(c: list[Glyph]) -> bool:  # a space or punctuation, brackets aside (they pair)
        return c[0].char == " " or unicodedata.bidirectional(c[0].char) in ("CS", "ES", "ET", "ON") \
            and c[0].char not in "()[]{}"

    def across_neutrals(end: int) -> int:
        """Where a run of Latin letters and figures goes on past the spaces and punctuation after cluster `end`:
        the Unicode Bidi Algorithm's rules W7 and N1 make a figure after a Latin letter, and the neutrals between
        them, left to right (`(Nuclear Tests I)`, `Prosecutor v. Kunarac`, `Global Nampo 9000766` in an Arabic line
        are one run each, not words each turned back); `end` where it does not."""
        j = end + 1
        while j < len(clusters) and neutral(clusters[j]):
            j += 1
        classes = {unicodedata.bidirectional(clusters[i][0].char) for i in (end, j)} if j < len(clusters) else set()
        return j if j > end + 1 and "L" in classes and classes <= {"L", "EN"} else end

    def past_neutrals(start: int) -> int:
        while start < len(clusters) and neutral(clusters[start]):
            start += 1
        return start

    out: list[list[Glyph]] = []
    k = 0
    while k < len(clusters):
        if not ltr(clusters[k]):
            out.append(clusters[k])
            k += 1
            continue
        end = k
        while end + 1 < len(clusters):
            if ltr(clusters[end + 1]) or clusters[end + 1][0].char in _JOINERS and end + 2 < len(clusters) and \
                    ltr(clusters[end + 2]):
                end += 1
            elif (beyond := across_neutrals(end)) > end:
                end = beyond
            elif k > 0 and out and out[-1] is clusters[k - 1] and end + 2 < len(clusters) \
                    and clusters[k - 1][0].char in "()" and clusters[end + 1][0].char in "()" \
                    and _ends_in_latin(clusters, after := past_neutrals(end + 2)):
                # Brackets round figures or Latin words, after a Latin word (`B30(1)`, `S.A. (ARSAT)`): by W7
                # figures after a Latin letter are left to right, and by N0 brackets holding a left-to-right
                # character after one are too: one run with the word, and the neutrals between them (N1). (Typst maps
                # both glyphs to "(": a subset's glyph has one code, and Arabic text drew the other mirrored.)
                out.pop()
                k -= 1
                end = after - 1
            else:
                break
        run = list(reversed(clusters[k:end + 1]))  # left to right
        chars = "".join(c[0].char for c in run)
        if re.fullmatch(r"[a-z][.)][0-9]{1,3}", chars):
            # "a.1" as printed is the label 1.a: in right-to-left text a number before a letter shows after it.
            run = run[2:] + run[1:2] + run[:1]
        elif re.fullmatch(r"[0-9]+(?:\D[0-9]+)+", chars) and _after_arabic(out):
            run = _arabic_numbers(run)
        out.extend(run)
        k = end + 1
    ordered = [g for c in out for g in c]
    if logical_stream:
        # Where the library's order gives the same letters as the positions do, its order is kept, with its spaces
        # and marks: a word gap of justified text can be narrower than the gap that puts a space back ("تنظر في"),
        # and a mark over a ligature stands over the wrong letter.
        stream = [g for g in raw if g.char.strip() or g.char == " "]
        if [g.char for g in stream if g.char.strip() and not _is_mark(g.char)] == \
                [g.char for g in ordered if g.char.strip() and not _is_mark(g.char)]:
            return _mirrored_put_back(_with_word_gaps(_spaces_where_drawn(stream, size), size))
        # Otherwise (figures and Latin words in visual order) the positions' order, with a space wherever the
        # library put one between two glyphs that now stand side by side, and nowhere else.
        word: dict[int, int] = {}  # glyph -> the number of the library's word it is in (its spaces cut them)
        follows: dict[int, int] = {}  # letter -> the letter after it in the library's order
        count = 0
        last = None
        # A space drawn over a hyphen (its middle inside the hyphen's box) stands in no gap and cuts no word
        # (XeLaTeX's space inside the box of the hyphen of "2015-2030", printed 2030-2015: read "2015- 2030"), nor
        # one over a full stop between two figures (XeLaTeX's target labels, "2 .1"). Over any other glyph it may:
        # Ghostscript's Arabic maps letters to punctuation.
        bridged = [g for g in raw if not g.generated and g.char in _HYPHENS] + _points_in_numbers(raw)
        for g in raw:
            if g.char == " " and (g.right - g.left < 0.01 or not any(h.left < _centre(g) < h.right for h in bridged)):
                count += 1
            elif g.char.strip():
                word[id(g)] = count
                if not _is_mark(g.char):
                    if last is not None:
                        follows[id(last)] = id(g)
                    last = g
        for start, end, first, second in _marks_between_words(stream, size):
            for g in first:
                word[id(g)] = word.get(id(stream[start - 1]), word[id(g)])
            for g in second:
                word[id(g)] = word.get(id(stream[end]), word[id(g)])
        # A word of the library with no letter or figure is punctuation it found apart from the words it stands
        # between (LibreOffice draws an Arabic line's quotation marks after its letters, each between two spaces of
        # no width): a space stands on a side of it where no glyph of the line comes within `_APART_GAP`.
        wordy = {word[id(g)] for g in raw if g.char.isalnum() and id(g) in word}
        printed = [g for g in ordered if g.char.strip() and not _is_mark(g.char)]

        def open_on(g: Glyph, right: bool) -> bool:
            """Whether no glyph of the line touches g on its right (or left) side."""
            middle = _centre(g)
            return not any(h is not g and (middle < h.left <= g.right + _APART_GAP * size if right else
                                           g.left - _APART_GAP * size <= h.right < middle) for h in printed)
        # A space the library draws in the gap between two glyphs that stand side by side (its middle there, over no
        # glyph) is one, wherever its order puts it: Ghostscript's rewrite of LibreOffice's PDF draws "المادة 1" as
        # 1, المادة, space.
        drawn_spaces = [g for g in raw if g.char == " " and not g.generated and g.right - g.left >= 0.01
                        and not any(h.char.strip() and h.left < _centre(g) < h.right for h in raw)]
        spaced: list[Glyph] = []
        for g in (g for g in ordered if g.char != " "):  # the gaps' spaces go: kerning opens gaps inside words
            # (A joining letter's narrower gap only where the library has the two letters in this order: Typst's
            # boxes, whose order it lost, can stand a tenth apart in words.)
            at = next((k for k in range(len(spaced) - 1, -1, -1) if spaced[k].char.strip()
                       and not _is_mark(spaced[k].char)), None)
            previous = spaced[at] if at is not None else None
            if previous is None or spaced[-1].char == " " or _is_mark(g.char):
                gap = False
            elif not _is_letter(previous) and not _is_letter(g) and g.left >= previous.right - _TOUCHING * size:
                # In a run of Latin letters and figures, read left to right, the gap tells: Typst gives the words of
                # `S.A. (ARSAT)` right to left, each bracket in the word of its neighbour.
                gap = g.left - previous.right > _SPACE_GAP * size
            elif word.get(id(previous)) not in wordy:
                gap = open_on(previous, right=False)  # right to left: the next word stands on its left
            elif word.get(id(g)) not in wordy:
                gap = open_on(g, right=True)
            elif unicodedata.category(g.char) in _CLOSING_PUNCTUATION and \
                    max(previous.left - g.right, g.left - previous.right) < _APART_GAP * size:
                # Punctuation that closes (a full stop, a comma, a bracket) touching the word before it stands in no
                # word gap, whatever word of the library holds it (Ghostscript's WeasyPrint Arabic draws a
                # paragraph's last full stop with the label of the next). The word before stands on its right, or
                # on its left in a Latin run (`S.A. (ARSAT)`, its brackets' glyphs mapped to each other's).
                gap = False
            elif _is_letter(previous) and _is_letter(g) and previous.char not in _RIGHT_JOINING and \
                    previous.left - g.right < _JOINED_GAP * size:
                # A letter that joins the next and touches it is in its word, whatever word of the library holds it
                # (LibreOffice gives the letter after its justifying kashida later: المغربية read المغربي ة).
                gap = False
            elif (_is_letter(previous) and _is_letter(g) or previous.char in _HYPHENS and _in_word(g.char)
                  or g.char in _HYPHENS and _in_word(previous.char)) and \
                    _run_left(spaced, at) - g.right < _TOUCHING * size:
                # Two letters that touch are in one word, whatever words of the library hold them: Ghostscript's
                # rewrite of LibreOffice gives a line's `ز حرمان` before its `2. لا يجو` (يجو ز read). So is a
                # hyphen touching a letter or figure: LibreOffice gives a space of no width before the `3` of
                # `(د-3)` (read `(د -3)`).
                gap = False
            else:
                gap = word.get(id(previous)) != word.get(id(g)) or previous.left - g.right > _WIDE * size \
                    and unicodedata.bidirectional(previous.char) == "AL" == unicodedata.bidirectional(g.char) \
                    and not _marks_touch(spaced[at:], g, size) \
                    or follows.get(id(previous)) == id(g) and _word_gap(previous, g, size, _edge(spaced[at:])) \
                    or any(g.right <= _centre(w) <= previous.left for w in drawn_spaces)
            if gap:
                spaced.append(g._replace(char=" ", generated=False, left=g.right, right=previous.left))
            spaced.append(g)
        return _mirrored_put_back(spaced)
    return _mirrored_put_back(ordered)


_AS_WIDE = 0.9  # a gap between two letters this share of the narrowest word gap of its line is one


def _run_left(glyphs: list[Glyph], at: int) -> float:
    """The left edge of glyph `at`, or of the run of figures and Latin letters it ends in logical order, whose first
    glyph stands on its left (the `2014` of `2014-2015`, where the hyphen touches the `2`)."""
    left = glyphs[at].left
    while at >= 0 and unicodedata.bidirectional(glyphs[at].char) in _LTR_CLASSES:
        left = min(left, glyphs[at].left)
        at -= 1
    return left


def _narrowest_space(glyphs: list[Glyph]) -> float | None:
    """The narrowest gap of a line of left-to-right text between two letters with a space between them (justified,
    all of a line's word gaps are alike); None if it has no such space."""
    gaps = [glyphs[k + 1].left - glyphs[k - 1].right for k in range(1, len(glyphs) - 1)
            if glyphs[k].char == " " and glyphs[k - 1].char.isalpha() and glyphs[k + 1].char.isalpha()]
    return min(gaps) if gaps else None


def _left_to_right_letters(previous: Glyph, g: Glyph) -> bool:
    """Whether two glyphs are letters of a left-to-right script, of one size."""
    return previous.size == g.size and previous.char.isalpha() and g.char.isalpha() \
        and unicodedata.bidirectional(previous.char) == "L" == unicodedata.bidirectional(g.char)


def _segment(glyphs: list[Glyph], line_size: float, rtl: bool, spaces_from_gaps: bool) -> Segment | None:
    printed = [g for g in glyphs if not g.generated and g.char.strip() and not _is_mark(g.char)]
    if not printed:
        return None
    full = [g for g in printed if g.size >= line_size * _SUPERSCRIPT] or printed
    size = statistics.median(g.size for g in full)
    bottom = statistics.median(g.bottom for g in full)
    # Only letters with no descender set the baseline well; digits and capitals are the safest.
    text = ""
    previous: Glyph | None = None
    narrowest_space: float | None = math.inf  # (worked out when first asked: most lines have no gap to ask about)
    marks_right = 0.0  # where the marks drawn after the last letter end
    edges = _left_to_right_runs(glyphs) if rtl else {}
    for k, g in enumerate(glyphs):
        visible = not g.generated and g.char.strip() and not _is_mark(g.char)
        if g.char == " " and g.generated and _between_cjk_and_other(glyphs, k):
            continue  # the room CJK typesetting leaves beside a Latin word or a figure (到 2030 年): no space printed
        if g.char == " " and g.generated and not rtl and _glyphs_touch_across(glyphs, k):
            continue  # made up where the glyphs meet (XeLaTeX's `Commander-in-Chief),`, its bracket kerned 0.02 off)
        if visible and previous is not None and text and not text[-1].isspace():
            gap = previous.left - g.right if rtl else g.left - previous.right
            if rtl and not _in_one_run(edges, previous, g) and _touches_run(edges, previous, g, size):
                gap = 0.0
            # Words placed one by one with no space character between them; or, where the library makes the spaces
            # (PDFium), a gap between two letters as wide as the line's word gaps that it missed (XeLaTeX's
            # `годуЮридическая`, a space squeezed by justification to 0.21 of the size, as its others on the line).
            if gap > _SPACE_GAP * size and not _is_cjk(g.char) and not _is_cjk(previous.char):
                if not spaces_from_gaps and not rtl and narrowest_space == math.inf:
                    narrowest_space = _narrowest_space(glyphs)
                if spaces_from_gaps or not rtl and narrowest_space is not None \
                        and _left_to_right_letters(previous, g) \
                        and g.left - max(previous.right, marks_right) >= _AS_WIDE * narrowest_space:
                    text += " "
        if visible and g.char.isdigit() and g.size < size * _SUPERSCRIPT and g.bottom > bottom + 0.15 * size:
            text += SUP_OPEN + g.char + SUP_CLOSE
        elif g.char in " \t":
            if not text.endswith(" "):
                text += " "
        else:
            text += g.char  # no-break spaces (French typography) stay as they are
        if visible:
            previous, marks_right = g, g.right
        elif _is_mark(g.char):
            marks_right = max(marks_right, g.right)  # (Chromium's decomposed `ó`: the accent after the `o`)
    text = text.replace(SUP_CLOSE + SUP_OPEN, "").strip()
    if not text:
        return None
    known = [g.bold for g in printed if g.bold is not None]  # the weight of a line of CJK is its figures'
    inked = [g for g in glyphs if not g.generated and g.char.strip()]
    return Segment(text, min(g.left for g in printed), max(g.right for g in printed), bottom,
                   max(g.top for g in full), size, sum(known) > len(known) / 2 if known else None, rtl,
                   *_ink_of_glyphs(inked))


_FIGURE_SIGNS = set("%‰")  # set with their figure: Typst leaves the same gap after 40% before a CJK character (40%人口)


def _between_cjk_and_other(glyphs: list[Glyph], k: int) -> bool:
    """Whether the glyph at k stands between a CJK character and a letter or figure of another script, spaces and the
    library's own glyphs passed over. LibreOffice and Typst set Chinese `到2030年` with a gap on each side of the
    figure; PDFium makes up a space for each, where the PDF prints none. After punctuation (`目标1. 在`) a gap is a
    space, printed as a glyph or not."""
    i, j = _printed_around(glyphs, k)
    if i is None or j is None:
        return False
    before, after = glyphs[i], glyphs[j]
    if before.char in string.ascii_lowercase and _printed_around(glyphs, i)[0] is None:
        return False  # the label of a note under a table, opening its line (`c 用2013年`, as the texts write it)
    other = after if _is_cjk(before.char) else before
    return _is_cjk(before.char) != _is_cjk(after.char) and (other.char.isalnum() or other.char in _FIGURE_SIGNS)


def _printed(g: Glyph) -> bool:
    """Whether a glyph is drawn and no mark: neither a space nor one the library made up."""
    return not g.generated and bool(g.char.strip()) and not _is_mark(g.char)


def _printed_around(glyphs: list[Glyph], k: int) -> tuple[int | None, int | None]:
    """The positions of the printed glyphs (`_printed`) nearest before and after the one at k; None where none is."""
    before = next((i for i in range(k - 1, -1, -1) if _printed(glyphs[i])), None)
    after = next((j for j in range(k + 1, len(glyphs)) if _printed(glyphs[j])), None)
    return before, after


_TOUCH_ACROSS = 0.05  # font sizes: two glyphs this close meet; a space the library made up between them is none


def _glyphs_touch_across(glyphs: list[Glyph], k: int) -> bool:
    """Whether the printed glyphs before and after the one at k, left to right, stand within `_TOUCH_ACROSS` of a
    size of each other."""
    i, j = _printed_around(glyphs, k)
    return i is not None and j is not None and \
        abs(glyphs[j].left - glyphs[i].right) < _TOUCH_ACROSS * min(glyphs[i].size, glyphs[j].size)


def _is_cjk(ch: str) -> bool:
    return "\u2e80" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" or "\uff00" <= ch <= "\uffef" or \
        "\u3000" <= ch <= "\u303f"


def rows_of(glyphs: list[Glyph], page: int, spaces_from_gaps: bool = True, visual_rtl: bool = False) -> list[Row]:
    """The page's segments grouped into rows by baseline, top to bottom; each row's segments left to right.

    `spaces_from_gaps`: put a space where two glyphs stand apart with no space character between them (PDFium makes
    those spaces itself).
    """
    strong = [unicodedata.bidirectional(g.char) for g in glyphs if not g.generated]
    page_rtl = sum(1 for b in strong if b in ("R", "AL")) > sum(1 for b in strong if b == "L")
    segments = [s for raw in _lines_in_stream(glyphs)
                for s in _segments_of_line(raw, spaces_from_gaps, visual_rtl, page_rtl)]
    if not segments:
        return []
    typical = statistics.median(s.size for s in segments)
    small = [s for s in segments if s.size < _SUPERSCRIPT * typical and len(plain_text(s.text)) <= 3]
    rows: list[Row] = []
    # Full-size segments set the rows; small ones (footnote calls, the marks of footnotes) then join the row of the
    # word they touch, so that a call at the end of a line of one column does not go to the other column's line.
    for segment in sorted((s for s in segments if not any(s is t for t in small)), key=lambda s: (-s.bottom, s.left)):
        target = None
        for row in rows[-4:]:
            tolerance = 0.35 * min(row.size, segment.size)
            if abs(row.bottom - segment.bottom) <= tolerance or len(segment.text) <= 3 and \
                    row.bottom - 0.3 * row.size <= segment.bottom <= row.top and not _overlaps(row, segment):
                target = row
                break
        if target is None:
            rows.append(Row([segment], segment.bottom, segment.top, segment.size, page))
        else:
            target.segments.append(segment)
            target.top = max(target.top, segment.top)
            if segment.size > target.size and len(segment.text) > 3:
                target.size = segment.size
    for segment in small:
        near = [row for row in rows if row.bottom - 0.5 * row.size <= segment.bottom <= row.top + 0.3 * row.size]

        def distance(row: Row) -> float:
            return min(min(abs(s.right - segment.left), abs(segment.right - s.left)) for s in row.segments)

        adjacent = [row for row in near if distance(row) < row.size]
        if adjacent:
            target = min(adjacent, key=distance)
        elif near:
            target = min(near, key=lambda row: abs(row.bottom - segment.bottom))
        else:
            above = [row for row in rows if 0 < row.bottom - segment.bottom < 2 * row.size]
            if segment.text.isdigit() and above:
                # A call carried alone onto the next line belongs at the end of the line above.
                target = min(above, key=lambda row: row.bottom)
                end = min(s.left for s in target.segments) if target.rtl else max(s.right for s in target.segments)
                width = segment.right - segment.left
                left = end - width if target.rtl else end
                segment = Segment(segment.text, left, left + width, target.bottom + 0.3 * target.size,
                                  segment.top, segment.size, segment.bold, segment.rtl)
            else:
                rows.append(Row([segment], segment.bottom, segment.top, segment.size, page))
                continue
        if _is_mark_text(segment.text) and segment.bottom > target.bottom + 0.15 * target.size:
            # raised above the line: a call, or the mark that opens a note, however far from its word
            segment = Segment(SUP_OPEN + segment.text + SUP_CLOSE, segment.left, segment.right, segment.bottom,
                              segment.top, segment.size, segment.bold, segment.rtl, segment.ink_bottom,
                              segment.ink_top)
        target.segments.append(segment)
    rows.sort(key=lambda row: -row.bottom)
    for row in rows:
        row.segments.sort(key=lambda s: s.left)
        _merge_touching(row)
        chars = sum(len(s.text) for s in row.segments)
        row.bold = weight_of(row.segments)
        row.rtl = sum(len(s.text) for s in row.segments if s.rtl) > chars / 2
    return rows


def weight_of(segments: list[Segment]) -> bool | None:
    """Whether most of the text of known weight is bold; None when no segment's weight is known."""
    known = [(len(s.text), s.bold) for s in segments if s.bold is not None]
    if not known:
        return None
    return sum(n for n, bold in known if bold) > sum(n for n, _ in known) / 2


def _is_mark_text(text: str) -> bool:
    """A footnote call or mark as printed raised: a number, or one lower-case letter (notes under a table)."""
    return text.isdigit() or (len(text) == 1 and text.isalpha() and text.islower())


def plain_text(text: str) -> str:
    """Text without the superscript marks."""
    return text.replace(SUP_OPEN, "").replace(SUP_CLOSE, "")


def _overlaps(row: Row, segment: Segment) -> bool:
    return any(s.left < segment.right - 1 and segment.left < s.right - 1 for s in row.segments)


def _one_word_across(before: str, after: str) -> bool:
    """Whether two characters, the last of one right-to-left segment and the first of the next in reading order,
    closer than a space, stand in one word: both Arabic (a letter, a mark, the Arabic comma, of class CS), or either
    punctuation touching its word (`(A/777).`). A Latin word or a figure beside an Arabic one can be set closer than
    a space (Typst's A/C.3/SR.88 إلى)."""
    def arabic(ch: str) -> bool:
        return unicodedata.bidirectional(ch) in ("AL", "NSM") or ch == "،"

    if not before or not after:
        return False
    return arabic(before) and arabic(after) or unicodedata.category(before)[0] == "P" or \
        unicodedata.category(after)[0] == "P"


def _ink_of_glyphs(glyphs: list[Glyph]) -> tuple[float | None, float | None]:
    """The lowest and highest ink of glyphs; None where a glyph's lowest is unknown (pdfplumber's)."""
    if not glyphs or any(g.ink_bottom is None for g in glyphs):
        return None, None
    return min(g.ink_bottom for g in glyphs), max(g.top for g in glyphs)  # type: ignore[type-var]


def _ink_of(*segments: Segment) -> tuple[float | None, float | None]:
    """The lowest and highest ink of segments together; None where one's is unknown."""
    bottoms = [s.ink_bottom for s in segments]
    tops = [s.ink_top for s in segments]
    return (None if None in bottoms else min(bottoms), None if None in tops else max(tops))  # type: ignore[type-var]


def _merge_touching(row: Row) -> None:
    """Segments of one row that touch (a superscript call and the word before it) become one; and two right-to-left
    ones closer than a space (`_SPACE_GAP`): one word the library cut in two lines of its stream (Chromium's
    المتعلّقة, its lam raised by the shadda and drawn after the rest of the line, read المتعلّ قة)."""
    merged: list[Segment] = []
    for s in row.segments:
        last = merged[-1] if merged else None
        gap = s.left - last.right if last else 0.0
        if last and gap < _SEGMENT_GAP * row.size and (
                len(s.text) <= 3 or len(last.text) <= 3 or abs(s.bottom - last.bottom) > 0.2 * row.size
                or last.rtl and s.rtl and abs(gap) < _SPACE_GAP * row.size
                and _one_word_across(s.text[-1:], last.text[:1])):
            small = s if len(s.text) <= 3 and s.size < 0.9 * last.size else None
            glue = "" if s.left - last.right < _SPACE_GAP * row.size else " "  # "suivantes³ :" keeps its space
            text, before = s.text, last.text
            if small and _is_mark_text(text) and s.bottom > last.bottom + 0.15 * last.size:
                text = SUP_OPEN + text + SUP_CLOSE
                glue = ""
            elif len(before) <= 3 and last.size < 0.9 * s.size and _is_mark_text(before) \
                    and last.bottom > s.bottom + 0.15 * s.size:
                before = SUP_OPEN + before + SUP_CLOSE  # the raised mark that opens a note
            rtl = last.rtl or s.rtl  # a call or a figure has no direction: the word it touches gives it
            joined = (text + glue + before) if rtl else (before + glue + text)
            main = s if len(plain_text(s.text)) > len(plain_text(last.text)) else last  # not the call's size
            merged[-1] = Segment(joined, min(last.left, s.left), max(last.right, s.right), main.bottom,
                                 max(last.top, s.top), main.size, main.bold, last.rtl or s.rtl,
                                 *_ink_of(last, s))
        else:
            merged.append(s)
    row.segments = merged


def mirrored(page: Page) -> Page:
    """The page seen in a mirror, for right-to-left text: the start of each line on the left, the first column (the
    right one) on the left, the segments of each right-to-left row in reading order; the text itself is unchanged."""
    def flip(s: Segment) -> Segment:
        return Segment(s.text, page.width - s.right, page.width - s.left, s.bottom, s.top, s.size, s.bold, False,
                       s.ink_bottom, s.ink_top)

    rows = []
    for row in page.rows:
        segments = sorted((flip(s) for s in row.segments), key=lambda s: s.left)
        # (a left-to-right row, a Latin line of the masthead, now reads its segments from the right)
        rows.append(Row(segments, row.bottom, row.top, row.size, row.page, row.bold, not row.rtl))
    rules = [Rule(page.width - r.right, page.width - r.left, r.y, r.thickness) for r in page.rules]
    return Page(page.number, page.width, page.height, rows, rules)


def is_right_to_left(page: Page) -> bool:
    """Whether most of the page's text runs right to left."""
    chars = [(len(s.text), s.rtl) for row in page.rows for s in row.segments]
    return sum(n for n, rtl in chars if rtl) > sum(n for n, _ in chars) / 2
