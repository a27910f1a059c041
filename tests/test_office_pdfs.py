"""Six-language PDFs made by LibreOffice (from Word files) and Chromium (from web pages), read and aligned.

The files and their gold are in corpora/formats/office/ (made by make_office_pdfs.py from the UDHR and the SDG goals
and targets; README there). The targets are those of issue 12: every gold paragraph read exactly, no page furniture in
the text, and the six PDFs of a document aligned with link F1 >= 0.99. Today's reader is far from them (figures in
the README there). Measured with the reader built from page geometry: every paragraph exact but one in two Arabic
files, the SDG's note 2, where a figure and a Latin symbol inside a right-to-left line (`1/CP.21`) cannot be put back
in their logical order from the page alone (both orders print alike).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks.reading import OutputParagraph, read_gold, read_output, score_reading
from tests.conftest import unalign_here

OFFICE = Path(__file__).resolve().parents[1] / "corpora" / "formats" / "office"
DOCUMENTS = ("udhr", "sdg_goals_targets")
PRODUCERS = ("libreoffice", "chromium")
LANGS = ("ar", "zh", "en", "fr", "ru", "es")
CORPUS = Path(__file__).resolve().parents[1] / "corpora"
# (document, producer, language) -> gold paragraphs not read exactly, as measured; every other file reads exactly.
NOT_EXACT = {("sdg_goals_targets", "libreoffice", "ar"): 1, ("sdg_goals_targets", "chromium", "ar"): 1}


def _corpus_paragraphs(document: str, lang: str) -> int:
    if document == "udhr":
        html = (CORPUS / "udhr" / f"{lang}.html").read_text(encoding="utf-8")
        return html.count("<p>") + html.count("<h1>") + html.count("<h2>")
    return len([line for line in (CORPUS / document / f"{lang}.txt").read_text(encoding="utf-8").split("\n")
                if line.strip()])


@pytest.mark.parametrize("document", DOCUMENTS)
def test_gold_holds_every_corpus_paragraph_and_the_footnotes(document):
    """The reading gold of each version lists the corpus paragraphs (UDHR: with its headings) and the 3 footnotes."""
    for lang in LANGS:
        gold = read_gold(OFFICE / document / f"{lang}.paragraphs.jsonl")
        assert len(gold) == _corpus_paragraphs(document, lang) + 3
        assert [item.label for item in gold if item.kind == "footnote"] == ["1", "2", "3"]


@pytest.mark.parametrize("document", DOCUMENTS)
def test_alignment_gold_partitions_each_version_in_order(document):
    """Every paragraph of every version is in exactly one unit, units in document order, footnote after its caller."""
    units = [json.loads(line) for line in (OFFICE / document / "gold.jsonl").read_text(encoding="utf-8").splitlines()]
    for lang in LANGS:
        indices = [i for unit in units for i in unit[lang]]
        assert indices == list(range(len(read_gold(OFFICE / document / f"{lang}.paragraphs.jsonl"))))
    notes = [k for k, unit in enumerate(units) if unit["id"].startswith("fn-")]
    assert len(notes) == 3 and all(len(units[k]["en"]) == 1 for k in notes)


@pytest.fixture(scope="module")
def aligned(tmp_path_factory, cache_dir):
    """(document, folder) -> the audit `unalign align` writes for that folder of six files (paragraph level), each
    folder aligned once for all the tests of this module (reading six PDFs costs seconds)."""
    out = tmp_path_factory.mktemp("office")
    done: dict[tuple[str, str], Path] = {}

    def audit(document: str, folder: str) -> Path:
        if (document, folder) not in done:
            result = unalign_here("align", str(OFFICE / document / folder), "-o", str(out / document), "--level",
                                  "paragraph", env={"UNALIGN_CACHE": str(cache_dir)})
            assert result.returncode == 0, result.stderr
            done[(document, folder)] = out / document / f"{folder}.audit.json"
        return done[(document, folder)]
    return audit


def _cases():
    return [pytest.param(d, p, lang, id=f"{d}-{p}-{lang}") for d in DOCUMENTS for p in PRODUCERS for lang in LANGS]


@pytest.mark.parametrize("document, producer, lang", _cases())
def test_every_paragraph_read_exactly(document, producer, lang, aligned):
    """Issue 12's target: each gold paragraph whole and alone in one output paragraph; no furniture, no word rows.
    The paragraphs are those `unalign align` kept in its audit."""
    from unalign.outputs.audit import Audit

    symbol = json.loads((OFFICE / document / "masthead.json").read_text(encoding="utf-8"))["symbol"]
    gold = read_gold(OFFICE / document / f"{lang}.paragraphs.jsonl")
    output = [OutputParagraph(p.kind, p.text) for p in Audit.read(aligned(document, producer)).paragraphs[lang]]
    score = score_reading(gold, output, symbol)
    misses = NOT_EXACT.get((document, producer, lang), 0)  # Arabic: a figure out of order loses the item's end
    assert (score.exact, score.lost, score.merged, score.leaks, score.word_split_rows) == (len(gold) - misses, misses,
                                                                                        0, 0, 0)


def test_the_reading_benchmark_scores_what_align_reads():
    """benchmarks/reading.py reads a PDF as `unalign segment` does, and finds what the audit gave above."""
    document, producer, lang = "sdg_goals_targets", "chromium", "ar"
    gold = read_gold(OFFICE / document / f"{lang}.paragraphs.jsonl")
    symbol = json.loads((OFFICE / document / "masthead.json").read_text(encoding="utf-8"))["symbol"]
    score = score_reading(gold, read_output(OFFICE / document / producer / f"{lang}.pdf", lang=lang), symbol)
    assert (score.exact, score.lost) == (len(gold) - NOT_EXACT[(document, producer, lang)],
                                         NOT_EXACT[(document, producer, lang)])


def _link_f1(document: str, folder: str, aligned) -> float:
    scored = unalign_here("evaluate", str(aligned(document, folder)), "--gold", str(OFFICE / document / "gold.jsonl"),
                          "--json")
    assert scored.returncode == 0, scored.stderr.strip()
    return json.loads(scored.stdout)["all"]["links"]["f1"]


@pytest.mark.parametrize("document, source", [(d, s) for d in DOCUMENTS for s in ("docx", "html")])
def test_word_and_html_sources_align_exactly_against_the_gold(document, source, aligned):
    """The Word files and web pages the PDFs were made from align perfectly against the alignment gold (which checks
    the gold: headings, paragraphs and footnotes after their callers, as unalign orders them)."""
    assert _link_f1(document, source, aligned) == 1.0


@pytest.mark.parametrize("document, producer", [(d, p) for d in DOCUMENTS for p in PRODUCERS])
def test_six_pdfs_align_against_the_corpus_gold(document, producer, aligned):
    """`unalign align` on the six PDFs of a document, scored by `unalign evaluate`: every link found (measured; the
    issue asked for 0.99), the Arabic paragraphs not read exactly included."""
    assert _link_f1(document, producer, aligned) == 1.0


def test_the_masthead_goes_into_the_tmx_header_and_the_audit(aligned):
    """Issue 12: the symbol, date and original language printed on page 1 are metadata, not text."""
    from unalign.outputs.audit import Audit
    from unalign.tmx.reading import read_tmx

    audit = aligned("udhr", "libreoffice")
    masthead = {"x-symbol": "A/RES/217(III)", "x-date": "10 December 1948", "x-original-language": "English"}
    header, _ = read_tmx(audit.parent / "libreoffice.tmx")
    assert {key: header.props.get(key) for key in masthead} == masthead
    assert Audit.read(audit).masthead == masthead
    texts = [p.text for ps in Audit.read(audit).paragraphs.values() for p in ps]
    assert not [t for t in texts if "Distr." in t or "48-00217" in t]  # and none of it is left in the text


def test_a_mark_glyph_mapped_to_its_whole_cluster_and_drawn_off_the_baseline_is_no_second_letter():
    """Chromium draws the tanween of وفضلاً raised, as its own glyph mapped to "اً" as the alef's glyph is: the two
    alefs touch, one off the other's baseline (وفضلًااً, and two lines pdftotext reads right read worse)."""
    text = " ".join(p.text for p in read_output(OFFICE / "udhr" / "chromium" / "ar.pdf", lang="ar"))
    assert "وفضلاً عما تقدم" in text and "اا" not in text  # the tanween on its alef, as written


