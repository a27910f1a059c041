"""Hostile input: every reader runs in linear time on 10^6-character lines of one character (or a short run of
them) repeated, and fuzzed files never crash a reader or `unalign segment`, each within a time limit.

A regular expression that backtracks (`\\.{4,}…$` searched at every dot, `<sup>(.*?)</sup>` from every unclosed tag)
costs the square of the line's length: 10^6 characters would take hours. Python's `re` cannot be interrupted by a
signal while it matches, so each reader runs in a child process with a time limit, and a line that hangs is named.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from tests.conftest import unalign_here

ROOT = Path(__file__).resolve().parent.parent
LENGTH = 1_000_000
# Seconds one reader may take on one 10^6-character line. A linear reader takes 1-3 s on a loaded two-core machine;
# a quadratic one takes hours.
LIMIT = 60
PATTERNS = {"dots": ".", "ellipsis": "…", "unclosed-sup": "<sup>", "sup-digit": "<sup>1", "stars": "*",
            "underscores": "_", "spaces": " ", "tabs": "\t", "digits": "0", "letters": "a", "parens": "(",
            "dot-space": ". ", "bold-open": " **a", "footnote-caret": "[^1", "open-tag": "<b ", "pipes": "|",
            "dashes": "-", "link-open": "[a](", "hashes": "#", "ampersands": "&"}
VARIANTS = ("bare", "tail")  # the run alone; the run followed by a letter (what a label or a page number would be)
# ".md" is read by the same code as ".txt" (readers.read_blocks -> readers.text.split_text): the fuzz tests below feed
# both, the 10^6-character lines the plain-text reader only.
READERS = ("txt", "html", "tei", "cleaning", "numbering", "documents")
# Super-linear today in readers/text.py and readers/cleaning.py, which are being rewritten on another branch
# (text-layouts); skipped here until that lands, then this set must be emptied. See the report of branch robust.
KNOWN_SUPERLINEAR: dict[str, set[str]] = {}  # reader -> patterns it is slow on (none now)


def hostile_line(unit: str, variant: str) -> str:
    run = (unit * (LENGTH // len(unit) + 1))[:LENGTH]
    return run + "x" if variant == "tail" else run


def read_with(reader: str, text: str, folder: Path) -> None:
    """Feed `text` to one reader (in this process)."""
    import html

    from unalign.documents import language_of
    from unalign.model import Block, UnalignError
    from unalign.numbering import assign_addresses
    from unalign.readers import read_blocks
    from unalign.readers.cleaning import strip_markup

    try:
        if reader in ("txt", "md"):
            path = folder / f"en.{reader}"
            path.write_text(text + "\n", encoding="utf-8")
            read_blocks(path)
        elif reader == "html":
            path = folder / "en.html"
            path.write_text(f"<html><body><p>{html.escape(text)}</p><p>{text}</p></body></html>", encoding="utf-8")
            read_blocks(path)
        elif reader == "tei":
            path = folder / "en.xml"
            path.write_text(f"<TEI><text><body><p>{html.escape(text)}</p></body></text></TEI>", encoding="utf-8")
            read_blocks(path)
        elif reader == "cleaning":
            strip_markup(text)
        elif reader == "numbering":
            for lang in ("ar", "zh", "en", "fr", "ru", "es"):
                assign_addresses([Block("paragraph", text), Block("heading", text)], lang)
        elif reader == "documents":
            language_of(Path(text.replace("/", "_") + "_EN.txt"))
    except UnalignError:
        pass  # refusing the input in one line is fine; only time is measured here


def _child(reader: str, folder: str) -> None:
    """In the child process: read every hostile line, printing a JSON line when each is done."""
    for name, unit in PATTERNS.items():
        if name in KNOWN_SUPERLINEAR.get(reader, ()):
            continue
        for variant in VARIANTS:
            print(json.dumps({"start": [name, variant]}), flush=True)
            start = time.perf_counter()
            read_with(reader, hostile_line(unit, variant), Path(folder))
            print(json.dumps({"done": [name, variant], "seconds": time.perf_counter() - start}), flush=True)


@pytest.mark.parametrize("reader", READERS)
def test_every_reader_is_linear_on_hostile_lines(reader, tmp_path):
    todo = [(name, variant) for name in PATTERNS if name not in KNOWN_SUPERLINEAR.get(reader, ())
            for variant in VARIANTS]
    process = subprocess.Popen([sys.executable, "-c", f"from tests.test_hostile import _child; "
                                f"_child({reader!r}, {str(tmp_path)!r})"], cwd=ROOT, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    try:
        stdout, stderr = process.communicate(timeout=LIMIT * len(todo))
    except subprocess.TimeoutExpired:
        process.kill()
        stdout, stderr = process.communicate()
    events = [json.loads(line) for line in stdout.splitlines() if line.startswith("{")]
    done = {tuple(e["done"]): e["seconds"] for e in events if "done" in e}
    started = [tuple(e["start"]) for e in events if "start" in e]
    if len(done) < len(todo):
        hung = started[-1] if started else None
        pytest.fail(f"{reader}: did not finish the {LENGTH:,}-character line {hung} "
                    f"({stderr.strip().splitlines()[-1:] or 'killed at the time limit'})")
    slow = {case: round(seconds, 1) for case, seconds in done.items() if seconds > LIMIT}
    assert not slow, f"{reader}: over {LIMIT} s on {slow}"
    assert process.returncode == 0, stderr


def test_known_superlinear_cases_are_still_listed_for_a_reason():
    """The skipped cases are a debt with an owner: each names a reader and a pattern that exist."""
    for reader, names in KNOWN_SUPERLINEAR.items():
        assert reader in READERS and names <= set(PATTERNS)


# --- fuzzing -----------------------------------------------------------------------------------------------------------

HOSTILE_ALPHABET = ".…<>/sup1b*_ \t\n0(1)[]^#|-&;:Aa\u00ad\u2028\u00a0é中عя"
fuzzed_text = st.text(alphabet=HOSTILE_ALPHABET, max_size=1500) | st.text(max_size=600)


@settings(max_examples=150, deadline=10_000, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                     HealthCheck.too_slow], derandomize=True)
@given(text=fuzzed_text, reader=st.sampled_from(("txt", "md", "html", "tei", "cleaning", "numbering")))
def test_fuzzed_input_never_crashes_a_reader(tmp_path, text, reader):
    """Any text: blocks or a one-line UnalignError, never another exception, within 10 s (hypothesis' deadline)."""
    read_with(reader, text, tmp_path)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture],
          derandomize=True)
