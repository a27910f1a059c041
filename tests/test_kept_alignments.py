"""Alignments kept beside the embedding cache (align/aligning/kept.py): a second run on the same paragraphs writes
what the first wrote without aligning again, and anything the alignment is computed from aligns again."""

import re
import shutil
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from tests.conftest import CORPORA, unalign_here
from unalign import options, pipeline
from unalign.aligning import kept
from unalign.aligning.kept import KeptAlignments
from unalign.aligning.sentence_alignment import align_sentences
from unalign.documents import find_documents
from unalign.model import Paragraph
from unalign.review.corrections import Corrections, apply_corrections, operation_for


def outputs(folder: Path) -> dict[str, str]:
    """Every output file's text, less the TMX headers' creation date."""
    return {p.name: re.sub(r' creationdate="[^"]*"', "", p.read_text(encoding="utf-8"))
            for p in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def udhr_cache(tmp_path_factory) -> Path:
    """A cache folder holding the UDHR's vectors (both levels) and the alignments its run kept: each test copies it
    without them (the suite's own cache is large, and other tests keep alignments in it meanwhile)."""
    folder = tmp_path_factory.mktemp("udhr_cache")
    made = unalign_here("align", str(CORPORA / "udhr"), "--out", str(folder / "out"), "--cache-dir",
                        str(folder / "cache"))
    assert made.returncode == 0, made.stderr
    return folder / "cache"


def vectors_only(udhr_cache: Path, folder: Path) -> Path:
    """A copy of `udhr_cache` without its kept alignments."""
    shutil.copytree(udhr_cache, folder, ignore=shutil.ignore_patterns("alignments.sqlite3*"))
    return folder


@pytest.fixture
def counted(monkeypatch) -> dict[str, int]:
    """How many times the paragraphs and the sentences were aligned (not taken from the store)."""
    calls = {"paragraphs": 0, "sentences": 0}
    align_paragraphs, sentences = pipeline._align_paragraphs, pipeline.align_sentences

    def paragraphs_counted(*args):
        calls["paragraphs"] += 1
        return align_paragraphs(*args)

    def sentences_counted(*args):
        calls["sentences"] += 1
        return sentences(*args)

    monkeypatch.setattr(pipeline, "_align_paragraphs", paragraphs_counted)
    monkeypatch.setattr(pipeline, "align_sentences", sentences_counted)
    return calls


def test_a_second_run_writes_the_same_outputs_without_aligning_again(tmp_path, udhr_cache, counted):
    cache = vectors_only(udhr_cache, tmp_path / "cache")
    first = unalign_here("align", str(CORPORA / "udhr"), "--out", str(tmp_path / "first"), "--cache-dir", str(cache))
    assert first.returncode == 0, first.stderr
    assert counted == {"paragraphs": 1, "sentences": 1}
    with KeptAlignments(cache) as store:
        assert len(store) == 2  # the paragraph units and the sentence units
    again = unalign_here("align", str(CORPORA / "udhr"), "--out", str(tmp_path / "again"), "--cache-dir", str(cache))
    assert again.returncode == 0, again.stderr
    assert counted == {"paragraphs": 1, "sentences": 1}
    assert outputs(tmp_path / "again") == outputs(tmp_path / "first")
    with KeptAlignments(cache) as store:
        store.clear()
    realigned = unalign_here("align", str(CORPORA / "udhr"), "--out", str(tmp_path / "realigned"), "--cache-dir",
                             str(cache))
    assert realigned.returncode == 0, realigned.stderr
    assert counted == {"paragraphs": 2, "sentences": 2}
    assert outputs(tmp_path / "realigned") == outputs(tmp_path / "first")


def test_an_edited_paragraph_aligns_the_document_again(tmp_path, udhr_cache, counted):
    folder = tmp_path / "udhr"
    shutil.copytree(CORPORA / "udhr", folder)
    cache = vectors_only(udhr_cache, tmp_path / "cache")
    args = ("align", str(folder), "--level", "paragraph", "--cache-dir", str(cache))
    assert unalign_here(*args, "--out", str(tmp_path / "first")).returncode == 0
    french = folder / "fr.html"
    html = french.read_text(encoding="utf-8")
    french.write_text(html.replace("naissent libres", "naissent  libres"), encoding="utf-8")  # the same paragraphs
    assert unalign_here(*args, "--out", str(tmp_path / "spaced")).returncode == 0
    assert counted == {"paragraphs": 1, "sentences": 0}
    french.write_text(html.replace("naissent libres", "naissent tous libres"), encoding="utf-8")
    assert unalign_here(*args, "--out", str(tmp_path / "edited")).returncode == 0
    assert counted == {"paragraphs": 2, "sentences": 0}
    assert "naissent tous libres" in (tmp_path / "edited" / "udhr.tmx").read_text(encoding="utf-8")


def test_corrected_units_get_their_own_sentence_units(tmp_path, udhr_cache, counted):
    files = find_documents(CORPORA / "udhr")[0][0]
    cache = vectors_only(udhr_cache, tmp_path / "cache")
    with pipeline.Encoder(cache_dir=cache) as encode:
        _, alignment = pipeline.read_and_align(files, cache_dir=cache, encode=encode)
        assert pipeline.sentences_of(alignment, encode) == align_sentences(alignment, encode)
        assert counted == {"paragraphs": 1, "sentences": 1}
        merge = operation_for(alignment, {"kind": "merge", "lang": "en", "index": 9})  # "Now, therefore," and on
        corrected, report = apply_corrections(alignment, Corrections(alignment.document, (merge,)))
        assert report.applied == 1 and len(corrected.units) == len(alignment.units) - 1
        sentences = pipeline.sentences_of(corrected, encode)
        assert counted["sentences"] == 2 and sentences.alignment == corrected
        assert sentences == align_sentences(corrected, encode)
        assert pipeline.sentences_of(alignment, encode) is not None and counted["sentences"] == 2  # kept


def test_the_key_is_the_values_not_the_objects_in_memory(monkeypatch):
    text = "All human beings are born free and equal in dignity and rights."
    shared = (Paragraph("en", 0, text, "1"), Paragraph("en", 1, text, "2"))
    copied = (Paragraph("en", 0, text[:20] + text[20:], "1"), Paragraph("en", 1, text[:10] + text[10:], "2"))
    assert shared[0].text is shared[1].text and copied[0].text is not copied[1].text is not text
    def key(paragraphs, kind="paragraphs"):
        return KeptAlignments.key(kind, "d", {"en": paragraphs})

    assert key(shared) == key(copied)
    assert key(shared) != key((shared[0], replace(shared[1], address="3")))
    assert key(shared) != key(shared, "sentences")
    before = key(shared)
    monkeypatch.setattr(options, "config_hash", lambda: "another config")
    assert key(shared) != before
    monkeypatch.undo()
    monkeypatch.setattr(options, "code_hash", lambda: "other code")
    assert key(shared) != before


def test_the_store_keeps_the_last_used_and_reads_a_damaged_entry_as_none(tmp_path, monkeypatch):
    monkeypatch.setattr(kept, "KEPT_ALIGNMENTS", 2)
    monkeypatch.setattr(kept, "_USED_EVERY", 0.0)
    with KeptAlignments(None) as nowhere:
        nowhere.put("a", 1)
        assert nowhere.get("a") is None and len(nowhere) == 0
    with KeptAlignments(tmp_path) as store:
        store.put("a", {"units": 1})
        store.put("b", {"units": 2})
        assert store.get("a") == {"units": 1}  # used last now
        store.put("c", {"units": 3})
        assert (store.get("a"), store.get("b"), store.get("c")) == ({"units": 1}, None, {"units": 3})
    with sqlite3.connect(tmp_path / "alignments.sqlite3") as db:
        db.execute("UPDATE kept SET value = ? WHERE key = 'a'", (b"not a pickle",))
    with KeptAlignments(tmp_path) as store:
        assert store.get("a") is None and store.get("c") == {"units": 3}
    monkeypatch.setattr(kept, "KEPT_ALIGNMENTS", 10)
    monkeypatch.setattr(kept, "KEPT_BYTES", 2_500)
    with KeptAlignments(tmp_path) as store:
        store.clear()
        for name in "defg":
            store.put(name, "x" * 1_000)  # each about 1,000 bytes pickled: the two last used fit
        assert [store.get(name) is not None for name in "defg"] == [False, False, True, True]
        store.put("big", "x" * 5_000)  # more than the bound alone: kept, the others go
        assert len(store) == 1 and store.get("big") == "x" * 5_000


def test_a_store_made_by_earlier_code_names_its_column_otherwise_and_still_works(tmp_path):
    """The readings' file named its values' column `reading`, the first alignments' file `result`: both still read,
    write and keep to their bounds."""
    from unalign.readers.cache import ReadingCache

    for store_class, column in ((KeptAlignments, "result"), (ReadingCache, "reading")):
        folder = tmp_path / column
        folder.mkdir()
        with sqlite3.connect(folder / store_class.file_name) as db:
            db.execute(f"CREATE TABLE kept (key TEXT PRIMARY KEY, used REAL, {column} BLOB)")
        with store_class(folder) as store:
            store.put("a", {"kept": column})
            assert store.get("a") == {"kept": column} and len(store) == 1
    with KeptAlignments(tmp_path / "result") as store:
        store._put("b", "x" * 100, 10, limit_bytes=50)  # the bound by bytes reads the column by its own name
        assert store.get("a") is None and store.get("b") == "x" * 100
