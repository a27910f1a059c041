"""TMX memories: valid against the TMX 1.4 DTD, loaded by translate-toolkit with the same texts, bilingual files per
pair, read back (unalign's, translate-toolkit's and other tools' TMX), merged without duplicates, hostile text."""

import json
import re
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st
from lxml import etree
from translate.storage import lisa
from translate.storage.tmx import tmxfile

from unalign.model import Alignment
from unalign.documents import find_documents
from unalign.options import language_pairs
from unalign.outputs.memories import translation_units
from unalign.options import RunOptions
from unalign.outputs.paths import OutputSet
from unalign.pipeline import align_document, finish, read_document, write_outputs
from tests.conftest import CORPORA, unalign_here
from unalign.tmx import TmxError, TranslationUnit, read_tmx, seg_text, write_tmx
from unalign.tmx.writing import xml_safe
from unalign.tmx.merging import merge_tmx, unit_identity
from unalign.tmx.stats import tmx_stats

DTD = etree.DTD(str(Path(__file__).resolve().parent.parent / "tmx" / "tmx14.dtd"))
REGION = {"ar": "ar-SA", "zh": "zh-CN", "en": "en-GB", "fr": "fr-FR", "ru": "ru-RU", "es": "es-ES"}


@pytest.fixture(scope="module")
def written(aligned, tmp_path_factory):
    """name -> (alignment, paths, audit) with the bilingual TMX of all 15 pairs beside the multilingual one."""
    out_dir = tmp_path_factory.mktemp("tmx")
    results = {}
    for name, (alignment, _, _, _) in aligned.items():
        outputs = OutputSet(name, out_dir, RunOptions(pairs=tuple(language_pairs("all")), level="paragraph"),
                            alignment.languages)
        write_outputs(finish(alignment, outputs), outputs)
        paths = outputs.paths()
        results[name] = (alignment, paths, json.loads(paths["audit"].read_text(encoding="utf-8")))
    return results


def toolkit_units(path: Path) -> list[dict[str, str]]:
    """Each unit of a TMX as translate-toolkit reads it: language -> text, in file order."""
    store = tmxfile(path.read_bytes())
    return [{lisa.getXMLlang(node): unit.getNodeText(node) for node in unit.getlanguageNodes()}
            for unit in store.units]


def expected_texts(alignment: Alignment, languages: tuple[str, ...]) -> list[dict[str, str]]:
    """What the TMX must hold, straight from the alignment: per unit having text in all `languages` (bilingual) or
    in any (multilingual), each language's text as <seg> carries it."""
    rows = []
    for unit in alignment.units:
        texts = {REGION[lang]: seg_text(unit.text(lang)) for lang in languages}
        present = {code: text for code, text in texts.items() if text}
        if len(languages) == 2 and len(present) < 2:
            continue
        rows.append(present)
    return rows


def test_every_tmx_validates_and_loads_in_translate_toolkit_with_the_alignment_texts(written):
    for alignment, paths, _ in written.values():
        tmx_files = {key: path for key, path in paths.items() if key == "tmx" or re.fullmatch(r"\w\w-\w\w", key)}
        assert len(tmx_files) == 16  # the multilingual file and 15 pairs
        for key, path in tmx_files.items():
            tree = etree.parse(str(path))
            assert DTD.validate(tree), (path.name, DTD.error_log.filter_from_errors())
            languages = alignment.languages if key == "tmx" else tuple(key.split("-"))
            assert toolkit_units(path) == expected_texts(alignment, languages), path.name


