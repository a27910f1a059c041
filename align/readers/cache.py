"""Readings of a document's files kept on disk beside the embedding cache, so that a second run on the same files
reads none of them again: on the SDG's six PDFs reading is half of a warm run, on a 50-page plain-text document an
eighth.

A reading is keyed by the file's bytes and path (its warnings name the file), how it was read (`HowToRead`),
unalign's code (`options.code_hash`) and its config (`options.config_hash`): an edited or moved file, another reading
option or any change to the code or the config reads the file again. The value is the `Reading` as pickle, which only this class writes and reads, in a cache folder that
is the user's own. Beside the readings, the language found in each version's text (`ReadingCache.language`), keyed
by the text, py3langid's version, the languages and unalign's code; and each reading's paragraphs with their
addresses (`ReadingCache.numbered`), keyed by the reading's key, the language and the config.
"""

from __future__ import annotations

import hashlib
import time
from functools import cache
from pathlib import Path

from unalign import settings
from unalign.model import Paragraph
from unalign.readers import HowToRead, Reading, read_file
from unalign.store import PickleStore

# The readings kept, the last used first: 500 PDFs' readings take 10-20 MB (a 50-page version in plain text 0.2 MB),
# and a folder of test copies or of files moved about would otherwise grow the cache with every run.
KEPT_READINGS = 500
# Seconds: how stale a kept row's time of last use may get before a use writes it again. Writing it at every use
# rewrote each reading (a row with its blob) and made a warm run's cache commit, and close, wait for the disk (a
# 50-page document's run: 60-70 ms of 1 s); the last used are kept all the same, to the hour.
_USED_EVERY = 3600.0


@cache
def _language_model() -> str:
    """What a language found in a text depends on besides the text: py3langid's version, the languages it is
    restricted to, unalign's code."""
    from unalign.options import code_hash

    return f"{installed_version('py3langid')}\0{'-'.join(settings.language_order())}\0{code_hash()}"


def installed_version(package: str) -> str:
    """The installed version of `package`, as importlib.metadata.version gives it, from the name of the
    `.dist-info` folder beside the package when there is one (importing importlib.metadata, and the email package
    it brings, cost a warm run 10-15 ms, for this one name), else from importlib.metadata."""
    from importlib.util import find_spec

    spec = find_spec(package)
    if spec is not None and spec.origin:
        prefix = f"{package}-"
        found = [p.name[len(prefix):-len(".dist-info")] for p in Path(spec.origin).parent.parent.glob(
            f"{package}-*.dist-info")]
        if len(found) == 1:
            return found[0]
    from importlib.metadata import version

    return version(package)


class ReadingCache(PickleStore):
    """Readings on disk keyed by file content, reading options and code; a cache without a folder holds nothing."""

    file_name = "readings.sqlite3"
    tables = ("languages (key TEXT PRIMARY KEY, used REAL, lang TEXT, probability REAL)",
              "numbered (key TEXT PRIMARY KEY, used REAL, paragraphs BLOB)")

    @staticmethod
    def key(path: Path, how: HowToRead) -> str | None:
        """What a reading of `path` depends on, as one digest; None for a file that cannot be read (its reader says
        why)."""
        from unalign.options import code_hash, config_hash

        try:
            digest = hashlib.sha256(Path(path).read_bytes())
        except OSError:
            return None
        # The path too: a reading's warnings name its file; and the config (config/reading.toml's rules shape it).
        digest.update(f"\0{Path(path).resolve()}\0{how.joiner}\0{how.layout}\0{sorted(how.breaks)}\0{code_hash()}"
                      f"\0{config_hash()}".encode())
        return digest.hexdigest()

    def get(self, key: str) -> Reading | None:
        """The reading kept under `key`, or None."""
        return self._get(key, _USED_EVERY)

    def language(self, text: str) -> tuple[str, float]:
        """`documents.detect_language(text)`, kept: a warm run of a 50-page document spent 0.05 s finding again the
        languages of its six versions, which the check of each file's language asks for (documents.check_language)."""
        from unalign.documents import detect_language

        if self.db is None:
            return detect_language(text)
        key = hashlib.sha256(f"{text}\0{_language_model()}".encode()).hexdigest()
        row = self.db.execute("SELECT lang, probability, used FROM languages WHERE key = ?", (key,)).fetchone()
        if row is not None:
            if row[2] < time.time() - _USED_EVERY:
                self.db.execute("UPDATE languages SET used = ? WHERE key = ?", (time.time(), key))
            return row[0], row[1]
        found, probability = detect_language(text)
        self.db.execute("INSERT OR REPLACE INTO languages VALUES (?, ?, ?, ?)",
                        (key, time.time(), found, float(probability)))
        self.db.execute("DELETE FROM languages WHERE key NOT IN (SELECT key FROM languages ORDER BY used DESC "
                        "LIMIT ?)", (KEPT_READINGS,))
        return found, probability

    def numbered(self, key: str | None, reading: Reading, lang: str) -> tuple[Paragraph, ...]:
        """The paragraphs of `reading` (kept under `key`, None: not kept), with their addresses in `lang`
        (numbering.assign_addresses), kept beside it: they depend on nothing else but the numbering's config
        (config_hash). A warm run of a 50-page document spent 0.03 s finding its six versions' addresses again."""
        from unalign.numbering import assign_addresses
        from unalign.options import config_hash

        if self.db is None or key is None:
            return tuple(assign_addresses(list(reading.blocks), lang))
        kept_as = hashlib.sha256(f"{key}\0{lang}\0{config_hash()}".encode()).hexdigest()
        paragraphs = self._get(kept_as, _USED_EVERY, "numbered")
        if paragraphs is None:
            paragraphs = tuple(assign_addresses(list(reading.blocks), lang))
            self._put(kept_as, paragraphs, KEPT_READINGS, table="numbered")
        return paragraphs

    def put(self, key: str, reading: Reading) -> None:
        """Keep `reading` under `key`, and only the KEPT_READINGS last used."""
        self._put(key, reading, KEPT_READINGS)


def kept_reading(path: Path, how: HowToRead, folder: Path | None) -> Reading:
    """`read_file(path, how)`, kept in the reading cache of `folder` (None: read, nothing kept). The cross-check's
    readings of a plain-text version in another layout or with other breaks are the same in every run on the same
    files: a warm run of the 50-page document read two of its versions again (0.05 s)."""
    with ReadingCache(folder) as kept:
        key = kept.key(path, how) if folder is not None else None
        reading = kept.get(key) if key else None
        if reading is None:
            reading = read_file(path, how)
            if key:
                kept.put(key, reading)
    return reading
