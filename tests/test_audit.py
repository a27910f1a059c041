"""The coverage audit of real documents: one document's JSON, and the folder table, checked against the gold."""

import csv
import io
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from unalign.outputs.audit import Audit
from unalign.evaluation import evaluate, load_gold
from unalign.pipeline import align_document, read_document
from tests.conftest import CORPORA, LANGS, one_document, unalign_here
from tests.test_alignment import skip_kinds


def unalign(*args: str) -> subprocess.CompletedProcess:
    return unalign_here(*args, env={"COLUMNS": "160"})  # a terminal wide enough for the table's rows to stay on one line


@pytest.fixture(scope="session")
def folder_table(audited_folder) -> dict[str, dict]:
    """`unalign audit OUT --json` on that folder: document -> its row."""
    result = unalign("audit", str(audited_folder[0]), "--json")
    assert result.returncode == 0, result.stderr
    return {row["document"]: row for row in json.loads(result.stdout)}


@pytest.mark.parametrize("name", [
    "udhr", "sdg_goals_targets", "sdg_holed", "udhr_holed", "unpc_v1_devset",
])
def test_folder_audit_matches_the_gold_missing_paragraphs(audited_folder, folder_table, name):
    """Every document of corpora/ (and copies with paragraphs deleted): the audit's holes are exactly the gold's."""
    folder = audited_folder[1][name]
    assert set(folder_table) == set(audited_folder[1])
    gold = load_gold(folder / "gold.jsonl")
    row = folder_table[name]
    missing = evaluate(Audit.read(Path(row["audit"])).alignment(), gold, skip_kinds(folder))["missing"]
    assert missing.predicted == missing.gold == missing.correct_gold, missing
    if not any(len(v) > 1 for unit in gold for v in unit.values()):  # a one-to-one gold: the counts compare directly
        assert {lang: row["languages"][lang]["missing"] for lang in LANGS} == {
            lang: sum(1 for unit in gold if not unit[lang]) for lang in LANGS}


def test_folder_audit_counts_the_deleted_paragraphs(folder_table):
    assert {lang: folder_table["sdg_holed"]["languages"][lang]["missing"] for lang in LANGS} == {
        "ar": 1, "zh": 1, "en": 0, "fr": 0, "ru": 3, "es": 0}
    udhr = folder_table["udhr_holed"]["languages"]
    assert (udhr["fr"]["missing"], udhr["es"]["missing"]) == (1, 2)


def test_folder_audit_table_is_sorted_worst_first_and_gates_on_missing(audited_folder):
    out, _ = audited_folder
    rows = json.loads(unalign("audit", str(out), "--json").stdout)
    worst = [row["worst_percent"] for row in rows]
    assert worst == sorted(worst)
    assert [row["document"] for row in rows[:2]] == ["udhr_holed", "sdg_holed"]  # es 97.8 %, ru 98.4 %
    table = unalign("audit", str(out))
    assert table.returncode == 0
    lines = table.stdout.splitlines()
    sdg_holed = next(line for line in lines if line.strip().startswith("sdg_holed"))
    assert "98.4% -3" in sdg_holed
    assert lines.index(sdg_holed) < next(k for k, line in enumerate(lines) if "sdg_goals_targets" in line)
    parsed = list(csv.DictReader(io.StringIO(unalign("audit", str(out), "--csv").stdout)))
    assert len(parsed) == 6 * len(rows)
    assert {(r["language"], r["missing"]) for r in parsed if r["document"] == "sdg_holed"} >= {("ru", "3"), ("ar", "1")}
    gate = unalign("audit", str(out), "--fail-on-missing")
    assert gate.returncode == 1
    complete = unalign("audit", str(out / "sdg_goals_targets.audit.json"), "--fail-on-missing")
    assert complete.returncode == 0, complete.stdout + complete.stderr


def test_audit_bad_input_is_one_line(tmp_path):
    (tmp_path / "x.audit.json").write_text("{not json", encoding="utf-8")
    for args, needle in (([str(tmp_path / "nowhere")], "no such file or folder"),
                         ([str(tmp_path / "x.audit.json")], "not an unalign audit JSON"),
                         ([str(CORPORA / "udhr")], "no *.audit.json in this folder")):
        result = unalign("audit", *args)
        assert result.returncode == 2 and needle in result.stderr, result.stderr
        assert len(result.stderr.strip().splitlines()) == 1


def test_missing_paragraph_entries_say_where_the_hole_is(audited_folder):
    out, _ = audited_folder
    report = json.loads((out / "sdg_holed.audit.json").read_text(encoding="utf-8"))
    ru = (CORPORA / "sdg_goals_targets" / "ru.txt").read_text(encoding="utf-8").split("\n\n")
    holes = report["missing"]["ru"]
    assert [h["address"] for h in holes] == ["3/3.3", "8/8.10", "15/15.a"]  # en paragraphs 20, 77, 150
    first = holes[0]
    assert list(first["text"]) == ["ar", "zh"] and first["text"]["zh"].startswith("3.3 ")  # two versions that have it
    assert ru[19].startswith(first["before"].rstrip("…")) and ru[21].startswith(first["after"].rstrip("…"))
    assert not first["extra_in"] and 0 <= first["confidence"] <= 1
    assert report["coverage"]["ru"]["units_missing"] == 3