def test_libreoffice_kashida_glyphs_mapped_to_an_equals_sign_go():
    """LibreOffice justifies Arabic with kashida glyphs that its ToUnicode maps to "=" (بحل==ول ع==ام): flat strokes
    on the baseline, not equals signs; they go as kashidas shown as control codes do."""
    text = " ".join(p.text for p in read_output(OFFICE / "sdg_goals_targets" / "libreoffice" / "ar.pdf", lang="ar"))
    assert "=" not in text and "لمصائد الأسماك، بحلول عام" in text


def test_a_year_alone_on_a_line_above_the_last_body_line_of_a_page_is_no_page_number():
    """Chromium's Arabic SDG: target 14.1 ends with "2025" alone on a line in the bottom band of its page, the other
    column's last line below it. A page number is the outermost line of its band: that year is the paragraph's."""
    output = read_output(OFFICE / "sdg_goals_targets" / "chromium" / "ar.pdf", lang="ar")
    assert any(p.text.startswith("14.1 ") and p.text.endswith("بحلول عام 2025") for p in output)


def test_a_line_of_figures_and_brackets_ending_an_arabic_paragraph_reads_right_to_left():
    """LibreOffice's Arabic SDG: target 14.6 ends on a line of no letters, "2020 (3)", printed "(3) 2020" with its
    mirrored brackets mapped to ")3(": read left to right, it came out ")3( 2020"."""
    output = read_output(OFFICE / "sdg_goals_targets" / "libreoffice" / "ar.pdf", lang="ar")
    assert any(p.text.startswith("14.6 ") and p.text.endswith("بحلول عام 2020 (3)") for p in output)


