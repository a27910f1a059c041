"""How well unalign finds paragraphs missing in one language (and survives paragraphs merged or split differently).

For each six-language document in corpora/, each trial removes 5% of the paragraphs of one language at random, merges
two pairs of neighbouring paragraphs in a second language, splits two paragraphs at a sentence end in a third and
repeats one line in a fourth (an extra: a line pasted twice), half of the places next to a heading or a short line;
the gold alignment is transformed the same way, the document is re-aligned, and missing-paragraph precision/recall
and link F1 are measured with align.evaluation (the same code as `unalign evaluate`), and how many repeated lines
the aligner calls extras of their language (Unit.extra) rather than holes in the others.

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

from unalign.aligning import align_versions  # noqa: E402
from unalign.documents import find_documents  # noqa: E402
from unalign.embedding import default_cache_dir, embed  # noqa: E402
from unalign.evaluation import Score, evaluate, gold_skip_kinds, load_gold  # noqa: E402
from unalign.pipeline import read_document  # noqa: E402

LANGS = ("ar", "zh", "en", "fr", "ru", "es")
_SENTENCE_END = re.compile(r"(?<=[^\d\s][.;。；])\s*(?=\S)")


def gold_body(doc_folder: Path, document) -> tuple[list[dict], dict[str, list[int]], tuple[str, ...]]:
    """The gold units, per language which of the document's paragraphs the gold counts (others are kept as is), and
    the kinds of paragraph it leaves out."""
    skip = gold_skip_kinds(doc_folder / "gold.jsonl")
    counted = {lang: [p.index for p in document.paragraphs[lang] if p.kind not in skip] for lang in LANGS}
    return load_gold(doc_folder / "gold.jsonl"), counted, skip


SHORT = 60  # characters: a line this short (a title, "Article 3") is a hard neighbour for a hole


def _near_short(paras, body: list[int]) -> list[int]:
    """The counted positions next to a heading or a short line."""
    return [i for i in body if any(0 <= k < len(paras) and (paras[k].kind == "heading" or len(paras[k].text) < SHORT)
                                   for k in (i - 1, i + 1))]


def _pick(rng: random.Random, candidates: list[int], near: list[int], count: int) -> list[int]:
    """`count` of the candidates, half of them (when there are any) next to a heading or a short line."""
    near = [c for c in candidates if c in set(near)]
    chosen = rng.sample(near, min(len(near), count // 2)) if near else []
    rest = [c for c in candidates if c not in chosen]
    return chosen + rng.sample(rest, min(len(rest), count - len(chosen)))


def perturb(document, gold, counted, rng: random.Random, removed_lang: str, merged_lang: str, split_lang: str,
            extra_lang: str):
    """A damaged copy: (paragraphs per language, gold units over the new paragraphs, extras as (lang, new index)).

    removed_lang loses 5% of its counted paragraphs, merged_lang has two pairs of neighbours merged, split_lang two
    paragraphs split at a sentence end, extra_lang one paragraph repeated right after itself (a line pasted twice);
    in each, half the places (where possible) next to a heading or a short line.
    """
    paragraphs, origin = {}, {}
    for lang in LANGS:
        paras = list(document.paragraphs[lang])
        body = list(counted[lang])  # positions the gold counts
        near = _near_short(paras, body)
        groups = [[i] for i in range(len(paras))]  # each new paragraph: the original indices it holds
        templates = list(range(len(paras)))  # each new paragraph: the original paragraph it copies kind etc. from
        texts = [p.text for p in paras]
        if lang == removed_lang:
            drop = set(_pick(rng, body, near, max(1, len(body) // 20)))
            keep = [k for k in range(len(groups)) if groups[k][0] not in drop]
            groups, templates, texts = [groups[k] for k in keep], [templates[k] for k in keep], [texts[k] for k in keep]
        if lang == merged_lang:
            pairs = [k for k in range(len(groups) - 1) if len(groups[k]) == 1 and len(groups[k + 1]) == 1
                     and groups[k][0] in set(body) and groups[k + 1][0] in set(body)]
            for k in sorted(_pick(rng, pairs, [k for k in pairs if k in set(near) or k + 1 in set(near)], 2),
                            reverse=True):
                if k + 1 < len(groups):
                    groups[k:k + 2] = [groups[k] + groups[k + 1]]
                    templates[k:k + 2] = [templates[k]]
                    texts[k:k + 2] = [texts[k] + " " + texts[k + 1]]
        if lang == split_lang:
            # Split at a sentence end that leaves at least a third of the text on each side.
            cuts = {k: [m.start() for m in _SENTENCE_END.finditer(t) if len(t) / 3 <= m.start() <= 2 * len(t) / 3]
                    for k, t in enumerate(texts) if groups[k] and groups[k][0] in set(body)}
            splittable = [k for k, c in cuts.items() if c]
            for k in sorted(_pick(rng, splittable, [k for k in splittable if groups[k][0] in set(near)], 2),
                            reverse=True):
                cut = cuts[k][0]
                head, tail = texts[k][:cut].rstrip(), texts[k][cut:].lstrip()
                texts[k:k + 1] = [head, tail]
                groups[k:k + 1] = [groups[k], groups[k]]
                templates[k:k + 1] = [templates[k], templates[k]]
        if lang == extra_lang:
            candidates = [k for k in range(len(groups)) if groups[k] and groups[k][0] in set(body)]
            for k in _pick(rng, candidates, [k for k in candidates if groups[k][0] in set(near)], 1):
                groups.insert(k + 1, [])
                templates.insert(k + 1, templates[k])
                texts.insert(k + 1, texts[k])
        paragraphs[lang] = tuple(replace(paras[t], index=n, text=x) for n, (t, x) in enumerate(zip(templates, texts)))
        origin[lang] = [(g, t) for g, t in zip(groups, templates)]

    # Gold over the new paragraphs: units joined where a new paragraph spans several of them; a repeated line is a
    # unit of its own language alone.
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
        for group, _ in origin[lang]:
            units = [unit_of[lang][i] for i in group if i in unit_of[lang]]
            for u in units[1:]:
                parent[find(u)] = find(units[0])
    new_gold: dict[tuple[int, int], dict[str, list[int]]] = {}
    extras = []
    for lang in LANGS:
        counted_new = [n for n, (_, t) in enumerate(origin[lang]) if t in position[lang]]
        renumber = {n: k for k, n in enumerate(counted_new)}
        for n, (group, template) in enumerate(origin[lang]):
            if not group and n in renumber:
                new_gold[(len(gold) + n, 0)] = {**{l: [] for l in LANGS}, lang: [renumber[n]]}
                extras.append((lang, n))
            elif group and group[0] in unit_of[lang]:
                root = find(unit_of[lang][group[0]])
                new_gold.setdefault((root, 0), {l: [] for l in LANGS})[lang].append(renumber[n])
    ordered = [new_gold[r] for r in sorted(new_gold)]
    return paragraphs, [u for u in ordered if any(u.values())], extras


BINS = ((0.0, 0.25), (0.25, 0.5), (0.5, 0.75), (0.75, 1.01))


def unit_correctness(alignment, gold, skip) -> list[tuple[float, bool]]:
    """(confidence, correct) per unit: correct when its paragraphs all belong to one gold unit and it lacks exactly the
    languages that gold unit lacks. Units made only of paragraphs the gold does not count are left out."""
    from unalign.evaluation import predicted_units

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
    from unalign.evaluation import predicted_units

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
        extras_found = extras_total = 0
        for trial in range(args.trials):
            removed, merged, split, extra = rng.sample(LANGS, 4)
            paragraphs, new_gold, extras = perturb(document, gold, counted, rng, removed, merged, split, extra)
            vectors = {l: embed([p.text for p in ps], cache_dir=cache) for l, ps in paragraphs.items()}
            alignment = align_versions(paragraphs, vectors, f"{name}-trial{trial}",
                                       embed_texts=lambda texts: embed(list(texts), cache_dir=cache))
            result = evaluate(alignment, new_gold, skip)
            if args.show:
                show_disagreements(alignment, new_gold, skip, f"{name} trial {trial} (-{removed} "
                                   f"merged:{merged} split:{split} extra:{extra})")
            unit_of = {(lang, p.index): u for u in alignment.units for lang, ps in u.paragraphs.items() for p in ps}
            extras_found += sum(1 for lang, n in extras if unit_of[(lang, n)].extra == (lang,))
            extras_total += len(extras)
            doc_missing, doc_links = doc_missing + result["missing"], doc_links + result["links"]
            calibration += unit_correctness(alignment, new_gold, skip)
        seconds = (time.perf_counter() - started) / args.trials
        print(f"{name:20} trials={args.trials} missing P={doc_missing.precision:.3f} R={doc_missing.recall:.3f} "
              f"(holes: {doc_missing.correct_gold}/{doc_missing.gold} found, {doc_missing.predicted} predicted)  "
              f"link F1={doc_links.f1:.4f}  extras reported as extras {extras_found}/{extras_total}  "
              f"{seconds:.1f} s/trial")
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
