"""``python -m attribution_kit.generate``: the demo-data generator's command line."""

from attribution_kit.generate.cli import main

if __name__ == "__main__":
    main()
