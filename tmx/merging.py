"""Merge TMX files into one, each unit once: two streaming passes, memory bounded by a digest per distinct unit."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from unalign.tmx.model import TranslationUnit, same_language
from unalign.tmx.reading import TmxHeader, read_tmx
from unalign.tmx.writing import seg_text, write_tmx


@dataclass(frozen=True)
class MergeResult:
    """What a merge read and wrote.

    `empty` counts units with no text in any language (not written); `inline_codes` the inline codes left out of
    texts, by element name.
    """

    read: int
    written: int
    duplicates: int
    empty: int
    inline_codes: dict[str, int]


def unit_identity(unit: TranslationUnit) -> bytes:
    """A digest of the unit's texts in every language: two units are the same when all their texts are.

    Texts are compared as written to <seg> (XML-safe, stripped); language codes ignore case (BCP 47); languages
    with no text do not count; props and notes do not count.
    """
    texts = sorted((same_language(lang), seg_text(text)) for lang, text in unit.texts.items() if seg_text(text))
    digest = hashlib.blake2b(digest_size=16)
    for lang, text in texts:
        digest.update(lang.encode() + b"\x00" + text.encode("utf-8") + b"\x01")
    return digest.digest()


def merge_tmx(paths: Sequence[Path], out: Path, *, tool_version: str,
              progress: Callable[[int], None] | None = None) -> MergeResult:
    """Write the units of the TMX files `paths` to `out`, each distinct unit once (see `unit_identity`).

    A unit keeps the props of its first occurrence; its notes are those of all its occurrences, each note once.
    The header's srclang and segtype are those of the inputs when they all agree (language codes ignoring case, as
    the first input spells them), else "*all*" (TMX 1.4b: any language may be the source) and "block".
    `progress`, if given, is called with the number of units read since its last call.
    """
    headers = [read_tmx(path)[0] for path in paths]
    notes: dict[bytes, list[str]] = {}
    seen: set[bytes] = set()
    dropped: Counter = Counter()
    read = empty = 0
    for path in paths:  # first pass: which units recur, and their notes
        for unit in read_tmx(path, dropped)[1]:
            key = unit_identity(unit)
            read += 1
            if not any(seg_text(text) for text in unit.texts.values()):
                empty += 1
            elif key in seen:
                if unit.notes:
                    merged = notes.setdefault(key, [])
                    merged.extend(n for n in unit.notes if n not in merged)
            else:
                seen.add(key)
                if unit.notes:
                    notes[key] = list(unit.notes)
            if progress and read % 1000 == 0:
                progress(1000)
    if progress:
        progress(read % 1000)

    def first_occurrences():
        for path in paths:
            for unit in read_tmx(path)[1]:
                key = unit_identity(unit)
                if key in seen:
                    seen.discard(key)
                    yield TranslationUnit(unit.texts, unit.props, tuple(notes.get(key, ())))

    written = write_tmx(out, first_occurrences(), _common(headers, "srclang", "*all*"), tool_version=tool_version,
                        segtype=_common(headers, "segtype", "block"), adminlang=_common(headers, "adminlang", "en"))
    return MergeResult(read, written, read - empty - written, empty, dict(dropped))


def _common(headers: list[TmxHeader], name: str, otherwise: str) -> str:
    """The header attribute `name` of every input when they agree (a language code ignoring case: the first
    input's spelling), else `otherwise`."""
    values = [getattr(h, name) for h in headers]
    same = same_language if name in ("srclang", "adminlang") else str
    return values[0] if values and "" not in values and len({same(v) for v in values}) == 1 else otherwise
