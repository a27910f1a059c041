"""`python -m align` runs the unalign command."""

from align.cli import main

main()
