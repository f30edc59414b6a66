"""`python -m okrs` runs the CLI."""

from okrs.cli import main

main()
