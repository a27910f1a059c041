"""Make six-language PDFs the way UN documents are made, with real tools, and the gold that scores reading them.

There are no Arabic or Chinese PDFs from the UN document system in this repository, so this script makes some from the
six-language corpora (`corpora/udhr/*.html`, `corpora/sdg_goals_targets/*.txt`), with two real producers:

- **Word file → LibreOffice**: a `.docx` written with python-docx (A4, justified body text; a first-page masthead with
  United Nations, the organ, the symbol, `Distr.: General`, the date and `Original: English`, and a first-page footer
  with the job number `48-00217 (E)` and a bar code; running headers with the symbol and a short title and footers
  with the job number and `n/N`, mirrored on even and odd pages; real Word footnotes, written into a footnotes part
  that python-docx has no API for; headings; numbered paragraphs whose numbers are printed text), converted by
  `soffice --headless --convert-to pdf`.
- **HTML page → Chromium**: the same text as a web page with print CSS (`@page` margin boxes for the running header and
  footer, a masthead on page 1; the SDG text in two columns; the footnotes as endnotes under a rule), printed by
  `chromium --headless --print-to-pdf`.

Outputs, for DOC in `udhr`, `sdg_goals_targets` and LANG in `ar zh en fr ru es`:
`DOC/docx/LANG.docx`, `DOC/libreoffice/LANG.pdf`, `DOC/html/LANG.html`, `DOC/chromium/LANG.pdf`, and the gold:
`DOC/masthead.json` (symbol, job number, dates, original language: what a reader should keep as metadata),
`DOC/LANG.paragraphs.jsonl` (the items a reader must find in either PDF, in the format and under the conventions of
the real-PDF reading benchmark: label, start, end, kind) and `DOC/gold.jsonl` (the alignment of the six versions: one
unit per line, 0-based indices into the paragraphs in the order the reader is expected to give them, each footnote
right after the paragraph that calls it). Run from anywhere, with LibreOffice (Debian `libreoffice-writer-nogui`),
Chromium (`chromium`) and the fonts (`fonts-noto-core`, `fonts-noto-cjk`) installed:

    python corpora/formats/office/make_office_pdfs.py

The text of every file comes from the corpora; what this script adds (masthead, running matter, footnote texts) is in
the tables below. The outputs are committed, so tests need none of these tools. A new run gives the same text and
layout; only the time stamps inside the files differ.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from dataclasses import dataclass, replace
from html import escape
from pathlib import Path

import docx
import lxml.html
from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, Twips

HERE = Path(__file__).resolve().parent
CORPORA = HERE.parents[1]
LANGS = ("ar", "zh", "en", "fr", "ru", "es")
JOB_LETTER = {"ar": "A", "zh": "C", "en": "E", "fr": "F", "ru": "R", "es": "S"}
WORD_LANG = {"ar": "ar-SA", "zh": "zh-CN", "en": "en-GB", "fr": "fr-FR", "ru": "ru-RU", "es": "es-ES"}
SERIF = "Noto Serif"
ARABIC = "Noto Naskh Arabic"
CJK = "Noto Serif CJK SC"
SNIPPET_CHARS = 40  # a gold snippet is at least this long (real-pdf README), longer until unique in the document

UNITED_NATIONS = {"ar": "الأمم المتحدة", "zh": "联合国", "en": "United Nations", "fr": "Nations Unies",
                  "ru": "Организация Объединенных Наций", "es": "Naciones Unidas"}
GENERAL_ASSEMBLY = {"ar": "الجمعية العامة", "zh": "大会", "en": "General Assembly", "fr": "Assemblée générale",
                    "ru": "Генеральная Ассамблея", "es": "Asamblea General"}
# As the UN prints them: the Arabic, Chinese and Russian versions keep the English wording in the masthead.
DISTR = {"ar": "Distr.: General", "zh": "Distr.: General", "en": "Distr.: General", "fr": "Distr. générale",
         "ru": "Distr.: General", "es": "Distr. general"}
ORIGINAL = {"ar": "Original: English", "zh": "Original: English", "en": "Original: English",
            "fr": "Original : anglais", "ru": "Original: English", "es": "Original: inglés"}
PLEASE_RECYCLE = {"ar": "Please recycle", "zh": "Please recycle", "en": "Please recycle", "fr": "Merci de recycler",
                  "ru": "Please recycle", "es": "Se ruega reciclar"}
SDG_SHORT_TITLE = {"ar": "أهداف التنمية المستدامة", "zh": "可持续发展目标", "en": "Sustainable Development Goals",
                   "fr": "Objectifs de développement durable", "ru": "Цели в области устойчивого развития",
                   "es": "Objetivos de Desarrollo Sostenible"}


_TITLE_CHARS = 60  # a running header prints its short title on one line beside the symbol: 30 for Chinese


def short_title(masthead: Masthead, items: list[Item], lang: str) -> str:
    """The title a running header prints: the masthead's short title, else the first item's text, cut at a word to
    fit one line (a devset line of 400 characters wrapped over five rows of the header and the body under it)."""
    title = masthead.short_titles.get(lang) or items[0].text
    limit = _TITLE_CHARS // 2 if lang == "zh" else _TITLE_CHARS
    if len(title) <= limit:
        return title
    if lang == "zh":
        return title[:limit]
    return title[:title.rfind(" ", 0, limit + 1)].rstrip(" ,;:")


def _dates(day: int, month_en: str, month_fr: str, month_es: str, year: int) -> dict[str, str]:
    english = f"{day} {month_en} {year}"
    return {"ar": english, "zh": english, "en": english, "fr": f"{day} {month_fr} {year}",
            "ru": english, "es": f"{day} de {month_es} de {year}"}


@dataclass(frozen=True)
class Masthead:
    """What a UN document prints around its text: none of it is an item of the gold."""

    symbol: str
    job: str            # "48-00217": printed "48-00217 (E)" on page 1, "48-00217" in the running footer
    dates: dict[str, str]
    short_titles: dict[str, str]


@dataclass(frozen=True)
class Item:
    """One paragraph of a version as a reader must give it back: its kind, printed label, text, alignment unit and,
    when it calls one, the footnote called at its end."""

    kind: str        # heading | paragraph | footnote
    label: str       # the printed number ("1.", "1.1", footnote "2"), "" when none
    text: str        # the text without the label, as in the corpus
    unit: str        # id of its alignment unit; paragraphs of one unit id across the six versions correspond
    note: str = ""   # footnote text called at the end of this item ("" when none)
    # Printed where a UN document prints its masthead's session line, under the rule and before the title: not text by
    # the real-PDF README's convention (like "Distr.: General"), so no item of the gold, in any language.
    masthead: bool = False


@dataclass(frozen=True)
class Source:
    """One document: its name, masthead, footnotes to insert and how to lay it out in HTML."""

    name: str
    masthead: Masthead
    notes: dict[str, dict[str, str]]   # unit id of the calling item -> language -> footnote text
    html_columns: int


UDHR = Source(
    "udhr",
    Masthead("A/RES/217(III)", "48-00217", _dates(10, "December", "décembre", "diciembre", 1948), {}),
    {
        # called at the end of the last paragraph of the preamble
        "preamble": {
            "ar": "انظر تقرير اللجنة الثالثة (A/777).",
            "zh": "见第三委员会的报告(A/777)。",
            "en": "See the report of the Third Committee (A/777).",
            "fr": "Voir le rapport de la Troisième Commission (A/777).",
            "ru": "См. доклад Третьего комитета (A/777).",
            "es": "Véase el informe de la Tercera Comisión (A/777).",
        },
        # long enough to run over two lines
        "art-1.p1": {
            "ar": "انظر المحاضر الموجزة للجنة الثالثة، من A/C.3/SR.88 إلى A/C.3/SR.116، ومن A/C.3/SR.119 إلى "
                  "A/C.3/SR.127، ومن A/C.3/SR.174 إلى A/C.3/SR.180، وتقرير لجنة حقوق الإنسان (E/800).",
            "zh": "见第三委员会的简要记录，A/C.3/SR.88至A/C.3/SR.116、A/C.3/SR.119至A/C.3/SR.127和A/C.3/SR.174至"
                  "A/C.3/SR.180，以及人权委员会的报告(E/800)。",
            "en": "See the summary records of the Third Committee, A/C.3/SR.88 to A/C.3/SR.116, A/C.3/SR.119 to "
                  "A/C.3/SR.127 and A/C.3/SR.174 to A/C.3/SR.180, and the report of the Commission on Human Rights "
                  "(E/800).",
            "fr": "Voir les comptes rendus analytiques de la Troisième Commission, A/C.3/SR.88 à A/C.3/SR.116, "
                  "A/C.3/SR.119 à A/C.3/SR.127 et A/C.3/SR.174 à A/C.3/SR.180, et le rapport de la Commission des "
                  "droits de l'homme (E/800).",
            "ru": "См. краткие отчеты Третьего комитета, A/C.3/SR.88–A/C.3/SR.116, A/C.3/SR.119–A/C.3/SR.127 и "
                  "A/C.3/SR.174–A/C.3/SR.180, и доклад Комиссии по правам человека (E/800).",
            "es": "Véanse las actas resumidas de la Tercera Comisión, A/C.3/SR.88 a A/C.3/SR.116, A/C.3/SR.119 a "
                  "A/C.3/SR.127 y A/C.3/SR.174 a A/C.3/SR.180, y el informe de la Comisión de Derechos Humanos "
                  "(E/800).",
        },
        "art-26.p1": {
            "ar": "انظر قرار الجمعية العامة 217 ألف (د-3).",
            "zh": "见大会第217 A (III)号决议。",
            "en": "See General Assembly resolution 217 A (III).",
            "fr": "Voir la résolution 217 A (III) de l'Assemblée générale.",
            "ru": "См. резолюцию 217 A (III) Генеральной Ассамблеи.",
            "es": "Véase la resolución 217 A (III) de la Asamblea General.",
        },
    },
    html_columns=1,
)

SDG = Source(
    "sdg_goals_targets",
    Masthead("A/RES/70/1", "15-16301", _dates(21, "October", "octobre", "octubre", 2015), SDG_SHORT_TITLE),
    {
        "1-1": {
            "ar": "انظر قرار الجمعية العامة 71/313، المرفق.",
            "zh": "见大会第71/313号决议附件。",
            "en": "See General Assembly resolution 71/313, annex.",
            "fr": "Voir la résolution 71/313 de l'Assemblée générale, annexe.",
            "ru": "См. резолюцию 71/313 Генеральной Ассамблеи, приложение.",
            "es": "Véase la resolución 71/313 de la Asamblea General, anexo.",
        },
        "13-2": {
            "ar": "انظر FCCC/CP/2015/10/Add.1، المقرر 1/CP.21.",
            "zh": "见FCCC/CP/2015/10/Add.1，第1/CP.21号决定。",
            "en": "See FCCC/CP/2015/10/Add.1, decision 1/CP.21.",
            "fr": "Voir FCCC/CP/2015/10/Add.1, décision 1/CP.21.",
            "ru": "См. FCCC/CP/2015/10/Add.1, решение 1/CP.21.",
            "es": "Véase FCCC/CP/2015/10/Add.1, decisión 1/CP.21.",
        },
        "14-c": {
            "ar": "انظر اتفاقية الأمم المتحدة لقانون البحار، الأمم المتحدة، مجموعة المعاهدات، المجلد 1833، "
                  "الرقم 31363.",
            "zh": "见《联合国海洋法公约》，联合国，《条约汇编》，第1833卷，第31363号。",
            "en": "See the United Nations Convention on the Law of the Sea, United Nations, Treaty Series, vol. 1833, "
                  "No. 31363.",
            "fr": "Voir la Convention des Nations Unies sur le droit de la mer, Nations Unies, Recueil des Traités, "
                  "vol. 1833, no 31363.",
            "ru": "См. Конвенцию Организации Объединенных Наций по морскому праву, United Nations, Treaty Series, "
                  "vol. 1833, No. 31363.",
            "es": "Véase la Convención de las Naciones Unidas sobre el Derecho del Mar, Naciones Unidas, Treaty "
                  "Series, vol. 1833, núm. 31363.",
        },
    },
    html_columns=2,
)


# Held out: no reading rule was written on this one. The first lines of the UNPC devset (sentences, headings and
# numbered paragraphs of many 2015 UN documents, each line's six versions aligned), laid out as one document.
UNPC = Source(
    "unpc_excerpt",
    Masthead("A/70/1000", "15-22417", _dates(3, "December", "décembre", "diciembre", 2015), {}),
    {"line-10": UDHR.notes["preamble"], "line-61": UDHR.notes["art-26.p1"]},
    html_columns=1,
)
# A second excerpt, lines 241-320, measured held out at stop 42; the rules it then showed are docs/pdf.md's.
UNPC_241 = Source(
    "unpc_excerpt_241",
    Masthead("A/70/1001", "15-22555", _dates(4, "December", "décembre", "diciembre", 2015), {}),
    {"line-250": UDHR.notes["preamble"], "line-301": UDHR.notes["art-26.p1"]},
    html_columns=1,
)
UNPC_LINES = 80
_HEADING_MAX = 70  # characters: a shorter English line not ended by punctuation is laid out as a heading
# The devset's first line is the session line of its first document's masthead ("Sixty-ninth session").
_SESSION_LINE = re.compile(r"[A-Z][a-z]+(?:-[a-z]+)? session")


# --- the text of each version, from the corpora ---------------------------------------------------------------------

def udhr_items(lang: str) -> list[Item]:
    """The UDHR as the corpus README segments it (`<p>` elements), plus the `<h1>`/`<h2>` headings, which a PDF prints.

    A `<p>` inside `<ol><li>` is printed with its number ("1.") as its label.
    """
    root = lxml.html.document_fromstring((CORPORA / "udhr" / f"{lang}.html").read_text(encoding="utf-8"))
    items: list[Item] = []
    for element in root.iter("h1", "h2", "p"):
        text = element.text_content().strip()
        article = next(element.iterancestors("article"), None)
        if element.tag == "h1":
            items.append(Item("heading", "", text, "title"))
        elif article is None:  # the preamble, in <header>
            items.append(Item("heading" if element.tag == "h2" else "paragraph", "", text,
                              "preamble-heading" if element.tag == "h2" else "preamble"))
        elif element.tag == "h2":
            items.append(Item("heading", "", text, f"art-{article.get('data-number')}"))
        else:
            k = 1 + list(article.iter("p")).index(element)
            li = element.getparent()
            label = f"{li.getparent().index(li) + 1}." if li.tag == "li" and li.getparent().tag == "ol" else ""
            items.append(Item("paragraph", label, text, f"art-{article.get('data-number')}.p{k}"))
    return items


def sdg_items(lang: str) -> list[Item]:
    """The SDG goals (printed as headings) and targets (paragraphs labelled "1.1"), one per corpus line."""
    lines = [line for line in (CORPORA / "sdg_goals_targets" / f"{lang}.txt").read_text(encoding="utf-8").split("\n")
             if line.strip()]
    ids = [json.loads(line)["id"] for line in (CORPORA / "sdg_goals_targets" / "gold.jsonl").read_text().splitlines()]
    if len(ids) != len(lines):
        raise SystemExit(f"sdg_goals_targets/{lang}.txt: {len(lines)} lines, gold has {len(ids)} units")
    items = []
    for unit, line in zip(ids, lines):
        target = re.match(r"(\d+\.[0-9a-z]+) (.+)", line)
        if target:
            items.append(Item("paragraph", target.group(1), target.group(2), unit))
        else:
            items.append(Item("heading", "", line, unit))
    return items


def unpc_items(lang: str, first: int = 0) -> list[Item]:
    """UNPC_LINES lines of the UNPC devset after its `first`, one item each, as the corpus writes them (a
    paragraph's number, where a version has one, is part of its text): a heading where the English line is short and
    ends in no punctuation, else a paragraph; a session line it opens with is printed but is masthead."""
    def lines(language: str) -> list[str]:
        text = (CORPORA / "unpc_v1_devset" / f"{language}.txt").read_text(encoding="utf-8")
        return text.split("\n")[first:first + UNPC_LINES]
    english = lines("en")
    headings = [len(line) < _HEADING_MAX and line.rstrip()[-1:] not in ".;:," for line in english]
    return [Item("heading" if heading else "paragraph", "", line.strip(), f"line-{first + k}",
                 masthead=k == 1 and bool(_SESSION_LINE.fullmatch(english[0].strip())))
            for k, (line, heading) in enumerate(zip(lines(lang), headings), 1)]


def unpc_items_241(lang: str) -> list[Item]:
    """The second excerpt's items: lines 241-320."""
    return unpc_items(lang, 240)


# Each document, with what makes its items; the held-out excerpts of the UNPC devset apart.
EXCERPTS = ((UNPC, unpc_items), (UNPC_241, unpc_items_241))
SOURCES = ((UDHR, udhr_items), (SDG, sdg_items), *EXCERPTS)


def with_notes(items: list[Item], notes: dict[str, dict[str, str]], lang: str) -> list[Item]:
    """The items with each footnote attached to the last item of its calling unit."""
    last = {item.unit: index for index, item in enumerate(items)}
    missing = set(notes) - set(last)
    if missing:
        raise SystemExit(f"footnote callers not found in {lang}: {sorted(missing)}")
    by_index = {last[unit]: text[lang] for unit, text in notes.items()}
    return [replace(i, note=by_index.get(k, "")) for k, i in enumerate(items)]


def reading_order(items: list[Item]) -> list[Item]:
    """The paragraphs a reader should give, in order: each footnote (numbered from 1) right after its caller; no
    masthead line."""
    out, number = [], 0
    for item in items:
        if item.masthead:
            continue
        out.append(item)
        if item.note:
            number += 1
            out.append(Item("footnote", str(number), item.note, f"fn-{number}"))
    return out


# --- gold ------------------------------------------------------------------------------------------------------------

def normalise(text: str) -> str:
    """NFKC, case-folded, letters and digits only: how the reading benchmark compares texts."""
    return "".join(ch for ch in unicodedata.normalize("NFKC", text).casefold() if ch.isalnum())


def occurrences(needle: str, haystacks: list[str]) -> int:
    """Times the normalised `needle` occurs in the normalised haystacks, a number not counting inside a longer one."""
    count = 0
    for hay in haystacks:
        start = hay.find(needle)
        while start != -1:
            end = start + len(needle)
            if not ((needle[0].isdigit() and start and hay[start - 1].isdigit())
                    or (needle[-1].isdigit() and end < len(hay) and hay[end].isdigit())):
                count += 1
            start = hay.find(needle, start + 1)
    return count


def snippet(text: str, haystacks: list[str], from_end: bool, spaced: bool) -> str:
    """The first (or last) words of `text`, at least SNIPPET_CHARS long, longer until they occur once in the document."""
    size = SNIPPET_CHARS
    while size < len(text):
        if spaced:
            if from_end:
                cut = text.rfind(" ", 0, len(text) - size)
                piece = text[cut + 1:] if cut != -1 else text
            else:
                cut = text.find(" ", size)
                piece = text[:cut] if cut != -1 else text
        else:  # no spaces between words: cut between characters, never inside a Latin word or a number
            cut = len(text) - size if from_end else size
            step = -1 if from_end else 1
            while 0 < cut < len(text) and text[cut - (1 if not from_end else 0)].isascii() and \
                    text[cut - (1 if not from_end else 0)].isalnum() and text[cut - (0 if not from_end else 1)].isascii() \
                    and text[cut - (0 if not from_end else 1)].isalnum():
                cut += step
            piece = text[cut:] if from_end else text[:cut]
        piece = piece.strip()
        if occurrences(normalise(piece), haystacks) == 1:
            return piece
        size += 10
    return text


def paragraph_gold(items: list[Item], lang: str) -> list[dict[str, str]]:
    """The reading gold of one version: label, start, end, kind per item, in reading order."""
    haystacks = [normalise(f"{item.label} {item.text}") for item in items]
    spaced = lang != "zh"
    return [{"label": item.label, "start": snippet(item.text, haystacks, False, spaced),
             "end": snippet(item.text, haystacks, True, spaced), "kind": item.kind} for item in items]


def alignment_gold(orders: dict[str, list[Item]]) -> list[dict]:
    """Units in English order: each lists, per language, the indices of its items in that language's reading order."""
    units: dict[str, dict[str, list[int]]] = {}
    for item in orders["en"]:
        units.setdefault(item.unit, {lang: [] for lang in LANGS})
    for lang, items in orders.items():
        for index, item in enumerate(items):
            if item.unit not in units:
                raise SystemExit(f"{lang}: unit {item.unit} has no English counterpart")
            units[item.unit][lang].append(index)
    return [{"id": unit, **indices} for unit, indices in units.items()]


def check_against_corpus_gold(source: Source, orders: dict[str, list[Item]]) -> None:
    """The corpus gold's units, read through our unit ids, must be ours: the same paragraphs correspond."""
    if not (CORPORA / source.name / "gold.jsonl").exists():
        return  # made from another corpus's lines (UNPC), its units are the lines
    corpus_gold = [json.loads(line) for line in (CORPORA / source.name / "gold.jsonl").read_text().splitlines()]
    for lang, items in orders.items():
        corpus_paragraphs = [item for item in items if item.kind != "footnote"
                             and (source.name != "udhr" or item.kind == "paragraph")]
        for unit in corpus_gold:
            ours = {corpus_paragraphs[i].unit for i in unit[lang]}
            if len(ours) != 1:
                raise SystemExit(f"{source.name}/{lang}: corpus unit {unit['id']} maps to units {sorted(ours)}")


# --- Word file -------------------------------------------------------------------------------------------------------

def _set_fonts(rpr, lang: str, size_pt: float | None = None, bold: bool = False) -> None:
    fonts = OxmlElement("w:rFonts")
    for attribute, font in (("w:ascii", SERIF), ("w:hAnsi", SERIF), ("w:cs", ARABIC), ("w:eastAsia", CJK)):
        fonts.set(qn(attribute), font)
    rpr.append(fonts)
    if bold:
        rpr.append(OxmlElement("w:b"))
        rpr.append(OxmlElement("w:bCs"))
    if size_pt:
        for tag in ("w:sz", "w:szCs"):
            size = OxmlElement(tag)
            size.set(qn("w:val"), str(int(size_pt * 2)))
            rpr.append(size)
    if lang == "ar":
        rpr.append(OxmlElement("w:rtl"))
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), WORD_LANG[lang])
    language.set(qn("w:eastAsia"), "zh-CN" if lang == "zh" else WORD_LANG[lang])
    language.set(qn("w:bidi"), "ar-SA")
    rpr.append(language)


