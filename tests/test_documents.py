"""Files paired into documents by UN symbol and language, and each file's language checked against its name."""

from pathlib import Path

import pytest

from unalign.documents import check_language, detect_language, find_documents, language_of
from unalign.pipeline import read_document
from unalign.model import UnalignError
from benchmarks.synthetic import paragraphs
from tests.conftest import CORPORA, LANGS


@pytest.mark.parametrize("name, expected", [
    ("en.txt", ("en", "")),
    ("A_RES_70_1-EN.txt", ("en", "A_RES_70_1")),
    ("A-RES-70-1_E.txt", ("en", "A_RES_70_1")),
    ("CTOC_COP_2018_13_F.txt", ("fr", "CTOC_COP_2018_13")),
    ("S_2015_1_R.md", ("ru", "S_2015_1")),
    ("E-CN.7-2015-13-zh.html", ("zh", "E_CN_7_2015_13")),
    ("report.ar.txt", ("ar", "report")),
    ("es/A_RES_70_1.txt", ("es", "A_RES_70_1")),
    ("EN_report.txt", ("en", "report")),
    ("A/A_69_767.txt", None),  # a folder A/ is a document series, not Arabic
    ("notes.txt", None),
    ("E.txt", ("en", "")),
    # a language tag with its region or script, as TMX and unalign's --tmx-codes write them
    ("en-GB.txt", ("en", "")),
    ("fr_FR.txt", ("fr", "")),
    ("zh-Hant-TW.txt", ("zh", "")),
    ("es-419.txt", ("es", "")),
    ("report_ar-SA.txt", ("ar", "report")),
    ("EN_fr.txt", ("fr", "EN")),  # not a tag: fr is another language than en
])
def test_language_and_symbol_from_un_file_names(name, expected):
    assert language_of(Path("docs") / name) == expected