def test_bilingual_files_put_the_source_first_and_count_what_they_leave_out(written):
    alignment, paths, report = written["udhr"]
    pairs = language_pairs("all")
    assert len(pairs) == 15 and pairs[:5] == [("en", "ar"), ("en", "zh"), ("en", "fr"), ("en", "ru"), ("en", "es")]
    for source, target in pairs:
        name = f"{source}-{target}"
        tree = etree.parse(str(paths[name]))
        assert tree.find("header").get("srclang") == REGION[source]
        for tu in tree.iter("tu"):
            langs = [tuv.get("{http://www.w3.org/XML/1998/namespace}lang") for tuv in tu.findall("tuv")]
            assert langs == [REGION[source], REGION[target]]
        lacking = [k for k, unit in enumerate(alignment.units, 1)
                   if not unit.paragraphs[source] or not unit.paragraphs[target]]
        counts = report["bilingual"][name]
        assert counts["left_out_units"] == lacking
        assert counts["written"] == len(tree.findall(".//tu")) == len(alignment.units) - len(lacking)
    # the UDHR preamble is split differently by language: real holes, so some pairs leave units out
    assert report["bilingual"]["en-ar"]["left_out"] >= 1 and report["bilingual"]["ar-zh"]["left_out"] >= 1


def test_notes_say_what_a_flag_means_and_only_about_the_languages_of_the_file(written, tmp_path):
    alignment, paths, _ = written["udhr"]
    # Calibrated (issue 24, the preamble's parts unjudged since they are one block of the gold), no unit of the intact
    # UDHR is doubtful; the proclamation's run-in lines, which the versions cut differently ("Now, therefore," a
    # paragraph of en and es only; "La Asamblea General," that zh runs into the next), stay on the to-check list by
    # what they are. ("Preamble / 序言" was doubtful at 0.45, and these two at 0.3-0.4, before.)
    assert not any(unit.low_confidence for unit in alignment.units)
    notes = [[n.text for n in tu.findall("note")] for tu in etree.parse(str(paths["tmx"])).iter("tu")]
    lines = {unit.text("es"): k for k, unit in enumerate(alignment.units)}
    assert alignment.units[lines["Ahora, por tanto,"]].extra == ("en", "es")
    assert any("no text in zh-CN" in n for n in notes[lines["La Asamblea General,"]])
    # A unit of low confidence says so, with its confidence.
    doubtful = replace(alignment.units[1], confidence=0.3, low_confidence=True)
    outputs = OutputSet("udhr", tmp_path, RunOptions(level="paragraph"), alignment.languages)
    write_outputs(finish(replace(alignment, units=(alignment.units[0], doubtful, *alignment.units[2:])), outputs),
                  outputs)
    written_notes = [[n.text for n in tu.findall("note")] for tu in etree.parse(str(outputs.paths()["tmx"])).iter("tu")]
    assert written_notes[1][-1] == "low confidence (0.300): check that these texts translate each other"
    missing_ar = [k for k, unit in enumerate(alignment.units) if not unit.paragraphs["ar"]]
    assert any("no text in ar-SA" in n for n in notes[missing_ar[0]])
    for tu in etree.parse(str(paths["en-fr"])).iter("tu"):
        assert not any(n.text.startswith("no text in") for n in tu.findall("note"))


def test_round_trip_write_read_write_gives_the_same_units_and_file(written, tmp_path):
    for name in ("udhr", "sdg_goals_targets"):
        alignment, paths, _ = written[name]
        header, units = read_tmx(paths["tmx"])
        units = list(units)
        assert header.srclang == "*all*" and header.segtype == "paragraph" and header.creationtool == "unalign"
        source = translation_units(alignment, REGION)
        assert [u.texts for u in units] == [{c: seg_text(t) for c, t in u.texts.items() if seg_text(t)}
                                            for u in source]
        assert [(u.props, u.notes) for u in units] == [(u.props, u.notes) for u in source]
        again = tmp_path / f"{name}.tmx"
        assert header.props == {"x-signature": RunOptions(pairs=tuple(language_pairs("all")), level="paragraph").signature()}
        write_tmx(again, units, header.srclang, tool_version=header.creationtoolversion, adminlang=header.adminlang,
                  header_props=header.props)
        assert list(read_tmx(again)[1]) == units
        strip_date = re.compile(rb'creationdate="[^"]*"')
        assert strip_date.sub(b"", again.read_bytes()) == strip_date.sub(b"", paths["tmx"].read_bytes())


@pytest.mark.parametrize("lang, script", [("ar", "[\u0600-\u06ff]"), ("zh", "[\u4e00-\u9fff]"),
                                          ("ru", "[\u0400-\u04ff]")])
