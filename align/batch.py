"""Align many documents, each on its own: one after another, in parallel on the local cores, or on a Dask cluster.

Every engine runs the same job, `align_one`, which reads, embeds, aligns and writes one document and turns any error
into the document's outcome: a bad file costs its own document, never the run. Outputs are written atomically with
the audit last (see `align.pipeline.write_outputs`), so a run cut short keeps every document it finished, and the next
run skips them (`OutputSet.is_done`).
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field, replace
from multiprocessing import get_context
from pathlib import Path

from unalign.align.documents import DocumentFiles
from unalign.align.embedding import default_cache_dir, use_threads
from unalign.align.model import UnalignError
from unalign.align.options import RunOptions
from unalign.align.outputs.paths import OutputSet
from unalign.align.pipeline import read_and_align, write_outputs

ENGINES = ("local", "dask")


@dataclass(frozen=True)
class Job:
    """One document to align, and everything a worker needs to do it (it is sent to other processes as is).

    `outputs` says where its outputs go and with which options (model, languages, pairs, TMX codes, cache). `cores`
    is how many cores the job may take where it runs: `run` gives every core to a document aligned alone in this
    process, one to each of documents aligned side by side.
    """

    files: DocumentFiles
    outputs: OutputSet
    cores: int = 1

    @classmethod
    def of(cls, files: DocumentFiles, out_dir: Path, options: RunOptions = RunOptions()) -> Job:
        """The job of aligning `files` into `out_dir` with `options`."""
        return cls(files, OutputSet(files.name, out_dir, options, tuple(files.files)))


@dataclass(frozen=True)
class Outcome:
    """What became of one document: its figures when aligned, else `error` says why not."""

    document: str
    error: str = ""
    units: int = 0
    languages: tuple[str, ...] = ()
    holes: dict[str, int] = field(default_factory=dict)  # language -> units that lack it
    incomplete: int = 0  # units that lack at least one language
    bilingual: dict[str, tuple[int, int]] = field(default_factory=dict)  # "en-fr" -> (units written, left out)
    corrections: dict = field(default_factory=dict)  # a reviser's corrections as applied (the audit's "corrections")

    @property
    def ok(self) -> bool:
        return not self.error


def align_one(job: Job) -> Outcome:
    """Read, embed, align and write one document; never raises for a problem that belongs to the document."""
    use_threads(job.cores)
    options = job.outputs.options
    cache_dir = (options.cache_dir or default_cache_dir()) if options.cache else None
    try:
        document, alignment = read_and_align(job.files, options.model, cache_dir, job.cores)
        audit = write_outputs(alignment, job.outputs, document.sources, document.reading())
    except UnalignError as exc:
        return Outcome(job.files.name, str(exc))
    except Exception as exc:  # a bug must cost one document, not the thousands after it
        return Outcome(job.files.name, f"unexpected {type(exc).__name__}: {exc}")
    return Outcome(job.files.name, units=len(audit.units), languages=audit.languages, holes=audit.holes(),
                   incomplete=audit.incomplete,
                   bilingual={pair: (c.written, c.left_out) for pair, c in audit.bilingual.items()},
                   corrections=audit.corrections)


def run(jobs: Sequence[Job], engine: str = "local", workers: int | None = None,
        scheduler: str | None = None, timeout: float = 20.0) -> Iterator[Outcome]:
    """Align `jobs`, yielding each outcome as it finishes (not in order).

    engine "local" runs them in this process, each with every core, when there is one job or one worker, else in
    `workers` processes (default: one per core) with one core each; "dask" sends them to the Dask scheduler at
    `scheduler` (its workers must see the input and output folders at the same paths), giving up on a scheduler that
    does not answer within `timeout` seconds.
    """
    if engine == "dask":
        if not scheduler:
            raise UnalignError("--engine dask needs --scheduler ADDRESS (e.g. tcp://10.0.0.5:8786)")
        yield from _on_dask(jobs, scheduler, timeout)
        return
    if engine != "local":
        raise UnalignError(f"unknown engine '{engine}' (use: {', '.join(ENGINES)})")
    if scheduler:
        raise UnalignError("--scheduler goes with --engine dask")
    workers = min(workers or os.cpu_count() or 1, len(jobs))
    if workers <= 1:
        for job in jobs:
            yield align_one(replace(job, cores=os.cpu_count() or 1))
        return
    # spawn, not fork: the parent runs a progress thread, and a forked child could inherit a held lock.
    with ProcessPoolExecutor(workers, mp_context=get_context("spawn")) as pool:
        futures = {pool.submit(align_one, replace(job, cores=1)): job for job in jobs}
        try:
            yield from _as_outcomes(as_completed(futures), futures)
        finally:  # Ctrl-C or the caller stopped: finished documents are on disk, drop the ones not started
            for future in futures:
                future.cancel()


def _on_dask(jobs: Sequence[Job], scheduler: str, timeout: float) -> Iterator[Outcome]:
    try:
        from distributed import Client, as_completed as dask_completed
    except ImportError:
        raise UnalignError("--engine dask needs Dask: pip install 'unalign[dask]'") from None
    try:
        client = Client(scheduler, timeout=f"{timeout}s")
    except (OSError, TimeoutError, ValueError) as exc:
        raise UnalignError(f"{scheduler}: no Dask scheduler answers ({exc})") from None
    with client:
        futures = client.map(align_one, [replace(job, cores=1) for job in jobs], pure=False)
        by_future = dict(zip(futures, jobs))
        try:
            yield from _as_outcomes(dask_completed(futures), by_future)
        finally:
            client.cancel([f for f in futures if not f.done()])


def _as_outcomes(finished: Iterator[Future], jobs: dict) -> Iterator[Outcome]:
    """Each finished future's outcome; a worker that died (killed, out of memory) fails its document."""
    for future in finished:
        try:
            yield future.result()
        except Exception as exc:
            yield Outcome(jobs[future].files.name, f"the worker running it was lost ({type(exc).__name__}: {exc})")
