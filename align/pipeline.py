"""One document from files to outputs: read → paragraphs with addresses → embeddings → alignment → TMX, audit, view."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from unalign import settings
from unalign.documents import DocumentFiles, check_language
from unalign.readers import HowToRead, read_file, reads_slowly
from unalign.readers.cache import ReadingCache
from unalign.readers.crosscheck import settle_readings
from unalign.sentences import split_sentences
from unalign.embedding import DEFAULT_MODEL, EmbeddingCache, KeptPool, default_cache_dir, embed, in_processes
from unalign.aligning import align_versions
from unalign.aligning.kept import KeptAlignments
from unalign.aligning.sentence_alignment import SentenceAlignment, align_sentences
from unalign.review.corrections import Corrections, apply_corrections
from unalign.outputs.audit import Audit
from unalign.outputs.memories import write_memories, write_sentence_memories
from unalign.outputs.paths import OutputSet
from unalign.outputs.views import write_view
from unalign.model import Alignment, Document, UnalignError

if TYPE_CHECKING:  # a run that starts no process (one document, its vectors cached) does not import them
    from concurrent.futures import Executor, Future


def read_document(files: DocumentFiles, workers: Executor | None = None, cache_dir: Path | None = None) -> Document:
    """Read every language version of a document into paragraphs with addresses, checking each file's language.
    With `workers` (a process pool of workers.process_pool), the versions in a slow format (PDF, DOC) are read there,
    side by side, while this process reads the others. With `cache_dir`, the readings are kept there and a later run
    on the same files takes them from it, and the languages found in them (readers.cache)."""
    if files.problem:
        raise UnalignError(f"{files.name}: {files.problem}")
    order = [lang for lang in settings.language_order() if lang in files.files]
    how = {lang: HowToRead(settings.language(lang)["join_lines_with"]) for lang in order}
    with ReadingCache(cache_dir) as kept:
        keys = {lang: ReadingCache.key(files.files[lang], how[lang]) for lang in order}
        readings = {lang: reading for lang, key in keys.items() if key and (reading := kept.get(key)) is not None}
        elsewhere = {}
        if workers is not None:
            from unalign.workers import stoppable

            elsewhere = {lang: workers.submit(stoppable, read_file, files.files[lang], how[lang]) for lang in keys
                         if lang not in readings and reads_slowly(files.files[lang])}
        for lang in order:
            if lang not in readings:
                readings[lang] = elsewhere[lang].result() if lang in elsewhere else read_file(files.files[lang],
                                                                                              how[lang])
                if keys.get(lang):
                    kept.put(keys[lang], readings[lang])
        paragraphs, layouts, meta, warnings = {}, {}, {}, []
        for lang in order:
            path = files.files[lang]
            reading = readings[lang]
            check_language(path, lang, "\n".join(block.text for block in reading.blocks), kept.language)
            paragraphs[lang] = kept.numbered(keys.get(lang), reading, lang)
            if reading.layout:
                layouts[lang] = reading.layout
            if reading.meta is not None:
                meta[lang] = reading.meta
            warnings += reading.warnings
    return Document(files.name, paragraphs, {lang: str(p) for lang, p in files.files.items()}, layouts, (), meta,
                    warnings=tuple(warnings))


class Encoder:
    """Texts -> vectors for one document, each distinct text encoded once (and cached on disk by model and text):
    the paragraph vectors, the repairs' joined texts and the sentence level share it."""

    def __init__(self, model: str = DEFAULT_MODEL, cache_dir: Path | None = None, processes: int = 1):
        self.model, self.cache_dir, self.processes = model, cache_dir, processes
        self.known: dict[str, np.ndarray] = {}
        # With several processes, those started for the first large batch serve every later one: in a `with` block
        # (which stops them at its end), else a pool for each large batch and this process for the small ones.
        self.kept: KeptPool | None = None
        self.files: tuple[str, ...] = ()  # content digests of the files being read (`start`), noted by `release`
        self.pending: dict[str, tuple[list[str], Future]] = {}  # texts being encoded in the background (`prefetch`)

    def __enter__(self) -> Encoder:
        if self.processes > 1:
            self.kept = KeptPool(self.processes)
        return self

    def start(self, files: Sequence[Path] = ()) -> Encoder:
        """With several processes, start them now: they load the built-in encoder while this process reads `files`,
        unless an earlier run encoded every text of those files into the cache (a warm run, which most often takes
        its alignment from aligning/kept.py); and they read the files in a slow format (read_document, `workers`),
        when there are two or more. `release` notes the files as encoded. Returns self."""
        try:
            digests = tuple(hashlib.sha256(Path(path).read_bytes()).hexdigest() for path in files)
        except OSError:  # a file that cannot be read: its reader says so, in one line
            digests = ()
        with EmbeddingCache(self.cache_dir, self.model) as store:
            warm = store.holds_files(digests)
        self.files = () if warm else digests  # noted already: a warm run writes nothing to the cache
        if self.kept is None:
            return self
        if not warm and in_processes(self.model):
            self.kept.load(self.model)
        elif sum(map(reads_slowly, files)) >= 2:
            self.kept.get()
        return self

    def workers(self) -> Executor | None:
        """The processes `start` started (to read slow files in), or None."""
        return self.kept.pool if self.kept is not None else None

    def prefetch(self, texts: list[str]) -> None:
        """Have the processes encode `texts` in the background (those neither known nor cached), so that this
        process works meanwhile: a later call that asks for them waits for them. Without processes running (`start`)
        for a model they encode, they are encoded now."""
        if self.kept is None or self.kept.pool is None or not in_processes(self.model):
            self._know(texts)
            return
        new = [t for t in dict.fromkeys(texts) if t not in self.known and t not in self.pending]
        with EmbeddingCache(self.cache_dir, self.model) as store:
            self.known.update(zip(*store.cached(new)))
        for chunk, future in self.kept.submit(self.model, sorted(t for t in new if t not in self.known)):
            self.pending.update(dict.fromkeys(chunk, (chunk, future)))

    def _collect(self, texts: Iterable[str]) -> None:
        """Wait for the background batches holding any of `texts`, and keep and cache their vectors."""
        batches = {id(batch[1]): batch for batch in (self.pending.get(t) for t in texts) if batch is not None}
        if not batches:
            return
        with EmbeddingCache(self.cache_dir, self.model) as store:
            for chunk, future in batches.values():
                vectors = future.result()
                store.put_many(dict(zip(chunk, vectors)))
                self.known.update(zip(chunk, vectors))
                for text in chunk:
                    del self.pending[text]

    def _know(self, texts: list[str]) -> None:
        """Have `known` hold each of `texts`: waited for, read from the cache or encoded."""
        self._collect(texts)
        new = [t for t in dict.fromkeys(texts) if t not in self.known]
        if new:
            self.known.update(zip(new, embed(new, self.model, self.cache_dir, self.processes, self.kept)))

    def release(self) -> None:
        """Done encoding: keep what is being encoded, note the files as encoded, and let the processes end while
        this process goes on (writing the outputs); the `with` block's end waits for them (a later batch starts new
        ones)."""
        self._collect(list(self.pending))
        if self.files:
            with EmbeddingCache(self.cache_dir, self.model) as store:
                store.note_files(self.files)
            self.files = ()
        if self.kept is not None:
            self.kept.stop()

    def __exit__(self, *exc) -> bool:
        if exc[0] is None:
            self.release()
        kept, self.kept = self.kept, None
        return kept.__exit__(*exc) if kept is not None else False

    def __call__(self, texts: list[str]) -> np.ndarray:
        """One L2-normalised row per text."""
        texts = list(texts)
        self._know(texts)
        if not texts:
            return np.zeros((0, 1), np.float32)
        return np.array([self.known[t] for t in texts], dtype=np.float32)


