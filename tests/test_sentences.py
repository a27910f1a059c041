"""Sentence level: splitting UN text per language, sentence units inside paragraph units, sentence TMX, scores."""

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from lxml import etree
from translate.storage.tmx import tmxfile

from unalign.documents import find_documents
from unalign.evaluation import evaluate_sentences, load_sentence_gold
from unalign.options import RunOptions
from unalign.outputs.audit import Audit
from unalign.outputs.paths import OutputSet
from unalign.pipeline import align_levels, finish, read_document, write_outputs
from unalign.sentences import sentence_spans, split_sentences
from tests.conftest import CORPORA, LANGS

DTD = etree.DTD(str(Path(__file__).resolve().parent.parent / "tmx" / "tmx14.dtd"))


@pytest.mark.parametrize("lang, text, expected", [
    ("en", "1. The Assembly recalled para. 3 of resolution A/70/1. It grew by 1.5 per cent. See No. 5, Rev.1 and "
           "Add. 2. Done!",
     ["1. The Assembly recalled para. 3 of resolution A/70/1.", "It grew by 1.5 per cent.",
      "See No. 5, Rev.1 and Add. 2.", "Done!"]),
    ("en", "(a) The report was issued. See art. 5 and Corr. 1. Sr. Ayoko spoke; paras. 4-6 apply.",
     ["(a) The report was issued.", "See art. 5 and Corr. 1.", "Sr. Ayoko spoke; paras. 4-6 apply."]),
    ("ru", "В 2015 г. Совет принял решение, т.е. ст. 5 и п. 3 применяются. Это всё.",
     ["В 2015 г. Совет принял решение, т.е. ст. 5 и п. 3 применяются.", "Это всё."]),
    ("zh", "大会通过了决议。会议结束！是吗？好。", ["大会通过了决议。", "会议结束！", "是吗？", "好。"]),
    ("ar", "هل وافقت؟ نعم. وقد اعتمدت الجمعية القرار 70/1.", ["هل وافقت؟", "نعم.", "وقد اعتمدت الجمعية القرار 70/1."]),
    ("fr", "M. Dupont a pris la parole. Voir par. 3. Fin.", ["M. Dupont a pris la parole.", "Voir par. 3.", "Fin."]),
    ("es", "El Sr. Pérez habló. Véase el párr. 4. Fin.", ["El Sr. Pérez habló.", "Véase el párr. 4.", "Fin."]),
    ("en", "II. Background", ["II. Background"]),
    # An item's label starts a sentence after ; : ， ； ، (a list run into one paragraph), not inside a reference.
    ("en", "Article 2 reads: 1. Everyone lawfully within a State has the right to liberty.",
     ["Article 2 reads:", "1. Everyone lawfully within a State has the right to liberty."]),
    ("en", "Recalling its resolution 69/1; 19. Recalls para. 28 of art. 32; (b) ensure that staff are paid.",
     ["Recalling its resolution 69/1;", "19. Recalls para. 28 of art. 32;", "(b) ensure that staff are paid."]),
    ("fr", "Le Comité recommande : a) de garantir une gestion effective; b) de vérifier les états de paie.",
     ["Le Comité recommande :", "a) de garantir une gestion effective;", "b) de vérifier les états de paie."]),
    ("zh", "注意到秘书长的报告，9. 在这方面欢迎各国的努力；19. 回顾大会的决议；一、目标；（子）项目。",
     ["注意到秘书长的报告，", "9. 在这方面欢迎各国的努力；", "19. 回顾大会的决议；", "一、目标；", "（子）项目。"]),
    ("ar", "إن الجمعية العامة، ٣ - تحيط علما بالتقرير؛ (أ) تقرر أن تواصل النظر في المسألة.",
     ["إن الجمعية العامة،", "٣ - تحيط علما بالتقرير؛", "(أ) تقرر أن تواصل النظر في المسألة."]),
    ("en", "The ratio was 3:1. The meeting opened at 10:30 a.m. and closed at 11:15.",
     ["The ratio was 3:1.", "The meeting opened at 10:30 a.m. and closed at 11:15."]),
    ("en", "The decision was taken under agenda item 44, see para. 28. The Council agreed.",
     ["The decision was taken under agenda item 44, see para. 28.", "The Council agreed."]),
])
def test_sentences_of_un_text(lang, text, expected):
    assert split_sentences(text, lang) == expected


