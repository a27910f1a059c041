"""One document from files to outputs: read → paragraphs with addresses → embeddings → alignment → TMX, audit, view."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from unalign.align import settings
from unalign.align.aligning import align_versions
from unalign.align.outputs.audit import Audit
from unalign.align.documents import DocumentFiles, check_language
from unalign.align.embedding import DEFAULT_MODEL, embed
from unalign.align.outputs.memories import write_memories
from unalign.align.outputs.paths import OutputSet
from unalign.align.model import Alignment, Document, UnalignError
from unalign.align.numbering import assign_addresses
from unalign.align.readers import TEXT_SUFFIXES, read_blocks, read_file_text
from unalign.align.readers.text import find_layout
from unalign.align.outputs.views import write_view
from unalign.align.review.corrections import Corrections, apply_corrections


def read_document(files: DocumentFiles) -> Document:
    """Read every language version of a document into paragraphs with addresses, checking each file's language."""
    if files.problem:
        raise UnalignError(f"{files.name}: {files.problem}")
    paragraphs, layouts = {}, {}
    for lang in settings.language_order():
        if lang in files.files:
            path = files.files[lang]
            blocks = read_blocks(path, settings.language(lang)["join_lines_with"])
            check_language(path, lang, "\n".join(block.text for block in blocks))
            paragraphs[lang] = tuple(assign_addresses(blocks, lang))
            if path.suffix.lower() in TEXT_SUFFIXES:
                layouts[lang] = find_layout(read_file_text(path))
    return Document(files.name, paragraphs, {lang: str(p) for lang, p in files.files.items()}, layouts)


def align_document(document: Document, model: str = DEFAULT_MODEL, cache_dir: Path | None = None,
                   processes: int = 1) -> Alignment:
    """Embed every paragraph (each distinct text once, cached; in `processes` processes) and align the versions."""
    texts = [p.text for lang in document.languages for p in document.paragraphs[lang]]
    vectors = embed(texts, model, cache_dir, processes)
    by_lang: dict[str, np.ndarray] = {}
    start = 0
    for lang in document.languages:
        count = len(document.paragraphs[lang])
        by_lang[lang] = vectors[start:start + count]
        start += count
    return align_versions(document.paragraphs, by_lang, document.name, model,
                          embed_texts=lambda more: embed(list(more), model, cache_dir))


def read_and_align(files: DocumentFiles, model: str = DEFAULT_MODEL, cache_dir: Path | None = None,
                   processes: int = 1) -> tuple[Document, Alignment]:
    """Read and align a document; versions in plain text whose reading the others contradict are read again in their
    other plausible layouts, and the reading the alignment confirms best is kept (align.crosscheck)."""
    from unalign.align.crosscheck import settle_readings

    return settle_readings(read_document(files), align_document, model=model, cache_dir=cache_dir,
                           processes=processes)


def write_outputs(alignment: Alignment, outputs: OutputSet, files: dict[str, str] | None = None,
                  reading: dict[str, dict] | None = None) -> Audit:
    """Write the outputs of an aligned document where `outputs` says: the multilingual TMX, a bilingual TMX per pair,
    the view and, last, the audit (which records `files`, the bilingual counts, the options' signature and `reading`,
    Document.reading(): per plain-text version, the layout read and whether it was re-read).

    A reviser's corrections (`outputs.corrections`, made with unalign review) are applied first, so every output
    holds them. Each file is written to a temporary name and renamed, and the audit comes last: a document whose audit
    exists has all its outputs complete, whenever the run was interrupted. Returns the audit.
    """
    outputs.out_dir.mkdir(parents=True, exist_ok=True)
    outputs.audit.unlink(missing_ok=True)  # outputs being replaced are not done until the new audit lands
    aligned = alignment
    alignment, corrections = apply_saved_corrections(alignment, outputs.corrections)
    bilingual = write_memories(alignment, outputs)
    signature = outputs.options.signature()
    write_view(alignment, outputs.view, signature=signature)
    audit = Audit.of(alignment, files, bilingual, signature, reading, corrections,
                     aligned if corrections else None)
    audit.write(outputs.audit)
    return audit


def apply_saved_corrections(alignment: Alignment, path: Path) -> tuple[Alignment, dict | None]:
    """The alignment with a reviser's corrections kept at `path` applied (unchanged when there is no such file), and
    the audit's "corrections" section: the file, how many were applied, and those that no longer apply and why."""
    if not path.exists():
        return alignment, None
    corrected, report = apply_corrections(alignment, Corrections.read(path, alignment.document),
                                          settings.defaults()["confidence"]["flag_below"])
    return corrected, {"file": path.name, **report.to_json()}


def load_alignment(audit: Audit, as_aligned: bool = False) -> Alignment:
    """The alignment an audit records: with its paragraph texts, or (for an audit that holds none) with the
    paragraphs read again from the source files it names. `as_aligned`: the units before a reviser's corrections."""
    if audit.holds_texts:
        return audit.alignment(as_aligned=as_aligned)
    files = {lang: Path(path) for lang, path in audit.files.items() if lang in audit.languages}
    gone = [str(path) for path in files.values() if not path.exists()]
    if not files or gone:
        where = gone[0] if gone else "its source files"
        raise UnalignError(f"{audit.document}: the audit holds no paragraph texts and {where} cannot be read; "
                           "run 'unalign align' again")
    document = read_document(DocumentFiles(audit.document, files))
    return audit.alignment(document.paragraphs, as_aligned=as_aligned)
