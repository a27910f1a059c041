"""The sentence level takes every threshold from the one AlignParams, in the units of the document's model."""

from dataclasses import replace

import numpy as np
import pytest

from unalign.aligning import align_versions, default_params
from unalign.embedding import DEFAULT_MODEL, embed
from unalign.model import Paragraph
from unalign.aligning.sentence_alignment import align_sentences
from benchmarks.sentences_corpus import document_groups
from benchmarks.synthetic import paragraphs
from tests.conftest import LANGS

# A model that packs every text into a narrow cone: USE v3's vector v becomes (c, s v) normalised, c^2 = 0.8966, so
# unrelated sentences (cosine 0.13 with USE) sit at 0.91 and translations (0.76) at 0.975.
_CONE = 0.8966


def _narrow(vectors: np.ndarray) -> np.ndarray:
    axis = np.full((len(vectors), 1), np.sqrt(_CONE), np.float32)
    return np.hstack([axis, np.sqrt(1 - _CONE) * vectors]).astype(np.float32)


@pytest.fixture(scope="module")
def swapped(cache_dir):
    """60 UNPC paragraphs of two sentences in six languages, the French sentences of paragraph 30 in swapped order;
    the paragraph alignment with the narrow-cone model, and its sentence encoder."""
    lines = {lang: paragraphs("unpc_v1_devset", lang) for lang in LANGS}
    groups = [g[:2] for g in document_groups(well_formed=True, part="fit") if len(g) >= 2][:60]
    texts = {lang: [("" if lang == "zh" else " ").join(lines[lang][i].strip() for i in g) for g in groups]
             for lang in LANGS}
    first, second = (lines["fr"][i].strip() for i in groups[30])
    texts["fr"][30] = f"{second} {first}"
    english = tuple(lines["en"][i].strip() for i in groups[30])

    def encode(batch: list[str]) -> np.ndarray:
        return _narrow(embed(batch, DEFAULT_MODEL, cache_dir, 1))

    document = {lang: tuple(Paragraph(lang, k, text) for k, text in enumerate(texts[lang])) for lang in LANGS}
    alignment = align_versions(document, {lang: encode(texts[lang]) for lang in LANGS}, "swapped", "narrow-cone")
    return alignment, encode, {english[0]: second, english[1]: first}


def _crossed(sentences, wrong: dict[str, str]) -> list[float]:
    """The confidences of the sentence units that link an English sentence of paragraph 30 with the French sentence
    that does not translate it, and nothing else in those two languages."""
    return [s.unit.confidence for s in sentences.units
            if len(s.unit.paragraphs["en"]) == 1 and len(s.unit.paragraphs["fr"]) == 1
            and wrong.get(s.unit.paragraphs["en"][0].text) == s.unit.paragraphs["fr"][0].text]


def test_narrow_cone_model_does_not_link_swapped_sentences(swapped):
    """The French sentences B', A' of a paragraph whose other languages read A, B: with the thresholds in the model's
    units (measured on the document: unrelated 0.91), no sentence unit links A with B' nor B with A'."""
    alignment, encode, wrong = swapped
    sentences = align_sentences(alignment, encode)
    assert _crossed(sentences, wrong) == []
    # What is linked is right: one English sentence with its own translation (the other French one is out of order,
    # an extra beside a hole, as a reader of the two versions would see it).
    right = {en: next(fr for other, fr in wrong.items() if other != en) for en in wrong}
    assert [s.unit.confidence > 0.9 for s in sentences.units if len(s.unit.paragraphs["en"]) == 1
            and [p.text for p in s.unit.paragraphs["fr"]] == [right.get(s.unit.paragraphs["en"][0].text)]] == [True]


def test_thresholds_left_in_the_reference_units_link_them(swapped):
    """The same with the parameters kept in USE v3's units (what the sentence level did before): the swapped
    sentences are linked one to one, with high confidence, the bug this guards against (their lengths, each French
    sentence beside an English one of another length, lower it a little: 0.98)."""
    alignment, encode, wrong = swapped
    params = default_params()
    sentences = align_sentences(alignment, encode, replace(params, model_units=(params.reference_unrelated,
                                                                                 params.reference_translation)))
    crossed = _crossed(sentences, wrong)
    assert crossed == [0.982, 0.979]
