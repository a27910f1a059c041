"""`unalign review` driven in headless Chromium: every correction by keyboard (UDHR) and by mouse (SDG with
paragraphs deleted), the corrections file and the TMX written again checked after each; two windows on one document;
hostile paragraph text. Screenshots of each state go to $UNALIGN_REVIEW_SHOTS (else a temporary folder)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from unalign.review.app import ReviewServer, review_options
from tests.conftest import CORPORA, interruptible, unalign_here
from tests.holes import SDG_REMOVED, sdg_with_holes
from tests.review_support import Aligned, align_into, paragraphs_of, tmx_units, unit_with

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="no /usr/bin/chromium (apt-get install -y chromium)")
sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright's Python package is not installed")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        running = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield running
        running.close()


@pytest.fixture(scope="module")
def shots() -> Path | None:
    """The folder named by $UNALIGN_REVIEW_SHOTS, where the tests leave a screenshot of each step for a person to look
    at; None (no screenshots, which cost a third of these tests' time) when it is not set."""
    if not os.environ.get("UNALIGN_REVIEW_SHOTS"):
        return None
    folder = Path(os.environ["UNALIGN_REVIEW_SHOTS"])
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="module")
def aligned_once(tmp_path_factory, cache_dir):
    holed = sdg_with_holes(tmp_path_factory.mktemp("sdg") / "sdg_holed", SDG_REMOVED)
    return {"udhr": align_into(CORPORA / "udhr", tmp_path_factory.mktemp("udhr"), cache_dir),
            "sdg_holed": align_into(holed, tmp_path_factory.mktemp("sdg-out"), cache_dir)}


@pytest.fixture()
def results(aligned_once, tmp_path):
    """A fresh output folder holding both documents as aligned, and a review server on it."""
    out = tmp_path / "out"
    out.mkdir()
    fresh = {}
    for name, aligned in aligned_once.items():
        for path in aligned.out.glob(f"{name}.*"):
            shutil.copy(path, out / path.name)
        fresh[name] = Aligned(aligned.document, aligned.alignment, out)
    server = ReviewServer(review_options([out])).start()
    yield fresh, server
    server.stop()


def _open(page, server, name: str):
    page.goto(f"http://127.0.0.1:{server.port}/doc/{name}?token={server.options.token}")
    page.wait_for_selector("body[data-ready='1']")


def _saved(page, action) -> str:
    """Do `action` and wait until the page has the server's answer; the page's message."""
    before = page.get_attribute("body", "data-saved")
    action()
    page.wait_for_function("before => document.body.getAttribute('data-saved') !== before", arg=before, polling=50)
    return page.text_content("#message")


def _shot(page, shots: Path | None, name: str) -> None:
    if shots is not None:
        page.screenshot(path=str(shots / f"{name}.png"))


def _row(page, aligned: Aligned, lang: str, index: int):
    """The row that shows paragraph `index` of `lang`."""
    return page.locator("tbody tr", has=page.locator(f"td[data-lang={lang}] p.para[data-index='{index}']"))


def _para(page, lang: str, index: int):
    return page.locator(f"td[data-lang={lang}] p.para[data-index='{index}']")


