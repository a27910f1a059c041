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
from unalign.align.readers import read_blocks
from unalign.align.outputs.views import write_view


def read_document(files: DocumentFiles) -> Document:
    """Read every language version of a document into paragraphs with addresses, checking each file's language."""
    if files.problem:
        raise UnalignError(f"{files.name}: {files.problem}")
    paragraphs = {}
    for lang in settings.language_order():
        if lang in files.files:
            blocks = read_blocks(files.files[lang], settings.language(lang)["join_lines_with"])
            check_language(files.files[lang], lang, "\n".join(block.text for block in blocks))
            paragraphs[lang] = tuple(assign_addresses(blocks, lang))
    return Document(files.name, paragraphs, {lang: str(p) for lang, p in files.files.items()})


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
    return align_versions(document.paragraphs, by_lang, document.name, model)


def write_outputs(alignment: Alignment, outputs: OutputSet, files: dict[str, str] | None = None) -> Audit:
    """Write the outputs of an aligned document where `outputs` says: the multilingual TMX, a bilingual TMX per pair,
    the view and, last, the audit (which records `files`, the bilingual counts and the options' signature).

    Each file is written to a temporary name and renamed, and the audit comes last: a document whose audit exists has
    all its outputs complete, whenever the run was interrupted. Returns the audit.
    """
    outputs.out_dir.mkdir(parents=True, exist_ok=True)
    outputs.audit.unlink(missing_ok=True)  # outputs being replaced are not done until the new audit lands
    bilingual = write_memories(alignment, outputs)
    signature = outputs.options.signature()
    write_view(alignment, outputs.view, signature=signature)
    audit = Audit.of(alignment, files, bilingual, signature)
    audit.write(outputs.audit)
    return audit


def load_alignment(audit: Audit) -> Alignment:
    """The alignment an audit records: with its paragraph texts, or (for an audit that holds none) with the
    paragraphs read again from the source files it names."""
    if audit.holds_texts:
        return audit.alignment()
    files = {lang: Path(path) for lang, path in audit.files.items() if lang in audit.languages}
    gone = [str(path) for path in files.values() if not path.exists()]
    if not files or gone:
        where = gone[0] if gone else "its source files"
        raise UnalignError(f"{audit.document}: the audit holds no paragraph texts and {where} cannot be read; "
                           "run 'unalign align' again")
    document = read_document(DocumentFiles(audit.document, files))
    return audit.alignment(document.paragraphs)
