"""``python -m hukou``: the same as the ``hukou`` command."""

from hukou.cli import main

main()