def _document_defaults(document, lang: str) -> None:
    """Fonts, size and language for every part of the file (body, headers, footers, footnotes); RTL for Arabic."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    for child in list(rpr):
        rpr.remove(child)
    _set_fonts(rpr, lang, 10)
    if lang == "ar":
        ppr = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr"))
        ppr.append(OxmlElement("w:bidi"))


def _bidi(paragraph, lang: str) -> None:
    if lang == "ar":
        paragraph._p.get_or_add_pPr().insert(0, OxmlElement("w:bidi"))


def _run(paragraph, text: str, lang: str, size_pt: float | None = None, bold: bool = False):
    run = paragraph.add_run(text)
    rpr = run._r.get_or_add_rPr()
    _set_fonts(rpr, lang, size_pt, bold)
    return run


def _field(paragraph, instruction: str, lang: str, size_pt: float) -> None:
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")
    _set_fonts(rpr, lang, size_pt)
    run.append(rpr)
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _bottom_rule(paragraph) -> None:
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for attribute, value in (("w:val", "single"), ("w:sz", "12"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(attribute), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)


def _running_line(container, left: str, right_page: bool, lang: str, page_first: bool, width) -> None:
    """One line of running matter: `left` and the page number n/N at the two ends (the number first on even pages)."""
    paragraph = container.paragraphs[0] if container.paragraphs and not container.paragraphs[0].text else \
        container.add_paragraph()
    _bidi(paragraph, lang)
    _right_tab(paragraph, width)
    if page_first:
        _field(paragraph, "PAGE", lang, 9)
        _run(paragraph, "/", lang, 9)
        _field(paragraph, "NUMPAGES", lang, 9)
        _run(paragraph, f"\t{left}", lang, 9, bold=True)
    else:
        _run(paragraph, f"{left}\t", lang, 9, bold=True)
        if right_page:
            _field(paragraph, "PAGE", lang, 9)
            _run(paragraph, "/", lang, 9)
            _field(paragraph, "NUMPAGES", lang, 9)


def _right_tab(paragraph, width) -> None:
    """A right tab stop at the margin, and none of the centre and right stops of the template's header style."""
    for position in (4680, 9360):
        paragraph.paragraph_format.tab_stops.add_tab_stop(Twips(position), WD_TAB_ALIGNMENT.CLEAR)
    paragraph.paragraph_format.tab_stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT)


