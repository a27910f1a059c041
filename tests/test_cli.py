"""The command as a user runs it: outputs written, and one-line errors for bad input (no traceback)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree

from unalign import __version__
from unalign.options import RunOptions
from unalign.outputs.audit import Audit
from unalign.tmx import read_tmx
from tests.conftest import CORPORA, unalign_here


def run(*args: str, cwd: Path | None = None, env_cache: Path | None = None) -> subprocess.CompletedProcess:
    return unalign_here(*args, cwd=cwd, env={"UNALIGN_CACHE": str(env_cache)} if env_cache else None)


def test_version_and_help():
    assert run("--version").stdout.startswith("unalign ")
    helptext = run("align", "--help").stdout
    for option in ("--out", "--model", "--langs", "--no-cache"):
        assert option in helptext


def _commands(command, name: str = "unalign") -> list:
    """(name, click command) of the app and of every command and subcommand under it."""
    found = [(name, command)]
    for sub_name, sub in getattr(command, "commands", {}).items():
        found += _commands(sub, f"{name} {sub_name}")
    return found


def test_help_shows_square_brackets():
    """Rich reads an unescaped "[...]" in a help text as markup and prints nothing of it: `evaluate --help` said
    "each given as , as in sentences.gold.jsonl" (issue 53). Every bracket of every help text is escaped, and shows."""
    import re

    import typer

    from unalign.cli import app

    for name, command in _commands(typer.main.get_command(app)):
        for text in [command.help or ""] + [getattr(param, "help", None) or "" for param in command.params]:
            assert not re.search(r"(?<!\\)\[", text), (name, text)
    helptext = unalign_here("evaluate", "--help", env={"COLUMNS": "300"}).stdout
    assert "sentences as [[paragraph index, sentence text], ...], as benchmarks/sentences_corpus.py writes" in helptext
    assert "'.[dask]'" in unalign_here("align", "--help", env={"COLUMNS": "300"}).stdout


def test_a_warm_run_imports_no_reader(tmp_path, cache_dir):
    """Each format's reader is imported when a file of that format is read: a run that takes every reading from the
    cache (a warm run of the SDG's six text files, copied so that the first run reads them) imports neither the
    plain-text nor the PDF reader; nor, starting no process and reading no TMX, the process pools, the TMX reader,
    the progress bar off a terminal. (unalign reads no version through importlib.metadata, but a library may: typer
    0.29 imports pydantic, which does; so that module is not asserted.)"""
    import shutil
    import uuid

    # (a folder of its own every session: the reading cache is keyed by the file's path too, and a path a session
    # before used, with the persistent cache of the suite, would be read from the cache cold)
    folder = shutil.copytree(CORPORA / "sdg_goals_targets", tmp_path / uuid.uuid4().hex / "sdg",
                             ignore=shutil.ignore_patterns("source"))
    script = ("import sys\nfrom unalign.__main__ import run\nsys.argv = ['unalign', *sys.argv[1:]]\ntry:\n    run()\n"
              "finally:\n    print(' '.join(m for m in sys.modules if m.startswith(('unalign.', 'importlib.', 'concurrent.', "
              "'multiprocessing', 'rich.'))))")
    command = [sys.executable, "-c", script, "align", str(folder), "--out", str(tmp_path / "out"), "--level",
               "paragraph", "--cache-dir", str(cache_dir), "--force"]
    cold, warm = (subprocess.run(command, capture_output=True, text=True, check=True).stdout.split() for _ in "12")
    assert "unalign.readers.text" in cold
    assert not {"unalign.readers.text", "unalign.readers.pdf", "unalign.readers.docx"} & set(warm)
    assert not {"concurrent.futures", "multiprocessing", "unalign.tmx.reading", "rich.progress"} & set(warm)


def test_align_writes_three_outputs_and_evaluate_scores_them(tmp_path, cache_dir):
    """The installed command, in a process of its own."""
    result = subprocess.run([str(Path(sys.executable).with_name("unalign")), "align", str(CORPORA / "udhr"), "--out",
                             str(tmp_path)], capture_output=True, text=True,
                            env={**os.environ, "UNALIGN_CACHE": str(cache_dir)})
    assert result.returncode == 0, result.stderr
    # --level both, the default: the sentence memory beside the paragraph one
    assert {p.name for p in tmp_path.iterdir()} == {"udhr.tmx", "udhr.sentences.tmx", "udhr.audit.json",
                                                    "udhr.html"}
    # The signature of the run, printed and recorded in the three outputs.
    signature = RunOptions(level="both").signature()  # the command writes both levels by default
    assert f"signature: {signature}" in result.stderr and signature.startswith(f"unalign:{__version__}|code:")
    assert "|model:usem3|level:both|" in signature
    assert read_tmx(tmp_path / "udhr.tmx")[0].props == {"x-signature": signature}
    assert read_tmx(tmp_path / "udhr.sentences.tmx")[0].props == {"x-signature": signature}
    assert Audit.read(tmp_path / "udhr.audit.json").signature == signature
    page = etree.HTML((tmp_path / "udhr.html").read_text(encoding="utf-8"))
    assert page.xpath("//meta[@name='x-unalign-signature']/@content") == [signature]
    scores = run("evaluate", str(tmp_path / "udhr.audit.json"), "--gold", str(CORPORA / "udhr" / "gold.jsonl"),
                 "--json")
    assert scores.returncode == 0, scores.stderr
    assert '"all"' in scores.stdout


@pytest.mark.parametrize("level, memories", [("paragraph", {"udhr.tmx"}), ("sentence", {"udhr.sentences.tmx"})])
def test_align_level_chooses_the_memories(tmp_path, cache_dir, level, memories):
    result = run("align", str(CORPORA / "udhr"), "--out", str(tmp_path), "--level", level, env_cache=cache_dir)
    assert result.returncode == 0, result.stderr
    assert {p.name for p in tmp_path.iterdir()} == memories | {"udhr.audit.json", "udhr.html"}
    assert ("sentences" in json.loads((tmp_path / "udhr.audit.json").read_text(encoding="utf-8"))) == (
        level == "sentence")


_PARAGRAPH_PAIRS = "udhr: bilingual TMX (units written/left out for want of a language): en-fr 91/1, ar-zh 89/3"
_SENTENCE_PAIRS = ("udhr: bilingual sentence TMX (units written/left out for want of a language): en-fr 101/1, "
                   "ar-zh 94/3")


@pytest.mark.parametrize("level, lines", [("paragraph", [_PARAGRAPH_PAIRS]), ("sentence", [_SENTENCE_PAIRS]),
                                          ("both", [_PARAGRAPH_PAIRS, _SENTENCE_PAIRS])])
def test_align_pairs_prints_the_counts_of_each_level(tmp_path, cache_dir, level, lines):
    """With --level sentence the line of bilingual counts was printed with nothing after it, and with both only the
    paragraph counts were (issue 53). Measured: the ar-zh memories leave out the units Arabic or Chinese lacks."""
    result = run("align", str(CORPORA / "udhr"), "--out", str(tmp_path), "--level", level, "--pairs", "en-fr,ar-zh",
                 env_cache=cache_dir)
    assert result.returncode == 0, result.stderr
    assert [line for line in result.stdout.splitlines() if "bilingual" in line] == lines
    for line in lines:  # the counts written are the memories' units
        memories = "udhr.sentences" if "sentence" in line else "udhr"
        for pair, written in (("en-fr", line.split("en-fr ")[1].split("/")[0]),
                              ("ar-zh", line.split("ar-zh ")[1].split("/")[0])):
            assert sum(1 for _ in read_tmx(tmp_path / f"{memories}.{pair}.tmx")[1]) == int(written)


def test_align_level_unknown_is_one_line(tmp_path):
    result = run("align", str(CORPORA / "udhr"), "--out", str(tmp_path), "--level", "word")
    assert result.returncode == 2 and "--level" in result.stderr and "Traceback" not in result.stderr


def _make(folder: Path, files: dict[str, bytes]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return folder


@pytest.mark.parametrize("files, needle", [
    ({"en.txt": b"Hello.\n", "fr.txt": b""}, "fr.txt: the file is empty"),
    ({"en.txt": b"Hello.\n", "fr.txt": b"\x00\x01\x02binary\xff"}, "fr.txt: a binary file"),
    ({"en.txt": b"Hello.\n", "fr.txt": b"caf\xe9 au lait\n"}, "fr.txt: not UTF-8 text"),
    ({"fr.txt": b"Bonjour.\n"}, "only one language version (fr)"),
    ({"notes.txt": b"Hello.\n"}, "no file whose name names a language"),
])
def test_bad_input_is_one_line_and_nonzero(tmp_path, files, needle):
    folder = _make(tmp_path / "doc", files)
    result = run("align", str(folder), "--out", str(tmp_path / "out"), "--no-cache")
    assert result.returncode == 2
    assert needle in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "Traceback" not in result.stderr


def test_missing_path_and_unknown_language(tmp_path):
    result = run("align", str(tmp_path / "nowhere"))
    assert result.returncode == 2 and "no such file or folder" in result.stderr
    result = run("align", str(CORPORA / "udhr"), "--langs", "en,xx", "--no-cache")
    assert result.returncode == 2 and "unknown language code 'xx'" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_cache_folder_that_cannot_be_used_is_named_in_one_line(tmp_path):
    """A --cache-dir that is a file (or a folder that cannot be written) is the user's to change: one line naming
    it, exit 2, never SQLite's own 'unable to open database file'."""
    taken = tmp_path / "cache"
    taken.write_text("not a folder", encoding="utf-8")
    result = run("align", str(CORPORA / "udhr"), "--out", str(tmp_path / "out"), "--cache-dir", str(taken))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines() == [
        f"unalign: error: {taken}: cannot keep the cache there (File exists); give another folder with --cache-dir "
        "or UNALIGN_CACHE"]


def test_a_folder_where_a_file_is_asked_for_and_an_empty_choice_are_one_line(tmp_path, aligned):
    """A folder given where a command reads or writes one file, `--langs ""`, and a gold that shares one language
    with the alignment (every figure read 1.0 for want of a pair): one line saying so, exit 2."""
    folder = tmp_path / "d"
    folder.mkdir()
    audit, tmx = aligned["udhr"][2]["audit"], aligned["udhr"][2]["tmx"]
    (tmp_path / "one.jsonl").write_text('{"en": [0]}\n', encoding="utf-8")
    expected = {
        ("segment", str(folder)): f"{folder}: a folder; give one file (unalign align takes a folder of language "
                                  "versions)",
        ("tmx", "stats", str(folder)): f"{folder}: a folder, not a TMX file",
        ("view", str(audit), "-o", str(folder)): f"{folder}: a folder; --output is the page to write (a file)",
        ("tmx", "merge", str(tmx), "-o", str(folder)): f"{folder}: a folder; --output is the merged TMX to write (a "
                                                        "file)",
        ("align", str(CORPORA / "udhr"), "--out", str(tmp_path / "o"), "--langs", ""):
            "--langs: no language in '' (give codes such as en,fr, or leave --langs out for all six)",
        ("evaluate", str(audit), "--gold", str(tmp_path / "one.jsonl")):
            f"{tmp_path / 'one.jsonl'}: the gold and the alignment share 1 language (en): no pair to score",
    }
    for args, line in expected.items():
        result = run(*args)
        assert (result.returncode, result.stderr.strip().splitlines()) == (2, [f"unalign: error: {line}"]), args