def test_a_documents_pdfs_read_side_by_side_in_its_processes_read_as_in_one():
    """`unalign align` reads a document's PDF versions in its worker processes, side by side (pipeline.read_document
    with `workers`): the same paragraphs, addresses and mastheads as read one after the other in this process (the
    UDHR laid out by LibreOffice, six PDFs)."""
    from unalign.documents import find_documents
    from unalign.pipeline import read_document
    from unalign.workers import process_pool

    class Counted:  # the pool, counting the files given to it
        def __init__(self, pool):
            self.pool, self.files = pool, 0

        def submit(self, *call):
            self.files += 1
            return self.pool.submit(*call)

    files = find_documents(OFFICE / "udhr" / "libreoffice")[0][0]
    with process_pool(2) as pool:
        counted = Counted(pool)
        side_by_side = read_document(files, counted)
    assert counted.files == 6
    one_by_one = read_document(files)
    assert side_by_side.paragraphs == one_by_one.paragraphs and sum(map(len, one_by_one.paragraphs.values())) == 565
    assert side_by_side.meta == one_by_one.meta and side_by_side.warnings == one_by_one.warnings


def test_a_second_reading_of_the_same_pdfs_comes_from_the_reading_cache(tmp_path, monkeypatch):
    """With a cache folder, the six PDFs' readings are kept, and a second reading of the same files reads no PDF and
    gives the same paragraphs, masthead and warnings; a file with other bytes is read again (readers.cache)."""
    import shutil

    import unalign.pipeline as pipeline
    from unalign.documents import find_documents
    from unalign.pipeline import read_document
    from unalign.readers.cache import ReadingCache

    folder = tmp_path / "sdg"
    shutil.copytree(OFFICE / "sdg_goals_targets" / "libreoffice", folder)
    first = read_document(find_documents(folder)[0][0], cache_dir=tmp_path / "cache")
    read = []
    reader = pipeline.read_file
    monkeypatch.setattr(pipeline, "read_file", lambda path, how: read.append(path.name) or reader(path, how))
    again = read_document(find_documents(folder)[0][0], cache_dir=tmp_path / "cache")
    assert read == []
    assert again.paragraphs == first.paragraphs and sum(map(len, again.paragraphs.values())) == 1134
    assert again.meta == first.meta and again.warnings == first.warnings
    shutil.copy(OFFICE / "sdg_goals_targets" / "chromium" / "fr.pdf", folder / "fr.pdf")
    changed = read_document(find_documents(folder)[0][0], cache_dir=tmp_path / "cache")
    assert read == ["fr.pdf"] and changed.paragraphs["en"] == first.paragraphs["en"]
    with ReadingCache(tmp_path / "cache") as kept:
        assert len(kept) == 7
    # The same bytes elsewhere are read again: a reading's warnings name its file.
    shutil.copytree(folder, tmp_path / "moved")
    read_document(find_documents(tmp_path / "moved")[0][0], cache_dir=tmp_path / "cache")
    assert len(read) == 7


def test_a_damaged_reading_in_the_cache_is_read_again(tmp_path):
    """A reading cache entry that no longer unpickles (a disk full mid-write) is a miss: the PDF is read again and
    its entry replaced, with no traceback."""
    from unalign.readers import HowToRead, read_file
    from unalign.readers.cache import ReadingCache

    pdf = OFFICE / "udhr" / "libreoffice" / "en.pdf"
    key = ReadingCache.key(pdf, HowToRead())
    with ReadingCache(tmp_path) as kept:
        kept.db.execute("INSERT INTO kept VALUES (?, 0, ?)", (key, b"\x80\x05damaged"))
    with ReadingCache(tmp_path) as kept:
        assert kept.get(key) is None
        kept.put(key, read_file(pdf))
    with ReadingCache(tmp_path) as kept:
        assert len(kept.get(key).blocks) == 95


def test_the_reading_cache_keeps_the_readings_last_used(tmp_path, monkeypatch):
    """The cache keeps KEPT_READINGS readings, the last used: a folder of copies read run after run does not grow it.
    (A use is noted when the one noted is older than _USED_EVERY, an hour: here at once.)"""
    import unalign.readers.cache as cache
    from unalign.readers import read_file

    monkeypatch.setattr(cache, "KEPT_READINGS", 2)
    monkeypatch.setattr(cache, "_USED_EVERY", 0.0)
    reading = read_file(OFFICE / "udhr" / "libreoffice" / "en.pdf")
    with cache.ReadingCache(tmp_path) as kept:
        kept.put("a", reading)
        kept.put("b", reading)
        assert kept.get("a") is not None  # used last now
        kept.put("c", reading)
        assert len(kept) == 2 and kept.get("b") is None and kept.get("a") is not None
