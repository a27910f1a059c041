"""Shared fixtures: the real documents under corpora/, aligned once per test session."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

# One BLAS thread in the tests and the commands they run, set before numpy loads: the aligner's matrices are small,
# and OpenBLAS threads spin-waiting on a shared two-core machine cost CPU for nothing (measured under load: aligning
# the three documents of `aligned` took 14.6 s of CPU and 47 s with two threads, 3.6 s and 12 s with one).
for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

import pytest

from unalign.align.documents import DocumentFiles, find_documents
from unalign.align.embedding import default_cache_dir
from unalign.align.options import RunOptions
from unalign.align.outputs.paths import OutputSet
from unalign.align.pipeline import align_document, read_document, write_outputs

CORPORA = Path(__file__).resolve().parent.parent / "corpora"
LANGS = ("ar", "zh", "en", "fr", "ru", "es")


@pytest.fixture(scope="session")
def cache_dir() -> Path:
    """The persistent embedding cache ($UNALIGN_CACHE, else the user cache folder), so that a warm run encodes nothing.

    Entries are keyed by model and exact text, so a cached vector is the vector the encoder would give: reuse
    cannot change what a test sees.
    """
    return default_cache_dir()


def interruptible() -> None:
    """For subprocess.Popen(preexec_fn=...) in a test that sends Ctrl-C (SIGINT): the child takes SIGINT as a terminal
    would. A shell's background job starts with SIGINT ignored, and a child inherits that: Python would then never
    raise KeyboardInterrupt, and the test would measure nothing."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_DFL)


def unalign_here(*args: str) -> subprocess.CompletedProcess:
    """`unalign ARGS` run in this process, its exit status, stdout and stderr returned as subprocess.run returns them:
    for runs with a sentence-transformers model, whose import costs five seconds in each new process and which the
    tests that build one have imported already."""
    import contextlib
    import io
    import sys

    from unalign.align.cli import main

    out, err, argv = io.StringIO(), io.StringIO(), sys.argv
    sys.argv = ["unalign", *args]
    code = 0
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            main()
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else int(exc.code is not None)
    finally:
        sys.argv = argv
    return subprocess.CompletedProcess(["unalign", *args], code, out.getvalue(), err.getvalue())


def truncated_unpc(folder: Path, lines: int) -> Path:
    """The first `lines` lines of each UNPC devset file, with the gold cut to match (the whole set takes a minute)."""
    folder.mkdir(parents=True, exist_ok=True)
    for lang in LANGS:
        text = (CORPORA / "unpc_v1_devset" / f"{lang}.txt").read_text(encoding="utf-8").split("\n")[:lines]
        (folder / f"{lang}.txt").write_text("\n".join(text), encoding="utf-8")
    gold = (CORPORA / "unpc_v1_devset" / "gold.jsonl").read_text(encoding="utf-8").splitlines()[:lines]
    (folder / "gold.jsonl").write_text("\n".join(gold) + "\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def aligned(tmp_path_factory, cache_dir):
    """name -> (alignment, audit report, output paths) for udhr, sdg_goals_targets and the first 800 UNPC lines."""
    out_dir = tmp_path_factory.mktemp("out")
    unpc = truncated_unpc(tmp_path_factory.mktemp("unpc") / "unpc_v1_devset", 800)
    results = {}
    for folder in (CORPORA / "udhr", CORPORA / "sdg_goals_targets", unpc):
        documents, _ = find_documents(folder)
        document = read_document(documents[0])
        alignment = align_document(document, cache_dir=cache_dir)
        outputs = OutputSet(document.name, out_dir, RunOptions(), document.languages)
        write_outputs(alignment, outputs, document.sources)
        report = json.loads(outputs.audit.read_text(encoding="utf-8"))  # the audit as a script reads it
        results[folder.name] = (alignment, report, outputs.paths(), folder)
    return results


def one_document(folder: Path) -> DocumentFiles:
    documents, _ = find_documents(folder)
    assert len(documents) == 1
    return documents[0]


@pytest.fixture(scope="session")
def audited_folder(aligned, tmp_path_factory, cache_dir):
    """An output folder as `unalign align corpora/ --out` leaves it, plus two documents with paragraphs deleted
    (tests/holes.py); returns it and document name -> its folder (with the gold)."""
    import shutil

    from tests.holes import SDG_REMOVED, UDHR_REMOVED, sdg_with_holes, udhr_with_holes

    out = tmp_path_factory.mktemp("audited")
    golds = {}
    for name, (_, _, paths, folder) in aligned.items():
        for path in paths.values():
            shutil.copy(path, out / path.name)
        golds[name] = folder
    root = tmp_path_factory.mktemp("holed")
    for folder in (sdg_with_holes(root / "sdg_holed", SDG_REMOVED), udhr_with_holes(root / "udhr_holed", UDHR_REMOVED)):
        document = read_document(one_document(folder))
        write_outputs(align_document(document, cache_dir=cache_dir), OutputSet(document.name, out),
                      document.sources)
        golds[folder.name] = folder
    return out, golds
