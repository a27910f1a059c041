"""Side-by-side views of real documents, rendered in headless Chromium: the DOM it builds, and a screenshot.

Chromium is Debian's `chromium`; where it is missing (a fresh CI image, run as root), the session installs it.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from lxml import etree, html

from unalign.outputs.audit import Audit
from unalign.outputs.views import render_view, unique_ids, write_view
from tests.conftest import LANGS, unalign_here

CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="session")
def chromium() -> Path:
    """Debian's headless-capable Chromium, installed with apt-get when it is not there yet."""
    if not CHROMIUM.exists():
        if os.geteuid() != 0 or not shutil.which("apt-get"):
            pytest.fail("these tests need Debian's chromium: apt-get install chromium (as root)")
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        lock = ["-o", "DPkg::Lock::Timeout=600"]
        for command in (["apt-get", *lock, "update", "-qq"],
                        ["apt-get", *lock, "install", "-y", "-qq", "--no-install-recommends", "chromium"]):
            done = subprocess.run(command, capture_output=True, text=True, env=env)
            assert done.returncode == 0, f"{' '.join(command)} failed: {done.stderr[-2000:]}"
    return CHROMIUM


@pytest.fixture(scope="module")
def browser(chromium: Path):
    """Headless Chromium driven by Playwright's Python package (which downloads no browser of its own), one for the
    module: a page costs a fraction of a second, a new Chromium process one or two."""
    sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright's Python package is not installed")
    with sync_api.sync_playwright() as playwright:
        running = playwright.chromium.launch(executable_path=str(chromium), args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run"])
        yield running
        running.close()


def browse(browser, page: Path, *, query: str = "", screenshot: Path | None = None,
           size: str = "1600,1000") -> etree._Element:
    """Open `page` (with `query`: "?show=problem#1/1.3") in a new window; its DOM after the script ran, and a
    screenshot of it where `screenshot` says."""
    width, height = (int(n) for n in size.split(","))
    window = browser.new_page(viewport={"width": width, "height": height})
    try:
        window.goto(page.resolve().as_uri() + query, wait_until="load")
        if screenshot:
            window.screenshot(path=str(screenshot))
            assert screenshot.stat().st_size > 10_000
        return html.fromstring(window.content())
    finally:
        window.close()


def _cell_text(td) -> str:
    return " ".join(p.text_content() for p in td.findall("p"))


def test_six_columns_rtl_arabic_and_holes_where_the_gold_has_them(browser, audited_folder, tmp_path):
    """The SDG text with target paragraphs deleted from Russian, Arabic and Chinese: the missing cells are exactly
    the gold's holes, in the right column, and Arabic cells read right to left."""
    out, golds = audited_folder
    page = tmp_path / "sdg_holed.html"
    result = unalign_here("view", str(out / "sdg_holed.audit.json"), "-o", str(page))
    assert result.returncode == 0, result.stderr
    dom = browse(browser, page, screenshot=tmp_path / "sdg_holed.png")
    headers = dom.xpath("//thead/tr/th")
    assert [th.get("lang") for th in headers] == [None, *LANGS]
    rows = dom.xpath("//tbody/tr")
    assert len(rows) == 186
    assert all(len(row.findall("td")) == 7 for row in rows)
    arabic = dom.xpath('//tbody/tr/td[@lang="ar"]')
    assert len(arabic) == 186 and all(td.get("dir") == "rtl" for td in arabic)
    assert all(td.get("dir") == "ltr" for td in dom.xpath('//tbody/tr/td[@lang="zh" or @lang="en"]'))

    gold = [json.loads(line) for line in (golds["sdg_holed"] / "gold.jsonl").read_text(encoding="utf-8").splitlines()]
    en = (golds["sdg_holed"] / "en.txt").read_text(encoding="utf-8").split("\n\n")
    for lang in LANGS:
        expected = sorted(en[unit["en"][0]].strip() for unit in gold if not unit[lang])
        marked = dom.xpath(f'//tbody/tr[td[@lang="{lang}"][contains(@class, "missing")]]')
        assert sorted(_cell_text(row.find('td[@lang="en"]')) for row in marked) == expected, lang
        assert all(lang in row.get("data-missing").split() for row in marked)
    assert len(dom.xpath('//td[contains(@class, "missing")]')) == 5
    assert dom.xpath('//td[contains(@class, "missing")]//span[@class="hole"]/text()') == ["missing"] * 5


def test_filter_shows_only_problem_rows_and_an_anchor_reveals_its_row(browser, audited_folder, tmp_path):
    out, _ = audited_folder
    alignment = Audit.read(out / "sdg_holed.audit.json").alignment()
    page = tmp_path / "sdg.html"
    write_view(alignment, page)
    dom = browse(browser, page, query="?show=problem", screenshot=tmp_path / "problems.png")
    visible = dom.xpath("//tbody/tr[not(@hidden)]")
    assert visible and all("problem" in row.get("class").split() for row in visible)
    assert len(dom.xpath('//tbody/tr[contains(@class, "ok")][@hidden]')) > 150
    assert len(dom.xpath("//tbody/tr[@data-missing]")) == 5
    assert "units shown" in dom.get_element_by_id("shown").text_content()
    # 1/1.3 is a complete unit, hidden by that filter: following a link to it shows every unit again.
    dom = browse(browser, page, query="?show=problem#1/1.3",
                 screenshot=tmp_path / "anchor.png")
    target = dom.get_element_by_id("1/1.3")
    assert target.get("hidden") is None and target.find('td[@lang="en"]').text_content().startswith("1.3 ")
    assert not dom.xpath("//tbody/tr[@hidden]")


def test_bilingual_view_from_the_audit_alone(browser, audited_folder, tmp_path):
    """`unalign view --langs en,fr` on an audit JSON copied away from its sources: two columns and the addresses."""
    out, _ = audited_folder
    alone = tmp_path / "alone"
    alone.mkdir()
    shutil.copy(out / "udhr_holed.audit.json", alone)
    result = unalign_here("view", str(alone / "udhr_holed.audit.json"), "--langs", "en,fr")
    assert result.returncode == 0, result.stderr
    page = alone / "udhr_holed.en-fr.html"
    dom = browse(browser, page, screenshot=tmp_path / "udhr_en_fr.png", size="1000,900")
    assert [th.get("lang") for th in dom.xpath("//thead/tr/th")] == [None, "en", "fr"]
    holes = dom.xpath('//tbody/tr[td[@lang="fr"][contains(@class, "missing")]]')
    # Article 3, deleted from French; and "Now, therefore,", which French runs into the next paragraph (in six
    # columns a paragraph of English and Spanish only; between two languages, a hole).
    assert [_cell_text(row.find('td[@lang="en"]')) for row in holes] == [
        "Now, therefore,", "Everyone has the right to life, liberty and the security of person."]
    ids = dom.xpath("//tbody/tr/@id")
    assert len(ids) == len(set(ids))
    assert all(row.find("td/a").get("href") == f"#{row.get('id')}" for row in dom.xpath("//tbody/tr"))


def test_hostile_paragraph_shows_as_text_and_never_runs(browser, aligned, tmp_path):
    hostile = ('<script>document.body.setAttribute("data-pwned", "script")</script>'
               '"><img src=x onerror="document.body.setAttribute(\'data-pwned\', \'img\')">'
               "</td></tr><tr id=injected><td>")
    report = json.loads(json.dumps(aligned["sdg_goals_targets"][1]))
    report["paragraph_texts"]["en"][3] = hostile
    page = tmp_path / "hostile.html"
    write_view(Audit.from_json(report).alignment(), page)
    dom = browse(browser, page, screenshot=tmp_path / "hostile.png")
    assert dom.find("body").get("data-pwned") is None
    assert not dom.xpath("//img") and not dom.xpath('//*[@id="injected"]')
    assert len(dom.xpath("//script")) == 1 and len(dom.xpath("//tbody/tr")) == 186
    cell = dom.xpath('//tbody/tr[4]/td[@lang="en"]')[0]
    assert cell.text_content() == hostile


def test_repeated_addresses_get_unique_anchors(aligned):
    assert unique_ids(["II/3/c", "II/3/c", "", "a b", "II/3/c~2"]) == ["II/3/c", "II/3/c~2", "u3", "a_b", "II/3/c~2~2"]
    _, _, paths, _ = aligned["unpc_v1_devset"]  # isolated sentences of many documents: the same numbers recur
    page = html.fromstring(paths["view"].read_text(encoding="utf-8"))
    addresses = [a.text_content() for a in page.xpath("//tbody/tr/td[@class='addr']/a")]
    ids = page.xpath("//tbody/tr/@id")
    assert len(set(addresses)) < len(addresses) and len(set(ids)) == len(ids)


def test_an_audit_without_texts_is_shown_from_its_sources(tmp_path, audited_folder):
    """Audits written before they carried the paragraphs' texts name their source files: the view reads them."""
    out, golds = audited_folder
    report = json.loads((out / "udhr_holed.audit.json").read_text(encoding="utf-8"))
    for key in ("paragraph_texts", "paragraph_labels", "paragraph_addresses"):
        del report[key]
    assert set(report["files"]) == set(LANGS)
    assert all(Path(f).parent == golds["udhr_holed"] for f in report["files"].values())
    (tmp_path / "old.audit.json").write_text(json.dumps(report), encoding="utf-8")
    result = unalign_here("view", str(tmp_path / "old.audit.json"), "-o", str(tmp_path / "old.html"))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "old.html").read_text(encoding="utf-8") == (out / "udhr_holed.html").read_text(encoding="utf-8")


