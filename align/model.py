"""The data that flows through unalign: paragraphs with addresses, aligned units, alignments."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields
from typing import Any


class UnalignError(Exception):
    """A problem with the user's input, reported as one line without a traceback."""


@dataclass(frozen=True)
class Block:
    """What a reader returns: a paragraph before numbering, with its kind (heading, paragraph, footnote, table_row,
    toc), its text and the marks of the footnotes it calls."""

    kind: str
    text: str
    calls: tuple[str, ...] = ()
    page: int | None = None  # the page (from 1) where the block starts, for readers of paged formats
    # Plain text: the numbers of the lines (from 0) the reader joined to this block on weak evidence, where it may be
    # several paragraphs; the other versions decide (align.readers.crosscheck.settle_breaks).
    soft_breaks: tuple[int, ...] = ()


@dataclass(frozen=True)
class DocumentMeta:
    """What a document's masthead says about it: its symbol, date and original language (empty when not found)."""

    symbol: str = ""
    date: str = ""
    original_language: str = ""


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of one language version.

    `index` is its 0-based position in that version; `address` its structural path ("II/A/3/c"), empty when the
    paragraph carries no numbering; `label` the numbering as printed ("3.", "(c)"); `kind` one of heading, paragraph,
    footnote, table_row, toc; `note_to`, for a footnote, the index of the paragraph whose footnote call it answers.
    """

    lang: str
    index: int
    text: str
    address: str = ""
    kind: str = "paragraph"
    label: str = ""
    note_to: int | None = None  # for a footnote: the index of the paragraph that calls it, when known


FOOTNOTE_ADDRESS_PREFIX = "fn-"  # the address numbering.py gives a footnote: "fn-3"


def footnote_address(number: str) -> str:
    """The address of footnote `number`."""
    return f"{FOOTNOTE_ADDRESS_PREFIX}{number}"


def is_footnote_address(address: str) -> bool:
    """Whether `address` is a footnote's (see footnote_address)."""
    return address.startswith(FOOTNOTE_ADDRESS_PREFIX)


def is_minority(present: int, languages: int) -> bool:
    """Whether a unit that `present` of `languages` versions have is held by a minority of them: then it is an extra
    of those that have it (a paragraph they add, a line repeated) and a hole in none of the others."""
    return 2 * present < languages