def _header_line(container, first: str, second: str, lang: str, width, bold_first: bool) -> None:
    paragraph = container.paragraphs[0]
    _bidi(paragraph, lang)
    _right_tab(paragraph, width)
    _run(paragraph, first, lang, 9, bold=bold_first)
    _run(paragraph, "\t", lang, 9)
    _run(paragraph, second, lang, 9, bold=not bold_first)
    _bottom_rule(paragraph)


def _masthead(section, source: Source, lang: str, width) -> None:
    """Page 1: United Nations and the symbol, the organ, then Distr., date and Original at the right; job number and
    bar code in the footer."""
    masthead = source.masthead
    header = section.first_page_header
    top = header.paragraphs[0]
    _bidi(top, lang)
    _right_tab(top, width)
    _run(top, UNITED_NATIONS[lang], lang, 11, bold=True)
    _run(top, "\t", lang, 11)
    _run(top, masthead.symbol, lang, 14, bold=True)
    organ = header.add_paragraph()
    _bidi(organ, lang)
    _run(organ, GENERAL_ASSEMBLY[lang], lang, 16, bold=True)
    _bottom_rule(organ)
    for line in (DISTR[lang], masthead.dates[lang], "", ORIGINAL[lang]):
        paragraph = header.add_paragraph()
        _bidi(paragraph, lang)
        paragraph.paragraph_format.left_indent = Mm(120)
        paragraph.paragraph_format.space_after = Pt(0)
        _run(paragraph, line, lang, 9)
    footer = section.first_page_footer
    job = footer.paragraphs[0]
    _bidi(job, lang)
    _right_tab(job, width)
    _run(job, f"{masthead.job} ({JOB_LETTER[lang]})", lang, 8)
    _run(job, f"\t{PLEASE_RECYCLE[lang]}", lang, 8)
    code = footer.add_paragraph()
    _bidi(code, lang)
    _run(code, f"*{masthead.job.replace('-', '')}*", lang, 12)