def test_every_script_comes_back_unchanged(written, lang, script):
    for name in ("udhr", "sdg_goals_targets", "unpc_v1_devset"):
        alignment, paths, _ = written[name]
        read = {k: u.texts for k, u in enumerate(read_tmx(paths[f"en-{lang}"])[1])}
        kept = [u for u in alignment.units if u.paragraphs["en"] and u.paragraphs[lang]]
        assert len(read) == len(kept)
        for k, unit in enumerate(kept):
            assert read[k][REGION[lang]] == unit.text(lang).strip()
        in_script = sum(1 for texts in read.values() if re.search(script, texts[REGION[lang]]))
        assert in_script >= 0.9 * len(read)  # the rest are symbols, numbers, "Distr.: General"
    # Chinese is written without spaces between words and must not gain any; Arabic keeps its logical order
    _, paths, _ = written["sdg_goals_targets"]
    zh = [u.texts["zh-CN"] for u in read_tmx(paths["en-zh"])[1]]
    assert "到2030年,在全球所有人口中消除极端贫困" in zh[1]
    ar = [u.texts["ar-SA"] for u in read_tmx(paths["en-ar"])[1]]
    assert ar[1].startswith("1.1 القضاء على الفقر المدقع") and "\u200f" not in ar[1]


HOSTILE = 'a </seg> ]]> &amp; <tu> "q" \'s\' \x00\x01\x07\x08\x0b\x0c\x1b\x7f\x85\x9f \ud800 \udfff \ufffe\uffff end'
HOSTILE_CLEAN = 'a </seg> ]]> &amp; <tu> "q" \'s\'     end'


def test_hostile_text_props_and_notes_are_escaped_or_dropped(tmp_path):
    unit = TranslationUnit({"en": HOSTILE, "ar": "نص \x00عربي", "zh": "中文\ud800文本"},
                           {"x-document": HOSTILE}, (HOSTILE,))
    path = tmp_path / "hostile.tmx"
    assert write_tmx(path, [unit], "en", tool_version="test") == 1
    assert DTD.validate(etree.parse(str(path)))
    assert toolkit_units(path) == [{"en": HOSTILE_CLEAN, "ar": "نص عربي", "zh": "中文文本"}]
    (read,) = read_tmx(path)[1]
    assert read == TranslationUnit({"en": HOSTILE_CLEAN, "ar": "نص عربي", "zh": "中文文本"},
                                   {"x-document": HOSTILE_CLEAN}, (HOSTILE_CLEAN,))


_fragments = st.one_of(st.characters(), st.sampled_from(
    ["\ud800", "\udfff", "\x00", "\x1b", "\x85", "\ufffe", "\r", "\r\n", "\t", " ", "]]>", "</seg>", "&amp;", "<",
     "&", "\u202e", "\U0001f600"]))


@settings(max_examples=150, deadline=None)
@given(texts=st.lists(st.lists(_fragments, max_size=12).map("".join), min_size=2, max_size=2))
def test_any_text_round_trips_as_seg_text(tmp_path_factory, texts):
    path = tmp_path_factory.mktemp("any") / "any.tmx"
    unit = TranslationUnit({"en": texts[0], "fr": texts[1]})
    expected = {lang: seg_text(text) for lang, text in unit.texts.items() if seg_text(text)}
    assert write_tmx(path, [unit], "en", tool_version="test") == (1 if expected else 0)
    assert DTD.validate(etree.parse(str(path)))
    assert [u.texts for u in read_tmx(path)[1]] == ([expected] if expected else [])