def align_document(document: Document, model: str = DEFAULT_MODEL, cache_dir: Path | None = None,
                   processes: int = 1, encode: Encoder | None = None,
                   paragraph_vectors: str | None = None) -> Alignment:
    """Embed the versions' texts (each distinct text once; in `processes` processes) and align the versions.

    With `paragraph_vectors` "whole" (the default of config/defaults.toml [sentences]) each paragraph is encoded as
    one text; with "sentences" only sentences are encoded and a paragraph's vector is the sum of its sentences'
    vectors, which the sentence level then reuses (faster, but it finds fewer holes on damaged copies). An earlier
    run's alignment of the same paragraphs, kept in the encoder's cache folder (KeptAlignments), is taken as it is.
    """
    encode = encode or Encoder(model, cache_dir, processes)
    strategy = paragraph_vectors or settings.defaults()["sentences"]["paragraph_vectors"]
    return _kept(encode, lambda: _align_paragraphs(document, model, encode, strategy),
                 "paragraphs", document.name, document.paragraphs, model, strategy)


def _kept(encode: Encoder, make: Callable[[], object], kind: str, *inputs: object):
    """What an earlier run with the encoder's cache folder made of the same `inputs` (KeptAlignments.key), else
    `make()`, kept there."""
    with KeptAlignments(encode.cache_dir) as kept:
        key = kept.key(kind, *inputs)
        result = kept.get(key)
    if result is None:
        result = make()
        with KeptAlignments(encode.cache_dir) as kept:
            kept.put(key, result)
    return result


