"""A daily incremental build equals a full refresh of the same data (issue #13, items 2 and 3).

One small generated world, built as a user runs the project day after day:

- day 1: the world as it stood at CUT (touches and lifecycle events after CUT
  deleted, opportunities created after CUT deleted with their contact roles,
  opportunities closed after CUT rewritten as open: not closed, not won, no
  closed_at, no stage name); accounts, contacts, campaigns, ad spend and rates
  are reference data and kept whole. Built with `dbt build` into database A.
- day 2: the whole world (the touches, opportunities, closes and events after
  CUT), plus the changes a daily feed brings that are not new rows at its end,
  each chosen from day 1's build so that it reaches a journey:
    * a contact moves to another account (its touches leave the journeys of
      its old account's opportunities and join those of the new one's);
    * a late duplicate: a touch row delivered again unchanged (rejected as
      duplicate_row, the touch stays), and one whose touchpoint_id arrives
      again with another time (both copies rejected as duplicate_touchpoint_id:
      the touch leaves its journeys);
    * a touch dated before CUT arriving late, inside a closed opportunity's window;
    * a brand-new contact with a touch before CUT and one after;
    * an opportunity deleted at the source (with its contact roles);
    * every touch of a closed journey arriving again with another time (the
      journey becomes empty: its weights become the empty-journey row);
    * an opportunity closed before CUT and filed on day 1 under an account with
      no contacts and no touches (an empty journey) moves to its real account
      (its empty-journey row becomes touch rows);
    * a touch's raw row vanishes from the feed, and another touch's raw row
      changes (another time and UTM campaign).

Between the two days, database A is also built from day 1 with touch-only
changes (a new touch, a vanished raw row, a changed raw row; no contact or
account changes): `dbt build --select +int_touchpoints_resolved`. The touch
chain (raw validation, staging, resolution) must then have rewritten only those
touches (resolution took its incremental path) and equal a full refresh of the
same files (database C). Day 2 reverts these changes (its files are the world's).

Database A is then built incrementally from day 2 (`dbt build`), and a copy of
A's day-1 file is built from day 2 with `--full-refresh` (database B). Every
relation of the marts schema must be equal in A and B, row for row: text,
integers, booleans, dates and timestamps exactly, floats to 1e-12 relative to
max(1, |x|) (money in the millions to a millionth of a cent, weights to 1e-12).
rpt_attribution_run_settings is an append-only audit: its latest row is
compared, without the columns naming the build. The journey table
(intermediate.int_journey_touchpoints_ordered) must be equal too, without the
column naming the build that wrote each row; and A's build must have rewritten
fewer journey rows than B's, the changed journeys among them and unchanged
closed journeys not. The rule weights (intermediate.int_journey_rule_weights)
must be equal too, each computed from the journey as stored now, and the
weights of journeys kept from day 1 must be day 1's rows.

Unit tests are left out of these builds (they do not depend on the data).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb
import pytest

from python_tests.conftest import DUCKDB_FILE_NAME, build_project, generate_world
from python_tests.csv_files import CONTRACT_TABLES, read_rows, write_rows
from python_tests.marts import query, read_typed_relations, tolerant_differences

ACCOUNTS = 120
SEED = 11
CUT = datetime(2026, 5, 1, tzinfo=UTC)
JOURNEYS = "intermediate.int_journey_touchpoints_ordered"
RULE_WEIGHTS = "intermediate.int_journey_rule_weights"
BUILD_COLUMNS = {"journey_built_by"}
# The touch chain, and the column naming the build that wrote each of its rows.
TOUCH_CHAIN_BUILT_BY = {
    "staging.base_marketing__touchpoints": "raw_built_by",
    "staging.stg_marketing__touchpoints": "touch_built_by",
    "intermediate.int_touchpoints_resolved": "resolved_built_by",
}
TOUCH_CHAIN = (*TOUCH_CHAIN_BUILT_BY, "staging.stg_input__rejected_rows")
TOUCH_CHAIN_BUILD_COLUMNS = {"raw_built_by", "touch_built_by", "resolved_built_by"}
RUN_SETTINGS = "rpt_attribution_run_settings"
RUN_SETTINGS_BUILD_COLUMNS = {"invocation_id", "run_started_at"}
RELATIVE_TOLERANCE = 1e-12
LABELS = ("incremental", "full-refresh")
# An account with no contacts and no touches, in both days' files (see cut_world).
PLACEHOLDER_ACCOUNT = {
    "account_id": "acc_placeholder", "account_name": "Placeholder Account",
    "domain": "placeholder-account.example", "industry": "Consulting", "employee_count": "10",
    "created_at": "2024-01-01 00:00:00",
}  # fmt: skip


def parse_time(text: str) -> datetime | None:
    """A raw timestamp in UTC (no offset means UTC), or None when it is not one."""
    try:
        parsed = datetime.fromisoformat(text.strip())
    except ValueError:
        return None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def after_cut(text: str) -> bool:
    """True only for a readable timestamp after CUT (unreadable rows are rejected on both days)."""
    moment = parse_time(text)
    return moment is not None and moment > CUT


def raw_text(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S")


def cut_world(world: Path, day_one: Path) -> tuple[dict[str, int], str]:
    """Write the world as it stood at CUT to `day_one`; returns the rows removed or rewritten per
    table, and the opportunity filed under the placeholder account."""
    day_one.mkdir(parents=True)
    tables = {name: read_rows(world / f"{name}.csv") for name in CONTRACT_TABLES}
    changed: dict[str, int] = {}

    def keep(name: str, rows: list[dict[str, str]]) -> None:
        header, original = tables[name]
        changed[name] = len(original) - len(rows)
        tables[name] = (header, rows)

    # A key with one copy on or before CUT keeps every copy: a duplicated key stays duplicated.
    touchpoints = tables["touchpoints"][1]
    kept_touches = {row["touchpoint_id"] for row in touchpoints if not after_cut(row["occurred_at"])}
    keep("touchpoints", [row for row in touchpoints if row["touchpoint_id"] in kept_touches])
    events = tables["lifecycle_events"][1]
    keep("lifecycle_events", [row for row in events if not after_cut(row["occurred_at"])])

    opportunities = tables["opportunities"][1]
    kept_opportunities = {row["opportunity_id"] for row in opportunities if not after_cut(row["created_at"])}
    as_of_cut, reopened = [], 0
    for row in opportunities:
        if row["opportunity_id"] not in kept_opportunities:
            continue
        if row["is_closed"].strip().lower() == "true" and after_cut(row["closed_at"]):
            row = {**row, "is_closed": "false", "is_won": "false", "closed_at": "", "stage_name": ""}
            reopened += 1
        as_of_cut.append(row)
    # The first opportunity closed before CUT is filed under an account with no contacts and no
    # touches on day 1 (an empty journey), and under its real account on day 2 (a CRM correction):
    # its journey gains its account's touches.
    gained = min(
        (row for row in as_of_cut if row["is_closed"].strip().lower() == "true"
         and parse_time(row["closed_at"]) is not None and not after_cut(row["closed_at"])),
        key=lambda row: row["opportunity_id"],
    )  # fmt: skip
    gained["account_id"] = PLACEHOLDER_ACCOUNT["account_id"]
    keep("opportunities", as_of_cut)
    changed["opportunities_reopened"] = reopened
    roles = tables["opportunity_contact_roles"][1]
    keep("opportunity_contact_roles", [row for row in roles if row["opportunity_id"] in kept_opportunities])

    tables["accounts"][1].append(PLACEHOLDER_ACCOUNT)
    for name, (header, rows) in tables.items():
        write_rows(day_one / f"{name}.csv", header, rows)
    return changed, gained["opportunity_id"]


def pick_changes(day_one_db: Path) -> dict[str, object]:
    """The day-2 changes, chosen from day 1's build so that each reaches a journey.

    Every pick is a journey of an opportunity closed before CUT on day 1, so nothing
    else in day 2 (all of it after CUT) changes it; the picks are on distinct accounts.
    """
    closed = f"""
        select journeys.*
        from {JOURNEYS} as journeys
        inner join intermediate.int_opportunities_prepared as opportunities
            on journeys.opportunity_id = opportunities.opportunity_id
        where opportunities.is_closed
    """
    picks: dict[str, object] = {}
    used_accounts: list[str] = [PLACEHOLDER_ACCOUNT["account_id"]]

    def not_used(column: str) -> str:
        return f"{column} not in ({', '.join(repr(a) for a in used_accounts) or 'null'})"

    # A contact with touches in a closed journey of its account, moving to another account
    # that has a closed opportunity whose window holds one of those touches.
    row = query(day_one_db, f"""
        with journeys as ({closed}),
        moves as (
            select
                journeys.contact_id,
                journeys.account_id as old_account_id,
                journeys.opportunity_id as old_opportunity_id,
                other.account_id as new_account_id,
                other.opportunity_id as new_opportunity_id
            from journeys
            inner join intermediate.int_opportunities_prepared as other
                on other.is_closed and other.is_attributed
                and other.account_id <> journeys.account_id
                and {not_used('other.account_id')}
                and journeys.touchpoint_at between other.journey_start_at and other.journey_end_at
            where journeys.contact_id is not null
        )
        select * from moves
        order by contact_id, new_account_id, old_opportunity_id, new_opportunity_id
        limit 1
    """)[0]  # fmt: skip
    picks.update(zip(
        ("moved_contact_id", "old_account_id", "old_opportunity_id", "new_account_id", "new_opportunity_id"),
        row, strict=True,
    ))  # fmt: skip
    used_accounts += [picks["old_account_id"], picks["new_account_id"]]

    def closed_journey_touch(name: str, extra: str = "") -> None:
        """A touch (and its opportunity and account) of a closed journey on an account not used yet."""
        touch, opportunity, account = query(day_one_db, f"""
            with journeys as ({closed})
            select touchpoint_id, opportunity_id, account_id from journeys
            where {not_used('account_id')} and contact_id is not null {extra}
            order by account_id, opportunity_id, touchpoint_id limit 1
        """)[0]  # fmt: skip
        picks.update({f"{name}_touchpoint_id": touch, f"{name}_opportunity_id": opportunity,
                      f"{name}_account_id": account})  # fmt: skip
        used_accounts.append(account)

    closed_journey_touch("duplicate")
    closed_journey_touch("conflict")
    closed_journey_touch("late")
    closed_journey_touch("deleted")
    closed_journey_touch("vanished")
    closed_journey_touch("changed")
    closed_journey_touch("early_new")
    closed_journey_touch("early_vanished")
    closed_journey_touch("early_changed")

    # A brand-new contact on an account with an opportunity open at CUT.
    account, opportunity = query(day_one_db, f"""
        select account_id, opportunity_id from intermediate.int_opportunities_prepared
        where is_attributed and not is_closed and {not_used('account_id')}
        order by account_id, opportunity_id limit 1
    """)[0]  # fmt: skip
    picks.update({"new_contact_account_id": account, "new_contact_opportunity_id": opportunity})
    used_accounts.append(account)

    # The shortest closed journey on an account not used yet: each of its touches' ids arrives
    # again with another time, so the journey becomes empty.
    opportunity, account = query(day_one_db, f"""
        with journeys as ({closed})
        select opportunity_id, account_id from journeys
        where {not_used('account_id')}
        order by touch_count, opportunity_id limit 1
    """)[0]  # fmt: skip
    picks.update({"emptied_opportunity_id": opportunity, "emptied_account_id": account})
    picks["emptied_touchpoint_ids"] = [row[0] for row in query(day_one_db, f"""
        select touchpoint_id from {JOURNEYS} where opportunity_id = ? order by 1
    """, [opportunity])]  # fmt: skip
    used_accounts.append(account)

    return picks


def write_day_two(world: Path, day_two: Path, picks: dict[str, object], day_one_db: Path) -> None:
    """The whole world plus the picked changes, to `day_two`."""
    day_two.mkdir(parents=True)
    tables = {name: read_rows(world / f"{name}.csv") for name in CONTRACT_TABLES}

    contacts_header, contacts = tables["contacts"]
    for row in contacts:
        if row["contact_id"] == picks["moved_contact_id"]:
            row["account_id"] = picks["new_account_id"]
    template = next(row for row in contacts if row["account_id"] == picks["new_contact_account_id"])
    domain = template["email"].split("@")[1]
    contacts.append({**template, "contact_id": "con_daytwo_new", "email": f"daytwo.new@{domain}",
                     "created_at": raw_text(CUT - timedelta(days=20))})  # fmt: skip

    touch_header, touches = tables["touchpoints"]
    by_id = {row["touchpoint_id"]: row for row in touches}
    assert all(
        sum(row["touchpoint_id"] == picks[key] for row in touches) == 1
        for key in ("duplicate_touchpoint_id", "conflict_touchpoint_id", "late_touchpoint_id")
    ), "a picked touch is already duplicated in the world"
    touches.append(dict(by_id[picks["duplicate_touchpoint_id"]]))
    conflict = by_id[picks["conflict_touchpoint_id"]]
    moved_at = parse_time(conflict["occurred_at"]) + timedelta(hours=1)
    touches.append({**conflict, "occurred_at": raw_text(moved_at)})
    for touchpoint_id in picks["emptied_touchpoint_ids"]:
        emptied = by_id[touchpoint_id]
        emptied_at = parse_time(emptied["occurred_at"]) + timedelta(hours=1)
        touches.append({**emptied, "occurred_at": raw_text(emptied_at)})
    late_at = query(day_one_db, """
        select journey_end_at from intermediate.int_opportunities_prepared where opportunity_id = ?
    """, [picks["late_opportunity_id"]])[0][0]  # fmt: skip
    late_at = late_at.replace(tzinfo=UTC) - timedelta(days=1)
    assert late_at < CUT
    picks["late_new_touchpoint_id"] = "tp_daytwo_late"
    touches.append({**by_id[picks["late_touchpoint_id"]], "touchpoint_id": "tp_daytwo_late",
                    "occurred_at": raw_text(late_at)})  # fmt: skip
    new_contact_account = picks["new_contact_account_id"]
    account_contacts = {row["contact_id"] for row in contacts if row["account_id"] == new_contact_account}
    template = next(row for row in touches if row["contact_id"] in account_contacts)
    for number, moment in enumerate((CUT - timedelta(days=10), CUT + timedelta(days=10)), start=1):
        touches.append({**template, "touchpoint_id": f"tp_daytwo_new_{number}",
                        "contact_id": "con_daytwo_new", "email": "", "account_id": "",
                        "occurred_at": raw_text(moment)})  # fmt: skip

    touches = change_raw_touches(touches, picks, "")

    for name, key in (("opportunities", "opportunity_id"), ("opportunity_contact_roles", "opportunity_id")):
        header, rows = tables[name]
        tables[name] = (header, [row for row in rows if row[key] != picks["deleted_opportunity_id"]])

    tables["contacts"] = (contacts_header, contacts)
    tables["touchpoints"] = (touch_header, touches)
    tables["accounts"][1].append(PLACEHOLDER_ACCOUNT)
    for name, (header, rows) in tables.items():
        write_rows(day_two / f"{name}.csv", header, rows)


def change_raw_touches(
    touches: list[dict[str, str]], picks: dict[str, object], prefix: str
) -> list[dict[str, str]]:
    """The raw rows with the picked `<prefix>vanished` touch's row left out and the `<prefix>changed`
    touch's row moved a minute earlier, with another UTM campaign."""
    changed = []
    for row in touches:
        if row["touchpoint_id"] == picks[f"{prefix}vanished_touchpoint_id"]:
            continue
        if row["touchpoint_id"] == picks[f"{prefix}changed_touchpoint_id"]:
            moved_at = parse_time(row["occurred_at"]) - timedelta(minutes=1)
            row = {**row, "occurred_at": raw_text(moved_at), "utm_campaign": "changed_in_the_feed"}
        changed.append(row)
    return changed


