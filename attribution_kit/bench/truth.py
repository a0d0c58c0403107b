"""Planted-truth benchmark: how close each attribution model gets to the generator's truth.

For every size and world: generate the demo data (`attribution_kit.generate`, which
writes ground_truth_channel_effects.csv with each channel's counterfactual
`true_share`, SPEC section 7), run `dbt build`, then score every attribution model
of `marts.rpt_attribution_model_comparison` by its channel shares of WON deals
(attributed_won_opportunities: the sum of attribution weights over won
opportunities, per channel, over the model's total) against true_share:

- total absolute error: sum over channels of |share - true_share| (0 is perfect, 2 the worst);
- Spearman rank correlation of share and true_share over the channels.

The `(unattributed)` row (won opportunities with an empty journey, the same in
every model) is left out of the shares, so they are shares among channels, like
the truth. A channel a model never credits has share 0; a channel the truth does
not know (e.g. `other`) has true_share 0. The global channel tables are scored
too: Markov removal_effect_share, the Shapley attributed_conversions share and the
incremental expected_incremental_wins share (rpt_incremental_channel_attribution).
The held-out AUC of the incremental and markov models (rpt_data_driven_model_fit)
is printed with each world.

Then, with --timing-opportunities, the Markov and Shapley models of both engines
and the incremental model's nodes are timed at about that many opportunities (execution times from dbt's
run_results.json; peak resident memory of each dbt process), next to
ChannelAttribution's markov_model (test-only peer, see requirements-test.txt) on
the same paths, exported from the built DuckDB.

With --fit-timing-opportunities, the incremental model's fit (the function of its dbt
Python model) is timed alone on the generator's journeys of about that many
opportunities.

Usage:
    python -m attribution_kit.bench.truth --sizes 2000 10000 \\
        --worlds default frequent_useless interactions --timing-opportunities 100000
    python -m attribution_kit.bench.truth --sizes --timing-opportunities 0 \\
        --fit-timing-opportunities 100000

Figures are printed, never asserted: this is a benchmark, not a test.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np

PROJECT_DIR = Path(__file__).resolve().parent.parent
UNATTRIBUTED = "(unattributed)"
ENGINES = ("sql", "python")
# Opportunities per account of the generator (about 1.5); only used to size the timing run.
OPPORTUNITIES_PER_ACCOUNT = 1.52
DATA_DRIVEN_SELECTION = (
    "path:models/intermediate/markov path:models/intermediate/shapley "
    "rpt_markov_channel_attribution rpt_shapley_channel_attribution"
)
# The incremental model (one engine: its fit is a dbt Python model, the rest SQL).
INCREMENTAL_SELECTION = (
    "path:models/intermediate/counterfactual rpt_incremental_channel_attribution rpt_data_driven_model_fit"
)

# --------------------------------------------------------------------------- running things


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_rss_mb: float
    returncode: int


def run_measured(command: list[str], env: dict[str, str], log: Path | None = None) -> Run:
    """Run a command; wall time and the peak resident memory of that process (and its waited children)."""
    started = time.perf_counter()
    with open(log or os.devnull, "w") as output:
        process = subprocess.Popen(command, env=env, cwd=PROJECT_DIR, stdout=output, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    return Run(time.perf_counter() - started, usage.ru_maxrss / 1024, process.returncode)


def generate(accounts: int, world: str, seed: int, out: Path) -> Run:
    shutil.rmtree(out, ignore_errors=True)
    command = [
        sys.executable, "-m", "attribution_kit.generate", "--accounts", str(accounts), "--seed", str(seed),
        "--world", world, "--out", str(out), "--quiet", "--format", "parquet",
    ]  # fmt: skip
    result = run_measured(command, dict(os.environ))
    if result.returncode != 0:
        raise RuntimeError(f"generate failed: {' '.join(command)}")
    return result


class Dbt:
    """dbt on one DuckDB file and one target path (so dbt parses the project once)."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.database = workdir / "bench.duckdb"
        self.target = workdir / "target"
        self.logs = workdir / "logs"

    def __call__(
        self,
        verb: str,
        data_dir: Path,
        variables: dict | None = None,
        select: str | None = None,
        threads: int | None = None,
    ) -> Run:
        env = dict(
            os.environ,
            DBT_PROFILES_DIR=str(PROJECT_DIR),
            ATTRIBUTION_DATA_DIR=str(data_dir),
            ATTRIBUTION_DUCKDB_PATH=str(self.database),
            DBT_USE_COLORS="false",
            DBT_SEND_ANONYMOUS_USAGE_STATS="false",
        )
        command = [
            str(Path(sys.executable).with_name("dbt")), verb, "--target", "dev",
            "--target-path", str(self.target), "--log-path", str(self.logs),
        ]  # fmt: skip
        if variables:
            command += ["--vars", json.dumps(variables)]
        if select:
            command += ["--select", *select.split()]
        if threads:
            command += ["--threads", str(threads)]
        return run_measured(command, env, self.workdir / f"dbt_{verb}.log")

    def node_times(self) -> dict[str, float]:
        results = json.loads((self.target / "run_results.json").read_text())["results"]
        return {
            r["unique_id"].split(".")[-1]: float(r["execution_time"])
            for r in results
            if r["unique_id"].startswith("model.")
        }

    def connect(self) -> duckdb.DuckDBPyConnection:
        return duckdb.connect(str(self.database), read_only=True)


