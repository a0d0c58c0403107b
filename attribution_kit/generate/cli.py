"""Command line of ``python -m attribution_kit.generate``."""

from __future__ import annotations

import argparse
import math
import resource
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
from tqdm import tqdm

from attribution_kit.generate.dataset import BUILD_STEPS, accounts_for_target, build_dataset
from attribution_kit.generate.draws import parse_as_of
from attribution_kit.generate.records import Dataset, TableSpec
from attribution_kit.generate.shapes.contract import table_specs
from attribution_kit.generate.vocabulary import COLUMN_CONVENTIONS, DEFAULT_AS_OF, N_CHANNELS, SHAPES
from attribution_kit.generate.world import WORLDS
from attribution_kit.generate.writers import write_table, write_truth


@dataclass(frozen=True)
class Config:
    out: Path
    accounts: int = 2000
    seed: int = 7
    fmt: str = "csv"
    world: str = "default"
    target_touchpoints: int | None = None
    as_of: str = DEFAULT_AS_OF
    dirty: bool = True
    quiet: bool = False
    shape: str = "contract"
    column_convention: str = "fivetran"
    web_touchpoints: bool = False


def shape_specs(ds: Dataset, config: Config) -> list[tuple[TableSpec, pa.Schema | None]]:
    """The files of the chosen shape: chunk builders and schemas (None: the contract's)."""
    if config.shape == "salesforce":
        from attribution_kit.generate.shapes.salesforce import salesforce_specs

        return salesforce_specs(ds, config.column_convention, config.web_touchpoints)
    if config.shape == "hubspot":
        from attribution_kit.generate.shapes.hubspot import hubspot_specs

        return hubspot_specs(ds, config.column_convention, config.web_touchpoints)
    return [(spec, None) for spec in table_specs(ds)]


def generate(config: Config) -> dict[str, int]:
    """Generate every file of the demo data set; returns rows per table."""
    started = time.perf_counter()
    world = WORLDS[config.world]
    as_of = parse_as_of(config.as_of)
    n_accounts = config.accounts
    target = config.target_touchpoints
    if target:
        n_accounts = accounts_for_target(target, config.seed, world, as_of, config.dirty)
    while True:
        with tqdm(total=BUILD_STEPS, desc="generate", file=sys.stderr, disable=config.quiet) as bar:
            ds = build_dataset(n_accounts, config.seed, world, as_of, config.dirty, bar)
            rows = ds.n_touchpoint_rows()
            if target and rows < target:  # the pilot's rate was a little high: grow and rebuild
                n_accounts = math.ceil(n_accounts * target / rows * 1.002)
                continue
            specs = shape_specs(ds, config)
            bar.update(1)
        break
    config.out.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    paths: dict[str, Path] = {}
    with tqdm(
        total=sum(s.n_rows for s, _ in specs),
        desc="write",
        unit="row",
        unit_scale=True,
        file=sys.stderr,
        disable=config.quiet,
    ) as bar:
        for spec, schema in specs:
            bar.set_postfix_str(spec.name)
            paths[spec.name] = write_table(spec, config.out, config.fmt, bar, schema)
            counts[spec.name] = spec.n_rows
    truth_path = write_truth(ds, config.out)
    if not config.quiet:
        for name, n in counts.items():
            size = paths[name].stat().st_size
            print(f"{name:<27} {n:>12,} rows {size / 1e6:>10.1f} MB  {paths[name]}")
        closed = ds.opportunities.is_closed
        won_rate = ds.opportunities.is_won[closed].mean() if closed.any() else 0.0
        print(f"{'truth':<27} {N_CHANNELS:>12,} rows {'':>13}  {truth_path}")
        print(
            f"accounts={n_accounts:,} world={world.name} seed={config.seed} "
            f"closed won rate={won_rate:.1%} total {time.perf_counter() - started:.1f} s, "
            f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB"
        )
    return counts


def parse_args(argv: Sequence[str] | None = None) -> Config:
    parser = argparse.ArgumentParser(
        prog="python -m attribution_kit.generate",
        description="Generate the demo raw tables and the planted ground truth.",
    )
    parser.add_argument("--accounts", type=int, default=2000, help="number of accounts (default 2000)")
    parser.add_argument("--seed", type=int, default=7, help="random seed (same seed, same bytes)")
    parser.add_argument("--out", type=Path, default=Path("data/demo"), help="output folder")
    parser.add_argument("--format", dest="fmt", choices=("csv", "parquet"), default="csv")
    parser.add_argument("--world", choices=tuple(WORLDS), default="default", help="planted win model")
    parser.add_argument(
        "--target-touchpoints",
        type=int,
        default=None,
        help="choose the number of accounts to get about this many touchpoints",
    )
    parser.add_argument(
        "--as-of", default=DEFAULT_AS_OF, help="latest time in the data, UTC (default %(default)s)"
    )
    parser.add_argument(
        "--no-dirty",
        dest="dirty",
        action="store_false",
        help="leave out the rows the project must reject (defective rows; deleted CRM rows)",
    )
    parser.add_argument(
        "--shape",
        choices=SHAPES,
        default="contract",
        help="the input contract's tables, or the same world as Salesforce or HubSpot tables "
        "(docs/demo_shapes.md)",
    )
    parser.add_argument(
        "--column-convention",
        choices=COLUMN_CONVENTIONS,
        default=None,
        help="Salesforce and HubSpot shapes: Fivetran's column names (default) or the API names of exports",
    )
    parser.add_argument(
        "--with-web-touchpoints",
        action="store_true",
        help="Salesforce and HubSpot shapes: also write the touches the CRM does not hold as touchpoints.csv",
    )
    parser.add_argument("--quiet", action="store_true", help="no progress bars or summary")
    args = parser.parse_args(argv)
    if args.accounts < 1:
        parser.error("--accounts must be at least 1")
    if args.target_touchpoints is not None and args.target_touchpoints < 1:
        parser.error("--target-touchpoints must be positive")
    if args.shape == "contract" and (args.column_convention or args.with_web_touchpoints):
        parser.error("--column-convention and --with-web-touchpoints need --shape salesforce or hubspot")
    return Config(
        out=args.out,
        accounts=args.accounts,
        seed=args.seed,
        fmt=args.fmt,
        world=args.world,
        target_touchpoints=args.target_touchpoints,
        as_of=args.as_of,
        dirty=args.dirty,
        quiet=args.quiet,
        shape=args.shape,
        column_convention=args.column_convention or "fivetran",
        web_touchpoints=args.with_web_touchpoints,
    )


def main(argv: Sequence[str] | None = None) -> None:
    generate(parse_args(argv))
