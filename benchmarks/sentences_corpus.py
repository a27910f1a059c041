"""A six-language document of multi-sentence UN paragraphs with a sentence gold, made from the UNPC devset.

The devset's lines are sentences, six-way aligned (line i of every language translates line i), and ids.txt says
which document each comes from. Lines of one document, in order, are joined 2 to 6 at a time into one paragraph in
every language (a space between them, none in Chinese). Only lines that end a sentence in all six languages are
used (a heading or a list item ending in ';' is not a sentence of a paragraph), and none with square brackets
(the reader takes "[18]()" for a footnote call). Then, in every `delete_every`-th
paragraph, one sentence is deleted from one language (the languages in turn), and in every `join_every`-th, two
neighbouring sentences of another language are joined into one: the first one's final stop becomes a semicolon.

Gold: paragraph k <-> paragraph k (gold.jsonl, as the other corpora), and line i <-> line i at sentence level
(sentences.gold.jsonl): one unit per line, each language's sentence given as [paragraph index, text]; a deleted
sentence leaves its language empty, and two lines joined in one language make one unit holding both lines.
Nothing here is invented text but the semicolons.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

from benchmarks.synthetic import LANGS, paragraphs, unpc_documents

_ENDS = tuple(".!?。！？؟")
_CLOSING = "\"'”’»)]）」』"
_SEMICOLON = {"zh": "；", "ar": "؛"}


def _ends_sentence(line: str) -> bool:
    # Square brackets are left out too: the reader takes "[18]()" for a footnote call and removes it.
    return line.rstrip().rstrip(_CLOSING).endswith(_ENDS) and "[" not in line


def _joined_with_semicolon(first: str, second: str, lang: str) -> str:
    """Two sentences made one: the first one's final stop becomes a semicolon."""
    stripped = first.rstrip()
    return stripped[:-1] + _SEMICOLON.get(lang, ";") + ("" if lang == "zh" else " ") + second


def build(folder: Path, delete_every: int = 5, join_every: int = 7, seed: int = 17,
          max_paragraphs: int | None = None) -> Path:
    """Write <lang>.txt, gold.jsonl and sentences.gold.jsonl into `folder`; returns it."""
    lines = {lang: paragraphs("unpc_v1_devset", lang) for lang in LANGS}
    chooser = random.Random(seed)
    groups: list[list[int]] = []
    for numbers in unpc_documents().values():
        usable = [i for i in numbers if all(lines[lang][i].strip() and _ends_sentence(lines[lang][i]) for lang in LANGS)]
        while len(usable) >= 2:
            size = min(chooser.randint(2, 6), len(usable))
            groups.append(usable[:size])
            usable = usable[size:]
    if max_paragraphs:
        groups = groups[:max_paragraphs]
    texts: dict[str, list[str]] = {lang: [] for lang in LANGS}
    sentence_gold: list[dict] = []
    for k, group in enumerate(groups):
        deleted_lang = LANGS[(k // delete_every) % len(LANGS)] if k % delete_every == delete_every - 1 else None
        joined_lang = LANGS[(k // join_every + 3) % len(LANGS)] if k % join_every == join_every - 1 else None
        if joined_lang == deleted_lang:
            joined_lang = None
        deleted_line = group[chooser.randrange(len(group))] if deleted_lang else None
        joined_at = chooser.randrange(len(group) - 1) if joined_lang else None  # joins group[j] and group[j + 1]
        units = [{"id": f"line-{i}"} | {lang: [] for lang in LANGS} for i in group]
        for lang in LANGS:
            pieces: list[tuple[str, list[int]]] = []  # text, positions in the group of the lines it holds
            for position, i in enumerate(group):
                if lang == deleted_lang and i == deleted_line:
                    continue
                line = lines[lang][i].strip()
                if lang == joined_lang and joined_at is not None and position == joined_at + 1 and pieces and \
                        pieces[-1][1] == [joined_at]:
                    pieces[-1] = (_joined_with_semicolon(pieces[-1][0], line, lang), [joined_at, position])
                else:
                    pieces.append((line, [position]))
            for text, positions in pieces:
                for position in positions[1:]:
                    units[position][lang] = None  # marker: this unit is merged into the first one's
                units[positions[0]][lang] = [[k, text]]
            texts[lang].append(("" if lang == "zh" else " ").join(text for text, _ in pieces))
        # A line joined to the one before it in some language: the two lines are one unit.
        merged: list[dict] = []
        for unit in units:
            if any(unit[lang] is None for lang in LANGS):
                previous = merged[-1]
                previous["id"] += "+" + unit["id"].removeprefix("line-")
                for lang in LANGS:
                    if unit[lang]:
                        previous[lang] = previous[lang] + unit[lang]
            else:
                merged.append(unit)
        sentence_gold.extend(merged)
    folder.mkdir(parents=True, exist_ok=True)
    for lang in LANGS:
        (folder / f"{lang}.txt").write_text("\n\n".join(texts[lang]) + "\n", encoding="utf-8")
    (folder / "gold.jsonl").write_text("".join(json.dumps({"id": f"p{k}"} | {lang: [k] for lang in LANGS}) + "\n"
                                               for k in range(len(groups))), encoding="utf-8")
    (folder / "sentences.gold.jsonl").write_text(
        "".join(json.dumps(unit, ensure_ascii=False) + "\n" for unit in sentence_gold), encoding="utf-8")
    return folder
