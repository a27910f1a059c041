"""How well unalign finds paragraphs missing in one language (and survives paragraphs merged or split differently).

For each six-language document in corpora/, each trial removes 5% of the paragraphs of one language at random, merges
two pairs of neighbouring paragraphs in a second language and splits two paragraphs at a sentence end in a third;
the gold alignment is transformed the same way, the document is re-aligned, and missing-paragraph precision/recall
and link F1 are measured with align.evaluation (the same code as `unalign evaluate`).

    python benchmarks/holes.py [--trials 6] [--unpc-lines 1000] [--seed 1]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from unalign.align.aligning import align_versions  # noqa: E402
from unalign.align.documents import find_documents  # noqa: E402
from unalign.align.embedding import default_cache_dir, embed  # noqa: E402
from unalign.align.evaluation import Score, evaluate, gold_skip_kinds, load_gold  # noqa: E402
from unalign.align.pipeline import read_document  # noqa: E402

LANGS = ("ar", "zh", "en", "fr", "ru", "es")
_SENTENCE_END = re.compile(r"(?<=[^\d\s][.;。；])\s*(?=\S)")


def gold_body(doc_folder: Path, document) -> tuple[list[dict], dict[str, list[int]], tuple[str, ...]]:
    """The gold units, per language which of the document's paragraphs the gold counts (others are kept as is), and
    the kinds of paragraph it leaves out."""
    skip = gold_skip_kinds(doc_folder / "gold.jsonl")
    counted = {lang: [p.index for p in document.paragraphs[lang] if p.kind not in skip] for lang in LANGS}
    return load_gold(doc_folder / "gold.jsonl"), counted, skip


def perturb(document, gold, counted, rng: random.Random, removed_lang: str, merged_lang: str, split_lang: str):
    """A perturbed copy: (paragraphs per language, gold units over the new paragraphs, skip kinds)."""
    paragraphs, origin = {}, {}
    for lang in LANGS:
        paras = list(document.paragraphs[lang])
        body = list(counted[lang])  # positions the gold counts
        groups = [[i] for i in range(len(paras))]  # each new paragraph: the original indices it holds
        texts = [p.text for p in paras]
        if lang == removed_lang:
            drop = set(rng.sample(body, max(1, len(body) // 20)))
            keep = [k for k in range(len(groups)) if groups[k][0] not in drop]
            groups, texts = [groups[k] for k in keep], [texts[k] for k in keep]
        if lang == merged_lang:
            for _ in range(2):
                k = rng.randrange(len(groups) - 1)
                groups[k:k + 2] = [groups[k] + groups[k + 1]]
                texts[k:k + 2] = [texts[k] + " " + texts[k + 1]]
        if lang == split_lang:
            # Split at a sentence end that leaves at least a third of the text on each side.
            cuts = {k: [m.start() for m in _SENTENCE_END.finditer(t) if len(t) / 3 <= m.start() <= 2 * len(t) / 3]
                    for k, t in enumerate(texts)}
            splittable = [k for k, c in cuts.items() if c]
            for k in sorted(rng.sample(splittable, min(2, len(splittable))), reverse=True):
                cut = cuts[k][0]
                head, tail = texts[k][:cut].rstrip(), texts[k][cut:].lstrip()
                texts[k:k + 1] = [head, tail]
                groups[k:k + 1] = [groups[k], groups[k]]
        paragraphs[lang] = tuple(replace(paras[g[0]], index=n, text=t) for n, (g, t) in enumerate(zip(groups, texts)))
        origin[lang] = groups

    # Gold over the new paragraphs: units joined where a new paragraph spans several of them.
    unit_of = {lang: {} for lang in LANGS}
    position = {lang: {orig: k for k, orig in enumerate(counted[lang])} for lang in LANGS}
    for u, unit in enumerate(gold):
        for lang in LANGS:
            for k in unit.get(lang, []):
                unit_of[lang][counted[lang][k]] = u
    parent = list(range(len(gold)))

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for lang in LANGS:
        for group in origin[lang]:
            units = [unit_of[lang][i] for i in group if i in unit_of[lang]]
            for u in units[1:]:
                parent[find(u)] = find(units[0])
    new_gold: dict[int, dict[str, list[int]]] = {}
    counted_new = {lang: [n for n, g in enumerate(origin[lang]) if g[0] in position[lang]] for lang in LANGS}
    for lang in LANGS:
        renumber = {n: k for k, n in enumerate(counted_new[lang])}
        for n, group in enumerate(origin[lang]):
            if group[0] in unit_of[lang]:
                root = find(unit_of[lang][group[0]])
                new_gold.setdefault(root, {l: [] for l in LANGS})[lang].append(renumber[n])
    ordered = [new_gold[r] for r in sorted(new_gold)]
    return paragraphs, [u for u in ordered if any(u.values())]


BINS = ((0.0, 0.25), (0.25, 0.5), (0.5, 0.75), (0.75, 1.01))


def unit_correctness(alignment, gold, skip) -> list[tuple[float, bool]]:
    """(confidence, correct) per unit: correct when its paragraphs all belong to one gold unit and it lacks exactly the
    languages that gold unit lacks. Units made only of paragraphs the gold does not count are left out."""
    from unalign.align.evaluation import predicted_units

    predicted = predicted_units(alignment, skip)
    where = {lang: {i: k for k, u in enumerate(gold) for i in u.get(lang, [])} for lang in LANGS}
    out = []
    for unit, aligned in zip(predicted, alignment.units):
        gold_units = {where[lang][i] for lang in LANGS for i in unit.get(lang, [])}
        if not gold_units:
            continue
        g = gold[next(iter(gold_units))]
        same_holes = {lang for lang in LANGS if not unit.get(lang)} == {lang for lang in LANGS if not g.get(lang)}
        out.append((aligned.confidence, len(gold_units) == 1 and same_holes))
    return out


def show_disagreements(alignment, gold, skip, title: str) -> None:
    """Print the units whose missing languages differ from the gold's."""
    from unalign.align.evaluation import predicted_units

    predicted = predicted_units(alignment, skip)
    where = {lang: {i: k for k, u in enumerate(gold) for i in u.get(lang, [])} for lang in LANGS}
    for k, unit in enumerate(predicted):
        got = [lang for lang in LANGS if not unit.get(lang)]
        gold_units = {where[lang][i] for lang in LANGS for i in unit.get(lang, [])}
        expected = sorted({lang for g in gold_units for lang in LANGS if not gold[g].get(lang)})
        if gold_units and (expected != sorted(got) or len(gold_units) > 1):
            print(f"{title}: unit {k} missing {got}, gold units {sorted(gold_units)} missing {expected}; "
                  f"confidence {alignment.units[k].confidence}")
            for lang in LANGS:
                for p in alignment.units[k].paragraphs[lang]:
                    print(f"    {lang} {p.index}: {p.text[:90]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--trials", type=int, default=6)
    parser.add_argument("--unpc-lines", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--show", action="store_true", help="print every hole found wrongly or missed")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    cache = default_cache_dir()
    totals_missing, totals_links = Score(0, 0, 0, 0), Score(0, 0, 0, 0)
    calibration: list[tuple[float, bool]] = []
    for name in ("udhr", "sdg_goals_targets", "unpc_v1_devset"):
        folder = ROOT / "corpora" / name
        document = read_document(find_documents(folder)[0][0])
        gold, counted, skip = gold_body(folder, document)
        if name == "unpc_v1_devset":
            n = args.unpc_lines
            document = replace(document, paragraphs={l: ps[:n] for l, ps in document.paragraphs.items()})
            gold, counted = gold[:n], {l: c[:n] for l, c in counted.items()}
        doc_missing, doc_links, started = Score(0, 0, 0, 0), Score(0, 0, 0, 0), time.perf_counter()
        for trial in range(args.trials):
            removed, merged, split = rng.sample(LANGS, 3)
            paragraphs, new_gold = perturb(document, gold, counted, rng, removed, merged, split)
            vectors = {l: embed([p.text for p in ps], cache_dir=cache) for l, ps in paragraphs.items()}
            alignment = align_versions(paragraphs, vectors, f"{name}-trial{trial}")
            result = evaluate(alignment, new_gold, skip)
            if args.show:
                show_disagreements(alignment, new_gold, skip, f"{name} trial {trial} (-{removed} "
                                   f"merged:{merged} split:{split})")
            doc_missing, doc_links = doc_missing + result["missing"], doc_links + result["links"]
            calibration += unit_correctness(alignment, new_gold, skip)
        seconds = (time.perf_counter() - started) / args.trials
        print(f"{name:20} trials={args.trials} missing P={doc_missing.precision:.3f} R={doc_missing.recall:.3f} "
              f"(holes: {doc_missing.correct_gold}/{doc_missing.gold} found, {doc_missing.predicted} predicted)  "
              f"link F1={doc_links.f1:.4f}  {seconds:.1f} s/trial")
        totals_missing, totals_links = totals_missing + doc_missing, totals_links + doc_links
    print(f"{'all':20} missing P={totals_missing.precision:.3f} R={totals_missing.recall:.3f} "
          f"link F1={totals_links.f1:.4f}")
    print("confidence calibration (units: share correct):")
    for low, high in BINS:
        picked = [ok for conf, ok in calibration if low <= conf < high]
        share = sum(picked) / len(picked) if picked else float("nan")
        print(f"  [{low:.2f}, {min(high, 1):.2f}{')' if high <= 1 else ']'}  {len(picked):6d} units  {share:.3f} correct")
    print(json.dumps({"missing_precision": totals_missing.precision, "missing_recall": totals_missing.recall,
                      "link_f1": totals_links.f1}))


if __name__ == "__main__":
    main()
