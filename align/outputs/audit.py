"""Coverage audit: which units lack which language, as JSON a script or a person can read, and tables of many audits.

`Audit` owns the JSON of one document (<document>.audit.json): it is made from an `Alignment`, written, read back
(with a one-line error for a damaged file) and turned back into the `Alignment`; no other module reads its keys.
`folder_rows` sums up many audits, worst first.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from pathlib import Path

from unalign import settings
from unalign.model import Alignment, Findings, Paragraph, UnalignError, Unit, is_minority
from unalign.files import readable_json, write_text_atomically

if TYPE_CHECKING:
    from unalign.aligning.sentence_alignment import SentenceAlignment

_SNIPPET = 80


def _snippet(text: str) -> str:
    return text if len(text) <= _SNIPPET else text[: _SNIPPET - 1] + "…"


def _hole(units: tuple[Unit, ...], k: int, lang: str) -> dict:
    """Where a unit without `lang` sits in that version: the paragraphs of `lang` just before and after it."""
    before = next((u.paragraphs[lang][-1].text for u in reversed(units[:k]) if u.paragraphs.get(lang)), "")
    after = next((u.paragraphs[lang][0].text for u in units[k + 1:] if u.paragraphs.get(lang)), "")
    return {"before": _snippet(before), "after": _snippet(after)}


@dataclass(frozen=True)
class AuditUnit(Findings):
    """One unit as the audit records it: its number (from 1), address, confidence, per language the indices of its
    paragraphs, and what the aligner found about it (`model.Findings`, as the unit has them)."""

    number: int
    address: str
    confidence: float
    paragraphs: dict[str, tuple[int, ...]]


@dataclass(frozen=True)
class NumberingMismatch:
    """A unit the versions number differently: the printed label and the address of each language's first paragraph."""

    unit: int
    address: str
    confidence: float
    labels: dict[str, str]
    addresses: dict[str, str]


@dataclass(frozen=True)
class BilingualCount:
    """What a bilingual memory holds: units written, and those left out (numbered from 1) for want of a language."""

    file: str
    written: int
    left_out_units: tuple[int, ...]

    @property
    def left_out(self) -> int:
        return len(self.left_out_units)


@dataclass(frozen=True)
class SentenceRecord:
    """A sentence unit as the audit records it: its paragraph unit (numbered from 1), its number in that unit (from
    1), its confidence and, per language, the positions of its sentences among the unit's sentences in that language
    (as align.aligning.sentence_alignment.unit_sentences numbers them)."""

    unit: int
    sentence: int
    confidence: float
    sentences: dict[str, tuple[int, ...]]


