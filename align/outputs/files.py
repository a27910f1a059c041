"""Writing an output file whole or not at all: a temporary file beside it, renamed over it once complete."""

from __future__ import annotations

import os
from pathlib import Path


def write_text_atomically(path: Path, text: str) -> None:
    """Write `text` as UTF-8 to `path` through a temporary file in the same folder, renamed over `path` at the end.

    Whatever goes wrong (a full disk, a folder that cannot be written, Ctrl-C), `path` keeps its old content and no
    temporary file is left behind. An OSError is raised with `filename` set to `path`, so that the message names
    the file the user asked for rather than the temporary one.
    """
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(tmp, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.replace(tmp, path)
    except OSError as exc:
        raise OSError(exc.errno, exc.strerror or str(exc), str(path)) from None
    finally:
        if tmp.exists():
            tmp.unlink(missing_ok=True)
