"""Read a text PDF into blocks, from the geometry of its pages.

The steps, each in its own module: glyphs and their rows from the PDF library (`geometry`); the page-1 masthead and
the running headers and footers set aside, the symbol, date and original language kept as metadata (`furniture`);
the footnotes taken out at the foot of each page (`footnotes`); columns, reading order, table rows and paragraphs
(`layout`). Paragraphs cut by a column or page break, or by the footnotes, are whole again; footnote calls are taken
out of the text and recorded in `Block.calls`.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import replace
from pathlib import Path

from unalign.model import Block, DocumentMeta, UnalignError
import unalign.readers.rules as rules
from unalign.readers.pdf import footnotes, furniture, geometry, layout
from unalign.readers.pdf.furniture import plain
from unalign.readers.pdf.geometry import LINE_END_HYPHEN, SUP_CLOSE, SUP_OPEN, Page
from unalign.readers.pdf.layout import Line

BACKENDS = ("pypdfium2", "pdfplumber", "docling-parse")

_SUPERSCRIPTS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_SUP = re.compile(r"\s?" + SUP_OPEN + r"([0-9٠-٩]+|[a-z])" + SUP_CLOSE)
_UNIT_BEFORE = re.compile(r"\b[kcdm]?m$")  # a raised 2 or 3 after a unit of length is its power (km2 where a
# rewrite mapped the "²" to a "2"), not the call of note 2 on the same page
_TOC = re.compile(r"(?:\.\s?){4,}\s*[0-9ivxlcIVXLC]+$")
_HEADING_MAX_CHARS = 200
_SPACES = re.compile(r"[ \t\r\n]+")  # no-break spaces (French typography) are kept


def _pages(path: Path, backend: str, first: int | None = None) -> list[Page]:
    try:
        if backend == "pypdfium2":
            import pypdfium2 as pdfium

            try:
                return geometry.pdfium_pages(path, first)
            except pdfium.PdfiumError as exc:
                raise UnalignError(f"{path}: not a readable PDF ({exc})") from None
        if backend == "pdfplumber":
            return geometry.pdfplumber_pages(path)
        if backend == "docling-parse":
            return geometry.docling_pages(path)
    except UnalignError:
        raise
    except Exception as exc:  # the benchmark's other libraries raise their own types for a bad file
        raise UnalignError(f"{path}: not a readable PDF ({exc})") from None
    raise UnalignError(f"unknown PDF backend '{backend}' (one of {', '.join(BACKENDS)})")


def _body_size(pages: list[Page]) -> float:
    sizes: Counter[float] = Counter()
    for page in pages:
        for row in page.rows:
            for s in row.segments:
                sizes[round(s.size * 2) / 2] += len(s.text)
    return sizes.most_common(1)[0][0] if sizes else 10.0


def pdf_metadata(path: Path) -> DocumentMeta:
    """The symbol, date and original language printed in a PDF's page-1 masthead (empty strings when absent)."""
    return furniture.metadata(_pages(path, "pypdfium2", first=1))  # the masthead is on page 1 only


def pdf_blocks(path: Path, joiner: str = " ", backend: str = "pypdfium2") -> list[Block]:
    """The blocks of a PDF file in reading order, each footnote after the paragraph that calls it (else after the last
    paragraph of its page).

    `joiner` joins the lines of a paragraph: a space, or nothing for Chinese. Raises UnalignError for a file the
    library cannot open (damaged, encrypted) and for a PDF without a text layer (a scan).
    """
    return read_pdf(path, joiner, backend)[0]