def _unit_of_lines(numbers: list[int], cut: dict[str, int], cache_dir: Path):
    """The sentence units of one six-language paragraph made of devset lines `numbers`, where each language of
    `cut` has the line at that position cut in two sentences at its middle comma (benchmarks/sentences_corpus.py)."""
    from benchmarks.sentences_corpus import _cut_in_two
    from benchmarks.synthetic import paragraphs
    from unalign.aligning import align_versions
    from unalign.embedding import DEFAULT_MODEL, embed
    from unalign.model import Paragraph
    from unalign.aligning.sentence_alignment import align_sentences

    texts = {}
    for lang in LANGS:
        lines = [paragraphs("unpc_v1_devset", lang)[i].strip() for i in numbers]
        if lang in cut:
            lines[cut[lang]:cut[lang] + 1] = _cut_in_two(lines[cut[lang]], lang)
        texts[lang] = ("" if lang == "zh" else " ").join(lines)

    def encode(batch: list[str]) -> np.ndarray:
        return embed(batch, DEFAULT_MODEL, cache_dir, 1)

    document = {lang: (Paragraph(lang, 0, texts[lang]),) for lang in LANGS}
    alignment = align_versions(document, {lang: encode([texts[lang]]) for lang in LANGS}, "one", DEFAULT_MODEL)
    return [{lang: len(ps) for lang, ps in s.unit.paragraphs.items()} for s in align_sentences(alignment, encode).units]


def test_a_sentence_one_language_cuts_stays_whole(cache_dir):
    """A paragraph of one devset line whose English is cut in two at a comma: one sentence unit, 1-2."""
    assert _unit_of_lines([3125], {"en": 0}, cache_dir) == [{"ar": 1, "zh": 1, "en": 2, "fr": 1, "ru": 1, "es": 1}]


def test_sentences_two_languages_cut_make_a_unit_without_holes(cache_dir):
    """Three devset lines (one document) whose French and Spanish cut the second in two: three sentence units, the
    second 1-2 in those two languages; no unit has a hole."""
    assert _unit_of_lines([2475, 3125, 3126], {"fr": 1, "es": 1}, cache_dir) == [
        {lang: 1 for lang in LANGS}, {lang: 2 if lang in ("fr", "es") else 1 for lang in LANGS},
        {lang: 1 for lang in LANGS}]


@pytest.mark.parametrize("numbers", [[45, 949], [178, 1060, 1865, 2596]])
def test_run_in_headings_make_units_without_holes(numbers, cache_dir):
    """Devset lines of one document run into one paragraph as a careless copy has them ("United Nations Children's
    Fund 4. Encourages UNICEF…", "…Adjournment of debate XII. Amendment…"): the languages cut them differently
    (en/fr/es after "Fund 4.", zh not at all), and no sentence unit lacks a language (before issue 25, en/fr/es
    units with holes in ar/zh/ru)."""
    units = _unit_of_lines(numbers, {}, cache_dir)
    assert all(min(unit.values()) >= 1 for unit in units)
    assert any(len(set(unit.values())) > 1 for unit in units)  # the cuts differ: a 1-2 unit, not holes


@pytest.mark.parametrize("lang", LANGS)
def test_sentences_are_verbatim_slices(lang):
    """Joined back with the whitespace between them, the sentences of every devset line are the line itself."""
    lines = (CORPORA / "unpc_v1_devset" / f"{lang}.txt").read_text(encoding="utf-8").split("\n")
    for k in range(0, len(lines) - 3, 3):
        text = "  ".join(lines[k:k + 3])
        spans = sentence_spans(text, lang)
        assert all(start < end for start, end in spans)
        gaps = [text[:spans[0][0]]] + [text[a[1]:b[0]] for a, b in zip(spans, spans[1:])] + [text[spans[-1][1]:]]
        assert all(not gap.strip() for gap in gaps)
        assert "".join(g + text[s:e] for g, (s, e) in zip(gaps, spans)) + gaps[-1] == text