def test_every_correction_by_keyboard(browser, results, shots):
    docs, server = results
    udhr = docs["udhr"]
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    _open(page, server, "udhr")
    _shot(page, shots, "kb-00-opened")

    # N: the first unit to check, the one without Arabic ("Preamble" came first while the confidence was not
    # calibrated: 0.45); the empty Arabic cell is selected; C: checked.
    page.keyboard.press("n")
    assert page.get_attribute("tr.current", "data-unit") == "6"
    assert page.get_attribute("td.selected", "data-lang") == "ar"
    assert _saved(page, lambda: page.keyboard.press("c")).startswith("saved: mark the unit")
    ops = udhr.operations()
    assert [op["kind"] for op in ops] == ["check"]
    units, report = udhr.rewrite()
    checked = unit_with(units, "en", udhr.text("en", 5))
    assert checked["props"]["x-reviewed"] == "checked" and checked["props"]["x-confidence"] == "1.000"
    assert page.text_content("tr.current .tag.reviewed") == "checked"
    _shot(page, shots, "kb-01-checked")

    # X: Arabic really lacks it.
    assert _saved(page, lambda: page.keyboard.press("x")).startswith("saved: confirm that")
    ops = udhr.operations()
    assert ops[-1]["kind"] == "hole" and ops[-1]["lang"] == "ar"
    units, report = udhr.rewrite()
    hole = unit_with(units, "en", udhr.text("en", 5))
    assert hole["props"]["x-reviewed"] == "checked" and paragraphs_of(hole, "ar") == []
    assert [m["confirmed"] for m in report["missing"]["ar"] if m["unit"] == 6] == [True]
    assert page.text_content("tr.current td.missing.confirmed .hole") == "missing (confirmed)"
    _shot(page, shots, "kb-02-hole-confirmed")

    # N: "Now, therefore," (only en and es); M: merged with "The General Assembly".
    page.keyboard.press("n")
    assert page.get_attribute("tr.current", "data-unit") == "10"
    assert _saved(page, lambda: page.keyboard.press("m")).startswith("saved: merge")
    units, report = udhr.rewrite()
    merged = unit_with(units, "en", "Now, therefore,")
    assert paragraphs_of(merged, "en") == ["Now, therefore,", "The General Assembly"]
    assert paragraphs_of(merged, "fr") == [udhr.text("fr", 9)] and merged["props"]["x-reviewed"] == "corrected"
    assert udhr.operations()[-1]["kind"] == "merge"
    _shot(page, shots, "kb-03-merged")

    # L, J: the Chinese paragraph "Now, therefore, the General Assembly proclaims…"; Shift+K: up into that unit.
    page.keyboard.press("l")
    page.keyboard.press("j")
    assert page.text_content("p.para.selected") == udhr.text("zh", 9)
    assert _saved(page, lambda: page.keyboard.press("Shift+K")).startswith("saved: move")
    op = udhr.operations()[-1]
    assert op["kind"] == "move" and op["paragraph"]["lang"] == "zh" and op["paragraph"]["index"] == 9
    units, report = udhr.rewrite()
    assert paragraphs_of(unit_with(units, "en", "Now, therefore,"), "zh") == [udhr.text("zh", 9)]
    assert paragraphs_of(unit_with(units, "en", udhr.text("en", 11)), "zh") == []
    _shot(page, shots, "kb-04-moved-up")

    # H, J, J: the second half of the Arabic "proclaims" paragraph; S: a unit of its own.
    for key in ("h", "j", "j"):
        page.keyboard.press(key)
    assert page.text_content("p.para.selected") == udhr.text("ar", 10)
    assert _saved(page, lambda: page.keyboard.press("s")).startswith("saved: split")
    units, _ = udhr.rewrite()
    alone = unit_with(units, "ar", udhr.text("ar", 10))
    assert [lang for lang, text in alone["texts"].items() if text] == ["ar"]
    _shot(page, shots, "kb-05-split")

    # U: undo the split; R: redo it; U: undo it again.
    split_id = udhr.operations()[-1]["id"]
    for key, kind, split in (("u", "undo", False), ("r", "redo", True), ("u", "undo", False)):
        assert _saved(page, lambda: page.keyboard.press(key)).startswith(f"saved: {kind}: split")
        assert udhr.operations()[-1]["kind"] == kind
        units, _ = udhr.rewrite()
        proclaims = paragraphs_of(unit_with(units, "en", udhr.text("en", 11)), "ar")
        assert proclaims == ([udhr.text("ar", 9)] if split else [udhr.text("ar", 9), udhr.text("ar", 10)])
        _shot(page, shots, f"kb-06-{kind}-{'split' if split else 'joined'}")
    assert [(op["kind"], op["of"]) for op in udhr.operations()[-3:]] == \
        [("undo", split_id), ("redo", split_id), ("undo", split_id)]

    # Shift+J: the last Arabic paragraph of the unit down into "Article 1"; Ctrl+Z takes it back.
    assert page.text_content("p.para.selected") == udhr.text("ar", 10)
    assert _saved(page, lambda: page.keyboard.press("Shift+J")).startswith("saved: move")
    units, _ = udhr.rewrite()
    assert paragraphs_of(unit_with(units, "en", "Article 1"), "ar") == [udhr.text("ar", 10), udhr.text("ar", 11)]
    _shot(page, shots, "kb-07-moved-down")
    assert _saved(page, lambda: page.keyboard.press("Control+z")).startswith("saved: undo: move")
    units, report = udhr.rewrite()
    assert paragraphs_of(unit_with(units, "en", "Article 1"), "ar") == [udhr.text("ar", 11)]
    _shot(page, shots, "kb-08-undone")

    # In force: check, hole, merge, move up. 'unalign align' applies them to a new alignment.
    result = unalign_here("align", str(CORPORA / "udhr"), "--out", str(udhr.out), "--force")
    assert result.returncode == 0, result.stderr
    assert "udhr: corrections from udhr.corrections.json: 4 applied, 0 not applied" in result.stdout
    units = tmx_units(udhr.out / "udhr.tmx")
    assert sorted(u["props"]["x-reviewed"] for u in units if "x-reviewed" in u["props"]) == \
        ["checked", "corrected", "corrected"]  # the check and the confirmed hole are on one unit
    assert paragraphs_of(unit_with(units, "en", "Now, therefore,"), "zh") == [udhr.text("zh", 9)]
    page.close()