@dataclass(frozen=True)
class Audit:
    """The coverage audit of one aligned document, and the only reader and writer of its JSON (<document>.audit.json).

    Besides counts, the JSON keeps everything needed to show the alignment again without the source files: the text,
    label, address and kind of every paragraph beside the units' indices. An audit written before it held the texts
    has `paragraphs` None: its alignment needs the paragraphs read again from `files` (`align.pipeline.load_alignment`).
    """

    document: str
    languages: tuple[str, ...]
    model: str
    units: tuple[AuditUnit, ...]
    paragraph_kinds: dict[str, tuple[str, ...]]
    paragraphs: dict[str, tuple[Paragraph, ...]] | None = None
    mismatches: tuple[NumberingMismatch, ...] = ()
    files: dict[str, str] = field(default_factory=dict)  # language -> the file it was read from
    bilingual: dict[str, BilingualCount] = field(default_factory=dict)  # "en-fr" -> its memory's counts
    signature: str = ""  # align.options.RunOptions.signature() of the run that wrote it
    # per plain-text version: {"layout": the layout read, "reread": whether the other versions made it read again}
    reading: dict[str, dict] = field(default_factory=dict)
    # the reviser's corrections as applied (review.corrections.CorrectionReport.to_json()), empty without any
    corrections: dict = field(default_factory=dict)
    units_aligned: tuple[AuditUnit, ...] | None = None  # the units as the aligner made them, before the corrections
    sentence_units: tuple[SentenceRecord, ...] | None = None  # None: aligned at the paragraph level only
    sentence_bilingual: dict[str, BilingualCount] = field(default_factory=dict)  # the sentence memories' counts
    masthead: dict[str, str] = field(default_factory=dict)  # x-symbol, x-date, x-original-language from a PDF masthead
    confidence_flag_below: float = field(default_factory=lambda: settings.defaults()["confidence"]["flag_below"])
    source: str = ""  # the file it was read from, named in errors ("" when made from an alignment)

    @classmethod
    def of(cls, alignment: Alignment, files: dict[str, str] | None = None,
           bilingual: dict[str, BilingualCount] | None = None, signature: str = "",
           reading: dict[str, dict] | None = None, corrections: dict | None = None,
           aligned: Alignment | None = None, sentences: SentenceAlignment | None = None,
           sentence_bilingual: dict[str, BilingualCount] | None = None,
           masthead: dict[str, str] | None = None) -> Audit:
        """The audit of an alignment (made from `files`, with the bilingual memories counted in `bilingual`, the
        layouts read in `reading`; with a reviser's `corrections` report and the alignment as `aligned` before them;
        with its `sentences` units and their bilingual memories' counts)."""
        paragraphs = {lang: tuple(sorted((p for u in alignment.units for p in u.paragraphs.get(lang, ())),
                                         key=lambda p: p.index))  # corrections may move a paragraph across units
                      for lang in alignment.languages}
        units = audit_units(alignment.units)
        mismatches = []
        for k, unit in enumerate(alignment.units, 1):
            labels = unit.numbering
            if labels:
                mismatches.append(NumberingMismatch(k, unit.address, unit.confidence, labels,
                                                    {lang: ps[0].address for lang, ps in unit.paragraphs.items()
                                                     if ps and ps[0].address}))
        return cls(alignment.document, tuple(alignment.languages), alignment.model, units,
                   {lang: tuple(p.kind for p in ps) for lang, ps in paragraphs.items()}, paragraphs,
                   tuple(mismatches), dict(files or {}), dict(bilingual or {}), signature, dict(reading or {}),
                   dict(corrections or {}), audit_units(aligned.units) if aligned is not None else None,
                   None if sentences is None else tuple(
                       SentenceRecord(s.paragraph + 1, s.number, s.unit.confidence,
                                      {lang: tuple(p.index for p in ps) for lang, ps in s.unit.paragraphs.items()})
                       for s in sentences.units),
                   dict(sentence_bilingual or {}), dict(masthead or {}))

    @property
    def name(self) -> str:
        """What errors about this audit name: the file it was read from, else its document."""
        return self.source or self.document

    @property
    def holds_texts(self) -> bool:
        return self.paragraphs is not None

    def paragraph_count(self, lang: str) -> int:
        """How many paragraphs the `lang` version has."""
        return len(self.paragraph_kinds[lang])

    def holes(self) -> dict[str, int]:
        """Language -> how many units it is missing from (holes, not the units that are another version's extra)."""
        return {lang: sum(1 for u in self.units if lang in u.missing) for lang in self.languages}

    @property
    def incomplete(self) -> int:
        """Units that some language is missing from."""
        return sum(1 for u in self.units if u.missing)

    @property
    def low_confidence(self) -> int:
        """Units whose confidence is below the threshold that flags them."""
        return sum(1 for u in self.units if u.low_confidence)

    def alignment(self, paragraphs: dict[str, tuple[Paragraph, ...]] | None = None,
                  as_aligned: bool = False) -> Alignment:
        """The alignment the audit records, with the paragraphs it holds, or with `paragraphs` read again from its
        sources; those must be the paragraphs it was made from (a count that differs means a source changed since).
        `as_aligned`: the units as the aligner made them, before a reviser's corrections."""
        paragraphs = paragraphs if paragraphs is not None else self.paragraphs
        if paragraphs is None:
            raise UnalignError(f"{self.name}: the audit holds no paragraph texts")
        for lang in self.languages:
            if len(paragraphs.get(lang, ())) != self.paragraph_count(lang):
                raise UnalignError(f"{self.document}: {len(paragraphs.get(lang, ()))} {lang} paragraphs where the "
                                   f"audit has {self.paragraph_count(lang)}; the source changed since it was aligned")
        try:
            recorded = self.units_aligned if as_aligned and self.units_aligned is not None else self.units
            units = tuple(Unit({lang: tuple(paragraphs[lang][i] for i in u.paragraphs.get(lang, ()))
                                for lang in self.languages}, u.confidence, u.address, **u.findings())
                          for u in recorded)
        except IndexError:
            raise UnalignError(f"{self.name}: a damaged audit JSON (a unit names a paragraph past the "
                               "last)") from None
        return Alignment(self.document, self.languages, units, self.model)

    def coverage_row(self, source: str = "") -> CoverageRow:
        """The folder-table row of this document."""
        count = len(self.languages)
        shared = [u for u in self.units if not is_minority(len(u.present()), count)]
        langs: dict[str, dict] = {}
        for lang in self.languages:
            missing = sum(1 for u in shared if not u.paragraphs.get(lang))
            extra = sum(1 for u in self.units if u.paragraphs.get(lang) and is_minority(len(u.present()), count))
            langs[lang] = {"percent": round(100 * (1 - missing / len(shared)), 2) if shared else 100.0,
                           "missing": missing, "extra": extra, "paragraphs": self.paragraph_count(lang),
                           "reviewed": self.reviewed_in(lang)}
        return CoverageRow(self.document, source, len(self.units), langs, len(self.mismatches),
                           self.low_confidence, self.reviewed,
                           len(self.corrections.get("not_applied", ())))

    def sentence_alignment(self, alignment: Alignment) -> SentenceAlignment | None:
        """The sentence units the audit records (None when it has none), on `alignment` (this audit's): each unit's
        sentences are cut again from its paragraphs as the aligner cut them."""
        from unalign.aligning.sentence_alignment import SentenceAlignment, SentenceUnit, sentence_unit, unit_sentences

        if self.sentence_units is None:
            return None
        cut: dict[int, dict] = {}
        units = []
        try:
            for record in self.sentence_units:
                k = record.unit - 1
                parent = alignment.units[k]
                if k not in cut:
                    cut[k] = unit_sentences(parent)
                paragraphs = {lang: tuple(cut[k][lang][i] for i in record.sentences.get(lang, ()))
                              for lang in alignment.languages}
                units.append(SentenceUnit(k, record.sentence, sentence_unit(paragraphs, record.confidence, parent,
                                                                            self.confidence_flag_below)))
        except (IndexError, KeyError):
            raise UnalignError(f"{self.name}: a damaged audit JSON (a sentence unit names a sentence that its "
                               "unit does not have)") from None
        return SentenceAlignment(alignment, tuple(units))

    @property
    def reviewed(self) -> int:
        """Units a reviser corrected or checked."""
        return sum(1 for u in self.units if u.reviewed)

    def reviewed_in(self, lang: str) -> int:
        """Reviewed units that have `lang`, or that a reviser confirmed lack it."""
        return sum(1 for u in self.units if u.reviewed and (u.paragraphs.get(lang) or lang in u.confirmed_missing))

    def to_json(self) -> dict:
        """The audit as the JSON object written to disk: counts, coverage per language, missing and extra paragraphs,
        numbering mismatches, every unit, and the paragraphs themselves.

        `missing[lang]` lists every unit without `lang` (with the paragraphs of `lang` around the hole); `extra[lang]`
        the units that only a minority of languages have, `lang` among them.
        """
        alignment = self.alignment()
        langs, units = alignment.languages, alignment.units
        missing: dict[str, list[dict]] = {lang: [] for lang in langs}
        extra: dict[str, list[dict]] = {lang: [] for lang in langs}
        for k, unit in enumerate(units):
            for lang in unit.missing:
                neighbours = {other: _snippet(unit.text(other)) for other in unit.present()[:2]}
                missing[lang].append({"unit": k + 1, "address": unit.address, "confidence": unit.confidence,
                                      "text": neighbours, **_hole(units, k, lang),
                                      "extra_in": list(unit.extra),
                                      "confirmed": lang in unit.confirmed_missing})
            for lang in unit.extra:
                extra[lang].append({"unit": k + 1, "address": unit.address, "confidence": unit.confidence,
                                    "paragraphs": [p.index for p in unit.paragraphs[lang]],
                                    "text": _snippet(unit.text(lang)), "missing_in": list(unit.absent())})
        coverage = {}
        for lang in langs:
            present = sum(1 for u in units if u.paragraphs.get(lang))
            coverage[lang] = {"paragraphs": sum(len(u.paragraphs.get(lang, ())) for u in units),
                              "units_present": present, "units_missing": len(units) - present,
                              "percent": round(100 * present / len(units), 2) if units else 100.0,
                              "reviewed": self.reviewed_in(lang)}
        paragraphs = self.paragraphs or {}
        report = {
            "document": self.document,
            "languages": list(langs),
            "model": self.model,
            "signature": self.signature,
            "files": self.files,
            "units_total": len(units),
            "confidence_flag_below": self.confidence_flag_below,
            "low_confidence": self.low_confidence,
            "reviewed": self.reviewed,
            "coverage": coverage,
            "missing": missing,
            "extra": extra,
            "numbering_mismatches": [{"unit": m.unit, "address": m.address, "confidence": m.confidence,
                                      "labels": m.labels, "addresses": m.addresses} for m in self.mismatches],
            "units": _unit_records(self.units),
            "paragraph_kinds": {lang: [p.kind for p in ps] for lang, ps in paragraphs.items()},
            "paragraph_texts": {lang: [p.text for p in ps] for lang, ps in paragraphs.items()},
            "paragraph_labels": {lang: [p.label for p in ps] for lang, ps in paragraphs.items()},
            "paragraph_addresses": {lang: [p.address for p in ps] for lang, ps in paragraphs.items()},
            # footnote index -> index of the paragraph that calls it
            "footnote_calls": {lang: {str(p.index): p.note_to for p in ps if p.note_to is not None}
                               for lang, ps in paragraphs.items()},
        }
        report["bilingual"] = _bilingual_records(self.bilingual)
        report["reading"] = self.reading
        if self.masthead:
            report["masthead"] = self.masthead
        if self.sentence_units is not None:
            flag_below = self.confidence_flag_below
            report["sentences"] = {
                "units_total": len(self.sentence_units),
                "low_confidence": sum(1 for s in self.sentence_units if s.confidence < flag_below),
                "units": [{"unit": s.unit, "sentence": s.sentence, "confidence": s.confidence,
                           "sentences": {lang: list(idx) for lang, idx in s.sentences.items()}}
                          for s in self.sentence_units],
                "bilingual": _bilingual_records(self.sentence_bilingual)}
        if self.corrections:
            report["corrections"] = {**self.corrections, "units_aligned": _unit_records(self.units_aligned or ())}
        return report

    def write(self, path: Path) -> None:
        """Write the audit to `path` as UTF-8 JSON, a unit a line (`readable_json`), through a temporary file renamed
        into place."""
        write_text_atomically(path, readable_json(self.to_json()))

    @classmethod
    def read(cls, path: Path) -> Audit:
        """The audit at `path`, or a one-line UnalignError saying why it is not one."""
        return cls.from_json(_load(path), str(path))

    @classmethod
    def from_json(cls, data: dict, source: str = "") -> Audit:
        """The audit of a JSON object as `to_json` makes it (or as an older unalign wrote it: without texts,
        signature or bilingual counts); `source`, the file it was read from, is named in errors."""
        where = source or "audit"
        if not isinstance(data, dict):
            raise UnalignError(f"{where}: not an unalign audit JSON (not a JSON object)")
        absent = [key for key in ("units", "paragraph_kinds", "languages") if key not in data]
        if absent:
            raise UnalignError(f"{where}: not an unalign audit JSON (no '{absent[0]}')")
        try:
            languages = _parse_languages(data["languages"])
            document = data.get("document", Path(where).name.removesuffix(".audit.json"))  # an older audit's
            if not _is_file_name(document):
                raise _Damaged(f"the document {json.dumps(document, ensure_ascii=False)[:60]} is not a file name")
            kinds = {lang: tuple(data["paragraph_kinds"][lang]) for lang in languages}
            flag_below = float(data.get("confidence_flag_below", settings.defaults()["confidence"]["flag_below"]))
            units = _parse_units(data["units"], languages, flag_below)
            corrections = dict(data.get("corrections", {}))
            aligned = corrections.pop("units_aligned", None)
            counts = {lang: len(kinds[lang]) for lang in languages}
            # The aligner's units hold each language's paragraphs in document order; a reviser's corrections (moves
            # kept from an earlier alignment may land in a unit that is no longer the next one) only in exactly one
            # unit each.
            _check_partition(units, counts, in_order=aligned is None)
            paragraphs = None
            if "paragraph_texts" in data:
                calls = data.get("footnote_calls", {})
                paragraphs = {lang: tuple(Paragraph(lang, i, text, address, kind, label,
                                                    calls.get(lang, {}).get(str(i)))
                                          for i, (text, address, kind, label)
                                          in enumerate(zip(data["paragraph_texts"][lang],
                                                           data["paragraph_addresses"][lang], kinds[lang],
                                                           data["paragraph_labels"][lang], strict=True)))
                              for lang in languages}
            bilingual = _parse_bilingual(data.get("bilingual", {}))
            mismatches = tuple(NumberingMismatch(int(m["unit"]), str(m["address"]), float(m["confidence"]),
                                                 dict(m["labels"]), dict(m["addresses"]))
                               for m in data.get("numbering_mismatches", ()))
            sentence_data = data.get("sentences")
            sentence_units = None if sentence_data is None else tuple(
                SentenceRecord(int(r["unit"]), int(r["sentence"]), float(r["confidence"]),
                               _indices_by_language(r["sentences"], languages))
                for r in sentence_data["units"])
            sentence_bilingual = _parse_bilingual((sentence_data or {}).get("bilingual", {}))
            units_aligned = _parse_units(aligned, languages, flag_below) if aligned is not None else None
            if units_aligned is not None:
                _check_partition(units_aligned, counts, in_order=True)
            audit = cls(document, languages, str(data.get("model", "")), units, kinds,
                        paragraphs, mismatches, dict(data.get("files", {})), bilingual, str(data.get("signature", "")),
                        dict(data.get("reading", {})), corrections, units_aligned,
                        sentence_units, sentence_bilingual, dict(data.get("masthead", {})), flag_below, source)
        except _Damaged as exc:
            raise UnalignError(f"{where}: a damaged audit JSON ({exc})") from None
        except (KeyError, IndexError, TypeError, ValueError, AttributeError) as exc:
            raise UnalignError(f"{where}: a damaged audit JSON ({type(exc).__name__}: {exc})") from None
        return audit

    @staticmethod
    def made_from(path: Path) -> tuple[str | None, tuple[str, ...]]:
        """The signature and the source files (as named when aligned) recorded in the audit at `path`; (None, ())
        when the file is not an audit."""
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError):
            return None, ()
        if not isinstance(data, dict):
            return None, ()
        files = data.get("files")
        return data.get("signature"), tuple(map(str, files.values())) if isinstance(files, dict) else ()


