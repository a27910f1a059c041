"""Reading real documents into paragraphs: counts match the corpora's stated segmentations."""

import json
import re

import pytest

from unalign.numbering import assign_addresses
from unalign.readers import read_blocks
from tests.conftest import CORPORA, LANGS


def gold_counts(name: str) -> dict[str, int]:
    counts = {}
    for line in (CORPORA / name / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        unit = json.loads(line)
        for lang in LANGS:
            counts[lang] = counts.get(lang, 0) + len(unit[lang])
    return counts


@pytest.mark.parametrize("lang", LANGS)
def test_udhr_paragraphs_are_the_p_elements(lang):
    blocks = read_blocks(CORPORA / "udhr" / f"{lang}.html")
    body = [b for b in blocks if b.kind != "heading"]
    assert len(body) == gold_counts("udhr")[lang]  # ar 59, zh 58, en 60, fr 59, ru 59, es 60
    headings = [b for b in blocks if b.kind == "heading"]
    assert len(headings) == 32  # title, "Preamble", 30 articles


def test_udhr_text_is_decoded_and_clean():
    blocks = read_blocks(CORPORA / "udhr" / "ru.html")
    assert blocks[0].text == "Всеобщая декларация прав человека"
    assert [b.text for b in blocks].index("Статья 1") == 11


@pytest.mark.parametrize("lang", LANGS)
def test_sdg_one_paragraph_per_goal_and_target(lang):
    paragraphs = assign_addresses(read_blocks(CORPORA / "sdg_goals_targets" / f"{lang}.txt"), lang)
    assert len(paragraphs) == 186
    goals = [p for p in paragraphs if p.address.count("/") == 0]
    assert [p.address for p in goals] == [str(n) for n in range(1, 18)]
    assert paragraphs[1].address == "1/1.1"
    assert paragraphs[-1].address == "17/17.19"


def test_sdg_addresses_agree_across_languages():
    sequences = {lang: [p.address for p in assign_addresses(
        read_blocks(CORPORA / "sdg_goals_targets" / f"{lang}.txt"), lang)] for lang in LANGS}
    assert all(seq == sequences["en"] for seq in sequences.values())


@pytest.mark.parametrize("lang", LANGS)
def test_unpc_one_paragraph_per_line(lang):
    blocks = read_blocks(CORPORA / "unpc_v1_devset" / f"{lang}.txt")
    assert len(blocks) == 4000
    first = (CORPORA / "unpc_v1_devset" / f"{lang}.txt").read_text(encoding="utf-8").split("\n")[0]
    assert blocks[0].text == first.strip()


def test_udhr_article_addresses_in_all_languages():
    for lang in LANGS:
        paragraphs = assign_addresses(read_blocks(CORPORA / "udhr" / f"{lang}.html"), lang)
        articles = [p.address for p in paragraphs if p.kind == "heading" and p.address]
        assert articles == [f"art-{n}" for n in range(1, 31)], lang


def test_french_resolution_numbering_and_footnotes():
    """002: resolution 11/2, operative paragraphs 1 and 2, annex I with subparagraphs a) … and footnotes apart."""
    paragraphs = assign_addresses(read_blocks(CORPORA / "seeds-fr" / "002_f3b888b5a1b4d630.txt"), "fr")
    by_address = {p.address: p for p in paragraphs}
    assert by_address["res-11.2"].kind == "heading"
    assert by_address["res-11.2/1"].text.startswith("1. Fait siennes les recommandations")
    assert by_address["res-11.2/2"].text.startswith("2. Fait également siennes")
    footnotes = [p for p in paragraphs if p.kind == "footnote"]
    assert footnotes[0].text.startswith("1 Nations Unies, Recueil des Traités")
    # The paragraph cut by the page break is rejoined around its footnotes, and no footnote text is inside it.
    joined = next(p for p in paragraphs if p.text.startswith("Le Groupe de travail d'experts gouvernementaux sur "
                                                             "l'assistance technique a adopté"))
    assert joined.text.endswith("les recommandations suivantes :")
    assert "Recueil des Traités" not in joined.text
    # Markup is gone from the text: *Fait siennes* and superscript footnote calls.
    assert "*" not in "".join(p.text for p in paragraphs)
    assert not any(ch in "".join(p.text for p in paragraphs) for ch in "¹²³")


def test_blank_line_after_every_line_is_rejoined():
    """003 is hard-wrapped with a blank line after every line: paragraphs 1. to 24. come out whole and in order.

    Lists inside III.C (items 1.-2.) and the two agendas of IV.C (items 1.-5.) number their items again: the
    document does that, not the reader.
    """
    paragraphs = assign_addresses(read_blocks(CORPORA / "seeds-fr" / "003_142c77900b5da3b4.txt"), "fr")
    numbers = [int(p.label[:-1]) for p in paragraphs if re.fullmatch(r"\d+\.", p.label)]
    main_sequence, last = [], 0
    for n in numbers:
        if n == last + 1:
            main_sequence.append(n)
            last = n
    assert main_sequence == list(range(1, 25))
    agenda_items = list(numbers)
    for n in main_sequence:
        agenda_items.remove(n)
    assert sorted(agenda_items) == [1, 1, 1, 2, 2, 2, 3, 3, 4, 4, 5, 5]
    first = paragraphs[2]
    assert first.text.startswith("1. Le Groupe de travail d’experts gouvernementaux sur l’assistance technique a été")
    assert first.text.endswith("du 10 au 13 octobre 2007.")


def test_markup_remnants_are_removed():
    paragraphs = assign_addresses(read_blocks(CORPORA / "seeds-fr" / "000_c632e5c3a08acfcb.txt"), "fr")
    text = "\n".join(p.text for p in paragraphs)
    assert "<sup>" not in text and "**" not in text and "<b>" not in text
    assert any(p.kind == "toc" for p in paragraphs)
    toc = [p for p in paragraphs if p.kind == "toc"]
    assert all(not p.address for p in toc)


def test_chinese_list_labels_read_by_rank_like_the_other_versions():
    """(一) （二） ㈢ in a Chinese list are (a) (b) (c): the addresses meet the English ones."""
    from unalign.model import Block

    zh = assign_addresses([Block("paragraph", t) for t in ("1. 大会决定：", "(一) 第一项；", "（二）第二项；", "㈢ 第三项。")],
                          "zh")
    en = assign_addresses([Block("paragraph", t) for t in ("1. Decides:", "(a) First;", "(b) Second;", "(c) Third.")],
                          "en")
    assert [p.address for p in zh] == [p.address for p in en] == ["1", "1/a", "1/b", "1/c"]


def test_a_range_of_days_opening_a_line_is_a_date_not_a_label():
    """The UNPC devset's dates ("9-20 آذار/مارس 2015", "9 - 20 марта 2015 года", "4 - 15 May 2015") were read as
    X. Now no
    line that opens with a range of days and a month has a label; "12. 3 March" stays paragraph 12."""
    from unalign.model import Block

    day_range = re.compile(r"^[0-9]{1,2} ?- ?[0-9]{1,2} (?:آذار|أيار|حزيران|كانون|تشرين|نيسان|شباط|تموز|آب|أيلول|"
                           r"[A-Z][a-z]+ 20|[а-я]+ 20)")
    dates = 0
    for lang in ("ar", "en", "ru"):
        lines = (CORPORA / "unpc_v1_devset" / f"{lang}.txt").read_text(encoding="utf-8").splitlines()
        paragraphs = assign_addresses([Block("paragraph", line) for line in lines], lang)
        in_range = [p for p in paragraphs if day_range.match(p.text)]
        dates += len(in_range)
        assert [p.label for p in in_range] == [""] * len(in_range), lang
    assert dates == 23  # 7 in Arabic, 8 in English, 8 in Russian; 16 of them (7, 1, 8) had a label before
    assert [p.label for p in assign_addresses([Block("paragraph", "12. 3 March 2015 saw…")], "en")] == ["12."]


def test_a_second_reading_of_the_same_files_comes_from_the_reading_cache(tmp_path, monkeypatch):
    """Every version's reading is kept in the cache folder, HTML and plain text too: a second run on the same files
    reads none of them (the same paragraphs), and an edited file is read again."""
    import shutil

    import unalign.pipeline as pipeline
    from unalign.documents import find_documents

    folder = tmp_path / "udhr"
    shutil.copytree(CORPORA / "udhr", folder)
    first = pipeline.read_document(find_documents(folder)[0][0], cache_dir=tmp_path / "cache")
    read = []
    reader = pipeline.read_file
    monkeypatch.setattr(pipeline, "read_file", lambda path, how: read.append(path.name) or reader(path, how))
    again = pipeline.read_document(find_documents(folder)[0][0], cache_dir=tmp_path / "cache")
    assert read == [] and again.paragraphs == first.paragraphs
    assert sum(map(len, again.paragraphs.values())) == 547
    html = (folder / "fr.html").read_text(encoding="utf-8")
    (folder / "fr.html").write_text(html.replace("Préambule", "Préambule révisé", 1), encoding="utf-8")
    edited = pipeline.read_document(find_documents(folder)[0][0], cache_dir=tmp_path / "cache")
    assert read == ["fr.html"] and any(p.text == "Préambule révisé" for p in edited.paragraphs["fr"])


def test_installed_version_is_importlib_metadatas():
    """The reading cache keys the languages it keeps by py3langid's version, read from its .dist-info folder's name
    (importlib.metadata costs a warm run its import): the same as importlib.metadata gives, for it and a few more."""
    from importlib.metadata import version

    from unalign.readers.cache import installed_version

    for package in ("py3langid", "numpy", "lxml", "typer"):
        assert installed_version(package) == version(package)


def test_the_paragraphs_kept_beside_a_reading_are_the_ones_numbering_gives(tmp_path, monkeypatch):
    """A version's paragraphs with their addresses are kept in the reading cache (ReadingCache.numbered): the same
    as numbering.assign_addresses gives, found again without it; with another config they are numbered again."""
    from unalign import numbering, options
    from unalign.readers import HowToRead, read_file
    from unalign.readers.cache import ReadingCache

    path = CORPORA / "sdg_goals_targets" / "fr.txt"
    reading = read_file(path, HowToRead(" "))
    expected = tuple(assign_addresses(list(reading.blocks), "fr"))
    assert any(p.address for p in expected)
    key = ReadingCache.key(path, HowToRead(" "))
    with ReadingCache(tmp_path) as kept:
        assert kept.numbered(key, reading, "fr") == expected
    numbered = []
    monkeypatch.setattr(numbering, "assign_addresses", lambda blocks, lang: numbered.append(lang) or [])
    with ReadingCache(tmp_path) as kept:
        assert kept.numbered(key, reading, "fr") == expected and not numbered
        assert kept.numbered(None, reading, "fr") == () and numbered == ["fr"]  # without a key, nothing kept
    monkeypatch.setattr(options, "config_hash", lambda: "another config")
    with ReadingCache(tmp_path) as kept:
        assert kept.numbered(key, reading, "fr") == () and numbered == ["fr", "fr"]


def test_a_reading_is_kept_for_one_config(monkeypatch):
    """The readers follow config/reading.toml's rules: a reading kept under another config is not this one's."""
    from unalign import options
    from unalign.readers import HowToRead
    from unalign.readers.cache import ReadingCache

    path = CORPORA / "sdg_goals_targets" / "fr.txt"
    key = ReadingCache.key(path, HowToRead(" "))
    monkeypatch.setattr(options, "config_hash", lambda: "another config")
    assert ReadingCache.key(path, HowToRead(" ")) != key


def test_a_warm_reading_writes_nothing_to_the_cache(tmp_path):
    """A reading, its language and its numbered paragraphs found in the cache are not written again (their time of
    last use is refreshed at most hourly): a warm run's cache commit and close then wait for no disk."""
    from unalign.documents import check_language
    from unalign.readers import HowToRead, read_file
    from unalign.readers.cache import ReadingCache

    path = CORPORA / "sdg_goals_targets" / "fr.txt"
    key = ReadingCache.key(path, HowToRead(" "))
    with ReadingCache(tmp_path) as kept:
        kept.put(key, read_file(path, HowToRead(" ")))
        reading = kept.get(key)
        check_language(path, "fr", "\n".join(block.text for block in reading.blocks), kept.language)
        kept.numbered(key, reading, "fr")
    with ReadingCache(tmp_path) as kept:
        reading = kept.get(key)
        check_language(path, "fr", "\n".join(block.text for block in reading.blocks), kept.language)
        assert kept.numbered(key, reading, "fr")
        assert kept.db.total_changes == 0
