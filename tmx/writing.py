"""Write TMX 1.4b files that CAT tools and translate-toolkit load, valid against the DTD: the header serialised by lxml,
each unit written as lxml would serialise it."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timezone
from pathlib import Path

from lxml import etree

from unalign.files import replacing
from unalign.tmx.model import TranslationUnit

DOCTYPE = '<!DOCTYPE tmx SYSTEM "tmx14.dtd">'
# Characters XML 1.0 forbids (C0 controls but tab/newline/return, lone surrogates, U+FFFE/U+FFFF), and the C1
# controls it discourages (XML 1.0 §2.2): in UN text they are only ever decoding debris, and some CAT tools reject them.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """`text` without the characters that XML 1.0 cannot carry (they are removed, not escaped)."""
    return _FORBIDDEN.sub("", text)


def seg_text(text: str | None) -> str:
    """What a <seg> holds for `text`: XML-safe and stripped; empty means the language is left out of the unit."""
    return xml_safe(text or "").strip()


def write_tmx(path: Path, units: Iterable[TranslationUnit], srclang: str, *, tool_version: str,
              segtype: str = "paragraph", adminlang: str = "en",
              languages: Sequence[str] | None = None, header_props: Mapping[str, str] | None = None) -> int:
    """Write `units` as a TMX 1.4b file at `path`, atomically; returns the number of <tu> written.

    `srclang` is a language code or "*all*". Languages are written in the order of each unit's `texts`, with the
    source language first; empty texts are left out, and a unit left with no text at all is not written. With
    `languages` (a bilingual file, say), only those languages are written, in that order, and only units that
    have text in every one of them. `header_props` become <prop type="…"> elements of the <header>.
    """
    path = Path(path)
    try:
        return _write_tmx(path, units, srclang, tool_version, segtype, adminlang, languages, header_props)
    except OSError as exc:  # name the file asked for, not the temporary one
        raise OSError(exc.errno, exc.strerror or str(exc), str(path)) from None


def _write_tmx(path: Path, units: Iterable[TranslationUnit], srclang: str, tool_version: str, segtype: str,
               adminlang: str, languages: Sequence[str] | None, header_props: Mapping[str, str] | None) -> int:
    count = 0
    header = etree.Element("header", {
        "creationtool": "unalign", "creationtoolversion": tool_version, "datatype": "plaintext",
        "segtype": segtype, "o-tmf": "unalign", "adminlang": adminlang, "srclang": srclang,
        "creationdate": datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")})
    for name, value in (header_props or {}).items():
        etree.SubElement(header, "prop", type=name).text = xml_safe(value)
    with replacing(path) as tmp, open(tmp, "w", encoding="utf-8", newline="") as out:
        out.write(f"<?xml version='1.0' encoding='UTF-8'?>\n{DOCTYPE}\n<tmx version=\"1.4\">\n"
                  f"{etree.tostring(header, encoding='unicode', pretty_print=True)}<body>\n")
        for unit in units:
            tu = _tu_markup(unit, srclang, languages)
            if tu:
                out.write(tu)
                count += 1
        out.write("</body>\n</tmx>")
    return count


def _text(text: str) -> str:
    """`text` as element content, escaped as lxml serialises it (tests/test_tmx.py compares them)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


def _attribute(value: str) -> str:
    """`value` as a double-quoted attribute value, escaped as lxml serialises it."""
    return _text(value).replace('"', "&quot;").replace("\n", "&#10;").replace("\t", "&#9;")


def _tu_markup(unit: TranslationUnit, srclang: str, languages: Sequence[str] | None) -> str:
    """The <tu> of `unit` as lxml's pretty print writes it ("" for a unit left without text). Written as text: building
    each <tu> as elements for lxml to serialise was most of the time of writing a memory."""
    if languages is None:
        texts = {lang: seg_text(text) for lang, text in unit.texts.items()}
        texts = {lang: text for lang, text in texts.items() if text}
        if not texts:
            return ""
    else:
        texts = {lang: seg_text(unit.texts.get(lang)) for lang in languages}
        if not all(texts.values()):
            return ""
    order = sorted(texts, key=lambda lang: lang != srclang)
    return "".join(["<tu>\n",
                    *(f"  <note>{_text(xml_safe(note))}</note>\n" for note in unit.notes),
                    *(f'  <prop type="{_attribute(name)}">{_text(xml_safe(value))}</prop>\n'
                      for name, value in unit.props.items()),
                    *(f'  <tuv xml:lang="{_attribute(lang)}">\n    <seg>{_text(texts[lang])}</seg>\n  </tuv>\n'
                      for lang in order),
                    "</tu>\n"])
