"""Copies of corpora/ documents with paragraphs deleted from some languages, and their gold to match
(corpora/README.md: "for missing-paragraph tests, delete units programmatically")."""

import json
import shutil
from pathlib import Path

from tests.conftest import CORPORA, LANGS


def _gold_without(gold_path: Path, removed: dict[str, set[int]], to: Path) -> None:
    """The gold with the paragraphs `removed` (language -> indices) taken out and the rest renumbered."""
    lines = []
    for line in gold_path.read_text(encoding="utf-8").splitlines():
        unit = json.loads(line)
        for lang, gone in removed.items():
            unit[lang] = [i - sum(1 for g in gone if g < i) for i in unit[lang] if i not in gone]
        lines.append(json.dumps(unit, ensure_ascii=False))
    to.write_text("\n".join(lines) + "\n", encoding="utf-8")


def sdg_with_holes(folder: Path, removed: dict[str, set[int]]) -> Path:
    """A copy of the SDG goals and targets with some paragraphs deleted from some languages, and its gold to match."""
    folder.mkdir(parents=True)
    for lang in LANGS:
        paragraphs = (CORPORA / "sdg_goals_targets" / f"{lang}.txt").read_text(encoding="utf-8").split("\n\n")
        kept = [p for i, p in enumerate(paragraphs) if i not in removed.get(lang, set())]
        (folder / f"{lang}.txt").write_text("\n\n".join(kept), encoding="utf-8")
    _gold_without(CORPORA / "sdg_goals_targets" / "gold.jsonl", removed, folder / "gold.jsonl")
    return folder


def udhr_with_holes(folder: Path, removed: dict[str, set[int]]) -> Path:
    """A copy of the UDHR with some <p> (gold indices) deleted from some languages' HTML, and its gold to match."""
    from lxml import html

    shutil.copytree(CORPORA / "udhr", folder)
    for lang, gone in removed.items():
        tree = html.parse(str(folder / f"{lang}.html"), parser=html.HTMLParser(encoding="utf-8"))
        paragraphs = tree.getroot().xpath("//header//p | //article//p")
        for i in gone:
            paragraphs[i].drop_tree()
        (folder / f"{lang}.html").write_bytes(html.tostring(tree, encoding="utf-8", doctype="<!DOCTYPE html>"))
    _gold_without(CORPORA / "udhr" / "gold.jsonl", removed, folder / "gold.jsonl")
    return folder


SDG_REMOVED = {"ru": {20, 77, 150}, "ar": {5}, "zh": {185}}
UDHR_REMOVED = {"fr": {12}, "es": {40, 41}}  # article 3 in French; article 26's first two paragraphs in Spanish


ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def sdg_damaged(folder: Path, removed: dict[str, set[int]], merged: dict[str, int], split: dict[str, tuple[int, str]],
                repeated: dict[str, int], arabic_indic: bool = False) -> Path:
    """A copy of the SDG goals and targets damaged as copies made from PDF and Word are, and its gold to match:
    `removed` paragraphs deleted, `merged` paragraph i joined with i + 1, `split` paragraph i cut after the first
    occurrence of a string, `repeated` paragraph i pasted twice (the copy is an extra of that language alone), and
    with `arabic_indic` the Arabic digits written ٠١٢…; indices are the intact file's."""
    folder.mkdir(parents=True)
    gold = [json.loads(line) for line in (CORPORA / "sdg_goals_targets" / "gold.jsonl").read_text(
        encoding="utf-8").splitlines() if line.strip()]
    unit_of = {lang: {i: u for u, unit in enumerate(gold) for i in unit[lang]} for lang in LANGS}
    parent = list(range(len(gold)))

    def root(u: int) -> int:
        while parent[u] != u:
            u = parent[u]
        return u

    layout = {}
    for lang in LANGS:
        texts = (CORPORA / "sdg_goals_targets" / f"{lang}.txt").read_text(encoding="utf-8").split("\n\n")
        if lang == "ar" and arabic_indic:
            texts = [t.translate(ARABIC_INDIC) for t in texts]
        out: list[tuple[list[int], str]] = []  # (intact indices it holds, text); [] for a repeated copy
        for i, text in enumerate(texts):
            if i in removed.get(lang, set()):
                continue
            if lang in merged and i == merged[lang] + 1:
                out[-1] = (out[-1][0] + [i], out[-1][1] + " " + text)
                parent[root(unit_of[lang][i])] = root(unit_of[lang][i - 1])
                continue
            if lang in split and i == split[lang][0]:
                cut = text.index(split[lang][1]) + len(split[lang][1])
                out += [([i], text[:cut].strip()), ([i], text[cut:].strip())]
                continue
            out.append(([i], text))
            if repeated.get(lang) == i:
                out.append(([], text))
        layout[lang] = out
        (folder / f"{lang}.txt").write_text("\n\n".join(text for _, text in out), encoding="utf-8")
    units: dict[tuple[int, int], dict[str, list[int]]] = {}
    for lang, out in layout.items():
        for n, (held, _) in enumerate(out):
            if held:
                key = (root(unit_of[lang][held[0]]), 0)
            else:  # the copy: a unit of its own right after the one of the paragraph it repeats
                key = (root(unit_of[lang][out[n - 1][0][0]]), 1)
            units.setdefault(key, {l: [] for l in LANGS})[lang].append(n)
    (folder / "gold.jsonl").write_text("".join(json.dumps(units[key]) + "\n" for key in sorted(units)),
                                       encoding="utf-8")
    return folder


# Targets 2.1 (right after goal 2's title), 3.3 and 8.10 deleted in Russian, target 3.d merged with goal 4's title in
# French, target 4.a split at its first comma in Chinese, target 5.c pasted twice in Arabic, whose digits are ٠١٢…
SDG_DAMAGE = {"removed": {"ru": {9, 20, 77}}, "merged": {"fr": 30}, "split": {"zh": (39, ",")},
              "repeated": {"ar": 51}, "arabic_indic": True}