@given(data=st.binary(max_size=3000) | fuzzed_text.map(lambda t: t.encode("utf-8")),
       suffix=st.sampled_from((".txt", ".md", ".html", ".xml")))
def test_fuzzed_files_never_crash_segment(tmp_path, data, suffix):
    """`unalign segment` (its entry point, run in this process) on any bytes: JSON lines, or one line and exit 2."""
    path = tmp_path / f"en{suffix}"
    path.write_bytes(data)
    result = unalign_here("segment", str(path), "--json")
    assert result.returncode in (0, 2), result.stderr
    assert "Traceback" not in result.stderr
    if result.returncode == 2:
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    else:
        assert result.stdout.strip()  # a file read is at least one paragraph
        for line in result.stdout.splitlines():
            json.loads(line)


HOSTILE_NAME = "<meta http-equiv=refresh content=1;url=http:\\\\127.0.0.1:9\\phish>"


def test_review_pages_and_view_escape_a_hostile_document_name(tmp_path, cache_dir):
    """A folder named as a <meta refresh> tag, aligned and opened in `unalign review`, sent the reviewer's browser
    to another server (issue 29: the .j2 templates were not autoescaped). Its name is text on every page now."""
    import shutil
    from urllib.parse import quote

    from tests.conftest import CORPORA
    from tests.review_support import align_into
    from unalign.review.app import create_app, review_options

    folder = tmp_path / HOSTILE_NAME
    shutil.copytree(CORPORA / "udhr", folder, ignore=shutil.ignore_patterns("source", "gold.jsonl"))
    aligned = align_into(folder, tmp_path / "out", cache_dir)
    assert aligned.name == HOSTILE_NAME
    options = review_options([tmp_path / "out"])
    client = create_app(options, lambda: 5000).test_client()
    pages = {
        "index": client.get(f"/?token={options.token}", headers={"Host": "127.0.0.1:5000"}),
        "document": client.get(f"/doc/{quote(HOSTILE_NAME, safe='')}?token={options.token}",
                               headers={"Host": "127.0.0.1:5000"}),
        "view": None,
    }
    view = (tmp_path / "out" / f"{HOSTILE_NAME}.html").read_text(encoding="utf-8")
    for name, response in pages.items():
        html = view if response is None else response.get_data(as_text=True)
        assert response is None or response.status_code == 200, (name, response.status_code)
        assert "<meta http-equiv=refresh" not in html, name
        assert "&lt;meta http-equiv=refresh" in html, name


