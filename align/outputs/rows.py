"""What a reviser is shown of each unit, in the languages shown: one row model for the view and the review app."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from unalign.model import Alignment, Paragraph, Unit, extra_and_missing


@dataclass(frozen=True)
class Row:
    """One unit as a page shows it in some of its languages.

    `number` is the unit's position (from 1); `shown` its paragraphs per language shown; `missing` the shown languages
    with a hole here; `extra` the shown languages whose paragraphs only a minority of the shown versions have; `labels`
    the printed numbers per shown language when they differ; `low` whether its confidence is low; `joined` the shown
    languages that hold the unit in fewer or more paragraphs than most of its languages (merged or split there).
    """

    number: int
    unit: Unit
    shown: Mapping[str, tuple[Paragraph, ...]]
    missing: tuple[str, ...]
    extra: tuple[str, ...]
    labels: Mapping[str, str]
    low: bool
    joined: tuple[str, ...]

    @property
    def problem(self) -> bool:
        """Whether a reviser should look at this row."""
        return bool(self.missing or self.extra or self.low or self.labels or self.joined)

    def mismatch(self) -> list[str]:
        """The differing numbers as shown: "en 3.", "fr 4."."""
        return [f"{lang} {label}" for lang, label in self.labels.items()]

    def state(self, lang: str) -> str:
        """A cell's state: "extra" (text only a minority has), "missing" (a hole), "gap" (no text, and no hole:
        beside an extra, or explained by a neighbour's merge or split), else ""."""
        if self.shown[lang]:
            return "extra" if self.extra else ""
        return "missing" if lang in self.missing else "gap"


def unit_rows(alignment: Alignment, languages: tuple[str, ...]) -> list[Row]:
    """The rows of an alignment's units that have text in `languages` (a subset of its languages, in the page's order).

    With every language shown, a row says what the aligner found (the unit's `missing`, `extra`, `numbering`,
    `low_confidence`); with some, the minority rule is applied to the languages shown, so a bilingual page of en and fr
    does not flag a unit that lacks Arabic.
    """
    every = set(languages) == set(alignment.languages)
    rows = []
    for number, unit in enumerate(alignment.units, 1):
        shown = {lang: unit.paragraphs.get(lang, ()) for lang in languages}
        here = [lang for lang, paragraphs in shown.items() if paragraphs]
        if not here:
            continue
        if every:
            extra, missing = unit.extra, unit.missing
        else:
            extra, missing = extra_and_missing(here, languages)
        numbering = unit.numbering or {}
        labels = {lang: numbering[lang] for lang in here if lang in numbering}
        if len(set(labels.values())) < 2:
            labels = {}
        rows.append(Row(number=number, unit=unit, shown=shown, labels=labels, low=unit.low_confidence,
                        missing=tuple(lang for lang in languages if lang in missing),
                        extra=tuple(lang for lang in languages if lang in extra),
                        joined=tuple(lang for lang in languages if lang in unit.merged_in + unit.split_in)))
    return rows
