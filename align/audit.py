"""Coverage audit: which units lack which language, as JSON a script or a person can read."""

from __future__ import annotations

import json
from pathlib import Path

from align.model import Alignment

_SNIPPET = 80


def _snippet(text: str) -> str:
    return text if len(text) <= _SNIPPET else text[: _SNIPPET - 1] + "…"


def audit(alignment: Alignment, files: dict[str, str] | None = None) -> dict:
    """The audit of one aligned document: counts, coverage per language, missing paragraphs, and every unit."""
    langs = alignment.languages
    units = alignment.units
    missing: dict[str, list[dict]] = {lang: [] for lang in langs}
    for number, unit in enumerate(units, 1):
        for lang in unit.missing():
            neighbours = {other: _snippet(unit.text(other)) for other in unit.present()[:2]}
            missing[lang].append({"unit": number, "address": unit.address, "confidence": unit.confidence,
                                  "text": neighbours})
    coverage = {}
    for lang in langs:
        present = sum(1 for u in units if u.paragraphs.get(lang))
        coverage[lang] = {"paragraphs": sum(len(u.paragraphs.get(lang, ())) for u in units),
                          "units_present": present, "units_missing": len(units) - present,
                          "percent": round(100 * present / len(units), 2) if units else 100.0}
    kinds = {lang: [p.kind for u in units for p in u.paragraphs.get(lang, ())] for lang in langs}
    return {
        "document": alignment.document,
        "languages": list(langs),
        "model": alignment.model,
        "files": files or {},
        "units_total": len(units),
        "coverage": coverage,
        "missing": missing,
        "numbering_mismatches": [
            {"unit": k, "address": u.address,
             "labels": {lang: ps[0].address for lang, ps in u.paragraphs.items() if ps and ps[0].address}}
            for k, u in enumerate(units, 1) if "numbering-mismatch" in u.flags],
        "units": [
            {"unit": k, "address": u.address, "confidence": u.confidence, "present": list(u.present()),
             "missing": list(u.missing()), "flags": list(u.flags),
             "paragraphs": {lang: [p.index for p in ps] for lang, ps in u.paragraphs.items()}}
            for k, u in enumerate(units, 1)],
        "paragraph_kinds": kinds,
    }


def write_audit(report: dict, path: Path) -> None:
    """Write an audit as indented UTF-8 JSON."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    tmp.replace(path)
