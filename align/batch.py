"""Align many documents, each on its own: one after another, in parallel on the local cores, or on a Dask cluster.

Every engine runs the same job, `align_one`, which reads, embeds, aligns and writes one document and turns any error
into the document's outcome: a bad file costs its own document, never the run. Outputs are written atomically with
the audit last (see `align.pipeline.write_outputs`), so a run cut short keeps every document it finished, and the next
run skips them (`OutputSet.is_done`).
"""

from __future__ import annotations

import os
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from unalign import settings
from unalign.documents import DocumentFiles
from unalign.embedding import default_cache_dir
from unalign.model import Alignment, Document, UnalignError, own_numbers
from unalign.options import RunOptions
from unalign.outputs.paths import OutputSet
from unalign.pipeline import Encoder, finish, read_and_align, write_outputs
from unalign.workers import process_pool, stoppable

if TYPE_CHECKING:  # a run that starts no process (one document, its vectors cached) does not import them
    from concurrent.futures import Future

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
    sentence_units: int = 0  # with the sentence level: the sentence units written
    sentence_bilingual: dict[str, tuple[int, int]] = field(default_factory=dict)  # as `bilingual`, sentence memories
    warnings: tuple[str, ...] = ()  # what the user should know although the document was aligned (one line each)

    run_failed: bool = False  # the error is not the input's: a file that cannot be written, a lost worker, a bug

    @property
    def ok(self) -> bool:
        return not self.error


class RunError(Exception):
    """A run that failed for a reason other than its input (a lost Dask scheduler…), reported as one line, exit 1."""


def align_one(job: Job) -> Outcome:
    """Read, embed, align and write one document; never raises for a problem that belongs to the document."""
    options = job.outputs.options
    cache_dir = (options.cache_dir or default_cache_dir()) if options.cache else None
    try:
        with Encoder(options.model, cache_dir, job.cores) as encode:
            encode.start(list(job.files.files.values()))
            document, alignment = read_and_align(job.files, options.model, cache_dir, job.cores, encode,
                                                 job.outputs.sentences)
            finished = finish(alignment, job.outputs, encode)
            encode.release()  # its processes end while the outputs are written
            audit = write_outputs(finished, job.outputs, document.sources, document.reading(), document.masthead())
    except UnalignError as exc:
        return Outcome(job.files.name, str(exc))
    except OSError as exc:  # an output that cannot be written (a full disk, a read-only folder)
        where = f"{exc.filename}: " if exc.filename else ""
        return Outcome(job.files.name, f"{where}{exc.strerror or exc}", run_failed=True)
    except Exception as exc:  # a bug must cost one document, not the thousands after it
        return Outcome(job.files.name, f"unexpected {type(exc).__name__}: {exc}", run_failed=True)
    return Outcome(job.files.name, units=len(audit.units), languages=audit.languages, holes=audit.holes(),
                   incomplete=audit.incomplete,
                   bilingual={pair: (c.written, c.left_out) for pair, c in audit.bilingual.items()},
                   corrections=audit.corrections,
                   sentence_units=len(audit.sentence_units) if audit.sentence_units is not None else 0,
                   sentence_bilingual={pair: (c.written, c.left_out) for pair, c in audit.sentence_bilingual.items()},
                   warnings=document.warnings + long_paragraphs(document)
                   + versions_apart(finished.alignment, document.sources))


@dataclass(frozen=True)
class _Warnings:
    """When the command warns although a document was aligned (config/reading.toml [warnings], measured there)."""

    long_paragraph: int
    apart_share: float
    apart_min_units: int


def versions_apart(alignment: Alignment, sources: dict[str, str]) -> tuple[str, ...]:
    """A line for each version that more than config/reading.toml [warnings] apart_share of the units lack, hold
    alone or number otherwise than most: its file may be another document, or another part of this one (each unit
    is marked for review then, but nothing said why)."""
    limits = settings.section(_Warnings, "reading", "warnings")
    units = alignment.units
    if len(units) < limits.apart_min_units:
        return ()
    apart: Counter[str] = Counter()
    for unit in units:
        numbers = own_numbers(unit.paragraphs)
        usual = Counter(numbers.values()).most_common(1)[0][0] if len(set(numbers.values())) > 1 else None
        apart.update(lang for lang in alignment.languages if lang in unit.missing or lang in unit.extra
                     or usual is not None and numbers.get(lang, usual) != usual)
    return tuple(f"{sources.get(lang, lang)}: {count} of {len(units)} units lack this version, hold it alone or number "
                 "it otherwise than the others: is it a version of the same document?"
                 for lang, count in apart.items() if count > limits.apart_share * len(units))


