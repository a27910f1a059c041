"""Is the to-check list trustworthy on damaged six-language text? (issue 24)

Test documents: the UDHR, the SDG goals and targets, and six-language documents built from the UNPC devset
(`corpora/unpc_v1_devset/`: its lines grouped by source document with `ids.txt`, whole source documents packed into
test documents of about --doc-lines lines). Test documents alternate into a FIT half (even) and a REPORT half (odd);
the UDHR and the SDG each give one trial to each half (different damage draws). Every line is kept: no hard case is
filtered out.

Each damaged copy has, in distinct languages chosen at random:
- paragraphs deleted (about 4 % of one language), half of them next to a heading or a short line;
- a heading (or, where the document has none, a short line) deleted in another language;
- a short formulaic paragraph that looks like its neighbours (an enumeration `(a)`, `(子)`, `一、`, or a short line)
  deleted in another language;
- two pairs of neighbours merged in one language (one next to a heading or short line when possible);
- the same pair of neighbours merged in two languages at once;
- two paragraphs split at a sentence end in another language.

Scored per corpus and pooled, separately for FIT and REPORT, with align.evaluation (the code of `unalign evaluate`):
missing-paragraph precision/recall and link F1; and the to-check list — a unit is *marked* when it carries a hole,
an extra, merged/split, a numbering difference or low confidence; it is *wrong* when its paragraphs do not make up
one gold unit or its holes are not that unit's; it is *worth a look* when wrong, or when its gold unit has a true
hole or a true merge/split (its languages hold it in different numbers of paragraphs). Printed:
the share of marked units worth a look, and the share of wrong units marked.

Paragraph vectors are made as the command makes them (config's [sentences] paragraph_vectors), or as
--paragraph-vectors says.

    python -m benchmarks.checklist [--seed 1] [--quick] [--doc-lines 200] [--docs 8] [--paragraph-vectors whole]
"""

from __future__ import annotations

import argparse
import json
import math
import random
import re
import sys
import time

import numpy as np
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from unalign.aligning import AlignParams, default_params  # noqa: E402
from unalign.aligning.confidence import Signals, confidence  # noqa: E402
from unalign.aligning.consensus import align_with_signals  # noqa: E402
from unalign.documents import find_documents  # noqa: E402
from unalign.embedding import default_cache_dir, embed  # noqa: E402
from unalign.evaluation import Score, evaluate, gold_skip_kinds, load_gold, predicted_units  # noqa: E402
from unalign import settings  # noqa: E402
from unalign.pipeline import read_document  # noqa: E402
from unalign.sentences import split_sentences  # noqa: E402

LANGS = ("ar", "zh", "en", "fr", "ru", "es")
SHORT = 60  # characters: a title, "Article 3", "(a)": a hard neighbour for a hole
_SENTENCE_END = re.compile(r"(?<=[^\d\s][.;。；])\s*(?=\S)")
_FORMULAIC = re.compile(r"^\s*(\(?[a-z]{1,3}\)|\([一-龥]\)|[一二三四五六七八九十]+、|\(?\d{1,3}[.)]|[IVXL]+\.)")


@dataclass(frozen=True)
class TestDocument:
    """One six-language test document: its paragraphs, its gold over the counted paragraphs and what it skips."""

    name: str
    corpus: str
    half: str  # "FIT" or "REPORT"
    paragraphs: dict
    gold: list
    counted: dict
    skip: tuple


def _whole(name: str) -> tuple[dict, list, dict, tuple]:
    """A corpus's document: paragraphs per language, gold, counted positions per language, skipped kinds."""
    folder = ROOT / "corpora" / name
    document = read_document(find_documents(folder)[0][0])
    skip = gold_skip_kinds(folder / "gold.jsonl")
    counted = {lang: [p.index for p in document.paragraphs[lang] if p.kind not in skip] for lang in LANGS}
    return dict(document.paragraphs), load_gold(folder / "gold.jsonl"), counted, skip


