"""PDFs that cannot be read (a scan, a password-protected PDF, a truncated PDF): one line naming the file and what to
do, exit status 2, through `unalign segment` and `unalign align`; in a folder run the other documents are aligned and
the run ends with the list of failures. A PDF protected only against copying is read as any other.

The files are in corpora/formats/office/bad/ (made by make_office_pdfs.py, README there).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from unalign.readers import read_blocks

OFFICE = Path(__file__).resolve().parents[1] / "corpora" / "formats" / "office"
BAD = OFFICE / "bad"
GOOD = OFFICE / "udhr" / "libreoffice"
# What each refusal must say: the kind of trouble and what to do about it.
REFUSALS = {
    "scan": ("without a text layer", "run OCR"),
    "encrypted": ("password-protected", "without the password"),
    "truncated": ("truncated", "download or copy it again"),
}


def _unalign(*args: str, cache: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "COLUMNS": "400"}
    if cache:
        env["UNALIGN_CACHE"] = str(cache)
    return subprocess.run([sys.executable, "-m", "unalign", *args], capture_output=True, text=True, env=env,
                          timeout=600)


@pytest.mark.parametrize("kind", sorted(REFUSALS))
def test_segment_refuses_in_one_line_saying_what_to_do(kind):
    pdf = BAD / kind / "en.pdf"
    result = _unalign("segment", str(pdf), "--lang", "en")
    assert result.returncode == 2
    assert result.stdout == "" and "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and str(pdf) in lines[0]
    assert all(words in lines[0] for words in REFUSALS[kind]), lines[0]


@pytest.mark.parametrize("kind", sorted(REFUSALS))
def test_align_of_one_document_refuses_in_one_line(kind, tmp_path, cache_dir):
    document = tmp_path / "doc"
    document.mkdir()
    shutil.copy(BAD / kind / "en.pdf", document / "en.pdf")
    shutil.copy(GOOD / "fr.pdf", document / "fr.pdf")
    result = _unalign("align", str(document), "-o", str(tmp_path / "out"), cache=cache_dir)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and str(document / "en.pdf") in lines[0]
    assert all(words in lines[0] for words in REFUSALS[kind]), lines[0]


def test_folder_run_aligns_the_good_document_and_lists_the_failures(tmp_path, cache_dir):
    folder = tmp_path / "folder"
    for name in ("good", *REFUSALS):
        (folder / name).mkdir(parents=True)
        shutil.copy(GOOD / "fr.pdf", folder / name / "fr.pdf")
        shutil.copy(GOOD / "en.pdf" if name == "good" else BAD / name / "en.pdf", folder / name / "en.pdf")
    result = _unalign("align", str(folder), "-o", str(tmp_path / "out"), cache=cache_dir)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert (tmp_path / "out" / "good.tmx").exists() and "good:" in result.stdout
    summary = result.stderr[result.stderr.index("3 of 4 documents failed (1 aligned):"):].strip().splitlines()[1:]
    assert len(summary) == 3
    for line, kind in zip(summary, sorted(REFUSALS)):
        assert line.strip().startswith(f"{kind}: {folder / kind / 'en.pdf'}")
        assert all(words in line for words in REFUSALS[kind]), line


def test_pdf_protected_only_against_copying_is_read_as_the_unprotected_one():
    """LibreOffice exported the same Word file twice, once with a permissions password (no password to open)."""
    protected = [(b.kind, b.text) for b in read_blocks(BAD / "protected" / "en.pdf")]
    plain = [(b.kind, b.text) for b in read_blocks(GOOD / "en.pdf")]
    assert protected == plain and len(plain) > 90