def _udhr_audit(tmp_path_factory, level: str) -> Path:
    """The audit of `unalign align corpora/udhr --level level`."""
    out = tmp_path_factory.mktemp(f"udhr_{level}")
    aligned = unalign_here("align", str(ROOT / "corpora" / "udhr"), "--out", str(out), "--level", level)
    assert aligned.returncode == 0, aligned.stderr
    return out / "udhr.audit.json"


@pytest.fixture(scope="module")
def udhr_audit(tmp_path_factory, cache_dir) -> Path:
    return _udhr_audit(tmp_path_factory, "paragraph")


@pytest.mark.parametrize("gold, says", [
    ("", "no gold unit in it"),
    ("\n\n", "no gold unit in it"),
    ('{"id": "x"}\n', "no gold unit in it"),
    ("[1, 2]\n", ":1: not a gold unit"),
    ('{"en": [0], "fr": ["a"]}\n', ":1: paragraph indices must be whole numbers"),
    ('{"en": [0], "fr": [-1]}\n', ":1: paragraph indices must be whole numbers"),
    ("{not json\n", ":1: not a JSON line"),
    ("[" * 100_000 + "\n", ":1: "),
])
def test_evaluate_refuses_a_gold_it_cannot_use(udhr_audit, tmp_path, gold, says):
    """`unalign evaluate` scored an empty or malformed gold as F1 1.0000, exit 0 (issue 29)."""
    path = tmp_path / "gold.jsonl"
    path.write_text(gold, encoding="utf-8")
    result = unalign_here("evaluate", str(udhr_audit), "--gold", str(path))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and str(path) in result.stderr and says in result.stderr


@pytest.fixture(scope="module")
def udhr_sentence_audit(tmp_path_factory, cache_dir) -> Path:
    return _udhr_audit(tmp_path_factory, "sentence")


@pytest.mark.parametrize("gold, says", [
    ("", "no sentence gold unit in it"),
    ('{"en": [0, 1], "fr": [0, 1]}\n', ":1: each en sentence must be [paragraph index, text] with a whole "
                                       "paragraph index from 0, not 0"),
    ('\n{"en": [[2]], "fr": [[2]]}\n', ":2: each en sentence must be [paragraph index, text]"),
    ('{"en": [[-1, "x"]]}\n', ":1: each en sentence must be [paragraph index, text]"),
    ('{"en": [[2, 3]]}\n', ":1: each en sentence must be [paragraph index, text]"),
    ('{"en": [[999, "x"]], "fr": [["a", "b"]]}\n', ":1: the alignment has no en paragraph 999 (92 paragraphs, from 0)"),
    ('[[2, "x"]]\n', ":1: not a sentence gold unit"),
    ('{"en": [[2, "no such sentence here"]], "fr": [[2, "rien"]]}\n',
     ": a en sentence of the gold is not in paragraph 2: 'no such sentence here'"),
])
def test_evaluate_refuses_a_sentence_gold_it_cannot_use(udhr_sentence_audit, tmp_path, gold, says):
    """`evaluate --level sentence` crashed as a bug in unalign (exit 1) on a paragraph gold, a sentence without its
    text, a paragraph the alignment lacks (issue 53): one line naming the gold file and line, exit status 2."""
    path = tmp_path / "sentences.jsonl"
    path.write_text(gold, encoding="utf-8")
    result = unalign_here("evaluate", str(udhr_sentence_audit), "--gold", str(path), "--level", "sentence")
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and result.stderr.startswith(f"unalign: error: {path}")
    assert says in result.stderr, result.stderr


