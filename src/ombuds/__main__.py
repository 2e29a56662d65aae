"""``python -m ombuds``: the ``ombuds`` command (``ombuds serve`` starts its worker so)."""

from ombuds.cli import main

main(prog_name="ombuds")