def unpc_documents(doc_lines: int, limit: int) -> list[TestDocument]:
    """Test documents of whole UNPC source documents (lines grouped by ids.txt), about `doc_lines` lines each,
    alternating FIT and REPORT; at most `limit` of them."""
    paragraphs, gold, _, skip = _whole("unpc_v1_devset")
    ids = [line.split()[0] for line in (ROOT / "corpora/unpc_v1_devset/ids.txt").read_text(
        encoding="utf-8").splitlines()]
    bounds, start = [], 0
    for k in range(1, len(ids) + 1):
        if k == len(ids) or (ids[k] != ids[k - 1] and k - start >= doc_lines):
            bounds.append((start, k))
            start = k
    out = []
    for n, (a, b) in enumerate(bounds[:limit]):
        paras = {lang: tuple(replace(p, index=i - a) for i, p in enumerate(ps[a:b], start=a))
                 for lang, ps in paragraphs.items()}
        units = [{lang: [i - a for i in u[lang]] for lang in LANGS} for u in gold[a:b]]
        counted = {lang: list(range(b - a)) for lang in LANGS}
        out.append(TestDocument(f"unpc{n}[{a}:{b}]", "unpc", "FIT" if n % 2 == 0 else "REPORT", paras, units,
                                counted, skip))
    return out


def corpus_documents() -> list[TestDocument]:
    """The UDHR and the SDG, each cut at its middle gold unit: the first half in FIT, the second in REPORT (so what
    is fitted never saw the text reported)."""
    out = []
    for name in ("udhr", "sdg_goals_targets"):
        paragraphs, gold, counted, skip = _whole(name)
        middle = len(gold) // 2
        cut = {}  # per language: (paragraph position, counted paragraphs before it) where the REPORT half starts
        for lang in LANGS:
            first = next(u[lang][0] for u in gold[middle:] if u.get(lang))
            cut[lang] = (counted[lang][first], first)
        fit_paragraphs = {lang: ps[:cut[lang][0]] for lang, ps in paragraphs.items()}
        fit_counted = {lang: [i for i in counted[lang] if i < cut[lang][0]] for lang in LANGS}
        out.append(TestDocument(f"{name}-first-half", name, "FIT", fit_paragraphs, gold[:middle], fit_counted, skip))
        report_paragraphs = {lang: tuple(replace(p, index=p.index - cut[lang][0]) for p in ps[cut[lang][0]:])
                             for lang, ps in paragraphs.items()}
        report_counted = {lang: [i - cut[lang][0] for i in counted[lang] if i >= cut[lang][0]] for lang in LANGS}
        report_gold = [{lang: [k - cut[lang][1] for k in u.get(lang, [])] for lang in LANGS} for u in gold[middle:]]
        out.append(TestDocument(f"{name}-second-half", name, "REPORT", report_paragraphs, report_gold,
                                report_counted, skip))
    return out


_CLAUSE_END = re.compile(r"(?<=[^\d\s][,;:，；：、])\s*(?=\S)")


def _cuts(text: str) -> list[int]:
    """Where a paragraph can be split: a sentence end leaving a third of the text on each side, else a clause end
    (as PDF copies cut at a line or page end)."""
    for pattern in (_SENTENCE_END, _CLAUSE_END):
        found = [m.start() for m in pattern.finditer(text) if len(text) / 3 <= m.start() <= 2 * len(text) / 3]
        if found:
            return found
    return []


def _is_shortish(p) -> bool:
    return p.kind == "heading" or len(p.text) < SHORT