def audit_units(units: tuple[Unit, ...]) -> tuple[AuditUnit, ...]:
    """The units of an alignment as the audit records them (numbered from 1, paragraphs as indices)."""
    return tuple(AuditUnit(number=k, address=u.address, confidence=u.confidence,
                           paragraphs={lang: tuple(p.index for p in ps) for lang, ps in u.paragraphs.items()},
                           **{**u.findings(), "numbering": dict(u.numbering) if u.numbering else None})
                 for k, u in enumerate(units, 1))


def _unit_records(units: tuple[AuditUnit, ...]) -> list[dict]:
    return [{"unit": u.number, "address": u.address, "confidence": u.confidence, "present": list(u.present()),
             **{name: list(value) if isinstance(value, tuple) else value for name, value in u.findings().items()},
             "paragraphs": {lang: list(idx) for lang, idx in u.paragraphs.items()}}
            for u in units]


def _parse_units(records: list[dict], languages: tuple[str, ...], flag_below: float) -> tuple[AuditUnit, ...]:
    """The units of the JSON; an audit written before the units carried their findings gives its "missing" list (the
    absent languages then) and its confidence against `flag_below`."""
    return tuple(AuditUnit(number=int(u["unit"]), address=str(u["address"]), confidence=float(u["confidence"]),
                           paragraphs=_indices_by_language(u["paragraphs"], languages),
                           missing=tuple(u.get("missing", ())), extra=tuple(u.get("extra", ())),
                           merged_in=tuple(u.get("merged_in", ())), split_in=tuple(u.get("split_in", ())),
                           numbering=u.get("numbering") or None,
                           low_confidence=bool(u.get("low_confidence", float(u["confidence"]) < flag_below)),
                           reviewed=str(u.get("reviewed", "")), confirmed_missing=tuple(u.get("confirmed_missing", ())))
                 for u in records)


