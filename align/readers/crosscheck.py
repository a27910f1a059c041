"""The six versions check each other's reading of plain text, first layout by layout, then break by break.

A version read in the wrong layout shows in the alignment: many units that it alone holds (it split what the others
keep whole), or its paragraphs matching several consecutive paragraphs of every other version (it joined what they
keep apart), or the reverse. Such a version is read again in each of its other plausible layouts
(align.readers.text_layouts) and aligned again; the reading the alignment confirms best is kept (the most of its
paragraphs matched one-to-one with every other version, for as many paragraphs as the others have).

Within a layout, some line breaks cannot be told from one version alone: a paragraph whose last line reaches the
margin and closes a sentence, before one that opens with a capital, reads like two sentences of one paragraph. The
reader joins such lines and records where (Block.soft_breaks). A version the alignment contradicts is read again
with a paragraph opened at each of those lines and aligned with the others; the cuts whose two sides the others hold
apart are kept, the rest joined again (`settle_breaks`). Thresholds are in config/reading.toml, [crosscheck].
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from unalign import settings
from unalign.embedding import Encode
from unalign.model import Alignment, Block, Document
from unalign.numbering import assign_addresses
from unalign.readers import HowToRead, text_layouts
from unalign.readers.cache import kept_reading


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


def _read_version(document: Document, lang: str, layout: str, cache_dir: Path | None = None) -> Document:
    blocks = _read(document, lang, layout, frozenset(), cache_dir)
    paragraphs = dict(document.paragraphs)
    paragraphs[lang] = tuple(assign_addresses(blocks, lang))
    return replace(document, paragraphs=paragraphs, layouts={**document.layouts, lang: layout},
                   reread=tuple(dict.fromkeys((*document.reread, lang))),
                   breaks={k: v for k, v in document.breaks.items() if k != lang})


def _read(document: Document, lang: str, layout: str | None, breaks: frozenset[int],
          cache_dir: Path | None) -> list[Block]:
    """The blocks of the version `lang` read in `layout` with paragraphs opened at the lines `breaks`, kept in the
    reading cache of `cache_dir` (None: none)."""
    how = HowToRead(settings.language(lang)["join_lines_with"], layout, breaks)
    return list(kept_reading(Path(document.sources[lang]), how, cache_dir).blocks)


def _blocks(document: Document, lang: str, breaks: frozenset[int], cache_dir: Path | None = None) -> list[Block]:
    """The blocks of a plain-text version as `document` reads it (its layout if re-read, else found block by block),
    with paragraphs opened at the lines `breaks`."""
    return _read(document, lang, document.layouts[lang] if lang in document.reread else None, breaks, cache_dir)


@dataclass(frozen=True)
class Limits:
    """When the versions out-vote one version's reading (config/reading.toml [crosscheck], measured there)."""

    reread_above: float
    min_versions: int
    break_quorum: float
    break_rounds: int
    max_pieces: int


def limits() -> Limits:
    """The cross-check's limits (settings.section reads them once)."""
    return settings.section(Limits, "reading", "crosscheck")


def settle_readings(document: Document, align: Callable[..., Alignment], *, encode: Encode,
                    **options) -> tuple[Document, Alignment]:
    """Align `document` (with `align(document, encode=encode, **options)`: pipeline.align_document, whose Encoder
    `encode` is) and read again, in its other plausible layouts, each plain-text version whose reading the others
    contradict; keep what aligns best; then settle the breaks one version cannot tell (`settle_breaks`).

    Returns the document as finally read (`layouts` and `reread` say how) and its alignment.
    """
    options = {**options, "encode": encode}
    alignment = align(document, **options)
    limit = limits()
    if len(document.languages) < limit.min_versions:
        return document, alignment
    suspects = sorted((disagreement(alignment, lang), lang) for lang in document.layouts)
    for share, lang in reversed(suspects):
        if share < limit.reread_above:
            continue
        share = disagreement(alignment, lang)  # an earlier re-reading may have settled it
        if share < limit.reread_above:
            continue
        best = (confirmed(alignment, lang), document, alignment)
        for layout in text_layouts(Path(document.sources[lang])):
            if layout == document.layouts.get(lang):
                continue
            candidate = _read_version(document, lang, layout, options.get("cache_dir"))
            aligned = align(candidate, **options)
            score = confirmed(aligned, lang)
            if score > best[0]:
                best = (score, candidate, aligned)
        _, document, alignment = best
    return settle_breaks(document, alignment, align, **options)


def _best_cuts(pieces: list[str], fixed: set[int], counterparts: list[list[str]], joiner: str,
               encode: Encode) -> set[int]:
    """Where to cut `pieces` (consecutive parts of paragraphs, always cut before each index in `fixed`, where one
    paragraph ends and the next begins) into as many groups as each counterpart has paragraphs, so that the groups
    match the counterpart paragraphs best, one to one (summed cosine, by dynamic programming): the indexes of the
    pieces that open a group after the first. Empty when some group matches another counterpart paragraph better
    than its own: the versions do not agree on where the cuts are."""
    groups, n = len(counterparts[0]), len(pieces)
    spans = [(i, j) for i in range(n) for j in range(i + 1, n + 1) if not any(i < f < j for f in fixed)]
    vectors = encode([joiner.join(pieces[i:j]) for i, j in spans])
    targets = [encode([c[g] for c in counterparts]) for g in range(groups)]  # per group: one row per version
    similarity = {span: np.array([float((t @ v).mean()) for t in targets]) for span, v in zip(spans, vectors)}
    best = np.full((n + 1, groups + 1), -np.inf)
    come_from = np.zeros((n + 1, groups + 1), dtype=int)
    best[0, 0] = 0.0
    for i, j in spans:  # by increasing i: best[i] is final when it is read
        for g in range(1, groups + 1):
            score = best[i, g - 1] + similarity[(i, j)][g - 1]
            if score > best[j, g]:
                best[j, g], come_from[j, g] = score, i
    if not np.isfinite(best[n, groups]):
        return set()
    cuts, j = set(), n
    for g in range(groups, 0, -1):
        i = int(come_from[j, g])
        if similarity[(i, j)].argmax() != g - 1:
            return set()
        cuts.add(i)
        j = i
    return cuts - {0}