def extra_and_missing(present: Sequence[str], languages: Sequence[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(extra, missing) of a unit whose text is in the languages `present`, out of `languages`: the languages that
    have it when only a minority does (and none missing), else none extra and the languages without text missing."""
    have = tuple(lang for lang in languages if lang in present)
    if is_minority(len(have), len(languages)):
        return have, ()
    return (), tuple(lang for lang in languages if lang not in present)


@dataclass(frozen=True, kw_only=True)
class Findings:
    """What the aligner found about a unit, computed once by it and read by every output (and what a reviser said):
    `missing`, the languages with no text here that the others' text should have (a hole a reviser checks);
    `extra`, the languages whose paragraphs here only a minority of versions have (an addition, not a hole elsewhere);
    `merged_in` / `split_in`, the languages that hold the unit in fewer / more paragraphs than most versions;
    `numbering`, the printed labels per language when the versions number the unit differently, else None;
    `low_confidence`, confidence below the threshold at which a person should look;
    `reviewed`, "corrected" or "checked" by a reviser's corrections (align/review/corrections.py), else empty;
    `confirmed_missing`, the languages a reviser confirmed really lack this unit.
    """

    missing: tuple[str, ...] = ()
    extra: tuple[str, ...] = ()
    merged_in: tuple[str, ...] = ()
    split_in: tuple[str, ...] = ()
    numbering: Mapping[str, str] | None = None
    low_confidence: bool = False
    reviewed: str = ""
    confirmed_missing: tuple[str, ...] = ()

    def findings(self) -> dict[str, Any]:
        """The findings alone, by name: what another unit of the same content is made with (`**unit.findings()`)."""
        return {name: getattr(self, name) for name in _FINDINGS}

    # The units that have findings (Unit, the audit's AuditUnit) hold `paragraphs`: per language, the paragraphs (or
    # their indices) of the unit.
    def present(self) -> tuple[str, ...]:
        """Languages that have at least one paragraph in this unit."""
        return tuple(lang for lang, paras in self.paragraphs.items() if paras)

    def absent(self) -> tuple[str, ...]:
        """Languages of the alignment that have no paragraph in this unit (missing, or absent beside an extra)."""
        return tuple(lang for lang, paras in self.paragraphs.items() if not paras)


_FINDINGS = tuple(f.name for f in fields(Findings))  # asked for thousands of times a run


@dataclass(frozen=True)
class Unit(Findings):
    """One aligned unit: for each language, the consecutive paragraphs (possibly none) that render it, its confidence,
    its address, and what the aligner found about it (`Findings`, keyword arguments)."""

    paragraphs: dict[str, tuple[Paragraph, ...]]
    confidence: float
    address: str = ""

    def text(self, lang: str) -> str:
        """The unit's text in `lang`, its paragraphs joined by a blank line; empty when the language is missing."""
        return "\n\n".join(p.text for p in self.paragraphs.get(lang, ()))


@dataclass(frozen=True)
class Document:
    """The language versions of one document, read into paragraphs."""

    name: str
    paragraphs: dict[str, tuple[Paragraph, ...]]
    sources: dict[str, str] = field(default_factory=dict)  # language -> file it was read from
    layouts: dict[str, str] = field(default_factory=dict)  # language -> plain-text layout read (text files only)
    reread: tuple[str, ...] = ()  # languages read again in another layout because the other versions disagreed
    meta: dict[str, DocumentMeta] = field(default_factory=dict)  # language -> what its masthead says (PDF)
    # language -> the lines (numbers from 0) that open a paragraph because the other versions have one there, where
    # the reader had joined them on weak evidence (align.readers.crosscheck.settle_breaks)
    breaks: dict[str, tuple[int, ...]] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()  # what the readers said the user should know (a damaged PDF page), one line each

    def masthead(self) -> dict[str, str]:
        """What the versions' mastheads say of the document, for the TMX header: its symbol, and its date and
        original language as the English version (else the first that has them) prints them."""
        order = sorted(self.meta, key=lambda lang: lang != "en")
        out = {}
        for key, name in (("symbol", "x-symbol"), ("date", "x-date"), ("original_language", "x-original-language")):
            value = next((getattr(self.meta[lang], key) for lang in order if getattr(self.meta[lang], key)), "")
            if value:
                out[name] = value
        return out

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(self.paragraphs)

    def reading(self) -> dict[str, dict]:
        """Per language read from plain text: the layout read, whether it was re-read, and the lines where the other
        versions' paragraphs made it open one (the audit's "reading")."""
        return {lang: {"layout": layout, "reread": lang in self.reread, "breaks": list(self.breaks.get(lang, ()))}
                for lang, layout in self.layouts.items()}


@dataclass(frozen=True)
class Alignment:
    """A document's units in document order; every paragraph of every language is in exactly one unit."""

    document: str
    languages: tuple[str, ...]
    units: tuple[Unit, ...]
    model: str = ""


def footnote_callers(alignment: Alignment) -> dict[int, int]:
    """Position of each unit holding footnotes -> position of the unit whose paragraph calls them."""
    unit_of = {(lang, p.index): k for k, unit in enumerate(alignment.units)
               for lang, ps in unit.paragraphs.items() for p in ps}
    callers = {}
    for k, unit in enumerate(alignment.units):
        found = [unit_of.get((lang, p.note_to)) for lang, ps in unit.paragraphs.items() for p in ps
                 if p.note_to is not None]
        found = [c for c in found if c is not None]
        if found:
            callers[k] = found[0]
    return callers


def numbering_mismatch(paragraphs: Mapping[str, tuple[Paragraph, ...]]) -> dict[str, str] | None:
    """The printed labels per language when the versions number a unit (its paragraphs per language) differently (a `3.` against a `4.`).

    Only the unit's own number is compared (the last part of each address), not the chapter or section around it,
    which a version that numbers its headings differently would make differ everywhere.
    """
    if len(set(own_numbers(paragraphs).values())) < 2:
        return None
    return {lang: ps[0].label or ps[0].address for lang, ps in paragraphs.items() if ps and ps[0].address}


def own_numbers(paragraphs: Mapping[str, tuple[Paragraph, ...]]) -> dict[str, str]:
    """Per language holding a numbered paragraph there, the unit's own number: the last part of its first
    paragraph's address (not the chapter or section around it)."""
    return {lang: ps[0].address.rsplit("/", 1)[-1] for lang, ps in paragraphs.items() if ps and ps[0].address}