def damage(doc: TestDocument, rng: random.Random) -> tuple[dict, list, dict]:
    """A damaged copy: (paragraphs per language, gold units over the new paragraphs, what was done per language)."""
    order = rng.sample(LANGS, 6)
    deleted, heading_gone, formula_gone, merged, merged_two, split = order[0], order[1], order[2], order[3], \
        order[4], order[5]
    body = {lang: set(doc.counted[lang]) for lang in LANGS}
    # The pair merged in two languages at once: the same gold units in both (positions of gold unit u, u + 1).
    single = [u for u in range(len(doc.gold) - 1)
              if all(len(doc.gold[u][l]) == 1 and len(doc.gold[u + 1][l]) == 1 for l in LANGS)]
    both = rng.choice(single) if single else None
    plan: dict[str, dict] = {lang: {"drop": set(), "merge": set(), "split": set()} for lang in LANGS}
    done: dict[str, list[str]] = defaultdict(list)
    for lang in LANGS:
        paras = doc.paragraphs[lang]
        pos = [doc.counted[lang][i] for i in range(len(doc.counted[lang]))]
        near = [i for i in pos if any(0 <= k < len(paras) and _is_shortish(paras[k]) for k in (i - 1, i + 1))]
        if lang == deleted:
            count = max(1, len(pos) // 25)
            chosen = rng.sample(near, min(len(near), count // 2 + count % 2))
            rest = [i for i in pos if i not in chosen]
            plan[lang]["drop"] |= set(chosen + rng.sample(rest, min(len(rest), count - len(chosen))))
            done[lang].append(f"deleted {len(plan[lang]['drop'])}")
        if lang == heading_gone:
            heads = [i for i in pos if paras[i].kind == "heading"] or [i for i in pos if len(paras[i].text) < SHORT]
            if heads:
                plan[lang]["drop"].add(rng.choice(heads))
                done[lang].append("heading deleted")
        if lang == formula_gone:
            forms = [i for i in pos if _FORMULAIC.match(paras[i].text) and len(paras[i].text) < 2 * SHORT] \
                or [i for i in pos if len(paras[i].text) < SHORT]
            if forms:
                plan[lang]["drop"].add(rng.choice(forms))
                done[lang].append("formulaic deleted")
        if lang == merged:
            pairs = [i for i in pos[:-1] if i + 1 in body[lang]]
            near_pairs = [i for i in pairs if i in near or i + 1 in near]
            chosen = rng.sample(near_pairs, 1) if near_pairs else []
            chosen += rng.sample([i for i in pairs if all(abs(i - c) > 1 for c in chosen)] or pairs, 1)
            plan[lang]["merge"] |= set(chosen)
            done[lang].append("merged 2")
        if lang in (merged_two, merged) and both is not None:
            first = doc.counted[lang][doc.gold[both][lang][0]]
            if not any(abs(first - m) <= 1 for m in plan[lang]["merge"]):
                plan[lang]["merge"].add(first)
                done[lang].append("merged with another language")
        if lang == split:
            cuts = {i: _cuts(paras[i].text) for i in pos}
            splittable = [i for i, c in cuts.items() if c]
            near_split = [i for i in splittable if i in near]
            chosen = rng.sample(near_split, 1) if near_split else []
            others = [i for i in splittable if i not in chosen]
            chosen += rng.sample(others, min(1, len(others)))
            plan[lang]["split"] = {i: cuts[i][0] for i in chosen}
            done[lang].append(f"split {len(chosen)}")
    return *_apply(doc, plan), dict(done)


def _apply(doc: TestDocument, plan: dict) -> tuple[dict, list]:
    """The paragraphs after the plan (drop / merge with the next / split at a character) and the gold to match."""
    unit_of = {lang: {} for lang in LANGS}
    for u, unit in enumerate(doc.gold):
        for lang in LANGS:
            for k in unit.get(lang, []):
                unit_of[lang][doc.counted[lang][k]] = u
    parent = list(range(len(doc.gold)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    paragraphs, layout = {}, {}
    for lang in LANGS:
        paras, p = doc.paragraphs[lang], plan[lang]
        out: list[tuple[list[int], int, str]] = []  # (original indices held, template, text)
        skip_next = False
        for i, para in enumerate(paras):
            if skip_next:
                skip_next = False
                continue
            if i in p["drop"]:
                continue
            if i in p["merge"] and i + 1 < len(paras) and i + 1 not in p["drop"]:
                out.append(([i, i + 1], i, para.text + " " + paras[i + 1].text))
                skip_next = True
            elif i in p["split"]:
                cut = p["split"][i]
                out += [([i], i, para.text[:cut].rstrip()), ([i], i, para.text[cut:].lstrip())]
            else:
                out.append(([i], i, para.text))
        for held, _, _ in out:
            units = [unit_of[lang][i] for i in held if i in unit_of[lang]]
            for u in units[1:]:
                parent[find(u)] = find(units[0])
        paragraphs[lang] = tuple(replace(paras[t], index=n, text=x) for n, (_, t, x) in enumerate(out))
        layout[lang] = out
    skip = set(doc.skip)
    new_gold: dict[int, dict[str, list[int]]] = {}
    for lang in LANGS:
        k = 0
        for n, (held, t, _) in enumerate(layout[lang]):
            if doc.paragraphs[lang][t].kind in skip:
                continue
            if held[0] in unit_of[lang]:
                new_gold.setdefault(find(unit_of[lang][held[0]]), {l: [] for l in LANGS})[lang].append(k)
            k += 1
    kept = [r for r in sorted(new_gold) if any(new_gold[r].values())]
    # A gold unit that was an n:m block before the damage (the UDHR's preamble, 8 to 10 paragraphs by language):
    # the gold does not say which of its paragraphs translate which, so the holes inside it are not judged.
    blocks = {find(u) for u, unit in enumerate(doc.gold) if sum(len(unit.get(lang, [])) >= 2 for lang in LANGS) >= 2}
    # A unit merged or split in some language is a finding even where the gold cannot count it: a paragraph merged
    # with the next article's heading, which the gold skips, leaves the counted paragraphs one to one.
    joined = set()
    for lang in LANGS:
        pieces = Counter(tuple(held) for held, _, _ in layout[lang])  # a split paragraph is held by two pieces
        for held, _, _ in layout[lang]:
            counted = [unit_of[lang][i] for i in held if i in unit_of[lang]]
            if counted and (len(held) > 1 or pieces[tuple(held)] > 1):
                joined.add(find(counted[0]))
    return paragraphs, [{**new_gold[r], **({"block": True} if r in blocks else {}),
                         **({"joined": True} if r in joined else {})} for r in kept]


def flagged(unit) -> bool:
    """Whether the unit is on the to-check list for anything but its confidence."""
    return bool(unit.missing or unit.extra or unit.merged_in or unit.split_in or unit.numbering)


@dataclass(frozen=True)
class Verdict:
    """One unit holding a counted paragraph: whether it is flagged by anything but its confidence (a hole, an extra,
    merged/split, numbering), what its confidence is read from, whether it is wrong or holds a true finding."""

    flagged: bool
    signals: Signals
    wrong: bool
    finding: bool

    @property
    def worth(self) -> bool:
        return self.wrong or self.finding

    def low(self, params: AlignParams) -> bool:
        return confidence(self.signals, params) < params.flag_below

    def marked(self, params: AlignParams) -> bool:
        return self.flagged or self.low(params)


def unit_verdicts(alignment, signals: tuple, gold: list, skip: tuple) -> list[Verdict]:
    """A Verdict per unit holding a counted paragraph: wrong when its paragraphs are not all of one gold unit or it
    lacks other languages than that gold unit lacks (a part of an n:m gold unit with every language present is
    right; a part lacking a language of an n:m block of the corpus's gold is not judged, as align.evaluation leaves
    the holes inside such blocks unjudged: the UDHR's preamble, held in 8 to 10 paragraphs by language, is one gold
    unit); a true finding when the gold unit has a hole or is held in more paragraphs by some languages than by
    others, or when the damage merged or split it in some language (a merge or split a reviser should see, also
    with a heading the gold skips)."""
    predicted = predicted_units(alignment, skip)
    where = {lang: {i: k for k, u in enumerate(gold) for i in u.get(lang, [])} for lang in LANGS}
    out = []
    for unit, aligned, signal in zip(predicted, alignment.units, signals):
        gold_units = {where[lang][i] for lang in LANGS for i in unit.get(lang, [])}
        if not gold_units:
            continue
        g = gold[min(gold_units)]
        absent = {lang for lang in LANGS if not unit.get(lang)}
        lacks = absent - {lang for lang in LANGS if not g.get(lang)}
        if len(gold_units) == 1 and lacks and g.get("block"):
            continue  # a part of an n:m block of the gold before the damage, lacking a language: unjudged
        wrong = len(gold_units) > 1 or bool(lacks)
        counts = {len(g[lang]) for lang in LANGS if g.get(lang)}
        out.append(Verdict(flagged(aligned), signal, wrong, bool(absent) or len(counts) > 1 or bool(g.get("joined"))))
    return out


@dataclass
class Tally:
    """Scores summed over damaged copies."""

    missing: Score = Score(0, 0, 0, 0)
    links: Score = Score(0, 0, 0, 0)
    marked: int = 0
    worth: int = 0
    wrong: int = 0
    wrong_marked: int = 0
    low: int = 0
    low_worth: int = 0
    units: int = 0

    def add(self, result: dict, verdicts: list[Verdict], params: AlignParams) -> None:
        """Count one damaged copy, its confidence read with `params`."""
        self.missing, self.links = self.missing + result["missing"], self.links + result["links"]
        self.units += len(verdicts)
        marks = [(v, v.marked(params), v.low(params)) for v in verdicts]
        self.marked += sum(m for _, m, _ in marks)
        self.worth += sum(m and v.worth for v, m, _ in marks)
        self.wrong += sum(v.wrong for v in verdicts)
        self.wrong_marked += sum(m and v.wrong for v, m, _ in marks)
        self.low += sum(low for _, _, low in marks)
        self.low_worth += sum(low and v.worth for v, _, low in marks)

    def line(self, title: str) -> str:
        worth = self.worth / self.marked if self.marked else float("nan")
        caught = self.wrong_marked / self.wrong if self.wrong else float("nan")
        return (f"{title:24} missing P={self.missing.precision:.3f} R={self.missing.recall:.3f} "
                f"({self.missing.correct_gold}/{self.missing.gold} holes found, {self.missing.predicted} reported)  "
                f"link F1={self.links.f1:.4f}  marked {self.marked}/{self.units}: worth a look {worth:.3f} "
                f"({self.worth}/{self.marked}); wrong units marked {self.wrong_marked}/{self.wrong} ({caught:.3f}); "
                f"low confidence {self.low}, worth {self.low_worth}")

    def figures(self) -> dict:
        return {"missing_p": round(self.missing.precision, 4), "missing_r": round(self.missing.recall, 4),
                "link_f1": round(self.links.f1, 4), "marked": self.marked, "worth": self.worth,
                "wrong": self.wrong, "wrong_marked": self.wrong_marked, "low": self.low, "low_worth": self.low_worth,
                "units": self.units}


def paragraph_vectors(paragraphs: dict, strategy: str, cache) -> dict:
    """Each language's paragraph vectors as the pipeline makes them (align_document): "whole" paragraphs encoded, or
    "sentences", the sum of the paragraph's sentence vectors. Every language's texts are encoded in one call, in
    two processes when many are not cached yet."""
    pieces = {lang: [[p.text] if strategy == "whole" else split_sentences(p.text, lang) or [p.text] for p in ps]
              for lang, ps in paragraphs.items()}
    flat = embed([t for each in pieces.values() for ss in each for t in ss], cache_dir=cache, processes=2)
    out, k = {}, 0
    for lang, each in pieces.items():
        rows = []
        for ss in each:
            rows.append(flat[k:k + len(ss)].sum(axis=0))
            k += len(ss)
        out[lang] = np.array(rows, dtype=np.float32).reshape(len(rows), -1)
    return out


@dataclass(frozen=True)
class Trial:
    """One damaged copy aligned: where it comes from, its scores, and a Verdict per unit."""

    half: str
    corpus: str
    name: str
    done: dict
    result: dict
    verdicts: list


def run(docs: list[TestDocument], seeds: tuple[int, ...], trials: int = 1, verbose: bool = True,
        strategy: str | None = None, params: AlignParams | None = None) -> list[Trial]:
    """Damage each test document `trials` times per seed, align, score. `strategy`: the paragraph vectors (default:
    config's [sentences] paragraph_vectors, as the command)."""
    cache = default_cache_dir()
    strategy = strategy or settings.defaults()["sentences"]["paragraph_vectors"]
    params = params or default_params()
    out = []
    for seed in seeds:
        for doc in docs:
            rng = random.Random(f"{seed}-{doc.name}")
            for trial in range(trials):
                paragraphs, gold, done = damage(doc, rng)
                vectors = paragraph_vectors(paragraphs, strategy, cache)
                alignment, signals = align_with_signals(
                    paragraphs, vectors, f"{doc.name}-{trial}", params=params,
                    embed_texts=lambda texts: embed(list(texts), cache_dir=cache))
                result = evaluate(alignment, gold, doc.skip)
                out.append(Trial(doc.half, doc.corpus, f"{doc.name}#{seed}.{trial}", done, result,
                                 unit_verdicts(alignment, signals, gold, doc.skip)))
                if verbose:
                    print(tally(out[-1:], params)[(doc.half, "all")].line(f"  {doc.half} {out[-1].name}"), "|", done,
                          flush=True)
    return out


def tally(trials: list[Trial], params: AlignParams) -> dict[tuple[str, str], Tally]:
    """The trials' scores summed per (half, corpus) and (half, "all"), confidence read with `params`."""
    tallies: dict[tuple[str, str], Tally] = defaultdict(Tally)
    for t in trials:
        for key in ((t.half, t.corpus), (t.half, "all")):
            tallies[key].add(t.result, t.verdicts, params)
    return tallies


def _log_likelihood(verdicts: list[Verdict], params: AlignParams) -> float:
    """How well the confidence predicts that a unit is right: the mean log-probability of what happened."""
    total = 0.0
    for v in verdicts:
        c = min(max(confidence(v.signals, params), 1e-3), 1 - 1e-3)
        total += math.log(1 - c if v.wrong else c)
    return total / max(1, len(verdicts))


def calibrate(verdicts: list[Verdict], params: AlignParams, rounds: int = 3) -> AlignParams:
    """The confidence's link and hole numbers fitted on `verdicts` (maximum likelihood of a unit being right, on a
    grid: the link's midpoint and scale, then the hole's, in turn; the length's midpoint is set just above
    `length_ceiling`)."""
    grids = {
        ("confidence_midpoint", "confidence_scale"): (np.arange(0.10, 0.70, 0.01), np.arange(0.02, 0.16, 0.005)),
        ("hole_midpoint", "hole_scale"): (np.arange(-0.10, 0.10, 0.0025), np.arange(0.0025, 0.06, 0.0025)),
    }
    for _ in range(rounds):
        for (mid, scale), (mids, scales) in grids.items():
            best = max(((_log_likelihood(verdicts, replace(params, **{mid: float(m), scale: float(s)})), m, s)
                        for m in mids for s in scales))
            params = replace(params, **{mid: round(float(best[1]), 3), scale: round(float(best[2]), 3)})
    return params


def length_ceiling(verdicts: list[Verdict], params: AlignParams) -> float:
    """The largest length signal of a right unit that nothing else marks (no finding; its link and hole read sure):
    where the length signal may start to doubt units without marking a right one of `verdicts`."""
    without_length = replace(params, length_midpoint=math.inf)
    return max((v.signals.length for v in verdicts if v.signals.length is not None and not v.wrong
                and not v.flagged and not v.low(without_length)), default=0.0)


def reliability(verdicts: list[Verdict], params: AlignParams) -> str:
    """Per confidence bin: units, and the share of them that are right."""
    edges = (0.0, 0.1, 0.3, 0.5, 0.7, 0.9, 0.99, 1.01)
    rows = []
    for lo, hi in zip(edges, edges[1:]):
        inside = [v for v in verdicts if lo <= confidence(v.signals, params) < hi]
        right = sum(not v.wrong for v in inside)
        share = right / len(inside) if inside else float("nan")
        rows.append(f"[{lo:.2f},{min(hi, 1):.2f}) {len(inside):5} units, right {share:.3f}")
    return "\n".join(rows)


def _print(trials: list[Trial], params: AlignParams, title: str) -> None:
    tallies = tally(trials, params)
    for half in ("FIT", "REPORT"):
        print(f"== {title}, {half} ({'fitted here' if half == 'FIT' else 'held out: not fitted on'})")
        for corpus in ("udhr", "sdg_goals_targets", "unpc", "all"):
            if (half, corpus) in tallies:
                print(tallies[(half, corpus)].line(corpus))
        print(reliability([v for t in trials if t.half == half for v in t.verdicts], params))
    print(json.dumps({f"{h}/{c}": t.figures() for (h, c), t in sorted(tallies.items())}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seeds", type=int, nargs="+", default=[1])
    parser.add_argument("--trials", type=int, default=1, help="damaged copies per test document and seed")
    parser.add_argument("--doc-lines", type=int, default=200, help="lines per UNPC test document (whole documents)")
    parser.add_argument("--docs", type=int, default=8, help="UNPC test documents (alternating FIT and REPORT)")
    parser.add_argument("--quick", action="store_true", help="2 UNPC documents of 100 lines")
    parser.add_argument("--paragraph-vectors", choices=("sentences", "whole"), default=None,
                        help="default: config/defaults.toml [sentences] paragraph_vectors, as the command")
    parser.add_argument("--calibrate", action="store_true",
                        help="fit the confidence on the FIT half and print both halves with the fitted numbers")
    args = parser.parse_args()
    if args.quick:
        args.docs, args.doc_lines = 2, 100
    started = time.perf_counter()
    docs = corpus_documents() + unpc_documents(args.doc_lines, args.docs)
    params = default_params()
    trials = run(docs, tuple(args.seeds), args.trials, strategy=args.paragraph_vectors, params=params)
    _print(trials, params, "config/defaults.toml")
    if args.calibrate:
        fitted = calibrate([v for t in trials if t.half == "FIT" for v in t.verdicts], params)
        print("fitted on FIT:", {name: getattr(fitted, name) for name in (
            "confidence_midpoint", "confidence_scale", "hole_midpoint", "hole_scale")},
              "; right units unmarked reach a length signal of",
              round(length_ceiling([v for t in trials if t.half == "FIT" for v in t.verdicts], params), 3))
        _print(trials, fitted, "fitted")
    print(f"{time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
