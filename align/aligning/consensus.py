"""Progressive consensus: six versions aligned into one sequence of units, one version at a time.

The first version (the pivot) seeds one unit per paragraph; each next version is aligned to the units by the banded
DP (anchors.banded_path) with beads 1-1, 1-0 (the unit lacks this language), 0-1 (a paragraph no other version has so
far: a new unit), 2-1 and 3-1 (units that are one paragraph here: they merge), 1-2 and 1-3 (one unit is several
paragraphs here). A unit's vector is the sum of its languages' vectors, so later versions are matched against what all
earlier ones agree on. A second pass re-aligns each version against the units of all the others, so no version depends
on the order they came in. Then the repair passes join neighbouring units the DP left in two (repair.py), and each
unit gets its confidence (confidence.py), its address and what a reviser needs to know about it (Unit's fields).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping

import numpy as np

from unalign import settings
from unalign.aligning.anchors import banded_path
from unalign.aligning.confidence import Signals, confidence, unit_signals
from unalign.aligning.draft_table import (AddressVotes, DraftTable, empty_table, seeded, table_drafts, table_side,
                                          with_beads, without_language)
from unalign.aligning.drafts import Draft, Version
from unalign.aligning.params import AlignParams, default_params
from unalign.aligning.similarity import similarity_scale
from unalign.aligning.repair import (JoinedTexts, absorb_merged, detach_repeats, group_vectors,
                                           pair_holes, refine_blocks, undo_false_merges)
from unalign.embedding import DEFAULT_MODEL, Encode
from unalign.model import (Alignment, Paragraph, UnalignError, Unit, extra_and_missing, is_footnote_address,
                                 numbering_mismatch)


def align_versions(paragraphs: dict[str, tuple[Paragraph, ...]], vectors: dict[str, np.ndarray],
                   document: str = "", model: str = DEFAULT_MODEL, params: AlignParams | None = None,
                   embed_texts: Encode | None = None) -> Alignment:
    """Align the language versions of one document into units (see `align_with_signals`)."""
    return align_with_signals(paragraphs, vectors, document, model, params, embed_texts)[0]


def align_with_signals(paragraphs: dict[str, tuple[Paragraph, ...]], vectors: dict[str, np.ndarray],
                       document: str = "", model: str = DEFAULT_MODEL, params: AlignParams | None = None,
                       embed_texts: Encode | None = None) -> tuple[Alignment, tuple[Signals, ...]]:
    """Align the language versions of one document into units; with each unit's confidence signals (what its
    confidence is read from: benchmarks/checklist.py fits the confidence on them).

    `paragraphs` and `vectors` are keyed by language; row k of vectors[lang] embeds paragraphs[lang][k] with `model`.
    `params` default to config/defaults.toml; their similarities are converted to the model's scale (see
    AlignParams.in_model_units) from its calibration in config, or for a model not calibrated there, from the
    similarity of unrelated paragraphs of this document, unless they are in the model's units already.
    `embed_texts` (texts -> vectors, with the same model) lets the repairs read neighbouring paragraphs joined as real
    text; without it they read sums of vectors.
    """
    params = params or default_params()
    unknown = sorted(set(paragraphs) - set(settings.language_order()))
    if unknown:  # never dropped silently: the partition check would not see its paragraphs
        raise UnalignError(f"unknown language code '{unknown[0]}' (use: {', '.join(settings.language_order())})")
    order = tuple(lang for lang in settings.language_order() if lang in paragraphs)
    versions = {lang: Version(paragraphs[lang], vectors[lang]) for lang in order if paragraphs[lang]}
    scale = None if params.model_units else params.model_scale(model) or similarity_scale(versions, params)
    if scale:
        params = params.in_model_units(*scale)

    drafts = consensus(versions, params)
    reader = JoinedTexts(versions, embed_texts)
    drafts = pair_holes(drafts, versions, params)
    drafts = absorb_merged(drafts, versions, params, reader)
    drafts = undo_false_merges(drafts, versions, params, reader)
    drafts = refine_blocks(drafts, versions, params, reader)
    drafts = detach_repeats(drafts, versions)

    groups = [{lang: d.members.get(lang, []) for lang in order} for d in drafts]
    signals = tuple(unit_signals(groups, group_vectors(groups, versions), versions, params, reader))
    unit_paragraphs = [{lang: tuple(versions[lang].paragraphs[i] for i in g[lang]) for lang in order}
                       for g in groups]
    units = tuple(make_unit(ps, confidence(signal, params), address, params)
                  for ps, signal, address in zip(unit_paragraphs, signals, unit_addresses(unit_paragraphs)))
    alignment = Alignment(document, order, units, model)
    check_partition(alignment, {lang: len(v.paragraphs) for lang, v in versions.items()})
    return alignment, signals


def consensus(versions: dict[str, Version], params: AlignParams) -> list[Draft]:
    """The draft units of the versions aligned progressively, pivot first, then refined refinement_passes times
    (kept as a DraftTable meanwhile: draft_table.py)."""
    order = list(versions)
    pivot_first = sorted(versions, key=lambda lang: (lang != params.pivot, order.index(lang)))
    votes = AddressVotes.of(versions)
    table = empty_table(tuple(order))
    for lang in pivot_first:
        table = align_version(table, versions, lang, params, votes)
    for _ in range(params.refinement_passes):
        for lang in pivot_first:
            table = align_version(without_language(table, lang), versions, lang, params, votes)
    return table_drafts(table)


def align_version(table: DraftTable, versions: dict[str, Version], lang: str, params: AlignParams,
                  votes: AddressVotes) -> DraftTable:
    """Align one language version to the draft units (none: one unit per paragraph); returns the new units with
    that language filled in. `votes`: the versions' addresses as numbers."""
    version = versions[lang]
    if not len(table):
        return seeded(table.langs, lang, len(version.paragraphs))
    return with_beads(table, lang, banded_path(table_side(table, versions, votes), version.side(), params))