def write_day_one_touch_changes(day_one: Path, day_one_b: Path, picks: dict[str, object]) -> None:
    """Day 1's files with touch-only changes: a new touch (a copy of the picked `early_new` touch under
    a new id, a minute later), a vanished raw row and a changed raw row."""
    shutil.copytree(day_one, day_one_b)
    header, touches = read_rows(day_one / "touchpoints.csv")
    touches = change_raw_touches(touches, picks, "early_")
    template = next(row for row in touches if row["touchpoint_id"] == picks["early_new_touchpoint_id"])
    new_at = parse_time(template["occurred_at"]) + timedelta(minutes=1)
    touches.append({**template, "touchpoint_id": "tp_early_new", "occurred_at": raw_text(new_at)})
    write_rows(day_one_b / "touchpoints.csv", header, touches)


def copy_database(source: Path, destination: Path) -> None:
    destination.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", ".wal"):
        source_file = source.with_name(source.name + suffix)
        if source_file.exists():
            shutil.copyfile(source_file, destination.with_name(destination.name + suffix))


def journey_rows(
    db_path: Path, by_build: bool = False, table: str = JOURNEYS, leave_out: set[str] = BUILD_COLUMNS
) -> tuple[list[str], list[tuple]]:
    """A journey table: its columns and its rows, sorted (without journey_built_by, or the columns in
    `leave_out`, unless by_build)."""
    with duckdb.connect(str(db_path), read_only=True) as connection:
        result = connection.execute(f"select * from {table}")
        columns = [column[0] for column in result.description]
        keep = [i for i, column in enumerate(columns) if by_build or column not in leave_out]
        rows = sorted((tuple(row[i] for i in keep) for row in result.fetchall()), key=repr)
    return [columns[i] for i in keep], rows


