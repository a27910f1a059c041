"""Shared fixtures: the real documents under corpora/, aligned once per test session."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

# One BLAS thread in the tests and the commands they run, set before numpy loads: the aligner's matrices are small,
# and OpenBLAS threads spin-waiting on a shared two-core machine cost CPU for nothing (measured under load: aligning
# the three documents of `aligned` took 14.6 s of CPU and 47 s with two threads, 3.6 s and 12 s with one).
for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

import pytest

from unalign.documents import DocumentFiles, find_documents
from unalign.embedding import default_cache_dir
from unalign.options import RunOptions
from unalign.outputs.audit import Audit
from unalign.outputs.paths import OutputSet
from unalign.pipeline import align_document, finish, read_document, write_outputs

CORPORA = Path(__file__).resolve().parent.parent / "corpora"
LANGS = ("ar", "zh", "en", "fr", "ru", "es")


# The test files that take longest, longest first (seconds on a warm cache, `pytest --durations=0` summed per file on
# the two-core machine: 20, 18, 6, 15, 15, 12, 11, 9, 9, 7, 7, 6, 5). The workers take files in collection order
# (`--no-loadscope-reorder`), so these start first and the quick files fill in at the end: neither worker is left
# with a long file while the other has nothing to do. Files not listed follow in their usual order.
LONGEST_FIRST = ("test_review_browser", "test_sentences", "test_checklist", "test_office_pdfs", "test_layouts", "test_hostile",
                 "test_models", "test_robustness", "test_pdf_real", "test_views", "test_tmx", "test_batch",
                 "test_doc_reader")


# The files that align whole corpora, drive a browser, LibreOffice or OmegaT, or start processes: marked `slow`, so
# that `pytest -m "not slow"` runs the unit-level files (the DP on hand-made vectors, segmenting, numbering, outputs,
# the command's checks, PDF reading rules) in well under a minute. CI runs everything.
SLOW = LONGEST_FIRST + ("test_alignment", "test_bad_pdfs", "test_review_corrections", "test_audit")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The long test files first (LONGEST_FIRST), each file's tests in their own order; the files of SLOW marked."""
    for item in items:
        if item.path.stem in SLOW:
            item.add_marker(pytest.mark.slow)

    def rank(item: pytest.Item) -> int:
        stem = item.path.stem
        return LONGEST_FIRST.index(stem) if stem in LONGEST_FIRST else len(LONGEST_FIRST)

    items.sort(key=rank)  # stable: within a file, and among the files not listed, the collection order stays


@pytest.fixture(scope="session")
def cache_dir() -> Path:
    """The persistent embedding cache ($UNALIGN_CACHE, else the user cache folder), so that a warm run encodes nothing.

    Entries are keyed by model and exact text, so a cached vector is the vector the encoder would give; the
    readings and alignments kept there are keyed by what they are read or computed from, unalign's code and config:
    reuse cannot change what a test sees.
    """
    return default_cache_dir()


