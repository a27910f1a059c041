"""No traceback from any command: unwritable or full disks, Ctrl-C, a lost Dask scheduler; TMX entities never lose
text silently; a resume that knows its options; JSON lines that stay lines.

Tests run as root, where chmod does not stop a write: an unwritable folder is a path under a file (`file/sub`), or a
read-only tmpfs mounted for the test (skipped where mounting is not allowed), and a full disk a tiny tmpfs.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from tests.conftest import CORPORA, interruptible
from tests.test_cli import run
from unalign.batch import Job, absolute
from unalign.documents import DocumentFiles
from unalign.options import RunOptions
from unalign.files import write_text_atomically
from unalign.tmx.reading import TmxError, read_tmx


def one_line_error(result: subprocess.CompletedProcess, status: int) -> str:
    """The single stderr line of a failed command (asserting it is one line, no traceback, the right status)."""
    assert result.returncode == status, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


@pytest.fixture(scope="module")
def udhr_out(tmp_path_factory, cache_dir) -> Path:
    """udhr in English and French, aligned: its audit and TMX."""
    folder = tmp_path_factory.mktemp("udhr2") / "udhr"
    folder.mkdir()
    for lang in ("en", "fr"):
        shutil.copy(CORPORA / "udhr" / f"{lang}.html", folder / f"{lang}.html")
    out = tmp_path_factory.mktemp("udhr2_out")
    result = run("align", str(folder), "--out", str(out), "--cache-dir", str(cache_dir))
    assert result.returncode == 0, result.stderr
    return out


def _mount_tmpfs(where: Path, options: str) -> None:
    where.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(where)], capture_output=True)
    if done.returncode:
        pytest.skip(f"cannot mount a tmpfs here ({done.stderr.decode().strip() or done.returncode})")


@pytest.fixture
def mounted(tmp_path):
    """mount(options) -> a folder on a fresh tmpfs with those mount options, unmounted after the test."""
    points = []

    def mount(options: str) -> Path:
        where = tmp_path / f"mnt{len(points)}"
        _mount_tmpfs(where, options)
        points.append(where)
        return where

    yield mount
    for where in points:
        subprocess.run(["umount", str(where)], capture_output=True)


def _no_temporary_files(folder: Path) -> None:
    assert not [p.name for p in folder.rglob("*.tmp")], list(folder.iterdir())


# --- an output that cannot be written -------------------------------------------------------------------------------

def test_view_and_merge_into_a_path_under_a_file_are_one_line(udhr_out, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    line = one_line_error(run("view", str(udhr_out / "udhr.audit.json"), "-o", str(blocker / "sub" / "v.html")), 1)
    assert line == f"unalign: error: {blocker / 'sub' / 'v.html'}: Not a directory"
    line = one_line_error(run("tmx", "merge", str(udhr_out / "udhr.tmx"), "-o", str(blocker / "sub" / "m.tmx")), 1)
    assert line == f"unalign: error: {blocker / 'sub' / 'm.tmx'}: Not a directory"


def test_view_merge_and_align_into_a_read_only_folder(udhr_out, mounted, cache_dir):
    read_only = mounted("ro,size=1m")
    line = one_line_error(run("view", str(udhr_out / "udhr.audit.json"), "-o", str(read_only / "v.html")), 1)
    assert line == f"unalign: error: {read_only / 'v.html'}: Read-only file system"
    line = one_line_error(run("tmx", "merge", str(udhr_out / "udhr.tmx"), "-o", str(read_only / "m.tmx")), 1)
    assert line == f"unalign: error: {read_only / 'm.tmx'}: Read-only file system"
    line = one_line_error(run("align", str(CORPORA / "udhr"), "-o", str(read_only), "--cache-dir", str(cache_dir)), 1)
    assert line.startswith(f"unalign: error: {read_only / 'udhr.'}") and line.endswith(": Read-only file system")


def test_a_full_disk_names_the_file_and_leaves_no_partial_file(udhr_out, mounted, cache_dir):
    full = mounted("size=64k")  # the TMX of udhr (two languages) fits, its view does not
    line = one_line_error(run("align", str(CORPORA / "udhr"), "-o", str(full), "--langs", "en,fr", "--level",
                              "paragraph", "--cache-dir", str(cache_dir)), 1)
    assert line == f"unalign: error: {full / 'udhr.html'}: No space left on device"
    _no_temporary_files(full)
    assert not (full / "udhr.audit.json").exists()  # not done: the next run aligns it again
    line = one_line_error(run("view", str(udhr_out / "udhr.audit.json"), "-o", str(full / "v.html")), 1)
    assert line == f"unalign: error: {full / 'v.html'}: No space left on device"
    big = mounted("size=8k")
    line = one_line_error(run("tmx", "merge", str(udhr_out / "udhr.tmx"), "-o", str(big / "m.tmx")), 1)
    assert line == f"unalign: error: {big / 'm.tmx'}: No space left on device"
    _no_temporary_files(full)
    _no_temporary_files(big)


def test_a_failed_rename_keeps_the_old_file_and_leaves_no_temporary(tmp_path, monkeypatch):
    target = tmp_path / "a.audit.json"
    target.write_text("old", encoding="utf-8")

    def refuse(src, dst):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(OSError) as caught:
        write_text_atomically(target, "new")
    assert caught.value.filename == str(target) and caught.value.errno == errno.ENOSPC
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.audit.json"]


# --- Ctrl-C, lost scheduler -------------------------------------------------------------------------------------------

def _children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def _cpu_seconds(pid: int) -> float:
    """User and system CPU seconds process `pid` has used (0 once it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs /proc to see the worker processes")
def test_ctrl_c_in_a_folder_run_is_one_line_status_130_and_stops_the_workers(tmp_path):
    folder = tmp_path / "in"
    for k in range(4):  # four documents of 400 UNPC lines, encoded afresh: seconds each, caught with workers busy
        doc = folder / f"d{k}"
        doc.mkdir(parents=True)
        for lang in ("ar", "zh", "en", "fr", "ru", "es"):
            lines = (CORPORA / "unpc_v1_devset" / f"{lang}.txt").read_text(encoding="utf-8").split("\n")
            (doc / f"{lang}.txt").write_text("\n".join(lines[400 * k:400 * k + 400]), encoding="utf-8")
    out = tmp_path / "out"
    process = subprocess.Popen([sys.executable, "-m", "unalign", "align", str(folder), "--out", str(out),
                                "--workers", "2", "--no-cache"], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, start_new_session=True, preexec_fn=interruptible)
    deadline = time.monotonic() + 120
    while len(_children(process.pid)) < 2 and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    workers = _children(process.pid)
    # Until two children (the pool's workers; the others, such as multiprocessing's resource tracker, stay idle) have
    # had a second of CPU each: they have imported unalign and are encoding (a document takes longer).
    while process.poll() is None and time.monotonic() < deadline and sum(
            1 for pid in _children(process.pid) if _cpu_seconds(pid) >= 1) < 2:
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C in a terminal does: the whole process group
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    assert "Traceback" not in stderr and "KeyboardInterrupt" not in stderr
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("interrupted: "), stderr
    time.sleep(0.5)
    assert workers and not [pid for pid in workers if Path(f"/proc/{pid}").exists()
                            and "Z" not in Path(f"/proc/{pid}/stat").read_text().split(")")[-1][:3]]
    _no_temporary_files(out) if out.exists() else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_lost_dask_scheduler_is_one_line_blaming_the_scheduler(tmp_path, cache_dir):
    pytest.importorskip("distributed")
    dask = Path(sys.executable).with_name("dask")
    if not dask.exists():
        pytest.skip("the dask command is not installed beside this Python")
    folder = tmp_path / "in"
    for k in range(3):
        doc = folder / f"d{k}"
        doc.mkdir(parents=True)
        for lang in ("en", "fr", "es"):
            lines = (CORPORA / "unpc_v1_devset" / f"{lang}.txt").read_text(encoding="utf-8").split("\n")
            (doc / f"{lang}.txt").write_text("\n".join(lines[:1500]), encoding="utf-8")
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    started = []
    try:
        scheduler = subprocess.Popen([str(dask), "scheduler", "--host", "127.0.0.1", "--port", str(port),
                                      "--no-dashboard"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                     start_new_session=True)
        started.append(scheduler)
        # The worker runs in another folder: the relative paths given below must reach it absolute.
        started.append(subprocess.Popen([str(dask), "worker", address, "--nthreads", "1", "--nworkers", "1",
                                         "--no-dashboard"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                        start_new_session=True, cwd="/"))
        command = subprocess.Popen([sys.executable, "-m", "unalign", "align", "in", "--out", "out", "--engine",
                                    "dask", "--scheduler", address, "--cache-dir", str(cache_dir)], cwd=tmp_path,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 180
        while not list((tmp_path / "out").glob("*.audit.json")) and command.poll() is None \
                and time.monotonic() < deadline:
            time.sleep(0.1)
        assert list((tmp_path / "out").glob("*.audit.json")), "no document aligned on the cluster (relative paths?)"
        os.killpg(scheduler.pid, signal.SIGKILL)
        stdout, stderr = command.communicate(timeout=120)
    finally:
        for process in started:
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
    if command.returncode == 0:
        pytest.skip("every document was aligned before the scheduler was stopped")
    line = one_line_error(subprocess.CompletedProcess([], command.returncode, stdout, stderr), 1)
    assert f"the Dask scheduler at {address} was lost" in line


def test_jobs_reach_a_cluster_with_absolute_paths(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    job = Job.of(DocumentFiles("d", {"en": Path("in/d/en.txt")}), Path("out"), RunOptions(cache_dir=Path("cache")))
    sent = absolute(job)
    assert sent.files.files["en"] == tmp_path / "in" / "d" / "en.txt"
    assert sent.outputs.out_dir == tmp_path / "out" and sent.outputs.options.cache_dir == tmp_path / "cache"


def test_align_help_shows_the_dask_extra():
    helptext = run("align", "--help").stdout
    assert "[dask]" in " ".join(helptext.split())


# --- resume ------------------------------------------------------------------------------------------------------------

def test_a_resume_with_other_options_aligns_again(tmp_path, cache_dir):
    folder = tmp_path / "udhr"
    folder.mkdir()
    for lang in ("en", "fr", "es"):
        shutil.copy(CORPORA / "udhr" / f"{lang}.html", folder / f"{lang}.html")
    out = tmp_path / "out"
    base = ("align", str(folder), "--out", str(out), "--cache-dir", str(cache_dir))
    assert run(*base).returncode == 0
    again = run(*base)
    assert again.returncode == 0 and "1 of 1 documents already aligned" in again.stderr
    assert 'xml:lang="en-GB"' in (out / "udhr.tmx").read_text(encoding="utf-8")

    bare = run(*base, "--tmx-codes", "bare")
    assert bare.returncode == 0 and "already aligned" not in bare.stderr, bare.stderr
    tmx = (out / "udhr.tmx").read_text(encoding="utf-8")
    assert 'xml:lang="en"' in tmx and 'xml:lang="en-GB"' not in tmx
    assert "already aligned" in run(*base, "--tmx-codes", "bare").stderr

    two = run(*base, "--tmx-codes", "bare", "--langs", "en,fr")
    assert two.returncode == 0 and "already aligned" not in two.stderr, two.stderr
    assert json.loads((out / "udhr.audit.json").read_text(encoding="utf-8"))["languages"] == ["en", "fr"]
    assert 'xml:lang="es"' not in (out / "udhr.tmx").read_text(encoding="utf-8")


# --- TMX entities ------------------------------------------------------------------------------------------------------

def _tmx(tmp_path: Path, declarations: str, seg: str) -> Path:
    path = tmp_path / "e.tmx"
    path.write_text(f'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE tmx [\n{declarations}\n]>\n'
                    '<tmx version="1.4"><header srclang="en" segtype="paragraph" creationtool="t" '
                    'creationtoolversion="1" adminlang="en" datatype="plaintext" o-tmf="t"/>\n<body>\n'
                    f'<tu><prop type="x-org">&org;</prop><tuv xml:lang="en"><seg>{seg}</seg></tuv></tu>\n'
                    '</body></tmx>\n', encoding="utf-8")
    return path


def test_an_internal_text_entity_is_expanded(tmp_path):
    path = _tmx(tmp_path, '<!ENTITY org "United Nations">\n<!ENTITY full "the &org; &amp; its &#x41;gencies">',
                "before &full; after &amp; &#65;")
    [unit] = list(read_tmx(path)[1])
    assert unit.texts == {"en": "before the United Nations & its Agencies after & A"}
    assert unit.props == {"x-org": "United Nations"}


@pytest.mark.parametrize("declarations, what", [
    ('<!ENTITY org "U"><!ENTITY x SYSTEM "file:///etc/hostname">', "the entity &x; is external"),
    ('<!ENTITY org "U"><!ENTITY x "<b>bold</b>">', "the entity &x; holds markup"),
    ('<!ENTITY org "U">', "not well-formed XML (Entity 'x' not defined)"),
])
def test_an_entity_that_cannot_be_expanded_safely_is_an_error_naming_the_line(tmp_path, declarations, what):
    path = _tmx(tmp_path, declarations, "before &x; after")
    with pytest.raises(TmxError) as caught:
        list(read_tmx(path)[1])
    assert str(caught.value).startswith(f"{path}:7:"), caught.value  # the line of the <tu>
    assert what in str(caught.value)
    line = one_line_error(run("tmx", "stats", str(path)), 2)
    assert what in line


def test_a_billion_laughs_entity_is_refused_quickly(tmp_path):
    levels = ['<!ENTITY l0 "lol">'] + [f'<!ENTITY l{k} "{f"&l{k - 1};" * 10}">' for k in range(1, 10)]
    # (libxml2 refuses it itself, by its amplification limit, before unalign's own budget is reached)
    path = _tmx(tmp_path, "\n".join(levels).replace("l9", "org"), "text")
    start = time.perf_counter()
    with pytest.raises(TmxError, match="amplification|expands to more text"):
        list(read_tmx(path)[1])
    assert time.perf_counter() - start < 5


# --- output formats --------------------------------------------------------------------------------------------------

def test_segment_json_escapes_unicode_line_separators(tmp_path):
    texts = ["First\u2028paragraph with a line separator.", "Second\u2029one.", "Third\u0085one."]
    path = tmp_path / "en.txt"
    path.write_text("\n\n".join(texts) + "\n", encoding="utf-8")
    result = run("segment", str(path), "--json")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()  # str.splitlines breaks at U+2028, U+2029 and U+0085 too
    assert len(lines) == 3
    assert [json.loads(line)["text"] for line in lines] == texts
    assert not set("\u2028\u2029\u0085") & set(result.stdout)


def test_no_empty_line_before_errors_off_a_terminal(tmp_path, cache_dir):
    good, bad = tmp_path / "in" / "good", tmp_path / "in" / "bad"
    for folder in (good, bad):
        folder.mkdir(parents=True)
        shutil.copy(CORPORA / "udhr" / "fr.html", folder / "fr.html")
    shutil.copy(CORPORA / "udhr" / "en.html", good / "en.html")
    (bad / "en.txt").write_bytes(b"\x00\x01 binary")
    result = run("align", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "--workers", "1",
                 "--cache-dir", str(cache_dir))
    assert result.returncode == 1
    lines = result.stderr.split("\n")
    assert lines[-1] == "" and "" not in lines[:-1], result.stderr
    assert Counter(line.split(":")[0] for line in lines[:-1])["failed bad"] == 1
