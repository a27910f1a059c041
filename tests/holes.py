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