def test_a_sentence_end_before_a_small_letter_counts_only_when_asked():
    """Two UNPC devset lines run together, the second a preambular clause in small letters: the sentence rules keep
    them one sentence (Russian wants a capital after a full stop), `any_start` reads the end (the repairs ask it)."""
    lines = (CORPORA / "unpc_v1_devset" / "ru.txt").read_text(encoding="utf-8").split("\n")
    first = next(line for line in lines if line.startswith("Обстановка на острове реально улучшилась бы"))
    second = next(line for line in lines if line.startswith("принимая к сведению пятилетнюю программу"))
    text = f"{first} {second}"
    assert sentence_spans(text, "ru") == [(0, len(text))]
    assert sentence_spans(text, "ru", any_start=True) == [(0, len(first)), (len(first) + 1, len(text))]


def _aligned(folder: Path, cache_dir: Path, out: Path):
    document = read_document(find_documents(folder)[0][0])
    # Two processes: cold, these ~15,000 sentences are most of the suite's encoding (warm, no process starts).
    alignment, sentences = align_levels(document, cache_dir=cache_dir, processes=2, level="both")
    outputs = OutputSet(document.name, out, RunOptions(pairs=(("en", "fr"),), cache_dir=cache_dir, level="both"),
                        document.languages)
    write_outputs(finish(alignment, outputs, sentences=sentences), outputs, document.sources)
    return folder, alignment, sentences, outputs.paths()


@pytest.fixture(scope="module")
def construction(tmp_path_factory, cache_dir):
    """The well-formed UNPC multi-sentence construction (benchmarks/sentences_corpus.py) of the documents held out
    ("report"), aligned at both levels and written."""
    from benchmarks.sentences_corpus import build

    folder = build(tmp_path_factory.mktemp("sentences") / "doc", well_formed=True, part="report")
    return _aligned(folder, cache_dir, tmp_path_factory.mktemp("out"))


@pytest.fixture(scope="module")
def unfiltered(tmp_path_factory, cache_dir):
    """The same documents unfiltered: run-in headings, list items and numbered items inside paragraphs."""
    from benchmarks.sentences_corpus import build

    folder = build(tmp_path_factory.mktemp("unfiltered") / "doc", well_formed=False, part="report")
    return _aligned(folder, cache_dir, tmp_path_factory.mktemp("out"))


def test_sentence_units_on_the_well_formed_construction(construction):
    """Held out (documents not tuned on), damaged in one language at a time: measured F1 0.9945, missing P 0.985
    (67/68), R 0.957 (67/70), 1 of 1,139 units with a spurious hole, 1 of 1,133 gold units torn (F1 0.9943, P 0.905,
    3 spurious before pair_holes_min_similarity came down to 0.12, issue 24; 2 torn before a unit whose missing
    languages mostly read as merged into one neighbour joined it). The F1 is the same read back from the audit."""
    from benchmarks.sentences import unalign_figures

    folder, _, sentences, paths = construction
    report = json.loads(paths["audit"].read_text(encoding="utf-8"))
    audit = Audit.read(paths["audit"])
    gold = load_sentence_gold(folder / "sentences.gold.jsonl")
    result = evaluate_sentences(audit.sentence_alignment(audit.alignment()), gold)
    figures = unalign_figures(sentences, gold)
    assert round(result["links"].f1, 4) == round(figures.f1, 4) == 0.9945
    assert round(min(score.f1 for score in result["pairs"].values()), 4) == 0.9927  # the worst pair, measured
    assert (figures.units, figures.spurious, figures.torn) == (1139, 1, 1)
    assert (figures.real_holes, figures.holes, figures.found_holes, figures.gold_holes) == (67, 68, 67, 70)
    assert report["sentences"]["units_total"] == len(sentences.units)


def test_sentence_units_on_the_unfiltered_construction(unfiltered):
    """Held out, lines kept as a careless copy has them: measured 1 of 1,408 sentence units (0.07 %) with a spurious
    hole (12 % before issue 25); every hole left is read back from the audit as a sentence missing from that
    language (or beside an extra sentence of a minority of the languages)."""
    from benchmarks.sentences import unalign_figures

    folder, _, sentences, paths = unfiltered
    figures = unalign_figures(sentences, load_sentence_gold(folder / "sentences.gold.jsonl"))
    assert (figures.units, figures.spurious) == (1408, 1)
    # 0.7736 before pair_holes_min_similarity came down to 0.12 (issue 24), 0.7743 with paragraph vectors summed from
    # sentences
    assert round(figures.f1, 4) == 0.7742
    audit = Audit.read(paths["audit"])
    read_back = audit.sentence_alignment(audit.alignment())
    holes = [(s, lang) for s in read_back.units for lang, ps in s.unit.paragraphs.items()
             if not ps and read_back.alignment.units[s.paragraph].paragraphs[lang]]
    assert len(holes) == figures.holes
    assert all(lang in s.unit.missing or s.unit.extra for s, lang in holes)  # a hole, or beside a minority's extra


