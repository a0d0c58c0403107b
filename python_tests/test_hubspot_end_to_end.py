"""HubSpot source adapter (docs/hubspot.md) end to end, on the demo generator's HubSpot shape.

One planted world (same accounts and seed) is written in three shapes: the input
contract, HubSpot with Fivetran's column names (`property_<name>`), HubSpot with the
bare property names of HubSpot's API (docs/demo_shapes.md), the HubSpot ones with the
web touchpoints beside them. The HubSpot builds must agree with the contract build
where the mapping is lossless (same opportunities with their times, pipeline and won
revenue to the cent, lifecycle events, contact roles, touches per channel and the
credit of every model per channel), reject nothing but the rows deleted at the source,
and the two column conventions must give the same marts. Pipeline, won revenue and
the deleted rows are also recomputed in plain Python from the HubSpot files.

The Fivetran build runs every data and unit test (the HubSpot rules' unit tests run
only in a HubSpot build); the other two build models and seeds only, to keep the
wall time small.
"""

from __future__ import annotations

import shutil
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest

from attribution_kit.generate.shapes.hubspot import hubspot_id
from python_tests import csv_files
from python_tests.conftest import build_project, generate_world
from python_tests.marts import mart_differences, query, read_marts

ACCOUNTS = 150
SEED = 11
HUBSPOT_VARS = {"attribution_source_system": "hubspot"}
MODELS_ONLY = "resource_type:seed resource_type:model"
HUBSPOT_TABLES = (
    "company", "contact", "contact_property_history", "deal", "deal_company", "deal_contact", "deal_pipeline",
    "deal_pipeline_stage", "deal_stage", "engagement", "engagement_call", "engagement_email",
    "engagement_meeting", "engagement_contact", "engagement_company", "engagement_deal", "form",
    "contact_form_submission", "email_campaign", "email_event", "email_event_click", "owner",
)  # fmt: skip
BUILD_IDENTITY = {"rpt_attribution_run_settings"}  # invocation id and start time differ per build


def generate(out: Path, *options: str) -> Path:
    return generate_world(out, ACCOUNTS, SEED, *options)


def read_rows(path: Path) -> list[dict[str, str]]:
    return csv_files.read_rows(path)[1]


def is_deleted(row: dict[str, str]) -> bool:
    """Deleted at the source: HubSpot's is_deleted, Fivetran's _fivetran_deleted, the API's archived.
    (deal_stage's _fivetran_active false is an earlier stage, not a deleted row.)"""
    return any(row.get(flag) == "true" for flag in ("is_deleted", "_fivetran_deleted", "archived"))


@pytest.fixture(scope="module")
def fivetran_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate(
        tmp_path_factory.mktemp("hs_fivetran_data"),
        "--shape", "hubspot", "--column-convention", "fivetran", "--with-web-touchpoints",
    )  # fmt: skip


@pytest.fixture(scope="module")
def contract_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data_dir = generate(tmp_path_factory.mktemp("hs_contract_data"))
    db_path, _ = build_project(
        data_dir, tmp_path_factory.mktemp("hs_contract_build"), select=MODELS_ONLY, with_tests=False
    )
    return db_path


