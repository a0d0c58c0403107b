"""The build benchmark's daily load (attribution_kit.bench.build.append_daily_touches):
the appended touches keep the input contract and pass staging with no rejection.

The file checks read the files with the csv module and pyarrow, not with the writer's
own SQL: the original rows are kept as they were, every new row has a new id, an
occurred_at in the last day of the data and the contact, email, account and
classification columns of one original row. One staging build on a tiny generated
world then shows that no appended row is rejected. No timing is asserted."""

from __future__ import annotations

import csv
from datetime import datetime, timedelta
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from attribution_kit.bench.build import append_daily_touches
from python_tests.conftest import build_project, generate_world

ACCOUNTS = 40
SHARE = 0.05
COPIED = [
    "contact_id", "email", "account_id", "touchpoint_type", "utm_source", "utm_medium",
    "utm_campaign", "campaign_id", "referrer_domain",
]  # fmt: skip


def read_rows(path: Path) -> list[dict[str, str | None]]:
    if path.suffix == ".parquet":
        return pq.read_table(path).to_pylist()
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return [{key: (value if value != "" else None) for key, value in row.items()} for row in rows]


def plain_timestamp(text: str | None) -> datetime | None:
    """`YYYY-MM-DD HH:MM:SS` only: other spellings (offsets, slashes) are not templates."""
    try:
        return datetime.strptime((text or "").strip(), "%Y-%m-%d %H:%M:%S")
    except ValueError:
        return None


def check_appended_file(before: list[dict], after: list[dict], appended: int) -> list[dict]:
    assert appended == max(1, round(len(before) * SHARE))
    assert len(after) == len(before) + appended
    assert after[: len(before)] == before
    new = after[len(before):]
    old_ids = {row["touchpoint_id"] for row in before}
    assert len({row["touchpoint_id"] for row in new}) == appended
    assert not old_ids & {row["touchpoint_id"] for row in new}
    last = max(t for t in (plain_timestamp(row["occurred_at"]) for row in before) if t is not None)
    for row in new:
        at = plain_timestamp(row["occurred_at"])
        assert at is not None and last - timedelta(days=1) < at <= last, row
    templates = {tuple(row[c] for c in COPIED) for row in before}
    assert all(tuple(row[c] for c in COPIED) in templates for row in new)
    return new


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate_world(tmp_path_factory.mktemp("daily_append") / "world", ACCOUNTS, 5)


def test_parquet_append_keeps_old_rows_and_adds_new_touches_in_the_last_day(tmp_path: Path) -> None:
    data_dir = generate_world(tmp_path / "world", ACCOUNTS, 6, "--format", "parquet")
    path = data_dir / "touchpoints.parquet"
    before = read_rows(path)
    appended = append_daily_touches(data_dir, share=SHARE, day=1)
    check_appended_file(before, read_rows(path), appended)


def test_appended_touches_pass_staging_with_no_rejection(world: Path, tmp_path: Path) -> None:
    path = world / "touchpoints.csv"
    before = read_rows(path)
    appended = append_daily_touches(world, share=SHARE, day=1)
    new = check_appended_file(before, read_rows(path), appended)
    selection = "+stg_input__rejected_rows +stg_marketing__touchpoints"
    db, _ = build_project(world, tmp_path / "build", select=selection)
    with duckdb.connect(str(db), read_only=True) as con:
        rejected = con.execute(
            "select count(*) from staging.base_marketing__touchpoints"
            " where touchpoint_id like 'tpd1_%' and rejection_reason is not null"
        ).fetchall()[0][0]
        staged = {
            row[0]
            for row in con.execute(
                "select touchpoint_id from staging.stg_marketing__touchpoints"
                " where touchpoint_id like 'tpd1_%'"
            ).fetchall()
        }
    assert rejected == 0
    assert staged == {row["touchpoint_id"] for row in new}
