"""Documents made from the real corpora, for benchmarks and tests: a long one, and folders of many small ones.

Nothing here is invented text: every paragraph is a paragraph of corpora/ (udhr, sdg_goals_targets, unpc_v1_devset),
in its own language, so the six files of a made document are still translations of each other.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from unalign import settings
from unalign.documents import language_of
from unalign.readers import read_blocks

CORPORA = Path(__file__).resolve().parent.parent / "corpora"
LANGS = settings.language_order()
PAGE_CHARACTERS = 3_000  # an A4 page of a UN report in English: about 500 words


def paragraphs(corpus: str, lang: str) -> list[str]:
    """The paragraphs of one language of a corpus, as unalign reads them (UNPC: its lines)."""
    if corpus == "unpc_v1_devset":
        return (CORPORA / corpus / f"{lang}.txt").read_text(encoding="utf-8").split("\n")
    path = next((CORPORA / corpus).glob(f"{lang}.*"))
    return [block.text for block in read_blocks(path, settings.language(lang)["join_lines_with"])]


def write_document(folder: Path, texts: dict[str, list[str]]) -> Path:
    """Write one text file per language, paragraphs separated by a blank line; returns the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    for lang, paras in texts.items():
        (folder / f"{lang}.txt").write_text("\n\n".join(paras) + "\n", encoding="utf-8")
    return folder


def pages(folder: Path, count: int = 50) -> Path:
    """A `count`-page six-language document: the UDHR, the SDG goals and targets, then UNPC sentences to fill up.

    Pages are counted on the English text (PAGE_CHARACTERS each); the other languages take the same paragraphs.
    """
    base = {lang: paragraphs("udhr", lang) + paragraphs("sdg_goals_targets", lang) for lang in LANGS}
    unpc = {lang: paragraphs("unpc_v1_devset", lang) for lang in LANGS}
    size, lines = sum(map(len, base["en"])), 0
    while size < count * PAGE_CHARACTERS and lines < len(unpc["en"]):
        size += len(unpc["en"][lines])
        lines += 1
    return write_document(folder, {lang: base[lang] + unpc[lang][:lines] for lang in LANGS})


def joined(folder: Path, per_paragraph: int = 4, lines: int = 2_000) -> Path:
    """A six-language document of multi-sentence paragraphs, as UN documents have them: the UNPC devset's first
    `lines` lines, each run of `per_paragraph` lines of one UN document joined into a paragraph (with a space; in
    Chinese with nothing)."""
    unpc = {lang: paragraphs("unpc_v1_devset", lang) for lang in LANGS}
    runs: list[list[int]] = []
    for numbers in unpc_documents().values():
        kept = [n for n in numbers if n < lines]
        runs += [kept[k:k + per_paragraph] for k in range(0, len(kept), per_paragraph)]
    runs.sort()
    texts = {lang: [settings.language(lang)["join_lines_with"].join(unpc[lang][n].strip() for n in run)
                    for run in runs] for lang in LANGS}
    return write_document(folder, texts)


def unpc_documents() -> dict[str, list[int]]:
    """The UNPC devset's lines grouped by the document they come from: UN symbol -> line numbers, in order."""
    groups: dict[str, list[int]] = defaultdict(list)
    ids = (CORPORA / "unpc_v1_devset" / "ids.txt").read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(ids):
        path = line.split()[0]  # "2015/a/69/767": year, then the symbol
        groups["_".join(path.split("/")[1:]).upper().strip("_")].append(number)
    return dict(groups)


# How the UN document system names the language versions of A/69/767: one convention per document, in turn.
_CONVENTIONS = (
    lambda symbol, lang: f"{symbol}-{lang.upper()}.txt",  # A_69_767-EN.txt
    lambda symbol, lang: f"{symbol.replace('_', '-')}_{_letter(lang)}.txt",  # A-69-767_E.txt
    lambda symbol, lang: f"{lang}/{symbol}.txt",  # en/A_69_767.txt
)


def _letter(lang: str) -> str:
    return next(code.upper() for code in settings.language(lang)["filename_codes"] if len(code) == 1)


def folder_of_documents(folder: Path, count: int, min_lines: int = 5) -> Path:
    """`count` six-language documents in one folder: the UNPC devset's documents with at least `min_lines` lines,
    named after their UN symbol with the conventions of the UN document system in turn (A_69_767-EN.txt,
    A-69-767_E.txt, en/A_69_767.txt)."""
    unpc = {lang: paragraphs("unpc_v1_devset", lang) for lang in LANGS}
    written = 0
    for symbol, lines in unpc_documents().items():
        if written == count:
            break
        name = _CONVENTIONS[written % len(_CONVENTIONS)]
        paths = {lang: folder / name(symbol, lang) for lang in LANGS}
        if len(lines) < min_lines or any(language_of(p) != (lang, symbol) for lang, p in paths.items()):
            continue
        for lang, path in paths.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text("\n".join(unpc[lang][i] for i in lines) + "\n", encoding="utf-8")
        written += 1
    if written < count:
        raise ValueError(f"the UNPC devset has only {written} documents of {min_lines}+ lines")
    return folder