def unit_addresses(units: list[Mapping[str, tuple[Paragraph, ...]]]) -> list[str]:
    """Each unit's address: the one most of its languages give it; for a unit without any, "<address>+n", n units
    after the last numbered unit that is not a footnote (a footnote is not the context of the text after it)."""
    out = []
    context, since = "", 0
    for paragraphs in units:
        numbered = [a for a in (next((p.address for p in ps if p.address), "") for ps in paragraphs.values() if ps)
                    if a]
        if numbered:
            address = Counter(numbered).most_common(1)[0][0]
            if not is_footnote_address(address):
                context, since = address, 0
        else:
            since += 1
            address = f"{context}+{since}" if context else f"+{since}"
        out.append(address)
    return out


def make_unit(paragraphs: dict[str, tuple[Paragraph, ...]], confidence: float, address: str,
              params: AlignParams) -> Unit:
    """The unit of `paragraphs` with what a reviser needs to know about it.

    When fewer than half the languages have the unit, it is an extra of those that have it (a paragraph they add, or
    a line repeated), and no hole in the others; otherwise the languages without text are missing. Languages that hold
    the unit in fewer paragraphs than most are `merged_in`, in more `split_in`.
    """
    counts = {lang: len(ps) for lang, ps in paragraphs.items() if ps}
    extra, missing = extra_and_missing(tuple(counts), tuple(paragraphs))
    usual = Counter(counts.values()).most_common(1)[0][0] if counts else 1
    return Unit(paragraphs, confidence, address, missing=missing, extra=extra,
                merged_in=tuple(lang for lang, c in counts.items() if c < usual),
                split_in=tuple(lang for lang, c in counts.items() if c > usual),
                numbering=numbering_mismatch(paragraphs), low_confidence=confidence < params.flag_below)


def check_partition(alignment: Alignment, counts: dict[str, int]) -> None:
    """Fail loudly unless every paragraph of every language is in exactly one unit, in document order."""
    for lang, count in counts.items():
        seen = [p.index for u in alignment.units for p in u.paragraphs.get(lang, ())]
        if seen != list(range(count)):
            raise AssertionError(f"{alignment.document}: the {lang} paragraphs are not each in exactly one unit "
                                 f"(got {len(seen)} of {count}); this is a bug in unalign, please report it")
