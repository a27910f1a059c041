"""Read one language version of a document from a file into blocks of text."""

from __future__ import annotations

from pathlib import Path

import lxml.html

from align.model import UnalignError
from align.segmenting import Block, split_text

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
SUPPORTED = TEXT_SUFFIXES | HTML_SUFFIXES

_HTML_BLOCKS = {"p": "paragraph", "li": "paragraph", "tr": "table_row", "blockquote": "paragraph",
                "h1": "heading", "h2": "heading", "h3": "heading", "h4": "heading", "h5": "heading", "h6": "heading",
                "dt": "paragraph", "dd": "paragraph", "caption": "heading"}


def read_file_text(path: Path) -> str:
    """The file's text, decoded as UTF-8 (with or without BOM) or UTF-16 with BOM.

    Raises UnalignError for a missing, empty, binary or undecodable file.
    """
    if not path.exists():
        raise UnalignError(f"{path}: no such file")
    if not path.is_file():
        raise UnalignError(f"{path}: not a file")
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


def read_blocks(path: Path, joiner: str = " ") -> list[Block]:
    """The blocks (paragraphs before numbering) of one file, in document order.

    `joiner` joins hard-wrapped lines: a space, or nothing for Chinese.
    """
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        raise UnalignError(f"{path}: unsupported format '{suffix or 'no extension'}' (supported: "
                           f"{', '.join(sorted(SUPPORTED))})")
    text = read_file_text(path)
    blocks = _html_blocks(text, path) if suffix in HTML_SUFFIXES else split_text(text, joiner)
    if not blocks:
        raise UnalignError(f"{path}: no text found")
    return blocks


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
        for sup in element.xpath(".//sup"):
            if (sup.text_content() or "").strip().isdigit():  # footnote call
                sup.drop_tree()
        if element.tag == "tr":
            content = " | ".join(" ".join(cell.text_content().split()) for cell in element.iterchildren("td", "th"))
        else:
            content = " ".join(element.text_content().split())
        if content:
            blocks.append(Block(_HTML_BLOCKS[element.tag], content))
    return blocks
