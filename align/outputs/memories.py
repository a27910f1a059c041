"""Alignments as TMX memories: units keyed by TMX language codes, worded notes, multilingual and bilingual files."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from unalign.align import __version__, settings
from unalign.align.model import Alignment, UnalignError, Unit, footnote_callers, numbering_mismatch
from unalign.align.sentence_alignment import SentenceAlignment
from unalign.tmx import TranslationUnit, seg_text, write_tmx


def language_pairs(spec: str | None) -> list[tuple[str, str]]:
    """The (source, target) pairs of a --pairs value: "en-fr,en-ru", or "all" for the 15 pairs of the six languages.

    In "all", each pair appears once, its source the pivot language (English, config/defaults.toml) when the pair
    has it, else the language that comes first in unalign's order (ar zh en fr ru es).
    """
    order = settings.language_order()
    if not spec:
        return []
    if spec.strip().lower() == "all":
        pivot = settings.defaults()["align"]["pivot"]
        ranked = sorted(order, key=lambda lang: lang != pivot)
        return [(a, b) for i, a in enumerate(ranked) for b in ranked[i + 1:]]
    pairs = []
    for item in (part.strip().lower() for part in spec.split(",") if part.strip()):
        source, _, target = item.partition("-")
        if not target or source == target or source not in order or target not in order:
            raise UnalignError(f"--pairs: '{item}' is not a pair of two of {', '.join(order)} such as en-fr, or 'all'")
        if (source, target) not in pairs:
            pairs.append((source, target))
    return pairs


def _notes(unit: Unit, codes: dict[str, str], languages: Sequence[str]) -> tuple[str, ...]:
    """The unit's flags, worded for a translator reading them in a CAT tool, about `languages` only."""
    notes = []
    for flag in unit.flags:
        if flag == "low-confidence":
            notes.append(f"low confidence ({unit.confidence:.3f}): check that these texts translate each other")
        elif flag == "numbering-mismatch":
            shown = {lang: ps for lang, ps in unit.paragraphs.items() if lang in languages}
            if numbering_mismatch(shown):
                notes.append("numbering differs between versions: " + ", ".join(
                    f"{codes[lang]} {ps[0].address}" for lang, ps in shown.items() if ps and ps[0].address))
        elif flag.startswith("missing:"):
            missing = [codes[lang] for lang in flag.removeprefix("missing:").split(",") if lang in languages]
            if missing:
                notes.append("no text in " + ", ".join(missing))
        else:
            notes.append(flag)
    return tuple(notes)


def translation_units(alignment: Alignment, codes: dict[str, str] | None = None,
                      languages: Sequence[str] | None = None) -> list[TranslationUnit]:
    """The alignment's units as TMX units, with document, address and confidence as props and flags as notes.

    Texts are keyed by TMX language code (`codes`, default unalign's own codes); `languages` keeps only those.
    """
    languages = tuple(languages or alignment.languages)
    codes = codes or {lang: lang for lang in alignment.languages}
    out = []
    callers = footnote_callers(alignment)
    for k, unit in enumerate(alignment.units):
        props = {"x-document": alignment.document, "x-address": unit.address,
                 "x-confidence": f"{unit.confidence:.3f}"}
        if k in callers:
            props["x-note-to"] = alignment.units[callers[k]].address  # a footnote: where it is called
        out.append(TranslationUnit({codes[lang]: unit.text(lang) for lang in languages}, props,
                                   _notes(unit, codes, languages)))
    return out


def write_bilingual(alignment: Alignment, path: Path, source: str, target: str, codes: dict[str, str]) -> dict:
    """Write the source-target TMX of an alignment; the units without text in either language are left out.

    Returns {"file", "written", "left_out", "left_out_units"} (units numbered from 1, as in the audit).
    """
    src, tgt = codes[source], codes[target]
    units = translation_units(alignment, codes, (source, target))
    left_out = [k for k, unit in enumerate(units, 1) if not (seg_text(unit.texts[src]) and seg_text(unit.texts[tgt]))]
    written = write_tmx(path, units, src, tool_version=__version__, adminlang=codes.get("en", "en"),
                        languages=(src, tgt))
    assert written + len(left_out) == len(units)
    return {"file": path.name, "written": written, "left_out": len(left_out), "left_out_units": left_out}


