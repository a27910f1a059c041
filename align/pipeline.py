"""One document from files to outputs: read → paragraphs with addresses → embeddings → alignment → TMX, audit, view."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from unalign.align import settings
from unalign.align.aligning import align_versions
from unalign.align.outputs.audit import alignment_from_audit, audit, write_audit
from unalign.align.documents import DocumentFiles, check_language
from unalign.align.embedding import DEFAULT_MODEL, embed
from unalign.align.outputs.memories import memory_paths, write_memories
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
    return align_versions(document.paragraphs, by_lang, document.name, model,
                          embed_texts=lambda more: embed(list(more), model, cache_dir))


def output_paths(document: str, out_dir: Path, pairs: Sequence[tuple[str, str]] = ()) -> dict[str, Path]:
    """Where the outputs of `document` go: <document>.tmx (and <document>.<source>-<target>.tmx per pair),
    <document>.html and <document>.audit.json."""
    return memory_paths(document, out_dir, pairs) | {"view": out_dir / f"{document}.html",
                                                     "audit": out_dir / f"{document}.audit.json"}


def write_outputs(alignment: Alignment, out_dir: Path, files: dict[str, str] | None = None,
                  pairs: Sequence[tuple[str, str]] = (), codes: dict[str, str] | None = None) -> dict[str, Path]:
    """Write <document>.tmx, <document>.<source>-<target>.tmx per pair, <document>.html and, last,
    <document>.audit.json into `out_dir`.

    `codes` are the TMX language codes (default: the default profile of config/tmx.toml). The audit's "bilingual"
    section counts, per pair, the units written and those left out for want of one of the two languages. Each file is
    written to a temporary name and renamed, and the audit comes last: a document whose audit exists has all its
    outputs complete, whenever the run was interrupted.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = output_paths(alignment.document, out_dir)
    paths["audit"].unlink(missing_ok=True)  # outputs being replaced are not done until the new audit lands
    memories, bilingual = write_memories(alignment, out_dir, pairs, codes)
    paths |= memories
    write_view(alignment, paths["view"])
    report = audit(alignment, files)
    report["bilingual"] = bilingual
    write_audit(report, paths["audit"])
    return paths


def load_alignment(report: dict) -> Alignment:
    """The alignment an audit JSON records: its paragraph texts from the audit, or (for an audit that holds none)
    read again from the source files it names."""
    name = report.get("document", "audit")
    try:
        if "paragraph_texts" in report:
            return alignment_from_audit(report)
        files = {lang: Path(path) for lang, path in report.get("files", {}).items() if lang in report["languages"]}
        gone = [str(path) for path in files.values() if not path.exists()]
        if not files or gone:
            where = gone[0] if gone else "its source files"
            raise UnalignError(f"{name}: the audit holds no paragraph texts and {where} cannot be read; "
                               "run 'unalign align' again")
        document = read_document(DocumentFiles(report["document"], files))
        return alignment_from_audit(report, document.paragraphs)
    except (KeyError, IndexError, TypeError, ValueError, AttributeError) as exc:
        raise UnalignError(f"{name}: a damaged audit JSON ({type(exc).__name__}: {exc})") from None


def is_done(files: DocumentFiles, out_dir: Path, pairs: Sequence[tuple[str, str]] = ()) -> bool:
    """Whether `files` was aligned into `out_dir` already: all outputs there (the bilingual memories of the `pairs`
    whose two languages it has too), the audit newer than every input."""
    pairs = [(s, t) for s, t in pairs if s in files.files and t in files.files]
    paths = output_paths(files.name, out_dir, pairs)
    if not all(p.exists() for p in paths.values()):
        return False
    finished = paths["audit"].stat().st_mtime
    return all(source.stat().st_mtime <= finished for source in files.files.values())
