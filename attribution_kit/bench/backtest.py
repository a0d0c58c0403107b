"""Forecast backtest: forecast the open pipeline from several past as-of dates and compare
with what happened in the following 90 days (docs/forecast.md).

For one generated world (or --data-dir):
  - one build without an as-of time gives the outcomes (every opportunity's close and result);
  - one point-in-time build per as-of date (var attribution_as_of; default: the four quarter
    ends before the data's last event that still have 90 days of data after them) gives
    fct_opportunity_forecast as it stood then;
  - per as-of date: open deals, expected vs actual wins and bookings closing in the next 90
    days, and Brier scores of "won within 90 days" for the forecast (win_probability x
    close_within_90_days_probability) and two baselines:
      * rate, timed: the historical win rate of the deals closed by then (historical_win_rate,
        unweighted whatever the forecast's recency weighting), with
        the forecast's own close timing (isolates the win model);
      * rate: the historical win rate x the share of all deals that close within 90 days of
        creation (1 - S(90) of the time-to-close curve), no age, no features.
    The contract carries no CRM probability and no stage history (a deal's stage at a past
    as-of time is unknown), so a per-stage baseline cannot be fitted honestly: not reported.
  - a calibration table: deciles of the forecast probability over every as-of date pooled.
Writes backtest.csv, calibration.csv and backtest.md to --out; prints the Markdown.

Usage:
    python -m attribution_kit.bench.backtest --accounts 10000 --seed 7 --out target/backtest

Figures are printed, never asserted: this is a benchmark, not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import duckdb

PROJECT_DIR = Path(__file__).resolve().parent.parent.parent
SELECT = "+fct_opportunity_forecast +int_conversion_survival_curves"
HORIZON_DAYS = 90


def generate(accounts: int, world: str, seed: int, out: Path) -> None:
    command = [
        sys.executable, "-m", "attribution_kit.generate", "--accounts", str(accounts), "--seed", str(seed),
        "--world", world, "--out", str(out), "--quiet",
    ]  # fmt: skip
    subprocess.run(command, cwd=PROJECT_DIR, check=True)


def run_dbt(workdir: Path, data_dir: Path, variables: dict | None = None) -> None:
    """Build the forecast models (no tests) on one DuckDB file in `workdir`."""
    env = dict(
        os.environ,
        DBT_PROFILES_DIR=str(PROJECT_DIR),
        ATTRIBUTION_DATA_DIR=str(data_dir),
        ATTRIBUTION_DUCKDB_PATH=str(workdir / "backtest.duckdb"),
        DBT_USE_COLORS="false",
        DBT_SEND_ANONYMOUS_USAGE_STATS="false",
    )
    command = [
        str(Path(sys.executable).with_name("dbt")), "build", "--target", "dev",
        "--target-path", str(workdir / "target"), "--log-path", str(workdir / "logs"),
        "--select", *SELECT.split(), "--exclude-resource-type", "test", "unit_test",
    ]  # fmt: skip
    if variables:
        command += ["--vars", json.dumps(variables)]
    with open(workdir / "dbt.log", "a") as log:
        completed = subprocess.run(command, env=env, cwd=PROJECT_DIR, stdout=log, stderr=subprocess.STDOUT)
    if completed.returncode != 0:
        raise RuntimeError(f"dbt build failed ({variables}); see {workdir / 'dbt.log'}")


def quarter_ends_before(last: datetime, count: int) -> list[datetime]:
    """The `count` latest quarter ends (23:59:59) with HORIZON_DAYS of data after them, oldest first."""
    ends = []
    year, quarter = last.year, (last.month - 1) // 3 + 1
    while len(ends) < count:
        quarter -= 1
        if quarter == 0:
            year, quarter = year - 1, 4
        month = quarter * 3
        next_month = datetime(year + (month == 12), month % 12 + 1, 1)
        end = next_month - timedelta(seconds=1)
        if end + timedelta(days=HORIZON_DAYS) <= last:
            ends.append(end)
    return sorted(ends)


def collect(
    workdir: Path,
    data_dir: Path,
    as_of_dates: list[datetime] | None,
    count: int,
    variables: dict | None = None,
) -> duckdb.DuckDBPyConnection:
    """Run the builds; an in-memory DuckDB with tables outcomes and forecasts."""
    database = workdir / "backtest.duckdb"
    results = duckdb.connect()
    variables = variables or {}
    run_dbt(workdir, data_dir, variables)
    with duckdb.connect(str(database), read_only=True) as built:
        last = built.execute("select as_of_at from intermediate.int_attribution_as_of").fetchone()[0]
        outcomes = built.execute(
            "select opportunity_id, closed_at, is_won, amount from marts.dim_opportunities"
        ).df()
    results.register("outcomes_frame", outcomes)
    results.execute("create table outcomes as select * from outcomes_frame")
    dates = as_of_dates or quarter_ends_before(last, count)
    first = True
    for as_of in dates:
        run_dbt(workdir, data_dir, {**variables, "attribution_as_of": as_of.strftime("%Y-%m-%d %H:%M:%S")})
        with duckdb.connect(str(database), read_only=True) as built:
            forecast = built.execute(
                f"""
                select
                    cast('{as_of:%Y-%m-%d %H:%M:%S}' as timestamp) as as_of_at,
                    f.opportunity_id, f.amount, f.win_probability, f.close_within_90_days_probability,
                    f.historical_win_rate as overall_rate,
                    1 - coalesce((
                        select min(c.survival) from intermediate.int_conversion_survival_curves as c
                        where c.metric = 'opportunity_to_close' and c.dimension = 'all'
                            and c.duration_days <= {HORIZON_DAYS}
                    ), 1) as unconditional_close_90
                from marts.fct_opportunity_forecast as f
                """
            ).df()
        results.register("forecast_frame", forecast)
        verb = "create table forecasts as" if first else "insert into forecasts"
        results.execute(f"{verb} select * from forecast_frame")
        first = False
    return results


SCORED = f"""
    select
        f.*,
        f.win_probability * f.close_within_90_days_probability as q_model,
        f.overall_rate * f.close_within_90_days_probability as q_rate_timed,
        f.overall_rate * f.unconditional_close_90 as q_rate,
        case
            when o.is_won and o.closed_at <= f.as_of_at + interval {HORIZON_DAYS} day then 1 else 0
        end as won_90,
        o.closed_at is not null as closed_by_end,
        case when o.is_won then 1 else 0 end as won_by_end
    from forecasts as f
    inner join outcomes as o using (opportunity_id)