def memory_paths(name: str, out_dir: Path, pairs: Sequence[tuple[str, str]] = ()) -> dict[str, Path]:
    """Where the memories of document `name` go: "tmx" (all languages) and "<source>-<target>" per pair."""
    return {"tmx": out_dir / f"{name}.tmx"} | {f"{s}-{t}": out_dir / f"{name}.{s}-{t}.tmx" for s, t in pairs}


def write_memories(alignment: Alignment, out_dir: Path, pairs: Sequence[tuple[str, str]] = (),
                   codes: dict[str, str] | None = None) -> tuple[dict[str, Path], dict[str, dict]]:
    """Write <document>.tmx (all languages) and <document>.<source>-<target>.tmx per pair into `out_dir`.

    `codes` are the TMX language codes (default: the default profile of config/tmx.toml). Returns the paths ("tmx",
    and "<source>-<target>" per pair) and, per pair, what `write_bilingual` counted.
    """
    codes = codes or settings.tmx_codes()
    name = alignment.document
    paths = memory_paths(name, out_dir, pairs)
    write_tmx(paths["tmx"], translation_units(alignment, codes), "*all*", tool_version=__version__,
              adminlang=codes.get("en", "en"))
    bilingual = {}
    for source, target in pairs:
        if source not in alignment.languages or target not in alignment.languages:
            raise UnalignError(f"{name}: no {source if source not in alignment.languages else target} version, "
                               f"so no {source}-{target} TMX")
        pair = f"{source}-{target}"
        bilingual[pair] = write_bilingual(alignment, paths[pair], source, target, codes)
    return paths, bilingual


def sentence_memory_paths(name: str, out_dir: Path, pairs: Sequence[tuple[str, str]] = ()) -> dict[str, Path]:
    """Where the sentence memories of document `name` go: "sentences-tmx" (<name>.sentences.tmx, all languages) and
    "sentences-<source>-<target>" per pair."""
    return {"sentences-tmx": out_dir / f"{name}.sentences.tmx"} | {
        f"sentences-{s}-{t}": out_dir / f"{name}.sentences.{s}-{t}.tmx" for s, t in pairs}


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


def write_sentence_memories(sentences: SentenceAlignment, out_dir: Path, pairs: Sequence[tuple[str, str]] = (),
                            codes: dict[str, str] | None = None) -> tuple[dict[str, Path], dict[str, dict]]:
    """Write <document>.sentences.tmx (segtype "sentence", all languages) and <document>.sentences.<s>-<t>.tmx per
    pair; returns the paths and, per pair, the units written and left out for want of one of the two languages."""
    codes = codes or settings.tmx_codes()
    paths = sentence_memory_paths(sentences.alignment.document, out_dir, pairs)
    units = sentence_translation_units(sentences, codes)
    write_tmx(paths["sentences-tmx"], units, "*all*", tool_version=__version__, segtype="sentence",
              adminlang=codes.get("en", "en"))
    bilingual = {}
    for source, target in pairs:
        src, tgt = codes[source], codes[target]
        pair_units = sentence_translation_units(sentences, codes, (source, target))
        left_out = [k for k, u in enumerate(pair_units, 1) if not (seg_text(u.texts[src]) and seg_text(u.texts[tgt]))]
        # "written" and "left_out" count TMX units: a unit cut into its sentence pairs counts each pair
        path = paths[f"sentences-{source}-{target}"]
        written = write_tmx(path, pair_units, src, tool_version=__version__, segtype="sentence",
                            adminlang=codes.get("en", "en"), languages=(src, tgt))
        bilingual[f"{source}-{target}"] = {"file": path.name, "written": written, "left_out": len(left_out)}
    return paths, bilingual
