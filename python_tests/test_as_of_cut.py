"""A point-in-time build (var `attribution_as_of`) equals a build of the data as it stood then.

The oracle is the data itself, cut by hand: the same generated data set is built
twice with `attribution_as_of = AS_OF`:

(a) the full files;
(b) the files truncated here, in plain Python, to what the CRM and the ad platforms
    held at AS_OF: touchpoints, lifecycle events and ad spend after it are deleted,
    campaigns started after it are deleted, opportunities created after it are
    deleted (with their contact roles), and opportunities closed after it are
    rewritten as open: not closed, not won, no closed_at, no stage name, amount kept.

Every mart of (a) must equal the same mart of (b) (floats to 1e-9, relative above
1), with exactly these exceptions, each by design:

- `rpt_attribution_run_settings`: `invocation_id` and `run_started_at` name the
  build, so they differ between any two builds;
- `dim_opportunities`: (a) keeps the opportunities created after AS_OF as rows
  flagged `exclusion_reason = 'created_after_as_of'` (never dropped silently);
  (b) has no such rows. The other rows must be equal.
- `rpt_input_losses`: the loss summary counts the rows of the raw files as read,
  not a point in time, and (b) reads shorter files (its counts are checked
  against its own files by the bad-input tests).

That covers the spend and ROI marts (`fct_marketing_spend`, `rpt_attribution_roi`),
the funnel and cycle marts (`rpt_funnel_by_cohort`, `fct_engagement_cycles`,
`dim_contacts`), the touch-level marts, every attribution mart and the account
marts. Contacts and accounts are reference data and are not cut in either build.

A campaign running at AS_OF is in both builds with its whole actual_cost, so the
comparison cannot see how its cost is cut; a second check works the spend out
from its definition, from the staging tables of (a): ad spend up to AS_OF's day
plus, per campaign started by AS_OF without ad spend by then, actual_cost x (its
days up to AS_OF's day) / (all its days).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections import defaultdict
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb
import pytest

from python_tests.conftest import PROJECT_DIR, build_project
from python_tests.csv_files import CONTRACT_TABLES, read_rows, write_rows
from python_tests.marts import read_typed_relations, tolerant_differences

AS_OF = "2025-09-30 12:00:00"
AS_OF_AT = datetime(2025, 9, 30, 12, 0, 0, tzinfo=UTC)
ACCOUNTS = 150
SEED = 11
RELATIVE_TOLERANCE = 1e-9


def parse_time(text: str) -> datetime | None:
    """A raw timestamp in UTC (no offset means UTC), or None when it is not one."""
    try:
        parsed = datetime.fromisoformat(text.strip())
    except ValueError:
        return None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def parse_day(text: str) -> date | None:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        return None


def after_as_of(text: str) -> bool:
    """True only for a readable timestamp after AS_OF (unreadable rows are rejected in both builds)."""
    moment = parse_time(text)
    return moment is not None and moment > AS_OF_AT


def keep_keys(rows: list[dict[str, str]], key: str, is_late: Callable[[dict[str, str]], bool]) -> set[str]:
    """Keys with at least one row that is not late: every copy of such a key is kept, so a
    duplicated key stays duplicated (and rejected) in both builds."""
    return {row[key] for row in rows if not is_late(row)}


def truncate(source: Path, target: Path) -> dict[str, int]:
    """Write the data as it stood at AS_OF to `target`; returns rows removed or rewritten per table."""
    target.mkdir(parents=True)
    tables = {name: read_rows(source / f"{name}.csv") for name in CONTRACT_TABLES}
    changed: dict[str, int] = defaultdict(int)

    def keep(name: str, rows: list[dict[str, str]]) -> None:
        header, original = tables[name]
        changed[name] += len(original) - len(rows)
        tables[name] = (header, rows)

    _, touchpoints = tables["touchpoints"]
    kept_touches = keep_keys(touchpoints, "touchpoint_id", lambda row: after_as_of(row["occurred_at"]))
    keep("touchpoints", [row for row in touchpoints if row["touchpoint_id"] in kept_touches])

    _, events = tables["lifecycle_events"]
    keep("lifecycle_events", [row for row in events if not after_as_of(row["occurred_at"])])

    _, spend = tables["ad_spend"]
    keep(
        "ad_spend",
        [row for row in spend if (parse_day(row["spend_date"]) or AS_OF_AT.date()) <= AS_OF_AT.date()],
    )

    _, campaigns = tables["campaigns"]
    kept_campaigns = keep_keys(campaigns, "campaign_id", lambda row: after_as_of(row["started_at"]))
    dropped_campaigns = {row["campaign_id"] for row in campaigns} - kept_campaigns
    keep("campaigns", [row for row in campaigns if row["campaign_id"] in kept_campaigns])

    _, opportunities = tables["opportunities"]
    kept_opportunities = keep_keys(
        opportunities, "opportunity_id", lambda row: after_as_of(row["created_at"])
    )
    reopened = []
    for row in opportunities:
        if row["opportunity_id"] not in kept_opportunities:
            continue
        if row["is_closed"].strip().lower() == "true" and after_as_of(row["closed_at"]):
            row = {**row, "is_closed": "false", "is_won": "false", "closed_at": "", "stage_name": ""}
            changed["opportunities_reopened"] += 1
        reopened.append(row)
    keep("opportunities", reopened)

    _, roles = tables["opportunity_contact_roles"]
    keep("opportunity_contact_roles", [row for row in roles if row["opportunity_id"] in kept_opportunities])

    # A valid touch kept here whose campaign started after AS_OF would lose its campaign in
    # (b) only: the generator never writes one, and the comparison relies on that.
    orphaned = [
        row
        for row in tables["touchpoints"][1]
        if row["campaign_id"] in dropped_campaigns and parse_time(row["occurred_at"]) is not None
    ]
    assert not orphaned, f"touches before their campaign started: {orphaned[:3]}"

    for name, (header, rows) in tables.items():
        write_rows(target / f"{name}.csv", header, rows)
    return dict(changed)


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, object]]:
    root = tmp_path_factory.mktemp("as_of_cut")
    full = root / "full"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "attribution_kit.generate",
            "--accounts",
            str(ACCOUNTS),
            "--seed",
            str(SEED),
            "--out",
            str(full),
            "--quiet",
        ],
        cwd=PROJECT_DIR,
        check=True,
    )
    (full / "ground_truth_channel_effects.csv").unlink()
    truncated = root / "truncated"
    changed = truncate(full, truncated)
    settings = {"attribution_as_of": AS_OF}
    full_db, _ = build_project(full, root / "full_build", vars=settings)
    truncated_db, _ = build_project(truncated, root / "truncated_build", vars=settings)
    yield {"full": full_db, "truncated": truncated_db, "changed": changed}
    shutil.rmtree(root, ignore_errors=True)


def without_columns(mart: tuple, dropped: set[str]) -> tuple:
    columns, types, rows = mart
    keep = [index for index, column in enumerate(columns) if column not in dropped]
    return (
        [columns[i] for i in keep],
        [types[i] for i in keep],
        [tuple(row[i] for i in keep) for row in rows],
    )


def test_the_data_has_something_after_the_as_of(builds: dict[str, object]) -> None:
    """Else the comparison below could not fail: every kind of input loses rows at AS_OF."""
    changed = builds["changed"]
    for table in ("touchpoints", "lifecycle_events", "ad_spend", "campaigns", "opportunities"):
        assert changed.get(table, 0) > 0, f"no {table} after {AS_OF}"
    assert changed.get("opportunities_reopened", 0) > 0, f"no opportunity closed after {AS_OF}"
    assert changed.get("opportunity_contact_roles", 0) > 0


def test_point_in_time_build_equals_build_of_truncated_data(builds: dict[str, object]) -> None:
    full = read_typed_relations(builds["full"])
    truncated = read_typed_relations(builds["truncated"])
    assert sorted(full) == sorted(truncated)

    build_columns = {"invocation_id", "run_started_at"}
    for name in ("rpt_attribution_run_settings",):
        full[name] = without_columns(full[name], build_columns)
        truncated[name] = without_columns(truncated[name], build_columns)

    # The raw files' loss summary: (b) reads other (shorter) files by construction.
    del full["rpt_input_losses"], truncated["rpt_input_losses"]

    columns, types, rows = full["dim_opportunities"]
    reason = columns.index("exclusion_reason")
    later = [row for row in rows if row[reason] == "created_after_as_of"]
    assert later, "the point-in-time build keeps the later opportunities, flagged"
    current = [row for row in rows if row[reason] != "created_after_as_of"]
    full["dim_opportunities"] = (columns, types, current)

    differences = []
    for name in sorted(full):
        left_columns, left_types, left_rows = full[name]
        right_columns, _, right_rows = truncated[name]
        if left_columns != right_columns:
            differences.append(f"{name}: columns {left_columns} != {right_columns}")
            continue
        differences += tolerant_differences(
            name, (left_columns, left_types, left_rows), right_rows, RELATIVE_TOLERANCE,
            ("point-in-time", "truncated"),
        )  # fmt: skip
    assert not differences, "\n".join(differences)


def test_spend_is_cut_and_running_campaigns_prorated(builds: dict[str, object]) -> None:
    connection = duckdb.connect(str(builds["full"]), read_only=True)
    try:
        ad_spend = connection.execute(
            "select spend_date, campaign_id, amount from staging.stg_marketing__ad_spend"
        ).fetchall()
        campaigns = connection.execute(
            "select campaign_id, started_at, ended_at, actual_cost from staging.stg_crm__campaigns "
            "where actual_cost is not null"
        ).fetchall()
        mart = dict(
            connection.execute(
                "select campaign_id, sum(amount) from marts.fct_marketing_spend "
                "where spend_source = 'campaign_cost' group by 1 "
                "union all select '(ad spend)', sum(amount) from marts.fct_marketing_spend "
                "where spend_source = 'ad_spend'"
            ).fetchall()
        )
        latest = connection.execute("select max(spend_date) from marts.fct_marketing_spend").fetchone()[0]
    finally:
        connection.close()

    as_of_day = AS_OF_AT.date()
    kept_ad_spend = [(day, campaign, amount) for day, campaign, amount in ad_spend if day <= as_of_day]
    expected = {"(ad spend)": sum(amount for _, _, amount in kept_ad_spend)}
    with_ad_spend = {campaign for _, campaign, _ in kept_ad_spend if campaign is not None}
    running = 0
    for campaign_id, started_at, ended_at, cost in campaigns:
        first = (started_at or ended_at).date()
        last = (ended_at or started_at).date()
        started_late = started_at is not None and started_at.replace(tzinfo=UTC) > AS_OF_AT
        if campaign_id in with_ad_spend or started_late or first > as_of_day:
            continue
        elapsed = (min(last, as_of_day) - first).days + 1
        expected[campaign_id] = cost * elapsed / ((last - first).days + 1)
        running += last > as_of_day

    assert running > 0, "no campaign with a cost runs across the as-of day: proration is not exercised"
    assert latest <= as_of_day
    assert sorted(mart) == sorted(expected)
    for key, amount in expected.items():
        assert mart[key] == pytest.approx(amount, rel=1e-9, abs=1e-6), key
    assert sum(mart.values()) == pytest.approx(sum(expected.values()), abs=0.01)