@pytest.fixture(scope="module")
def days(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, object]]:
    root = tmp_path_factory.mktemp("daily_runs")
    world = generate_world(root / "world", ACCOUNTS, SEED)
    (world / "ground_truth_channel_effects.csv").unlink()
    cut, gained_opportunity_id = cut_world(world, root / "day_one")

    db_a, _ = build_project(root / "day_one", root / "a")
    ((day_one_build,),) = query(db_a, f"select distinct journey_built_by from {JOURNEYS}")
    day_one_journeys = journey_rows(db_a)
    day_one_weights = journey_rows(db_a, by_build=True, table=RULE_WEIGHTS)
    picks = pick_changes(db_a)
    write_day_two(world, root / "day_two", picks, db_a)
    db_b = root / "b" / DUCKDB_FILE_NAME
    copy_database(db_a, db_b)

    # Touch-only changes between the days: the touch chain built incrementally into A, and with
    # --full-refresh into C (a copy of A).
    write_day_one_touch_changes(root / "day_one", root / "day_one_b", picks)
    build_project(root / "day_one_b", root / "a", select="+int_touchpoints_resolved")
    db_c = root / "c" / DUCKDB_FILE_NAME
    copy_database(db_a, db_c)
    build_project(root / "day_one_b", root / "c", select="+int_touchpoints_resolved", with_tests=False,
                  extra_args=["--full-refresh"])  # fmt: skip
    touch_chain = {label: {table: journey_rows(db, table=table, leave_out=TOUCH_CHAIN_BUILD_COLUMNS)
                           for table in TOUCH_CHAIN}
                   for label, db in (("incremental", db_a), ("full-refresh", db_c))}  # fmt: skip
    touch_chain_rewritten = {
        table: query(db_a, f"""
            select count(*) filter (where {column} = ?),
                list(distinct touchpoint_id order by touchpoint_id) filter (where {column} <> ?)
            from {table}
        """, [day_one_build, day_one_build])[0]
        for table, column in TOUCH_CHAIN_BUILT_BY.items()
    }  # fmt: skip

    build_project(root / "day_two", root / "a")
    build_project(root / "day_two", root / "b", extra_args=["--full-refresh"])
    yield {
        "cut": cut, "picks": picks, "day_one_build": day_one_build, "day_one_journeys": day_one_journeys,
        "day_one_weights": day_one_weights, "gained_opportunity_id": gained_opportunity_id,
        "incremental": db_a, "full_refresh": db_b, "touch_chain": touch_chain, "day_two": root / "day_two",
        "touch_chain_rewritten": touch_chain_rewritten,
    }  # fmt: skip
    shutil.rmtree(root, ignore_errors=True)


