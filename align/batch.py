"""Align many documents, each on its own: one after another, in parallel on the local cores, or on a Dask cluster.

Every engine runs the same job, `align_one`, which reads, embeds, aligns and writes one document and turns any error
into the document's outcome: a bad file costs its own document, never the run. Outputs are written atomically with
the audit last (see `align.pipeline.write_outputs`), so a run cut short keeps every document it finished, and the next
run skips them (`is_done`).
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path

from unalign.align.documents import DocumentFiles
from unalign.align.embedding import default_cache_dir, use_threads
from unalign.align.model import UnalignError
from unalign.align.pipeline import align_levels, read_document, write_outputs

ENGINES = ("local", "dask")


@dataclass(frozen=True)
class Job:
    """One document to align, and everything a worker needs to do it (it is sent to other processes as is).

    `cache` with no `cache_dir` means the embedding cache in the default place of the machine that runs the job.
    `cores` is how many cores the job may take there: one when documents run side by side, all of them for a
    document aligned alone.
    """

    files: DocumentFiles
    out_dir: Path
    model: str
    cache: bool = True
    cache_dir: Path | None = None
    cores: int = 1
    pairs: tuple[tuple[str, str], ...] = ()  # bilingual TMX wanted (those whose two languages the document has)
    codes: tuple[tuple[str, str], ...] = ()  # TMX language codes; empty: the default profile
    level: str = "paragraph"  # "paragraph", "sentence" or "both": which memories (see pipeline.align_levels)


@dataclass(frozen=True)
class Outcome:
    """What became of one document: its figures when aligned, else `error` says why not."""

    document: str
    error: str = ""
    units: int = 0
    languages: int = 0
    incomplete: int = 0  # units that lack at least one language
    tmx: str = ""
    seconds: float = 0.0
    sentence_units: int = 0  # with the sentence level: the sentence units written

    @property
    def ok(self) -> bool:
        return not self.error


def align_one(job: Job) -> Outcome:
    """Read, embed, align and write one document; never raises for a problem that belongs to the document."""
    start = time.perf_counter()
    use_threads(job.cores)
    cache_dir = (job.cache_dir or default_cache_dir()) if job.cache else None
    try:
        document = read_document(job.files)
        alignment, sentences = align_levels(document, job.model, cache_dir, job.cores, job.level)
        pairs = [pair for pair in job.pairs if set(pair) <= set(document.languages)]
        paths = write_outputs(alignment, job.out_dir, document.sources, pairs, dict(job.codes) or None,
                              sentences, job.level)
    except UnalignError as exc:
        return Outcome(job.files.name, str(exc))
    except Exception as exc:  # a bug must cost one document, not the thousands after it
        return Outcome(job.files.name, f"unexpected {type(exc).__name__}: {exc}")
    return Outcome(job.files.name, units=len(alignment.units), languages=len(document.languages),
                   incomplete=sum(1 for unit in alignment.units if unit.missing()),
                   tmx=str(paths.get("tmx") or paths["sentences-tmx"]), seconds=time.perf_counter() - start,
                   sentence_units=len(sentences.units) if sentences else 0)


def run(jobs: Sequence[Job], engine: str = "local", workers: int | None = None,
        scheduler: str | None = None) -> Iterator[Outcome]:
    """Align `jobs`, yielding each outcome as it finishes (not in order).

    engine "local" runs them in this process when there is one job or one worker, else in `workers` processes
    (default: one per core); "dask" sends them to the Dask scheduler at `scheduler` (its workers must see the input
    and output folders at the same paths).
    """
    if engine == "dask":
        if not scheduler:
            raise UnalignError("--engine dask needs --scheduler ADDRESS (e.g. tcp://10.0.0.5:8786)")
        yield from _on_dask(jobs, scheduler)
        return
    if engine != "local":
        raise UnalignError(f"unknown engine '{engine}' (use: {', '.join(ENGINES)})")
    if scheduler:
        raise UnalignError("--scheduler goes with --engine dask")
    workers = min(workers or os.cpu_count() or 1, len(jobs))
    if workers <= 1:
        for job in jobs:
            yield align_one(job)
        return
    # spawn, not fork: the parent runs a progress thread, and a forked child could inherit a held lock.
    with ProcessPoolExecutor(workers, mp_context=get_context("spawn")) as pool:
        futures = {pool.submit(align_one, job): job for job in jobs}
        try:
            yield from _as_outcomes(as_completed(futures), futures)
        finally:  # Ctrl-C or the caller stopped: finished documents are on disk, drop the ones not started
            for future in futures:
                future.cancel()


def _on_dask(jobs: Sequence[Job], scheduler: str) -> Iterator[Outcome]:
    try:
        from distributed import Client, as_completed as dask_completed
    except ImportError:
        raise UnalignError("--engine dask needs Dask: pip install 'unalign[dask]'") from None
    try:
        client = Client(scheduler, timeout="20s")
    except (OSError, TimeoutError, ValueError) as exc:
        raise UnalignError(f"{scheduler}: no Dask scheduler answers ({exc})") from None
    with client:
        futures = client.map(align_one, jobs, pure=False)
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
