"""Corrections kept beside the audit: applied after every alignment, found again by their paragraphs' texts after a
new alignment (another model) or an edit, listed when they no longer apply; the review server's guards."""

from __future__ import annotations

import http.client
import json
import shutil
import threading
from collections import Counter

import hypothesis
import pytest
from hypothesis import strategies as st

from unalign.review.app import ReviewServer, document_json, review_options, Library
from unalign.review.corrections import Corrections, Operation, StaleRequest, apply_corrections, \
    operation_for, undo_operation
from tests.conftest import CORPORA, LANGS, unalign_here
from tests.review_support import align_into, paragraphs_of, unit_with


@pytest.fixture(scope="module")
def udhr(tmp_path_factory, cache_dir):
    return align_into(CORPORA / "udhr", tmp_path_factory.mktemp("udhr-out"), cache_dir)


def _unit_holding(alignment, lang, index):
    return next(u for u in alignment.units if any(p.index == index for p in u.paragraphs[lang]))


def _ask(alignment, kind, lang, index, **more):
    return operation_for(alignment, {"kind": kind, "lang": lang, "index": index, **more})


def _partition(alignment) -> Counter:
    return Counter((lang, p.index) for u in alignment.units for lang, ps in u.paragraphs.items() for p in ps)


def test_udhr_as_aligned_has_the_units_the_corrections_below_fix(udhr):
    # The aligner's choices these tests correct: "Now, therefore," alone in en and es (unit 10), the Chinese
    # paragraph that runs "Now, therefore, the General Assembly proclaims…" with "Proclaims" (unit 12), no Arabic
    # for the preamble's fifth paragraph (unit 6).
    units = udhr.alignment.units
    assert udhr.text("en", 9) == "Now, therefore," and units[9].present() == ("en", "es")
    assert [p.index for p in units[11].paragraphs["zh"]] == [9] and units[10].paragraphs["zh"] == ()
    assert units[5].missing == ("ar",)


def test_each_correction_changes_the_units_it_names_and_keeps_the_partition(udhr):
    alignment = udhr.alignment
    log = []

    def do(op):
        nonlocal alignment
        log.append(op)
        alignment, report = apply_corrections(udhr.alignment, Corrections("udhr", tuple(log)))
        assert report.applied == len(log) and not report.not_applied
        assert _partition(alignment) == _partition(udhr.alignment) and set(_partition(alignment).values()) == {1}

    do(_ask(alignment, "merge", "en", 9))  # "Now, therefore," with "The General Assembly"
    merged = _unit_holding(alignment, "en", 9)
    assert [p.index for p in merged.paragraphs["en"]] == [9, 10] and merged.reviewed == "corrected"
    assert merged.confidence == 1.0 and len(alignment.units) == len(udhr.alignment.units) - 1
    do(_ask(alignment, "move", "zh", 9, direction="up"))
    assert [p.index for p in _unit_holding(alignment, "en", 9).paragraphs["zh"]] == [9]
    assert _unit_holding(alignment, "en", 11).paragraphs["zh"] == ()
    do(_ask(alignment, "split", "ar", 10))  # the second half of the Arabic "proclaims" paragraph on its own
    alone = _unit_holding(alignment, "ar", 10)
    assert alone.present() == ("ar",) and [p.index for p in _unit_holding(alignment, "en", 11).paragraphs["ar"]] == [9]
    do(_ask(alignment, "merge", "ar", 9))  # and back
    assert [p.index for p in _unit_holding(alignment, "en", 11).paragraphs["ar"]] == [9, 10]
    do(_ask(alignment, "hole", "en", 5, missing="ar"))
    hole = _unit_holding(alignment, "en", 5)
    assert hole.confirmed_missing == ("ar",) and hole.reviewed == "checked" and hole.confidence == 1.0
    do(_ask(alignment, "check", "en", 1))
    assert _unit_holding(alignment, "en", 1).reviewed == "checked"
    do(_ask(alignment, "move", "fr", 11, direction="down"))  # "Article 1" in French joins article 1's text
    assert [p.index for p in _unit_holding(alignment, "en", 13).paragraphs["fr"]] == [11, 12]
    # reviewed: the merged unit, the one zh left (split and merged back), the hole, the checked one, and the two
    # units of the last move
    assert sum(1 for u in alignment.units if u.reviewed) == 6


