"""Coverage audit: which units lack which language, as JSON a script or a person can read, and tables of many audits.

One document's audit (`audit`) keeps, besides counts, everything needed to show the alignment again without the
source files: the text, label and address of every paragraph (`paragraph_texts`, …) beside the units' indices.
`alignment_from_audit` turns it back into an `Alignment`; `folder_rows` sums up many audits, worst first.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from unalign.align.sentence_alignment import SentenceAlignment
from unalign.align import settings
from unalign.align.model import Alignment, Paragraph, UnalignError, Unit, numbering_mismatch

_SNIPPET = 80


def _snippet(text: str) -> str:
    return text if len(text) <= _SNIPPET else text[: _SNIPPET - 1] + "…"


def extra_languages(unit: Unit) -> tuple[str, ...]:
    """The languages whose paragraphs in `unit` are extra: fewer than half the languages have the unit.

    Such a unit is a paragraph that one or two versions add (or split off), not a paragraph that the others lack.
    """
    present = unit.present()
    return present if 2 * len(present) < len(unit.paragraphs) else ()


def _hole(units: tuple[Unit, ...], k: int, lang: str) -> dict:
    """Where a unit without `lang` sits in that version: the paragraphs of `lang` just before and after it."""
    before = next((u.paragraphs[lang][-1].text for u in reversed(units[:k]) if u.paragraphs.get(lang)), "")
    after = next((u.paragraphs[lang][0].text for u in units[k + 1:] if u.paragraphs.get(lang)), "")
    return {"before": _snippet(before), "after": _snippet(after)}


def audit(alignment: Alignment, files: dict[str, str] | None = None) -> dict:
    """The audit of one aligned document: counts, coverage per language, missing and extra paragraphs, numbering
    mismatches, every unit, and the paragraphs themselves.

    `missing[lang]` lists every unit without `lang` (with the paragraphs of `lang` around the hole); `extra[lang]`
    the units that only a minority of languages have, `lang` among them.
    """
    langs = alignment.languages
    units = alignment.units
    flag_below = settings.defaults()["confidence"]["flag_below"]
    missing: dict[str, list[dict]] = {lang: [] for lang in langs}
    extra: dict[str, list[dict]] = {lang: [] for lang in langs}
    for k, unit in enumerate(units):
        for lang in unit.missing():
            neighbours = {other: _snippet(unit.text(other)) for other in unit.present()[:2]}
            missing[lang].append({"unit": k + 1, "address": unit.address, "confidence": unit.confidence,
                                  "text": neighbours, **_hole(units, k, lang),
                                  "extra_in": list(extra_languages(unit))})
        for lang in extra_languages(unit):
            extra[lang].append({"unit": k + 1, "address": unit.address, "confidence": unit.confidence,
                                "paragraphs": [p.index for p in unit.paragraphs[lang]],
                                "text": _snippet(unit.text(lang)), "missing_in": list(unit.missing())})
    coverage = {}
    for lang in langs:
        present = sum(1 for u in units if u.paragraphs.get(lang))
        coverage[lang] = {"paragraphs": sum(len(u.paragraphs.get(lang, ())) for u in units),
                          "units_present": present, "units_missing": len(units) - present,
                          "percent": round(100 * present / len(units), 2) if units else 100.0}
    paragraphs = {lang: [p for u in units for p in u.paragraphs.get(lang, ())] for lang in langs}
    mismatches = []
    for k, unit in enumerate(units, 1):
        labels = numbering_mismatch(unit.paragraphs)
        if labels:
            mismatches.append({"unit": k, "address": unit.address, "confidence": unit.confidence, "labels": labels,
                               "addresses": {lang: ps[0].address for lang, ps in unit.paragraphs.items()
                                             if ps and ps[0].address}})
    return {
        "document": alignment.document,
        "languages": list(langs),
        "model": alignment.model,
        "files": files or {},
        "units_total": len(units),
        "confidence_flag_below": flag_below,
        "low_confidence": sum(1 for u in units if u.confidence < flag_below),
        "coverage": coverage,
        "missing": missing,
        "extra": extra,
        "numbering_mismatches": mismatches,
        "units": [
            {"unit": k, "address": u.address, "confidence": u.confidence, "present": list(u.present()),
             "missing": list(u.missing()), "flags": list(u.flags),
             "paragraphs": {lang: [p.index for p in ps] for lang, ps in u.paragraphs.items()}}
            for k, u in enumerate(units, 1)],
        "paragraph_kinds": {lang: [p.kind for p in ps] for lang, ps in paragraphs.items()},
        "paragraph_texts": {lang: [p.text for p in ps] for lang, ps in paragraphs.items()},
        "paragraph_labels": {lang: [p.label for p in ps] for lang, ps in paragraphs.items()},
        "paragraph_addresses": {lang: [p.address for p in ps] for lang, ps in paragraphs.items()},
        # footnote index -> index of the paragraph that calls it
        "footnote_calls": {lang: {str(p.index): p.note_to for p in ps if p.note_to is not None}
                           for lang, ps in paragraphs.items()},
    }


def write_audit(report: dict, path: Path) -> None:
    """Write an audit as indented UTF-8 JSON."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    tmp.replace(path)


