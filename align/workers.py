"""Process pools that leave Ctrl-C to the process that started them, and stop at once when it is pressed.

A terminal sends SIGINT to every process of the foreground group: without care each idle worker of a pool prints its
own KeyboardInterrupt traceback, and the pool waits for the busy ones to finish their document before the command
can end. Here workers ignore SIGINT; the parent, on Ctrl-C (or any error, or when its caller stops early), cancels
what has not started and sends SIGTERM to the workers, which unwind (so that `finally` clauses remove the temporary
files of outputs being written) and exit without a word. A parent killed outright (kill -9) takes its workers with
it: the kernel sends them SIGTERM (Linux).
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:  # a run that starts no process (one document, its vectors cached) does not import them
    from concurrent.futures import ProcessPoolExecutor

T = TypeVar("T")
_PR_SET_PDEATHSIG = 1  # linux/prctl.h


class _Stopped(SystemExit):
    """Raised by SIGTERM in a worker running a task, so that the task unwinds (its `finally` clauses run)."""


_in_task = False


def _stop(signum: int, frame: object) -> None:
    # Outside a task there is nothing to unwind, and raising could land in the interpreter's own exit (an atexit
    # callback prints the exception with a traceback): such a worker ends at once, without a word.
    if not _in_task:
        os._exit(128 + signum)
    raise _Stopped(128 + signum)


def _die_with(parent: int) -> None:
    """Have the kernel send this worker SIGTERM when its parent dies (Linux: PR_SET_PDEATHSIG), so that a parent
    killed with -9 leaves no worker writing into its output folder; a parent gone already ends it now."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
        except (OSError, AttributeError):
            return
    if os.getppid() != parent:
        os._exit(1)


def _start_worker(initializer: Callable[..., None] | None, initargs: tuple, parent: int, unwind: bool = True) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if unwind:
        signal.signal(signal.SIGTERM, _stop)
    _die_with(parent)
    if initializer is not None:
        initializer(*initargs)


def stoppable(fn: Callable[..., T], *args: Any) -> T:
    """Run `fn(*args)` in a worker of `process_pool`; stopped meanwhile, it unwinds and the worker process ends."""
    global _in_task
    _in_task = True
    try:
        return fn(*args)
    except _Stopped as stopped:
        os._exit(stopped.code)
    finally:
        _in_task = False


@contextmanager
def process_pool(workers: int, initializer: Callable[..., None] | None = None,
                 initargs: tuple = (), unwind: bool = True) -> Iterator[ProcessPoolExecutor]:
    """A pool of `workers` spawned processes (submit `stoppable, fn, *args` to it) that ignore SIGINT; leaving the
    block by an exception (KeyboardInterrupt among them) stops the workers at once instead of waiting for them.
    Workers that write nothing (`unwind` False: they encode, read) die of the stop signal without unwinding: one
    stopped while a compiled module loads (pikepdf) would print that module's own error."""
    # spawn, not fork: the parent may run threads (a progress bar), and a forked child could inherit a held lock.
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    pool = ProcessPoolExecutor(workers, mp_context=get_context("spawn"), initializer=_start_worker,
                               initargs=(initializer, initargs, os.getpid(), unwind))
    try:
        yield pool
    except BaseException:
        processes = list((getattr(pool, "_processes", None) or {}).values())
        pool.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            if process.is_alive():
                process.terminate()
        for process in processes:
            process.join(timeout=30)
        raise
    pool.shutdown(wait=True)
