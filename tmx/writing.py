"""Write TMX 1.4b files that CAT tools and translate-toolkit load: streamed with lxml, valid against the DTD."""

from __future__ import annotations

import errno
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timezone
from pathlib import Path

from lxml import etree

from unalign.files import replacing
from unalign.tmx.model import TranslationUnit

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
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
    except etree.SerialisationError as exc:  # lxml's word for a failed write: "IO_ENOSPC", "IO_EIO"…
        code = getattr(errno, str(exc).removeprefix("IO_"), errno.EIO)
        raise OSError(code, os.strerror(code), str(path)) from None
    except OSError as exc:  # name the file asked for, not the temporary one
        raise OSError(exc.errno, exc.strerror or str(exc), str(path)) from None


def _write_tmx(path: Path, units: Iterable[TranslationUnit], srclang: str, tool_version: str, segtype: str,
               adminlang: str, languages: Sequence[str] | None, header_props: Mapping[str, str] | None) -> int:
    count = 0
    with replacing(path) as tmp:
        with etree.xmlfile(str(tmp), encoding="UTF-8") as xf:
            xf.write_declaration()
            xf.write_doctype(DOCTYPE)
            with xf.element("tmx", version="1.4"):
                xf.write("\n")
                header = etree.Element("header", {
                    "creationtool": "unalign", "creationtoolversion": tool_version, "datatype": "plaintext",
                    "segtype": segtype, "o-tmf": "unalign", "adminlang": adminlang, "srclang": srclang,
                    "creationdate": datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")})
                for name, value in (header_props or {}).items():
                    etree.SubElement(header, "prop", type=name).text = xml_safe(value)
                xf.write(header, pretty_print=True)
                with xf.element("body"):
                    xf.write("\n")
                    for unit in units:
                        tu = _tu_element(unit, srclang, languages)
                        if tu is not None:
                            xf.write(tu, pretty_print=True)
                            count += 1
                xf.write("\n")
    return count


def _tu_element(unit: TranslationUnit, srclang: str, languages: Sequence[str] | None) -> etree._Element | None:
    if languages is None:
        texts = {lang: seg_text(text) for lang, text in unit.texts.items()}
        texts = {lang: text for lang, text in texts.items() if text}
        if not texts:
            return None
    else:
        texts = {lang: seg_text(unit.texts.get(lang)) for lang in languages}
        if not all(texts.values()):
            return None
    order = sorted(texts, key=lambda lang: lang != srclang)
    tu = etree.Element("tu")
    for note in unit.notes:
        etree.SubElement(tu, "note").text = xml_safe(note)
    for name, value in unit.props.items():
        prop = etree.SubElement(tu, "prop", type=name)
        prop.text = xml_safe(value)
    for lang in order:
        tuv = etree.SubElement(tu, "tuv", {XML_LANG: lang})
        etree.SubElement(tuv, "seg").text = texts[lang]
    return tu
