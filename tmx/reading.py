"""Read TMX files (unalign's and any other tool's) as a stream of units, in memory bounded by the largest <tu>.

The file is parsed with lxml's `iterparse`; each <tu> is turned into a `TranslationUnit` and then cleared, with the
siblings before it, so that a TMX of millions of units is read in the memory of one. Inline codes (<bpt>, <ept>,
<ph>, <it>, <ut>) hold the native markup of the original file, not text: they are left out of the unit's text,
and counted; the text inside <hi> is kept.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from unalign.tmx.model import TranslationUnit

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
INLINE_CODES = frozenset({"bpt", "ept", "ph", "it", "ut"})


class TmxError(ValueError):
    """A file that is not a readable TMX; the message names the file and, when known, the line."""


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
        raise TmxError(f"{path}: no such file")
    if path.stat().st_size == 0:
        raise TmxError(f"{path}: the file is empty")
    items = _parse(path, dropped if dropped is not None else Counter())
    header = next(items)
    assert isinstance(header, TmxHeader)
    return header, items  # type: ignore[return-value]


def _local(tag: object) -> str:
    """An element's name without namespace; "" for comments and processing instructions."""
    return etree.QName(tag).localname if isinstance(tag, str) else ""


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
        for _, element in context:
            if _local(element.tag) == "header":
                header_seen = True
                yield _header(element, version, path)
            else:
                if not header_seen:
                    raise TmxError(f"{path}:{element.sourceline}: <tu> before the TMX <header>")
                yield _unit(element, path, dropped)
            element.clear(keep_tail=True)
            while element.getprevious() is not None:
                del element.getparent()[0]
        if not header_seen:
            raise TmxError(f"{path}: not a TMX file (no <header>)")
    except etree.XMLSyntaxError as exc:
        line, column = exc.position
        message = re.sub(r", line \d+, column \d+$", "", exc.msg)
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


def _unit(tu: etree._Element, path: Path, dropped: Counter) -> TranslationUnit:
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
            texts.setdefault(lang, _text(seg, dropped))
        elif name == "prop":
            props.setdefault(child.get("type", ""), child.text or "")
        elif name == "note":
            notes.append(child.text or "")
    return TranslationUnit(texts, props, tuple(notes))


def _text(element: etree._Element, dropped: Counter) -> str:
    """The text of a <seg> or <hi>, without the content of inline codes."""
    parts = [element.text or ""]
    for child in element:
        name = _local(child.tag)
        if name in INLINE_CODES:
            dropped[name] += 1
        elif name:  # <hi>, <sub> outside a code, or anything unknown: its text is text
            parts.append(_text(child, dropped))
        parts.append(child.tail or "")
    return "".join(parts)