FOOTNOTES_XML = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>
<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>
{notes}
</w:footnotes>
"""
FOOTNOTE_XML = ('<w:footnote w:id="{number}"><w:p><w:pPr>{bidi}<w:spacing w:after="40"/><w:ind w:left="284" '
                'w:hanging="284"/><w:jc w:val="both"/></w:pPr><w:r><w:rPr>{rtl}<w:vertAlign w:val="superscript"/>'
                '<w:sz w:val="16"/><w:szCs w:val="16"/></w:rPr><w:footnoteRef/></w:r><w:r><w:rPr>{rtl}<w:sz w:val="16"/>'
                '<w:szCs w:val="16"/></w:rPr><w:tab/><w:t xml:space="preserve">{text}</w:t></w:r></w:p></w:footnote>')


def _footnote_call(paragraph, number: int, lang: str) -> None:
    run = paragraph.add_run()
    rpr = run._r.get_or_add_rPr()
    _set_fonts(rpr, lang)
    superscript = OxmlElement("w:vertAlign")
    superscript.set(qn("w:val"), "superscript")
    rpr.append(superscript)
    reference = OxmlElement("w:footnoteReference")
    reference.set(qn("w:id"), str(number))
    run._r.append(reference)


def _add_footnotes_part(document, notes: list[str], lang: str) -> None:
    rtl = "<w:rtl/>" if lang == "ar" else ""
    bidi = "<w:bidi/>" if lang == "ar" else ""
    body = "\n".join(FOOTNOTE_XML.format(number=k, text=escape(text, quote=False), rtl=rtl, bidi=bidi)
                     for k, text in enumerate(notes, 1))
    part = Part(PackURI("/word/footnotes.xml"), CONTENT_TYPE.WML_FOOTNOTES,
                FOOTNOTES_XML.format(notes=body).encode("utf-8"), document.part.package)
    document.part.relate_to(part, RELATIONSHIP_TYPE.FOOTNOTES)


def build_docx(source: Source, lang: str, items: list[Item], short_title: str, path: Path) -> None:
    """The version as a Word file: masthead, running matter, justified text, headings, numbered paragraphs, footnotes."""
    document = docx.Document()
    _document_defaults(document, lang)
    document.core_properties.author = "unalign corpora/formats/office/make_office_pdfs.py"
    document.core_properties.title = f"{source.masthead.symbol} ({lang})"
    document.settings.odd_and_even_pages_header_footer = True
    section = document.sections[0]
    section.start_type = WD_SECTION.NEW_PAGE
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(25), Mm(25)
    section.left_margin, section.right_margin = Mm(25), Mm(25)
    section.header_distance, section.footer_distance = Mm(12), Mm(12)
    section.different_first_page_header_footer = True
    width = section.page_width - section.left_margin - section.right_margin
    _masthead(section, source, lang, width)
    symbol = source.masthead.symbol
    _header_line(section.even_page_header, symbol, short_title, lang, width, bold_first=True)
    _header_line(section.header, short_title, symbol, lang, width, bold_first=False)
    _running_line(section.even_page_footer, source.masthead.job, True, lang, True, width)
    _running_line(section.footer, source.masthead.job, True, lang, False, width)

    notes: list[str] = []
    for index, item in enumerate(items):
        paragraph = document.add_paragraph()
        _bidi(paragraph, lang)
        fmt = paragraph.paragraph_format
        fmt.space_after = Pt(6)
        if item.kind == "heading":
            title = index == 0 and item.unit == "title"
            fmt.keep_with_next = True
            fmt.space_before = Pt(12 if title else 6)
            if item.unit.startswith("art-") or item.unit == "preamble-heading":
                fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER
            elif title:
                fmt.alignment = WD_ALIGN_PARAGRAPH.LEFT if lang != "ar" else WD_ALIGN_PARAGRAPH.RIGHT
            _run(paragraph, item.text, lang, 14 if title else 10, bold=True)
        else:
            fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            if item.label and "." in item.label[:-1]:  # "1.1": hanging indent under the label
                fmt.left_indent, fmt.first_line_indent = Mm(12), Mm(-12)
                fmt.tab_stops.add_tab_stop(Mm(12))
                _run(paragraph, f"{item.label}\t{item.text}", lang)
            elif item.label:  # "1.": the number at the margin, the text after a tab, wrapping to the margin
                fmt.tab_stops.add_tab_stop(Mm(10))
                _run(paragraph, f"{item.label}\t{item.text}", lang)
            else:
                fmt.first_line_indent = Mm(10)
                _run(paragraph, item.text, lang)
        if item.note:
            notes.append(item.note)
            _footnote_call(paragraph, len(notes), lang)
    if notes:
        _add_footnotes_part(document, notes, lang)
    document.save(path)


# --- HTML page -------------------------------------------------------------------------------------------------------

HTML_TEMPLATE = """<!DOCTYPE html>
<html lang="{lang}" dir="{direction}">
<head>
<meta charset="utf-8">
<title>{symbol}</title>
<style>
@page {{
  size: A4;
  margin: 24mm 22mm 22mm 22mm;
  @top-left {{ content: "{running_left}"; font: bold 9pt {fonts}; vertical-align: bottom; padding-bottom: 3mm; }}
  @top-right {{ content: "{running_right}"; font: 9pt {fonts}; vertical-align: bottom; padding-bottom: 3mm; }}
  @bottom-left {{ content: "{job}"; font: 8pt {fonts}; }}
  @bottom-right {{ content: counter(page) "/" counter(pages); font: bold 9pt {fonts}; }}
}}
@page :first {{
  @top-left {{ content: none; }}
  @top-right {{ content: none; }}
  @bottom-left {{ content: "{job} ({letter})"; font: 8pt {fonts}; }}
  @bottom-right {{ content: "*{barcode}*"; font: 12pt {fonts}; }}
}}
html {{ font: 10pt/1.35 {fonts}; }}
body {{ margin: 0; }}
.masthead {{ border-bottom: 1.5pt solid black; margin-bottom: 2mm; display: flex; justify-content: space-between;
  align-items: baseline; }}