def _lxml_tmx(path: Path, units: list[TranslationUnit], srclang: str, languages: tuple[str, ...] | None,
              header_props: dict[str, str]) -> None:
    """The file write_tmx writes, written as it was before it wrote units as text: each <tu> built as lxml elements
    and streamed by lxml's xmlfile with pretty printing."""
    with etree.xmlfile(str(path), encoding="UTF-8") as xf:
        xf.write_declaration()
        xf.write_doctype('<!DOCTYPE tmx SYSTEM "tmx14.dtd">')
        with xf.element("tmx", version="1.4"):
            xf.write("\n")
            header = etree.Element("header", {
                "creationtool": "unalign", "creationtoolversion": "test", "datatype": "plaintext",
                "segtype": "paragraph", "o-tmf": "unalign", "adminlang": "en", "srclang": srclang,
                "creationdate": "DATE"})
            for name, value in header_props.items():
                etree.SubElement(header, "prop", type=name).text = xml_safe(value)
            xf.write(header, pretty_print=True)
            with xf.element("body"):
                xf.write("\n")
                for unit in units:
                    texts = {lang: seg_text(unit.texts.get(lang)) for lang in (languages or unit.texts)}
                    if not (all(texts.values()) if languages else any(texts.values())):
                        continue
                    tu = etree.Element("tu")
                    for note in unit.notes:
                        etree.SubElement(tu, "note").text = xml_safe(note)
                    for name, value in unit.props.items():
                        etree.SubElement(tu, "prop", type=name).text = xml_safe(value)
                    for lang in sorted((lang for lang, text in texts.items() if text), key=lambda lang: lang != srclang):
                        tuv = etree.SubElement(tu, "tuv", {"{http://www.w3.org/XML/1998/namespace}lang": lang})
                        etree.SubElement(tuv, "seg").text = texts[lang]
                    xf.write(tu, pretty_print=True)
            xf.write("\n")


@settings(max_examples=100, deadline=None)
@given(texts=st.lists(st.lists(_fragments, max_size=8).map("".join), min_size=3, max_size=3),
       notes=st.lists(st.lists(_fragments, max_size=6).map("".join), max_size=2),
       props=st.dictionaries(st.sampled_from(["x-address", "x-a\"b", "x-\t\n\r&<>'"]),
                             st.lists(_fragments, max_size=6).map("".join), max_size=3),
       bilingual=st.booleans())
def test_units_are_written_byte_for_byte_as_lxml_serialised_them(tmp_path_factory, texts, notes, props, bilingual):
    """write_tmx writes each <tu> as text: the same bytes as lxml's serialisation of the same elements, whatever the
    texts, notes and props hold (escapes, forbidden characters, line breaks, quotes)."""
    folder = tmp_path_factory.mktemp("bytes")
    units = [TranslationUnit({"en": texts[0], "fr": texts[1], "zh-CN": texts[2]}, props, tuple(notes)),
             TranslationUnit({"en": "plain", "fr": texts[0]}, {"x-document": texts[2]})]
    languages = ("fr", "en") if bilingual else None
    header = {"x-signature": texts[1], "x-symbol": "A/70/1"}
    written = write_tmx(folder / "ours.tmx", units, "fr" if bilingual else "en", tool_version="test",
                        languages=languages, header_props=header)
    _lxml_tmx(folder / "lxml.tmx", units, "fr" if bilingual else "en", languages, header)
    ours = re.sub(rb'creationdate="[^"]*"', b'creationdate="DATE"', (folder / "ours.tmx").read_bytes())
    assert ours == (folder / "lxml.tmx").read_bytes()
    assert written == ours.count(b"<tu>")


MARKUP = re.compile(r"</?(sup|sub|b|i|em|strong|span|a)\b|\*\*[^*\s][^*]*?\*\*|(?<![*\w])\*[^*\s][^*]*\*(?![*\w])"
                    r"|\^\{|(?<=\w)[¹²³⁴⁵⁶⁷⁸⁹⁰]", re.I)