# --------------------------------------------------------------------------- scoring


def read_truth(data_dir: Path) -> dict[str, float]:
    with open(data_dir / "ground_truth_channel_effects.csv", newline="") as handle:
        return {row["channel"]: float(row["true_share"]) for row in csv.DictReader(handle)}


def _normalise(credits: dict[str, float]) -> dict[str, float]:
    total = sum(credits.values())
    return {channel: (value / total if total else 0.0) for channel, value in credits.items()}


def model_won_shares(con: duckdb.DuckDBPyConnection) -> dict[str, dict[str, float]]:
    """Per attribution model: each channel's share of the won deals' attribution weight."""
    rows = con.execute(
        """
        select attribution_model, channel, sum(attributed_won_opportunities)
        from marts.rpt_attribution_model_comparison
        where channel <> ?
        group by attribution_model, channel
        """,
        [UNATTRIBUTED],
    ).fetchall()
    credits: dict[str, dict[str, float]] = {}
    for model, channel, won in rows:
        credits.setdefault(model, {})[channel] = float(won or 0.0)
    return {model: _normalise(by_channel) for model, by_channel in credits.items()}


def table_shares(con: duckdb.DuckDBPyConnection) -> dict[str, dict[str, float]]:
    """The global channel tables' own shares (SPEC section 5)."""
    shares = {}
    markov = con.execute("select channel, removal_effect_share from marts.rpt_markov_channel_attribution")
    shares["markov table (removal_effect_share)"] = {c: float(s) for c, s in markov.fetchall()}
    shapley = con.execute("select channel, attributed_conversions from marts.rpt_shapley_channel_attribution")
    shares["shapley table (attributed_conversions)"] = _normalise(
        {c: float(v) for c, v in shapley.fetchall()}
    )
    incremental = con.execute(
        "select channel, expected_incremental_wins from marts.rpt_incremental_channel_attribution"
    )
    shares["incremental table (expected_incremental_wins)"] = _normalise(
        {c: float(v) for c, v in incremental.fetchall()}
    )
    return shares


def _ranks(values: np.ndarray) -> np.ndarray:
    """Ranks 1..n, ties get their average rank."""
    order = np.argsort(values, kind="mergesort")
    ranks = np.empty(len(values))
    sorted_values = values[order]
    i = 0
    while i < len(values):
        j = i
        while j + 1 < len(values) and sorted_values[j + 1] == sorted_values[i]:
            j += 1
        ranks[order[i : j + 1]] = (i + j) / 2 + 1
        i = j + 1
    return ranks


def spearman(a: np.ndarray, b: np.ndarray) -> float:
    """Spearman's rho: Pearson correlation of the (average-tie) ranks; nan when a side is constant."""
    try:
        from scipy.stats import spearmanr
    except ImportError:
        ra, rb = _ranks(a), _ranks(b)
        if ra.std() == 0 or rb.std() == 0:
            return math.nan
        return float(np.corrcoef(ra, rb)[0, 1])
    if np.all(a == a[0]) or np.all(b == b[0]):
        return math.nan
    return float(spearmanr(a, b).statistic)


def score(shares: dict[str, float], truth: dict[str, float]) -> tuple[float, float]:
    channels = sorted(truth.keys() | shares.keys())
    model = np.array([shares.get(c, 0.0) for c in channels])
    true = np.array([truth.get(c, 0.0) for c in channels])
    return float(np.abs(model - true).sum()), spearman(model, true)


def print_scores(title: str, scores: list[tuple[str, float, float]]) -> None:
    print(f"\n{title}")
    print(f"  {'model':<42}{'abs error':>10}{'spearman':>10}")
    for model, error, rho in sorted(scores, key=lambda item: item[1]):
        print(f"  {model:<42}{error:>10.3f}{rho:>10.3f}")


