"""A six-language document of multi-sentence UN paragraphs with a sentence gold, made from the UNPC devset.

The devset's lines are six-way aligned (line i of every language translates line i), and ids.txt says which document
each comes from. Lines of one document, in order, are joined 2 to 6 at a time into one paragraph in every language (a
space between them, none in Chinese). Two versions:

- unfiltered (`well_formed=False`): every line of the document, as a careless copy, a scraped page or a PDF without
  paragraph spacing gives it: headings run into the sentence after them ("Introduction 1. The Council…"), list items
  ending in ";" or ":" and numbered items inside a paragraph. Only a line blank in some language (there is one) and
  the lines with square brackets are left out (the reader takes "[18]" or "[text]" for a footnote call and removes
  it, so the gold's text would not be found; 1 % of the lines).
- well-formed (`well_formed=True`): only the lines that end a sentence in all six languages, so that a paragraph
  holds full sentences only (a heading or a list item is a paragraph of its own in a well-formed document).

The documents are split in two halves by their position in ids.txt (`part`): "fit" (the even ones), on which the
splitter and the sentence aligner were tuned, and "report" (the odd ones), on which the figures are reported.

Damage, in one language at a time (the languages in turn): in every `delete_every`-th paragraph one line is deleted;
in every `join_every`-th two neighbouring lines are joined into one sentence (the first one's final stop becomes a
semicolon); in every `split_every`-th one line is cut in two sentences at its middle comma or semicolon (the comma
becomes a full stop, and in languages with case the next letter a capital).

Gold: paragraph k <-> paragraph k (gold.jsonl, as the other corpora), and line i <-> line i at sentence level
(sentences.gold.jsonl): one unit per line, each language's text given as [paragraph index, text] pieces; a deleted
line leaves its language empty, two lines joined in one language make one unit holding both lines, a line split in
one language holds its two pieces there. Nothing here is invented text but the semicolons, stops and capitals.
"""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

from benchmarks.synthetic import LANGS, paragraphs, unpc_documents

_ENDS = tuple(".!?。！？؟")
_CLOSING = "\"'”’»)]）」』"
_SEMICOLON = {"zh": "；", "ar": "؛"}
_STOP = {"zh": "。"}
# Where a line may be cut in two: a comma or semicolon followed by a space (none in Chinese), away from the ends.
_CUT = {"zh": re.compile("[，；]"), "ar": re.compile("[،؛,;] ")}
_CUT_DEFAULT = re.compile("[,;] ")
_BULLET = re.compile(r"^[-*+•]\s+(?=\S)")


def _ends_sentence(line: str) -> bool:
    """Whether the line ends with a sentence end (before closing quotes or brackets)."""
    return line.rstrip().rstrip(_CLOSING).endswith(_ENDS)


def _joined_with_semicolon(first: str, second: str, lang: str) -> str:
    """Two sentences made one: the first one's final stop becomes a semicolon."""
    stripped = first.rstrip()
    if _ends_sentence(stripped) and stripped[-1] in _ENDS:
        stripped = stripped[:-1]
    return stripped + _SEMICOLON.get(lang, ";") + ("" if lang == "zh" else " ") + second


