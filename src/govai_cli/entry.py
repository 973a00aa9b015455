"""The console script ``govai``: the version at once, everything else through the CLI."""

from __future__ import annotations

import sys

from . import __version__


def main() -> None:
    """Entry point: ``govai --version`` needs none of the commands' modules, so it loads none."""
    if sys.argv[1:] == ["--version"]:
        sys.stdout.write(f"govai {__version__}\n")
        return
    from . import cli  # the commands and what they share (~35 ms of imports): all but --version

    cli.main()