def test_no_raw_markup_reaches_seg(written, tmp_path, cache_dir, monkeypatch):
    """Footnote calls and emphasis are dropped by the reader: none of them in any <seg>, on the corpora and on
    real French extracted from PDF/Word (corpora/seeds-fr: <sup>n</sup>, **, *a)*, ^{er}, glued ¹ ²), given here as
    two versions so that it aligns."""
    for _, paths, _ in written.values():
        for seg in etree.parse(str(paths["tmx"])).iter("seg"):
            assert not MARKUP.search(seg.text), seg.text
    seeds = CORPORA / "seeds-fr"
    text = "".join((seeds / "000_c632e5c3a08acfcb.txt").read_text(encoding="utf-8").splitlines(True)[:150]) \
        + "\n\n" + (seeds / "002_f3b888b5a1b4d630.txt").read_text(encoding="utf-8")
    assert len(MARKUP.findall(text)) > 20
    monkeypatch.setattr("unalign.pipeline.check_language", lambda *args: None)  # French text under "es" on purpose
    for lang in ("fr", "es"):
        (tmp_path / "seeds" / f"{lang}.txt").parent.mkdir(exist_ok=True)
        (tmp_path / "seeds" / f"{lang}.txt").write_text(text, encoding="utf-8")
    document = read_document(find_documents(tmp_path / "seeds")[0][0])
    outputs = OutputSet(document.name, tmp_path / "out", RunOptions(pairs=(("fr", "es"),), level="paragraph"), document.languages)
    write_outputs(finish(align_document(document, cache_dir=cache_dir), outputs), outputs)
    paths = outputs.paths()
    segs = [seg.text for seg in etree.parse(str(paths["fr-es"])).iter("seg")]
    assert len(segs) == 2 * len(document.paragraphs["fr"])
    assert not [seg for seg in segs if MARKUP.search(seg)]


def test_reads_translate_toolkit_and_other_tools_tmx(tmp_path):
    store = tmxfile(sourcelanguage="en", targetlanguage="fr")
    store.addtranslation("Article 1 & 2", "en", "Article 1 et 2 < 3", "fr", comment="a note")
    store.addtranslation("Goal 1.", "en", "Objectif 1.", "fr")
    (tmp_path / "tt.tmx").write_bytes(bytes(store))
    header, units = read_tmx(tmp_path / "tt.tmx")
    assert header.srclang == "en" and header.creationtool == "Translate Toolkit"
    assert list(units) == [TranslationUnit({"en": "Article 1 & 2", "fr": "Article 1 et 2 < 3"}, {}, ("a note",)),
                           TranslationUnit({"en": "Goal 1.", "fr": "Objectif 1."})]
    # A Trados-style export: UTF-16 with a byte order mark, inline codes, a TMX 1.1 "lang" attribute, <hi> text.
    other = ('<?xml version="1.0" encoding="UTF-16"?>\n<tmx version="1.4"><header creationtool="SDL" '
             'creationtoolversion="1" segtype="sentence" o-tmf="x" adminlang="en-US" srclang="en-US" datatype="rtf"/>'
             '<body><tu><prop type="x-Origin">TM</prop><tuv xml:lang="en-US"><seg><bpt i="1">{\\b </bpt>Bold'
             '<ept i="1">}</ept> and <hi type="x">kept</hi><ph x="2">&lt;br/&gt;</ph>.</seg></tuv>'
             '<tuv lang="fr-FR"><seg>Gras et gardé.</seg></tuv></tu></body></tmx>')
    (tmp_path / "other.tmx").write_bytes(other.encode("utf-16"))
    dropped = Counter()
    header, units = read_tmx(tmp_path / "other.tmx", dropped)
    assert header.segtype == "sentence"
    assert list(units) == [TranslationUnit({"en-US": "Bold and kept.", "fr-FR": "Gras et gardé."},
                                           {"x-Origin": "TM"})]
    assert dropped == {"bpt": 1, "ept": 1, "ph": 1}


def test_merge_two_documents_writes_each_unit_once(written, tmp_path):
    udhr, udhr_paths, _ = written["udhr"]
    sdg, sdg_paths, _ = written["sdg_goals_targets"]
    # A second edition of the UDHR memory whose first unit carries a reviewer's note.
    first, *rest = read_tmx(udhr_paths["tmx"])[1]
    reviewed = tmp_path / "udhr-reviewed.tmx"
    write_tmx(reviewed, [TranslationUnit(first.texts, {"x-document": "udhr-2"}, first.notes + ("checked",)), *rest],
              "*all*", tool_version="test")
    merged = tmp_path / "merged.tmx"
    result = merge_tmx([udhr_paths["tmx"], sdg_paths["tmx"], reviewed], merged, tool_version="test")
    distinct = {frozenset((REGION[lang], seg_text(u.text(lang))) for lang in u.present())
                for u in udhr.units + sdg.units}
    assert result.read == 2 * len(udhr.units) + len(sdg.units)
    assert result.written == len(distinct) and result.duplicates == result.read - len(distinct)
    assert DTD.validate(etree.parse(str(merged)))
    units = list(read_tmx(merged)[1])
    assert len(toolkit_units(merged)) == len(units) == len({unit_identity(u) for u in units}) == len(distinct)
    assert units[0].props["x-document"] == "udhr" and units[0].notes == first.notes + ("checked",)
    assert {u.props["x-document"] for u in units} == {"udhr", "sdg_goals_targets"}


