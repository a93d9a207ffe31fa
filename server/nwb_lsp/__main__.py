"""``python -m nwb_lsp`` runs the same command line as the ``nwb-lsp`` script."""

from nwb_lsp.cli import run

run()