def truth_scores(dbt: Dbt, accounts: int, world: str, seed: int) -> None:
    data_dir = dbt.workdir / f"data_{world}_{accounts}"
    generate(accounts, world, seed, data_dir)
    dbt.database.unlink(missing_ok=True)
    build = dbt("build", data_dir)
    truth = read_truth(data_dir)
    with dbt.connect() as con:
        opportunities, won = con.execute(
            "select count(*), count(*) filter (where is_won) from marts.dim_opportunities"
        ).fetchone()
        shares = {**model_won_shares(con), **table_shares(con)}
        fit = con.execute(
            "select attribution_model, holdout_auc from marts.rpt_data_driven_model_fit order by 1"
        ).fetchall()
    scores = [(model, *score(model_shares, truth)) for model, model_shares in shares.items()]
    status = (
        ""
        if build.returncode == 0
        else f", dbt build exit {build.returncode} (see {dbt.workdir}/dbt_build.log)"
    )
    print_scores(
        f"accounts={accounts:,} world={world} seed={seed}: {opportunities:,} opportunities, {won:,} won; "
        f"dbt build {build.seconds:.0f} s{status}",
        scores,
    )
    aucs = ", ".join(f"{model} {'-' if auc is None else f'{auc:.3f}'}" for model, auc in fit)
    print(f"  held-out AUC: {aucs}")
    shutil.rmtree(data_dir, ignore_errors=True)


# --------------------------------------------------------------------------- timing


def export_paths(con: duckdb.DuckDBPyConnection, out: Path) -> int:
    """The training paths of the built project, grouped: path ('>'-joined), conversions, nulls."""
    con.execute(
        f"""
        copy (
            with paths as (
                select
                    opportunity_id,
                    any_value(is_converted) as is_converted,
                    string_agg(channel, '>' order by step_number) as path
                from intermediate.int_journey_steps_collapsed
                where is_training
                group by opportunity_id
            )
            select
                path,
                count(*) filter (where is_converted) as conversions,
                count(*) filter (where not is_converted) as nulls
            from paths
            group by path
            order by path
        ) to '{out}' (format parquet)
        """
    )
    return con.execute(f"select count(*) from '{out}'").fetchone()[0]


def run_channel_attribution(paths_file: str, result_file: str) -> None:
    """Entry point of the ChannelAttribution subprocess (so its memory is measured alone)."""
    import contextlib
    import io

    import pandas as pd

    with contextlib.redirect_stdout(io.StringIO()):
        import ChannelAttribution as ca

        data = pd.read_parquet(paths_file)
        started = time.perf_counter()
        result = ca.markov_model(
            data, "path", "conversions", var_null="nulls", order=1, max_step=1000, out_more=True,
            verbose=False, flg_pro=False,
        )  # fmt: skip
        seconds = time.perf_counter() - started
    effects = result["removal_effects"]
    Path(result_file).write_text(
        json.dumps(
            {
                "seconds": seconds,
                "removal_effects": dict(
                    zip(effects.channel_name, map(float, effects.removal_effect), strict=True)
                ),
            }
        )
    )


def engine_nodes(dbt: Dbt, timed: set[str]) -> dict[str, set[str]]:
    """Which timed nodes make up each engine, from the manifest's dependency graph.

    Both engines' models are built in every run (the vars only choose which one
    feeds the marts). python: the dbt Python models (`*_py`) plus the timed nodes
    they read from and the two marts; sql: every timed node that is not a Python model.
    """
    manifest = json.loads((dbt.target / "manifest.json").read_text())
    parents = {
        node["name"]: {parent.split(".")[-1] for parent in node.get("depends_on", {}).get("nodes", [])}
        for node in manifest["nodes"].values()
        if node["name"] in timed
    }
    python = {name for name in timed if name.endswith("_py")}
    frontier = set(python)
    while frontier:
        frontier = {p for name in frontier for p in parents.get(name, ()) if p in timed} - python
        python |= frontier
    python |= {name for name in timed if name.startswith("rpt_")}
    return {"sql": {name for name in timed if not name.endswith("_py")}, "python": python}


def exact_removal_effects(paths_file: Path) -> dict[str, float] | None:
    """The independent exact oracle of the tests (attribution_kit.oracles) on the same paths."""
    from attribution_kit.oracles.data_driven import markov_removal_effects

    with duckdb.connect() as con:
        rows = con.execute(f"select path, conversions, nulls from '{paths_file}'").fetchall()
    return markov_removal_effects([(path.split(">"), int(c), int(n)) for path, c, n in rows])