"""


def summarise(results: duckdb.DuckDBPyConnection) -> tuple[list[tuple], list[tuple]]:
    by_as_of = results.execute(
        f"""
        with scored as ({SCORED})
        select
            coalesce(strftime(as_of_at, '%Y-%m-%d'), 'all') as as_of_date,
            count(*) as open_opportunities,
            sum(q_model) as expected_wins_90d,
            sum(won_90) as actual_wins_90d,
            sum(q_model) / nullif(sum(won_90), 0) - 1 as wins_error,
            sum(q_model * amount) as expected_bookings_90d,
            sum(won_90 * amount) as actual_bookings_90d,
            avg(power(q_model - won_90, 2)) as brier_forecast,
            avg(power(q_rate_timed - won_90, 2)) as brier_rate_timed,
            avg(power(q_rate - won_90, 2)) as brier_rate,
            avg(case when closed_by_end then power(win_probability - won_by_end, 2) end)
                as brier_win_forecast,
            avg(case when closed_by_end then power(overall_rate - won_by_end, 2) end)
                as brier_win_rate
        from scored
        group by grouping sets ((as_of_at), ())
        order by as_of_at nulls last
        """
    ).fetchall()
    calibration = results.execute(
        f"""
        with scored as ({SCORED}),
        deciled as (
            select *, ntile(10) over (order by q_model, as_of_at, opportunity_id) as decile from scored
        )
        select decile, count(*), avg(q_model), avg(won_90), sum(q_model), sum(won_90)
        from deciled group by decile order by decile
        """
    ).fetchall()
    return by_as_of, calibration


BY_AS_OF_COLUMNS = [
    "as_of_date", "open_opportunities", "expected_wins_90d", "actual_wins_90d", "wins_error",
    "expected_bookings_90d", "actual_bookings_90d", "brier_forecast", "brier_rate_timed", "brier_rate",
    "brier_win_forecast", "brier_win_rate",
]  # fmt: skip
CALIBRATION_COLUMNS = ["decile", "deals", "mean_forecast", "actual_rate", "expected_wins", "actual_wins"]


def _cell(value: object, digits: int = 4) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:.{digits}f}"
    return str(value)


def markdown(by_as_of: list[tuple], calibration: list[tuple], command: str) -> str:
    lines = [
        f"`{command}`",
        "",
        "| " + " | ".join(BY_AS_OF_COLUMNS) + " |",
        "|" + "---|" * len(BY_AS_OF_COLUMNS),
    ]
    lines += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in by_as_of]
    lines += ["", "| " + " | ".join(CALIBRATION_COLUMNS) + " |", "|" + "---|" * len(CALIBRATION_COLUMNS)]
    lines += ["| " + " | ".join(_cell(v, 3) for v in row) + " |" for row in calibration]
    return "\n".join(lines) + "\n"


def write_csv(path: Path, columns: list[str], rows: list[tuple]) -> None:
    with open(path, "w") as handle:
        handle.write(",".join(columns) + "\n")
        for row in rows:
            handle.write(",".join("" if v is None else str(v) for v in row) + "\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--accounts", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--world", default="default")
    parser.add_argument("--data-dir", type=Path, help="raw files to use instead of generating a world")
    parser.add_argument("--as-of", nargs="*", default=None, help="as-of dates (YYYY-MM-DD HH:MM:SS)")
    parser.add_argument("--count", type=int, default=4, help="quarter ends when --as-of is not given")
    parser.add_argument("--out", type=Path, default=Path("target/backtest"))
    parser.add_argument(
        "--vars", type=json.loads, default=None,
        help='dbt vars (JSON) for every build, e.g. \'{"attribution_forecast_training_half_life_days": 90}\'',
    )  # fmt: skip
    args = parser.parse_args(argv)
    workdir = args.out.resolve()
    workdir.mkdir(parents=True, exist_ok=True)
    data_dir = args.data_dir
    if data_dir is None:
        data_dir = workdir / "data"
        generate(args.accounts, args.world, args.seed, data_dir)
    dates = [datetime.fromisoformat(d) for d in args.as_of] if args.as_of else None
    results = collect(workdir, data_dir.resolve(), dates, args.count, args.vars)
    by_as_of, calibration = summarise(results)
    write_csv(workdir / "backtest.csv", BY_AS_OF_COLUMNS, by_as_of)
    write_csv(workdir / "calibration.csv", CALIBRATION_COLUMNS, calibration)
    command = "python -m attribution_kit.bench.backtest " + " ".join(
        argv if argv is not None else sys.argv[1:]
    )
    text = markdown(by_as_of, calibration, command)
    (workdir / "backtest.md").write_text(text)
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