def latest_run_settings(mart: tuple[list[str], list[str], list[tuple]]) -> tuple:
    columns, types, rows = mart
    latest = max(rows, key=lambda row: row[columns.index("run_started_at")])
    keep = [i for i, column in enumerate(columns) if column not in RUN_SETTINGS_BUILD_COLUMNS]
    return [columns[i] for i in keep], [types[i] for i in keep], [tuple(latest[i] for i in keep)]


def test_day_two_brings_every_kind_of_change(days: dict[str, object]) -> None:
    """Else the comparisons below could pass without exercising what they claim to."""
    cut = days["cut"]
    for table in ("touchpoints", "lifecycle_events", "opportunities", "opportunities_reopened",
                  "opportunity_contact_roles"):  # fmt: skip
        assert cut[table] > 0, f"no {table} after {CUT}"
    picks = days["picks"]
    full = days["full_refresh"]
    moved = picks["moved_contact_id"]
    # The moved contact's touches left its old account's journey and joined the new account's.
    assert query(full, f"select count(*) from {JOURNEYS} where opportunity_id = ? and contact_id = ?",
                 [picks["old_opportunity_id"], moved])[0][0] == 0  # fmt: skip
    assert query(full, f"select count(*) from {JOURNEYS} where opportunity_id = ? and contact_id = ?",
                 [picks["new_opportunity_id"], moved])[0][0] > 0  # fmt: skip
    rejected = dict(query(full, """
        select rejection_reason, count(*) from staging.stg_input__rejected_rows
        where source_table = 'touchpoints' and source_key in (?, ?) group by 1
    """, [picks["duplicate_touchpoint_id"], picks["conflict_touchpoint_id"]]))  # fmt: skip
    assert rejected == {"duplicate_row": 1, "duplicate_touchpoint_id": 2}, rejected
    in_journeys = {row[0] for row in query(full, f"select distinct touchpoint_id from {JOURNEYS}")}
    assert picks["duplicate_touchpoint_id"] in in_journeys
    assert picks["conflict_touchpoint_id"] not in in_journeys
    assert {"tp_daytwo_late", "tp_daytwo_new_1", "tp_daytwo_new_2"} <= in_journeys
    deleted = picks["deleted_opportunity_id"]
    assert not query(full, f"select 1 from {JOURNEYS} where opportunity_id = ?", [deleted])