def test_every_correction_by_mouse(browser, results, shots):
    docs, server = results
    sdg = docs["sdg_holed"]
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    _open(page, server, "sdg_holed")

    # The units to check first: the five holes of the copy (tests/holes.py), listed above the table.
    assert page.locator(".tocheck-missing a").count() == 5
    page.select_option("#filter", "missing")
    assert page.locator("tbody tr").count() == 5
    _shot(page, shots, "mouse-00-missing-filter")
    page.select_option("#filter", "all")

    # Confirm the Russian hole where 3.3 was deleted: click the empty cell, then the button.
    _row(page, sdg, "en", 20).locator("td.missing[data-lang=ru]").click()
    assert _saved(page, lambda: page.click("button[data-action=hole]")).startswith("saved: confirm that")
    assert sdg.operations()[-1]["lang"] == "ru"
    units, report = sdg.rewrite()
    assert unit_with(units, "en", sdg.text("en", 20))["props"]["x-reviewed"] == "checked"
    assert report["coverage"]["ru"]["reviewed"] == 1
    _shot(page, shots, "mouse-01-hole")

    # Checked: the title.
    _para(page, "en", 0).click()
    assert _saved(page, lambda: page.click("button[data-action=check]")).startswith("saved: mark the unit")
    units, _ = sdg.rewrite()
    assert unit_with(units, "en", sdg.text("en", 0))["props"]["x-reviewed"] == "checked"

    # Move a French paragraph down, then up again.
    _para(page, "fr", 10).click()
    assert _saved(page, lambda: page.click("button[data-action=move-down]")).startswith("saved: move")
    units, _ = sdg.rewrite()
    assert paragraphs_of(unit_with(units, "en", sdg.text("en", 11)), "fr") == [sdg.text("fr", 10), sdg.text("fr", 11)]
    assert paragraphs_of(unit_with(units, "en", sdg.text("en", 10)), "fr") == []
    _shot(page, shots, "mouse-02-moved-down")
    _para(page, "fr", 10).click()
    assert _saved(page, lambda: page.click("button[data-action=move-up]")).startswith("saved: move")
    units, _ = sdg.rewrite()
    assert paragraphs_of(unit_with(units, "en", sdg.text("en", 10)), "fr") == [sdg.text("fr", 10)]
    assert [op["kind"] for op in sdg.operations()] == ["hole", "check", "move", "move"]
    _shot(page, shots, "mouse-03-moved-up")

    # Split the English of a target off its unit, then merge it back.
    _para(page, "en", 30).click()
    assert _saved(page, lambda: page.click("button[data-action=split]")).startswith("saved: split")
    units, _ = sdg.rewrite()
    assert [lang for lang, text in unit_with(units, "en", sdg.text("en", 30))["texts"].items() if text] == ["en"]
    _shot(page, shots, "mouse-04-split")
    _para(page, "fr", 30).click()
    assert _saved(page, lambda: page.click("button[data-action=merge]")).startswith("saved: merge")
    units, _ = sdg.rewrite()
    assert paragraphs_of(unit_with(units, "en", sdg.text("en", 30)), "fr") == [sdg.text("fr", 30)]
    _shot(page, shots, "mouse-05-merged")

    # Undo the merge, redo it.
    assert _saved(page, lambda: page.click("button[data-action=undo]")).startswith("saved: undo: merge")
    units, _ = sdg.rewrite()
    assert paragraphs_of(unit_with(units, "en", sdg.text("en", 30)), "fr") == []
    _shot(page, shots, "mouse-06-undone")
    assert _saved(page, lambda: page.click("button[data-action=redo]")).startswith("saved: redo: merge")
    units, report = sdg.rewrite()
    assert paragraphs_of(unit_with(units, "en", sdg.text("en", 30)), "fr") == [sdg.text("fr", 30)]
    assert [op["kind"] for op in sdg.operations()] == ["hole", "check", "move", "move", "split", "merge", "undo",
                                                       "redo"]

    # The list of documents: coverage and how much of each is reviewed.
    page.goto(f"http://127.0.0.1:{server.port}/?token={server.options.token}")
    row = page.locator("tr[data-document=sdg_holed]")
    assert row.locator("td.reviewed").text_content() == f"{report['reviewed']} ({round(100 * report['reviewed'] / report['units_total'], 1)}%)"
    assert page.locator("tr[data-document=udhr] td.reviewed").text_content() == "0 (0.0%)"
    _shot(page, shots, "mouse-07-documents")
    page.close()


