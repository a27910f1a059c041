"""Side-by-side views: a self-contained HTML page, one row per unit, one column per language."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape

from align import settings
from align.model import Alignment

_env = Environment(loader=PackageLoader("align", "templates"), autoescape=select_autoescape(["html", "j2"]),
                   trim_blocks=True, lstrip_blocks=True)


def render_view(alignment: Alignment, languages: tuple[str, ...] | None = None) -> str:
    """The HTML page of an alignment; `languages` picks and orders the columns (default: all of them)."""
    langs = tuple(languages or alignment.languages)
    columns = [{"code": lang, "name": settings.language(lang)["name"],
                "dir": settings.language(lang)["direction"]} for lang in langs]
    flag_below = settings.defaults()["confidence"]["flag_below"]
    rows = []
    for number, unit in enumerate(alignment.units, 1):
        cells = [{"lang": c["code"], "dir": c["dir"],
                  "paragraphs": [p.text for p in unit.paragraphs.get(c["code"], ())]} for c in columns]
        missing = [c["lang"] for c in cells if not c["paragraphs"]]
        rows.append({"number": number, "address": unit.address, "confidence": unit.confidence,
                     "low": unit.confidence < flag_below, "missing": missing, "cells": cells,
                     "problem": bool(missing) or unit.confidence < flag_below or "numbering-mismatch" in unit.flags,
                     "flags": unit.flags})
    problems = sum(r["problem"] for r in rows)
    return _env.get_template("view.html.j2").render(document=alignment.document, columns=columns, rows=rows,
                                                    problems=problems)


def write_view(alignment: Alignment, path: Path, languages: tuple[str, ...] | None = None) -> None:
    """Write the HTML view of an alignment to `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(render_view(alignment, languages), encoding="utf-8")
    tmp.replace(path)
