"""A folder of documents: aligned in parallel, bad files cost only their document, finished documents are never lost
or redone, and a Dask cluster writes exactly what the local run writes."""

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from lxml import etree

from unalign.batch import Job, align_one
from unalign.documents import DocumentFiles, find_documents
from unalign.options import RunOptions
from unalign.outputs.audit import Audit
from unalign.outputs.paths import OutputSet
from unalign.tmx import read_tmx
from benchmarks.synthetic import folder_of_documents
from tests.conftest import interruptible
from tests.test_cli import run

DOCUMENTS = 6


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    """Six small six-language UNPC documents named after their UN symbols, in the three naming conventions."""
    return folder_of_documents(tmp_path_factory.mktemp("folder") / "in", DOCUMENTS)


@pytest.fixture(scope="module")
def local_run(folder, tmp_path_factory, cache_dir) -> Path:
    out = tmp_path_factory.mktemp("local")
    result = run("align", str(folder), "--out", str(out), "--workers", "2", "--cache-dir", str(cache_dir))
    assert result.returncode == 0, result.stderr
    return out


# The options of `unalign align` with no option given (it writes both levels of memories).
COMMAND_DEFAULTS = RunOptions()


def is_done(document: DocumentFiles, out: Path, options: RunOptions = COMMAND_DEFAULTS) -> bool:
    return OutputSet(document.name, out, options, tuple(document.files)).is_done(document.files.values())


def _comparable_tmx(path: Path) -> bytes:
    return re.sub(rb' creationdate="[^"]*"', b"", path.read_bytes())


def test_every_document_of_a_folder_is_aligned_once_and_then_skipped(folder, local_run, cache_dir):
    documents, _ = find_documents(folder)
    assert len(documents) == DOCUMENTS
    for document in documents:
        assert is_done(document, local_run)
        assert sorted(Audit.read(OutputSet(document.name, local_run).audit).languages) == sorted(document.files)
    again = run("align", str(folder), "--out", str(local_run), "--cache-dir", str(cache_dir))
    assert again.returncode == 0 and again.stdout == ""
    assert f"{DOCUMENTS} of {DOCUMENTS} documents already aligned" in again.stderr


def test_a_bad_file_fails_its_document_only_and_the_summary_says_why(folder, tmp_path, cache_dir):
    bad = tmp_path / "in"
    bad.mkdir()
    for path in folder.rglob("*.txt"):
        target = bad / path.relative_to(folder)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(path.read_bytes())
    documents, _ = find_documents(bad)
    broken, swapped = documents[2], documents[4]
    broken.files["fr"].write_bytes(b"\x00\x01binary\xff")
    english = swapped.files["en"].read_bytes()
    swapped.files["en"].write_bytes(swapped.files["fr"].read_bytes())  # French text in the English file
    swapped.files["fr"].write_bytes(english)
    out = tmp_path / "out"
    result = run("align", str(bad), "--out", str(out), "--workers", "2", "--cache-dir", str(cache_dir))
    assert result.returncode == 1
    summary = result.stderr[result.stderr.index(f"2 of {DOCUMENTS} documents failed"):]
    assert f"{broken.name}: {broken.files['fr']}: a binary file" in summary
    assert f"{swapped.name}: {swapped.files['en']}: named as English but its text is French" in summary
    assert "Traceback" not in result.stderr
    done = {d.name for d in documents if is_done(d, out)}
    assert done == {d.name for d in documents} - {broken.name, swapped.name}
    assert {p.name for p in out.iterdir()} == {f"{name}{ext}" for name in done
                                               for ext in (".tmx", ".sentences.tmx", ".html", ".audit.json")}


def test_outputs_without_their_audit_are_not_done_and_are_redone(folder, tmp_path, cache_dir, monkeypatch):
    document = find_documents(folder)[0][0]
    job = Job.of(document, tmp_path, RunOptions(cache_dir=cache_dir, level="paragraph"))

    def crash(*args):
        raise OSError("disk full")

    monkeypatch.setattr("unalign.outputs.audit.Audit.write", crash)
    outcome = align_one(job)
    assert "disk full" in outcome.error
    options = job.outputs.options
    # Nothing of the failed document is left (its memory stayed without an audit before issue 29).
    assert not job.outputs.tmx.exists() and not job.outputs.audit.exists() and not is_done(document, tmp_path, options)
    monkeypatch.undo()
    outcome = align_one(job)
    assert outcome.ok and is_done(document, tmp_path, options)
    audit = Audit.read(job.outputs.audit)
    assert (outcome.units, outcome.languages, outcome.holes) == (len(audit.units), audit.languages, audit.holes())
    ru = document.files["ru"].stat()
    os.utime(document.files["ru"], (ru.st_atime, time.time() + 60))  # a version edited after it was aligned
    try:
        assert not is_done(document, tmp_path, options)
    finally:
        os.utime(document.files["ru"], (ru.st_atime, ru.st_mtime))
    assert is_done(document, tmp_path, options)
    # A language version taken away, or one added with any date (cp -p, unzip, rsync -a): not the files it was made
    # of. (The same files in another folder are: a folder moved, a run from another working directory.)
    without_ru = DocumentFiles(document.name, {lang: path for lang, path in document.files.items() if lang != "ru"})
    assert not is_done(without_ru, tmp_path, options)
    (tmp_path / "ru.docx").write_bytes(b"")
    os.utime(tmp_path / "ru.docx", (ru.st_atime, ru.st_mtime))
    assert not is_done(DocumentFiles(document.name, {**document.files, "ru": tmp_path / "ru.docx"}), tmp_path, options)


