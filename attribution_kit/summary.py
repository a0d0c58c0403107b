"""Print what a build produced: rows per layer, the input loss summary, and
revenue by channel under every attribution model.

Usage: python -m attribution_kit.summary --database target/attribution.duckdb
Opens the DuckDB file read-only.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import duckdb

from attribution_kit.attribution_models import display_order_key, load_attribution_models

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


def input_losses(con: duckdb.DuckDBPyConnection) -> tuple[list[tuple], list[tuple]]:
    """The loss summary (marts.rpt_input_losses): per raw table, then per rejected or flagged reason."""
    tables = con.execute(
        """
        select
            source_table,
            max(table_row_count),
            sum(row_count) filter (where severity = 'accepted'),
            sum(row_count) filter (where severity = 'rejected'),
            max(table_rejected_share),
            sum(row_count) filter (where severity = 'flagged'),
            bool_or(exceeds_max_rejected_share)
        from marts.rpt_input_losses
        group by source_table
        order by source_table
        """
    ).fetchall()
    reasons = con.execute(
        """
        select source_table, severity, reason, root_cause_table, root_cause_reason, row_count, example_keys
        from marts.rpt_input_losses
        where severity <> 'accepted'
        order by source_table, severity desc, row_count desc, reason
        """
    ).fetchall()
    return tables, reasons


def render_input_losses(tables: list[tuple], reasons: list[tuple]) -> str:
    lines = [f"  {'table':<27}{'raw':>9}{'accepted':>10}{'rejected':>10}{'share':>8}{'flagged':>9}"]
    for table, raw, accepted, rejected, share, flagged, over in tables:
        counts = f"{raw:>9,}{accepted or 0:>10,}{rejected or 0:>10,}{(share or 0):>8.2%}{flagged or 0:>9,}"
        lines.append(f"  {table:<27}{counts}" + ("  over attribution_max_rejected_share" if over else ""))
    for table, severity, reason, root_table, root_reason, rows, examples in reasons:
        is_own = (root_table, root_reason) == (table, reason)
        cause = "" if is_own else f" (root cause: {root_table} {root_reason})"
        lines.append(f"  {severity}: {table} {reason}{cause}: {rows:,}, e.g. {examples}")
    if not reasons:
        lines.append("  no row rejected or flagged")
    return "\n".join(lines)


def comparison_pivot(con: duckdb.DuckDBPyConnection, measure: str = "attributed_revenue"):
    """Revenue by channel (rows) under every model (columns), in model order."""
    models = [
        row[0]
        for row in con.execute(
            "select distinct attribution_model from marts.rpt_attribution_model_comparison"
        ).fetchall()
    ]
    models.sort(key=display_order_key(load_attribution_models(con)))
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


def render_comparison(models, channels, table, short_labels: dict[str, str] | None = None) -> str:
    """The pivot as text; a column is headed by the model's short label (seeds.attribution_models)."""
    short = short_labels or {}
    width = max([len(c) for c in channels] + [7])
    header = "channel".ljust(width) + "".join(short.get(m, m[:7]).rjust(8) for m in models)
    lines = [header, "-" * len(header)]
    for channel in channels:
        cells = "".join(format_money(table[channel].get(m, 0.0)).rjust(8) for m in models)
        lines.append(channel.ljust(width) + cells)
    totals = "".join(format_money(sum(table[c].get(m, 0.0) for c in channels)).rjust(8) for m in models)
    lines.append("-" * len(header))
    lines.append("total".ljust(width) + totals)
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m attribution_kit.summary", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--database", default="target/attribution.duckdb")
    args = parser.parse_args(argv)
    if not Path(args.database).exists():
        print(f"No build at {args.database}: run `make demo` first.", file=sys.stderr)
        return 1
    con = duckdb.connect(args.database, read_only=True)

    print("\nRows per layer")
    for schema, table, rows in layer_row_counts(con):
        print(f"  {schema:<13}{table:<48}{rows:>12,}")

    print("\nInput rows: raw = accepted + rejected; flagged rows are kept (docs/data_quality.md)")
    print(render_input_losses(*input_losses(con)))

    models, channels, table = comparison_pivot(con)
    print("\nWon revenue by channel under every attribution model (reporting currency)")
    short_labels = {model.name: model.short_label for model in load_attribution_models(con)}
    print(render_comparison(models, channels, table, short_labels))
    return 0


if __name__ == "__main__":
    sys.exit(main())
