"""Find the language versions of documents in files and folders: the language comes from the file name."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from align import settings
from align.model import UnalignError
from align.reading import SUPPORTED

_TOKEN_SPLIT = re.compile(r"[_\-.\s]+")


@dataclass(frozen=True)
class DocumentFiles:
    """One document: its name and the file of each language version."""

    name: str
    files: dict[str, Path]


def _codes() -> dict[str, str]:
    """File-name token (lower case) -> language."""
    return {code.lower(): lang for lang in settings.language_order()
            for code in settings.language(lang)["filename_codes"]}


def language_of(path: Path) -> tuple[str, str] | None:
    """(language, name of the document without the language token) from a file's name or its folder, else None.

    "en.txt" -> ("en", ""); "A_RES_70_1-EN.txt" -> ("en", "A_RES_70_1"); "report_F.txt" -> ("fr", "report");
    "fr/report.txt" -> ("fr", "report"). One-letter codes (the UN document system's E, F, S, R, A, C) count only as
    the last token of a name that has more than one.
    """
    codes = _codes()
    stem = path.stem
    if stem.lower() in codes:
        return codes[stem.lower()], ""
    tokens = [t for t in _TOKEN_SPLIT.split(stem) if t]
    if len(tokens) > 1 and tokens[-1].lower() in codes:
        rest = stem[: len(stem) - len(tokens[-1])].rstrip("_-. ")
        return codes[tokens[-1].lower()], rest
    for k in range(len(tokens) - 1, -1, -1):
        token = tokens[k].lower()
        if len(token) > 1 and token in codes:
            return codes[token], "_".join(tokens[:k] + tokens[k + 1:])
    folder = path.parent.name.lower()
    if folder in codes:
        return codes[folder], stem
    return None


def _group(files: list[Path], root: Path) -> dict[str, dict[str, list[Path]]]:
    groups: dict[str, dict[str, list[Path]]] = defaultdict(lambda: defaultdict(list))
    for path in files:
        found = language_of(path)
        if found is None:
            continue
        lang, rest = found
        base = path.parent.parent if path.parent.name.lower() in _codes() and rest == path.stem else path.parent
        if rest:
            name = rest
        elif base == root.parent or base == root:
            name = root.name if base == root else base.name
        else:
            name = base.name
        key = str((base.relative_to(root) if base != root.parent and base.is_relative_to(root) else Path())
                  / name) if rest else name
        groups[key][lang].append(path)
    return groups


def find_documents(path: Path, languages: tuple[str, ...] | None = None) -> tuple[list[DocumentFiles], list[str]]:
    """The documents under `path` (a folder, or one file per language given as a folder) and notes on what was skipped.

    Files whose name names no language, and formats unalign does not read, are not documents and are passed over.
    """
    if not path.exists():
        raise UnalignError(f"{path}: no such file or folder")
    if path.is_file():
        raise UnalignError(f"{path}: give the folder that holds the language versions, not one file")
    files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED
                   and not any(part.startswith(".") for part in p.relative_to(path).parts))
    groups = _group(files, path)
    documents, skipped = [], []
    for name in sorted(groups):
        by_lang = groups[name]
        if languages:
            by_lang = {lang: paths for lang, paths in by_lang.items() if lang in languages}
        doubles = {lang: paths for lang, paths in by_lang.items() if len(paths) > 1}
        if doubles:
            lang, paths = next(iter(doubles.items()))
            raise UnalignError(f"{name}: two files for {lang}: {paths[0]} and {paths[1]}")
        if len(by_lang) < 2:
            only = ", ".join(sorted(by_lang)) or "none"
            skipped.append(f"{name}: only one language version ({only}) in {path}; nothing to align")
            continue
        documents.append(DocumentFiles(name.replace("/", "__"), {lang: ps[0] for lang, ps in by_lang.items()}))
    if not documents:
        detail = skipped[0] if skipped else f"{path}: no file whose name names a language (en.txt, report_F.txt, fr/…)"
        raise UnalignError(detail)
    return documents, skipped