def _cut_lines(document: Document, alignment: Alignment, lang: str, align: Callable[..., Alignment],
               options: dict) -> set[int]:
    """The recorded soft breaks of `lang` at which the other versions cut its paragraphs.

    Where `alignment` holds a paragraph with soft breaks in fewer paragraphs than most versions, or next to a unit
    that lacks `lang`, `lang` is read with a paragraph opened at every soft break and aligned with the others as they
    are read. A break is kept where the pieces on either side of it fall in two different units that other versions
    share; pieces that fall in a unit only `lang` has are joined again; pieces that fall in one unit are cut as most
    other versions there cut their paragraphs (`_best_cuts`), where they agree on how many paragraphs that is.
    """
    if not _contradicted(alignment, lang):
        return set()  # nothing to settle: the file is not read again
    limit = limits()
    breaks = frozenset(document.breaks.get(lang, ()))
    blocks = _blocks(document, lang, breaks, options.get("cache_dir"))
    soft = [line for b in blocks for line in b.soft_breaks]
    if not soft or len(blocks) != len(document.paragraphs[lang]) or not _contradicted(
            alignment, lang, {k for k, b in enumerate(blocks) if b.soft_breaks}):
        return set()
    fine = _blocks(document, lang, breaks | set(soft), options.get("cache_dir"))
    if len(fine) != len(blocks) + len(soft):
        return set()  # forcing the breaks changed more than these paragraphs: leave the reading alone
    opens: list[int | None] = [line for b in blocks for line in (None, *b.soft_breaks)]  # the soft break opening each piece
    trial = replace(document, paragraphs={**document.paragraphs, lang: tuple(assign_addresses(fine, lang))})
    aligned = align(trial, **options)
    joiner = settings.language(lang)["join_lines_with"]
    unit_of = {p.index: k for k, u in enumerate(aligned.units) for p in u.paragraphs.get(lang, ())}
    others = [other for other in aligned.languages if other != lang]
    chosen: set[int] = set()
    for k, unit in enumerate(aligned.units):
        mine = [p.index for p in unit.paragraphs.get(lang, ())]
        counts = Counter(len(unit.paragraphs[o]) for o in others if unit.paragraphs.get(o))
        if not counts:
            continue
        if mine and mine[0] > 0 and opens[mine[0]] is not None:
            before = unit_of[mine[0] - 1]
            if before != k and any(aligned.units[before].paragraphs.get(o) for o in others):
                chosen.add(opens[mine[0]])
        count, votes = counts.most_common(1)[0]
        inner = [i for i in mine[1:] if opens[i] is not None]
        if not inner or count < 2 or votes < limit.break_quorum * len(others) or count > len(mine) \
                or len(mine) > limit.max_pieces:
            continue
        counterparts = [[p.text for p in unit.paragraphs[o]] for o in others if len(unit.paragraphs[o]) == count]
        fixed = {n for n, i in enumerate(mine) if n and opens[i] is None}
        cuts = _best_cuts([fine[i].text for i in mine], fixed, counterparts, joiner, options["encode"])
        chosen.update(opens[mine[n]] for n in cuts if n not in fixed)
    return chosen


def _contradicted(alignment: Alignment, lang: str, indexes: set[int] | None = None) -> bool:
    """Whether a unit holds one of the `lang` paragraphs `indexes` (default: any) in fewer paragraphs than most
    versions, or lies next to a unit that lacks `lang`."""
    units = alignment.units
    for k, unit in enumerate(units):
        if any(indexes is None or p.index in indexes for p in unit.paragraphs.get(lang, ())):
            if lang in unit.merged_in or any(lang in units[n].missing for n in (k - 1, k + 1) if 0 <= n < len(units)):
                return True
    return False


def settle_breaks(document: Document, alignment: Alignment, align: Callable[..., Alignment],
                  **options) -> tuple[Document, Alignment]:
    """Cut the paragraphs of plain-text versions that the other versions hold as several, at the line breaks the
    reader had joined on weak evidence (see `_cut_lines`), and align again; keep the cuts of a round when the
    alignment confirms the cut versions better (`confirmed`). `options` go to `align` and hold its `encode`.

    Returns the document as finally read (`breaks` says where it was cut) and its alignment.
    """
    limit = limits()
    if len(document.languages) < limit.min_versions:
        return document, alignment
    for _ in range(limit.break_rounds):
        cut = {lang: _cut_lines(document, alignment, lang, align, options) for lang in document.layouts}
        cut = {lang: lines for lang, lines in cut.items() if lines}
        if not cut:
            break
        paragraphs, breaks = dict(document.paragraphs), dict(document.breaks)
        for lang, lines in cut.items():
            breaks[lang] = tuple(sorted({*breaks.get(lang, ()), *lines}))
            blocks = _blocks(document, lang, frozenset(breaks[lang]), options.get("cache_dir"))
            paragraphs[lang] = tuple(assign_addresses(blocks, lang))
        candidate = replace(document, paragraphs=paragraphs, breaks=breaks)
        aligned = align(candidate, **options)
        if sum(confirmed(aligned, lang) - confirmed(alignment, lang) for lang in cut) <= 0:
            break
        document, alignment = candidate, aligned
    return document, alignment
