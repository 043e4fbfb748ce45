"""The `fulcrum` console script.

`fulcrum serve` and `fulcrum themes` patch the standard library with gevent before
anything else is imported; the commands themselves live in server/commands.py.
"""

import sys


def main() -> None:
    if sys.argv[1:2] in (["serve"], ["themes"]):
        from gevent import monkey

        monkey.patch_all()
    from .commands import cli

    cli(prog_name="fulcrum")


if __name__ == "__main__":
    main()
