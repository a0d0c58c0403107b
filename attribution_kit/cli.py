"""The ``attribution-kit`` command (pyproject.toml [project.scripts]): one entry point whose
subcommands run the kit's modules, as ``python -m attribution_kit.<module>`` does.

    attribution-kit generate --accounts 2000 --seed 7 --out data/demo
    attribution-kit summary --database target/attribution.duckdb
    attribution-kit report --database target/attribution.duckdb --out reports/attribution_report.html
    attribution-kit bench build --accounts 2000      (bench truth: the planted-truth benchmark)
    attribution-kit compare-engines --duckdb target/attribution_test.duckdb --spark-dir target/spark
    attribution-kit diff --base HEAD~1

``attribution-kit <subcommand> --help`` shows the subcommand's options. A module is imported
only when its subcommand runs.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Sequence

# subcommand -> (module whose main(argv) runs it, what it does)
COMMANDS = {
    "generate": ("attribution_kit.generate.cli", "write the demo data and its planted truth"),
    "summary": ("attribution_kit.summary", "print what a build produced"),
    "report": ("attribution_kit.report.cli", "write the HTML report of a build"),
    "bench build": ("attribution_kit.bench.build", "time, memory and file sizes of the dbt build"),
    "bench truth": ("attribution_kit.bench.truth", "the attribution models against the planted truth"),
    "bench backtest": ("attribution_kit.bench.backtest", "the forecast from past as-of dates vs outcomes"),
    "compare-engines": ("attribution_kit.compare_engines", "compare the DuckDB and Spark builds"),
    "diff": ("attribution_kit.diff.__main__", "compare the marts of two git refs"),
}


def usage() -> str:
    lines = ["usage: attribution-kit <subcommand> [options]", "", "subcommands:"]
    lines += [f"  {name:<16} {about}" for name, (_, about) in COMMANDS.items()]
    return "\n".join(lines)


def resolve(args: list[str]) -> tuple[str, list[str]] | None:
    """The subcommand the arguments name (bench takes a second word) and the rest, or None."""
    if not args:
        return None
    if args[0] == "bench" and len(args) > 1:
        name, rest = f"bench {args[1]}", args[2:]
    else:
        name, rest = args[0], args[1:]
    return (name, rest) if name in COMMANDS else None


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] in (["-h"], ["--help"]):
        print(usage())
        return 0
    found = resolve(args)
    if found is None:
        print(usage(), file=sys.stderr)
        return 2
    name, rest = found
    module = importlib.import_module(COMMANDS[name][0])
    return module.main(rest) or 0


if __name__ == "__main__":
    sys.exit(main())
