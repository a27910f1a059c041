"""A reviser's corrections to an alignment: kept in <document>.corrections.json beside the audit, applied again after
every alignment of the document.

Operations name paragraphs by language, a hash of their text, address and index (`ParagraphKey`), never by unit
number, so they find their paragraphs again after the document is aligned anew (with another model, say) or edited
slightly: a paragraph is found by its text, the address and then the nearest index choosing among repeats. An
operation whose paragraphs are gone (edited) or whose unit has changed is reported as not applied, with the reason.

The file is an append-only log: undo and redo are operations too, so two windows correcting one document at once
lose nothing of each other's work (`Corrections.change` rereads the file under a lock before adding to it).
"""

from __future__ import annotations

import functools
import hashlib
import json
import threading
import uuid
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path

from unalign import settings
from unalign.files import write_text_atomically
from unalign.model import Alignment, Paragraph, UnalignError, Unit, extra_and_missing, numbering_mismatch

FORMAT = "unalign-corrections"
VERSION = 1
# What each kind of operation does to the alignment (the others, undo and redo, act on the log).
KINDS = {
    "move": "moves a paragraph into the unit of other paragraphs",
    "split": "starts a new unit at a paragraph (and at the same place in languages with as many paragraphs)",
    "merge": "merges a unit with the units after it, down to another unit",
    "hole": "confirms that a language really lacks a unit",
    "check": "marks a unit checked",
}
LOG_KINDS = ("undo", "redo")


def corrections_path(audit_path: Path) -> Path:
    """Where the corrections of the document of `audit_path` (<document>.audit.json) are kept."""
    name = audit_path.name.removesuffix(".audit.json")
    return audit_path.with_name(f"{name}.corrections.json")


