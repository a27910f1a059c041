"""Read TMX files (unalign's and any other tool's) as a stream of units, in memory bounded by the largest <tu>.

The file is parsed with lxml's `iterparse`; each <tu> is turned into a `TranslationUnit` and then cleared, with the
siblings before it, so that a TMX of millions of units is read in the memory of one. Inline codes (<bpt>, <ept>,
<ph>, <it>, <ut>) hold the native markup of the original file, not text: they are left out of the unit's text,
and counted; the text inside <hi> is kept.

Entities are never resolved by the parser (no external file or network is read, and no "billion laughs" can blow
up). An entity the file declares in its own DOCTYPE as plain text (`<!ENTITY org "United Nations">`) is expanded
here, within a budget of characters proportional to the file; any other reference (an external entity, one that
holds markup, one that refers to itself, or expansions past the budget) is an error naming the line, never text
silently lost.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from unalign.tmx.model import TmxError, TranslationUnit

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
INLINE_CODES = frozenset({"bpt", "ept", "ph", "it", "ut"})
_PREDEFINED = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}
_REFERENCE = re.compile(r"&(#x[0-9a-fA-F]+|#[0-9]+|[^\s&;<>]+);")
# Characters that entities may add to a file's texts: this many times the file's size, and at least this many.
_EXPANSION_FACTOR = 10
_EXPANSION_MIN = 1_000_000


@dataclass(frozen=True)
class TmxHeader:
    """The attributes of a TMX <header> that tell how to read and merge its units."""

    srclang: str
    segtype: str = ""
    creationtool: str = ""
    creationtoolversion: str = ""
    adminlang: str = ""
    datatype: str = ""
    version: str = ""
    props: dict[str, str] = field(default_factory=dict)  # the header's <prop> elements, by type (the first of each)


def read_tmx(path: Path, dropped: Counter | None = None) -> tuple[TmxHeader, Iterator[TranslationUnit]]:
    """The header of the TMX file at `path`, and an iterator over its units, read as they are needed.

    Raises `TmxError` ("<file>:<line>: <what is wrong>") for a missing, empty or ill-formed file, one that is not
    TMX, or a <tuv> without a language, whether found now (header) or while iterating. `dropped` counts, by element
    name, the inline codes left out of the texts.
    """
    path = Path(path)
    if not path.is_file():
        raise TmxError(f"{path}: {'a folder, not a TMX file' if path.is_dir() else 'no such file'}")
    if path.stat().st_size == 0:
        raise TmxError(f"{path}: the file is empty")
    items = _parse(path, dropped if dropped is not None else Counter())
    header = next(items)
    assert isinstance(header, TmxHeader)
    return header, items  # type: ignore[return-value]


def _local(tag: object) -> str:
    """An element's name without namespace; "" for comments and processing instructions."""
    return etree.QName(tag).localname if isinstance(tag, str) else ""


class _Entities:
    """The internal text entities a TMX file declares, expanded on demand within a budget of characters."""

    def __init__(self, path: Path, dtd: etree.DTD | None):
        self.path = path
        self.declared = {e.name: e for e in dtd.iterentities()} if dtd is not None else {}
        self.expanded: dict[str, str] = {}
        self.budget = max(_EXPANSION_FACTOR * path.stat().st_size, _EXPANSION_MIN)

    def text(self, name: str, line: int | None) -> str:
        """The text that the reference &name; at `line` stands for; TmxError when it cannot be had safely."""
        value = self._expand(name, line, ())
        self._spend(len(value), line, name)
        return value

    def _spend(self, size: int, line: int | None, name: str) -> None:
        self.budget -= size
        if self.budget < 0:
            raise TmxError(f"{self.path}:{line}: the entity &{name}; expands to more text than the file could hold "
                           f"(an entity bomb?); not read")

    def _expand(self, name: str, line: int | None, within: tuple[str, ...]) -> str:
        if name in _PREDEFINED:
            return _PREDEFINED[name]
        if name.startswith("#"):
            return chr(int(name[2:], 16) if name[1:2] in "xX" else int(name[1:]))
        if name in self.expanded:
            return self.expanded[name]
        where = f"{self.path}:{line}: the entity &{name};"
        if name in within:
            raise TmxError(f"{where} refers to itself")
        declared = self.declared.get(name)
        if declared is None or declared.content is None:
            raise TmxError(f"{where} is {'external' if declared is not None else 'not declared in the file'}; "
                           "unalign reads no file but the TMX itself")
        content = declared.content
        if "<" in content:
            raise TmxError(f"{where} holds markup, which unalign does not expand")
        parts, size, start = [], 0, 0
        for ref in _REFERENCE.finditer(content):
            parts.append(content[start:ref.start()])
            parts.append(self._expand(ref.group(1), line, within + (name,)))
            size += len(parts[-2]) + len(parts[-1])
            if size > self.budget:
                self._spend(size, line, name)
            start = ref.end()
        parts.append(content[start:])
        self.expanded[name] = value = "".join(parts)
        return value


