"""Print what a build produced: rows per layer, rejected rows by reason, and
revenue by channel under every attribution model.

Usage: python -m attribution_kit.summary --database target/attribution.duckdb
Opens the DuckDB file read-only.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import duckdb

LAYERS = ("staging", "intermediate", "marts")


def layer_row_counts(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str, int]]:
    tables = con.execute(
        """
        select table_schema, table_name
        from information_schema.tables
        where table_schema in ('staging', 'intermediate', 'marts')
        order by table_schema, table_name
        """
    ).fetchall()
    counts = []
    for schema, table in tables:
        (rows,) = con.execute(f'select count(*) from "{schema}"."{table}"').fetchone()
        counts.append((schema, table, rows))
    return counts


def rejected_by_reason(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str, int]]:
    return con.execute(
        """
        select source_table, rejection_reason, count(*) as rows
        from staging.stg_input__rejected_rows
        group by 1, 2
        order by 1, 3 desc, 2
        """
    ).fetchall()


def comparison_pivot(con: duckdb.DuckDBPyConnection, measure: str = "attributed_revenue"):
    """Revenue by channel (rows) under every model (columns), in model order."""
    models = [
        row[0]
        for row in con.execute(
            "select distinct attribution_model from marts.rpt_attribution_model_comparison"
        ).fetchall()
    ]
    order = [
        "first_touch", "lead_creation", "opportunity_creation", "last_touch", "last_non_direct",
        "linear", "position_based", "j_shaped", "inverse_j", "u_shaped", "w_shaped", "full_path",
        "time_decay", "markov", "shapley", "incremental",
    ]
    models.sort(key=lambda name: (order.index(name) if name in order else len(order), name))
    rows = con.execute(
        f"""
        select channel, attribution_model, sum({measure})
        from marts.rpt_attribution_model_comparison
        group by 1, 2
        """
    ).fetchall()
    table: dict[str, dict[str, float]] = {}
    for channel, model, value in rows:
        table.setdefault(channel, {})[model] = value or 0.0
    channels = sorted(table, key=lambda c: -max(table[c].values()))
    return models, channels, table


def format_money(value: float) -> str:
    if abs(value) >= 1e6:
        return f"{value / 1e6:.2f}M"
    if abs(value) >= 1e3:
        return f"{value / 1e3:.1f}k"
    return f"{value:.0f}"


def render_comparison(models, channels, table) -> str:
    short = {
        "first_touch": "first", "lead_creation": "lead", "opportunity_creation": "opp",
        "last_touch": "last", "last_non_direct": "lnd", "linear": "linear",
        "position_based": "posit", "j_shaped": "j", "inverse_j": "inv_j", "u_shaped": "u",
        "w_shaped": "w", "full_path": "full", "time_decay": "decay", "incremental": "incr",
    }
    width = max([len(c) for c in channels] + [7])
    header = "channel".ljust(width) + "".join(short.get(m, m[:7]).rjust(8) for m in models)
    lines = [header, "-" * len(header)]
    for channel in channels:
        cells = "".join(format_money(table[channel].get(m, 0.0)).rjust(8) for m in models)
        lines.append(channel.ljust(width) + cells)
    totals = "".join(
        format_money(sum(table[c].get(m, 0.0) for c in channels)).rjust(8) for m in models
    )
    lines.append("-" * len(header))
    lines.append("total".ljust(width) + totals)
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default="target/attribution.duckdb")
    args = parser.parse_args(argv)
    if not Path(args.database).exists():
        print(f"No build at {args.database}: run `make demo` first.", file=sys.stderr)
        return 1
    con = duckdb.connect(args.database, read_only=True)

    print("\nRows per layer")
    for schema, table, rows in layer_row_counts(con):
        print(f"  {schema:<13}{table:<48}{rows:>12,}")

    print("\nRejected raw rows by reason")
    rejected = rejected_by_reason(con)
    if not rejected:
        print("  none")
    for table, reason, rows in rejected:
        print(f"  {table:<28}{reason:<40}{rows:>8,}")

    models, channels, table = comparison_pivot(con)
    print("\nWon revenue by channel under every attribution model (reporting currency)")
    print(render_comparison(models, channels, table))
    return 0


if __name__ == "__main__":
    sys.exit(main())