# A worker of a pool, stopped when its task is done and the interpreter is ending (here in an atexit callback, where
# CI once caught one in logging's shutdown): it must end without a traceback, with the stop signal's status.
_WORKER_STOPPED_AT_EXIT = """
import atexit, os, signal, time
from unalign.workers import _start_worker
_start_worker(None, (), os.getppid())
atexit.register(lambda: (os.kill(os.getpid(), signal.SIGTERM), time.sleep(5)))
"""


def test_a_worker_stopped_while_it_exits_says_nothing():
    done = subprocess.run([sys.executable, "-c", _WORKER_STOPPED_AT_EXIT], capture_output=True, text=True, timeout=60)
    assert (done.returncode, done.stderr) == (128 + signal.SIGTERM, "")


def test_ctrl_c_keeps_every_finished_document_whole(folder, tmp_path, cache_dir):
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "unalign", "align", str(folder), "--out", str(out), "--workers", "2",
           "--cache-dir", str(cache_dir)]
    process = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               start_new_session=True, preexec_fn=interruptible)
    deadline = time.monotonic() + 120
    while not list(out.glob("*.audit.json")) and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C in a terminal does: the whole process group
    _, stderr = process.communicate(timeout=120)
    assert "Traceback" not in stderr
    if process.returncode == 130:
        assert "interrupted:" in stderr
    documents, _ = find_documents(folder)
    finished = [d for d in documents if is_done(d, out)]
    assert finished
    for document in finished:  # complete and well-formed, however the run ended
        outputs = OutputSet(document.name, out)
        etree.parse(str(outputs.tmx))
        json.loads(outputs.audit.read_text(encoding="utf-8"))
    rest = run("align", str(folder), "--out", str(out), "--cache-dir", str(cache_dir))
    assert rest.returncode == 0, rest.stderr
    assert len(rest.stdout.splitlines()) == DOCUMENTS - len(finished)


def test_a_dask_cluster_writes_what_the_local_run_writes(folder, local_run, tmp_path, cache_dir):
    distributed = pytest.importorskip("distributed")
    out = tmp_path / "dask"
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                  host="127.0.0.1") as cluster:
        result = run("align", str(folder), "--out", str(out), "--engine", "dask", "--scheduler",
                     cluster.scheduler_address, "--cache-dir", str(cache_dir))
    assert result.returncode == 0, result.stderr
    local = sorted(p.name for p in local_run.iterdir())
    assert sorted(p.name for p in out.iterdir()) == local and len(local) == 4 * DOCUMENTS
    for name in local:
        if name.endswith(".tmx"):
            assert _comparable_tmx(out / name) == _comparable_tmx(local_run / name), name
        else:
            assert (out / name).read_bytes() == (local_run / name).read_bytes(), name


def test_no_scheduler_answering_is_one_line(folder, tmp_path):
    result = run("align", str(folder), "--out", str(tmp_path), "--engine", "dask", "--scheduler",
                 "tcp://127.0.0.1:9", "--scheduler-timeout", "1", "--no-cache")
    assert result.returncode == 2, result.stderr
    assert "no Dask scheduler answers" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_other_options_align_again_and_the_signature_says_which(folder, local_run, tmp_path, cache_dir):
    """A resume knows its options: other TMX codes or languages are not "already aligned" (issue 16)."""
    documents = find_documents(folder)[0][:2]
    source, out = tmp_path / "in", tmp_path / "out"
    out.mkdir()
    for document in documents:  # two of the documents, with their outputs of the local run
        for path in document.files.values():
            (source / path.relative_to(folder)).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, source / path.relative_to(folder))
        for path in OutputSet(document.name, local_run, COMMAND_DEFAULTS).paths().values():
            shutil.copy2(path, out / path.name)
    documents = find_documents(source)[0]
    assert len(documents) == 2 and all(is_done(d, out) for d in documents)
    assert all(Audit.read(OutputSet(d.name, out).audit).signature == COMMAND_DEFAULTS.signature() for d in documents)
    bare = run("align", str(source), "--out", str(out), "--tmx-codes", "bare", "--workers", "1",
               "--cache-dir", str(cache_dir))
    assert bare.returncode == 0, bare.stderr
    assert "already aligned" not in bare.stderr and len(bare.stdout.splitlines()) == 2
    options = RunOptions.parse(tmx_codes="bare")
    assert f"signature: {options.signature()}" in bare.stderr and "codes:ar=ar,zh=zh," in options.signature()
    header, units = read_tmx(OutputSet(documents[0].name, out).tmx)
    assert header.props["x-signature"] == options.signature() and "ar" in next(units).texts
    assert all(is_done(d, out, options) and not is_done(d, out) for d in documents)
    two = run("align", str(source), "--out", str(out), "--tmx-codes", "bare", "--langs", "en,fr", "--workers", "1",
              "--cache-dir", str(cache_dir))
    assert two.returncode == 0 and len(two.stdout.splitlines()) == 2, two.stderr
    assert all(Audit.read(OutputSet(d.name, out).audit).languages == ("en", "fr") for d in documents)