class _Damaged(ValueError):
    """What makes an audit JSON unusable, said in words (the reader adds the file)."""


def _parse_languages(value: object) -> tuple[str, ...]:
    """The audit's languages: a list of distinct codes of the six."""
    if not isinstance(value, list) or not all(isinstance(lang, str) for lang in value):
        raise _Damaged("'languages' is not a list of language codes")
    unknown = [lang for lang in value if lang not in settings.language_order()]
    if unknown:
        raise _Damaged(f"unknown language '{unknown[0]}' in 'languages'")
    if len(set(value)) != len(value):
        raise _Damaged("a language twice in 'languages'")
    return tuple(value)


def _is_file_name(document: object) -> bool:
    """Whether `document` can name the files of a document beside the audit: a name, not a path."""
    return isinstance(document, str) and document not in ("", ".", "..") and "/" not in document \
        and "\0" not in document


def _indices_by_language(record: dict, languages: tuple[str, ...]) -> dict[str, tuple[int, ...]]:
    """A unit's {language: [indices]}, each index a whole number from 0 and each language one of `languages`."""
    unknown = [lang for lang in record if lang not in languages]
    if unknown:
        raise _Damaged(f"a unit names language '{str(unknown[0])[:20]}', which is not among the audit's languages")
    indices = {lang: tuple(record.get(lang, ())) for lang in languages}
    if any(not isinstance(i, int) or isinstance(i, bool) or i < 0 for idx in indices.values() for i in idx):
        raise _Damaged("a unit names a paragraph or sentence by something other than a whole number from 0")
    return indices


