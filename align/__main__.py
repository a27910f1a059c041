"""`python -m unalign` and the installed `unalign` run the unalign command (`run`)."""


def run() -> None:
    """The unalign command. Its modules are imported here, not when this module is: the encoder's worker processes
    are spawned, and a spawned process imports the main module (the installed script imports this one) before its
    work; importing the command's modules there too (typer, rich…) would delay each by a tenth of a second."""
    from unalign.cli import main

    main()


if __name__ == "__main__":  # not when a spawned worker process imports this module
    run()
