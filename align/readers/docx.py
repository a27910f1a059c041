"""Read a Word (.docx) file into blocks: body paragraphs, tables and footnotes, with Word's automatic numbering.

python-docx opens the package; the body is walked in document order so that tables stay where they stand. Running
headers and footers live in parts of their own and are never read. Each footnote becomes a footnote block right after
the paragraph that calls it, numbered as Word displays it.
"""

from __future__ import annotations

import re
from pathlib import Path

from unalign.readers.cleaning import strip_markup, superscript
from unalign.model import UnalignError
from unalign.model import Block
from unalign.numerals import ABJAD, ARABIC_INDIC_DIGITS, CYRILLIC, LATIN, letters, to_chinese, to_roman

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

def format_number(n: int, fmt: str) -> str:
    """Word's rendering of counter value `n` in number format `fmt` (w:numFmt)."""
    if fmt in ("lowerLetter", "upperLetter"):
        text = letters(n, LATIN)
        return text.upper() if fmt == "upperLetter" else text
    if fmt in ("lowerRoman", "upperRoman"):
        return to_roman(n) if fmt == "upperRoman" else to_roman(n).lower()
    if fmt in ("arabicAbjad", "arabicAlpha"):
        return letters(n, ABJAD)
    if fmt in ("russianLower", "russianUpper"):
        text = letters(n, CYRILLIC)
        return text.upper() if fmt == "russianUpper" else text
    if fmt.startswith(("chineseCounting", "ideograph", "taiwaneseCounting")) and n <= 10:
        return to_chinese(n)
    if fmt == "decimalFullWidth":
        return "".join(chr(ord(d) - ord("0") + 0xFF10) for d in str(n))
    if fmt == "hindiNumbers":
        return "".join(ARABIC_INDIC_DIGITS[int(d)] for d in str(n))
    return str(n)


