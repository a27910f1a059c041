"""`python -m unalign` and the installed `unalign` run the unalign command (`run`)."""

import sys


def run() -> None:
    """The unalign command. Its modules are imported here, not when this module is: the encoder's worker processes
    are spawned, and a spawned process imports the main module (the installed script imports this one) before its
    work; importing the command's modules there too (typer, rich…) would delay each by a tenth of a second."""
    import gc

    from unalign.cli import main

    # A run makes hundreds of thousands of objects that live to its end (paragraphs, units, vectors, rows) and form
    # no cycles; at the collector's default pace (every 700 allocations) it scans them again and again. Objects of
    # the imports are set aside, and the young generation is collected every 50,000: a warm run of a 50-page
    # document 2.0 -> 1.8 s, the same peak memory (three runs each).
    gc.freeze()
    gc.set_threshold(50_000, 10, 10)
    _keep_freed_memory()
    main()


def _keep_freed_memory() -> None:
    """Have glibc's malloc keep in this process the memory it frees, for the next arrays. By default an array of
    128 KB or more is mapped afresh and each of its pages faulted in, until malloc raises that threshold after the
    first frees, and the heap's free top is given back to the system at once; a cold run's paragraph DP, the first
    work of this process after the encoder's, allocates such arrays by the hundred (50 pages: its progressive
    consensus took 0.45 s where a second one of the same vectors took 0.32 s, and 0.35 s with these settings; the
    alignment 0.63-0.68 -> 0.55-0.62 s, the tail after the last vector 1.08-1.13 -> 1.01-1.09 s, three runs each).
    The encoder's processes keep malloc's defaults: with these they encode no faster (the floor of `python -m
    benchmarks.single_document`, 5.85-6.04 against 5.80-5.99 s). Not glibc (macOS, Windows): nothing."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):  # a C library without it
        return
    m_trim_threshold, m_mmap_threshold = -1, -3  # malloc.h
    mallopt(m_mmap_threshold, 32 << 20)  # glibc's own ceiling for the threshold it raises
    mallopt(m_trim_threshold, 128 << 20)


if __name__ == "__main__":  # not when a spawned worker process imports this module
    run()