def test_incremental_build_equals_full_refresh_in_every_mart(days: dict[str, object]) -> None:
    incremental = read_typed_relations(days["incremental"])
    full = read_typed_relations(days["full_refresh"])
    assert sorted(incremental) == sorted(full)
    assert len(full) >= 20, f"too few marts read: {sorted(full)}"
    incremental[RUN_SETTINGS] = latest_run_settings(incremental[RUN_SETTINGS])
    full[RUN_SETTINGS] = latest_run_settings(full[RUN_SETTINGS])
    differences = []
    for name in sorted(full):
        columns, types, left = incremental[name]
        right_columns, _, right = full[name]
        if columns != right_columns:
            differences.append(f"{name}: columns {columns} != {right_columns}")
            continue
        differences += tolerant_differences(name, (columns, types, left), right, RELATIVE_TOLERANCE, LABELS)
    assert not differences, "\n".join(differences)


def test_incremental_journeys_equal_full_refresh(days: dict[str, object]) -> None:
    incremental = journey_rows(days["incremental"])
    full = journey_rows(days["full_refresh"])
    assert incremental[0] == full[0]
    assert len(full[1]) > 0
    only_incremental = sorted(set(incremental[1]) - set(full[1]), key=repr)[:3]
    only_full = sorted(set(full[1]) - set(incremental[1]), key=repr)[:3]
    assert incremental[1] == full[1], f"only incremental {only_incremental}; only full refresh {only_full}"