# The first two preamble paragraphs of the UDHR (paragraphs 2 and 3 as unalign reads the HTML), one sentence each.
_PREAMBLE = {"en": ("Whereas recognition of the inherent dignity and of the equal and inalienable rights of all members of "
                    "the human family is the foundation of freedom, justice and peace in the world,",
                    "Whereas disregard and contempt for human rights have resulted in barbarous acts which have outraged "
                    "the conscience of mankind,"),
             "fr": ("Considérant que la reconnaissance de la dignité inhérente à tous les membres de la famille humaine "
                    "et de leurs droits égaux et inaliénables constitue le fondement de la liberté,",
                    "Considérant que la méconnaissance et le mépris des droits de l’homme ont conduit à des actes de "
                    "barbarie qui révoltent la conscience de l’humanité")}


@pytest.mark.parametrize("fr_of, scores", [
    ((2, 3), {"precision": 1.0, "recall": 1.0, "f1": 1.0}),
    ((3, 2), {"precision": 0.0, "recall": 0.0, "f1": 0.0}),  # crossed: each en sentence given the other's fr
])
def test_evaluate_scores_a_well_formed_sentence_gold(udhr_sentence_audit, tmp_path, fr_of, scores):
    """The checks leave a well-formed gold alone, and it is scored: the right links found, crossed ones not."""
    path = tmp_path / "sentences.jsonl"
    lines = [{"en": [[p, _PREAMBLE["en"][p - 2]]], "fr": [[q, _PREAMBLE["fr"][q - 2]]]} for p, q in zip((2, 3), fr_of)]
    path.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8")
    result = unalign_here("evaluate", str(udhr_sentence_audit), "--gold", str(path), "--level", "sentence", "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["en-fr"] == scores


def test_a_rerun_with_other_options_leaves_no_stale_output(tmp_path):
    """Bilingual memories of an earlier --pairs and the other --level's memory stayed beside the new outputs, and a
    temporary file of an interrupted run was never removed (issue 29); files unalign did not write stay."""
    out = tmp_path / "out"
    first = unalign_here("align", str(ROOT / "corpora" / "udhr"), "--out", str(out), "--pairs", "en-fr")
    assert first.returncode == 0, first.stderr
    assert {p.name for p in out.iterdir()} == {"udhr.tmx", "udhr.en-fr.tmx", "udhr.sentences.tmx",
                                               "udhr.sentences.en-fr.tmx", "udhr.html", "udhr.audit.json"}
    (out / ".udhr.tmx.k2j4h1.tmp").write_text("half written", encoding="utf-8")
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    (out / "other.en-fr.tmx").write_text("another document's", encoding="utf-8")
    again = unalign_here("align", str(ROOT / "corpora" / "udhr"), "--out", str(out), "--level", "paragraph", "--force")
    assert again.returncode == 0, again.stderr
    assert {p.name for p in out.iterdir()} == {"udhr.tmx", "udhr.html", "udhr.audit.json", "notes.txt",
                                               "other.en-fr.tmx"}


def _html_text(path: Path) -> list[str]:
    from unalign.readers import read_blocks

    return [b.text for b in read_blocks(path)]


def test_html_text_in_any_element_is_read_once_in_order(tmp_path):
    """`<div>First</div><section>Second</section><p>Third</p>` read as one paragraph, "Third" (issue 29)."""
    page = tmp_path / "en.html"
    page.write_text("<html><body><div>First</div><section>Second</section><p>Third</p>"
                    "<table><tr><td>a</td><td>b</td></tr></table><article>Fourth <p>Fifth</p> Sixth</article>"
                    "<ul><li>Seventh <div>still seventh</div></li></ul><footer>Eighth<p>Ninth</p></footer>"
                    "</body></html>", encoding="utf-8")
    assert _html_text(page) == ["First", "Second", "Third", "a | b", "Fourth", "Fifth", "Sixth",
                                "Seventh still seventh", "Eighth", "Ninth"]


def test_html_nested_past_any_parser_limit_loses_nothing(tmp_path):
    """300 unclosed <font> lost everything past depth 255 (31 of 92 paragraphs left, issue 29)."""
    page = tmp_path / "en.html"
    paragraphs = [f"Paragraph number {'one two three'.split()[k % 3]} {chr(97 + k % 26)}" for k in range(92)]
    page.write_text("<html><body>" + "<font>" * 300 + "".join(f"<p>{t}</p>" for t in paragraphs) + "</body></html>",
                    encoding="utf-8")
    assert _html_text(page) == paragraphs


_WORDS = st.text(alphabet="abcdefghijklmnopqrstuvwxyzéж", min_size=1, max_size=8)
_TAGS = ("div", "section", "article", "p", "li", "blockquote", "span", "b", "font", "em", "td", "h2", "aside")


@st.composite
def _html_tree(draw, depth: int = 0):
    """A random page fragment: text and nested elements, as (markup, words in document order)."""
    markup, words = [], []
    for _ in range(draw(st.integers(1, 4))):
        if depth < 6 and draw(st.booleans()):
            tag = draw(st.sampled_from(_TAGS))
            inner, inner_words = draw(_html_tree(depth + 1))
            markup.append(f"<{tag}>{inner}</{tag}>")
            words += inner_words
        else:
            word = draw(_WORDS)
            markup.append(f" {word} ")
            words.append(word)
    return "".join(markup), words


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(tree=_html_tree())
def test_every_text_node_of_a_generated_page_is_read_once_in_order(tmp_path, tree):
    markup, words = tree
    page = tmp_path / "en.html"
    page.write_text(f"<html><body>{markup}</body></html>", encoding="utf-8")
    assert " ".join(_html_text(page)).replace(" | ", " ").split() == words


def test_a_tag_named_in_plain_text_is_text(tmp_path):
    """`.txt` input lost a literal `<b>` (issue 29); a tag opened and closed is still formatting."""
    from unalign.readers import read_blocks

    path = tmp_path / "en.txt"
    path.write_text("The tag <b> makes text bold; a < b and c > d.\n\nSecond <i>paragraph</i>, line<br>break.\n",
                    encoding="utf-8")
    assert [b.text for b in read_blocks(path)] == ["The tag <b> makes text bold; a < b and c > d.",
                                                   "Second paragraph, line break."]


def test_a_long_text_is_encoded_in_bounded_windows():
    """One 10^6-character line took 8.65 GB to encode (issue 29): a text longer than the window is encoded a few
    windows at a time, its vector the length-weighted sum of theirs (benchmarks/long_text.py: 163 MB at 10^6
    characters, 180 MB at 10^7)."""
    import numpy as np

    from unalign.embedding import in_windows

    calls = []

    def fake(texts):  # a vector per text from its length and its first letter, to check the weighting
        calls.append([len(t) for t in texts])
        return np.array([[len(t), ord(t.strip()[0])] for t in texts], dtype=np.float32)

    encode = in_windows(fake, width=10, group=2)
    text = "aaaa bbbb cccc dddd eeee"  # windows "aaaa bbbb", " cccc dddd", " eeee"
    vectors = encode(["short", text])
    assert calls == [[5], [9, 10], [5]]  # the short text alone, then the long one two windows at a time
    expected = 9 * np.array([9, ord("a")]) + 10 * np.array([10, ord("c")]) + 5 * np.array([5, ord("e")])
    assert np.allclose(vectors[1], expected / np.linalg.norm(expected))
    assert np.allclose(vectors[0], [5, ord("s")])


_ORPHAN_SCRIPT = """
import sys, time
from unalign.workers import process_pool, stoppable
with process_pool(2) as pool:
    futures = [pool.submit(stoppable, time.sleep, 300) for _ in range(2)]
    time.sleep(3)
    print(" ".join(str(pid) for pid in pool._processes), flush=True)
    time.sleep(300)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG and /proc are Linux's")
def test_workers_die_with_a_parent_killed_outright(tmp_path):
    """`kill -9` of a folder run orphaned its workers, which kept writing into the output folder (issue 29)."""
    import os
    import signal

    parent = subprocess.Popen([sys.executable, "-c", _ORPHAN_SCRIPT], stdout=subprocess.PIPE, text=True)
    workers = [int(pid) for pid in parent.stdout.readline().split()]
    assert len(workers) == 2
    os.kill(parent.pid, signal.SIGKILL)
    parent.wait()
    def running(pid: int) -> bool:
        try:
            return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"  # a zombie has ended
        except OSError:
            return False

    deadline = time.monotonic() + 20
    alive = workers
    while alive and time.monotonic() < deadline:
        time.sleep(0.2)
        alive = [pid for pid in workers if running(pid)]
    assert not alive


def test_out_naming_a_file_and_a_busy_port_are_one_line_with_status_2(tmp_path, udhr_audit):
    """`--out` pointing at a file said "File exists" with status 1; a busy `--port` printed werkzeug's paragraph and
    exited 1 (issue 29)."""
    import socket

    afile = tmp_path / "afile"
    afile.write_text("", encoding="utf-8")
    result = unalign_here("align", str(ROOT / "corpora" / "udhr"), "--out", str(afile))
    assert result.returncode == 2 and result.stderr.strip() == (
        f"unalign: error: {afile}: --out names a file; give a folder (it is made if it does not exist)")
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = unalign_here("review", str(udhr_audit.parent), "--port", str(port))
    assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1
    assert f"port {port}: Address already in use" in result.stderr


def test_a_document_that_fails_to_write_leaves_no_partial_outputs(tmp_path, cache_dir, monkeypatch):
    """On a full disk a failed document left its TMX and HTML without an audit (issue 29)."""
    import errno

    from tests.conftest import CORPORA, one_document
    from unalign.outputs.audit import Audit
    from unalign.outputs.paths import OutputSet
    from unalign.pipeline import align_document, finish, read_document, write_outputs

    document = read_document(one_document(CORPORA / "udhr"))
    alignment = align_document(document, cache_dir=cache_dir)
    outputs = OutputSet(alignment.document, tmp_path)

    def full(self, path):
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(Audit, "write", full)
    with pytest.raises(OSError):
        write_outputs(finish(alignment, outputs), outputs, document.sources)
    assert list(tmp_path.iterdir()) == []


def test_a_paragraph_longer_than_the_limit_is_named(tmp_path):
    """A 50 MB one-line file became one 50 MB TMX segment without a word (issue 29): a paragraph over
    config/reading.toml [warnings] long_paragraph (20,000 characters) is named on the command's output."""
    folder = tmp_path / "doc"
    folder.mkdir()
    for lang in ("en", "fr"):
        text = (ROOT / "corpora" / "udhr" / f"{lang}.html").read_text(encoding="utf-8")
        (folder / f"{lang}.html").write_text(text, encoding="utf-8")
    long_line = "word " * 5000  # 25,000 characters, no paragraph break
    (folder / "en.html").write_text((folder / "en.html").read_text(encoding="utf-8").replace(
        "</body>", f"<p>{long_line}</p></body>"), encoding="utf-8")
    result = unalign_here("align", str(folder), "--out", str(tmp_path / "out"), "--level", "paragraph")
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert len(warnings) == 1 and "en.html: paragraph 93 has 24,999 characters (more than 20,000)" in warnings[0]


def test_a_pdf_damaged_in_the_middle_names_its_lost_page(tmp_path):
    """A PDF damaged in the middle was read silently, 16 paragraphs lost, exit 0 (issue 29). A content stream PDFium
    cannot parse reads as an empty page: the command names it."""
    import re

    office = ROOT / "corpora" / "formats" / "office" / "udhr" / "libreoffice"
    data = bytearray((office / "en.pdf").read_bytes())
    streams = [m.end() for m in re.finditer(rb"stream\r?\n", bytes(data))]
    data[streams[3] + 40:streams[3] + 90] = b"\0" * 50  # page 3's content stream (measured: pages 1-6 each have one)
    folder = tmp_path / "doc"
    folder.mkdir()
    (folder / "en.pdf").write_bytes(bytes(data))
    (folder / "fr.pdf").write_bytes((office / "fr.pdf").read_bytes())
    result = unalign_here("align", str(folder), "--out", str(tmp_path / "out"), "--level", "paragraph")
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert warnings == [f"warning: {folder / 'en.pdf'}: page 3 of 6 has nothing on it, between pages with text: "
                        "damaged (its text is lost; copy the file again) or blank in the original"]