def test_sentence_tmx_is_valid_and_loads(construction):
    _, _, sentences, paths = construction
    tree = etree.parse(str(paths["sentences-tmx"]))
    assert DTD.validate(tree), DTD.error_log.filter_from_errors()
    assert tree.find("header").get("segtype") == "sentence"
    units = tree.findall("body/tu")
    assert len(units) == len(sentences.units)
    first = units[0]
    props = {p.get("type"): p.text for p in first.findall("prop")}
    assert props["x-sentence"] == "1" and props["x-address"] == sentences.units[0].unit.address
    assert len(tmxfile(paths["sentences-tmx"].read_bytes()).units) == len(units)
    # The en-fr file: valid too, and the units other languages joined come back as sentence pairs (x-part).
    pair = etree.parse(str(paths["sentences-en-fr"]))
    assert DTD.validate(pair), DTD.error_log.filter_from_errors()
    parts = [tu for tu in pair.findall("body/tu") if tu.find("prop[@type='x-part']") is not None]
    split = [s for s in sentences.units if ("en", "fr") in s.one_to_one]
    assert split and len(parts) == sum(len(s.unit.paragraphs["en"]) for s in split)
    both = [s for s in sentences.units if s.unit.paragraphs["en"] and s.unit.paragraphs["fr"]]
    assert len(pair.findall("body/tu")) == len(both) + len(parts) - len(split)


def test_paragraph_and_sentence_tmx_hold_the_same_text(construction):
    """Every character of every language once in each memory: the sentences of a unit, in order, are its text
    less the whitespace between them."""
    _, _, _, paths = construction
    for lang_code in ("ar-SA", "zh-CN", "en-GB", "fr-FR", "ru-RU", "es-ES"):
        texts = {}
        for name in ("tmx", "sentences-tmx"):
            tree = etree.parse(str(paths[name]))
            segs = tree.xpath(f"//tuv[@xml:lang='{lang_code}']/seg/text()")
            texts[name] = "".join("".join(seg.split()) for seg in segs)
        assert texts["tmx"] == texts["sentences-tmx"]


_PROJECT = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<omegat><project version="1.0">
<source_dir>__DEFAULT__</source_dir><target_dir>__DEFAULT__</target_dir><tm_dir>__DEFAULT__</tm_dir>
<glossary_dir>__DEFAULT__</glossary_dir><glossary_file>__DEFAULT__</glossary_file>
<dictionary_dir>__DEFAULT__</dictionary_dir><source_lang>en-GB</source_lang><target_lang>fr-FR</target_lang>
<source_tok>org.omegat.tokenizer.LuceneEnglishTokenizer</source_tok>
<target_tok>org.omegat.tokenizer.LuceneFrenchTokenizer</target_tok>
<sentence_seg>true</sentence_seg><support_default_translations>true</support_default_translations>
<remove_tags>false</remove_tags></project></omegat>
"""


def omegat_prefilled(memory: Path, english: list[str], work: Path) -> tuple[int, list[tuple[str, str]]]:
    """(segments, (source, target) of each segment OmegaT fills from `memory`): an OmegaT project (sentence
    segmentation on) whose source is the English paragraphs, the memory in tm/auto (exact matches inserted),
    translated in console mode; the fills are read from the project's own memory."""
    project = work / "project"
    for sub in ("source", "target", "tm/auto", "glossary", "dictionary", "omegat"):
        (project / sub).mkdir(parents=True, exist_ok=True)
    (project / "omegat.project").write_text(_PROJECT, encoding="utf-8")
    (project / "source" / "doc.txt").write_text("\n\n".join(english) + "\n", encoding="utf-8")
    shutil.copy(memory, project / "tm" / "auto" / memory.name)
    # A run of a few seconds: the JVM's quick compiler and one-thread collector spend a third less CPU on it than
    # its defaults (measured 5.1 s -> 3.5 s a run), and what OmegaT fills is the same.
    java = {**os.environ, "JAVA_TOOL_OPTIONS": "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"}
    subprocess.run(["omegat", "--mode=console-translate", "--disable-project-locking", f"--config-dir={work / 'cfg'}",
                    "--quiet", str(project)], capture_output=True, timeout=600, check=True, env=java)
    stats = (project / "omegat" / "project_stats.txt").read_text(encoding="utf-8")
    total = int(re.search(r"^Total:\s+(\d+)", stats, re.M).group(1))
    fills = []
    for tu in etree.parse(str(project / "project-omegat.tmx")).iter("tu"):
        segs = ["".join(tuv.find("seg").itertext()) for tuv in tu.iter("tuv")]
        fills.append((segs[0], segs[1]))
    return total, fills