@pytest.fixture(scope="module")
def fivetran_db(fivetran_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    db_path, _ = build_project(
        fivetran_dir, tmp_path_factory.mktemp("hs_fivetran_build"), vars=HUBSPOT_VARS, unit_tests=True
    )
    return db_path


@pytest.fixture(scope="module")
def api_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data_dir = generate(
        tmp_path_factory.mktemp("hs_api_data"),
        "--shape", "hubspot", "--column-convention", "api", "--with-web-touchpoints",
    )  # fmt: skip
    db_path, _ = build_project(
        data_dir,
        tmp_path_factory.mktemp("hs_api_build"),
        vars=HUBSPOT_VARS,
        select=MODELS_ONLY,
        with_tests=False,
    )
    return db_path


OPPORTUNITIES_SQL = """
    select opportunity_id, account_id, created_at, closed_at, is_closed, is_won, round(amount, 2),
        opportunity_type, stage_name
    from marts.dim_opportunities
"""


def test_same_opportunities_as_the_contract_build(contract_db: Path, fivetran_db: Path) -> None:
    contract = {
        (str(hubspot_id("opportunities", row[0])), str(hubspot_id("accounts", row[1])), *row[2:])
        for row in query(contract_db, OPPORTUNITIES_SQL)
    }
    hubspot = set(query(fivetran_db, OPPORTUNITIES_SQL))
    assert len(contract) > 100
    assert {row[4] for row in contract} == {True, False}
    assert hubspot == contract


def test_pipeline_and_won_revenue_to_the_cent(
    contract_db: Path, fivetran_db: Path, fivetran_dir: Path
) -> None:
    """Both builds, and a plain recomputation from the HubSpot files: deals not deleted,
    amount_in_home_currency (USD), won when the deal's stage has closed_won."""
    won_stages = {row["stage_id"] for row in read_rows(fivetran_dir / "deal_pipeline_stage.csv")
                  if row["closed_won"] == "true"}  # fmt: skip
    pipeline = won = Decimal(0)
    for row in read_rows(fivetran_dir / "deal.csv"):
        if is_deleted(row):
            continue
        amount = Decimal(row["property_amount_in_home_currency"])
        pipeline += amount
        won += amount if row["deal_pipeline_stage_id"] in won_stages else 0
    expected = (round(float(pipeline), 2), round(float(won), 2))
    sql = "select round(sum(amount), 2), round(sum(won_amount), 2) from marts.dim_opportunities"
    assert query(fivetran_db, sql)[0] == expected
    assert query(contract_db, sql)[0] == expected


def test_same_lifecycle_events_and_contact_roles(contract_db: Path, fivetran_db: Path) -> None:
    """Every lifecycle event (SAL, recycled and disqualified through the lead status) and
    every contact role (role and primary through the association labels)."""
    events = "select contact_id, stage, occurred_at from staging.stg_crm__lifecycle_events"
    contract = Counter((str(hubspot_id("contacts", c)), s, t) for c, s, t in query(contract_db, events))
    assert {"lead", "mql", "sal", "sql", "opportunity", "customer", "recycled"} <= {s for _, s, _ in contract}
    assert Counter(query(fivetran_db, events)) == contract
    roles = (
        "select opportunity_id, contact_id, role, is_primary from staging.stg_crm__opportunity_contact_roles"
    )
    contract_roles = {
        (str(hubspot_id("opportunities", o)), str(hubspot_id("contacts", c)), r, p)
        for o, c, r, p in query(contract_db, roles)
    }
    assert set(query(fivetran_db, roles)) == contract_roles


def test_same_touches_and_credit_per_channel_as_the_contract_build(
    contract_db: Path, fivetran_db: Path
) -> None:
    touches = "select channel, count(*) from marts.fct_touchpoints group by channel"
    contract = dict(query(contract_db, touches))
    expected_channels = {
        "sales_email",
        "sales_call",
        "meeting",
        "email",
        "webinar",
        "event",
        "content",
        "direct",
    }
    assert expected_channels <= set(contract)
    assert dict(query(fivetran_db, touches)) == contract
    credit = (
        "select attribution_model, channel, round(sum(attributed_revenue), 2)"
        " from marts.fct_attributed_touchpoints group by all"
    )
    assert set(query(fivetran_db, credit)) == set(query(contract_db, credit))


def test_every_model_credits_the_won_revenue(fivetran_db: Path) -> None:
    won = query(fivetran_db, "select round(sum(won_amount), 2) from marts.dim_opportunities")[0][0]
    credited = query(
        fivetran_db,
        "select attribution_model, round(sum(attributed_revenue), 2) from marts.fct_attributed_touchpoints"
        " group by attribution_model",
    )
    assert len(credited) >= 10
    assert {model: won for model, _ in credited} == dict(credited)


def test_only_rows_deleted_at_the_source_are_rejected(fivetran_db: Path, fivetran_dir: Path) -> None:
    """HubSpot tables: exactly the rows the files mark deleted (deal_stage's earlier stages
    are accepted); the contract tables built from them: nothing; the web touchpoints file:
    only its own defective rows."""
    expected = Counter()
    for table in HUBSPOT_TABLES:
        for row in read_rows(fivetran_dir / f"{table}.csv"):
            if is_deleted(row):
                expected[(table, "deleted_in_source")] += 1
    inactive_stages = sum(
        row["_fivetran_active"] == "false" for row in read_rows(fivetran_dir / "deal_stage.csv")
    )
    web_ids = {row["touchpoint_id"] for row in read_rows(fivetran_dir / "touchpoints.csv")}
    rejected = query(
        fivetran_db, "select source_table, source_key, rejection_reason from staging.stg_input__rejected_rows"
    )
    hubspot = Counter((table, reason) for table, _, reason in rejected if table in HUBSPOT_TABLES)
    others = [row for row in rejected if row[0] not in HUBSPOT_TABLES]
    assert sum(expected.values()) >= 10
    assert inactive_stages > expected[("deal_stage", "deleted_in_source")]
    assert hubspot == expected
    assert {table for table, _, _ in others} <= {"touchpoints"}
    assert {reason for _, _, reason in others} <= {"duplicate_row", "unparseable_occurred_at"}
    assert {key for _, key, _ in others} <= web_ids


def test_fivetran_and_api_names_give_the_same_marts(fivetran_db: Path, api_db: Path) -> None:
    fivetran, api = read_marts(fivetran_db), read_marts(api_db)
    for name in BUILD_IDENTITY:
        fivetran.pop(name), api.pop(name)
    differences = mart_differences(fivetran, api)
    assert not differences, "\n".join(differences)


def test_a_missing_required_table_stops_the_build(fivetran_dir: Path, tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    shutil.copytree(fivetran_dir, data_dir)
    (data_dir / "deal_pipeline_stage.csv").unlink()
    (data_dir / "engagement_deal.csv").unlink()  # optional: its absence alone would not stop it
    _, completed = build_project(
        data_dir, tmp_path / "build", vars=HUBSPOT_VARS, select="stg_hubspot__company", expect_success=False
    )
    assert "Input table 'deal_pipeline_stage': no file deal_pipeline_stage.csv or" in completed.stdout
    assert "engagement_deal" not in completed.stdout
