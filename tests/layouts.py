"""The six-language texts of corpora/ written out in every plain-text layout a user may paste, with a gold to match.

UDHR: every block of the HTML page (title, headings and <p> paragraphs) is one paragraph; its gold is the corpus gold
with the 32 headings (title, preamble, 30 articles) added as one-to-one units, since plain text cannot tell a heading
from a paragraph by markup. SDG: the 186 goals and targets, gold line i <-> line i.

Layouts (align/readers/text.py names them):
- lines: one paragraph per line;
- sections: one paragraph per line, a blank line before each heading only;
- blocks: a blank line between paragraphs, lines hard-wrapped inside;
- spaced: hard-wrapped with a blank line after every line (PDF copy);
- markdown: `#` headings, hard-wrapped paragraphs between blank lines;
- wrapped: hard-wrapped at a fixed width with no blank line, each paragraph's first line indented;
- flush: the same without indentation (paragraphs told apart by their short last lines only);
- scraped: the mix of the issue (en fr es ru one paragraph per line with a blank line here and there, zh and ar one
  paragraph per line with a blank line between paragraphs);
- each-its-own: every version in a different layout.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

from unalign.readers import read_blocks
from unalign.readers.text import _width

LANGS = ("ar", "zh", "en", "fr", "ru", "es")
LAYOUTS = ("lines", "sections", "blocks", "spaced", "markdown", "wrapped", "flush")
MIXES = {
    "scraped": {"ar": "blocks1", "zh": "blocks1", "en": "here-and-there", "fr": "here-and-there",
                "ru": "here-and-there", "es": "here-and-there"},
    "each-its-own": {"ar": "markdown", "zh": "blocks", "en": "lines", "fr": "wrapped", "ru": "sections",
                     "es": "blocks1"},
}
WIDTH = 72  # columns; a Chinese character takes two


def udhr_document(corpora: Path) -> tuple[dict[str, list[tuple[str, bool]]], list[dict]]:
    """Per language, the (text, is_heading) paragraphs of the UDHR page; and the gold with the headings as units."""
    paragraphs = {lang: [(b.text, b.kind == "heading") for b in read_blocks(corpora / "udhr" / f"{lang}.html")]
                  for lang in LANGS}
    body_index = {lang: [k for k, (_, heading) in enumerate(ps) if not heading] for lang, ps in paragraphs.items()}
    heading_index = {lang: [k for k, (_, heading) in enumerate(ps) if heading] for lang, ps in paragraphs.items()}
    headings = [{lang: [heading_index[lang][n]] for lang in LANGS} for n in range(len(heading_index["en"]))]
    gold: list[dict] = []
    for line in (corpora / "udhr" / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        unit = json.loads(line)
        mapped = {lang: [body_index[lang][i] for i in unit[lang]] for lang in LANGS}
        first = min(mapped["en"])
        while headings and headings[0]["en"][0] < first:
            gold.append({"id": "heading", **headings.pop(0)})
        gold.append({"id": unit["id"], **mapped})
    gold.extend({"id": "heading", **h} for h in headings)
    return paragraphs, gold


def sdg_document(corpora: Path) -> tuple[dict[str, list[tuple[str, bool]]], list[dict]]:
    """Per language, the goals (as headings) and targets of the SDG text; and its gold."""
    paragraphs = {}
    for lang in LANGS:
        lines = [ln.strip() for ln in (corpora / "sdg_goals_targets" / f"{lang}.txt").read_text(
            encoding="utf-8").split("\n") if ln.strip()]
        paragraphs[lang] = [(ln, not ln[:1].isdigit()) for ln in lines]
    gold = [json.loads(ln) for ln in (corpora / "sdg_goals_targets" / "gold.jsonl").read_text(
        encoding="utf-8").splitlines()]
    return paragraphs, gold


def _wrap(text: str, lang: str, width: int = WIDTH, indent: str = "") -> list[str]:
    if lang == "zh":  # Chinese wraps at any character: fill each line up to `width` columns
        lines, line = [], indent
        for ch in text:
            if _width(line + ch) > width:
                lines.append(line)
                line = ""
            line += ch
        return lines + [line]
    return textwrap.wrap(text, width, initial_indent=indent, break_long_words=False, break_on_hyphens=False)


def write_layout(paragraphs: list[tuple[str, bool]], lang: str, layout: str) -> str:
    """The paragraphs of one version as text in `layout`."""
    if layout == "lines":
        return "\n".join(t for t, _ in paragraphs) + "\n"
    if layout == "blocks1":  # one paragraph per line, a blank line between paragraphs
        return "\n\n".join(t for t, _ in paragraphs) + "\n"
    if layout == "sections":
        return "".join(("\n" if heading and k else "") + t + "\n" for k, (t, heading) in enumerate(paragraphs))
    if layout == "here-and-there":  # a blank line before every seventh heading, and nowhere else
        out, seen = [], 0
        for t, heading in paragraphs:
            seen += heading
            if heading and seen % 7 == 3:
                out.append("")
            out.append(t)
        return "\n".join(out) + "\n"
    if layout == "blocks":
        return "\n\n".join("\n".join(_wrap(t, lang)) for t, _ in paragraphs) + "\n"
    if layout == "spaced":
        return "".join(line + " \n\n" for t, _ in paragraphs for line in _wrap(t, lang))
    if layout == "markdown":
        return "\n\n".join(("## " + t) if heading else "\n".join(_wrap(t, lang)) for t, heading in paragraphs) + "\n"
    if layout == "wrapped":
        return "\n".join(line for t, heading in paragraphs
                         for line in (_wrap(t, lang, indent="" if heading else "    "))) + "\n"
    if layout == "flush":
        return "\n".join(line for t, _ in paragraphs for line in _wrap(t, lang)) + "\n"
    raise ValueError(layout)


def write_document(folder: Path, paragraphs: dict[str, list[tuple[str, bool]]], gold: list[dict],
                   layouts: dict[str, str]) -> Path:
    """A document folder (<lang>.txt per language in its layout, gold.jsonl, gold.toml counting every kind)."""
    folder.mkdir(parents=True, exist_ok=True)
    for lang in LANGS:
        (folder / f"{lang}.txt").write_text(write_layout(paragraphs[lang], lang, layouts[lang]), encoding="utf-8")
    (folder / "gold.jsonl").write_text("".join(json.dumps(u, ensure_ascii=False) + "\n" for u in gold),
                                       encoding="utf-8")
    (folder / "gold.toml").write_text("skip_kinds = []\n", encoding="utf-8")
    return folder


def all_layouts() -> dict[str, dict[str, str]]:
    """Name -> the layout of each language: every layout alone, then the mixes."""
    return {**{name: dict.fromkeys(LANGS, name) for name in LAYOUTS}, **MIXES}
