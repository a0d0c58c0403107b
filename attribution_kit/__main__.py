"""``python -m attribution_kit <subcommand>``: the same as the ``attribution-kit`` command."""

import sys

from attribution_kit.cli import main

if __name__ == "__main__":
    sys.exit(main())