def _check_partition(units: tuple[AuditUnit, ...], counts: dict[str, int], in_order: bool) -> None:
    """Every paragraph of every language (`counts` of them) in exactly one unit, in ascending order inside it; with
    `in_order`, in document order across the units too."""
    for lang, count in counts.items():
        seen = [i for u in units for i in u.paragraphs[lang]]
        past = [i for i in seen if i >= count]
        if past:
            raise _Damaged(f"a unit names {lang} paragraph {past[0]}, but the {lang} version has {count} (from 0)")
        doubled = [i for i, n in Counter(seen).items() if n > 1]
        if doubled:
            raise _Damaged(f"{lang} paragraph {min(doubled)} is in more than one unit")
        if len(seen) < count:
            raise _Damaged(f"{lang} paragraph {min(set(range(count)) - set(seen))} is in no unit")
        if in_order and seen != sorted(seen) or any(list(u.paragraphs[lang]) != sorted(u.paragraphs[lang])
                                                    for u in units):
            raise _Damaged(f"the {lang} paragraphs are not in document order")


def _bilingual_records(counts: dict[str, BilingualCount]) -> dict[str, dict]:
    return {pair: {"file": c.file, "written": c.written, "left_out": c.left_out,
                   "left_out_units": list(c.left_out_units)} for pair, c in counts.items()}


