"""Readings of the files that read slowly (PDF, DOC) kept on disk beside the embedding cache, so that a second run on
the same files reads none of them again: on the SDG's six PDFs reading is half of a warm run.

A reading is keyed by the file's bytes, how it was read (`HowToRead`) and unalign's code (`options.code_hash`): an
edited file, another reading option or any change to the code reads the file again. The value is the `Reading` as
pickle, which only this class writes and reads, in a cache folder that is the user's own.
"""

from __future__ import annotations

import hashlib
import pickle
import sqlite3
from pathlib import Path

from unalign.readers import HowToRead, Reading


class ReadingCache:
    """Readings on disk keyed by file content, reading options and code; a cache without a folder holds nothing."""

    def __init__(self, folder: Path | None):
        self.db = None
        if folder is not None:
            folder.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(folder / "readings.sqlite3", timeout=60)
            self.db.execute("PRAGMA journal_mode=WAL")  # documents read in parallel share it
            self.db.execute("CREATE TABLE IF NOT EXISTS readings (key TEXT PRIMARY KEY, reading BLOB)")

    def __enter__(self) -> ReadingCache:
        return self

    def __exit__(self, *exc) -> None:
        if self.db is not None:
            self.db.commit()
            self.db.close()
            self.db = None

    @staticmethod
    def key(path: Path, how: HowToRead) -> str:
        """What a reading of `path` depends on, as one digest."""
        from unalign.options import code_hash

        digest = hashlib.sha256(Path(path).read_bytes())
        digest.update(f"\0{how.joiner}\0{how.layout}\0{sorted(how.breaks)}\0{code_hash()}".encode())
        return digest.hexdigest()

    def get(self, key: str) -> Reading | None:
        """The reading kept under `key`, or None."""
        if self.db is None:
            return None
        row = self.db.execute("SELECT reading FROM readings WHERE key = ?", (key,)).fetchone()
        try:
            return pickle.loads(row[0]) if row else None
        except Exception:  # a damaged entry (a disk full mid-write): the file is read again and the entry replaced
            return None

    def put(self, key: str, reading: Reading) -> None:
        """Keep `reading` under `key`."""
        if self.db is not None:
            self.db.execute("INSERT OR REPLACE INTO readings VALUES (?, ?)", (key, pickle.dumps(reading)))
