"""Writing a file whole or not at all: a temporary file beside it, renamed over it once complete. The one way every
output of unalign is written (TMX memories, audit, view, corrections, the language model kept in the cache)."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import repeat
from pathlib import Path

# Temporary files are named ".<name>.<random>.tmp" beside the file they become.
TEMPORARY_SUFFIX = ".tmp"


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextmanager
def replacing(path: Path) -> Iterator[Path]:
    """A temporary path beside `path` to write to; renamed over `path` when the block ends without an error.

    Whatever goes wrong (a full disk, a folder that cannot be written, Ctrl-C), `path` keeps its old content and no
    temporary file is left behind. The name is unique, so writers in several threads or processes never share one;
    the file gets the permissions a plain open would give (mkstemp's are private). An OSError is raised with
    `filename` set to `path`, so that the message names the file the user asked for rather than the temporary one.
    """
    path = Path(path)
    tmp: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=TEMPORARY_SUFFIX)
        os.close(fd)
        os.chmod(tmp, 0o666 & ~_umask())
        yield Path(tmp)
        os.replace(tmp, path)
    except OSError as exc:
        raise OSError(exc.errno, exc.strerror or str(exc), str(path)) from None
    finally:
        if tmp is not None and os.path.exists(tmp):
            os.unlink(tmp)


def write_text_atomically(path: Path, text: str) -> None:
    """Write `text` as UTF-8 to `path` whole or not at all (`replacing`)."""
    with replacing(path) as tmp:
        tmp.write_text(text, encoding="utf-8")


def write_bytes_atomically(path: Path, data: bytes) -> None:
    """Write `data` to `path` whole or not at all (`replacing`)."""
    with replacing(path) as tmp:
        tmp.write_bytes(data)


# json.dumps(value, ensure_ascii=False) without making an encoder for each of an audit's thousands of records.
_JSON = json.JSONEncoder(ensure_ascii=False)


def readable_json(value: object, depth: int = 0) -> str:
    """`value` as JSON a person can read and a script can grep: objects indented one space a level, and each item of
    a list on a line of its own, written whole (a record per line: `"units": [` then one unit a line).

    Written by json's C encoder item by item: the indented form `json.dumps(indent=...)` goes through its
    pure-Python encoder, a tenth of a warm run on a 50-page document's audit.
    """
    pad = " " * (depth + 1)
    if isinstance(value, dict) and value:
        items = (f"{pad}{_JSON.encode(str(key))}: {readable_json(item, depth + 1)}" for key, item in value.items())
        return "{\n" + ",\n".join(items) + "\n" + " " * depth + "}"
    if isinstance(value, list) and value and any(map(isinstance, value, repeat((dict, list)))):
        return "[\n" + ",\n".join(pad + _JSON.encode(item) for item in value) + "\n" + " " * depth + "]"
    return _JSON.encode(value)