def _plain(text: str) -> str:
    return " ".join(text.split())


def correct_fills(fills: list[tuple[str, str]], gold: list[dict]) -> int:
    """How many (English, French) fills give the French of the gold units the English segment belongs to: the fill
    is a piece of the French text of the gold units whose English overlaps the segment, and not empty."""
    english = [[_plain(text) for _, text in unit.get("en", [])] for unit in gold]
    french = [" ".join(_plain(text) for _, text in unit.get("fr", [])) for unit in gold]
    right = 0
    for source, target in fills:
        source, target = _plain(source), _plain(target)
        units = [k for k, pieces in enumerate(english) if any(source in piece or piece in source for piece in pieces)]
        right += bool(target) and bool(units) and target in " ".join(french[k] for k in units)
    return right


@pytest.mark.skipif(shutil.which("omegat") is None, reason="OmegaT is not installed (Debian package omegat)")
def test_omegat_fills_more_segments_correctly_from_the_sentence_memory(construction, tmp_path):
    """OmegaT (console mode, sentence segmentation) pre-fills exact matches from each en-fr memory of the held-out
    construction; each fill is checked against the gold. Measured with OmegaT 3.6 (Debian 12): 1,393 segments;
    from the paragraph TMX (split only where both sides have as many sentences) 636 filled, 628 of them correctly;
    from the sentence TMX 902 filled, all correctly (901 before pair_holes_min_similarity came down to 0.12)."""
    folder, _, _, paths = construction
    gold = load_sentence_gold(folder / "sentences.gold.jsonl")
    english = [p.text for p in read_document(find_documents(folder)[0][0]).paragraphs["en"]]
    total, from_paragraphs = omegat_prefilled(paths["en-fr"], english, tmp_path / "paragraphs")
    _, from_sentences = omegat_prefilled(paths["sentences-en-fr"], english, tmp_path / "sentences")
    counts = (total, len(from_paragraphs), correct_fills(from_paragraphs, gold), len(from_sentences),
              correct_fills(from_sentences, gold))
    assert counts == (1393, 636, 628, 902, 902)


def test_view_opens_units_into_their_sentences_and_the_audit_keeps_them(construction, tmp_path):
    """The page has, after each unit cut into several sentence units, that many hidden sentence rows; `unalign view`
    rebuilds the same rows from the audit alone."""
    from unalign.outputs.views import render_view

    _, alignment, sentences, paths = construction
    page = paths["view"].read_text(encoding="utf-8")
    per_unit: dict[int, int] = {}
    for s in sentences.units:
        per_unit[s.paragraph + 1] = per_unit.get(s.paragraph + 1, 0) + 1
    split = {k: n for k, n in per_unit.items() if n > 1}
    assert page.count('<tr class="sentence') == sum(split.values())
    for k, n in list(split.items())[:20]:
        assert page.count(f'data-of="{k}" hidden') == n
    audit = Audit.read(paths["audit"])
    again = audit.alignment()
    rebuilt = audit.sentence_alignment(again)
    assert [(s.paragraph, s.number, {l: [p.text for p in ps] for l, ps in s.unit.paragraphs.items()})
            for s in rebuilt.units] == [(s.paragraph, s.number, {l: [p.text for p in ps]
                                                                  for l, ps in s.unit.paragraphs.items()})
                                        for s in sentences.units]
    assert render_view(again, None, sentences=rebuilt).count('<tr class="sentence') == sum(split.values())