def read_pdf(path: Path, joiner: str = " ",
             backend: str = "pypdfium2") -> tuple[list[Block], DocumentMeta, tuple[str, ...]]:
    """The blocks of a PDF file (as `pdf_blocks`), what its page-1 masthead says (as `pdf_metadata`) and a line for
    each blank page between pages with text (a content stream the library could not parse reads as a blank page: a
    PDF damaged in the middle loses that page's text without an error), from one reading of its pages."""
    pages = _pages(path, backend)
    texted = [page.number for page in pages if page.rows]
    if not texted:
        raise UnalignError(f"{path}: a PDF without a text layer (a scan?); run OCR on it first")
    blank = tuple(f"{path}: page {page.number + 1} of {len(pages)} has nothing on it, between pages with text: "
                  "damaged (its text is lost; copy the file again) or blank in the original"
                  for page in pages if page.blank and texted[0] < page.number < texted[-1])
    masthead_meta = furniture.metadata(pages)  # as printed, before right-to-left pages are mirrored
    right_to_left = {page.number for page in pages if geometry.is_right_to_left(page)}
    pages = [geometry.mirrored(page) if page.number in right_to_left else page for page in pages]
    conf = furniture.pdf_settings()
    body_size = _body_size(pages)
    meta = furniture.metadata(pages)
    running = furniture.running_rows(pages, meta.symbol, body_size, conf)
    masthead = furniture.masthead_rows(pages[0], conf) if pages else set()
    skip_first = furniture.is_front_page_document(meta.symbol, conf)

    lines: list[Line] = []
    notes: list[footnotes.Note] = []
    last_gutter: float | None = None
    for page in pages:
        if page.number == 0 and skip_first:
            continue
        dropped = running.get(page.number, set()) | (masthead if page.number == 0 else set())
        rows = [row for k, row in enumerate(page.rows) if k not in dropped]
        body, foot = footnotes.split_page(page, rows, body_size, conf)
        footnotes.read_notes(foot, page.number, notes)
        gutter = layout.find_gutter(body, page.width, conf) or layout.kept_gutter(body, last_gutter, conf)
        last_gutter = gutter
        lines.extend(layout.reading_order(body, gutter, conf.gutter_overhang, conf.gutter_min_width))
    marks = {note.mark for note in notes if note.mark}
    lines = [_call_at_end(line, marks) if line.page in right_to_left else line for line in lines]
    layout.mark_tables(lines, conf)
    pitch = layout.line_pitch(lines)
    margins = layout.margins(lines, body_size, pitch, conf)
    exact = layout.exact_pitch(lines, pitch)

    groups: list[list[Line]] = []
    for line in lines:
        before = groups[-1][-2] if groups and len(groups[-1]) > 1 else None
        if groups and not layout.starts_paragraph(groups[-1][-1], line, pitch, margins, conf, exact, before):
            groups[-1].append(line)
        else:
            groups.append([line])

    # Notes set in the body under a table or as endnotes open with their raised mark: their calls are calls too.
    for group in groups:
        opening = re.match(SUP_OPEN + "([^" + SUP_CLOSE + "]+)" + SUP_CLOSE, group[0].text)
        if opening:
            marks.add(opening.group(1))
    everything = "\n".join(plain(line.text) for line in lines)
    hyphenated = {w.lower() for w in re.findall(r"\w+-\w+", everything)} | _line_end_compounds(groups, everything)
    blocks: list[Block] = []
    last_group_of_page: dict[int, int] = {}
    for index, group in enumerate(groups):
        for line in group:
            last_group_of_page[line.page] = index
    notes_after: dict[int, list[footnotes.Note]] = {}
    for note in notes:
        pages_before = [p for p in last_group_of_page if p <= note.page]
        at = last_group_of_page[max(pages_before)] if pages_before else -1
        notes_after.setdefault(at, []).append(note)
    for note in notes_after.get(-1, []):
        blocks.append(_note_block(note, joiner, hyphenated))
    for index, group in enumerate(groups):
        blocks.extend(_group_blocks(group, joiner, hyphenated, marks, body_size))
        for note in notes_after.get(index, []):
            blocks.append(_note_block(note, joiner, hyphenated))
    return _after_their_calls([b for b in blocks if b.text]), masthead_meta, blank


def _call_at_end(line: Line, marks: set[str]) -> Line:
    """A right-to-left line that opens with the raised mark of a note read at a page's foot, with the mark moved to
    its end: WeasyPrint sets the call that ends a right-to-left paragraph at the start of its last line (the line
    then read as a note of that mark, set in the body)."""
    first, last = (line.segments[-1], line.segments[0]) if line.rtl else (line.segments[0], line.segments[-1])
    opening = re.match(SUP_OPEN + "([^" + SUP_CLOSE + "]+)" + SUP_CLOSE, first.text)
    if not opening or opening.group(1) not in marks:
        return line
    moved = {id(first): replace(first, text=first.text[opening.end():].lstrip())}
    moved[id(last)] = replace(moved.get(id(last), last), text=moved.get(id(last), last).text + opening.group(0))
    return replace(line, segments=[moved.get(id(s), s) for s in line.segments])