def _lines(path: Path, start: int, count: int) -> bytes:
    return b"".join(path.read_bytes().splitlines(keepends=True)[start:start + count])


@pytest.mark.parametrize("make, needle", [
    (lambda p: _lines(p, 0, 40), r"bad\.tmx:4[01]:\d+: not well-formed XML"),
    (lambda p: (CORPORA / "udhr" / "en.html").read_bytes(), r"bad\.tmx:\d+:\d+: not well-formed XML|not a TMX file"),
    (lambda p: b'<?xml version="1.0"?>\n<root>\n<tu/></root>', r"bad\.tmx:2: not a TMX file \(its root element is <root>"),
    (lambda p: b"", r"bad\.tmx: the file is empty"),
    (lambda p: b"\x00\x01\x02\xff binary", r"bad\.tmx:1:\d+: not well-formed XML"),
    (lambda p: b'{"units": []}', r"bad\.tmx:1:1: not well-formed XML"),
])
def test_a_bad_tmx_is_one_line_with_its_line_number(written, tmp_path, make, needle):
    bad = tmp_path / "bad.tmx"
    bad.write_bytes(make(written["udhr"][1]["tmx"]))
    for command in (("tmx", "stats", str(bad)), ("tmx", "merge", str(bad), "-o", str(tmp_path / "out.tmx"))):
        result = unalign_here(*command)
        assert result.returncode == 2, result.stderr
        assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr, result.stderr
        assert re.search(needle, result.stderr), result.stderr
    assert not (tmp_path / "out.tmx").exists()


def test_tuv_without_language_is_reported_at_its_line(written, tmp_path):
    lines = written["udhr"][1]["tmx"].read_text(encoding="utf-8").splitlines(keepends=True)
    number = next(k for k, line in enumerate(lines, 1) if 'xml:lang="ru-RU"' in line)
    lines[number - 1] = lines[number - 1].replace(' xml:lang="ru-RU"', "")
    (tmp_path / "bad.tmx").write_text("".join(lines), encoding="utf-8")
    with pytest.raises(TmxError, match=rf"bad\.tmx:{number}: <tuv> without xml:lang"):
        list(read_tmx(tmp_path / "bad.tmx")[1])


def test_stats_cli_reports_languages_and_coverage(written):
    alignment, paths, report = written["udhr"]
    result = unalign_here("tmx", "stats", str(paths["tmx"]), "--json")
    assert result.returncode == 0, result.stderr
    stats = json.loads(result.stdout)
    assert stats == tmx_stats(paths["tmx"])
    assert stats["units"] == len(alignment.units) and list(stats["languages"]) == list(REGION.values())
    for lang, code in REGION.items():
        assert stats["languages"][code]["units"] == report["coverage"][lang]["units_present"]
    # Missing and extra counted as the audit counts them (issue 29: tmx stats said ar 2, zh 2, fr 1, ru 1 missing
    # where the audit says ar 1, zh 1 and en, es +1: "Now, therefore," is an extra of en and es).
    assert {code: (stats["languages"][code]["missing"], stats["languages"][code]["extra"])
            for code in REGION.values()} == {"ar-SA": (1, 0), "zh-CN": (1, 0), "en-GB": (0, 1), "fr-FR": (0, 0),
                                             "ru-RU": (0, 0), "es-ES": (0, 1)}
    assert {lang: len(report["missing"].get(lang, [])) for lang in REGION} == {
        lang: stats["languages"][code]["missing"] for lang, code in REGION.items()}
    assert stats["complete"] == sum(1 for u in alignment.units if not u.absent())
    table = unalign_here("tmx", "stats", str(paths["en-fr"])).stdout
    assert "en-GB" in table and "fr-FR" in table and "100.00%" in table