def _parse_bilingual(records: dict[str, dict]) -> dict[str, BilingualCount]:
    return {pair: BilingualCount(c["file"], int(c["written"]), tuple(c["left_out_units"]))
            for pair, c in records.items()}


def _load(path: Path) -> dict:
    if not path.exists():
        raise UnalignError(f"{path}: no such file")
    if path.is_dir():
        raise UnalignError(f"{path}: a folder, not an audit JSON")
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UnalignError(f"{path}: not an unalign audit JSON ({exc})") from None


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
    reviewed: int = 0  # units a reviser corrected or checked
    corrections_not_applied: int = 0  # corrections in <document>.corrections.json that no longer apply

    @property
    def worst_percent(self) -> float:
        return min((c["percent"] for c in self.languages.values()), default=100.0)

    @property
    def missing(self) -> int:
        return sum(c["missing"] for c in self.languages.values())


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
    rows = [Audit.read(path).coverage_row(str(path)) for path in find_audits(paths)]
    return sorted(rows, key=lambda r: (r.worst_percent, -r.missing, -r.numbering_mismatches, r.document))


def _languages_of(rows: list[CoverageRow]) -> list[str]:
    seen = {lang for row in rows for lang in row.languages}
    return [lang for lang in settings.language_order() if lang in seen]