class _Numbering:
    """Word's list numbering: the counters of each list and the label each numbered paragraph shows."""

    def __init__(self, document) -> None:
        self.levels: dict[str, dict[int, tuple[int, str, str]]] = {}  # numId -> ilvl -> (start, numFmt, lvlText)
        self.counters: dict[str, dict[int, int]] = {}
        try:
            root = document.part.numbering_part.element
        except (NotImplementedError, KeyError, AttributeError):
            return
        abstract = {}
        for node in root.iter(f"{W}abstractNum"):
            abstract[node.get(f"{W}abstractNumId")] = self._read_levels(node)
        for num in root.iter(f"{W}num"):
            ref = num.find(f"{W}abstractNumId")
            if ref is None:
                continue
            levels = dict(abstract.get(ref.get(f"{W}val"), {}))
            for override in num.iter(f"{W}lvlOverride"):
                ilvl = int(override.get(f"{W}ilvl", "0"))
                start = override.find(f"{W}startOverride")
                if start is not None and ilvl in levels:
                    levels[ilvl] = (int(start.get(f"{W}val")),) + levels[ilvl][1:]
            self.levels[num.get(f"{W}numId")] = levels

    @staticmethod
    def _read_levels(node) -> dict[int, tuple[int, str, str]]:
        levels = {}
        for lvl in node.iter(f"{W}lvl"):
            def val(tag: str, default: str) -> str:
                child = lvl.find(f"{W}{tag}")
                return child.get(f"{W}val", default) if child is not None else default
            levels[int(lvl.get(f"{W}ilvl", "0"))] = (int(val("start", "1")), val("numFmt", "decimal"),
                                                     val("lvlText", "%1."))
        return levels

    def label(self, num_id: str, ilvl: int) -> str:
        """The label of the next paragraph of list `num_id` at level `ilvl` (deeper counters restart)."""
        levels = self.levels.get(num_id)
        if not levels or ilvl not in levels or levels[ilvl][1] in ("bullet", "none"):
            return ""
        counters = self.counters.setdefault(num_id, {})
        counters[ilvl] = counters.get(ilvl, levels[ilvl][0] - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        text = levels[ilvl][2]
        for k in range(ilvl + 1):
            start, fmt, _ = levels.get(k, (1, "decimal", ""))
            text = text.replace(f"%{k + 1}", format_number(counters.get(k, start), fmt))
        return text.strip()


def _num_pr(paragraph_element, styles: dict[str, tuple[str, int]]) -> tuple[str, int] | None:
    ppr = paragraph_element.find(f"{W}pPr")
    numpr = ppr.find(f"{W}numPr") if ppr is not None else None
    if numpr is not None:
        num_id = numpr.find(f"{W}numId")
        ilvl = numpr.find(f"{W}ilvl")
        if num_id is not None:
            return num_id.get(f"{W}val"), int(ilvl.get(f"{W}val")) if ilvl is not None else 0
    style = ppr.find(f"{W}pStyle") if ppr is not None else None
    return styles.get(style.get(f"{W}val")) if style is not None else None


def _run_text(element, calls: list[str]) -> str:
    """The text of a paragraph (or footnote) element; footnote references are collected into `calls`."""
    out = []
    for node in element.iter():
        tag = node.tag
        if tag == f"{W}t":
            out.append(superscript(node.text or "") if _raised(node) else node.text or "")
        elif tag == f"{W}tab":
            out.append("\t")
        elif tag in (f"{W}br", f"{W}cr"):
            out.append(" ")
        elif tag == f"{W}noBreakHyphen":
            out.append("-")
        elif tag == f"{W}footnoteReference":
            calls.append(node.get(f"{W}id"))
    return "".join(out)


def _raised(text_node) -> bool:
    """Whether a w:t is in a run formatted as superscript (km², 10⁶: read as superscript digits, not km2 and 106)."""
    align = text_node.getparent().find(f"{W}rPr/{W}vertAlign")
    return align is not None and align.get(f"{W}val") == "superscript"


def _footnotes(document) -> dict[str, object]:
    """Footnote id -> its w:footnote element (separators left out)."""
    for rel in document.part.rels.values():
        if rel.reltype.endswith("/footnotes"):
            from lxml import etree

            root = etree.fromstring(rel.target_part.blob)
            return {fn.get(f"{W}id"): fn for fn in root.iter(f"{W}footnote")
                    if fn.get(f"{W}type") in (None, "normal")}
    return {}


def docx_blocks(path: Path) -> list[Block]:
    """The blocks of a .docx file in document order; raises UnalignError when it is not a Word document."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError, OSError) as exc:
        raise UnalignError(f"{path}: not a readable Word (.docx) file ({exc})") from None
    except Exception as exc:  # a damaged zip or XML part
        raise UnalignError(f"{path}: not a readable Word (.docx) file ({type(exc).__name__}: {exc})") from None
    numbering = _Numbering(document)
    style_numbering: dict[str, tuple[str, int]] = {}
    heading_styles: set[str] = set()
    for style in document.styles:
        element = style.element
        if style.name and re.match(r"(?i)^(heading|title|subtitle|заголовок|titre|título)", style.name):
            heading_styles.add(style.style_id)
        ppr = element.find(f"{W}pPr")
        numpr = ppr.find(f"{W}numPr") if ppr is not None else None
        if numpr is not None and numpr.find(f"{W}numId") is not None:
            ilvl = numpr.find(f"{W}ilvl")
            style_numbering[style.style_id] = (numpr.find(f"{W}numId").get(f"{W}val"),
                                               int(ilvl.get(f"{W}val")) if ilvl is not None else 0)
    footnotes = _footnotes(document)
    shown: dict[str, int] = {}
    blocks: list[Block] = []
    for element in document.element.body.iterchildren():
        if element.tag == f"{W}tbl":
            for row in element.iter(f"{W}tr"):
                cells = [" ".join(_run_text(cell, []).split()) for cell in row.iter(f"{W}tc")]
                if any(cells):
                    blocks.append(Block("table_row", " | ".join(strip_markup(c, markup=False) for c in cells)))
            continue
        if element.tag != f"{W}p":
            continue
        calls: list[str] = []
        text = _run_text(element, calls)
        numpr = _num_pr(element, style_numbering)
        label = numbering.label(*numpr) if numpr else ""
        text = strip_markup(f"{label} {text}" if label else text, markup=False)
        ppr = element.find(f"{W}pPr")
        style = ppr.find(f"{W}pStyle") if ppr is not None else None
        kind = "heading" if style is not None and style.get(f"{W}val") in heading_styles else "paragraph"
        new = [ref for ref in dict.fromkeys(calls) if ref in footnotes and ref not in shown]
        for ref in new:
            shown[ref] = len(shown) + 1
        if text:
            blocks.append(Block(kind, text, tuple(str(shown[ref]) for ref in calls if ref in shown)))
        for ref in new:
            body = strip_markup(" ".join(_run_text(p, []) for p in footnotes[ref].iter(f"{W}p")), markup=False)
            blocks.append(Block("footnote", f"{shown[ref]} {body}".strip()))
    return blocks