def _after_their_calls(blocks: list[Block]) -> list[Block]:
    """The blocks with each footnote moved up to just after the paragraph that calls it, found among the paragraphs
    that start on its page or the page before; a footnote no such paragraph calls stays after its page's last one.
    The versions of a document break their pages in different places, and footnotes left at page ends fall between
    different paragraphs in each (Typst's six SDG versions: 203 units for 189 paragraphs a language)."""
    out: list[Block] = []
    for block in blocks:
        mark = block.text.split(" ", 1)[0] if block.kind == "footnote" else ""
        caller = None
        for k in range(len(out) - 1, -1, -1) if mark else ():
            if out[k].kind != "footnote" and out[k].page is not None and block.page is not None \
                    and out[k].page < block.page - 1:
                break
            if mark in out[k].calls:
                caller = k
                break
        if caller is None:
            out.append(block)
            continue
        at = caller + 1
        while at < len(out) and out[at].kind == "footnote":
            at += 1
        out.insert(at, block)
    return out


def _calls_out(text: str, marks: set[str]) -> tuple[str, tuple[str, ...]]:
    """The text without its footnote calls (raised numbers that are marks of footnotes), and the calls; other
    raised digits become superscript characters (km²), and any other raised text stays as printed (a "²" the font
    draws raised, the "th" of "20th")."""
    calls = []

    def replace(m: re.Match) -> str:
        if m.group(1) in marks and not (m.group(1) in "23" and _UNIT_BEFORE.search(m.string, 0, m.start())):
            calls.append(m.group(1))
            return ""
        return m.group(0).replace(SUP_OPEN, "").replace(SUP_CLOSE, "").lstrip().translate(_SUPERSCRIPTS) \
            if not m.group(0)[:1].isspace() else " " + m.group(1).translate(_SUPERSCRIPTS)

    return plain(_SUP.sub(replace, text)), tuple(calls)


def _line_end_compounds(groups: list[list[Line]], everything: str) -> set[str]:
    """The words broken at a line-end hyphen, spelt with it, when nothing shows the document hyphenating words itself
    (none of them is written whole elsewhere): a producer that does not hyphenate (Chromium, WeasyPrint, LibreOffice
    by default) breaks a line at a hyphen only where the word has one ("non-discriminatory", "какого-либо"). Where
    the document does hyphenate, only those always written with a hyphen (`rules.always_hyphenated`)."""
    words = Counter(w.lower() for w in re.findall(r"\w+", everything))
    broken = _broken_at_line_ends(groups)
    always = {word for word in broken if rules.always_hyphenated(word)}
    if not broken or any(words[word.replace("-", "")] for word in broken):
        return always
    return set(broken)


def _broken_at_line_ends(groups: list[list[Line]]) -> list[str]:
    """The words of letters broken at a line-end hyphen, as `head-tail` in lower case."""
    broken = []
    for group in groups:
        for line, following in zip(group, group[1:]):
            end = plain(line.text).rstrip()
            if end.endswith((LINE_END_HYPHEN, "-")):
                head = re.split(r"\s", end[:-1])[-1]
                tail = re.split(r"[\s,.;:]", plain(following.text).strip(), maxsplit=1)[0]
                if head.isalpha() and tail.isalpha():
                    broken.append(f"{head}-{tail}".lower())
    return broken


def join_lines(texts: list[str], joiner: str, hyphenated: set[str]) -> str:
    """Lines of one paragraph joined; a line-end hyphen is undone unless the document spells the word with one, or
    the next line goes on with a capital and small letters (`Vice-` `Premier`, `al-` `Hamad`): hyphenation breaks a
    word between two of its letters, and no word has a capital after a small letter but where it joins two. A
    hyphen between two figures (2015-2030 broken after its hyphen) is no word's: it stays, and no space follows; nor
    does one after a line broken inside a token that holds none."""
    out = ""
    for line in (t.strip() for t in texts):
        if not line:
            continue
        if not out:
            out = line
            continue
        if re.search(r"[0-9][-" + LINE_END_HYPHEN + "]$", out) and line[:1].isdigit():
            out = out[:-1] + "-" + line
        elif out.endswith(LINE_END_HYPHEN):
            head = re.split(r"\s", out[:-1])[-1]
            tail = re.split(r"[\s,.;:]", line, maxsplit=1)[0]
            joined = f"{head}-{tail}".lower() in hyphenated or _capital_after_small(head, tail) or \
                tail[:1].isdigit()  # (`post-` `2015`: no word is hyphenated before a figure)
            out = out[:-1] + ("-" if joined else "") + line
        # Broken inside a token that holds no space: after a hyphen that is always one (U+2010, U+2011: `non‐
        # political`, `10‐Year`), after a slash (`A/` `C.3/SR.174`), after a document symbol's full stop before a
        # figure (`A/C.3/SR.` `174`).
        elif re.search(r"(?:[\u2010\u2011]|\S/)$", out) and line[:1].isalnum() \
                or re.search(r"/\S*[A-Za-z]\.$", out) and line[:1].isdigit():
            out = out + line
        elif re.search(r"\w-$", out) and line[:1].isdigit():
            out = out + line
        elif re.search(r"\w-$", out) and line[:1].islower():
            head = re.split(r"\s", out[:-1])[-1]
            tail = re.split(r"[\s,.;:]", line, maxsplit=1)[0]
            out = out + line if f"{head}-{tail}".lower() in hyphenated else out[:-1] + line
        elif out.endswith(("(", "[")) or line.startswith((")", "]")):
            out = out + line  # (LibreOffice's Arabic breaks a line after the bracket of `(24,3%`)
        else:
            out = out + joiner + line
    return out.replace(LINE_END_HYPHEN, "")


