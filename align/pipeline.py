"""One document from files to outputs: read → paragraphs with addresses → embeddings → alignment → TMX, audit, view."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from align import __version__, settings
from align.aligning import align_versions
from align.audit import audit, write_audit
from align.documents import DocumentFiles
from align.embedding import DEFAULT_MODEL, embed
from align.model import Alignment, Document, UnalignError, Unit
from align.numbering import assign_addresses
from align.reading import read_blocks
from align.views import write_view
from tmx import TranslationUnit, seg_text, write_tmx


def read_document(files: DocumentFiles) -> Document:
    """Read every language version of a document into paragraphs with addresses."""
    paragraphs = {}
    for lang in settings.language_order():
        if lang in files.files:
            blocks = read_blocks(files.files[lang], settings.language(lang)["join_lines_with"])
            paragraphs[lang] = tuple(assign_addresses(blocks, lang))
    return Document(files.name, paragraphs, {lang: str(p) for lang, p in files.files.items()})


def align_document(document: Document, model: str = DEFAULT_MODEL, cache_dir: Path | None = None) -> Alignment:
    """Embed every paragraph (each distinct text once, cached) and align the versions."""
    texts = [p.text for lang in document.languages for p in document.paragraphs[lang]]
    vectors = embed(texts, model, cache_dir)
    by_lang: dict[str, np.ndarray] = {}
    start = 0
    for lang in document.languages:
        count = len(document.paragraphs[lang])
        by_lang[lang] = vectors[start:start + count]
        start += count
    return align_versions(document.paragraphs, by_lang, document.name, model)


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
            numbers = {lang: ps[0].address for lang, ps in unit.paragraphs.items()
                       if lang in languages and ps and ps[0].address}
            if len(set(numbers.values())) > 1:
                notes.append("numbering differs between versions: "
                             + ", ".join(f"{codes[lang]} {address}" for lang, address in numbers.items()))
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
    for unit in alignment.units:
        props = {"x-document": alignment.document, "x-address": unit.address,
                 "x-confidence": f"{unit.confidence:.3f}"}
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


def write_outputs(alignment: Alignment, out_dir: Path, files: dict[str, str] | None = None,
                  pairs: Sequence[tuple[str, str]] = (), codes: dict[str, str] | None = None) -> dict[str, Path]:
    """Write <document>.tmx, .audit.json and .html into `out_dir`, and <document>.<source>-<target>.tmx per pair.

    `codes` are the TMX language codes (default: the default profile of config/tmx.toml). The audit's "bilingual"
    section counts, per pair, the units written and those left out for want of one of the two languages.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    codes = codes or settings.tmx_codes()
    name = alignment.document
    paths = {"tmx": out_dir / f"{name}.tmx", "audit": out_dir / f"{name}.audit.json",
             "view": out_dir / f"{name}.html"}
    write_tmx(paths["tmx"], translation_units(alignment, codes), "*all*", tool_version=__version__,
              adminlang=codes.get("en", "en"))
    bilingual = {}
    for source, target in pairs:
        if source not in alignment.languages or target not in alignment.languages:
            raise UnalignError(f"{name}: no {source if source not in alignment.languages else target} version, "
                               f"so no {source}-{target} TMX")
        paths[f"{source}-{target}"] = out_dir / f"{name}.{source}-{target}.tmx"
        bilingual[f"{source}-{target}"] = write_bilingual(alignment, paths[f"{source}-{target}"], source, target, codes)
    report = audit(alignment, files)
    report["bilingual"] = bilingual
    write_audit(report, paths["audit"])
    write_view(alignment, paths["view"])
    return paths
