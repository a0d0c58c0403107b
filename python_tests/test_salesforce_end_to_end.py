"""Salesforce source adapter (docs/salesforce.md) end to end, on the demo generator's Salesforce shape.

One planted world (same accounts and seed) is written in three shapes: the input
contract, Salesforce with Fivetran's column names, Salesforce with the API names
(docs/demo_shapes.md), the Salesforce ones with the web touchpoints beside them.
Each is built once. The Salesforce builds must agree with the contract build where
the mapping is lossless (same opportunities, pipeline and won revenue to the cent,
same touches per channel), reject nothing but the rows deleted at the source, and
the two column conventions must give the same marts bit for bit. The pipeline and
the deleted rows are also recomputed in plain Python from the Salesforce files.
"""

from __future__ import annotations

import csv
import shutil
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest

from attribution_kit.generate.shapes.salesforce import salesforce_id
from python_tests import csv_files
from python_tests.conftest import build_project, generate_world
from python_tests.marts import comparable, mart_differences, query, read_marts

ACCOUNTS = 160
SEED = 11
SALESFORCE_VARS = {"attribution_source_system": "salesforce"}
SALESFORCE_TABLES = (
    "account", "contact", "lead", "opportunity", "opportunity_contact_role", "campaign", "campaign_member",
    "task", "event", "user", "opportunity_history", "opportunity_field_history", "currency_type",
    "dated_conversion_rate",
)  # fmt: skip


def generate(out: Path, *options: str) -> Path:
    return generate_world(out, ACCOUNTS, SEED, *options)


def read_rows(path: Path) -> list[dict[str, str]]:
    return csv_files.read_rows(path)[1]


@pytest.fixture(scope="module")
def fivetran_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate(
        tmp_path_factory.mktemp("sf_fivetran_data"),
        "--shape", "salesforce", "--column-convention", "fivetran", "--with-web-touchpoints",
    )  # fmt: skip


@pytest.fixture(scope="module")
def contract_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data_dir = generate(tmp_path_factory.mktemp("sf_contract_data"))
    db_path, _ = build_project(data_dir, tmp_path_factory.mktemp("sf_contract_build"))
    return db_path


