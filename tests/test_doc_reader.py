"""Old Word (.doc) files, read through LibreOffice: the same blocks as the .docx they were saved from; without
LibreOffice, or for a file that is no Word document, one line saying what to do and exit status 2."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from unalign.model import UnalignError
from unalign.readers import read_blocks
from unalign.readers.doc import convert_to_docx, libreoffice
from unalign.readers.docx import docx_blocks

UDHR = Path(__file__).resolve().parents[1] / "corpora" / "formats" / "office" / "udhr"
DOC = UDHR / "doc" / "en.doc"  # udhr/docx/en.docx saved by LibreOffice as Word 97 (make_office_pdfs.py)
needs_libreoffice = pytest.mark.skipif(libreoffice() is None,
                                       reason="LibreOffice is not installed (apt-get install libreoffice-writer-nogui)")


def _segment(path: Path, env_path: str | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "COLUMNS": "400"}
    if env_path is not None:
        env["PATH"] = env_path
    return subprocess.run([sys.executable, "-m", "unalign", "segment", str(path), "--lang", "en", "--json"],
                          capture_output=True, text=True, env=env, timeout=600)


@needs_libreoffice
def test_doc_reads_as_the_docx_it_was_saved_from():
    blocks = read_blocks(DOC)
    assert blocks == docx_blocks(UDHR / "docx" / "en.docx")
    assert len(blocks) == 95 and [b.text[:5] for b in blocks if b.kind == "footnote"] == ["1 See", "2 See", "3 See"]


def test_without_libreoffice_one_line_says_how_to_get_it(tmp_path):
    result = _segment(DOC, env_path=str(tmp_path))  # a PATH with no soffice on it
    assert result.returncode == 2 and result.stdout == "" and "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and str(DOC) in lines[0] and "apt-get install libreoffice-writer-nogui" in lines[0]


def test_a_file_that_is_no_word_document_is_refused(tmp_path):
    noise = tmp_path / "report-EN.doc"
    noise.write_bytes(bytes(range(256)) * 8)
    result = _segment(noise)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and str(noise) in lines[0] and "not a Word document" in lines[0]


@needs_libreoffice
def test_a_conversion_that_hangs_is_stopped(tmp_path):
    with pytest.raises(UnalignError, match=r"did not convert this \.doc file within 0 s"):
        convert_to_docx(DOC, tmp_path, timeout=0.2)
    leftover = subprocess.run(["pgrep", "-f", str(tmp_path / "profile")], capture_output=True, text=True)
    assert leftover.stdout == ""  # the whole process group was stopped


@needs_libreoffice
def test_conversions_side_by_side_do_not_collide(tmp_path):
    """Two workers converting at once (a folder run) each get a LibreOffice of their own and the same blocks."""
    from concurrent.futures import ThreadPoolExecutor

    copies = []
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        copies.append(tmp_path / name / "en.doc")
        copies[-1].write_bytes(DOC.read_bytes())
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(read_blocks, copies))
    assert results[0] == results[1] == docx_blocks(UDHR / "docx" / "en.docx")