def test_outputs_of_other_code_are_aligned_again(folder, local_run, tmp_path, cache_dir):
    """The signature names the code (issue 27): a document aligned by another release, same options and config, is not
    "already aligned"; the rerun writes this code's signature."""
    document = find_documents(folder)[0][0]
    source, out = tmp_path / "in", tmp_path / "out"
    out.mkdir()
    for path in document.files.values():
        (source / path.relative_to(folder)).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, source / path.relative_to(folder))
    document = find_documents(source)[0][0]
    for path in OutputSet(document.name, local_run, COMMAND_DEFAULTS).paths().values():
        shutil.copy2(path, out / path.name)
    audit = OutputSet(document.name, out).audit
    ours = COMMAND_DEFAULTS.signature()
    older = re.sub(r"\|code:[0-9a-f]{12}\|", "|code:000000000000|", ours)
    assert older != ours
    audit.write_text(audit.read_text(encoding="utf-8").replace(ours, older), encoding="utf-8")
    os.utime(audit)  # still newer than its sources: only the code differs
    assert not is_done(document, out)
    again = run("align", str(source), "--out", str(out), "--cache-dir", str(cache_dir))
    assert again.returncode == 0 and "already aligned" not in again.stderr, again.stderr
    assert Audit.read(audit).signature == ours and is_done(document, out)


def test_the_code_hash_changes_with_any_byte_of_the_code_and_not_with_how_it_is_installed(tmp_path):
    """The code hash reads every byte of the code: an edit changes it. The same code gives the same hash from this
    checkout (unalign/, tmx/ and config/ side by side) and installed from a wheel (tmx/ and config/, with its
    __init__.py, inside unalign/)."""
    from unalign.options import code_hash, tree_hash

    package = Path(__import__("unalign", fromlist=["x"]).__file__).parent
    tmx_folder = Path(__import__("unalign.tmx", fromlist=["x"]).__file__).parent
    config_folder = Path(__import__("unalign.config", fromlist=["x"]).__file__).parent
    installed = tmp_path / "site-packages" / "unalign"
    shutil.copytree(package, installed, ignore=shutil.ignore_patterns("__pycache__"))
    if not (installed / "tmx").exists():  # a checkout: laid out as a wheel installs it
        shutil.copytree(tmx_folder, installed / "tmx", ignore=shutil.ignore_patterns("__pycache__"))
        shutil.copytree(config_folder, installed / "config", ignore=shutil.ignore_patterns("__pycache__"))
    assert (installed / "config" / "__init__.py").exists()
    as_installed = tree_hash({"unalign": installed, "unalign.tmx": installed / "tmx"},
                             leave_out=(installed / "tmx", installed / "config"))
    assert as_installed == code_hash()
    dp = installed / "aligning" / "dp.py"
    dp.write_text(dp.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert tree_hash({"unalign": installed, "unalign.tmx": installed / "tmx"},
                     leave_out=(installed / "tmx", installed / "config")) != code_hash()




def test_a_version_of_another_text_is_named(tmp_path, cache_dir):
    """The SDG's first twelve paragraphs in five languages and, as Russian, twelve others of the SDG (a file of
    another part of the text): each unit is marked (hole, extra or numbering) and one line says why; the same twelve in
    all six: no such line."""
    from tests.conftest import CORPORA, one_document
    from unalign.pipeline import read_document

    paragraphs = read_document(one_document(CORPORA / "sdg_goals_targets")).paragraphs
    outcomes = {}
    for name, russian in (("same", slice(0, 12)), ("other", slice(40, 52))):
        folder = tmp_path / name
        folder.mkdir()
        for lang, ps in paragraphs.items():
            chosen = ps[russian] if lang == "ru" else ps[:12]
            (folder / f"{lang}.txt").write_text("\n\n".join(p.text for p in chosen) + "\n", encoding="utf-8")
        outcomes[name] = align_one(Job.of(one_document(folder), tmp_path / "out", RunOptions(cache_dir=cache_dir)))
    assert outcomes["same"].ok and outcomes["same"].warnings == ()
    assert outcomes["other"].ok and outcomes["other"].warnings == (
        f"{tmp_path / 'other' / 'ru.txt'}: 19 of 19 units lack this version, hold it alone or number it otherwise "
        "than the others: is it a version of the same document?",)