def read_audit(path: Path) -> dict:
    """An audit JSON written by `write_audit`, or a one-line UnalignError saying why it is not one."""
    if not path.exists():
        raise UnalignError(f"{path}: no such file")
    if path.is_dir():
        raise UnalignError(f"{path}: a folder, not an audit JSON")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UnalignError(f"{path}: not an unalign audit JSON ({exc})") from None
    if not isinstance(data, dict) or not all(key in data for key in ("units", "paragraph_kinds", "languages")):
        raise UnalignError(f"{path}: not an unalign audit JSON (no 'units')")
    return data


def alignment_from_audit(report: dict, paragraphs: dict[str, tuple[Paragraph, ...]] | None = None) -> Alignment:
    """The alignment an audit records, with the paragraphs it holds, or with `paragraphs` read again from its sources.

    The paragraphs must be those the audit was made from: a count that differs means the source changed since.
    """
    name = report.get("document", "audit")
    if paragraphs is None:
        if "paragraph_texts" not in report:
            raise UnalignError(f"{name}: the audit holds no paragraph texts")
        calls = report.get("footnote_calls", {})
        paragraphs = {lang: tuple(Paragraph(lang, i, text, address, kind, label, calls.get(lang, {}).get(str(i)))
                                  for i, (text, address, kind, label)
                                  in enumerate(zip(report["paragraph_texts"][lang], report["paragraph_addresses"][lang],
                                                   report["paragraph_kinds"][lang], report["paragraph_labels"][lang])))
                      for lang in report["languages"]}
    for lang in report["languages"]:
        if len(paragraphs.get(lang, ())) != len(report["paragraph_kinds"][lang]):
            raise UnalignError(f"{name}: {len(paragraphs.get(lang, ()))} {lang} paragraphs where the audit has "
                               f"{len(report['paragraph_kinds'][lang])}; the source changed since it was aligned")
    units = tuple(Unit({lang: tuple(paragraphs[lang][i] for i in u["paragraphs"].get(lang, []))
                        for lang in report["languages"]},
                       float(u["confidence"]), u["address"], tuple(u.get("flags", ())))
                  for u in report["units"])
    return Alignment(name, tuple(report["languages"]), units, report.get("model", ""))


@dataclass(frozen=True)
class CoverageRow:
    """One document of a folder audit: its coverage per language, and how many units need a look."""

    document: str
    source: str
    units: int
    # lang -> {"percent", "missing", "extra", "paragraphs"}: "percent" is the share of the units at least half the
    # languages have (the shared text) that this language has too, so a paragraph one version adds lowers no one.
    languages: dict[str, dict]
    numbering_mismatches: int
    low_confidence: int

    @property
    def worst_percent(self) -> float:
        return min((c["percent"] for c in self.languages.values()), default=100.0)

    @property
    def missing(self) -> int:
        return sum(c["missing"] for c in self.languages.values())


def coverage_row(report: dict, source: str = "") -> CoverageRow:
    """The folder-table row of one document's audit."""
    units = report["units"]
    count = len(report["languages"])
    shared = [u for u in units if 2 * len(u["present"]) >= count]
    langs: dict[str, dict] = {}
    for lang in report["languages"]:
        missing = sum(1 for u in shared if lang in u["missing"])
        langs[lang] = {"percent": round(100 * (1 - missing / len(shared)), 2) if shared else 100.0,
                       "missing": missing,
                       "extra": sum(1 for u in units if lang in u["present"] and 2 * len(u["present"]) < count),
                       "paragraphs": len(report["paragraph_kinds"][lang])}
    flag_below = report.get("confidence_flag_below", settings.defaults()["confidence"]["flag_below"])
    return CoverageRow(report["document"], source, len(units), langs, len(report.get("numbering_mismatches", [])),
                       sum(1 for u in units if u["confidence"] < flag_below))


def find_audits(paths: list[Path]) -> list[Path]:
    """The audit JSONs named by `paths`: files as given, folders searched recursively for *.audit.json."""
    found = []
    for path in paths:
        if not path.exists():
            raise UnalignError(f"{path}: no such file or folder")
        if path.is_dir():
            inside = sorted(path.rglob("*.audit.json"))
            if not inside:
                raise UnalignError(f"{path}: no *.audit.json in this folder (run 'unalign align' first)")
            found.extend(inside)
        else:
            found.append(path)
    return found


def folder_rows(paths: list[Path]) -> list[CoverageRow]:
    """One row per audit found under `paths`, worst coverage first (then most missing, then by name)."""
    rows = [coverage_row(read_audit(path), str(path)) for path in find_audits(paths)]
    return sorted(rows, key=lambda r: (r.worst_percent, -r.missing, -r.numbering_mismatches, r.document))


