"""Any sentence-transformers model is one option away: a model built here, offline, loaded from a local folder."""

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from unalign.align.embedding import embed
from unalign.align.evaluation import evaluate, load_gold
from unalign.align.outputs.audit import Audit
from tests.conftest import CORPORA, LANGS


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


def test_local_sentence_transformers_model_aligns_sdg(static_model, tmp_path):
    out = tmp_path / "out"
    result = subprocess.run([sys.executable, "-m", "unalign.align", "align", str(CORPORA / "sdg_goals_targets"), "--model",
                             str(static_model), "--out", str(out), "--no-cache"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    audit = Audit.read(out / "sdg_goals_targets.audit.json")
    assert audit.model == str(static_model)
    scores = evaluate(audit.alignment(), load_gold(CORPORA / "sdg_goals_targets" / "gold.jsonl"))
    assert scores["links"].f1 >= 0.99


def test_model_vectors_differ_from_default(static_model):
    texts = ["Goal 1. End poverty in all its forms everywhere"]
    default = embed(texts)
    other = embed(texts, model=str(static_model))
    assert default.shape == (1, 512) and other.shape == (1, 512)
    assert abs(float(np.linalg.norm(other[0])) - 1.0) < 1e-4
    assert not np.allclose(default, other)


def test_hub_model_not_available_offline_is_one_line_error(tmp_path):
    result = subprocess.run([sys.executable, "-m", "unalign.align", "align", str(CORPORA / "udhr"), "--model",
                             "sentence-transformers/LaBSE", "--out", str(tmp_path), "--no-cache"],
                            capture_output=True, text=True, env={"HF_HOME": str(tmp_path / "hf"), "PATH": "/usr/bin"})
    assert result.returncode == 2
    assert "could not be loaded offline" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
