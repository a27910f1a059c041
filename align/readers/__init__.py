"""Read one language version of a document from a file into blocks of text: a reader per format, chosen by the
file's suffix (`READERS`), each returning its blocks with what it learned of the file on the way (`Reading`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import lxml.etree
import lxml.html

from unalign.model import Block, DocumentMeta, UnalignError
from unalign.readers.cleaning import is_unit_power, left_out, strip_markup, superscript

# Each format's reader is imported when a file of that format is read: a warm run takes its readings from the cache
# (readers.cache) and imports none, and the PDF reader alone took a hundredth of a second to import.

_HTML_BLOCKS = {"p": "paragraph", "li": "paragraph", "tr": "table_row", "blockquote": "paragraph",
                "h1": "heading", "h2": "heading", "h3": "heading", "h4": "heading", "h5": "heading", "h6": "heading",
                "dt": "paragraph", "dd": "paragraph", "caption": "heading"}


@dataclass(frozen=True)
class Reading:
    """One file as its reader read it: the blocks, in document order, and what the reader learned of the file."""

    blocks: tuple[Block, ...]
    layout: str = ""  # plain text: the layout it is written in (readers.text.LAYOUTS), or the one it was read in
    meta: DocumentMeta | None = None  # PDF: what its page-1 masthead says
    warnings: tuple[str, ...] = ()  # what the user should know of the file although it was read (one line each)


@dataclass(frozen=True)
class HowToRead:
    """What a reader is told besides the file: `joiner` joins hard-wrapped lines (a space, or nothing for Chinese);
    `layout` and `breaks` say how to read plain text (see readers.text.split_text); other formats ignore them."""

    joiner: str = " "
    layout: str | None = None
    breaks: frozenset[int] = frozenset()


def _check_file(path: Path) -> None:
    if not path.exists():
        raise UnalignError(f"{path}: no such file")
    if not path.is_file():
        raise UnalignError(f"{path}: not a file")
    if path.stat().st_size == 0:
        raise UnalignError(f"{path}: the file is empty")


def read_file_text(path: Path) -> str:
    """The file's text, decoded as UTF-8 (with or without BOM) or UTF-16 with BOM.

    Raises UnalignError for a missing, empty, binary or undecodable file.
    """
    _check_file(path)
    data = path.read_bytes()
    if not data.strip():
        raise UnalignError(f"{path}: the file is empty")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise UnalignError(f"{path}: not valid UTF-16 text ({exc.reason} at byte {exc.start})") from None
    if b"\x00" in data[:8192]:
        raise UnalignError(f"{path}: a binary file, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UnalignError(f"{path}: not UTF-8 text (invalid byte at offset {exc.start})") from None


def _read_text(path: Path, how: HowToRead) -> Reading:
    from unalign.readers.text import read_text

    text = read_file_text(path)
    blocks, layout = read_text(text, how.joiner, how.layout, how.breaks)
    return Reading(tuple(blocks), how.layout or layout, warnings=left_out(path, text))


def _read_html(path: Path, how: HowToRead) -> Reading:
    text = read_file_text(path)
    return Reading(tuple(_html_blocks(text, path)), warnings=left_out(path, text))


def _read_tei(path: Path, how: HowToRead) -> Reading:
    text = read_file_text(path)
    return Reading(tuple(_tei_blocks(text, path)), warnings=left_out(path, text))


def _read_pdf(path: Path, how: HowToRead) -> Reading:
    from unalign.readers.pdf import read_pdf
    from unalign.readers.pdf_checks import check_pdf

    _check_file(path)
    check_pdf(path)  # truncated, encrypted, damaged, scanned: one line saying what to do
    blocks, meta, warnings = read_pdf(path, how.joiner)
    return Reading(tuple(blocks), meta=meta, warnings=warnings)


def _read_docx(path: Path, how: HowToRead) -> Reading:
    from unalign.readers.docx import docx_blocks

    _check_file(path)
    return Reading(tuple(docx_blocks(path)))


def _read_doc(path: Path, how: HowToRead) -> Reading:
    from unalign.readers.doc import doc_blocks

    _check_file(path)
    return Reading(tuple(doc_blocks(path)))


# Suffix -> the reader of that format.
READERS: dict[str, Callable[[Path, HowToRead], Reading]] = {
    **dict.fromkeys((".txt", ".md", ".markdown", ".text"), _read_text),
    **dict.fromkeys((".html", ".htm", ".xhtml"), _read_html),
    **dict.fromkeys((".xml", ".tei"), _read_tei),
    ".pdf": _read_pdf, ".docx": _read_docx, ".doc": _read_doc,
}
SUPPORTED = frozenset(READERS)
TEXT_SUFFIXES = frozenset(suffix for suffix, reader in READERS.items() if reader is _read_text)
_SLOW_SUFFIXES = frozenset((".pdf", ".doc"))


def reads_slowly(path: Path) -> bool:
    """Whether reading `path` takes a second or more (layout analysis, a conversion by LibreOffice): a document's
    versions in such formats are read side by side in its worker processes when it has them (pipeline.read_document)."""
    return Path(path).suffix.lower() in _SLOW_SUFFIXES


def read_file(path: Path, how: HowToRead = HowToRead()) -> Reading:
    """One file read by the reader of its format. Raises UnalignError for a format unalign does not read, a file it
    cannot read, and a file without text."""
    suffix = path.suffix.lower()
    if path.is_dir():
        raise UnalignError(f"{path}: a folder; give one file (unalign align takes a folder of language versions)")
    if suffix not in READERS:
        raise UnalignError(f"{path}: unsupported format '{suffix or 'no extension'}' (supported: "
                           f"{', '.join(sorted(SUPPORTED))})")
    reading = READERS[suffix](path, how)
    if not reading.blocks:
        raise UnalignError(f"{path}: no text found")
    return reading


def read_blocks(path: Path, joiner: str = " ", layout: str | None = None,
                breaks: frozenset[int] = frozenset()) -> list[Block]:
    """The blocks (paragraphs before numbering) of one file, in document order (`read_file`'s, see HowToRead)."""
    return list(read_file(path, HowToRead(joiner, layout, breaks)).blocks)


def text_layouts(path: Path) -> list[str]:
    """The plain-text layouts worth trying for a text file, the one read by default first; [] for other formats."""
    from unalign.readers.text import plausible_layouts

    if path.suffix.lower() not in TEXT_SUFFIXES:
        return []
    return plausible_layouts(read_file_text(path))


_HTML_PARSER = lxml.html.HTMLParser(encoding="utf-8", huge_tree=True)  # huge_tree: no depth limit of 256
# Elements whose text is not the document's.
_HTML_UNREAD = frozenset({"script", "style", "head", "nav", "noscript", "template"})
# A page's header and footer, when they are its banner (_is_banner).
_HTML_PAGE_FURNITURE = frozenset({"header", "footer"})
_HTML_SECTIONS = frozenset({"article", "section", "main", "aside"})
# Other elements that open a block of their own: text in them, or between their block children, is a paragraph.
_HTML_CONTAINERS = frozenset({"div", "section", "article", "main", "aside", "header", "footer", "figure",
                              "figcaption", "address", "details", "summary", "fieldset", "form", "table", "tbody",
                              "thead", "tfoot", "ul", "ol", "dl", "center", "body", "html", "td", "th", "pre", "hr"})


def _is_banner(element) -> bool:
    """Whether a <header> or <footer> is the page's furniture (a masthead, a site's banner): one of the page, not of
    an article or a section, holding no paragraph, heading, list item or table row (the UDHR page's <header> holds
    its preamble: text)."""
    return not any(ancestor.tag in _HTML_SECTIONS for ancestor in element.iterancestors()) and not any(
        isinstance(inner.tag, str) and inner.tag in _HTML_BLOCKS for inner in element.iterdescendants())


def _html_blocks(text: str, path: Path) -> list[Block]:
    """The blocks of an HTML page in document order: each outermost block element (p, li, tr, h1 …) is one block
    with everything inside it; text outside those, in any container (div, section, article, td …) is a block of its
    own between them. Every text node is read once, whatever the depth (the tree is walked, not recursed), except
    script, style, navigation and the page's banner (`_is_banner`: a masthead). A table row's
    cells are joined by " | "; a <sup> holding a number is a footnote call when it links somewhere or the page has that
    footnote (a block opening with it), and not a unit's power; any other is text, in superscript digits (10⁶)."""
    try:
        root = lxml.html.document_fromstring(text.encode("utf-8"), parser=_HTML_PARSER)
    except Exception as exc:  # lxml raises several types for hopeless input
        raise UnalignError(f"{path}: not readable as HTML ({exc})") from None
    defined = {number for element in root.iter("sup") if (number := _sup_number(element)) and _opens_block(element)}
    blocks: list[Block] = []
    opened: list[tuple[object, str]] = []  # (element, kind) of the blocks and containers open, innermost last
    in_block = 0  # how many of them are block elements: inside one, nothing opens a block of its own
    pieces: list[str] = []
    calls: list[str] = []
    tail = ""  # the last characters of the block so far (a unit's power is told by the four before it)
    skipping: object = None  # the element whose content is not read (script, style, a footnote call's <sup>)

    def add(piece: str) -> None:
        nonlocal tail
        pieces.append(piece)
        tail = (tail + piece)[-8:]

    def flush() -> None:
        nonlocal tail
        content = " ".join("".join(pieces).split())
        if content:
            blocks.append(Block(opened[-1][1] if opened else "paragraph", content, tuple(calls)))
        pieces.clear()
        calls.clear()
        tail = ""

    for event, element in lxml.etree.iterwalk(root, events=("start", "end")):
        if skipping is not None:
            if event == "end" and element is skipping:
                skipping = None
                add(element.tail or "")
            continue
        tag = element.tag if isinstance(element.tag, str) else None
        if event == "start":
            if tag is None or tag in _HTML_UNREAD or (tag in _HTML_PAGE_FURNITURE and _is_banner(element)):
                skipping = element  # a comment, a processing instruction, a script, the page's banner …
                continue
            number = _sup_number(element) if tag == "sup" else None
            if number and not is_unit_power(tail, len(tail)) and (number in defined or _links(element)):
                calls.append(number)
                skipping = element
                continue
            if in_block:
                if tag in ("td", "th") and opened and opened[-1][1] == "table_row" and any(map(str.strip, pieces)):
                    add(" | ")
                elif tag in _HTML_BLOCKS or tag in _HTML_CONTAINERS or tag == "br":
                    add(" ")
            elif tag in _HTML_BLOCKS or tag in _HTML_CONTAINERS:
                flush()
                opened.append((element, _HTML_BLOCKS.get(tag, "paragraph")))
                in_block += tag in _HTML_BLOCKS
            elif tag == "br":
                add(" ")
            add(superscript(element.text or "") if tag == "sup" and len(element) == 0 else element.text or "")
        else:
            if opened and opened[-1][0] is element:
                if in_block <= 1 or element.tag not in _HTML_BLOCKS:
                    flush()
                in_block -= element.tag in _HTML_BLOCKS
                opened.pop()
            add(element.tail or "")
    flush()
    return blocks


def _sup_number(sup) -> str | None:
    """The number a <sup> holds (`3`, `[3]`, a link to note 3: `<sup><a href="#fn3">3</a></sup>`), or None. Only
    what the element holds itself is read: a page of a million nested tags is read in linear time."""
    if len(sup) == 0:
        text = sup.text
    elif len(sup) == 1 and sup[0].tag == "a" and not len(sup[0]) and not (sup.text or "").strip():
        text = sup[0].text
    else:
        return None
    number = (text or "").strip().strip("[]()")
    return number if number.isdigit() else None


def _opens_block(sup) -> bool:
    """Whether a <sup> is where its block's text begins (`<p><sup>3</sup> See…`, `<p><a name="3"><sup>3</sup></a>
    See…`: a footnote, the number it defines)."""
    parent = sup.getparent()
    if parent is not None and parent.tag == "a" and parent[0] is sup and not (parent.text or "").strip():
        sup, parent = parent, parent.getparent()
    return parent is not None and parent.tag in _HTML_BLOCKS and parent[0] is sup and not (parent.text or "").strip()


def _links(sup) -> bool:
    """Whether a <sup> links somewhere (a link inside it, or it inside a link): the calls of most pages do."""
    parent = sup.getparent()
    return len(sup) == 1 and bool(sup[0].get("href")) or parent is not None and parent.tag == "a" and \
        bool(parent.get("href"))


def _tei_blocks(text: str, path: Path) -> list[Block]:
    """The <p> elements of a UN Parallel Corpus TEI/XML file (sentences <s> inside joined by a space)."""
    from lxml import etree

    try:
        root = etree.fromstring(text.encode("utf-8"), parser=etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as exc:
        raise UnalignError(f"{path}: not well-formed XML ({exc})") from None
    paragraphs = [el for el in root.iter() if isinstance(el.tag, str) and etree.QName(el).localname == "p"]
    if not paragraphs:
        raise UnalignError(f"{path}: an XML file without <p> paragraphs (expected UN Parallel Corpus TEI)")
    blocks = []
    for element in paragraphs:
        content = strip_markup(" ".join(" ".join(element.itertext()).split()), markup=False)
        if content:
            blocks.append(Block("paragraph", content))
    return blocks
