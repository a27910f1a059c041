"""Refuse, before reading, the PDFs that cannot be read, each with one line saying what to do.

A file that is not a PDF, a truncated PDF (a download cut short: PDFium refuses most, but repairs some and would read
them in part), a password-protected PDF, a damaged one, and a scan (pages of images with no text layer). A PDF
encrypted only against editing or copying (no password to open it) is read as any other.
"""

from __future__ import annotations

from pathlib import Path

from unalign.model import UnalignError

# Where the PDF header and the end-of-file marker must be (PDF 1.7, 7.5.2 and 7.5.5; readers allow 1024 bytes).
_HEADER_WINDOW = 1024
_END_WINDOW = 2048


def check_pdf(path: Path) -> None:
    """Raise UnalignError, naming the file and what to do, when `path` is not a PDF that can be read as text."""
    import pypdfium2 as pdfium

    size = path.stat().st_size
    with path.open("rb") as handle:
        head = handle.read(_HEADER_WINDOW)
        handle.seek(max(0, size - _END_WINDOW))
        tail = handle.read()
    if b"%PDF-" not in head:
        raise UnalignError(f"{path}: not a PDF file (no %PDF- header); check that it is the document you meant")
    if b"%%EOF" not in tail:
        raise UnalignError(f"{path}: a truncated PDF (its end is missing after {size} bytes); download or copy it "
                           "again")
    try:
        document = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise UnalignError(f"{path}: a password-protected (encrypted) PDF; save a copy without the password "
                               f"(for example: qpdf --password=PASSWORD --decrypt '{path.name}' unprotected.pdf) and "
                               "read that") from None
        raise UnalignError(f"{path}: a damaged PDF that cannot be opened ({exc}); download or copy it again") from None
    try:
        pages = len(document)
        if pages == 0:
            raise UnalignError(f"{path}: a PDF without pages; download or copy it again")
        if not any(_has_text(document[k]) for k in range(pages)):
            raise UnalignError(f"{path}: a PDF without a text layer ({pages} page{'s' * (pages > 1)} of images: a "
                               "scan?); run OCR on it first (for example: ocrmypdf -l eng in.pdf out.pdf) and read "
                               "the result")
    finally:
        document.close()


def _has_text(page) -> bool:
    try:
        textpage = page.get_textpage()
        try:
            return any(not textpage.get_text_range(k, 1).isspace() for k in range(textpage.count_chars()))
        finally:
            textpage.close()
    finally:
        page.close()