def _languages_of(rows: list[CoverageRow]) -> list[str]:
    seen = {lang for row in rows for lang in row.languages}
    return [lang for lang in settings.language_order() if lang in seen]


def coverage_json(rows: list[CoverageRow]) -> str:
    """The folder table as JSON: a list of documents, worst first, each with its counts per language."""
    return json.dumps([{"document": r.document, "audit": r.source, "units": r.units, "missing": r.missing,
                        "worst_percent": r.worst_percent, "numbering_mismatches": r.numbering_mismatches,
                        "low_confidence": r.low_confidence, "languages": r.languages} for r in rows],
                      ensure_ascii=False, indent=1)


def coverage_csv(rows: list[CoverageRow]) -> str:
    """The folder table as CSV: one line per document and language."""
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["document", "language", "coverage_percent", "missing", "extra", "paragraphs", "units",
                     "numbering_mismatches", "low_confidence", "audit"])
    for r in rows:
        for lang, c in r.languages.items():
            writer.writerow([r.document, lang, f"{c['percent']:.2f}", c["missing"], c["extra"], c["paragraphs"],
                             r.units, r.numbering_mismatches, r.low_confidence, r.source])
    return buffer.getvalue()


def coverage_table(rows: list[CoverageRow]):
    """The folder table for the terminal (a rich Table): documents × languages, coverage and missing/extra counts."""
    from rich import box
    from rich.markup import escape
    from rich.table import Table

    langs = _languages_of(rows)
    total_missing = sum(r.missing for r in rows)
    table = Table(title=f"Coverage of {len(rows)} documents, worst first", box=box.SIMPLE_HEAD, title_justify="left",
                  caption=f"{total_missing} missing in all. Coverage: share of the units at least half the versions "
                          "have; -n: units missing in that language; +n: units only a minority of versions have.",
                  caption_justify="left")
    table.add_column("document", overflow="fold", min_width=12)
    table.add_column("units", justify="right")
    for lang in langs:
        table.add_column(lang, justify="right")
    table.add_column("num.", justify="right", header_style="bold", min_width=4)
    table.add_column("low", justify="right", min_width=3)
    for r in rows:
        cells = []
        for lang in langs:
            c = r.languages.get(lang)
            if c is None:
                cells.append("[dim]—[/dim]")
                continue
            text = "100%" if c["percent"] == 100 else f"{min(c['percent'], 99.9):.1f}%"
            if c["missing"]:
                text = f"[bold red]{text} -{c['missing']}[/bold red]"
            if c["extra"]:
                text += f" [blue]+{c['extra']}[/blue]"
            cells.append(text)
        table.add_row(escape(r.document), str(r.units), *cells, str(r.numbering_mismatches or ""),
                      str(r.low_confidence or ""))
    return table


def sentence_audit(sentences: SentenceAlignment) -> dict:
    """The audit's "sentences" section: how many sentence units, how many lack a language or are of low
    confidence, and each one: its paragraph unit (numbered from 1, as in "units"), its number in that unit, its
    confidence and, per language, the positions of its sentences among that unit's sentences in that language
    (as align.sentence_alignment.unit_sentences numbers them)."""
    flag_below = settings.defaults()["confidence"]["flag_below"]
    units = sentences.units
    return {
        "units_total": len(units),
        "incomplete": sum(1 for s in units if s.unit.missing()),
        "low_confidence": sum(1 for s in units if s.unit.confidence < flag_below),
        "units": [{"unit": s.paragraph + 1, "sentence": s.number, "confidence": s.unit.confidence,
                   "sentences": {lang: [p.index for p in ps] for lang, ps in s.unit.paragraphs.items()}}
                  for s in units],
    }


def sentence_alignment_from_audit(report: dict, alignment: Alignment) -> SentenceAlignment | None:
    """The sentence units an audit records (None when it has none), on the alignment read from the same audit: each
    unit's sentences are cut again from its paragraphs as the aligner cut them."""
    from unalign.align.sentence_alignment import SentenceUnit, unit_sentences

    if "sentences" not in report:
        return None
    flag_below = report.get("confidence_flag_below", settings.defaults()["confidence"]["flag_below"])
    cut: dict[int, dict] = {}
    units = []
    for record in report["sentences"]["units"]:
        k = record["unit"] - 1
        parent = alignment.units[k]
        if k not in cut:
            cut[k] = unit_sentences(parent)
        paragraphs = {lang: tuple(cut[k][lang][i] for i in record["sentences"].get(lang, []))
                      for lang in alignment.languages}
        missing = [lang for lang, ps in paragraphs.items() if not ps]
        flags = [f for f in parent.flags if f == "numbering-mismatch"]
        flags += ["missing:" + ",".join(missing)] if missing else []
        flags += ["low-confidence"] if record["confidence"] < flag_below else []
        units.append(SentenceUnit(k, record["sentence"], Unit(paragraphs, record["confidence"], parent.address,
                                                               tuple(flags))))
    return SentenceAlignment(alignment, tuple(units))