def test_two_windows_lose_nothing_of_each_others_work(browser, results, shots):
    docs, server = results
    udhr = docs["udhr"]
    context = browser.new_context(viewport={"width": 1300, "height": 800})
    first, second = context.new_page(), context.new_page()
    _open(first, server, "udhr")
    _open(second, server, "udhr")
    # Each window is brought to the front before it is used, as a person switching windows does (a window behind
    # another runs its animation frames, which clicks wait for, once a second at most).
    first.bring_to_front()
    _para(first, "en", 1).click()
    _saved(first, lambda: first.click("button[data-action=check]"))
    # The second window still shows the document as it was; its correction adds to the first one's.
    second.bring_to_front()
    _para(second, "en", 3).click()
    _saved(second, lambda: second.click("button[data-action=check]"))
    assert second.text_content(".reviewed-count") == "2"
    first.bring_to_front()
    _para(first, "en", 9).click()
    _saved(first, lambda: first.click("button[data-action=merge]"))
    # The second window acts on a unit the first one has just changed: refused, shown as it is now.
    second.bring_to_front()
    _para(second, "en", 9).click()
    message = _saved(second, lambda: second.click("button[data-action=merge]"))
    assert "changed meanwhile" in message
    assert second.locator("#message.bad").count() == 1
    assert _row(second, udhr, "en", 9).locator("td[data-lang=en] p.para").count() == 2
    _shot(second, shots, "tabs-stale-refused")
    assert [op["kind"] for op in udhr.operations()] == ["check", "check", "merge"]
    _saved(second, lambda: second.click("button[data-action=check]"))
    assert [op["kind"] for op in udhr.operations()] == ["check", "check", "merge", "check"]
    units, report = udhr.rewrite()
    assert report["reviewed"] == 3
    context.close()


def test_hostile_paragraph_text_is_shown_as_text(browser, tmp_path, cache_dir, shots):
    folder = tmp_path / "hostile"
    folder.mkdir()
    attack = ('<script>window.pwned = 1</script><img src=x onerror="window.pwned = 2"> '
              '</p></td><b onmouseover="window.pwned=3">bold</b> & "quotes"')
    for lang in ("en", "fr"):
        paragraphs = (CORPORA / "sdg_goals_targets" / f"{lang}.txt").read_text(encoding="utf-8").split("\n\n")[:12]
        paragraphs.insert(3, f"{paragraphs[3]} {attack}")
        (folder / f"{lang}.txt").write_text("\n\n".join(paragraphs), encoding="utf-8")
    out = tmp_path / "out"
    aligned = align_into(folder, out, cache_dir)
    hostile = [p for p in aligned.document.paragraphs["en"] if "<script>window.pwned = 1</script><img" in p.text]
    assert len(hostile) == 1
    server = ReviewServer(review_options([out])).start()
    try:
        page = browser.new_page(viewport={"width": 1200, "height": 700})
        _open(page, server, "hostile")
        shown = _para(page, "en", hostile[0].index)
        assert shown.text_content() == hostile[0].text
        assert page.evaluate("window.pwned") is None
        assert page.locator("tbody img, tbody script, tbody b").count() == 0
        _para(page, "en", hostile[0].index).click()
        assert _saved(page, lambda: page.click("button[data-action=check]")).startswith("saved: mark the unit")
        assert page.evaluate("window.pwned") is None
        _shot(page, shots, "hostile-text")
        page.goto(f"http://127.0.0.1:{server.port}/?token={server.options.token}")
        assert page.evaluate("window.pwned") is None
        page.close()
    finally:
        server.stop()


