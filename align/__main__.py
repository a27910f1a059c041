"""`python -m unalign` and the installed `unalign` run the unalign command (`run`)."""


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
    main()


if __name__ == "__main__":  # not when a spawned worker process imports this module
    run()