def test_incremental_build_rewrote_only_the_changed_journeys(days: dict[str, object]) -> None:
    day_one_build = days["day_one_build"]
    rewritten = dict(query(days["incremental"], f"""
        select opportunity_id, count(*) from {JOURNEYS} where journey_built_by <> ? group by 1
    """, [day_one_build]))  # fmt: skip
    kept = {row[0] for row in query(
        days["incremental"], f"select distinct opportunity_id from {JOURNEYS} where journey_built_by = ?",
        [day_one_build],
    )}  # fmt: skip
    ((full_rows,),) = query(days["full_refresh"], f"select count(*) from {JOURNEYS}")
    assert 0 < sum(rewritten.values()) < full_rows
    assert kept, "every journey was rewritten"
    picks = days["picks"]
    changed = {picks[key] for key in (
        "old_opportunity_id", "new_opportunity_id", "conflict_opportunity_id", "late_opportunity_id",
        "new_contact_opportunity_id", "vanished_opportunity_id", "changed_opportunity_id",
    )} | {days["gained_opportunity_id"]}  # fmt: skip
    assert changed <= set(rewritten), f"not rewritten: {sorted(changed - set(rewritten))}"
    # The journey with a touch delivered again unchanged is the same, and was kept.
    assert picks["duplicate_opportunity_id"] in kept
    # Journeys kept from day 1 are day 1's rows, unchanged.
    columns, day_one_rows = days["day_one_journeys"]
    opportunity = columns.index("opportunity_id")
    kept_day_one = sorted((row for row in day_one_rows if row[opportunity] in kept), key=repr)
    _, day_two_rows = journey_rows(days["incremental"])
    assert kept_day_one == sorted((row for row in day_two_rows if row[opportunity] in kept), key=repr)


