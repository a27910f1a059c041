"""Read one language version of a document from a file into blocks of text."""

from __future__ import annotations

from pathlib import Path

import lxml.html

from unalign.readers.doc import doc_blocks
from unalign.readers.docx import docx_blocks
from unalign.model import UnalignError
from unalign.readers.cleaning import is_unit_power, strip_markup
from unalign.readers.pdf import pdf_blocks
from unalign.readers.pdf_checks import check_pdf
from unalign.model import Block
from unalign.readers.text import plausible_layouts, split_text

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
XML_SUFFIXES = {".xml", ".tei"}
SUPPORTED = TEXT_SUFFIXES | HTML_SUFFIXES | XML_SUFFIXES | {".pdf", ".docx", ".doc"}

_HTML_BLOCKS = {"p": "paragraph", "li": "paragraph", "tr": "table_row", "blockquote": "paragraph",
                "h1": "heading", "h2": "heading", "h3": "heading", "h4": "heading", "h5": "heading", "h6": "heading",
                "dt": "paragraph", "dd": "paragraph", "caption": "heading"}


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


def read_blocks(path: Path, joiner: str = " ", layout: str | None = None,
                breaks: frozenset[int] = frozenset()) -> list[Block]:
    """The blocks (paragraphs before numbering) of one file, in document order.

    `joiner` joins hard-wrapped lines: a space, or nothing for Chinese. `layout` is the plain-text layout to read a
    text file in (align.readers.text.LAYOUTS; default: found block by block) and `breaks` the lines that open a
    paragraph whatever the evidence (see split_text); other formats ignore both.
    """
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        raise UnalignError(f"{path}: unsupported format '{suffix or 'no extension'}' (supported: "
                           f"{', '.join(sorted(SUPPORTED))})")
    if suffix == ".pdf":
        _check_file(path)
        check_pdf(path)  # truncated, encrypted, damaged, scanned: one line saying what to do
        blocks = pdf_blocks(path, joiner)
    elif suffix == ".docx":
        _check_file(path)
        blocks = docx_blocks(path)
    elif suffix == ".doc":
        _check_file(path)
        blocks = doc_blocks(path)
    else:
        text = read_file_text(path)
        if suffix in HTML_SUFFIXES:
            blocks = _html_blocks(text, path)
        elif suffix in XML_SUFFIXES:
            blocks = _tei_blocks(text, path)
        else:
            blocks = split_text(text, joiner, layout, breaks)
    if not blocks:
        raise UnalignError(f"{path}: no text found")
    return blocks


def text_layouts(path: Path) -> list[str]:
    """The plain-text layouts worth trying for a text file, the one read by default first; [] for other formats."""
    if path.suffix.lower() not in TEXT_SUFFIXES:
        return []
    return plausible_layouts(read_file_text(path))


_HTML_PARSER = lxml.html.HTMLParser(encoding="utf-8")


def _html_blocks(text: str, path: Path) -> list[Block]:
    """Block-level elements of an HTML page in document order; nested blocks are not read twice."""
    try:
        root = lxml.html.document_fromstring(text.encode("utf-8"), parser=_HTML_PARSER)
    except Exception as exc:  # lxml raises several types for hopeless input
        raise UnalignError(f"{path}: not readable as HTML ({exc})") from None
    for bad in root.xpath("//script|//style|//head|//nav|//noscript"):
        bad.drop_tree()
    blocks: list[Block] = []
    for element in root.iter(*_HTML_BLOCKS):
        if any(anc.tag in _HTML_BLOCKS for anc in element.iterancestors()):
            continue
        calls = []
        for sup in element.xpath(".//sup"):
            before = sup.getprevious().tail if sup.getprevious() is not None else sup.getparent().text
            if (sup.text_content() or "").strip().isdigit() and not is_unit_power(before or "", len(before or "")):
                calls.append(sup.text_content().strip())
                sup.drop_tree()
        if element.tag == "tr":
            content = " | ".join(" ".join(cell.text_content().split()) for cell in element.iterchildren("td", "th"))
        else:
            content = " ".join(element.text_content().split())
        if content:
            blocks.append(Block(_HTML_BLOCKS[element.tag], content, tuple(calls)))
    return blocks


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