def _cut_in_two(line: str, lang: str) -> tuple[str, str] | None:
    """The line cut at the comma or semicolon nearest its middle (a stop put there), or None if it has none far
    enough from both ends (a fifth of the line)."""
    marks = [m for m in _CUT.get(lang, _CUT_DEFAULT).finditer(line)
             if len(line) // 5 < m.start() < len(line) - len(line) // 5]
    if not marks:
        return None
    mark = min(marks, key=lambda m: abs(m.start() - len(line) // 2))
    first = line[:mark.start()] + _STOP.get(lang, ".")
    second = line[mark.end():].lstrip()
    if not second:
        return None
    if lang in ("en", "fr", "ru", "es"):
        second = second[0].upper() + second[1:]
    return first, second


def document_groups(well_formed: bool, part: str | None = None, seed: int = 17) -> list[list[int]]:
    """The devset's line numbers grouped into paragraphs of 2-6 lines of one document (see the module docstring)."""
    lines = {lang: paragraphs("unpc_v1_devset", lang) for lang in LANGS}
    chooser = random.Random(seed)
    groups: list[list[int]] = []
    for position, numbers in enumerate(unpc_documents().values()):
        if part is not None and (position % 2 == 0) != (part == "fit"):
            continue
        usable = [i for i in numbers if all(lines[lang][i].strip() and "[" not in lines[lang][i] for lang in LANGS)
                  and (not well_formed or all(_ends_sentence(lines[lang][i]) for lang in LANGS))]
        while len(usable) >= 2:
            size = min(chooser.randint(2, 6), len(usable))
            groups.append(usable[:size])
            usable = usable[size:]
    return groups


def build(folder: Path, delete_every: int = 5, join_every: int = 7, split_every: int = 6, seed: int = 17,
          max_paragraphs: int | None = None, well_formed: bool = True, part: str | None = None) -> Path:
    """Write <lang>.txt, gold.jsonl and sentences.gold.jsonl into `folder`; returns it."""
    lines = {lang: paragraphs("unpc_v1_devset", lang) for lang in LANGS}
    groups = document_groups(well_formed, part, seed)
    if max_paragraphs:
        groups = groups[:max_paragraphs]
    chooser = random.Random(seed + 1)
    texts: dict[str, list[str]] = {lang: [] for lang in LANGS}
    sentence_gold: list[dict] = []
    for k, group in enumerate(groups):
        deleted_lang = LANGS[(k // delete_every) % len(LANGS)] if k % delete_every == delete_every - 1 else None
        joined_lang = LANGS[(k // join_every + 3) % len(LANGS)] if k % join_every == join_every - 1 else None
        split_lang = LANGS[(k // split_every + 1) % len(LANGS)] if k % split_every == split_every - 1 else None
        if joined_lang == deleted_lang:
            joined_lang = None
        if split_lang in (deleted_lang, joined_lang):
            split_lang = None
        deleted_line = group[chooser.randrange(len(group))] if deleted_lang else None
        # joins group[j] and group[j + 1], neither the deleted line (the gold would hide the deletion in the join)
        joinable = [j for j in range(len(group) - 1) if deleted_line not in group[j:j + 2]]
        joined_at = chooser.choice(joinable) if joined_lang and joinable else None
        split_line = group[chooser.randrange(len(group))] if split_lang else None
        units = [{"id": f"line-{i}"} | {lang: [] for lang in LANGS} for i in group]
        for lang in LANGS:
            pieces: list[tuple[str, list[int]]] = []  # text, positions in the group of the lines it holds
            for position, i in enumerate(group):
                if lang == deleted_lang and i == deleted_line:
                    continue
                # footnote marks and bullets ("Italy*", "* item"): the reader drops them
                line = lines[lang][i].replace("*", "").strip()
                cut = _cut_in_two(line, lang) if lang == split_lang and i == split_line else None
                if lang == joined_lang and joined_at is not None and position == joined_at + 1 and pieces and \
                        pieces[-1][1] == [joined_at]:
                    pieces[-1] = (_joined_with_semicolon(pieces[-1][0], line, lang), [joined_at, position])
                elif cut:
                    pieces += [(cut[0], [position]), (cut[1], [position])]
                else:
                    pieces.append((line, [position]))
            if pieces and _BULLET.match(pieces[0][0]):  # the reader takes it for a Markdown bullet and drops it
                pieces[0] = (_BULLET.sub("", pieces[0][0]), pieces[0][1])
            for text, positions in pieces:
                for position in positions[1:]:
                    units[position][lang] = None  # marker: this unit is merged into the first one's
                units[positions[0]][lang] = (units[positions[0]][lang] or []) + [[k, text]]
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