@functools.lru_cache(maxsize=65536)
def text_hash(text: str) -> str:
    """A short, stable digest of a paragraph's text (sha256, 16 hex digits)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class ParagraphKey:
    """A paragraph as a correction names it: language, hash of its text, address and index when it was made."""

    lang: str
    hash: str
    address: str = ""
    index: int = 0

    @classmethod
    def of(cls, paragraph: Paragraph) -> ParagraphKey:
        return cls(paragraph.lang, text_hash(paragraph.text), paragraph.address, paragraph.index)

    def to_json(self) -> dict:
        return {"lang": self.lang, "hash": self.hash, "address": self.address, "index": self.index}

    @classmethod
    def from_json(cls, data: dict) -> ParagraphKey:
        return cls(str(data["lang"]), str(data["hash"]), str(data.get("address", "")), int(data.get("index", 0)))


@dataclass(frozen=True)
class Operation:
    """One entry of the log.

    move: `paragraph` joins the unit of the `target` paragraphs. split: a new unit starts at `paragraph` (and at each
    of `target`, the same place in other languages). merge: the unit of `unit` and the units after it down to the
    unit of `target` become one. hole: the unit whose paragraphs are `unit` really lacks `lang`. check: the unit whose
    paragraphs are `unit` is right. undo / redo: the operation `of` is undone / done again.
    """

    kind: str
    id: str = field(default_factory=lambda: uuid.uuid4().hex[:12])
    paragraph: ParagraphKey | None = None
    target: tuple[ParagraphKey, ...] = ()
    unit: tuple[ParagraphKey, ...] = ()
    lang: str = ""
    of: str = ""
    at: str = field(default_factory=lambda: datetime.now(timezone.utc).isoformat(timespec="seconds"))

    def to_json(self) -> dict:
        data: dict = {"id": self.id, "kind": self.kind, "at": self.at}
        if self.paragraph:
            data["paragraph"] = self.paragraph.to_json()
        if self.target:
            data["target"] = [k.to_json() for k in self.target]
        if self.unit:
            data["unit"] = [k.to_json() for k in self.unit]
        if self.lang:
            data["lang"] = self.lang
        if self.of:
            data["of"] = self.of
        return data

    @classmethod
    def from_json(cls, data: dict) -> Operation:
        kind = str(data["kind"])
        if kind not in KINDS and kind not in LOG_KINDS:
            raise ValueError(f"unknown operation '{kind}'")
        return cls(kind, str(data["id"]),
                   ParagraphKey.from_json(data["paragraph"]) if data.get("paragraph") else None,
                   tuple(ParagraphKey.from_json(k) for k in data.get("target", ())),
                   tuple(ParagraphKey.from_json(k) for k in data.get("unit", ())),
                   str(data.get("lang", "")), str(data.get("of", "")), str(data.get("at", "")))

    def describe(self) -> str:
        """A line saying what the operation does, for lists of corrections."""
        def name(key: ParagraphKey | None) -> str:
            return f"{key.lang} paragraph {key.address or '#' + str(key.index + 1)}" if key else "?"

        first = self.unit[0] if self.unit else None
        if self.kind == "move":
            return f"move {name(self.paragraph)} to the unit of {name(self.target[0] if self.target else None)}"
        if self.kind == "split":
            return f"split the unit before {name(self.paragraph)}"
        if self.kind == "merge":
            return f"merge the unit of {name(first)} with the unit of {name(self.target[0] if self.target else None)}"
        if self.kind == "hole":
            return f"confirm that {self.lang} lacks the unit of {name(first)}"
        if self.kind == "check":
            return f"mark the unit of {name(first)} checked"
        return f"{self.kind} {self.of}"


_locks: dict[Path, threading.Lock] = {}
_locks_guard = threading.Lock()


def _lock_of(path: Path) -> threading.Lock:
    with _locks_guard:
        return _locks.setdefault(path.resolve(), threading.Lock())


@dataclass(frozen=True)
class Corrections:
    """The corrections of one document: its log of operations. Reads and writes <document>.corrections.json."""

    document: str
    operations: tuple[Operation, ...] = ()

    @classmethod
    def read(cls, path: Path, document: str = "") -> Corrections:
        """The corrections kept at `path` (none when there is no such file), or a one-line UnalignError."""
        if not path.exists():
            return cls(document)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(data, dict) or data.get("format") != FORMAT:
                raise ValueError(f"not an {FORMAT} file")
            if int(data.get("version", 0)) > VERSION:
                raise ValueError(f"version {data['version']} is newer than this unalign reads ({VERSION})")
            return cls(str(data.get("document", document)),
                       tuple(Operation.from_json(op) for op in data.get("operations", [])))
        except (UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError, ValueError, AttributeError) as exc:
            raise UnalignError(f"{path}: damaged corrections file ({exc})") from None

    def write(self, path: Path) -> None:
        """Write the log to `path` atomically (a temporary file renamed over it)."""
        data = {"format": FORMAT, "version": VERSION, "document": self.document,
                "operations": [op.to_json() for op in self.operations]}
        write_text_atomically(path, json.dumps(data, ensure_ascii=False, indent=1))

    @classmethod
    def change(cls, path: Path, document: str,
               make: Callable[[Corrections], Sequence[Operation]]) -> tuple[Corrections, tuple[Operation, ...]]:
        """Add to the log at `path` the operations `make` returns for the log as it is now, rereading the file under
        a lock first, so that nothing another window (or process) added meanwhile is lost and each operation is
        made against the latest state. Returns the log as written and the operations added."""
        with _lock_of(path), _file_lock(path):
            current = cls.read(path, document)
            added = tuple(make(current))
            updated = replace(current, operations=current.operations + added)
            if added:
                updated.write(path)
            return updated, added

    def active(self) -> list[Operation]:
        """The corrections in force, in log order: those made and not undone (or undone and redone)."""
        done, undone = self._stacks()
        kept = set(done)
        return [op for op in self.operations if op.id in kept]

    def undoable(self) -> Operation | None:
        """The correction an undo would take back: the last one made or redone."""
        done, _ = self._stacks()
        return self.operation(done[-1]) if done else None

    def redoable(self) -> Operation | None:
        """The correction a redo would make again: the last one undone, if nothing was corrected since."""
        _, undone = self._stacks()
        return self.operation(undone[-1]) if undone else None

    def operation(self, op_id: str) -> Operation:
        """The operation of the log with this id."""
        return next(op for op in self.operations if op.id == op_id)

    def _stacks(self) -> tuple[list[str], list[str]]:
        done: list[str] = []
        undone: list[str] = []
        for op in self.operations:
            if op.kind == "undo":
                if op.of in done:
                    done.remove(op.of)
                    undone.append(op.of)
            elif op.kind == "redo":
                if op.of in undone:
                    undone.remove(op.of)
                    done.append(op.of)
            else:
                done.append(op.id)
                undone.clear()
        return done, undone


class _file_lock:
    """An exclusive lock on <path>.lock across processes (two review servers, or one and 'unalign align')."""

    def __init__(self, path: Path):
        self.path = path.with_name(f".{path.name}.lock")

    def __enter__(self):
        self.handle = open(self.path, "a+")
        try:
            import fcntl

            fcntl.flock(self.handle, fcntl.LOCK_EX)
        except ImportError:  # no fcntl (Windows): the in-process lock still serialises one server's windows
            pass
        return self

    def __exit__(self, *exc):
        self.handle.close()  # closing releases the lock
        return False


@dataclass(frozen=True)
class CorrectionOutcome:
    """What became of one correction when applied: `applied`, else `reason` says why not."""

    operation: Operation
    applied: bool
    reason: str = ""

    def to_json(self) -> dict:
        return {"id": self.operation.id, "kind": self.operation.kind, "what": self.operation.describe(),
                "applied": self.applied, "reason": self.reason, "at": self.operation.at}


@dataclass(frozen=True)
class CorrectionReport:
    """The outcome of every correction in force, in log order."""

    outcomes: tuple[CorrectionOutcome, ...] = ()

    @property
    def applied(self) -> int:
        return sum(o.applied for o in self.outcomes)

    @property
    def not_applied(self) -> list[CorrectionOutcome]:
        return [o for o in self.outcomes if not o.applied]

    def to_json(self) -> dict:
        """The report as the audit keeps it: counts, and every correction that was not applied with its reason."""
        return {"applied": self.applied, "not_applied": [o.to_json() for o in self.not_applied]}


class _Draft:
    """A mutable unit while corrections are applied."""

    def __init__(self, unit: Unit, languages: Sequence[str]):
        self.paragraphs = {lang: list(unit.paragraphs.get(lang, ())) for lang in languages}
        self.confidence = unit.confidence
        self.address = unit.address
        self.aligned = unit  # the unit as the aligner made it: its findings hold while no reviser touches it
        self.reviewed = unit.reviewed
        self.confirmed = list(unit.confirmed_missing)

    def keys(self) -> set[tuple[str, int]]:
        return {(lang, p.index) for lang, ps in self.paragraphs.items() for p in ps}

    def empty(self) -> bool:
        return not any(self.paragraphs.values())


class _State:
    def __init__(self, alignment: Alignment):
        self.languages = alignment.languages
        self.units = [_Draft(u, alignment.languages) for u in alignment.units]
        self.where: dict[tuple[str, int], _Draft] = {}  # each paragraph's unit
        self.settle(self.units)
        self.by_hash: dict[tuple[str, str], list[Paragraph]] = {}
        for unit in alignment.units:
            for lang, ps in unit.paragraphs.items():
                for p in ps:
                    self.by_hash.setdefault((lang, text_hash(p.text)), []).append(p)

    def find(self, key: ParagraphKey) -> Paragraph | None:
        """The paragraph `key` names: same language and text; among repeats, the same address, then the nearest index."""
        candidates = self.by_hash.get((key.lang, key.hash), [])
        if not candidates:
            return None
        return min(candidates, key=lambda p: (p.address != key.address, abs(p.index - key.index)))

    def settle(self, drafts: Sequence[_Draft]) -> None:
        """Record that the paragraphs of `drafts` are theirs (after a correction moved some into them)."""
        for draft in drafts:
            for lang, ps in draft.paragraphs.items():
                for p in ps:
                    self.where[(lang, p.index)] = draft

    def unit_of(self, paragraph: Paragraph) -> int:
        return self.units.index(self.where[(paragraph.lang, paragraph.index)])

    def unit_of_keys(self, keys: Sequence[ParagraphKey]) -> int | None:
        """The unit that holds most of the paragraphs `keys` name (the first such among ties), None if none is found."""
        found = [self.unit_of(p) for p in (self.find(k) for k in keys) if p is not None]
        if not found:
            return None
        counts = Counter(found)
        return min(counts, key=lambda k: (-counts[k], k))

    def exact_unit(self, keys: Sequence[ParagraphKey]) -> tuple[int | None, str]:
        """The unit made of exactly the paragraphs `keys` name, or None and why there is none."""
        paragraphs = [self.find(k) for k in keys]
        if any(p is None for p in paragraphs):
            gone = next(k for k, p in zip(keys, paragraphs) if p is None)
            return None, f"the {gone.lang} paragraph {gone.address or '#' + str(gone.index + 1)} is no longer there"
        units = {self.unit_of(p) for p in paragraphs}
        if len(units) != 1:
            return None, "its paragraphs are no longer in one unit"
        k = units.pop()
        if self.units[k].keys() != {(p.lang, p.index) for p in paragraphs}:
            return None, "the unit holds other paragraphs now"
        return k, ""

    def touch(self, k: int, how: str = "corrected") -> None:
        unit = self.units[k]
        if unit.reviewed != "corrected":
            unit.reviewed = how
        unit.confidence = 1.0

    def drop_empty(self) -> None:
        self.units = [u for u in self.units if not u.empty()]


def _missing_reason(key: ParagraphKey | None) -> str:
    if key is None:
        return "it names no paragraph"
    return f"the {key.lang} paragraph {key.address or '#' + str(key.index + 1)} is no longer there (edited or removed)"


def _apply(state: _State, op: Operation) -> str:
    """Apply one correction to `state`; the reason it cannot be applied, or "" when it was."""
    if op.kind == "move":
        paragraph = state.find(op.paragraph) if op.paragraph else None
        if paragraph is None:
            return _missing_reason(op.paragraph)
        target = state.unit_of_keys(op.target)
        if target is None:
            return "none of the paragraphs of the unit it was moved to is there any more"
        source = state.unit_of(paragraph)
        if source != target:
            state.units[source].paragraphs[paragraph.lang].remove(paragraph)
            joined = state.units[target].paragraphs[paragraph.lang]
            joined.append(paragraph)
            joined.sort(key=lambda p: p.index)
            state.units[source].confirmed = [lang for lang in state.units[source].confirmed
                                             if not state.units[source].paragraphs[lang]]
            if paragraph.lang in state.units[target].confirmed:
                state.units[target].confirmed.remove(paragraph.lang)
            state.settle([state.units[target]])
            state.touch(source)
        state.touch(target)
        state.drop_empty()
        return ""
    if op.kind == "split":
        paragraph = state.find(op.paragraph) if op.paragraph else None
        if paragraph is None:
            return _missing_reason(op.paragraph)
        k = state.unit_of(paragraph)
        unit = state.units[k]
        cuts = [paragraph] + [p for p in (state.find(t) for t in op.target)
                              if p is not None and p.lang != paragraph.lang and p in unit.paragraphs[p.lang]]
        new = _Draft(Unit({}, 1.0), state.languages)
        for cut in cuts:
            kept = unit.paragraphs[cut.lang]
            at = kept.index(cut)
            new.paragraphs[cut.lang], unit.paragraphs[cut.lang] = kept[at:], kept[:at]
        if unit.empty():  # the cut took the whole unit: put it back
            unit.paragraphs, new.paragraphs = {lang: unit.paragraphs[lang] + new.paragraphs[lang]
                                               for lang in state.languages}, {}
            return "the paragraph already begins its unit in every language cut"
        new.address = next((p.address for ps in new.paragraphs.values() for p in ps if p.address), unit.address)
        new.confirmed = []
        unit.confirmed = [lang for lang in unit.confirmed if not unit.paragraphs[lang]]
        state.units.insert(k + 1, new)
        state.settle([new])
        state.touch(k)
        state.touch(k + 1)
        return ""
    if op.kind == "merge":
        first, last = state.unit_of_keys(op.unit), state.unit_of_keys(op.target)
        if first is None or last is None:
            return "the paragraphs of one of the units are no longer there"
        if first > last:
            return "the two units are in the other order now"
        if first < last:
            merged = state.units[first]
            for other in state.units[first + 1:last + 1]:
                for lang in state.languages:
                    merged.paragraphs[lang] = sorted(merged.paragraphs[lang] + other.paragraphs[lang],
                                                     key=lambda p: p.index)
                    other.paragraphs[lang] = []
            merged.confirmed = [lang for lang in merged.confirmed if not merged.paragraphs[lang]]
            state.settle([merged])
            state.drop_empty()
        state.touch(first)
        return ""
    if op.kind in ("hole", "check"):
        k, why = state.exact_unit(op.unit)
        if k is None:
            return why
        unit = state.units[k]
        if op.kind == "hole":
            if op.lang not in state.languages:
                return f"the alignment has no {op.lang} version"
            if unit.paragraphs[op.lang]:
                return f"the unit has a {op.lang} paragraph now"
            if op.lang not in unit.confirmed:
                unit.confirmed.append(op.lang)
        state.touch(k, "checked")
        return ""
    return f"unknown operation '{op.kind}'"


def _findings(draft: _Draft, languages: Sequence[str], flag_below: float) -> dict:
    """What the aligner would say of a corrected unit, worked out again from its paragraphs: the languages missing
    (or, for a unit only a minority of versions have, the extra ones), differing numbers, low confidence. A reviser
    placed its paragraphs, so it is neither merged nor split any more."""
    extra, missing = extra_and_missing([lang for lang in languages if draft.paragraphs[lang]], languages)
    return {"missing": missing, "extra": extra, "merged_in": (), "split_in": (),
            "numbering": numbering_mismatch({lang: tuple(ps) for lang, ps in draft.paragraphs.items()}),
            "low_confidence": draft.confidence < flag_below}


def apply_corrections(alignment: Alignment, corrections: Corrections,
                      flag_below: float | None = None) -> tuple[Alignment, CorrectionReport]:
    """The alignment with the corrections in force applied in log order, and what became of each.

    A corrected or checked unit gets confidence 1 and `reviewed` ("corrected" or "checked"); what the aligner found about a
    corrected unit is worked out again (low confidence below `flag_below`, default config/defaults.toml). The result
    still holds every paragraph of every language in exactly one unit.
    """
    if flag_below is None:
        flag_below = settings.defaults()["confidence"]["flag_below"]
    state = _State(alignment)
    outcomes = []
    for op in corrections.active():
        reason = _apply(state, op)
        outcomes.append(CorrectionOutcome(op, not reason, reason))
    units = []
    for draft in state.units:
        findings = {**(_findings(draft, alignment.languages, flag_below) if draft.reviewed else
                       draft.aligned.findings()), "reviewed": draft.reviewed,
                    "confirmed_missing": tuple(lang for lang in alignment.languages if lang in draft.confirmed)}
        units.append(Unit({lang: tuple(ps) for lang, ps in draft.paragraphs.items()}, draft.confidence, draft.address,
                          **findings))
    corrected = replace(alignment, units=tuple(units))
    _check_partition(alignment, corrected)
    return corrected, CorrectionReport(tuple(outcomes))


def _check_partition(before: Alignment, after: Alignment) -> None:
    """Every paragraph of `before` in exactly one unit of `after` (corrections only move paragraphs between units)."""
    count = sum(len(ps) for u in before.units for ps in u.paragraphs.values())
    placed = [(lang, p.index) for u in after.units for lang, ps in u.paragraphs.items() for p in ps]
    if len(placed) != count or len(set(placed)) != count:
        raise AssertionError(f"{before.document}: corrections lost or doubled a paragraph")


class StaleRequest(ValueError):
    """The unit a request was made on has changed since the page showed it (another window corrected it)."""


def _unit_with(alignment: Alignment, lang: str, index: int) -> int:
    for k, unit in enumerate(alignment.units):
        if any(p.index == index for p in unit.paragraphs.get(lang, ())):
            return k
    raise ValueError(f"there is no {lang} paragraph {index + 1}")


def _keys(unit: Unit) -> tuple[ParagraphKey, ...]:
    return tuple(ParagraphKey.of(p) for ps in unit.paragraphs.values() for p in ps)


def operation_for(alignment: Alignment, request: dict) -> Operation:
    """The operation a reviser asks for, made against the alignment as corrected so far.

    `request` names a unit by one of its paragraphs ("lang", "index"), as the page shows it, and may give the unit's
    paragraphs as the page saw them ("expect": [[lang, index], …]); a unit that changed since raises StaleRequest.
    Kinds: move ("direction": "up" moves the first paragraph of its language in the unit to the unit above, "down"
    the last one to the unit below), split (a new unit from this paragraph on), merge (this unit with the next),
    hole (the unit really lacks "missing"), check. A request that makes no sense raises ValueError saying why.
    """
    kind = request.get("kind")
    if kind not in KINDS:
        raise ValueError(f"unknown correction '{kind}'")
    try:
        lang, index = str(request["lang"]), int(request["index"])
    except (KeyError, TypeError, ValueError, OverflowError):  # OverflowError: "index": 1e400
        raise ValueError("a correction names a paragraph by 'lang' and 'index'") from None
    k = _unit_with(alignment, lang, index)
    unit = alignment.units[k]
    if "expect" in request:
        try:
            seen = {(str(lg), int(i)) for lg, i in request["expect"]}
        except (TypeError, ValueError, OverflowError):
            raise ValueError("'expect' lists the unit's paragraphs as [lang, index] pairs") from None
        if seen != {(p.lang, p.index) for ps in unit.paragraphs.values() for p in ps}:
            raise StaleRequest("this unit was changed meanwhile (in another window?); the page shows it as it is now")
    mine = unit.paragraphs[lang]
    paragraph = next(p for p in mine if p.index == index)
    if kind == "move":
        direction = request.get("direction")
        if direction == "up":
            if paragraph is not mine[0]:
                raise ValueError("only the first paragraph of a language in a unit moves up (split the unit first)")
            if k == 0:
                raise ValueError("the first unit has no unit above")
            target = alignment.units[k - 1]
        elif direction == "down":
            if paragraph is not mine[-1]:
                raise ValueError("only the last paragraph of a language in a unit moves down (split the unit first)")
            if k == len(alignment.units) - 1:
                raise ValueError("the last unit has no unit below")
            target = alignment.units[k + 1]
        else:
            raise ValueError("a move goes 'up' or 'down'")
        return Operation("move", paragraph=ParagraphKey.of(paragraph), target=_keys(target))
    if kind == "split":
        at = mine.index(paragraph)
        also = tuple(ParagraphKey.of(ps[at]) for lg, ps in unit.paragraphs.items()
                     if lg != lang and at > 0 and len(ps) == len(mine))
        if at == 0 and set(unit.present()) == {lang}:
            raise ValueError("the paragraph already begins its unit, which no other language has")
        return Operation("split", paragraph=ParagraphKey.of(paragraph), target=also)
    if kind == "merge":
        if k == len(alignment.units) - 1:
            raise ValueError("the last unit has no unit below to merge with")
        return Operation("merge", unit=_keys(unit), target=_keys(alignment.units[k + 1]))
    if kind == "hole":
        missing = str(request.get("missing", ""))
        if missing not in alignment.languages:
            raise ValueError(f"no {missing or 'language'} version to confirm a hole in")
        if unit.paragraphs.get(missing):
            raise ValueError(f"this unit has a {missing} paragraph")
        return Operation("hole", unit=_keys(unit), lang=missing)
    return Operation("check", unit=_keys(unit))


def undo_operation(corrections: Corrections, kind: str) -> Operation:
    """The log entry that undoes the last correction ("undo") or does the last undone one again ("redo")."""
    target = corrections.undoable() if kind == "undo" else corrections.redoable()
    if target is None:
        raise ValueError(f"nothing to {kind}")
    return Operation(kind, of=target.id)
