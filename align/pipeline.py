"""One document from files to outputs: read → paragraphs with addresses → embeddings → alignment → TMX, audit, view."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from align import __version__, settings
from align.aligning import align_versions
from align.audit import audit, write_audit
from align.documents import DocumentFiles, check_language
from align.embedding import DEFAULT_MODEL, embed
from align.model import Alignment, Document, UnalignError
from align.numbering import assign_addresses
from align.reading import read_blocks
from align.views import write_view
from tmx import TranslationUnit, write_tmx


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


def translation_units(alignment: Alignment) -> list[TranslationUnit]:
    """The alignment's units as TMX units, with address, confidence and document as props and flags as notes."""
    out = []
    for unit in alignment.units:
        props = {"x-document": alignment.document, "x-address": unit.address,
                 "x-confidence": f"{unit.confidence:.3f}"}
        out.append(TranslationUnit({lang: unit.text(lang) for lang in alignment.languages}, props, unit.flags))
    return out


def output_paths(document: str, out_dir: Path) -> dict[str, Path]:
    """Where the outputs of `document` go: <document>.tmx, <document>.html and <document>.audit.json."""
    return {"tmx": out_dir / f"{document}.tmx", "view": out_dir / f"{document}.html",
            "audit": out_dir / f"{document}.audit.json"}


def write_outputs(alignment: Alignment, out_dir: Path, files: dict[str, str] | None = None) -> dict[str, Path]:
    """Write <document>.tmx, <document>.html and, last, <document>.audit.json into `out_dir`.

    Each file is written to a temporary name and renamed, and the audit comes last: a document whose audit exists
    has all three outputs complete, whenever the run was interrupted.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = output_paths(alignment.document, out_dir)
    paths["audit"].unlink(missing_ok=True)  # outputs being replaced are not done until the new audit lands
    write_tmx(paths["tmx"], translation_units(alignment), "*all*", tool_version=__version__)
    write_view(alignment, paths["view"])
    write_audit(audit(alignment, files), paths["audit"])
    return paths


def is_done(files: DocumentFiles, out_dir: Path) -> bool:
    """Whether `files` was aligned into `out_dir` already: all outputs there, the audit newer than every input."""
    paths = output_paths(files.name, out_dir)
    if not all(p.exists() for p in paths.values()):
        return False
    finished = paths["audit"].stat().st_mtime
    return all(source.stat().st_mtime <= finished for source in files.files.values())
