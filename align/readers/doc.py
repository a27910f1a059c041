"""Read an old Word (.doc, Word 97–2003) file: LibreOffice converts it to .docx, which the .docx reader reads.

Most UN documents before 2010 were published as .doc. LibreOffice runs headless with a profile of its own in a
temporary folder, so that conversions running side by side (a folder aligned with several workers) do not share one
profile and block or break each other; the conversion is stopped after a time limit.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from unalign.model import Block, UnalignError
from unalign.readers.docx import docx_blocks

# A .doc of a few hundred pages converts in seconds once LibreOffice has started (its first start with a new profile
# takes 5–15 s on a slow machine); past this, the conversion has hung.
CONVERSION_TIMEOUT_SECONDS = 180
INSTALL_HINT = "apt-get install libreoffice-writer-nogui"
# What a file named .doc holds: Word 97–2003 (an OLE2 compound file), or, saved under that name by Word, RTF, a .docx
# package, Word 2003 XML or a web page. LibreOffice would import any other bytes as plain text, and read noise.
_WORD_SIGNATURES = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"{\\rtf", b"PK\x03\x04", b"<")


def libreoffice() -> str | None:
    """The LibreOffice command on this machine, or None."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_to_docx(path: Path, out_dir: Path, timeout: float = CONVERSION_TIMEOUT_SECONDS) -> Path:
    """The .docx LibreOffice makes of `path` in `out_dir`; raises UnalignError when LibreOffice is missing, fails or
    takes longer than `timeout` seconds."""
    with path.open("rb") as handle:
        head = handle.read(4096).lstrip(b"\xef\xbb\xbf \t\r\n")
    if not head.startswith(_WORD_SIGNATURES):
        raise UnalignError(f"{path}: not a Word document (neither Word 97–2003, RTF, .docx nor Word XML); check that "
                           "it is the file you meant")
    command = libreoffice()
    if command is None:
        raise UnalignError(f"{path}: reading an old Word (.doc) file needs LibreOffice, which is not installed "
                           f"({INSTALL_HINT}), or save the file as .docx")
    profile = out_dir / "profile"
    process = subprocess.Popen(
        [command, f"-env:UserInstallation={profile.resolve().as_uri()}", "--headless", "--norestore",
         "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(out_dir), str(path.resolve())],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    try:
        _, errors = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)  # soffice starts soffice.bin: stop the whole group
        process.communicate()
        raise UnalignError(f"{path}: LibreOffice did not convert this .doc file within {timeout:.0f} s") from None
    converted = out_dir / f"{path.stem}.docx"
    if process.returncode != 0 or not converted.exists():
        detail = " ".join(errors.decode("utf-8", "replace").split())[-200:]
        raise UnalignError(f"{path}: LibreOffice could not convert this .doc file (damaged, or not a Word "
                           f"document){': ' + detail if detail else ''}")
    return converted


def doc_blocks(path: Path) -> list[Block]:
    """The blocks of a .doc file, read through LibreOffice as the .docx reader reads a .docx."""
    with tempfile.TemporaryDirectory(prefix="unalign-doc-") as tmp:
        converted = convert_to_docx(path, Path(tmp))
        try:
            return docx_blocks(converted)
        except UnalignError as exc:
            raise UnalignError(f"{path}: LibreOffice's conversion is not readable "
                               f"({str(exc).removeprefix(str(converted) + ': ')})") from None
