"""Find the language versions of documents in a folder, and check that each file is in the language it is named for.

A file's language comes from its name or its folder, after the conventions of the UN document system:
`en.txt`, `A_RES_70_1-EN.txt`, `A-RES-70-1_E.txt`, `CTOC_COP_2018_13_F.txt`, `fr/A_RES_70_1.txt`. What is left of the
name once the language is taken out is the document's symbol; files with the same symbol (whatever separators each
name uses) in the same folder are the versions of one document. A file named for its language alone (`fr.txt`) is a
version of the document its folder holds.
"""

from __future__ import annotations

import mmap
import os
import pickle
import re
import unicodedata
from array import array
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from unalign import settings
from unalign.files import write_bytes_atomically
from unalign.model import UnalignError
from unalign.readers import SUPPORTED

_SEPARATORS = re.compile(r"[_\-.\s]+")
_SUBTAG = re.compile(r"[a-z]{2}|[a-z]{4}|\d{3}", re.I)  # a language tag's region or script: en-GB, zh-Hant, es-419


@dataclass(frozen=True)
class DocumentFiles:
    """One document: its name (unique in the folder searched) and the file of each language version.

    `problem` says why the document cannot be aligned as found (two files claim one language), else it is empty.
    """

    name: str
    files: dict[str, Path]
    problem: str = ""


@cache
def _codes() -> dict[str, str]:
    """File-name token (lower case) -> language."""
    return {code.lower(): lang for lang in settings.language_order()
            for code in settings.language(lang)["filename_codes"]}


def language_of(path: Path) -> tuple[str, str] | None:
    """(language, the document's symbol) from a file's name or its folder, else None.

    "en.txt" -> ("en", ""); "A_RES_70_1-EN.txt" and "A-RES-70-1_E.txt" -> ("en", "A_RES_70_1");
    "report_F.txt" -> ("fr", "report"); "fr/report.txt" -> ("fr", "report"); "EN_report.txt" -> ("en", "report");
    a language tag with its region or script, as TMX writes them: "en-GB.txt" -> ("en", ""), "report_fr_FR.txt" ->
    ("fr", "report"). The language is looked for in this order: the whole name, a tag that ends it, its last token,
    the folder's name, its first token.
    One-letter codes (the UN document system's A C E F R S) count only as the last token of a longer name: a folder
    `A/` or `S/` is a document series, not Arabic or Spanish.
    """
    codes = _codes()
    tokens = [t for t in _SEPARATORS.split(path.stem) if t]
    if path.stem.lower() in codes:
        return codes[path.stem.lower()], ""
    for subtags in (2, 1):  # zh-Hant-TW, en-GB
        if len(tokens) > subtags and _is_tag(tokens[-subtags - 1:], codes):
            return codes[tokens[-subtags - 1].lower()], "_".join(tokens[:-subtags - 1])
    if len(tokens) > 1 and tokens[-1].lower() in codes:
        return codes[tokens[-1].lower()], "_".join(tokens[:-1])
    if _is_language_folder(path.parent):
        return codes[path.parent.name.lower()], "_".join(tokens)
    if len(tokens) > 1 and len(tokens[0]) > 1 and tokens[0].lower() in codes:
        return codes[tokens[0].lower()], "_".join(tokens[1:])
    return None


def _is_tag(tokens: list[str], codes: dict[str, str]) -> bool:
    """Whether `tokens` are a language code and its region or script subtags (fr FR: a region named as its language
    is; not EN fr, French)."""
    lang = codes.get(tokens[0].lower()) if len(tokens[0]) > 1 else None
    return lang is not None and all(_SUBTAG.fullmatch(t) and codes.get(t.lower(), lang) == lang for t in tokens[1:])


def _is_language_folder(folder: Path) -> bool:
    return len(folder.name) > 1 and folder.name.lower() in _codes()


def find_documents(path: Path, languages: tuple[str, ...] | None = None) -> tuple[list[DocumentFiles], list[str]]:
    """The documents under `path`, searched recursively, and notes on what was passed over and why.

    Files whose name names no language are not documents. Raises UnalignError when `path` holds no document at all.
    """
    if not path.exists():
        raise UnalignError(f"{path}: no such file or folder")
    if path.is_file():
        raise UnalignError(f"{path}: give the folder that holds the language versions, not one file")
    groups: dict[tuple[Path, str], dict[str, list[Path]]] = defaultdict(lambda: defaultdict(list))
    names: dict[tuple[Path, str], str] = {}
    unread: Counter[str] = Counter()
    for file in _files_under(path):
        relative = file.relative_to(path)
        if any(part.startswith(".") for part in relative.parts):
            continue
        found = language_of(file)
        if found is None:
            continue
        lang, symbol = found
        if file.suffix.lower() not in SUPPORTED:
            unread[file.suffix.lower() or "no extension"] += 1
            continue
        if languages and lang not in languages:
            continue
        folder = file.parent.parent if _is_language_folder(file.parent) else file.parent
        key = (folder, symbol.casefold())
        groups[key][lang].append(file)
        names.setdefault(key, _document_name(path, folder, symbol))

    skipped = [f"{count} {suffix} file{'s' * (count > 1)} named for a language: unalign reads "
               f"{', '.join(sorted(SUPPORTED))} (extract the text first)" for suffix, count in sorted(unread.items())]
    documents = []
    for key in sorted(groups, key=lambda k: names[k]):
        name, by_lang = names[key], groups[key]
        if len(by_lang) < 2:
            only = ", ".join(sorted(by_lang))
            skipped.append(f"{name}: only one language version ({only}) in {key[0]}; nothing to align")
            continue
        doubles = [f"two files for {lang}: {paths[0]} and {paths[1]}" for lang, paths in by_lang.items()
                   if len(paths) > 1]
        documents.append(DocumentFiles(name, {lang: paths[0] for lang, paths in by_lang.items()},
                                       "; ".join(doubles)))
    if not documents:
        raise UnalignError(next((note for note in skipped if "only one language" in note),
                                f"{path}: no file whose name names a language (en.txt, report_F.txt, fr/…)"))
    return documents, skipped