def _align_paragraphs(document: Document, model: str, encode: Encoder, strategy: str) -> Alignment:
    """align_document's work when no alignment is kept: encode (`strategy` "whole" or "sentences") and align."""
    by_lang: dict[str, np.ndarray] = {}
    if strategy == "whole":
        # One batch for every language: each call that finds texts to encode starts its own pool of processes, and
        # each process loads the encoder again.
        vectors = encode([p.text for lang in document.languages for p in document.paragraphs[lang]])
        ends = np.cumsum([len(document.paragraphs[lang]) for lang in document.languages])[:-1]
        by_lang = dict(zip(document.languages, np.split(vectors, ends)))
    else:
        pieces = {lang: [split_sentences(p.text, lang) or [p.text] for p in document.paragraphs[lang]]
                  for lang in document.languages}
        encode([t for lang in document.languages for ss in pieces[lang] for t in ss])  # one batch for them all
        for lang in document.languages:
            rows = [encode(ss).sum(axis=0) for ss in pieces[lang]]
            by_lang[lang] = np.array(rows, dtype=np.float32).reshape(len(rows), -1)
    return align_versions(document.paragraphs, by_lang, document.name, model, embed_texts=encode)


def align_levels(document: Document, model: str = DEFAULT_MODEL, cache_dir: Path | None = None, processes: int = 1,
                 level: str = "both") -> tuple[Alignment, SentenceAlignment | None]:
    """The paragraph alignment of `document` and, unless `level` is "paragraph", the sentence units inside its units
    (each text encoded once for both)."""
    with Encoder(model, cache_dir, processes) as encode:
        alignment = align_document(document, model, cache_dir, processes, encode)
        return alignment, (None if level == "paragraph" else sentences_of(alignment, encode))


def sentences_of(alignment: Alignment, encode: Encoder) -> SentenceAlignment:
    """The sentence units inside the units of `alignment` (align_sentences), as an earlier run with the same
    encoder's cache folder aligned them when it did (KeptAlignments), else aligned now and kept."""
    return _kept(encode, lambda: align_sentences(alignment, encode), "sentences", alignment)


def read_and_align(files: DocumentFiles, model: str = DEFAULT_MODEL, cache_dir: Path | None = None,
                   processes: int = 1, encode: Encoder | None = None,
                   sentences: bool = False) -> tuple[Document, Alignment]:
    """Read and align a document (with `sentences`, for the sentence level to come, encoding every paragraph's
    sentences too, in the background while the paragraphs are aligned: Encoder.prefetch); versions in plain text whose
    reading the others contradict are read again in their other plausible layouts, and the reading the alignment
    confirms best is kept (align.readers.crosscheck)."""
    encode = encode or Encoder(model, cache_dir, processes)
    document = read_document(files, encode.workers(), cache_dir)
    if sentences:  # the sentences are encoded while the paragraphs are aligned
        encode.prefetch([p.text for lang in document.languages for p in document.paragraphs[lang]])
        encode.prefetch([s for lang in document.languages for p in document.paragraphs[lang]
                         for s in split_sentences(p.text, lang)])
    return settle_readings(document, align_document, model=model, cache_dir=cache_dir,
                           processes=processes, encode=encode)


