"""One document from files to outputs: read → paragraphs with addresses → embeddings → alignment → TMX, audit, view."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from unalign.align import settings
from unalign.align.aligning import align_versions
from unalign.align.outputs.audit import alignment_from_audit, audit, sentence_audit, write_audit
from unalign.align.documents import DocumentFiles, check_language
from unalign.align.embedding import DEFAULT_MODEL, embed
from unalign.align.outputs.memories import memory_paths, sentence_memory_paths, write_memories, \
    write_sentence_memories
from unalign.align.model import Alignment, Document, UnalignError
from unalign.align.numbering import assign_addresses
from unalign.align.readers import read_blocks
from unalign.align.outputs.views import write_view
from unalign.align.sentence_alignment import SentenceAlignment, align_sentences
from unalign.align.sentences import split_sentences

LEVELS = ("paragraph", "sentence", "both")


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
    """Embed every paragraph (each distinct text once, cached; in `processes` processes) and align the versions;
    a paragraph's vector is made as config/defaults.toml [sentences] paragraph_vectors says (see `align_levels`)."""
    return align_levels(document, model, cache_dir, processes, "paragraph")[0]


def _align_whole_paragraphs(document: Document, model: str, cache_dir: Path | None, processes: int) -> Alignment:
    """Each paragraph encoded as one text, and the versions aligned."""
    texts = [p.text for lang in document.languages for p in document.paragraphs[lang]]
    vectors = embed(texts, model, cache_dir, processes)
    by_lang: dict[str, np.ndarray] = {}
    start = 0
    for lang in document.languages:
        count = len(document.paragraphs[lang])
        by_lang[lang] = vectors[start:start + count]
        start += count
    return align_versions(document.paragraphs, by_lang, document.name, model)


def align_levels(document: Document, model: str = DEFAULT_MODEL, cache_dir: Path | None = None, processes: int = 1,
                 level: str = "both", paragraph_vectors: str | None = None) -> tuple[Alignment, SentenceAlignment | None]:
    """Align the paragraphs of `document` and, unless `level` is "paragraph", the sentences inside each unit.

    Every text is encoded once: with `paragraph_vectors` "sentences" (config/defaults.toml [sentences]), only the
    sentences are, and a paragraph's vector is the normalised sum of its sentences' vectors; with "whole", the
    paragraphs are encoded as well (one call, so a one-sentence paragraph is encoded once).
    """
    if level not in LEVELS:
        raise UnalignError(f"--level must be one of {', '.join(LEVELS)}, not '{level}'")
    strategy = paragraph_vectors or settings.defaults()["sentences"]["paragraph_vectors"]
    if level == "paragraph" and strategy == "whole":
        return _align_whole_paragraphs(document, model, cache_dir, processes), None
    pieces = {lang: [split_sentences(p.text, lang) or [p.text] for p in document.paragraphs[lang]]
              for lang in document.languages}
    sentence_texts = [t for lang in document.languages for ss in pieces[lang] for t in ss]
    whole = [p.text for lang in document.languages for p in document.paragraphs[lang]] if strategy == "whole" else []
    texts = list(dict.fromkeys(sentence_texts + whole))
    known = dict(zip(texts, embed(texts, model, cache_dir, processes)))
    by_lang: dict[str, np.ndarray] = {}
    for lang in document.languages:
        if strategy == "whole":
            rows = [known[p.text] for p in document.paragraphs[lang]]
        else:
            rows = [np.sum([known[t] for t in ss], axis=0) for ss in pieces[lang]]
        by_lang[lang] = np.array(rows, dtype=np.float32).reshape(len(rows), -1)
    alignment = align_versions(document.paragraphs, by_lang, document.name, model)
    if level == "paragraph":
        return alignment, None

    def encode(batch: list[str]) -> np.ndarray:
        missing = [t for t in dict.fromkeys(batch) if t not in known]
        if missing:
            known.update(zip(missing, embed(missing, model, cache_dir, processes)))
        return np.array([known[t] for t in batch], dtype=np.float32)

    return alignment, align_sentences(alignment, encode)


def output_paths(document: str, out_dir: Path, pairs: Sequence[tuple[str, str]] = (),
                 level: str = "paragraph") -> dict[str, Path]:
    """Where the outputs of `document` go: <document>.tmx (and <document>.<source>-<target>.tmx per pair) unless
    `level` is "sentence", <document>.sentences.tmx (and per pair) unless it is "paragraph", <document>.html and
    <document>.audit.json."""
    paths = memory_paths(document, out_dir, pairs) if level != "sentence" else {}
    if level != "paragraph":
        paths |= sentence_memory_paths(document, out_dir, pairs)
    return paths | {"view": out_dir / f"{document}.html", "audit": out_dir / f"{document}.audit.json"}


def write_outputs(alignment: Alignment, out_dir: Path, files: dict[str, str] | None = None,
                  pairs: Sequence[tuple[str, str]] = (), codes: dict[str, str] | None = None,
                  sentences: SentenceAlignment | None = None, level: str = "paragraph") -> dict[str, Path]:
    """Write <document>.tmx, <document>.<source>-<target>.tmx per pair, <document>.html and, last,
    <document>.audit.json into `out_dir`.

    `codes` are the TMX language codes (default: the default profile of config/tmx.toml). The audit's "bilingual"
    section counts, per pair, the units written and those left out for want of one of the two languages. Each file is
    written to a temporary name and renamed, and the audit comes last: a document whose audit exists has all its
    outputs complete, whenever the run was interrupted.
    With `sentences`, <document>.sentences.tmx (and per pair) are written too, the view opens each unit into its
    sentence units and the audit counts them; `level` "sentence" leaves the paragraph memories out.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = output_paths(alignment.document, out_dir)
    paths["audit"].unlink(missing_ok=True)  # outputs being replaced are not done until the new audit lands
    bilingual: dict[str, dict] = {}
    if level != "sentence" or sentences is None:
        memories, bilingual = write_memories(alignment, out_dir, pairs, codes)
        paths |= memories
    else:
        paths.pop("tmx", None)
    if sentences is not None:
        memories, sentence_bilingual = write_sentence_memories(sentences, out_dir, pairs, codes)
        paths |= memories
    write_view(alignment, paths["view"], sentences=sentences)
    report = audit(alignment, files)
    report["bilingual"] = bilingual
    if sentences is not None:
        report["sentences"] = sentence_audit(sentences) | {"bilingual": sentence_bilingual}
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


def is_done(files: DocumentFiles, out_dir: Path, pairs: Sequence[tuple[str, str]] = (),
            level: str = "paragraph") -> bool:
    """Whether `files` was aligned into `out_dir` already: all outputs there (the bilingual memories of the `pairs`
    whose two languages it has too), the audit newer than every input."""
    pairs = [(s, t) for s, t in pairs if s in files.files and t in files.files]
    paths = output_paths(files.name, out_dir, pairs, level)
    if not all(p.exists() for p in paths.values()):
        return False
    finished = paths["audit"].stat().st_mtime
    return all(source.stat().st_mtime <= finished for source in files.files.values())