def read_table(db_path: Path, table: str, leave_out: set[str]) -> tuple[list[str], list[str], list[tuple]]:
    """A table's column names, DuckDB types and rows, without the columns in `leave_out`."""
    schema, name = table.split(".")
    columns, types, rows = read_typed_relations(db_path, schema)[name]
    keep = [i for i, column in enumerate(columns) if column not in leave_out]
    return [columns[i] for i in keep], [types[i] for i in keep], [tuple(row[i] for i in keep) for row in rows]


def test_incremental_rule_weights_equal_full_refresh(days: dict[str, object]) -> None:
    columns, types, incremental = read_table(days["incremental"], RULE_WEIGHTS, BUILD_COLUMNS)
    full_columns, _, full = read_table(days["full_refresh"], RULE_WEIGHTS, BUILD_COLUMNS)
    assert columns == full_columns
    assert len(full) > 0
    differences = tolerant_differences(
        RULE_WEIGHTS, (columns, types, incremental), full, RELATIVE_TOLERANCE, LABELS
    )
    assert not differences, "\n".join(differences)


def test_incremental_build_reweighted_the_rewritten_journeys(days: dict[str, object]) -> None:
    """Every journey's weights were computed from the journey as it is stored now, and the
    weights of journeys kept from day 1 are day 1's rows."""
    incremental = days["incremental"]
    mismatched = query(incremental, f"""
        select weights.opportunity_id, weights.journey_built_by, journeys.journey_built_by
        from {RULE_WEIGHTS} as weights
        left join {JOURNEYS} as journeys
            on weights.opportunity_id = journeys.opportunity_id
            and weights.touchpoint_id = journeys.touchpoint_id
        where weights.touchpoint_id is not null
            and weights.journey_built_by is distinct from journeys.journey_built_by
        limit 3
    """)  # fmt: skip
    assert not mismatched, mismatched
    day_one_build = days["day_one_build"]
    columns, day_one_rows = days["day_one_weights"]
    built_by, opportunity = columns.index("journey_built_by"), columns.index("opportunity_id")
    _, day_two_rows = journey_rows(incremental, by_build=True, table=RULE_WEIGHTS)
    kept = {row[opportunity] for row in day_two_rows if row[built_by] == day_one_build}
    assert kept, "no journey's weights were kept from day 1"
    assert sorted((row for row in day_two_rows if row[opportunity] in kept), key=repr) == sorted(
        (row for row in day_one_rows if row[opportunity] in kept), key=repr
    )
    # The deleted opportunity left the weights, and no weights row belongs to an opportunity
    # that is not attributed.
    assert not query(incremental, f"select 1 from {RULE_WEIGHTS} where opportunity_id = ?",
                     [days["picks"]["deleted_opportunity_id"]])  # fmt: skip