def _capital_after_small(head: str, tail: str) -> bool:
    """Whether a word broken at a line's end goes on with a capital after a small letter (`Vice`, `Premier`): a word
    in capitals (`NA`, `TIONS`) or a word part that is no letter is not."""
    return head[-1:].isalpha() and head[-1:].islower() and tail[:1].isupper() and tail[1:2].isalpha() and \
        tail[1:2].islower()


_RANGE_LINE = re.compile(r"\s*([0-9]+)\s*([-\u2013])\s*([0-9]+)\s*")


def _ranges_after_arabic(texts: list[str]) -> list[str]:
    """The lines of a paragraph with a line of two numbers joined by a hyphen (`2030-2015` as printed) that carries on
    an Arabic line in their logical order: by UAX #9 figures after Arabic text are Arabic numbers (W2), which a hyphen
    does not join (W4), so the page shows the second first. A line of its own, no letter on it, is read left to
    right (ps2pdf's SDG target 11.b ending on `2030 -2015`)."""
    out = list(texts)
    for k in range(1, len(out)):
        match = _RANGE_LINE.fullmatch(out[k])
        letters = [ch for ch in out[k - 1] if ch.isalpha()]
        if match and letters and unicodedata.bidirectional(letters[-1]) == "AL":
            out[k] = f"{match[3]}{match[2]}{match[1]}"
    return out


def _kind(group: list[Line], text: str, body_size: float) -> str:
    if group[0].text.startswith(SUP_OPEN):
        return "footnote"  # a note under a table, opened by its raised mark
    if _TOC.search(text):
        return "toc"
    if len(text) > _HEADING_MAX_CHARS or rules.ends_sentence(text) and not text.endswith(("’", "”", ")")):
        return "paragraph"
    letters = [ch for ch in text if ch.isalpha()]
    if all(line.bold is not False for line in group) and any(line.bold for line in group) \
            or group[0].size >= 1.15 * body_size:
        return "heading"
    if letters and sum(ch.isupper() for ch in letters) > 0.9 * len(letters) and len(letters) > 3:
        return "heading"
    return "paragraph"


_KASHIDA_MARK = re.compile(r"(?<=[\u0600-\u06ff])=(?=[\u0600-\u06ff])")  # LibreOffice's kashida glyph, read as "="


def _group_blocks(group: list[Line], joiner: str, hyphenated: set[str], marks: set[str],
                  body_size: float) -> list[Block]:
    page = group[0].page + 1
    if group[0].cells:
        out = []
        for line in group:
            cells = [_calls_out(c, marks)[0].strip() for c in line.cells]
            out.append(Block("table_row", " | ".join(c for c in cells if c), (), line.page + 1))
        return out
    raw = join_lines(_ranges_after_arabic([line.text for line in group]), joiner, hyphenated)
    if raw.startswith(SUP_OPEN):  # the mark of a note: "a Authorized strength…"
        raw = re.sub("^" + SUP_OPEN + "([^" + SUP_CLOSE + "]*)" + SUP_CLOSE + r"\s*", r"\1 ", raw)
    text, calls = _calls_out(raw, marks)
    text = _SPACES.sub(" ", _KASHIDA_MARK.sub("", text)).strip()
    return [Block(_kind(group, text, body_size), text, calls, page)]


def _note_block(note: footnotes.Note, joiner: str, hyphenated: set[str]) -> Block:
    text = plain(join_lines(note.lines, joiner, hyphenated))
    text = _SPACES.sub(" ", text).strip()
    if not note.mark:
        return Block("paragraph", text, (), note.page + 1)
    return Block("footnote", f"{note.mark} {text}", (), note.page + 1)
