"""The six versions check each other's reading of plain text.

A version read in the wrong layout shows in the alignment: many units that it alone holds (it split what the others
keep whole), or its paragraphs matching several consecutive paragraphs of every other version (it joined what they
keep apart), or the reverse. Such a version is read again in each of its other plausible layouts
(align.readers.text_layouts) and aligned again; the reading the alignment confirms best is kept (the most of its
paragraphs matched one-to-one with every other version, for as many paragraphs as the others have). Thresholds are
in config/reading.toml, [crosscheck].
"""

from __future__ import annotations

import statistics
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from unalign.align import settings
from unalign.align.model import Alignment, Document
from unalign.align.numbering import assign_addresses
from unalign.align.readers import read_blocks, text_layouts


def disagreement(alignment: Alignment, lang: str) -> float:
    """The share of units where `lang` reads the text otherwise than the other versions: units it alone holds, units
    where one of its paragraphs matches several of every other version, or several of its paragraphs one of each."""
    if not alignment.units:
        return 0.0
    odd = 0
    for unit in alignment.units:
        mine = len(unit.paragraphs.get(lang, ()))
        others = [len(ps) for other, ps in unit.paragraphs.items() if other != lang and ps]
        if mine and not others:
            odd += 1
        elif mine == 1 and others and min(others) >= 2:
            odd += 1
        elif mine >= 2 and others and max(others) == 1:
            odd += 1
    return odd / len(alignment.units)


def confirmed(alignment: Alignment, lang: str) -> float:
    """How well the alignment confirms the reading of `lang`: its paragraphs matched one-to-one with every other
    version present, over its paragraph count or the others' (median), whichever is larger."""
    count = {other: 0 for other in alignment.languages}
    matched = 0
    for unit in alignment.units:
        for other, ps in unit.paragraphs.items():
            count[other] += len(ps)
        present = unit.present()
        if lang in present and len(present) > 1 and all(len(unit.paragraphs[o]) == 1 for o in present):
            matched += 1
    others = [n for other, n in count.items() if other != lang]
    scale = max(count[lang], statistics.median(others) if others else 0, 1)
    return matched / scale


def _read_version(document: Document, lang: str, layout: str) -> Document:
    path = Path(document.sources[lang])
    blocks = read_blocks(path, settings.language(lang)["join_lines_with"], layout)
    paragraphs = dict(document.paragraphs)
    paragraphs[lang] = tuple(assign_addresses(blocks, lang))
    return replace(document, paragraphs=paragraphs, layouts={**document.layouts, lang: layout},
                   reread=tuple(dict.fromkeys((*document.reread, lang))))


def settle_readings(document: Document, align: Callable[..., Alignment], **options) -> tuple[Document, Alignment]:
    """Align `document` (with `align(document, **options)`: pipeline.align_document) and read again, in its other
    plausible layouts, each plain-text version whose reading the others contradict; keep what aligns best.

    Returns the document as finally read (`layouts` and `reread` say how) and its alignment.
    """
    alignment = align(document, **options)
    limits = settings.load("reading")["crosscheck"]
    if len(document.languages) < limits["min_versions"]:
        return document, alignment
    suspects = sorted((disagreement(alignment, lang), lang) for lang in document.layouts)
    for share, lang in reversed(suspects):
        if share < limits["reread_above"]:
            continue
        share = disagreement(alignment, lang)  # an earlier re-reading may have settled it
        if share < limits["reread_above"]:
            continue
        best = (confirmed(alignment, lang), document, alignment)
        for layout in text_layouts(Path(document.sources[lang])):
            if layout == document.layouts.get(lang):
                continue
            candidate = _read_version(document, lang, layout)
            aligned = align(candidate, **options)
            score = confirmed(aligned, lang)
            if score > best[0]:
                best = (score, candidate, aligned)
        _, document, alignment = best
    return document, alignment