def _write(path: Path, paras: list[str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n\n".join(paras) + "\n", encoding="utf-8")


def test_versions_named_in_different_conventions_meet_by_symbol(tmp_path):
    sdg = {lang: paragraphs("sdg_goals_targets", lang) for lang in LANGS}
    _write(tmp_path / "A_RES_70_1-EN.txt", sdg["en"])
    _write(tmp_path / "A-RES-70-1_F.txt", sdg["fr"])
    _write(tmp_path / "es" / "A_RES_70_1.txt", sdg["es"])
    _write(tmp_path / "a_res_70_1-ru.txt", sdg["ru"])
    _write(tmp_path / "A_RES_70_2-EN.txt", sdg["en"][:3])
    _write(tmp_path / "A_RES_70_2-FR.txt", sdg["fr"][:3])
    _write(tmp_path / "A_RES_70_1-EN.rtf", ["not read"])
    documents, skipped = find_documents(tmp_path)
    assert [(d.name, sorted(d.files)) for d in documents] == [
        ("A_RES_70_1", ["en", "es", "fr", "ru"]), ("A_RES_70_2", ["en", "fr"])]
    assert documents[0].files["es"] == tmp_path / "es" / "A_RES_70_1.txt"
    assert len(skipped) == 1 and skipped[0].startswith("1 .rtf file named for a language: unalign reads .doc, .docx, ")


def test_a_folder_of_document_folders_names_each_after_its_folder():
    documents, _ = find_documents(CORPORA)
    names = {d.name: sorted(d.files) for d in documents}
    assert names == {"udhr": sorted(LANGS), "sdg_goals_targets": sorted(LANGS), "unpc_v1_devset": sorted(LANGS),
                     # the UDHR again as PDF and Word (corpora/formats/); resolution 11/2 there is French only
                     "formats__docx__udhr": sorted(LANGS), "formats__pdf__udhr": sorted(LANGS),
                     # the UDHR and the SDGs as Word files, web pages and their PDFs (corpora/formats/office/); the
                     # one-language .doc and bad PDFs there are no documents
                     **{f"formats__office__{doc}__{source}": sorted(LANGS) for doc in ("udhr", "sdg_goals_targets")
                        for source in ("docx", "libreoffice", "html", "chromium", "weasyprint", "ps2pdf", "typst",
                                       "xelatex")},
                     "formats__office__udhr__ps2pdf_chromium": sorted(LANGS),
                     "formats__office__udhr__ps2pdf_libreoffice": sorted(LANGS),
                     "formats__office__udhr__ps2pdf_weasyprint": sorted(LANGS),
                     "formats__office__udhr__ps2pdf_typst": sorted(LANGS),
                     # ps2pdf's rewrite of LibreOffice's SDG PDFs: French and Spanish only
                     "formats__office__sdg_goals_targets__ps2pdf_libreoffice": ["es", "fr"],
                     # a fixture of two languages of a held-out excerpt by XeLaTeX (corpora/formats/xelatex_running_title)
                     "formats__xelatex_running_title": ["en", "ru"],
                     # the held-out UNPC excerpts, by every producer and four rewrites by ps2pdf
                     **{f"formats__office__{doc}__{source}": sorted(LANGS) for doc in ("unpc_excerpt", "unpc_excerpt_241")
                        for source in ("docx", "libreoffice", "html", "chromium", "weasyprint", "ps2pdf", "typst",
                                       "xelatex", "ps2pdf_chromium", "ps2pdf_libreoffice", "ps2pdf_weasyprint",
                                       "ps2pdf_typst")}}


def test_two_files_for_one_language_make_a_problem_not_a_guess(tmp_path):
    sdg = {lang: paragraphs("sdg_goals_targets", lang) for lang in ("en", "fr")}
    _write(tmp_path / "A_RES_70_1-EN.txt", sdg["en"])
    _write(tmp_path / "A-RES-70-1_E.txt", sdg["en"])
    _write(tmp_path / "A_RES_70_1-FR.txt", sdg["fr"])
    (document,), _ = find_documents(tmp_path)
    assert "two files for en" in document.problem and "A-RES-70-1_E.txt" in document.problem


def test_the_six_corpus_languages_are_recognised():
    for corpus in ("udhr", "sdg_goals_targets"):
        for lang in LANGS:
            found, probability = detect_language("\n".join(paragraphs(corpus, lang)))
            assert (found, corpus) == (lang, corpus) and probability > 0.99


def test_a_file_in_another_language_than_its_name_says_is_refused():
    english = "\n".join(paragraphs("udhr", "en"))
    check_language(Path("en.txt"), "en", english)
    with pytest.raises(UnalignError, match=r"fr\.txt: named as French but its text is English"):
        check_language(Path("fr.txt"), "fr", english)
    check_language(Path("fr.txt"), "fr", "Introduction")  # too short to tell: not checked


def test_the_languages_found_are_kept_with_the_readings(tmp_path, monkeypatch):
    """The language found in each version's text is kept in the reading cache: a second reading of the same files
    finds none again, and still refuses a file named for another language than its text's."""
    from unalign.pipeline import read_document

    mislabelled = tmp_path / "mislabelled"
    mislabelled.mkdir()
    for lang in ("en", "fr"):  # the UDHR's English under both names
        (mislabelled / f"{lang}.html").write_bytes((CORPORA / "udhr" / "en.html").read_bytes())
    udhr, misread = find_documents(CORPORA / "udhr")[0][0], find_documents(mislabelled)[0][0]
    first = read_document(udhr, cache_dir=tmp_path / "cache")
    with pytest.raises(UnalignError, match=r"fr\.html: named as French but its text is English \(language detection, "
                                           r"p=1\.00\)"):
        read_document(misread, cache_dir=tmp_path / "cache")

    def detect_again(text):
        raise AssertionError("a language was looked for again")

    monkeypatch.setattr("unalign.documents.detect_language", detect_again)
    assert read_document(udhr, cache_dir=tmp_path / "cache").paragraphs == first.paragraphs
    with pytest.raises(UnalignError, match=r"fr\.html: named as French but its text is English \(language detection, "
                                           r"p=1\.00\)"):
        read_document(misread, cache_dir=tmp_path / "cache")


def test_links_are_followed_and_a_link_to_nothing_is_named(tmp_path):
    """A document folder reached through a link is found like any other (each folder once: a link back up is not
    a loop), and a language version that is a link to nothing stays in its document, whose reading then names it."""
    real = tmp_path / "real"
    real.mkdir()
    for lang in ("en", "fr"):
        (real / f"{lang}.txt").write_text("text\n", encoding="utf-8")
    (tmp_path / "docs" / "plain").mkdir(parents=True)
    for lang in ("en", "fr"):
        (tmp_path / "docs" / "plain" / f"{lang}.txt").write_text("text\n", encoding="utf-8")
    (tmp_path / "docs" / "linked").symlink_to(real, target_is_directory=True)
    (tmp_path / "docs" / "plain" / "up").symlink_to(tmp_path / "docs", target_is_directory=True)
    (tmp_path / "docs" / "plain" / "ru.txt").symlink_to(tmp_path / "nowhere" / "ru.txt")
    documents, _ = find_documents(tmp_path / "docs")
    assert {d.name: sorted(d.files) for d in documents} == {"linked": ["en", "fr"], "plain": ["en", "fr", "ru"]}
    with pytest.raises(UnalignError, match=r"plain/ru\.txt: no such file"):
        read_document(next(d for d in documents if d.name == "plain"))


def test_a_version_whose_text_is_not_in_its_script_is_refused():
    """Ghostscript's rewrite of a LibreOffice PDF (corpora/formats/sweep_stop53; held out) maps Chinese glyphs to
    `!"#$%&'()*+` and Arabic ones to `/G/FG - O 'FN'`: the language check took them for French (p 0.64) or
    English below its threshold, and they were aligned as garbage. The PDF they were made from passes."""
    from unalign.readers import read_file

    folder = CORPORA / "formats" / "sweep_stop53" / "ghostscript_cjk_arabic"
    for lang, name in (("zh", "zh2-gs1.pdf"), ("ar", "ar2-gs2.pdf")):
        text = "\n".join(block.text for block in read_file(folder / name).blocks)
        with pytest.raises(UnalignError, match=r"of its characters are in its script: the file does not hold its text"):
            check_language(folder / name, lang, text)
    zh = CORPORA / "formats" / "office" / "udhr" / "libreoffice" / "zh.pdf"
    check_language(zh, "zh", "\n".join(block.text for block in read_file(zh).blocks))