def test_requests_that_make_no_sense_are_refused_with_a_reason(udhr):
    alignment = udhr.alignment
    with pytest.raises(ValueError, match="no unit above"):
        _ask(alignment, "move", "en", 0, direction="up")
    with pytest.raises(ValueError, match="has a fr paragraph"):
        _ask(alignment, "hole", "en", 3, missing="fr")
    with pytest.raises(ValueError, match="only the first paragraph"):
        _ask(alignment, "move", "ar", 10, direction="up")
    unit = _unit_holding(alignment, "en", 3)
    with pytest.raises(StaleRequest):
        _ask(alignment, "check", "en", 3, expect=[["en", 3], ["fr", 3]])
    assert _ask(alignment, "check", "en", 3, expect=[[p.lang, p.index] for ps in unit.paragraphs.values() for p in ps])


def test_undo_and_redo_are_entries_of_the_log():
    a, b, c = Operation("check"), Operation("check"), Operation("check")
    log = Corrections("d", (a, b))
    undo_b = undo_operation(log, "undo")
    assert undo_b.of == b.id
    log = Corrections("d", (a, b, undo_b))
    assert [op.id for op in log.active()] == [a.id] and log.redoable() is b
    log = Corrections("d", log.operations + (undo_operation(log, "redo"),))
    assert [op.id for op in log.active()] == [a.id, b.id] and log.redoable() is None
    log = Corrections("d", log.operations + (undo_operation(log, "undo"), c))  # a new correction ends the redo
    assert [op.id for op in log.active()] == [a.id, c.id] and log.redoable() is None
    with pytest.raises(ValueError, match="nothing to redo"):
        undo_operation(log, "redo")


def test_corrections_file_round_trips_and_a_damaged_one_is_one_line(tmp_path, udhr):
    path = tmp_path / "udhr.corrections.json"
    op = _ask(udhr.alignment, "move", "zh", 9, direction="up")
    written, added = Corrections.change(path, "udhr", lambda current: [op])
    assert Corrections.read(path) == written and added == (op,)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["format"] == "unalign-corrections" and data["operations"][0]["paragraph"]["lang"] == "zh"
    assert data["operations"][0]["paragraph"]["hash"] and "unit" not in json.dumps(data["operations"][0]["paragraph"])
    path.write_text("{not json", encoding="utf-8")
    from unalign.model import UnalignError

    with pytest.raises(UnalignError, match="damaged corrections file"):
        Corrections.read(path)


