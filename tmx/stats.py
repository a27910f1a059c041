"""What a TMX file holds: its header, how many units, and how many of them each language covers."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from unalign.model import extra_and_missing
from unalign.tmx.model import same_language
from unalign.tmx.reading import read_tmx
from unalign.tmx.writing import seg_text


def tmx_stats(path: Path) -> dict:
    """Header, unit count and, per language (in order of first appearance, codes ignoring case as `tmx merge` does:
    "EN-us" counts as the "en-US" seen first), the units with text in it.

    A language "covers" a unit when the unit has a non-blank <seg> in it. `missing` and `extra` count as the audit
    does (model.extra_and_missing): a unit only a minority of the file's languages have is an extra of those, not a
    hole in the others. `complete` counts units that have text in every language of the file; `inline_codes` the
    inline codes (<bpt>, <ph>…) in the file, by element name.
    """
    dropped: Counter = Counter()
    header, units = read_tmx(path, dropped)
    present: Counter = Counter()
    characters: Counter = Counter()
    total = 0
    per_unit_languages: Counter = Counter()
    shapes: Counter = Counter()  # the set of languages a unit has text in -> how many units
    spelling: dict[str, str] = {}  # same_language(code) -> the code as first written
    for unit in units:
        total += 1
        texts: dict[str, str] = {}
        for lang, text in unit.texts.items():
            if seg_text(text):
                name = spelling.setdefault(same_language(lang), lang)
                texts[name] = texts.get(name, "") + seg_text(text)
        present.update(texts.keys())
        characters.update({lang: len(text) for lang, text in texts.items()})
        per_unit_languages[len(texts)] += 1
        shapes[frozenset(texts)] += 1
    languages = list(present)
    missing: Counter = Counter()
    extra: Counter = Counter()
    for shape, count in shapes.items():
        added, lacking = extra_and_missing(tuple(shape), tuple(languages))
        extra.update(dict.fromkeys(added, count))
        missing.update(dict.fromkeys(lacking, count))
    return {
        "file": str(path),
        "srclang": header.srclang,
        "segtype": header.segtype,
        "creationtool": " ".join(filter(None, (header.creationtool, header.creationtoolversion))),
        "units": total,
        "complete": per_unit_languages[len(languages)] if languages else 0,
        "empty": per_unit_languages[0],
        "languages": {lang: {"units": present[lang], "missing": missing[lang], "extra": extra[lang],
                             "percent": round(100 * present[lang] / total, 2) if total else 0.0,
                             "characters": characters[lang]}
                      for lang in languages},
        "inline_codes": dict(dropped),
    }
