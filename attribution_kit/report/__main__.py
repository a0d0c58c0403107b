"""``python -m attribution_kit.report``: the HTML report of a build."""

import sys

from attribution_kit.report.cli import main

if __name__ == "__main__":
    sys.exit(main())