def test_day_two_changes_reach_the_empty_journey_rows(days: dict[str, object]) -> None:
    """Else the weights comparison could pass without exercising the empty-journey paths: a
    journey that became empty (its touches replaced by the empty-journey row) and an empty
    journey that gained touches (its empty-journey row replaced by touch rows)."""
    columns, day_one_rows = days["day_one_weights"]
    opportunity, touch = columns.index("opportunity_id"), columns.index("touchpoint_id")
    day_one_empty = {row[opportunity] for row in day_one_rows if row[touch] is None}
    day_one_touched = {row[opportunity] for row in day_one_rows if row[touch] is not None}
    day_two = query(days["full_refresh"], f"""
        select opportunity_id, bool_or(touchpoint_id is null) from {RULE_WEIGHTS} group by 1
    """)  # fmt: skip
    day_two_empty = {opportunity_id for opportunity_id, empty in day_two if empty}
    day_two_touched = {opportunity_id for opportunity_id, empty in day_two if not empty}
    assert day_one_touched & day_two_empty, "no journey became empty"
    assert day_one_empty & day_two_touched, "no empty journey gained touches"


def test_touch_only_changes_rebuild_only_the_changed_touches(days: dict[str, object]) -> None:
    """The touch-only changes between the days: raw validation, staging and resolution each
    rewrote only the changed touches (no contact or account changed, so resolution took its
    incremental path), and the touch chain equals a full refresh of the same files."""
    incremental, full = days["touch_chain"]["incremental"], days["touch_chain"]["full-refresh"]
    for table in TOUCH_CHAIN:
        columns, rows = incremental[table]
        assert columns == full[table][0], table
        assert len(rows) > 0, table
        only_incremental = sorted(set(rows) - set(full[table][1]), key=repr)[:3]
        only_full = sorted(set(full[table][1]) - set(rows), key=repr)[:3]
        assert rows == full[table][1], f"{table}: only incremental {only_incremental}; only full {only_full}"
    picks = days["picks"]
    for table, (kept, rewritten) in days["touch_chain_rewritten"].items():
        # Rewritten: the new touch and the changed one (the vanished one is deleted); kept: the rest.
        assert rewritten == sorted(["tp_early_new", picks["early_changed_touchpoint_id"]]), table
        assert kept > 1000, f"{table}: {kept} rows kept"
    columns, resolved = incremental["intermediate.int_touchpoints_resolved"]
    touch_ids = {row[columns.index("touchpoint_id")] for row in resolved}
    assert "tp_early_new" in touch_ids
    assert picks["early_vanished_touchpoint_id"] not in touch_ids
    assert picks["early_changed_touchpoint_id"] in touch_ids


def test_a_weight_setting_change_reweights_every_journey_as_a_full_refresh(
    days: dict[str, object], tmp_path: Path
) -> None:
    """The half-life changes between two builds of the day-2 data: an incremental build of the rule
    weights reweights every journey (the stored weight definitions differ) and equals a full refresh
    under the same setting; the time-decay weights did change."""
    settings = {"attribution_half_life_days": 2}
    databases = {}
    for label, source, extra in (("incremental", days["incremental"], []),
                                 ("full-refresh", days["full_refresh"], ["--full-refresh"])):  # fmt: skip
        databases[label] = tmp_path / label / DUCKDB_FILE_NAME
        copy_database(source, databases[label])
        build_project(days["day_two"], tmp_path / label, vars=settings, select="int_journey_rule_weights",
                      with_tests=False, extra_args=extra)  # fmt: skip
    columns, types, incremental = read_table(databases["incremental"], RULE_WEIGHTS, BUILD_COLUMNS)
    _, _, full = read_table(databases["full-refresh"], RULE_WEIGHTS, BUILD_COLUMNS)
    differences = tolerant_differences(
        RULE_WEIGHTS, (columns, types, incremental), full, RELATIVE_TOLERANCE, LABELS
    )
    assert not differences, "\n".join(differences)
    ((before,),) = query(days["incremental"], f"""
        select any_value(rule_definition_hash) from {RULE_WEIGHTS} where touchpoint_id is not null
    """)  # fmt: skip
    ((kept, rows),) = query(databases["incremental"], f"""
        select count(*) filter (where rule_definition_hash = ?), count(*) from {RULE_WEIGHTS}
        where touchpoint_id is not null
    """, [before])  # fmt: skip
    assert rows > 0 and kept == 0, f"{kept} of {rows} touch rows kept their old weights"
    decay = f"select opportunity_id, touchpoint_id, weight_time_decay from {RULE_WEIGHTS} order by 1, 2"
    assert query(days["incremental"], decay) != query(databases["incremental"], decay), "no weight changed"