@pytest.fixture(scope="module")
def fivetran_db(fivetran_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    build_dir = tmp_path_factory.mktemp("sf_fivetran_build")
    db_path, _ = build_project(fivetran_dir, build_dir, vars=SALESFORCE_VARS, unit_tests=True)
    return db_path


@pytest.fixture(scope="module")
def api_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data_dir = generate(
        tmp_path_factory.mktemp("sf_api_data"),
        "--shape", "salesforce", "--column-convention", "api", "--with-web-touchpoints",
    )  # fmt: skip
    db_path, _ = build_project(data_dir, tmp_path_factory.mktemp("sf_api_build"), vars=SALESFORCE_VARS)
    return db_path


OPPORTUNITIES_SQL = """
    select opportunity_id, is_closed, is_won, round(amount, 2), opportunity_type, stage_name
    from marts.dim_opportunities
"""


def test_same_opportunities_as_the_contract_build(contract_db: Path, fivetran_db: Path) -> None:
    contract = {
        (salesforce_id("opportunities", row[0]), *row[1:]) for row in query(contract_db, OPPORTUNITIES_SQL)
    }
    salesforce = set(query(fivetran_db, OPPORTUNITIES_SQL))
    assert len(contract) > 100
    assert salesforce == contract


def test_pipeline_and_won_revenue_to_the_cent(
    contract_db: Path, fivetran_db: Path, fivetran_dir: Path
) -> None:
    """Both builds, and a plain recomputation from the Salesforce files: not deleted
    opportunities, amount / CurrencyType.ConversionRate (units per corporate USD)."""
    rates = {
        row["iso_code"]: Decimal(row["conversion_rate"])
        for row in read_rows(fivetran_dir / "currency_type.csv")
        if row["is_deleted"] != "true"
    }
    pipeline = won = Decimal(0)
    for row in read_rows(fivetran_dir / "opportunity.csv"):
        if row["is_deleted"] == "true" or row["_fivetran_deleted"] == "true":
            continue
        amount = Decimal(row["amount"]) / rates[row["currency_iso_code"]]
        pipeline += amount
        won += amount if row["is_won"] == "true" else 0
    expected = (round(float(pipeline), 2), round(float(won), 2))
    sql = "select round(sum(amount), 2), round(sum(won_amount), 2) from marts.dim_opportunities"
    assert query(fivetran_db, sql)[0] == expected
    assert query(contract_db, sql)[0] == expected


def test_same_touches_per_channel_as_the_contract_build(contract_db: Path, fivetran_db: Path) -> None:
    sql = "select channel, count(*) from marts.fct_touchpoints group by channel"
    contract = dict(query(contract_db, sql))
    assert {"sales_email", "sales_call", "meeting", "email", "webinar", "event", "direct"} <= set(contract)
    assert dict(query(fivetran_db, sql)) == contract


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
    """Salesforce tables: exactly the rows the files mark deleted; the contract tables
    built from them: nothing; the web touchpoints file: only its own defective rows."""
    expected = Counter()
    for table in SALESFORCE_TABLES:
        for row in read_rows(fivetran_dir / f"{table}.csv"):
            if row["is_deleted"] == "true" or row.get("_fivetran_deleted") == "true":
                expected[(table, "deleted_in_source")] += 1
    web_ids = {row["touchpoint_id"] for row in read_rows(fivetran_dir / "touchpoints.csv")}
    rejected = query(
        fivetran_db, "select source_table, source_key, rejection_reason from staging.stg_input__rejected_rows"
    )
    salesforce = Counter((table, reason) for table, _, reason in rejected if table in SALESFORCE_TABLES)
    others = [row for row in rejected if row[0] not in SALESFORCE_TABLES]
    assert sum(expected.values()) >= 10
    assert salesforce == expected
    assert {table for table, _, _ in others} <= {"touchpoints"}
    assert {reason for _, _, reason in others} <= {"duplicate_row", "unparseable_occurred_at"}
    assert {key for _, key, _ in others} <= web_ids


def test_sales_touches_name_their_rep(fivetran_db: Path, fivetran_dir: Path) -> None:
    """Every call, email and meeting names its owner's User.Name, read here from the files
    (to-do tasks, type Other, are no touch)."""
    live = [
        row
        for table in ("user", "task", "event")
        for row in read_rows(fivetran_dir / f"{table}.csv")
        if row["is_deleted"] != "true" and row.get("_fivetran_deleted") != "true"
    ]
    users = {row["id"]: row["name"] for row in live if "is_active" in row}
    expected = {
        row["id"]: users[row["owner_id"]] for row in live if "who_id" in row and row["type"] != "Other"
    }
    sales = "from marts.fct_touchpoints where channel in ('sales_email', 'sales_call', 'meeting')"
    assert len(expected) > 100
    assert dict(query(fivetran_db, f"select touchpoint_id, sales_rep_name {sales}")) == expected
    # The account timeline shows the touches of known accounts, each with its rep.
    with_account = query(fivetran_db, f"select touchpoint_id {sales} and account_id is not null")
    timeline = (
        "select touchpoint_id, sales_rep_name from marts.rpt_account_timeline"
        " where sales_rep_name is not null"
    )
    assert len(with_account) > 0.9 * len(expected)
    assert dict(query(fivetran_db, timeline)) == {touch: expected[touch] for touch, in with_account}


def test_won_deals_make_their_role_contacts_customers(contract_db: Path, fivetran_db: Path) -> None:
    """Every customer event of the contract (a role contact of a won deal, at its close) is the
    Salesforce build's too, person by email. Salesforce makes every role contact of a won deal a
    customer; the contract's world leaves its consultants (on a role, never in the funnel: no
    `opportunity` event) out of the funnel, and those are the only extra customers."""
    sql = """
        select contacts.email, events.occurred_at
        from staging.stg_crm__lifecycle_events as events
        inner join staging.stg_crm__contacts as contacts on events.contact_id = contacts.contact_id
        where events.stage = 'customer'
    """
    contract = Counter(query(contract_db, sql))
    salesforce = Counter(query(fivetran_db, sql))
    assert sum(contract.values()) > 20
    assert salesforce & contract == contract
    consultants = {
        email
        for (email,) in query(
            contract_db,
            """
            select distinct contacts.email
            from staging.stg_crm__opportunity_contact_roles as roles
            inner join staging.stg_crm__contacts as contacts on roles.contact_id = contacts.contact_id
            where roles.contact_id not in (
                select contact_id from staging.stg_crm__lifecycle_events where stage = 'opportunity'
            )
            """,
        )
    }
    assert {email for email, _ in salesforce - contract} <= consultants


def test_fivetran_and_api_names_give_the_same_marts(fivetran_db: Path, api_db: Path) -> None:
    """Bit for bit, but for the build's own identity (rpt_attribution_run_settings)."""
    differences = mart_differences(comparable(read_marts(fivetran_db)), comparable(read_marts(api_db)))
    assert not differences, "\n".join(differences)


def test_rows_deleted_at_the_source_are_no_loss(fivetran_dir: Path, tmp_path: Path) -> None:
    """A recycle bin far above the 2 % a table may lose: the build passes, and the loss
    summary lists exactly the deleted rows, with a rejected share of 0 for the table."""
    data_dir = tmp_path / "data"
    shutil.copytree(fivetran_dir, data_dir)
    header, rows = csv_files.read_rows(data_dir / "campaign_member.csv")
    for number, row in enumerate(rows):
        if number % 5 == 0:
            row["is_deleted"] = "true"
    csv_files.write_rows(data_dir / "campaign_member.csv", header, rows)
    deleted = sum(row["is_deleted"] == "true" or row["_fivetran_deleted"] == "true" for row in rows)
    assert deleted > 0.15 * len(rows)
    db_path, _ = build_project(data_dir, tmp_path / "build", vars=SALESFORCE_VARS, select="+rpt_input_losses")
    losses = query(
        db_path,
        "select reason, row_count, table_rejected_share, exceeds_max_rejected_share"
        " from marts.rpt_input_losses where source_table = 'campaign_member' and severity = 'rejected'",
    )
    assert losses == [("deleted_in_source", deleted, 0.0, False)]


def test_a_missing_required_table_stops_the_build(fivetran_dir: Path, tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    shutil.copytree(fivetran_dir, data_dir)
    (data_dir / "opportunity.csv").unlink()
    _, completed = build_project(
        data_dir,
        tmp_path / "build",
        vars=SALESFORCE_VARS,
        select="stg_salesforce__account",
        expect_success=False,
    )
    assert "Input table 'opportunity': no file opportunity.csv or opportunity.parquet" in completed.stdout


def test_an_inactive_history_row_is_deleted_in_source(fivetran_dir: Path, tmp_path: Path) -> None:
    """Fivetran's history mode keeps old versions with _fivetran_active false: left out
    as deleted_in_source, beside the rows is_deleted or _fivetran_deleted mark."""
    data_dir = tmp_path / "data"
    shutil.copytree(fivetran_dir, data_dir)
    rows = read_rows(data_dir / "account.csv")
    for number, row in enumerate(rows):
        row["_fivetran_active"] = "false" if number in (3, 4) else "true"
    with (data_dir / "account.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    deleted = {
        row["id"]
        for row in rows
        if "true" in (row["is_deleted"], row["_fivetran_deleted"]) or row["_fivetran_active"] == "false"
    }
    assert len(deleted) >= 3
    build_dir = tmp_path / "build"
    db_path, _ = build_project(data_dir, build_dir, vars=SALESFORCE_VARS, select="base_salesforce__account")
    rejected = query(
        db_path,
        "select id, rejection_reason from staging.base_salesforce__account where rejection_reason <> ''",
    )
    assert {key for key, _ in rejected} == deleted
    assert {reason for _, reason in rejected} == {"deleted_in_source"}