def _files_under(root: Path) -> list[Path]:
    """The files under `root`, in order, through links to folders too (each folder once: a link to a folder above
    it is not followed again); a link to nothing is listed, so that reading it says so."""
    files, seen = [], set()
    for folder, subfolders, names in os.walk(root, followlinks=True):
        real = os.path.realpath(folder)
        if real in seen:
            subfolders.clear()
            continue
        seen.add(real)
        files += [Path(folder) / name for name in names]
    return sorted(files)


def _document_name(root: Path, folder: Path, symbol: str) -> str:
    """The name the outputs take: the symbol, or the folder's name, behind the sub-folders it sits in (joined by __)."""
    inside = folder.relative_to(root).parts if folder != root else ()
    if not symbol:
        return "__".join(inside) if inside else root.resolve().name
    return "__".join((*inside, symbol))


@cache
def _identifier():
    """py3langid's identifier restricted to the six languages. Its model ships LZMA-compressed and takes half a
    second to unpack, in every process: the unpacked identifier is kept in the cache folder, named by the py3langid
    version and the languages, written whole or not at all. Its tokenizer's table (39 MB of the 40) is kept as raw
    bytes and mapped into memory rather than read: loading takes milliseconds instead of a tenth of a second, a
    twentieth of a warm run on a 50-page document."""
    from importlib.metadata import version

    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    from unalign.embedding import default_cache_dir

    languages = list(settings.language_order())
    kept = default_cache_dir() / f"py3langid-{version('py3langid')}-{'-'.join(languages)}"
    pickled, table_file = kept.with_name(f"{kept.name}.mapped.pickle"), kept.with_name(f"{kept.name}.table")
    identifier = _mapped_identifier(pickled, table_file, LanguageIdentifier)
    if identifier is not None:
        return identifier
    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(languages)
    # The 97-language model it keeps to be restricted again is never used here: only the six are kept.
    identifier._full_model = (identifier.nb_ptc, identifier.nb_pc, identifier.nb_classes)
    table = identifier.tk_nextmove
    identifier.tk_nextmove = array(table.typecode)  # pickled apart from its table
    try:
        write_bytes_atomically(table_file, table.tobytes())
        write_bytes_atomically(pickled, pickle.dumps(
            (identifier, table.typecode, len(table)), protocol=pickle.HIGHEST_PROTOCOL))
        kept.with_name(f"{kept.name}.pickle").unlink(missing_ok=True)  # kept whole by unalign 0.1.0 before
    except OSError:
        pass  # a read-only or full cache folder: unpacked again next time
    identifier.tk_nextmove = table
    return identifier


def _mapped_identifier(pickled: Path, table_file: Path, kind: type):
    """The identifier kept in `pickled`, its table mapped from `table_file`, or None when it is not there whole."""
    try:
        with pickled.open("rb") as file:
            identifier, typecode, length = pickle.load(file)
        with table_file.open("rb") as file:
            mapped = mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)
        table = memoryview(mapped).cast(typecode)
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ValueError, TypeError):
        return None  # not kept yet, or by another version: unpack it again
    if not isinstance(identifier, kind) or len(table) != length:
        return None
    identifier.tk_nextmove = table  # read an item at a time, as the array it was
    return identifier


def detect_language(text: str) -> tuple[str, float]:
    """The most likely of the six languages for `text`, and its probability (py3langid, restricted to the six)."""
    lang, probability = _identifier().classify(text)
    return lang, probability


def check_language(path: Path, lang: str, text: str,
                   detect: Callable[[str], tuple[str, float]] = detect_language) -> None:
    """Raise UnalignError when `text`, read from `path` that is named as `lang`, is plainly in another language
    (as `detect` finds it: `detect_language`, or the same kept in the reading cache, ReadingCache.language)."""
    check = settings.defaults()["language_check"]
    sample = text[: check["max_characters"]]
    if len(sample) < check["min_characters"]:
        return  # too short to tell French from English reliably
    found, probability = detect(sample)
    name = settings.language(lang)["name"]
    if found != lang and probability >= check["min_probability"]:
        raise UnalignError(f"{path}: named as {name} but its text is {settings.language(found)['name']} (language "
                           f"detection, p={probability:.2f})")
    script = settings.language(lang).get("script")
    share = script_share(sample, script) if script else 1.0
    if share < check["min_script_share"]:
        raise UnalignError(f"{path}: named as {name} but {share:.0%} of its characters are in its script: the file "
                           "does not hold its text (a PDF whose fonts map their glyphs to other characters?)")


def script_share(text: str, script: str) -> float:
    """The share of `text`'s characters, less spaces and figures, whose Unicode name begins with `script`."""
    characters = [c for c in text if not c.isspace() and not c.isdigit()]
    return sum(unicodedata.name(c, "").startswith(script) for c in characters) / len(characters) if characters else 1.0
