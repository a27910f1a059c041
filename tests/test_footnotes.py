"""Footnotes are their own units and know the paragraph that calls them: in the reader, the TMX, the audit, the view."""

import json

from lxml import etree

from unalign.documents import DocumentFiles
from unalign.embedding import DEFAULT_MODEL
from unalign.numbering import assign_addresses
from unalign.outputs.audit import Audit
from unalign.outputs.paths import OutputSet
from unalign.pipeline import align_document, finish, load_alignment, read_document, write_outputs
from unalign.readers import read_blocks
from tests.conftest import CORPORA

RESOLUTION = {"txt": CORPORA / "seeds-fr" / "002_f3b888b5a1b4d630.txt",
              "docx": CORPORA / "formats" / "docx" / "res_11_2" / "fr.docx",
              "pdf": CORPORA / "formats" / "pdf" / "res_11_2" / "fr.pdf"}


def test_each_footnote_points_to_the_paragraph_that_calls_it():
    """Resolution 11/2: footnote 1 is called in "Notant que …" (« … s'y rapportant¹ »), footnote 2 in "Se félicitant …"
    (« … organisée² »), in the text, Word and PDF versions alike."""
    for form, path in RESOLUTION.items():
        paragraphs = assign_addresses(read_blocks(path), "fr")
        notes = {p.label: p for p in paragraphs if p.kind == "footnote"}
        assert set(notes) >= {"1", "2", "3", "4"}, form
        assert paragraphs[notes["1"].note_to].text.startswith("Notant que l'assistance technique"), form
        assert paragraphs[notes["2"].note_to].text.startswith("Se félicitant des travaux"), form
        assert all(paragraphs[p.note_to].kind != "footnote" for p in notes.values()), form


def test_tmx_audit_and_view_carry_the_link(tmp_path, cache_dir, monkeypatch):
    """The French resolution as text and as Word, aligned as two versions: each footnote unit's TMX <prop
    type="x-note-to"> is the address of the unit that calls it, and the audit and the view keep the link."""
    monkeypatch.setattr("unalign.pipeline.check_language", lambda *args: None)  # two French versions on purpose
    document = read_document(DocumentFiles("res_11_2", {"fr": RESOLUTION["txt"], "es": RESOLUTION["docx"]}))
    alignment = align_document(document, DEFAULT_MODEL, cache_dir)
    outputs = OutputSet(document.name, tmp_path)
    write_outputs(finish(alignment, outputs), outputs)
    paths = outputs.paths()
    tus = etree.parse(str(paths["tmx"])).findall(".//tu")
    addresses = [tu.find("prop[@type='x-address']").text for tu in tus]
    notes = [(tu, tu.find("prop[@type='x-note-to']")) for tu in tus]
    linked = [(tu, prop.text) for tu, prop in notes if prop is not None]
    assert len(linked) == 4
    first_note, target = linked[0]
    assert first_note.findtext("tuv/seg").startswith("1 Nations Unies, Recueil des Traités")
    caller = tus[addresses.index(target)]
    assert caller.findtext("tuv/seg").startswith("Notant que l'assistance technique")
    report = json.loads(paths["audit"].read_text(encoding="utf-8"))
    assert len(report["footnote_calls"]["fr"]) == 4
    reloaded = load_alignment(Audit.read(paths["audit"]))
    assert [p.note_to for u in reloaded.units for p in u.paragraphs["fr"]] == [
        p.note_to for u in alignment.units for p in u.paragraphs["fr"]]
    page = paths["view"].read_text(encoding="utf-8")
    assert page.count('class="noteto"') == 4
