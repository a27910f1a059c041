"""What a TMX file holds: its header, how many units, and how many of them each language covers."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from unalign.tmx.reading import read_tmx
from unalign.tmx.writing import seg_text


def tmx_stats(path: Path) -> dict:
    """Header, unit count and, per language (in order of first appearance), the units with text in it.

    A language "covers" a unit when the unit has a non-blank <seg> in it. `complete` counts units that have text in
    every language of the file; `inline_codes` the inline codes (<bpt>, <ph>…) in the file, by element name.
    """
    dropped: Counter = Counter()
    header, units = read_tmx(path, dropped)
    present: Counter = Counter()
    characters: Counter = Counter()
    total = 0
    per_unit_languages: Counter = Counter()
    for unit in units:
        total += 1
        texts = {lang: seg_text(text) for lang, text in unit.texts.items()}
        texts = {lang: text for lang, text in texts.items() if text}
        present.update(texts.keys())
        characters.update({lang: len(text) for lang, text in texts.items()})
        per_unit_languages[len(texts)] += 1
    languages = list(present)
    return {
        "file": str(path),
        "srclang": header.srclang,
        "segtype": header.segtype,
        "creationtool": " ".join(filter(None, (header.creationtool, header.creationtoolversion))),
        "units": total,
        "complete": per_unit_languages[len(languages)] if languages else 0,
        "empty": per_unit_languages[0],
        "languages": {lang: {"units": present[lang], "missing": total - present[lang],
                             "percent": round(100 * present[lang] / total, 2) if total else 0.0,
                             "characters": characters[lang]}
                      for lang in languages},
        "inline_codes": dict(dropped),
    }
