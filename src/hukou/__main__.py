"""``python -m hukou``: the same as the ``hukou`` command."""

from hukou.front.cli import main

main()