def timing(dbt: Dbt, opportunities: int, seed: int, reuse: bool = False) -> None:
    accounts = max(1, round(opportunities / OPPORTUNITIES_PER_ACCOUNT))
    data_dir = dbt.workdir / "data_timing"
    if not (reuse and dbt.database.exists() and data_dir.exists()):
        generated = generate(accounts, "default", seed, data_dir)
        dbt.database.unlink(missing_ok=True)
        if dbt("seed", data_dir).returncode != 0:
            raise RuntimeError(f"dbt seed failed, see {dbt.workdir}/dbt_seed.log")
        upstream = dbt(
            "run",
            data_dir,
            select=" ".join(f"+{s}" for s in (DATA_DRIVEN_SELECTION + " " + INCREMENTAL_SELECTION).split()),
        )
        if upstream.returncode != 0:
            raise RuntimeError(f"dbt run failed, see {dbt.workdir}/dbt_run.log")
        print(
            f"\ntiming data: accounts={accounts:,} (generate {generated.seconds:.0f} s; dbt seed + run of "
            f"everything upstream {upstream.seconds:.0f} s, peak RSS {upstream.peak_rss_mb:,.0f} MB)"
        )
    paths_file = dbt.workdir / "paths.parquet"
    with dbt.connect() as con:
        n_opportunities = con.execute(
            "select count(*) from intermediate.int_opportunities_prepared"
        ).fetchone()[0]
        n_touchpoints = con.execute(
            "select count(*) from intermediate.int_journey_touchpoints_ordered"
        ).fetchone()[0]
        n_paths = export_paths(con, paths_file)
    print(
        f"timing: {n_opportunities:,} opportunities, {n_touchpoints:,} journey touches, "
        f"{n_paths:,} distinct training paths (order 1)"
    )
    # Both engines' models are built by any run of the selection (the vars only choose
    # which feeds the marts): one run to learn the nodes, then each engine's nodes alone
    # on one thread, so wall time and peak memory are that engine's.
    dbt("run", data_dir, select=DATA_DRIVEN_SELECTION)
    nodes_by_engine = engine_nodes(dbt, set(dbt.node_times()))
    mart_effects = {}
    for engine in ENGINES:
        variables = {"attribution_markov_engine": engine, "attribution_shapley_engine": engine}
        print(f"  engine={engine} (its own nodes only, one thread):")
        for family in ("markov", "shapley"):
            nodes = sorted(name for name in nodes_by_engine[engine] if family in name)
            run = dbt("run", data_dir, variables=variables, select=" ".join(nodes), threads=1)
            times = dbt.node_times()
            detail = ", ".join(
                f"{name} {seconds:.2f}" for name, seconds in sorted(times.items(), key=lambda i: -i[1])
            )
            print(
                f"    {family:<8}{sum(times.values()):7.2f} s in models, {run.seconds:5.1f} s wall, "
                f"peak RSS {run.peak_rss_mb:,.0f} MB, exit {run.returncode} ({detail})"
            )
        with dbt.connect() as con:
            mart_effects[engine] = dict(
                con.execute(
                    "select channel, removal_effect from marts.rpt_markov_channel_attribution"
                ).fetchall()
            )
    run = dbt("run", data_dir, select=INCREMENTAL_SELECTION, threads=1)
    times = dbt.node_times()
    slowest = sorted(times.items(), key=lambda item: -item[1])
    detail = ", ".join(f"{name} {seconds:.2f}" for name, seconds in slowest)
    print(
        f"  incremental (its own nodes only, one thread): {sum(times.values()):.2f} s in models, "
        f"{run.seconds:.1f} s wall, peak RSS {run.peak_rss_mb:,.0f} MB, exit {run.returncode} ({detail})"
    )
    result_file = dbt.workdir / "channel_attribution.json"
    peer = run_measured(
        [
            sys.executable,
            "-c",
            "import sys; from attribution_kit.bench.truth import run_channel_attribution; "
            "run_channel_attribution(sys.argv[1], sys.argv[2])",
            str(paths_file),
            str(result_file),
        ],
        dict(os.environ),
    )
    exact = exact_removal_effects(paths_file)
    if peer.returncode != 0:
        print("  ChannelAttribution: not installed or failed (pip install -r requirements-test.txt)")
    else:
        result = json.loads(result_file.read_text())
        print(
            f"  ChannelAttribution markov_model (order 1, nsim_start 1e5, max_step 1000, 1 thread): "
            f"{result['seconds']:.1f} s, process peak RSS {peer.peak_rss_mb:,.0f} MB"
        )
    for engine in ENGINES:
        for name, reference in (
            ("ChannelAttribution", result["removal_effects"] if peer.returncode == 0 else None),
            ("exact oracle", exact),
        ):
            if reference is None:
                continue
            common = reference.keys() & mart_effects[engine].keys()
            worst = max((abs(reference[c] - mart_effects[engine][c]) for c in common), default=0.0)
            print(f"    max |RE({name}) - RE(mart, {engine})| = {worst:.2e} over {len(common)} channels")
    if not reuse:
        shutil.rmtree(data_dir, ignore_errors=True)


