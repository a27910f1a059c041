"""Alignments as TMX memories: units keyed by TMX language codes, worded notes, multilingual and bilingual files."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from unalign import __version__, settings
from unalign.model import Alignment, Unit, footnote_callers, numbering_mismatch
from unalign.outputs.audit import BilingualCount
from unalign.tmx import TranslationUnit, seg_text, write_tmx

if TYPE_CHECKING:
    from unalign.outputs.paths import OutputSet
    from unalign.aligning.sentence_alignment import SentenceAlignment


def _notes(unit: Unit, codes: dict[str, str], languages: Sequence[str]) -> tuple[str, ...]:
    """What the aligner found about the unit, worded for a translator reading it in a CAT tool, about `languages`
    only."""
    notes = []
    if unit.numbering:
        shown = {lang: ps for lang, ps in unit.paragraphs.items() if lang in languages}
        if numbering_mismatch(shown):
            notes.append("numbering differs between versions: " + ", ".join(
                f"{codes[lang]} {ps[0].address}" for lang, ps in shown.items() if ps and ps[0].address))
    missing = [codes[lang] + (" (confirmed by a reviser)" if lang in unit.confirmed_missing else "")
               for lang in unit.missing if lang in languages]
    if missing:
        notes.append("no text in " + ", ".join(missing))
    extra = [codes[lang] for lang in unit.extra if lang in languages]
    if extra:
        notes.append("only in " + ", ".join(extra) + ": a paragraph the other versions do not have")
    for field, words in ((unit.merged_in, "merged in"), (unit.split_in, "split in")):
        langs = [codes[lang] for lang in field if lang in languages]
        if langs:
            notes.append(f"{words} " + ", ".join(langs))
    if unit.low_confidence:
        notes.append(f"low confidence ({unit.confidence:.3f}): check that these texts translate each other")
    return tuple(notes)


def translation_units(alignment: Alignment, codes: dict[str, str] | None = None,
                      languages: Sequence[str] | None = None) -> list[TranslationUnit]:
    """The alignment's units as TMX units, with document, address and confidence as props and what the aligner found (holes, numbering, low confidence) as notes.

    Texts are keyed by TMX language code (`codes`, default unalign's own codes); `languages` keeps only those.
    """
    languages = tuple(languages or alignment.languages)
    codes = codes or {lang: lang for lang in alignment.languages}
    out = []
    callers = footnote_callers(alignment)
    for k, unit in enumerate(alignment.units):
        props = {"x-document": alignment.document, "x-address": unit.address,
                 "x-confidence": f"{unit.confidence:.3f}"}
        if unit.reviewed:
            props["x-reviewed"] = unit.reviewed  # "corrected" or "checked" by a reviser (unalign review)
        if k in callers:
            props["x-note-to"] = alignment.units[callers[k]].address  # a footnote: where it is called
        out.append(TranslationUnit({codes[lang]: unit.text(lang) for lang in languages}, props,
                                   _notes(unit, codes, languages)))
    return out


def write_bilingual(alignment: Alignment, path: Path, source: str, target: str, codes: dict[str, str],
                    header: dict[str, str] | None = None) -> BilingualCount:
    """Write the source-target TMX of an alignment (with `header` as the header's props); the units without text in
    either language are left out and counted (numbered from 1, as in the audit)."""
    src, tgt = codes[source], codes[target]
    units = translation_units(alignment, codes, (source, target))
    left_out = [k for k, unit in enumerate(units, 1) if not (seg_text(unit.texts[src]) and seg_text(unit.texts[tgt]))]
    written = write_tmx(path, units, src, tool_version=__version__, adminlang=codes.get("en", "en"),
                        languages=(src, tgt), header_props=header)
    assert written + len(left_out) == len(units)
    return BilingualCount(path.name, written, tuple(left_out))


def _header_props(signature: str, masthead: dict[str, str] | None = None) -> dict[str, str]:
    """The props of a memory's header: the signature of the run, and what the masthead says (x-symbol, x-date,
    x-original-language)."""
    return ({"x-signature": signature} if signature else {}) | dict(masthead or {})


def write_memories(alignment: Alignment, outputs: OutputSet,
                   masthead: dict[str, str] | None = None) -> dict[str, BilingualCount]:
    """Write the multilingual memory and the bilingual memory of each pair of `outputs` (with its TMX codes and
    signature, and `masthead` props such as x-symbol in the header); returns, per pair ("en-fr"), what
    `write_bilingual` counted."""
    codes = outputs.options.codes
    header = _header_props(outputs.options.signature(), masthead)
    write_tmx(outputs.tmx, translation_units(alignment, codes), "*all*", tool_version=__version__,
              adminlang=codes.get("en", "en"), header_props=header)
    bilingual = {}
    for source, target in outputs.pairs:
        bilingual[f"{source}-{target}"] = write_bilingual(alignment, outputs.bilingual(source, target), source, target,
                                                          codes, header)
    return bilingual


def _sentences_text(paragraphs: Sequence, lang: str) -> str:
    """Sentences of one language read as one text: joined as the language joins them (a space; nothing in Chinese)."""
    return settings.language(lang)["join_lines_with"].join(p.text for p in paragraphs)


def sentence_translation_units(sentences: SentenceAlignment, codes: dict[str, str] | None = None,
                               languages: Sequence[str] | None = None) -> list[TranslationUnit]:
    """The sentence units as TMX units: the props of their paragraph unit (document, its address) with the sentence's
    number in it (`x-sentence`, from 1) and its own confidence, and notes worded as for paragraph units.

    For a pair of `languages` (a bilingual memory), a unit whose two languages both have several sentences matching
    one to one (another language had them as one) is written as those sentence pairs, numbered `x-part` 1, 2…
    """
    alignment = sentences.alignment
    languages = tuple(languages or alignment.languages)
    codes = codes or {lang: lang for lang in alignment.languages}
    out = []
    for sentence in sentences.units:
        unit = sentence.unit
        props = {"x-document": alignment.document, "x-address": unit.address, "x-sentence": str(sentence.number),
                 "x-confidence": f"{unit.confidence:.3f}"}
        if unit.reviewed:
            props["x-reviewed"] = unit.reviewed
        notes = _notes(unit, codes, languages)
        if len(languages) == 2 and (tuple(languages) in sentence.one_to_one or
                                    tuple(reversed(languages)) in sentence.one_to_one):
            a, b = languages
            for part, (sa, sb) in enumerate(zip(unit.paragraphs[a], unit.paragraphs[b]), 1):
                out.append(TranslationUnit({codes[a]: sa.text, codes[b]: sb.text}, props | {"x-part": str(part)},
                                           notes))
            continue
        out.append(TranslationUnit({codes[lang]: _sentences_text(unit.paragraphs.get(lang, ()), lang)
                                    for lang in languages}, props, notes))
    return out


def write_sentence_memories(sentences: SentenceAlignment, outputs: OutputSet,
                            masthead: dict[str, str] | None = None) -> dict[str, BilingualCount]:
    """Write <document>.sentences.tmx (segtype "sentence", all languages) and <document>.sentences.<s>-<t>.tmx per
    pair of `outputs`; returns, per pair, the TMX units written and left out for want of one of the two languages (a
    unit cut into its sentence pairs counts each pair)."""
    codes = outputs.options.codes
    header = _header_props(outputs.options.signature(), masthead)
    write_tmx(outputs.sentences_tmx, sentence_translation_units(sentences, codes), "*all*", tool_version=__version__,
              segtype="sentence", adminlang=codes.get("en", "en"), header_props=header)
    bilingual = {}
    for source, target in outputs.pairs:
        src, tgt = codes[source], codes[target]
        pair_units = sentence_translation_units(sentences, codes, (source, target))
        left_out = [k for k, u in enumerate(pair_units, 1) if not (seg_text(u.texts[src]) and seg_text(u.texts[tgt]))]
        path = outputs.sentence_bilingual(source, target)
        written = write_tmx(path, pair_units, src, tool_version=__version__, segtype="sentence",
                            adminlang=codes.get("en", "en"), languages=(src, tgt), header_props=header)
        bilingual[f"{source}-{target}"] = BilingualCount(path.name, written, tuple(left_out))
    return bilingual