@dataclass(frozen=True)
class Finished:
    """A document's alignment as its outputs hold it: a reviser's corrections applied, the sentence units aligned."""

    alignment: Alignment  # with the corrections kept beside the outputs (unalign review) applied
    sentences: SentenceAlignment | None  # the sentence units inside it, when the outputs hold that level
    aligned: Alignment | None = None  # the aligner's units before the corrections, when some applied
    corrections: dict | None = None  # the audit's "corrections" section: the file, what applied and what did not


def finish(alignment: Alignment, outputs: OutputSet, encode: Encoder | None = None,
           sentences: SentenceAlignment | None = None) -> Finished:
    """What `outputs` will hold of `alignment`: the reviser's corrections kept at `outputs.corrections` applied, and
    (--level sentence or both) the sentence units inside its units: `sentences` when the caller has aligned them
    already (align_levels) and no correction changed the units, else aligned here with `encode` (default: a new
    Encoder with the options' model and cache)."""
    corrected, corrections = apply_saved_corrections(alignment, outputs.corrections)
    if not outputs.sentences:
        sentences = None
    elif sentences is None or corrections:  # none given, or given for the units before the corrections
        options = outputs.options
        encode = encode or Encoder(options.model, (options.cache_dir or default_cache_dir()) if options.cache else None)
        sentences = sentences_of(corrected, encode)
    return Finished(corrected, sentences, alignment if corrections else None, corrections)


def write_outputs(finished: Finished, outputs: OutputSet, files: dict[str, str] | None = None,
                  reading: dict[str, dict] | None = None, masthead: dict[str, str] | None = None) -> Audit:
    """Write a finished document where `outputs` says: the multilingual TMX and a bilingual TMX per pair, of
    paragraph units and (--level sentence or both) of the sentence units, the view and, last, the audit (which records
    `files`, the bilingual counts, the options' signature, the sentence units and `reading`, Document.reading(): per
    plain-text version, the layout read and whether it was re-read). `masthead` (Document.masthead(): symbol, date,
    original language) goes into the TMX headers and the audit.

    Each file is written to a temporary name and renamed, and the audit comes last: a document whose audit exists has
    all its outputs complete, whenever the run was interrupted. Outputs of this document that these options do not
    write (an earlier run's other pairs or level) and temporary files left by an interrupted run are removed first;
    if writing fails, what was written of this document is removed too. Returns the audit.
    """
    outputs.out_dir.mkdir(parents=True, exist_ok=True)
    outputs.audit.unlink(missing_ok=True)  # outputs being replaced are not done until the new audit lands
    for path in outputs.stale():  # what other options wrote, and what an interrupted run left half-written
        path.unlink(missing_ok=True)
    alignment, sentences = finished.alignment, finished.sentences
    try:
        bilingual = write_memories(alignment, outputs, masthead) if outputs.paragraphs else {}
        sentence_bilingual = write_sentence_memories(sentences, outputs, masthead) if sentences is not None else {}
        signature = outputs.options.signature()
        options = outputs.options
        compiled_in = (options.cache_dir or default_cache_dir()) / "templates" if options.cache else None
        write_view(alignment, outputs.view, signature=signature, sentences=sentences, compiled_in=compiled_in)
        audit = Audit.of(alignment, files, bilingual, signature, reading, finished.corrections, finished.aligned,
                         sentences, sentence_bilingual, masthead)
        audit.write(outputs.audit)
    except BaseException:  # a full disk, Ctrl-C: no memory or view is left without the audit that vouches for it
        for path in outputs.paths().values():
            path.unlink(missing_ok=True)
        raise
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