def _parse(path: Path, dropped: Counter) -> Iterator[TmxHeader | TranslationUnit]:
    try:
        _, root = next(etree.iterparse(str(path), events=("start",), resolve_entities=False, no_network=True))
        if _local(root.tag) != "tmx":
            raise TmxError(f"{path}:{root.sourceline}: not a TMX file (its root element is <{_local(root.tag)}>, "
                           "not <tmx>)")
        version = root.get("version", "")
        header_seen = False
        context = etree.iterparse(str(path), events=("end",), tag=("{*}header", "{*}tu"), resolve_entities=False,
                                  no_network=True, huge_tree=True)
        entities = None
        for _, element in context:
            if _local(element.tag) == "header":
                header_seen = True
                entities = _Entities(path, element.getroottree().docinfo.internalDTD)
                yield _header(element, version, path)
            else:
                if entities is None:
                    raise TmxError(f"{path}:{element.sourceline}: <tu> before the TMX <header>")
                yield _unit(element, path, dropped, entities)
            element.clear(keep_tail=True)
            while element.getprevious() is not None:
                del element.getparent()[0]
        if not header_seen:
            raise TmxError(f"{path}: not a TMX file (no <header>)")
    except etree.XMLSyntaxError as exc:
        line, column = exc.position
        message = re.sub(r", line \d+, column \d+$", "", exc.msg)
        # lxml's log is shared by every parse of the thread: only this file's entries say where this one broke
        first = next((e for e in exc.error_log if e.line > 0 and e.filename == str(path)), None)
        if not line and first is not None:  # iterparse lost the position ("no element found"); the log has it
            line, column, message = first.line, first.column, first.message
        raise TmxError(f"{path}:{line}:{column}: not well-formed XML ({message})") from None
    except StopIteration:  # no element at all
        raise TmxError(f"{path}: not a TMX file (no XML element)") from None


def _header(element: etree._Element, version: str, path: Path) -> TmxHeader:
    srclang = element.get("srclang")
    if not srclang:
        raise TmxError(f"{path}:{element.sourceline}: the TMX <header> has no srclang")
    props: dict[str, str] = {}
    for prop in element:
        if _local(prop.tag) == "prop":
            props.setdefault(prop.get("type", ""), prop.text or "")
    return TmxHeader(srclang, element.get("segtype", ""), element.get("creationtool", ""),
                     element.get("creationtoolversion", ""), element.get("adminlang", ""),
                     element.get("datatype", ""), version, props)


def _unit(tu: etree._Element, path: Path, dropped: Counter, entities: _Entities) -> TranslationUnit:
    """One <tu>: texts by language (the first <tuv> of a language wins), the first <prop> of each type, notes."""
    texts: dict[str, str] = {}
    props: dict[str, str] = {}
    notes: list[str] = []
    for child in tu:
        name = _local(child.tag)
        if name == "tuv":
            lang = child.get(XML_LANG) or child.get("lang")  # TMX 1.1 used a plain "lang"
            if not lang:
                raise TmxError(f"{path}:{child.sourceline}: <tuv> without xml:lang")
            seg = next((c for c in child if _local(c.tag) == "seg"), None)
            if seg is None:
                raise TmxError(f"{path}:{child.sourceline}: <tuv> without <seg>")
            if lang not in texts:
                texts[lang] = _text(seg, dropped, entities)
        elif name == "prop":
            props.setdefault(child.get("type", ""), _text(child, dropped, entities))
        elif name == "note":
            notes.append(_text(child, dropped, entities))
    return TranslationUnit(texts, props, tuple(notes))


def _text(element: etree._Element, dropped: Counter, entities: _Entities) -> str:
    """The text of a <seg>, <hi>, <prop> or <note>, without the content of inline codes, entities expanded."""
    parts = [element.text or ""]
    for child in element:
        name = _local(child.tag)
        if child.tag is etree.Entity:
            parts.append(entities.text(child.name, child.sourceline or element.sourceline))
        elif name in INLINE_CODES:
            dropped[name] += 1
        elif name:  # <hi>, <sub> outside a code, or anything unknown: its text is text
            parts.append(_text(child, dropped, entities))
        parts.append(child.tail or "")
    return "".join(parts)