def test_corrections_that_no_longer_apply_are_listed_on_the_page(browser, aligned_once, tmp_path, cache_dir, shots):
    from unalign.review.corrections import Corrections, operation_for

    udhr = aligned_once["udhr"]
    folder = tmp_path / "udhr"
    shutil.copytree(CORPORA / "udhr", folder)
    source = (folder / "zh.html").read_text(encoding="utf-8")
    (folder / "zh.html").write_text(source.replace("因此现在", "因此，现在"), encoding="utf-8")  # the paragraph edited
    out = tmp_path / "out"
    out.mkdir()
    move = operation_for(udhr.alignment, {"kind": "move", "lang": "zh", "index": 9, "direction": "up"})
    check = operation_for(udhr.alignment, {"kind": "check", "lang": "en", "index": 1})
    Corrections("udhr", (move, check)).write(out / "udhr.corrections.json")
    align_into(folder, out, cache_dir)
    server = ReviewServer(review_options([out])).start()
    try:
        page = browser.new_page(viewport={"width": 1300, "height": 700})
        _open(page, server, "udhr")
        assert page.locator("#notapplied li").all_text_contents() == [
            "move zh paragraph #10 to the unit of ar paragraph #9: the zh paragraph #10 is no longer there "
            "(edited or removed)"]
        assert "1 applied, 1 not applied" in page.text_content("#summary")
        _shot(page, shots, "not-applied")
        page.goto(f"http://127.0.0.1:{server.port}/?token={server.options.token}")
        assert page.locator("tr[data-document=udhr] span.bad").text_content() == "1 not applied"
        page.close()
    finally:
        server.stop()


def test_review_command_prints_its_address_and_serves_it(tmp_path, aligned_once):
    import re
    import signal
    import urllib.error
    import urllib.request

    udhr = aligned_once["udhr"]
    process = subprocess.Popen([sys.executable, "-m", "unalign", "review", str(udhr.audit_path), "--no-browser"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, preexec_fn=interruptible)
    try:
        line = process.stdout.readline()
        found = re.search(r"reviewing 1 documents at (http://127\.0\.0\.1:(\d+)/\?token=(\S+))", line)
        assert found, line + process.stderr.read()
        with urllib.request.urlopen(found.group(1), timeout=10) as response:
            assert response.status == 200 and b"udhr" in response.read()
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(f"http://127.0.0.1:{found.group(2)}/", timeout=10)
        assert refused.value.code == 403
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(10)
    result = unalign_here("review", str(tmp_path / "nothing"))
    assert result.returncode == 2 and result.stderr.strip() == f"unalign: error: {tmp_path / 'nothing'}: no such file or folder"


def test_a_hostile_document_name_neither_navigates_nor_makes_markup(browser, tmp_path, cache_dir):
    """A folder named as a <meta refresh> tag, aligned and opened in `unalign review`, sent the reviewer's Chromium to
    another server (issue 29). Now the review index, the document page and the view show the name as text and stay."""
    from urllib.parse import quote

    name = "<meta http-equiv=refresh content=1;url=http:\\\\127.0.0.1:9\\phish>"
    folder = tmp_path / name
    shutil.copytree(CORPORA / "udhr", folder, ignore=shutil.ignore_patterns("source", "gold.jsonl"))
    aligned = align_into(folder, tmp_path / "out", cache_dir)
    server = ReviewServer(review_options([aligned.out])).start()
    try:
        token = server.options.token
        base = f"http://127.0.0.1:{server.port}"
        for url in (f"{base}/?token={token}", f"{base}/doc/{quote(name, safe='')}?token={token}",
                    (aligned.out / f"{name}.html").as_uri()):
            page = browser.new_page()
            page.goto(url)
            page.wait_for_timeout(2500)  # the refresh would have fired after 1 s
            assert page.url == url and page.locator("meta[http-equiv=refresh i]").count() == 0, url
            assert name in page.content().replace("&lt;", "<").replace("&gt;", ">") or name in page.inner_text("body")
            page.close()
    finally:
        server.stop()
