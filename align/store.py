"""Values kept between runs in an SQLite file of the cache folder, as pickle, by a key that digests what they are made
from: the readings of files (readers/cache.py) and the alignments of paragraphs (aligning/kept.py). Each file has one
owner, a subclass, which alone writes and reads it; a store without a folder holds nothing."""

from __future__ import annotations

import pickle
import sqlite3
import time
from pathlib import Path
from typing import Any

from unalign.model import UnalignError


def open_database(folder: Path, file_name: str) -> sqlite3.Connection:
    """The SQLite file `file_name` of the cache folder `folder` (made if need be), written ahead of a log (documents
    read and aligned in parallel share it) and committed without waiting for the disk (a crash may lose the last
    entries, never damage the file: an entry lost is made again; a commit waited at every document of a folder run).
    A folder that cannot hold it is the user's to change: UnalignError, in one line."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(folder / file_name, timeout=60)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
    except (OSError, sqlite3.OperationalError) as exc:
        raise UnalignError(f"{folder}: cannot keep the cache there ({getattr(exc, 'strerror', None) or exc}); give "
                           "another folder with --cache-dir or UNALIGN_CACHE") from None
    return db


class PickleStore:
    """A table `kept` (key, time of last use, pickled value) in `folder / file_name`; the subclass's other tables
    (`tables`) beside it, those of the same three columns read and written by the same methods (`table`)."""

    file_name = ""
    tables: tuple[str, ...] = ()  # the subclass's own tables, as CREATE TABLE IF NOT EXISTS bodies

    def __init__(self, folder: Path | None):
        self.db = None
        if folder is not None:
            self.db = open_database(folder, self.file_name)
            for table in ("kept (key TEXT PRIMARY KEY, used REAL, value BLOB)", *self.tables):
                self.db.execute(f"CREATE TABLE IF NOT EXISTS {table}")
            # Each table's third column as the file names it (older files of a store named `kept`'s after what it
            # holds).
            self.value = {name: self.db.execute(f"PRAGMA table_info({name})").fetchall()[2][1]
                          for name in ("kept", *(table.split()[0] for table in self.tables))}

    def __len__(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM kept").fetchone()[0] if self.db is not None else 0

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        if self.db is not None:
            self.db.commit()
            self.db.close()
            self.db = None

    def _get(self, key: str, used_every: float, table: str = "kept") -> Any | None:
        """The value kept under `key`, or None (also for a damaged entry: a disk full mid-write; it is made again and
        replaced); its time of last use written again when older than `used_every` seconds (writing it at every use
        made a warm run's commit, and close, wait for the disk)."""
        if self.db is None:
            return None
        row = self.db.execute(f'SELECT "{self.value[table]}", used FROM {table} WHERE key = ?', (key,)).fetchone()
        if row is None:
            return None
        try:
            value = pickle.loads(row[0])
        except Exception:
            return None
        if row[1] < time.time() - used_every:
            self.db.execute(f"UPDATE {table} SET used = ? WHERE key = ?", (time.time(), key))
        return value

    def _put(self, key: str, value: Any, limit: int, limit_bytes: int | None = None, table: str = "kept") -> None:
        """Keep `value` under `key`, and only the `limit` last used (and, with `limit_bytes`, only as many of those as
        that many bytes of values hold, the last used first; the one just kept always)."""
        if self.db is not None:
            self.db.execute(f"INSERT OR REPLACE INTO {table} VALUES (?, ?, ?)",
                            (key, time.time(), pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)))
            self.db.execute(f"DELETE FROM {table} WHERE key NOT IN (SELECT key FROM {table} ORDER BY used DESC "
                            "LIMIT ?)", (limit,))
            if limit_bytes is not None:
                running = (f'SELECT key, SUM(LENGTH("{self.value[table]}")) OVER (ORDER BY used DESC) AS total '
                           f"FROM {table}")
                self.db.execute(f"DELETE FROM {table} WHERE key != ? AND key IN (SELECT key FROM ({running}) "
                                "WHERE total > ?)", (key, limit_bytes))
