"""The three outputs: TMX valid against the TMX 1.4 DTD and loadable by translate-toolkit, audit JSON, HTML view."""

import json
import re
from pathlib import Path

from lxml import etree
from translate.storage.tmx import tmxfile

from unalign.model import Alignment, Paragraph, Unit
from unalign.options import RunOptions
from unalign.outputs.paths import OutputSet
from unalign.outputs.memories import translation_units
from unalign.outputs.views import render_view
from unalign.tmx import write_tmx

DTD = etree.DTD(str(Path(__file__).resolve().parent.parent / "tmx" / "tmx14.dtd"))


def test_tmx_is_valid_and_loads_in_translate_toolkit(aligned):
    for alignment, _, paths, _ in aligned.values():
        tree = etree.parse(str(paths["tmx"]))
        assert DTD.validate(tree), DTD.error_log.filter_from_errors()
        tus = tree.findall(".//tu")
        assert len(tus) == len(alignment.units)
        header = tree.find("header")
        assert header.get("segtype") == "paragraph" and header.get("srclang") == "*all*"
        store = tmxfile(paths["tmx"].read_bytes())
        assert len(store.units) == len(alignment.units)


def test_tmx_units_carry_address_confidence_and_every_language(aligned):
    alignment, _, paths, _ = aligned["sdg_goals_targets"]
    tree = etree.parse(str(paths["tmx"]))
    tu = tree.findall(".//tu")[1]
    props = {p.get("type"): p.text for p in tu.findall("prop")}
    assert props["x-address"] == "1/1.1"
    assert 0.0 <= float(props["x-confidence"]) <= 1.0
    langs = [tuv.get("{http://www.w3.org/XML/1998/namespace}lang") for tuv in tu.findall("tuv")]
    assert langs == ["ar-SA", "zh-CN", "en-GB", "fr-FR", "ru-RU", "es-ES"]  # config/tmx.toml's default profile
    texts = {lang: tuv.findtext("seg") for lang, tuv in zip(langs, tu.findall("tuv"))}
    assert texts["zh-CN"].startswith("1.1 到2030年,在全球所有人口中消除极端贫困")
    assert texts["ar-SA"].startswith("1.1 القضاء على الفقر المدقع")


def test_hostile_text_is_escaped_or_dropped(tmp_path):
    hostile = 'a </seg> ]]> &amp; <script>alert(1)</script> "><img src=x onerror=alert(1)> \x00\x07 \ud800 end'
    paragraphs = {"en": (Paragraph("en", 0, hostile),), "fr": (Paragraph("fr", 0, "texte"),)}
    unit = Unit(paragraphs, 0.9, "1")
    alignment = Alignment("hostile", ("en", "fr"), (unit,))
    path = tmp_path / "hostile.tmx"
    write_tmx(path, translation_units(alignment), "en", tool_version="test")
    tree = etree.parse(str(path))
    assert DTD.validate(tree)
    seg = tree.find(".//tuv/seg").text
    assert seg == 'a </seg> ]]> &amp; <script>alert(1)</script> "><img src=x onerror=alert(1)>   end'
    html = render_view(alignment)
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<img src=x" not in html


def test_audit_lists_missing_languages(aligned):
    _, report, paths, _ = aligned["udhr"]
    on_disk = json.loads(paths["audit"].read_text(encoding="utf-8"))
    assert on_disk["languages"] == ["ar", "zh", "en", "fr", "ru", "es"]
    friendly = [m for m in on_disk["missing"]["ar"] if m["text"].get("zh", "").startswith("鉴于有必要促进各国间友好关系的发展")]
    assert len(friendly) == 1
    # Measured: Arabic lacks the preamble's paragraph on friendly relations between nations; only en and es set
    # "Now, therefore," apart (an extra of theirs, not a hole in the others); Chinese has no paragraph of its own for
    # "The General Assembly".
    assert [(u["unit"], u["missing"], u["extra"]) for u in on_disk["units"] if u["missing"] or u["extra"]] == [
        (6, ["ar"], []), (10, [], ["en", "es"]), (11, ["zh"], [])]
    for unit in on_disk["units"]:  # a unit lacks languages as holes, or is an extra of the few that have it
        absent = [lang for lang in on_disk["languages"] if lang not in unit["present"]]
        assert (unit["missing"], unit["extra"]) in ((absent, []), ([], unit["present"])), unit


def test_view_has_six_columns_rtl_arabic_and_marked_holes(aligned):
    alignment, report, paths, _ = aligned["udhr"]
    page = etree.HTML(paths["view"].read_text(encoding="utf-8"))
    assert len(page.findall(".//thead/tr/th")) == 7  # address + six languages
    rows = page.findall(".//tbody/tr")
    assert len(rows) == len(alignment.units)
    arabic = page.xpath('.//tbody/tr/td[@lang="ar"]')
    assert arabic and all(td.get("dir") == "rtl" for td in arabic)
    marked = page.xpath('.//tbody/tr/td[@lang="ar"][contains(@class, "missing")]')
    # A unit only a minority of versions have ("Now, therefore," in en and es) is extra there, not missing in ar.
    assert len(marked) == len([m for m in report["missing"]["ar"] if not m["extra_in"]]) >= 1


def test_an_output_set_names_every_file_of_a_document():
    """Bilingual memories only for the pairs the document has both languages of; the audit last."""
    outputs = OutputSet("A_RES_70_1", Path("out"), RunOptions.parse(pairs="en-fr,ar-zh"), ("en", "fr", "ru"))
    assert list(outputs.paths().items()) == [
        ("tmx", Path("out/A_RES_70_1.tmx")), ("en-fr", Path("out/A_RES_70_1.en-fr.tmx")),
        ("sentences-tmx", Path("out/A_RES_70_1.sentences.tmx")),
        ("sentences-en-fr", Path("out/A_RES_70_1.sentences.en-fr.tmx")),
        ("view", Path("out/A_RES_70_1.html")), ("audit", Path("out/A_RES_70_1.audit.json"))]
    sentences_only = OutputSet("A_RES_70_1", Path("out"), RunOptions.parse(level="sentence"), ("en", "fr"))
    assert list(sentences_only.paths()) == ["sentences-tmx", "view", "audit"]


def test_the_signature_changes_with_every_option_that_shapes_the_result():
    base = RunOptions.parse()
    assert re.fullmatch(r"unalign:[^|]+\|code:[0-9a-f]{12}\|model:usem3\|level:both\|langs:all\|pairs:none\|codes:ar=ar-SA,zh=zh-CN,en=en-GB,"
                        r"fr=fr-FR,ru=ru-RU,es=es-ES\|config:[0-9a-f]{12}", base.signature()), base.signature()
    others = [RunOptions.parse(model="other"), RunOptions.parse(langs="en,fr"), RunOptions.parse(pairs="en-fr"),
              RunOptions.parse(tmx_codes="bare"), RunOptions.parse(tmx_codes="zh=zh-Hans"),
              RunOptions.parse(level="paragraph")]
    assert len({base.signature()} | {o.signature() for o in others}) == 1 + len(others)
    # Where embeddings are cached does not change a result.
    assert RunOptions.parse(cache=False, cache_dir=Path("elsewhere")).signature() == base.signature()
