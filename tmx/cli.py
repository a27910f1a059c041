"""`unalign tmx …`: merge TMX memories and describe them. Registered under the `unalign` command by align/cli.py."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from unalign import __version__
from unalign.tmx.model import TmxError

app = typer.Typer(help="Merge TMX memories and show what they hold (any tool's TMX 1.4, read as a stream).",
                  no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)
err = Console(stderr=True, highlight=False, soft_wrap=True)
out = Console(highlight=False, soft_wrap=True)


MERGE_HELP = ("Merge TMX files into one, writing each unit once.\n\n"
              "Two units are the same unit when they have the same text in every language (texts compared as written "
              "to <seg>, language codes ignoring case; props and notes do not count). The merged unit keeps the props "
              "of its first occurrence (so the first file wins) and the notes of all its occurrences, each note once. "
              "Inline codes (<bpt>, <ph>…) are not carried over: their count is reported.")


@app.command(help=MERGE_HELP)
def merge(
    inputs: Annotated[list[Path], typer.Argument(help="The TMX files to merge, in order of precedence.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="The merged TMX to write.")],
) -> None:
    """Merge TMX files into one, writing each unit once (see MERGE_HELP)."""
    # Imported here, as in stats: `unalign align` registers this command group and reads no TMX.
    from rich.progress import Progress

    from unalign.tmx.merging import merge_tmx

    if not inputs:
        raise TmxError("tmx merge: give at least one TMX file")
    if output.is_dir():
        raise TmxError(f"{output}: a folder; --output is the merged TMX to write (a file)")
    with Progress(console=err, transient=True, disable=not err.is_terminal) as progress:
        task = progress.add_task("reading units", total=None)
        result = merge_tmx(inputs, output, tool_version=__version__,
                           progress=lambda n: progress.advance(task, n))
    out.print(f"{len(inputs)} files, {result.read} units read: {result.written} written, {result.duplicates} "
              f"duplicates merged" + (f", {result.empty} without text left out" if result.empty else "")
              + f" -> {output}")
    if result.inline_codes:
        codes = ", ".join(f"{n} <{name}>" for name, n in sorted(result.inline_codes.items()))
        err.print(f"inline codes left out of the texts: {codes}")


@app.command()
def stats(
    path: Annotated[Path, typer.Argument(help="A TMX file.")],
    json_out: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
) -> None:
    """Show a TMX file's languages, unit count and coverage per language."""
    from rich.table import Table

    from unalign.tmx.stats import tmx_stats

    report = tmx_stats(path)
    if json_out:
        print(json.dumps(report, ensure_ascii=False, indent=1))
        return
    table = Table(title=f"{path.name}: {report['units']} units, {report['complete']} in every language "
                        f"(srclang {report['srclang']}, segtype {report['segtype'] or '?'}, "
                        f"{report['creationtool'] or 'unknown tool'})")
    for name in ("language", "units", "missing", "extra", "coverage", "characters"):
        table.add_column(name, justify="left" if name == "language" else "right")
    for lang, row in report["languages"].items():
        table.add_row(lang, str(row["units"]), str(row["missing"]), str(row["extra"]), f"{row['percent']:.2f}%",
                      str(row["characters"]))
    out.print(table)
    if report["inline_codes"]:
        out.print("inline codes: " + ", ".join(f"{n} <{name}>" for name, n in report["inline_codes"].items()))