def _recased(path: Path, to: Path, code: str, written_as: str) -> Path:
    """A copy of the TMX at `path` with `code` written `written_as` in the header and in every second <tuv> of that
    language (the first keeps its spelling)."""
    text = path.read_text(encoding="utf-8").replace(f'srclang="{code}"', f'srclang="{written_as}"')
    pieces = text.split(f'xml:lang="{code}"')
    to.write_text("".join(piece + (f'xml:lang="{written_as if k % 2 else code}"' if k < len(pieces) - 1 else "")
                          for k, piece in enumerate(pieces)), encoding="utf-8")
    return to


def test_stats_and_merge_take_language_codes_ignoring_case(written, tmp_path):
    """`tmx stats` counted "en-GB" and "EN-gb" as two languages ("0 in every language") where `tmx merge` took them
    as one (issue 53); both ignore case now (BCP 47), and a merge keeps a srclang the inputs share in any case
    ("*all*" only when the sources really differ: TMX 1.4b's "any language may be the source")."""
    _, paths, _ = written["udhr"]
    original = tmx_stats(paths["en-fr"])
    recased = _recased(paths["en-fr"], tmp_path / "recased.tmx", "en-GB", "EN-gb")
    assert recased.read_text(encoding="utf-8").count('xml:lang="EN-gb"') == 45  # of the 91 en-fr units
    stats = tmx_stats(recased)
    assert list(stats["languages"]) == ["en-GB", "fr-FR"]  # as first written
    assert stats["srclang"] == "EN-gb" and stats["units"] == stats["complete"] == 91
    assert {k: v for k, v in stats.items() if k not in ("file", "srclang")} == {
        k: v for k, v in original.items() if k not in ("file", "srclang")}
    merged = tmp_path / "merged.tmx"
    result = merge_tmx([paths["en-fr"], recased], merged, tool_version="test")
    assert (result.read, result.written, result.duplicates) == (182, 91, 91)
    assert read_tmx(merged)[0].srclang == "en-GB"  # the first input's spelling
    assert DTD.validate(etree.parse(str(merged)))
    other_source = merge_tmx([paths["en-fr"], paths["ar-zh"]], tmp_path / "both.tmx", tool_version="test")
    assert other_source.written == 91 + 89 and read_tmx(tmp_path / "both.tmx")[0].srclang == "*all*"


def test_align_cli_writes_pairs_with_chosen_codes(tmp_path, cache_dir):
    result = unalign_here("align", str(CORPORA / "udhr"), "--out", str(tmp_path), "--pairs", "en-fr,ar-zh",
                          "--tmx-codes", "bare,zh=zh-Hans", env={"UNALIGN_CACHE": str(cache_dir)})
    assert result.returncode == 0, result.stderr
    assert {p.name for p in tmp_path.iterdir()} >= {"udhr.tmx", "udhr.en-fr.tmx", "udhr.ar-zh.tmx"}
    report = json.loads((tmp_path / "udhr.audit.json").read_text(encoding="utf-8"))
    counts = report["bilingual"]["ar-zh"]
    assert f"ar-zh {counts['written']}/{counts['left_out']}" in result.stdout
    header, units = read_tmx(tmp_path / "udhr.ar-zh.tmx")
    assert header.srclang == "ar" and all(list(u.texts) == ["ar", "zh-Hans"] for u in units)
    for bad, needle in (("--pairs=en-en", "--pairs: 'en-en'"), ("--tmx-codes=klingon", "unknown profile 'klingon'"),
                        ("--tmx-codes=bare,en=fr", "two languages would share a code")):
        result = unalign_here("align", str(CORPORA / "udhr"), "--out", str(tmp_path), bad)
        assert result.returncode == 2 and needle in result.stderr and "Traceback" not in result.stderr