def test_view_bad_input_is_one_line(tmp_path, audited_folder):
    out, _ = audited_folder
    report = json.loads((out / "udhr_holed.audit.json").read_text(encoding="utf-8"))
    del report["paragraph_texts"]
    report["files"] = {lang: str(tmp_path / "gone" / f"{lang}.html") for lang in LANGS}
    (tmp_path / "old.audit.json").write_text(json.dumps(report), encoding="utf-8")
    cases = [([str(tmp_path / "old.audit.json")], "cannot be read; run 'unalign align' again"),
             ([str(out / "udhr_holed.tmx")], "not an unalign audit JSON"),
             ([str(out / "udhr_holed.audit.json"), "--langs", "en,xx"], "unknown language code 'xx'")]
    for args, needle in cases:
        result = unalign_here("view", *args)
        assert result.returncode == 2 and needle in result.stderr, result.stderr
        assert len(result.stderr.strip().splitlines()) == 1


def test_a_unit_merged_or_split_in_some_version_is_to_check(aligned):
    """Merges and splits are marks a reviser acts on (issue 24; the to-check list's benchmark counts them): in the
    intact UDHR the Arabic proclamation ("Proclaims this Universal Declaration…") is two paragraphs where the others
    have one, and that row is among the units to check, with a filter of its own."""
    alignment = aligned["udhr"][0]
    dom = html.fromstring(render_view(alignment))
    joined = dom.xpath("//tbody/tr[@data-joined]")
    assert [row.get("data-joined") for row in joined] == ["ar"]
    assert "problem" in joined[0].get("class").split()
    assert _cell_text(joined[0].find('td[@lang="en"]')).startswith("Proclaims this Universal Declaration")
    options = dom.xpath('//select[@id="filter"]/option[@value="joined"]/text()')
    assert options == ["merged or split in some version (1)"]
    assert len(dom.xpath('//tbody/tr[contains(@class, "problem")]')) == 4


def test_the_template_kept_compiled_gives_the_same_page(aligned, tmp_path):
    """The view's template kept compiled in a cache folder (Jinja's bytecode cache) renders the page it renders
    compiled afresh, the second time from the kept code; a folder that cannot be written keeps nothing and fails
    nothing."""
    from unalign.outputs import views

    alignment = aligned["udhr"][0]
    page = render_view(alignment, signature="s")
    folder = tmp_path / "templates"
    assert render_view(alignment, signature="s", compiled_in=folder) == page
    kept = sorted(folder.iterdir())
    assert kept
    views._environment.cache_clear()  # as a new process finds it: the code read back from the folder
    assert render_view(alignment, signature="s", compiled_in=folder) == page
    assert sorted(folder.iterdir()) == kept
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    assert render_view(alignment, signature="s", compiled_in=blocked / "templates") == page
