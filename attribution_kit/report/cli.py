"""Command line of ``python -m attribution_kit.report``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import duckdb

from attribution_kit.report.data import DEFAULT_ROI_MODEL
from attribution_kit.report.loaders import load_report_data
from attribution_kit.report.page import render_report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m attribution_kit.report",
        description="Build the static HTML attribution report from the marts.")
    parser.add_argument("--database", default="target/attribution.duckdb", help="DuckDB file built by dbt")
    parser.add_argument("--out", default="reports/attribution_report.html", help="HTML file to write")
    parser.add_argument("--roi-model", default=DEFAULT_ROI_MODEL, help="model shown first in the ROI chart")
    parser.add_argument("--backtest-calibration", type=Path, default=None,
        help="calibration.csv of python -m attribution_kit.bench.backtest (the forecast's calibration plot)")
    args = parser.parse_args(argv)
    database = Path(args.database)
    if not database.exists():
        print(f"No build at {database}: run `make demo` first.", file=sys.stderr)
        return 1
    con = duckdb.connect(str(database), read_only=True)
    try:
        data = load_report_data(con, roi_model=args.roi_model, backtest_calibration=args.backtest_calibration)
    finally:
        con.close()
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render_report(data), encoding="utf-8")
    print(f"Attribution report: {out.resolve()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