def long_paragraphs(document: Document) -> tuple[str, ...]:
    """A line for each paragraph longer than config/reading.toml [warnings] long_paragraph characters."""
    limit = settings.section(_Warnings, "reading", "warnings").long_paragraph
    return tuple(f"{document.sources.get(lang, lang)}: paragraph {p.index + 1} has {len(p.text):,} characters (more "
                 f"than {limit:,}): a text without paragraph breaks? It is one unit, one TMX segment"
                 for lang, paragraphs in document.paragraphs.items() for p in paragraphs if len(p.text) > limit)


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
    from concurrent.futures import as_completed

    # Ctrl-C or the caller stopping: finished documents are on disk, the others are dropped and their workers stopped.
    with process_pool(workers) as pool:
        futures = {pool.submit(stoppable, align_one, replace(job, cores=1)): job for job in jobs}
        yield from _as_outcomes(as_completed(futures), futures)


def absolute(job: Job) -> Job:
    """`job` with its paths absolute: a worker started in another folder, or on another machine that mounts the
    shared file system at the same place, finds the files."""
    files = replace(job.files, files={lang: path.resolve() for lang, path in job.files.files.items()})
    options = job.outputs.options
    if options.cache_dir:
        options = replace(options, cache_dir=options.cache_dir.resolve())
    return replace(job, files=files, outputs=replace(job.outputs, out_dir=job.outputs.out_dir.resolve(),
                                                     options=options))


def _on_dask(jobs: Sequence[Job], scheduler: str, timeout: float) -> Iterator[Outcome]:
    try:
        from distributed import Client, as_completed as dask_completed
    except ImportError:
        raise UnalignError("--engine dask needs Dask on this machine and on every worker: pip install "
                           "'distributed>=2024.1' (or install unalign with its extra: pip install '.[dask]' in the "
                           "checkout, or 'unalign-VERSION-py3-none-any.whl[dask]')") from None
    _quiet_dask_logs()  # Dask logs a lost connection with tracebacks on stderr; what was lost is said once, below
    try:
        client = Client(scheduler, timeout=f"{timeout}s")
    except (OSError, TimeoutError, ValueError) as exc:
        raise UnalignError(f"{scheduler}: no Dask scheduler answers ({exc})") from None
    with client:
        futures = client.map(align_one, [absolute(replace(job, cores=1)) for job in jobs], pure=False)
        by_future = dict(zip(futures, jobs))
        try:
            for outcome in _as_outcomes(dask_completed(futures), by_future):
                if not outcome.ok and outcome.run_failed and not _scheduler_answers(client):
                    raise RunError(f"the Dask scheduler at {scheduler} was lost (its connection closed); the "
                                   "documents aligned so far are kept, the same command aligns the rest")
                yield outcome
        except (OSError, TimeoutError) as exc:  # the connection itself failed while waiting
            raise RunError(f"the Dask scheduler at {scheduler} was lost ({type(exc).__name__}: {exc}); the documents "
                           "aligned so far are kept, the same command aligns the rest") from None
        finally:
            if client.status == "running":
                client.cancel([f for f in futures if not f.done()])


def _scheduler_answers(client, seconds: float = 3.0) -> bool:
    """Whether the client is still connected to its scheduler, given a moment to notice: right after a scheduler
    dies, the documents its workers held fail as "worker lost" before the client learns that the scheduler is gone.
    A lost worker costs its document; a lost scheduler, the run."""
    deadline = time.monotonic() + seconds
    while client.status == "running" and time.monotonic() < deadline:
        time.sleep(0.1)
    return client.status == "running"


def _quiet_dask_logs() -> None:
    import logging

    for name in ("distributed", "distributed.client", "distributed.core", "distributed.comm", "distributed.batched"):
        logging.getLogger(name).setLevel(logging.CRITICAL)


def _as_outcomes(finished: Iterator[Future], jobs: dict) -> Iterator[Outcome]:
    """Each finished future's outcome; a worker that died (killed, out of memory) fails its document."""
    for future in finished:
        try:
            yield future.result()
        except Exception as exc:
            yield Outcome(jobs[future].files.name, f"the worker running it was lost ({type(exc).__name__}: {exc})",
                          run_failed=True)