# --------------------------------------------------------------------------- incremental fit timing


def load_fit_module():
    """The incremental model's fit (a dbt Python model file), imported as a module."""
    import importlib.util

    path = PROJECT_DIR / "models/intermediate/counterfactual/int_incremental_coefficients_fitted.py"
    spec = importlib.util.spec_from_file_location("int_incremental_coefficients_fitted", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def incremental_fit_timing(opportunities: int, seed: int) -> None:
    """Time the incremental fit (both samples, penalised and unpenalised, standard errors)
    on the generator's journeys of about that many opportunities, as the dbt Python model
    receives them (one row per training opportunity x channel of its journey)."""
    import pyarrow as pa

    from attribution_kit import generate

    accounts = max(1, round(opportunities / OPPORTUNITIES_PER_ACCOUNT))
    started = time.perf_counter()
    ds = generate.build_dataset(
        accounts, seed, generate.WORLDS["default"], generate.parse_as_of(generate.DEFAULT_AS_OF), True, None
    )
    opps = ds.opportunities
    closed = np.flatnonzero(opps.is_closed & opps.exposed.any(axis=1))
    rows, channels = np.nonzero(opps.exposed[closed])
    opportunity = closed[rows]
    type_names = np.array(["new_business", "expansion", "renewal"])
    features = pa.table(
        {
            "opportunity_id": pa.array(opportunity.astype(str)),
            "channel": pa.array(np.array(generate.CHANNELS)[channels]),
            "opportunity_type": pa.array(type_names[opps.type[opportunity]]),
            "is_converted": pa.array(opps.is_won[opportunity]),
            "is_holdout": pa.array(opportunity % 4 == 0),
        }
    )
    prepared = time.perf_counter() - started
    fit = load_fit_module()
    started = time.perf_counter()
    with fit.threadpool_limits(limits=1):  # as in the dbt model
        table = fit.coefficients_table(features, 1.0)
    seconds = time.perf_counter() - started
    print(
        f"\nincremental fit: {len(opps):,} opportunities ({closed.size:,} training, {features.num_rows:,} "
        f"opportunity x channel rows; data drawn in {prepared:.0f} s): coefficients_table {seconds:.2f} s "
        f"for {table.num_rows} rows (samples all and training, penalised and unpenalised fits, "
        f"standard errors)"
    )


# --------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m attribution_kit.bench.truth", description=__doc__.splitlines()[0]
    )
    parser.add_argument(
        "--sizes", type=int, nargs="*", default=[2000], help="numbers of accounts (none: timing only)"
    )
    parser.add_argument(
        "--worlds", nargs="+", default=["default", "frequent_useless", "interactions"], help="planted worlds"
    )
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--timing-opportunities", type=int, default=100_000, help="opportunities of the timing run (0: skip)"
    )
    parser.add_argument(
        "--fit-timing-opportunities",
        type=int,
        default=0,
        help="time the incremental model's fit alone at about this many opportunities (0: skip)",
    )
    parser.add_argument(
        "--workdir", type=Path, default=None, help="where data and databases go (default: temp)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    parser.add_argument(
        "--timing-reuse", action="store_true", help="reuse the timing data and database kept in --workdir"
    )
    args = parser.parse_args(argv)

    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="attribution_truth_"))
    workdir.mkdir(parents=True, exist_ok=True)
    dbt = Dbt(workdir)
    print(f"planted-truth benchmark on {os.cpu_count()} cores; work folder {workdir}")
    try:
        for accounts in args.sizes:
            for world in args.worlds:
                truth_scores(dbt, accounts, world, args.seed)
        if args.timing_opportunities:
            timing(dbt, args.timing_opportunities, args.seed, reuse=args.timing_reuse)
        if args.fit_timing_opportunities:
            incremental_fit_timing(args.fit_timing_opportunities, args.seed)
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