.masthead .un {{ font-weight: bold; font-size: 11pt; }}
.masthead .organ {{ font-weight: bold; font-size: 16pt; }}
.masthead .symbol {{ font-weight: bold; font-size: 14pt; }}
.distribution {{ margin-inline-start: 60%; font-size: 9pt; margin-bottom: 10mm; }}
.distribution div {{ min-height: 1em; }}
h1 {{ font-size: 14pt; margin: 6mm 0 4mm; }}
h2 {{ font-size: 10pt; margin: 4mm 0 2mm; break-after: avoid; }}
h2.centred {{ text-align: center; }}
p {{ margin: 0 0 6pt; text-align: justify; }}
p.plain {{ text-indent: 10mm; }}
p.numbered {{ text-indent: 0; }}
p.numbered .label {{ display: inline-block; width: 10mm; }}
p.target {{ padding-inline-start: 12mm; text-indent: -12mm; }}
p.target .label {{ display: inline-block; width: 12mm; text-indent: 0; }}
.text {{ columns: {columns}; column-gap: 8mm; }}
.notes {{ margin-top: 8mm; font-size: 8pt; }}
.notes hr {{ width: 35%; margin: 0 auto 2mm 0; border: 0; border-top: 0.5pt solid black; }}
[dir=rtl] .notes hr {{ margin: 0 0 2mm auto; }}
.notes p {{ margin: 0 0 2pt; }}
sup {{ font-size: 70%; line-height: 0; }}
</style>
</head>
<body>
<header><div class="masthead"><span class="un">{united_nations}</span><span class="organ">{organ}</span><span class="symbol">{symbol}</span></div>
<div class="distribution"><div>{distr}</div><div>{date}</div><div></div><div>{original}</div></div></header>
<div class="text">
{body}
</div>
</body>
</html>
"""


_HTML_STYLES = {"title": "<h1>{text}</h1>", "centred": '<h2 class="centred">{text}</h2>', "heading": "<h2>{text}</h2>",
                "target": '<p class="target">{label}{text}</p>', "numbered": '<p class="numbered">{label}{text}</p>',
                "plain": '<p class="plain">{text}</p>'}


def item_style(item: Item, index: int) -> str:
    """How every producer lays an item out: "title" (the first heading), "centred" (an article's or the preamble's
    heading), "heading", "target" (a decimal label, hung), "numbered" (any other label), "plain"."""
    if item.kind == "heading":
        if index == 0 and item.unit == "title":
            return "title"
        return "centred" if item.unit.startswith("art-") or item.unit == "preamble-heading" else "heading"
    if item.label and "." in item.label[:-1]:
        return "target"
    return "numbered" if item.label else "plain"


def build_html(source: Source, lang: str, items: list[Item], short_title: str, path: Path) -> None:
    """The version as a web page with print CSS; footnotes as endnotes under a rule."""
    masthead = source.masthead
    fonts = f"'{SERIF}', '{ARABIC}', '{CJK}', serif"
    lines, notes = [], []
    for index, item in enumerate(items):
        call = ""
        if item.note:
            notes.append(item.note)
            call = f"<sup>{len(notes)}</sup>"
        text = escape(item.text)
        label = f'<span class="label">{escape(item.label)}</span>' if item.label else ""
        lines.append(_HTML_STYLES[item_style(item, index)].format(text=text + call, label=label))
    if notes:
        lines.append('<div class="notes"><hr>')
        lines += [f"<p><sup>{k}</sup> {escape(note)}</p>" for k, note in enumerate(notes, 1)]
        lines.append("</div>")
    left, right = (masthead.symbol, short_title)
    page = HTML_TEMPLATE.format(
        lang=lang, direction="rtl" if lang == "ar" else "ltr", symbol=escape(masthead.symbol), fonts=fonts,
        running_left=_css_string(left if lang != "ar" else right),
        running_right=_css_string(right if lang != "ar" else left), job=masthead.job, letter=JOB_LETTER[lang],
        barcode=masthead.job.replace("-", ""), columns=source.html_columns, united_nations=UNITED_NATIONS[lang],
        organ=GENERAL_ASSEMBLY[lang], distr=DISTR[lang], date=masthead.dates[lang], original=ORIGINAL[lang],
        body="\n".join(lines))
    path.write_text(page, encoding="utf-8")


def _css_string(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


# --- converting ------------------------------------------------------------------------------------------------------

def tool_versions() -> dict[str, str]:
    """The versions of the tools that made the files, for the README."""
    def first_line(command: list[str]) -> str:
        done = subprocess.run(command, capture_output=True, text=True, timeout=120)
        return (done.stdout or done.stderr).strip().splitlines()[-1]
    return {"LibreOffice": first_line(["soffice", "--version"]), "Chromium": first_line(["chromium", "--version"]),
            "python-docx": docx.__version__}


def convert_with_libreoffice(sources: list[Path], out_dir: Path) -> None:
    """PDFs from Word files, by LibreOffice headless with a private profile (parallel runs must not share one)."""
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                        "--outdir", str(out_dir), *map(str, sources)], check=True, timeout=600,
                       stdout=subprocess.DEVNULL)


def print_with_chromium(page: Path, pdf: Path) -> None:
    """A PDF printed from a web page by headless Chromium, without its own date/URL header and footer."""
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={profile}",
                        "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.resolve().as_uri()],
                       check=True, timeout=300, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def write_gold(source: Source, items_of) -> None:
    """The reading gold of each version, the alignment gold and the masthead of one document."""
    folder = HERE / source.name
    orders = {lang: reading_order(with_notes(items_of(lang), source.notes, lang)) for lang in LANGS}
    for lang in LANGS:
        gold = paragraph_gold(orders[lang], lang)
        (folder / f"{lang}.paragraphs.jsonl").write_text(
            "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in gold), encoding="utf-8")
    check_against_corpus_gold(source, orders)
    masthead = {"symbol": source.masthead.symbol, "job": source.masthead.job, "original": "en",
                "dates": source.masthead.dates}
    (folder / "masthead.json").write_text(json.dumps(masthead, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    (folder / "gold.jsonl").write_text("".join(json.dumps(unit, ensure_ascii=False) + "\n"
                                               for unit in alignment_gold(orders)), encoding="utf-8")


def make(source: Source, items_of) -> None:
    """Every file of one document: Word files and PDFs, web pages and PDFs, reading gold and alignment gold."""
    folder = HERE / source.name
    for sub in ("docx", "libreoffice", "html", "chromium"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    for lang in LANGS:
        items = with_notes(items_of(lang), source.notes, lang)
        title = short_title(source.masthead, items, lang)
        build_docx(source, lang, items, title, folder / "docx" / f"{lang}.docx")
        build_html(source, lang, items, title, folder / "html" / f"{lang}.html")
    write_gold(source, items_of)
    convert_with_libreoffice([folder / "docx" / f"{lang}.docx" for lang in LANGS], folder / "libreoffice")
    for lang in LANGS:
        print_with_chromium(folder / "html" / f"{lang}.html", folder / "chromium" / f"{lang}.pdf")
    for lang in LANGS:
        for producer in ("libreoffice", "chromium"):
            if not (folder / producer / f"{lang}.pdf").exists():
                raise SystemExit(f"{folder / producer / f'{lang}.pdf'}: not made")


def make_doc_fixture() -> None:
    """`udhr/doc/en.doc`: the English Word file saved by LibreOffice as Word 97–2003, as UN documents before 2010."""
    out = HERE / "udhr" / "doc"
    out.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to",
                        "doc:MS Word 97", "--outdir", str(out), str(HERE / "udhr" / "docx" / "en.docx")], check=True,
                       timeout=600, stdout=subprocess.DEVNULL)


def make_bad_pdfs() -> None:
    """PDFs a reader must refuse with a clear message, or read although they are protected, in `bad/`:

    - `scan/en.pdf`: the first two pages of `udhr/libreoffice/en.pdf` as grey JPEG images only (a scan, no text layer);
    - `encrypted/en.pdf`: `udhr/docx/en.docx` exported by LibreOffice with a password to open it ("unalign");
    - `protected/en.pdf`: the same exported with a password against editing and copying only (opens without one:
      to be read as any other PDF);
    - `truncated/en.pdf`: `udhr/libreoffice/en.pdf` cut after 60 % of its bytes (a download cut short).
    """
    import pypdfium2 as pdfium

    bad = HERE / "bad"
    for name in ("scan", "encrypted", "protected", "truncated"):
        (bad / name).mkdir(parents=True, exist_ok=True)
    source_pdf = HERE / "udhr" / "libreoffice" / "en.pdf"
    data = source_pdf.read_bytes()
    (bad / "truncated" / "en.pdf").write_bytes(data[:len(data) * 60 // 100])
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["pdftoppm", "-gray", "-jpeg", "-jpegopt", "quality=60", "-r", "72", "-f", "1", "-l", "2",
                        str(source_pdf), f"{tmp}/page"], check=True, timeout=120)
        scan = pdfium.PdfDocument.new()
        for jpeg in sorted(Path(tmp).glob("page-*.jpg")):
            page = scan.new_page(595.28, 841.89)  # A4 in points
            image = pdfium.PdfImage.new(scan)
            image.load_jpeg(str(jpeg), inline=False)
            image.set_matrix(pdfium.PdfMatrix().scale(595.28, 841.89))
            page.insert_obj(image)
            page.gen_content()
        scan.save(bad / "scan" / "en.pdf")
        scan.close()
    for name, options in (("encrypted", '"DocumentOpenPassword":{"type":"string","value":"unalign"}'),
                          ("protected", '"RestrictPermissions":{"type":"boolean","value":"true"},'
                                        '"PermissionPassword":{"type":"string","value":"unalign"},'
                                        '"EnableCopyingOfContent":{"type":"boolean","value":"false"},'
                                        '"Changes":{"type":"long","value":"0"}')):
        export = 'pdf:writer_pdf_Export:{"EncryptFile":{"type":"boolean","value":"true"},' + options + "}"
        with tempfile.TemporaryDirectory() as profile:
            subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", export,
                            "--outdir", str(bad / name), str(HERE / "udhr" / "docx" / "en.docx")], check=True,
                           timeout=600, stdout=subprocess.DEVNULL)


def main(parts: list[str]) -> None:
    """Make the files of the four documents (or only `bad`, `doc`, `unpc_excerpt`, `unpc_excerpt_241`: the bad PDFs,
    the .doc, a held-out document; or `gold`: only the gold of the four) and print the tool versions."""
    for tool in ("soffice", "chromium", "pdftoppm"):
        if shutil.which(tool) is None:
            raise SystemExit(f"{tool} is missing: apt-get install -y libreoffice-writer-nogui chromium poppler-utils "
                             "fonts-noto-core fonts-noto-cjk")
    os.environ.setdefault("LANG", "C.UTF-8")
    if parts == ["gold"]:  # the gold alone, the PDFs as they are
        for source, items_of in SOURCES:
            write_gold(source, items_of)
        return
    if not parts:
        make(UDHR, udhr_items)
        make(SDG, sdg_items)
    for source, items_of in EXCERPTS:
        if not parts or source.name in parts:
            make(source, items_of)
    if not parts or "doc" in parts:
        make_doc_fixture()
    if not parts or "bad" in parts:
        make_bad_pdfs()
    for tool, version in tool_versions().items():
        print(f"{tool}: {version}", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1:])