def test_two_writers_at_once_lose_nothing(tmp_path):
    path = tmp_path / "d.corrections.json"

    def write(n):
        for _ in range(n):
            Corrections.change(path, "d", lambda current: [Operation("check")])

    threads = [threading.Thread(target=write, args=(25,)) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(Corrections.read(path).operations) == 100


def test_align_writes_the_corrections_into_tmx_audit_and_view(udhr):
    op = _ask(udhr.alignment, "move", "zh", 9, direction="up")
    check = _ask(udhr.alignment, "check", "en", 1)
    hole = _ask(udhr.alignment, "hole", "en", 5, missing="ar")
    Corrections("udhr", (op, check, hole)).write(udhr.corrections_path)
    try:
        units, report = udhr.rewrite()
        now = unit_with(units, "en", "The General Assembly")
        assert paragraphs_of(now, "zh") == [udhr.text("zh", 9)]
        assert now["props"]["x-reviewed"] == "corrected" and now["props"]["x-confidence"] == "1.000"
        assert unit_with(units, "en", "Preamble")["props"]["x-reviewed"] == "checked"
        assert paragraphs_of(unit_with(units, "en", udhr.text("en", 11)), "zh") == []
        assert "no text in ar-SA (confirmed by a reviser)" in unit_with(units, "en", udhr.text("en", 5))["notes"]
        # the one Arabic hole, now confirmed ("Now, therefore," that only en and es set apart is their extra)
        assert [m["confirmed"] for m in report["missing"]["ar"]] == [True]
        # reviewed: the move's two units, the checked one, the confirmed hole
        assert sum("x-reviewed" in u["props"] for u in units) == 4
        assert report["reviewed"] == 4 and report["corrections"]["applied"] == 3
        assert report["coverage"]["zh"]["reviewed"] == 3  # the unit zh left has none, and no confirmed hole
        assert report["coverage"]["ar"]["reviewed"] == 4  # the confirmed hole counts for Arabic
        assert report["coverage"]["en"]["reviewed"] == 4
        view = (udhr.out / "udhr.html").read_text(encoding="utf-8")
        assert view.count('<span class="conf" title="confidence">1.00</span>') >= 4
        assert view.count('<span class="tag reviewed" title="by a reviser (unalign review)">') == 4
        assert view.count("missing (confirmed)") == 1
        # unalign audit counts the reviewed units per document and language
        result = unalign_here("audit", str(udhr.audit_path), "--json")
        row = json.loads(result.stdout)[0]
        assert row["reviewed"] == 4 and row["languages"]["zh"]["reviewed"] == 3
        # review starts from the units as aligned, kept in the audit, so a correction is never applied twice
        state = Library((udhr.audit_path,)).load("udhr")
        assert state.aligned.units == udhr.alignment.units
        assert state.corrected.units == apply_corrections(udhr.alignment, Corrections.read(udhr.corrections_path))[0].units
    finally:
        udhr.corrections_path.unlink()
        udhr.rewrite()


def test_a_correction_whose_paragraph_was_edited_is_listed_as_not_applied(udhr, tmp_path):
    folder = tmp_path / "udhr"
    shutil.copytree(CORPORA / "udhr", folder)
    source = (folder / "zh.html").read_text(encoding="utf-8")
    assert source.count("因此现在") == 1
    (folder / "zh.html").write_text(source.replace("因此现在", "因此，现在"), encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    ops = (_ask(udhr.alignment, "move", "zh", 9, direction="up"), _ask(udhr.alignment, "check", "en", 1))
    Corrections("udhr", ops).write(out / "udhr.corrections.json")
    result = unalign_here("align", str(folder), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "udhr: corrections from udhr.corrections.json: 1 applied, 1 not applied" in result.stdout
    assert "not applied: move zh paragraph #10 to the unit of ar paragraph #9: the zh paragraph #10 is no longer " \
           "there (edited or removed)" in result.stdout
    report = json.loads((out / "udhr.audit.json").read_text(encoding="utf-8"))
    assert [o["id"] for o in report["corrections"]["not_applied"]] == [ops[0].id]
    assert len(Corrections.read(out / "udhr.corrections.json").operations) == 2  # kept, never dropped
    state = document_json(Library((out / "udhr.audit.json",)).load("udhr"), None)
    assert [o["id"] for o in state["corrections"]["not_applied"]] == [ops[0].id]
    table = unalign_here("audit", str(out), "--json")
    assert json.loads(table.stdout)[0]["corrections_not_applied"] == 1


def test_a_damaged_corrections_file_stops_align_with_one_line(udhr, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "udhr.corrections.json").write_text("[1, 2", encoding="utf-8")
    result = unalign_here("align", str(CORPORA / "udhr"), "--out", str(out))
    assert result.returncode == 2
    assert "udhr.corrections.json: damaged corrections file" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr


@pytest.fixture()
def server(udhr):
    running = ReviewServer(review_options([udhr.out])).start()
    yield running
    running.stop()
    udhr.corrections_path.unlink(missing_ok=True)


def _request(server, method, path, headers, body=None):
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    connection.request(method, path, body=body, headers=headers)
    response = connection.getresponse()
    return response.status, response.read().decode("utf-8")


def test_requests_without_the_token_or_from_another_host_are_refused(server, udhr):
    token, host = server.options.token, f"127.0.0.1:{server.port}"
    check = json.dumps({"kind": "check", "lang": "en", "index": 1})
    json_type = {"Content-Type": "application/json"}
    assert _request(server, "GET", f"/?token={token}", {"Host": host})[0] == 200
    assert _request(server, "GET", f"/?token={token}", {"Host": f"localhost:{server.port}"})[0] == 200
    assert _request(server, "GET", "/", {"Host": host})[0] == 403
    assert _request(server, "GET", "/doc/udhr?token=wrong", {"Host": host})[0] == 403
    assert _request(server, "GET", "/static/review.js", {"Host": host})[0] == 403
    # DNS rebinding: a foreign name that resolves here; and a page of another site posting to us
    assert _request(server, "GET", f"/?token={token}", {"Host": f"evil.example:{server.port}"})[0] == 403
    assert _request(server, "POST", "/api/doc/udhr", {"Host": host, "X-Unalign-Token": token,
                                                       "Origin": "http://evil.example", **json_type}, check)[0] == 403
    # a POST needs the token in its header: in the address (which a form could copy) it is not enough
    assert _request(server, "POST", f"/api/doc/udhr?token={token}", {"Host": host, **json_type}, check)[0] == 403
    assert _request(server, "POST", "/api/doc/udhr", {"Host": host, **json_type}, check)[0] == 403
    assert not udhr.corrections_path.exists()
    status, body = _request(server, "POST", "/api/doc/udhr", {"Host": host, "X-Unalign-Token": token,
                                                               "Origin": f"http://{host}", **json_type}, check)
    assert status == 200 and json.loads(body)["reviewed"] == 1
    assert [op["kind"] for op in udhr.operations()] == ["check"]
    status, headers_body = _request(server, "GET", f"/doc/udhr?token={token}", {"Host": host})
    assert "<script src=\"/static/review.js?token=" in headers_body and "http" not in headers_body.split("<body")[0]


def test_server_windows_posting_at_once_lose_nothing(server, udhr):
    token, host = server.options.token, f"127.0.0.1:{server.port}"
    errors = []

    def post(indices):
        for i in indices:
            status, body = _request(server, "POST", "/api/doc/udhr",
                                    {"Host": host, "X-Unalign-Token": token, "Content-Type": "application/json"},
                                    json.dumps({"kind": "check", "lang": "en", "index": i}))
            if status != 200:
                errors.append(body)

    threads = [threading.Thread(target=post, args=(range(k, 40, 2),)) for k in (0, 1)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert len(udhr.operations()) == 40
    state = document_json(Library((udhr.audit_path,)).load("udhr"), None)
    assert state["reviewed"] == len({id(_unit_holding(udhr.alignment, "en", i)) for i in range(40)})


_KINDS = ["move-up", "move-down", "split", "merge", "hole", "check", "undo", "redo"]


@hypothesis.settings(max_examples=40, deadline=None,
                     suppress_health_check=[hypothesis.HealthCheck.function_scoped_fixture])
@hypothesis.given(asked=st.lists(st.tuples(st.sampled_from(_KINDS), st.sampled_from(LANGS), st.integers(0, 130),
                                           st.sampled_from(LANGS)), max_size=14))
def test_any_sequence_of_corrections_applies_and_keeps_every_paragraph_in_one_unit(udhr, asked):
    log = Corrections("udhr")
    for kind, lang, index, missing in asked:
        current, report = apply_corrections(udhr.alignment, log)
        assert not report.not_applied  # made on the alignment as corrected so far, each one applies when replayed
        index = min(index, len(udhr.document.paragraphs[lang]) - 1)
        request = {"kind": kind.split("-")[0], "lang": lang, "index": index, "missing": missing,
                   "direction": kind.split("-")[-1]}
        try:
            op = undo_operation(log, kind) if kind in ("undo", "redo") else operation_for(current, request)
        except ValueError:
            continue
        log = Corrections("udhr", log.operations + (op,))
    corrected, report = apply_corrections(udhr.alignment, log)
    assert not report.not_applied
    assert _partition(corrected) == _partition(udhr.alignment) and set(_partition(corrected).values()) == {1}
    assert all(unit.present() for unit in corrected.units)
    for unit in corrected.units:  # each language's paragraphs in a unit in document order, holes confirmed truly
        assert all([p.index for p in ps] == sorted(p.index for p in ps) for ps in unit.paragraphs.values())
        assert not any(unit.paragraphs[lang] for lang in unit.confirmed_missing)


def test_documents_of_one_name_in_two_folders_are_both_reviewed(udhr, tmp_path):
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        shutil.copy(udhr.audit_path, tmp_path / folder / udhr.audit_path.name)
    library = Library(review_options([tmp_path]).audits)
    assert library.names() == ["udhr", "udhr~2"]
    assert library.paths["udhr~2"] == tmp_path / "b" / "udhr.audit.json"


def test_the_languages_chosen_are_the_columns(server, udhr):
    token, host = server.options.token, f"127.0.0.1:{server.port}"
    status, body = _request(server, "GET", "/api/doc/udhr?langs=fr,en", {"Host": host, "X-Unalign-Token": token})
    data = json.loads(body)
    assert status == 200 and data["languages"] == ["fr", "en"]
    assert all(set(unit["cells"]) == {"fr", "en"} for unit in data["units"])
    # a unit that only lacks Arabic has nothing missing between French and English
    assert [u["missing"] for u in data["units"] if u["number"] == 6] == [[]]
    status, page = _request(server, "GET", f"/doc/udhr?token={token}&langs=fr,en", {"Host": host})
    assert page.count('scope="col"') == 2 and page.index('<th lang="fr"') < page.index('<th lang="en"')


@pytest.mark.parametrize("body", [
    '{"kind": "check", "lang": "en", "index": 1, "expect": 5}',
    '{"kind": "check", "lang": "en", "index": 1, "expect": [["en"]]}',
    '{"kind": "check", "lang": "en", "index": 1e400}',
    '{"kind": "check", "lang": "en", "index": [1]}',
    '{"kind": "move", "lang": "en", "index": 1, "direction": {"a": 1}}',
    '[' * 50_000 + ']' * 50_000,
    '{"kind": "check", "lang": "en", "index": 1, "x": ' + '[' * 50_000 + ']' * 50_000 + '}',
    'not json',
])
def test_a_bad_body_is_answered_400_with_a_reason(server, udhr, body):
    """Such bodies gave HTTP 500 and a traceback in the terminal (issue 29)."""
    token, host = server.options.token, f"127.0.0.1:{server.port}"
    status, text = _request(server, "POST", "/api/doc/udhr", {"Host": host, "X-Unalign-Token": token,
                                                               "Content-Type": "application/json"}, body)
    assert status == 400, text
    assert not udhr.corrections_path.exists()