def test_numbering_mismatch_is_reported_with_the_printed_labels(tmp_path, cache_dir):
    """Renumber target 1.3 as 1.4 in the Russian SDG text: the audit shows en `1.3` against ru `1.4`."""
    folder = tmp_path / "sdg_renumbered"
    shutil.copytree(CORPORA / "sdg_goals_targets", folder, ignore=shutil.ignore_patterns("source"))
    ru = (folder / "ru.txt").read_text(encoding="utf-8")
    assert ru.count("\n\n1.3 ") == 1
    (folder / "ru.txt").write_text(ru.replace("\n\n1.3 ", "\n\n1.4 "), encoding="utf-8")
    audit = Audit.of(align_document(read_document(one_document(folder)), cache_dir=cache_dir))
    assert len(audit.mismatches) == 1
    mismatch = audit.mismatches[0]
    assert mismatch.labels["en"].startswith("1.3") and mismatch.labels["ru"].startswith("1.4")
    assert mismatch.labels["fr"].startswith("1.3")
    assert audit.units[mismatch.unit - 1].paragraphs["ru"] == (3,)
    again = Audit.from_json(json.loads(json.dumps(audit.to_json())))
    assert again.mismatches == audit.mismatches and again.coverage_row().numbering_mismatches == 1


def test_audit_round_trips_to_the_alignment(aligned):
    alignment, report, paths, _ = aligned["udhr"]
    audit = Audit.read(paths["audit"])
    assert audit.alignment() == alignment
    assert audit.to_json() == report
    # Measured: Arabic and Chinese each lack one preamble paragraph; "Now, therefore," set apart by en and es alone is
    # their extra, not a hole in the other four.
    assert audit.holes() == {"ar": 1, "zh": 1, "en": 0, "fr": 0, "ru": 0, "es": 0} and audit.incomplete == 2


def _swap_first_two(report: dict, lang: str) -> None:
    first, second = report["units"][0]["paragraphs"], report["units"][1]["paragraphs"]
    first[lang], second[lang] = second[lang], first[lang]


@pytest.mark.parametrize("damage, needle", [
    (lambda r: r["units"][0].pop("confidence"), "a damaged audit JSON (KeyError: 'confidence')"),
    (lambda r: r["units"][5]["paragraphs"].update(en=[10_000]),
     "a damaged audit JSON (a unit names en paragraph 10000, but the en version has 92 (from 0))"),
    (lambda r: r["paragraph_texts"]["fr"].pop(), "a damaged audit JSON (ValueError"),
    (lambda r: r.pop("units"), "not an unalign audit JSON (no 'units')"),
    # issue 53: the key missing is named; a document that is a path, a negative index (Python counted it from the
    # end), a paragraph in two units (shown twice), a language not among the audit's were all taken
    (lambda r: r.pop("languages"), "not an unalign audit JSON (no 'languages')"),
    (lambda r: r.update(document="../../evil"), 'a damaged audit JSON (the document "../../evil" is not a file name)'),
    (lambda r: r["units"][0]["paragraphs"].update(en=[-1]),
     "a damaged audit JSON (a unit names a paragraph or sentence by something other than a whole number from 0)"),
    (lambda r: r["units"][0]["paragraphs"].update(en=[0.5]), "by something other than a whole number from 0"),
    (lambda r: r["units"][1]["paragraphs"].update(en=[0]),
     "a damaged audit JSON (en paragraph 0 is in more than one unit)"),
    (lambda r: r["units"][1]["paragraphs"].update(en=[]), "a damaged audit JSON (en paragraph 1 is in no unit)"),
    (lambda r: _swap_first_two(r, "fr"), "a damaged audit JSON (the fr paragraphs are not in document order)"),
    (lambda r: r["units"][0]["paragraphs"].update(xx=[0]),
     "a damaged audit JSON (a unit names language 'xx', which is not among the audit's languages)"),
    (lambda r: r["languages"].append("xx"), "a damaged audit JSON (unknown language 'xx' in 'languages')"),
])
def test_a_damaged_audit_is_one_line(aligned, tmp_path, damage, needle):
    """Every check of a damaged audit is one line naming the audit file (not its document), exit status 2."""
    report = json.loads(json.dumps(aligned["udhr"][1]))
    damage(report)
    (tmp_path / "sub").mkdir()
    path = tmp_path / "sub" / "udhr.audit.json"
    path.write_text(json.dumps(report), encoding="utf-8")
    result = unalign("view", str(path))  # the page beside the audit, named by its document
    assert result.returncode == 2 and needle in result.stderr, result.stderr
    assert result.stderr.startswith(f"unalign: error: {path}: ")
    assert not (tmp_path / "sub" / "udhr.html").exists() and not (tmp_path / "evil.html").exists()
    assert len(result.stderr.strip().splitlines()) == 1
