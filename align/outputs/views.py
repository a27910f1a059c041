"""Side-by-side views: a self-contained HTML page, one row per unit, one column per language.

The page loads nothing from the network: styles and script are inline, and its Content-Security-Policy forbids any
other source and any script but its own (by hash), so even a paragraph that slipped past escaping could not run.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path
from typing import TYPE_CHECKING

from functools import cache

from jinja2 import Environment, FileSystemBytecodeCache, PackageLoader, select_autoescape

from unalign import settings
from unalign.model import Alignment, UnalignError, footnote_callers
from unalign.outputs.rows import unit_rows
from unalign.files import write_text_atomically

if TYPE_CHECKING:
    from unalign.aligning.sentence_alignment import SentenceAlignment

class _RowsEnvironment(Environment):
    """The page's rows, cells and columns are dicts: `row.cells` is looked up as a key first. (Jinja tries an
    attribute first, and the AttributeError of each lookup was half the time of rendering a 4,000-unit page; no key
    here is the name of a dict method, so a page is the same.)"""

    def getattr(self, obj: object, attribute: str) -> object:
        if type(obj) is dict and attribute in obj:
            return obj[attribute]
        return super().getattr(obj, attribute)


_env = _RowsEnvironment(loader=PackageLoader("unalign.outputs", "templates"),
                        autoescape=select_autoescape(["html", "j2"]), trim_blocks=True, lstrip_blocks=True)
_SCRIPT = _env.loader.get_source(_env, "view.js")[0]


class _KeptCompiled(FileSystemBytecodeCache):
    """Jinja's bytecode cache in a folder of the cache, that never fails a page: a folder it cannot write to keeps
    nothing."""

    def load_bytecode(self, bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except OSError:
            pass

    def dump_bytecode(self, bucket) -> None:
        try:
            Path(self.directory).mkdir(parents=True, exist_ok=True)
            super().dump_bytecode(bucket)
        except OSError:
            pass


@cache
def _environment(compiled_in: Path | None) -> Environment:
    """The page's template environment; with `compiled_in` (a folder of the cache), one that keeps the template
    compiled there (Jinja's bytecode cache, checked against the template's source and Jinja's and Python's versions):
    compiling it was 18-20 ms of every run."""
    if compiled_in is None:
        return _env
    return _env.overlay(bytecode_cache=_KeptCompiled(str(compiled_in)))
_SCRIPT_HASH = "sha256-" + base64.b64encode(hashlib.sha256(_SCRIPT.encode("utf-8")).digest()).decode("ascii")


def unique_ids(addresses: list[str]) -> list[str]:
    """HTML ids for the rows: the address itself (so that page.html#II/3/c finds it), made unique by `~2`, `~3`…
    on repeats, with whitespace (which an id cannot hold) turned into `_`; `u<n>` for a unit without address."""
    seen: set[str] = set()
    ids = []
    for number, address in enumerate(addresses, 1):
        base = re.sub(r"\s+", "_", address.strip()) or f"u{number}"
        candidate, k = base, 1
        while candidate in seen:
            k += 1
            candidate = f"{base}~{k}"
        seen.add(candidate)
        ids.append(candidate)
    return ids


def _sentence_rows(sentences: SentenceAlignment | None, langs: tuple[str, ...]) -> dict[int, list[dict]]:
    """Unit number (from 1) -> the rows of its sentence units, for units cut into more than one."""
    if sentences is None:
        return {}
    by_unit: dict[int, list] = {}
    for sentence in sentences.units:
        by_unit.setdefault(sentence.paragraph + 1, []).append(sentence)
    out = {}
    for number, units in by_unit.items():
        if len(units) < 2:
            continue
        rows = []
        for sentence in units:
            cells = [{"lang": lang, "dir": settings.language(lang)["direction"], "text": sentence.unit.text(lang),
                      "state": "" if sentence.unit.paragraphs.get(lang) or not sentences.alignment.units[
                          sentence.paragraph].paragraphs.get(lang) else "missing"} for lang in langs]
            if any(c["text"] for c in cells):
                rows.append({"number": sentence.number, "confidence": sentence.unit.confidence,
                             "low": sentence.unit.low_confidence, "cells": cells})
        if len(rows) > 1:
            out[number] = rows
    return out


def render_view(alignment: Alignment, languages: tuple[str, ...] | None = None, signature: str = "",
                sentences: SentenceAlignment | None = None, compiled_in: Path | None = None) -> str:
    """The HTML page of an alignment; `languages` picks and orders the columns (default: all of them); `signature`
    (of the run that aligned it) goes in a <meta name="x-unalign-signature">. With `sentences`, a unit cut into
    several sentence units opens into their rows. `compiled_in`: a folder to keep the compiled template in."""
    langs = tuple(languages or alignment.languages)
    absent = [lang for lang in langs if lang not in alignment.languages]
    if absent:
        raise UnalignError(f"{alignment.document}: no {absent[0]} version in this alignment "
                           f"(it has {', '.join(alignment.languages)})")
    columns = [{"code": lang, "name": settings.language(lang)["name"], "native": settings.language(lang)["native"],
                "dir": settings.language(lang)["direction"], "missing": 0, "extra": 0} for lang in langs]
    flag_below = settings.defaults()["confidence"]["flag_below"]
    rows = []
    sentence_rows = _sentence_rows(sentences, langs)
    ids = unique_ids([unit.address for unit in alignment.units])
    for row in unit_rows(alignment, langs):
        unit, number = row.unit, row.number
        cells = []
        for c in columns:
            state = row.state(c["code"])
            c["missing"] += state == "missing"
            c["extra"] += state == "extra"
            cells.append({"lang": c["code"], "dir": c["dir"], "state": state,
                          "paragraphs": [p.text for p in row.shown[c["code"]]], "label": row.labels.get(c["code"], "")})
        rows.append({"number": number, "id": ids[number - 1], "address": unit.address, "confidence": unit.confidence,
                     "low": row.low, "missing": list(row.missing), "extra": list(row.extra), "mismatch": row.mismatch(),
                     "merged_in": [lang for lang in unit.merged_in if lang in row.shown],
                     "split_in": [lang for lang in unit.split_in if lang in row.shown], "joined": list(row.joined),
                     "cells": cells, "problem": row.problem,
                     "reviewed": unit.reviewed, "confirmed": [lang for lang in row.missing if lang in unit.confirmed_missing],
                     "sentences": sentence_rows.get(number, []), "note_to": None})
    by_number = {row["number"]: row for row in rows}
    for k, caller in footnote_callers(alignment).items():  # a footnote's row links to the row that calls it
        if k + 1 in by_number and caller + 1 in by_number:
            by_number[k + 1]["note_to"] = {"id": by_number[caller + 1]["id"], "address": alignment.units[caller].address}
    counts = {"problem": sum(r["problem"] for r in rows), "low": sum(r["low"] for r in rows),
              "mismatch": sum(bool(r["mismatch"]) for r in rows), "missing": sum(bool(r["missing"]) for r in rows),
              "extra": sum(bool(r["extra"]) for r in rows), "split": sum(bool(r["sentences"]) for r in rows),
              "joined": sum(bool(r["joined"]) for r in rows)}
    return _environment(compiled_in).get_template("view.html.j2").render(
        document=alignment.document, columns=columns, rows=rows,
                                                    counts=counts, flag_below=flag_below, script=_SCRIPT,
                                                    script_hash=_SCRIPT_HASH, signature=signature)


def write_view(alignment: Alignment, path: Path, languages: tuple[str, ...] | None = None,
               signature: str = "", sentences: SentenceAlignment | None = None,
               compiled_in: Path | None = None) -> None:
    """Write the HTML view of an alignment to `path` (with its sentence units, when given; `compiled_in`, see
    render_view)."""
    write_text_atomically(path, render_view(alignment, languages, signature, sentences, compiled_in))