def coverage_json(rows: list[CoverageRow]) -> str:
    """The folder table as JSON: a list of documents, worst first, each with its counts per language."""
    return json.dumps([{"document": r.document, "audit": r.source, "units": r.units, "missing": r.missing,
                        "worst_percent": r.worst_percent, "numbering_mismatches": r.numbering_mismatches,
                        "low_confidence": r.low_confidence, "reviewed": r.reviewed,
                        "corrections_not_applied": r.corrections_not_applied, "languages": r.languages} for r in rows],
                      ensure_ascii=False, indent=1)


def coverage_csv(rows: list[CoverageRow]) -> str:
    """The folder table as CSV: one line per document and language."""
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["document", "language", "coverage_percent", "missing", "extra", "paragraphs", "units",
                     "numbering_mismatches", "low_confidence", "audit", "reviewed"])
    for r in rows:
        for lang, c in r.languages.items():
            writer.writerow([r.document, lang, f"{c['percent']:.2f}", c["missing"], c["extra"], c["paragraphs"],
                             r.units, r.numbering_mismatches, r.low_confidence, r.source, c["reviewed"]])
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
    if any(r.reviewed or r.corrections_not_applied for r in rows):
        table.add_column("reviewed", justify="right")
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
        reviewed = []
        if any(r.reviewed or r.corrections_not_applied for r in rows):
            reviewed = [f"{r.reviewed or ''}" + (f" [red]{r.corrections_not_applied} not applied[/red]"
                                                 if r.corrections_not_applied else "")]
        table.add_row(escape(r.document), str(r.units), *cells, str(r.numbering_mismatches or ""),
                      str(r.low_confidence or ""), *reviewed)
    return table