def interruptible() -> None:
    """For subprocess.Popen(preexec_fn=...) in a test that sends Ctrl-C (SIGINT): the child takes SIGINT as a terminal
    would. A shell's background job starts with SIGINT ignored, and a child inherits that: Python would then never
    raise KeyboardInterrupt, and the test would measure nothing."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_DFL)


def unalign_here(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """`unalign ARGS` run in this process by the command's own entry point (`cli.main`), in folder `cwd` with the
    variables of `env` added to the environment, its exit status, stdout and stderr returned as subprocess.run
    returns them.

    A new Python process costs more than half a second of CPU before the command starts (its imports, py3langid's
    model), and the suite runs the command over a hundred times. What only a process shows (Ctrl-C, pools of workers,
    the installed `unalign` script, a bare environment) is tested with one.
    """
    import contextlib
    import io
    import sys

    from unalign import cli
    from unalign.tmx import cli as tmx_cli

    out, err, argv, here = io.StringIO(), io.StringIO(), sys.argv, Path.cwd()
    saved = {name: os.environ.get(name) for name in env or {}}
    consoles = (cli.out, cli.err, tmx_cli.out, tmx_cli.err)
    widths = [console._width for console in consoles]  # None: read from the terminal when printing
    sys.argv = ["unalign", *args]
    os.environ.update(env or {})
    if "COLUMNS" in (env or {}):  # a console reads the terminal's width once, when it is made
        for console in consoles:
            console.width = int(env["COLUMNS"])
    code = 0
    try:
        if cwd is not None:
            os.chdir(cwd)
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            cli.main()
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else int(exc.code is not None)
    finally:
        sys.argv = argv
        os.chdir(here)
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        for console, width in zip(consoles, widths):
            console._width = width
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


def made_once(tmp_path_factory, name: str, make: Callable[[Path], None]) -> Path:
    """The folder `make(folder)` fills, made once for the whole test run: the pytest-xdist workers share the run's
    temporary root, and the first to need it makes it there while the others wait (without workers, it is made in
    this session's own temporary folder)."""
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        folder = tmp_path_factory.mktemp(name)
        make(folder)
        return folder
    from filelock import FileLock

    folder = tmp_path_factory.getbasetemp().parent / f"made-once-{name}"
    with FileLock(f"{folder}.lock"):
        if not (folder / ".made").exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            make(folder)
            (folder / ".made").touch()
    return folder


def _own_copy(tmp_path_factory, made: Path, name: str) -> Path:
    """A copy of the outputs in `made` for this session: a test may change its outputs without touching another's."""
    own = tmp_path_factory.mktemp(name)
    shutil.copytree(made, own, dirs_exist_ok=True)
    (own / ".made").unlink(missing_ok=True)
    return own


@pytest.fixture(scope="session")
def aligned(tmp_path_factory, cache_dir):
    """name -> (alignment, audit report, output paths, source folder) for udhr, sdg_goals_targets and the first 800
    UNPC lines, aligned once for the whole run (`made_once`); the alignment is the one the audit records, which is the
    aligner's own (the audit reads back every field of every unit)."""
    sources = {"udhr": CORPORA / "udhr", "sdg_goals_targets": CORPORA / "sdg_goals_targets"}

    def make(folder: Path) -> None:
        unpc = truncated_unpc(folder / "sources" / "unpc_v1_devset", 800)
        for source in (*sources.values(), unpc):
            document = read_document(one_document(source))
            alignment = align_document(document, cache_dir=cache_dir, processes=2)
            outputs = OutputSet(document.name, folder / "out", RunOptions(level="paragraph"), document.languages)
            write_outputs(finish(alignment, outputs), outputs, document.sources)

    made = made_once(tmp_path_factory, "aligned", make)
    sources["unpc_v1_devset"] = made / "sources" / "unpc_v1_devset"
    out = _own_copy(tmp_path_factory, made / "out", "out")
    results = {}
    for name, folder in sources.items():
        audit = Audit.read(out / f"{name}.audit.json")
        outputs = OutputSet(audit.document, out, RunOptions(level="paragraph"), audit.languages)
        report = json.loads(outputs.audit.read_text(encoding="utf-8"))  # the audit as a script reads it
        results[name] = (audit.alignment(), report, outputs.paths(), folder)
    return results


def one_document(folder: Path) -> DocumentFiles:
    documents, _ = find_documents(folder)
    assert len(documents) == 1
    return documents[0]


@pytest.fixture(scope="session")
def audited_folder(aligned, tmp_path_factory, cache_dir):
    """An output folder as `unalign align corpora/ --out` leaves it, plus two documents with paragraphs deleted
    (tests/holes.py); returns it and document name -> its folder (with the gold)."""
    from tests.holes import SDG_REMOVED, UDHR_REMOVED, sdg_with_holes, udhr_with_holes

    def make(folder: Path) -> None:
        for name, (_, _, paths, _) in aligned.items():
            for path in paths.values():
                shutil.copy(path, folder / path.name)
        for source in (sdg_with_holes(folder / "sources" / "sdg_holed", SDG_REMOVED),
                       udhr_with_holes(folder / "sources" / "udhr_holed", UDHR_REMOVED)):
            document = read_document(one_document(source))
            outputs = OutputSet(document.name, folder)
            write_outputs(finish(align_document(document, cache_dir=cache_dir, processes=2), outputs), outputs, document.sources)

    made = made_once(tmp_path_factory, "audited", make)
    golds = {name: folder for name, (_, _, _, folder) in aligned.items()}
    golds.update({name: made / "sources" / name for name in ("sdg_holed", "udhr_holed")})
    out = _own_copy(tmp_path_factory, made, "audited")
    shutil.rmtree(out / "sources")
    return out, golds
