"""Tests of the generator's Salesforce shape, on the generated files alone (no dbt build).

The Salesforce files are read back with a deliberately plain implementation
(csv module, dicts, the rules of the issue "Read Salesforce and HubSpot as
they land in the warehouse" and the Salesforce object reference) and compared
with the contract files of the same seed, read with test_generate's
independent reader: same opportunities and amounts, same touches per
channel, person and day, same lead-creation times, same spend. The
interface (tables and columns) is the agreed list of the Salesforce source
work, copied here on purpose: a test of the generator against its own
constant could not fail.
"""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from attribution_kit import generate as gen
from attribution_kit.generate.shapes.salesforce import salesforce_id
from attribution_kit.tests.test_generate import classify, parse_ts

SEED = 11
ACCOUNTS = 150
PROJECT_DIR = Path(__file__).resolve().parents[2]

# The agreed interface: table -> the columns the project reads (snake_case).
INTERFACE = {
    "account": "id name website industry number_of_employees created_date is_deleted",
    "contact": "id account_id email title lead_source created_date is_deleted",
    "lead": "id email company title lead_source status created_date is_converted converted_date "
    "converted_contact_id converted_account_id converted_opportunity_id is_deleted",
    "opportunity": "id account_id name type stage_name amount currency_iso_code is_closed is_won close_date "
    "created_date lead_source campaign_id owner_id is_deleted",
    "opportunity_contact_role": "id opportunity_id contact_id role is_primary created_date is_deleted",
    "campaign": "id name type status start_date end_date actual_cost currency_iso_code is_deleted",
    "campaign_member": "id campaign_id lead_id contact_id status has_responded first_responded_date "
    "created_date is_deleted",
    "task": "id who_id what_id account_id owner_id type task_subtype subject activity_date created_date "
    "status is_deleted",
    "event": "id who_id what_id account_id owner_id type event_subtype subject start_date_time activity_date "
    "created_date is_deleted",
    "user": "id name email is_active",
    "opportunity_history": "id opportunity_id stage_name amount close_date created_date is_deleted",
    "opportunity_field_history": "id opportunity_id field old_value new_value created_date is_deleted",
    "currency_type": "iso_code conversion_rate is_corporate is_active",
    "dated_conversion_rate": "iso_code conversion_rate start_date next_start_date",
}
KEY_PREFIX = {
    "account": "001",
    "contact": "003",
    "lead": "00Q",
    "opportunity": "006",
    "opportunity_contact_role": "00K",
    "campaign": "701",
    "campaign_member": "00v",
    "task": "00T",
    "event": "00U",
    "user": "005",
}
# Campaign.Type -> channel: Salesforce's standard picklist values, and Marketo Measure's
# "CHANNEL - SUBCHANNEL" convention read by its channel part.
STANDARD_CAMPAIGN_TYPES = {
    "email": "email",
    "webinar": "webinar",
    "conference": "event",
    "trade show": "event",
    "banner ads": "display",
}
CHANNEL_PARTS = {
    "paid search": "paid_search",
    "paid social": "paid_social",
    "display": "display",
    "content": "content",
}
# Task and event types that are sales touches (a to-do task is none).
ACTIVITY_CHANNELS = {
    ("task", "Email"): "sales_email",
    ("task", "Call"): "sales_call",
    ("event", "Meeting"): "meeting",
}
SALES_CHANNELS = {"sales_email", "sales_call", "meeting"}


# ----------------------------------------------------------------------------
# Plain readers
# ----------------------------------------------------------------------------


def read(folder: Path, table: str) -> list[dict[str, str]]:
    with open(folder / f"{table}.csv", newline="") as f:
        return list(csv.DictReader(f))


def header(folder: Path, table: str) -> list[str]:
    with open(folder / f"{table}.csv", newline="") as f:
        return next(csv.reader(f))


def snake(row: dict[str, str]) -> dict[str, str]:
    """An API-convention row with Fivetran's names: CreatedDate -> created_date, Foo__c -> foo_c."""
    out = {}
    for name, value in row.items():
        custom = name.endswith("__c")
        base = name.removesuffix("__c")
        key = "".join("_" + ch.lower() if ch.isupper() else ch for ch in base).lstrip("_").replace("__", "_")
        out[key + ("_c" if custom else "")] = value
    return out


def is_deleted(row: dict[str, str]) -> bool:
    return row.get("is_deleted") == "true" or row.get("_fivetran_deleted") == "true"


def live(folder: Path, table: str) -> list[dict[str, str]]:
    return [r for r in read(folder, table) if not is_deleted(r)]


def instant(text: str) -> datetime:
    value = parse_ts(text.replace("+0000", "+00:00"))
    assert value is not None, text
    return value


def campaign_channel(campaign_type: str) -> str:
    kind = campaign_type.lower()
    if " - " in kind:
        return CHANNEL_PARTS[kind.split(" - ")[0]]
    return STANDARD_CAMPAIGN_TYPES[kind]


def salesforce_checksum(id15: str) -> str:
    """The case-safe suffix: per five characters, the bits of their upper-case letters."""
    out = ""
    for chunk in range(3):
        flags = sum(1 << i for i, ch in enumerate(id15[5 * chunk : 5 * chunk + 5]) if "A" <= ch <= "Z")
        out += "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"[flags]
    return out


class Salesforce:
    """The live rows of a Salesforce folder, with person lookups."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.accounts = {r["id"]: r for r in live(folder, "account")}
        self.contacts = {r["id"]: r for r in live(folder, "contact")}
        self.leads = {r["id"]: r for r in live(folder, "lead")}
        self.campaigns = {r["id"]: r for r in live(folder, "campaign")}
        self.opportunities = {r["id"]: r for r in live(folder, "opportunity")}

    def person_email(self, person_id: str) -> str:
        """A member's, task's or touch's person: the contact, else the lead (converted: its contact)."""
        if person_id in self.contacts:
            return self.contacts[person_id]["email"].lower()
        lead = self.leads[person_id]
        if lead["is_converted"] == "true":
            return self.contacts[lead["converted_contact_id"]]["email"].lower()
        return lead["email"].lower()

    def touches(self) -> list[tuple[str, str, datetime, str]]:
        """(channel, person email, time, source) of every campaign response and sales activity."""
        out = []
        for m in live(self.folder, "campaign_member"):
            if m["has_responded"] != "true":
                continue
            channel = campaign_channel(self.campaigns[m["campaign_id"]]["type"])
            day = datetime.fromisoformat(m["first_responded_date"]).replace(tzinfo=UTC)
            out.append((channel, self.person_email(m["contact_id"] or m["lead_id"]), day, "member"))
        for table, time_column in (("task", "created_date"), ("event", "start_date_time")):
            for a in live(self.folder, table):
                channel = ACTIVITY_CHANNELS.get((table, a["type"]))
                if channel:
                    out.append((channel, self.person_email(a["who_id"]), instant(a[time_column]), table))
        return out


def touch_keys(rows: list[dict[str, str]], campaigns: dict[str, str], email_of, domain_of) -> list[tuple]:
    """(channel, identity, time) of the valid rows of a contract-format touchpoints file:
    exact duplicates and unparseable times left out; identity = the person's email, else the
    account's domain, else empty."""
    seen: set[tuple] = set()
    out = []
    for row in rows:
        key = tuple(row.values())
        at = parse_ts(row["occurred_at"])
        if key in seen or at is None:
            continue
        seen.add(key)
        if row["contact_id"]:
            identity = email_of(row["contact_id"])
        elif row["email"]:
            identity = row["email"].lower()
        elif row["account_id"]:
            identity = domain_of(row["account_id"])
        else:
            identity = ""
        out.append((classify(row, campaigns), identity, at))
    return out


def contract_touches(folder: Path) -> list[tuple]:
    contacts = {r["contact_id"]: r["email"].lower() for r in read(folder, "contacts")}
    domains = {r["account_id"]: r["domain"] for r in read(folder, "accounts")}
    campaigns = {r["campaign_id"]: r["channel"] for r in read(folder, "campaigns")}
    return touch_keys(read(folder, "touchpoints"), campaigns, contacts.__getitem__, domains.__getitem__)


def web_touches(folder: Path, sf: Salesforce) -> list[tuple]:
    campaigns = {k: campaign_channel(c["type"]) for k, c in sf.campaigns.items()}
    domain_of = {k: a["website"] for k, a in sf.accounts.items()}.__getitem__
    return touch_keys(read(folder, "touchpoints"), campaigns, sf.person_email, domain_of)


def by_day(keys: list[tuple]) -> Counter:
    return Counter((channel, identity, at.date()) for channel, identity, at, *_ in keys)


def make(folder: Path, **kwargs) -> Path:
    settings = {"accounts": ACCOUNTS, "seed": SEED, "quiet": True} | kwargs
    gen.generate(gen.Config(out=folder, **settings))
    return folder


# ----------------------------------------------------------------------------
# Fixtures
# ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def contract(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make(tmp_path_factory.mktemp("contract"))


@pytest.fixture(scope="module")
def fivetran(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make(tmp_path_factory.mktemp("fivetran"), shape="salesforce", web_touchpoints=True)


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make(
        tmp_path_factory.mktemp("api"), shape="salesforce", column_convention="api", web_touchpoints=True
    )


@pytest.fixture(scope="module")
def sf(fivetran: Path) -> Salesforce:
    return Salesforce(fivetran)


# ----------------------------------------------------------------------------
# Files, columns, conventions
# ----------------------------------------------------------------------------


def test_writes_every_table_and_the_truth(fivetran: Path, tmp_path: Path) -> None:
    expected = {f"{t}.csv" for t in INTERFACE} | {gen.TRUTH_FILE}
    assert {p.name for p in fivetran.iterdir()} == expected | {"touchpoints.csv"}
    plain = make(tmp_path, shape="salesforce")
    assert {p.name for p in plain.iterdir()} == expected  # web touches only when asked for


@pytest.mark.parametrize("table", sorted(INTERFACE))
def test_fivetran_convention_has_every_interface_column(fivetran: Path, table: str) -> None:
    columns = header(fivetran, table)
    assert set(INTERFACE[table].split()) | {"is_deleted", "_fivetran_synced", "_fivetran_deleted"} <= set(
        columns
    )
    assert all(c == c.lower() for c in columns)


@pytest.mark.parametrize("table", sorted(INTERFACE))
def test_api_convention_has_every_interface_column_by_its_api_name(api: Path, table: str) -> None:
    columns = header(api, table)
    assert not any(c.startswith("_fivetran") for c in columns)
    assert all(c[0].isupper() for c in columns)
    # An API name matches the snake_case name case-insensitively once underscores are dropped.
    flat = {c.lower().replace("_", "") for c in columns}
    assert {c.replace("_", "") for c in INTERFACE[table].split()} | {"isdeleted"} <= flat
    assert ("Offer_Type__c" in columns) == (table == "campaign")


@pytest.mark.parametrize("table", sorted(INTERFACE))
def test_both_conventions_hold_the_same_rows(fivetran: Path, api: Path, table: str) -> None:
    fivetran_rows = read(fivetran, table)
    api_rows = [snake(r) for r in read(api, table)]
    assert len(fivetran_rows) == len(api_rows)
    for f, a in zip(fivetran_rows, api_rows, strict=True):
        assert a["is_deleted"] == ("true" if is_deleted(f) else "false")
        for column, value in a.items():
            if column == "is_deleted":
                continue
            if value.endswith("+0000"):
                assert instant(value) == instant(f[column])
                assert value[:23] == f[column][:23]  # 2024-03-01T09:30:00.000
            else:
                assert value == f[column], (table, column)


def test_timestamps_and_dates_are_written_as_the_exports_write_them(fivetran: Path, api: Path) -> None:
    for folder, suffix in ((fivetran, "Z"), (api, "+0000")):
        opportunity = read(folder, "opportunity")[0]
        created = opportunity.get("created_date") or opportunity["CreatedDate"]
        assert len(created) == 24 + len(suffix) - 1 and created.endswith(suffix) and created[10] == "T"
        close = opportunity.get("close_date") or opportunity["CloseDate"]
        assert date.fromisoformat(close)


def test_same_seed_gives_identical_files(fivetran: Path, tmp_path: Path) -> None:
    again = make(tmp_path, shape="salesforce", web_touchpoints=True)
    assert {p.name: p.read_bytes() for p in again.iterdir()} == {
        p.name: p.read_bytes() for p in fivetran.iterdir()
    }


def test_parquet_holds_the_same_rows_with_types(fivetran: Path, tmp_path: Path) -> None:
    make(tmp_path, shape="salesforce", fmt="parquet")
    for table in ("opportunity", "campaign_member", "account"):
        parquet = pq.read_table(tmp_path / f"{table}.parquet").to_pylist()
        rows = read(fivetran, table)
        assert len(parquet) == len(rows)
        for p, r in zip(parquet, rows, strict=True):
            assert p["id"] == r["id"] and p["is_deleted"] == (r["is_deleted"] == "true")
    opportunity = pq.read_table(tmp_path / "opportunity.parquet")
    assert str(opportunity.schema.field("amount").type) == "double"
    assert str(opportunity.schema.field("is_won").type) == "bool"


def test_cli_takes_the_shape_options() -> None:
    config = gen.parse_args(["--shape", "salesforce", "--column-convention", "api", "--with-web-touchpoints"])
    assert (config.shape, config.column_convention, config.web_touchpoints) == ("salesforce", "api", True)
    assert gen.parse_args(["--shape", "salesforce"]).column_convention == "fivetran"
    assert gen.parse_args([]).shape == "contract"
    for wrong in (["--column-convention", "api"], ["--with-web-touchpoints"], ["--shape", "pipedrive"]):
        with pytest.raises(SystemExit):
            gen.parse_args(wrong)


# ----------------------------------------------------------------------------
# Ids, deleted rows, references
# ----------------------------------------------------------------------------


def test_checksum_matches_a_published_example() -> None:
    assert salesforce_checksum("0019000000B98de") == "AAB"  # 0019000000B98de -> 0019000000B98deAAB


def test_ids_are_case_safe_salesforce_ids(fivetran: Path) -> None:
    seen: set[str] = set()
    for table, prefix in KEY_PREFIX.items():
        ids = [r["id"] for r in read(fivetran, table)]
        assert ids
        for value in ids:
            assert len(value) == 18 and value.isalnum() and value.startswith(prefix), value
            assert value[15:] == salesforce_checksum(value[:15]), value
        seen.update(v.lower() for v in ids)
        assert len(seen) == sum(
            len(read(fivetran, t)) for t in list(KEY_PREFIX)[: list(KEY_PREFIX).index(table) + 1]
        )


def test_deleted_rows_are_present_and_marked(fivetran: Path, api: Path) -> None:
    deleted_tables = []
    kinds = Counter()
    for table in INTERFACE:
        rows = read(fivetran, table)
        soft = sum(r["is_deleted"] == "true" for r in rows)
        hard = sum(r["_fivetran_deleted"] == "true" for r in rows)
        kinds.update({"soft": soft, "hard": hard})
        if soft + hard:
            deleted_tables.append(table)
            assert soft + hard <= max(3, 0.01 * len(rows)), table
            api_deleted = sum(r["IsDeleted"] == "true" for r in read(api, table))
            assert api_deleted == soft + hard
    assert {"account", "contact", "lead", "opportunity", "campaign_member", "task"} <= set(deleted_tables)
    assert kinds["soft"] > 0 and kinds["hard"] > 0


def test_no_dirty_writes_no_deleted_and_no_defective_rows(tmp_path: Path) -> None:
    clean = make(tmp_path, shape="salesforce", web_touchpoints=True, dirty=False)
    for table in INTERFACE:
        assert not any(is_deleted(r) for r in read(clean, table)), table
    web = read(clean, "touchpoints")
    assert len({tuple(r.values()) for r in web}) == len(web)
    assert all(parse_ts(r["occurred_at"]) for r in web)


def test_no_live_row_refers_to_a_deleted_row(fivetran: Path) -> None:
    deleted = {r["id"] for t in KEY_PREFIX for r in read(fivetran, t) if is_deleted(r)}
    live_references = {
        v for t in INTERFACE for r in live(fivetran, t) for k, v in r.items() if k.endswith("_id")
    }
    assert deleted and not deleted & live_references


def test_references_resolve(fivetran: Path, sf: Salesforce) -> None:
    users = {r["id"] for r in read(fivetran, "user")}
    people = sf.contacts.keys() | sf.leads.keys()
    assert all(c["account_id"] in sf.accounts for c in sf.contacts.values() if c["account_id"])
    assert all(a["owner_id"] in users for a in sf.accounts.values())
    for lead in sf.leads.values():
        if lead["is_converted"] == "true":
            assert lead["converted_contact_id"] in sf.contacts
            assert lead["converted_account_id"] in sf.accounts
            assert (
                not lead["converted_opportunity_id"] or lead["converted_opportunity_id"] in sf.opportunities
            )
        else:
            assert not (
                lead["converted_contact_id"] or lead["converted_account_id"] or lead["converted_date"]
            )
    for o in sf.opportunities.values():
        assert o["account_id"] in sf.accounts and o["owner_id"] in users
        assert not o["campaign_id"] or o["campaign_id"] in sf.campaigns
    for r in live(fivetran, "opportunity_contact_role"):
        assert r["opportunity_id"] in sf.opportunities and r["contact_id"] in sf.contacts
    for m in live(fivetran, "campaign_member"):
        assert m["campaign_id"] in sf.campaigns
        assert m["lead_id"] or m["contact_id"]
        assert not m["lead_id"] or m["lead_id"] in sf.leads
        assert not m["contact_id"] or m["contact_id"] in sf.contacts
    for table in ("task", "event"):
        for a in live(fivetran, table):
            assert a["who_id"] in people and a["owner_id"] in users
            assert not a["account_id"] or a["account_id"] in sf.accounts
            assert not a["what_id"] or a["what_id"] in sf.accounts | sf.opportunities
    for table in ("opportunity_history", "opportunity_field_history"):
        assert all(r["opportunity_id"] in sf.opportunities for r in live(fivetran, table))
    web = read(fivetran, "touchpoints")
    assert all(not t["contact_id"] or t["contact_id"] in people for t in web)
    assert all(not t["account_id"] or t["account_id"] in sf.accounts for t in web)
    assert all(not t["campaign_id"] or t["campaign_id"] in sf.campaigns for t in web)


# ----------------------------------------------------------------------------
# The same world as the contract shape
# ----------------------------------------------------------------------------


def opportunity_key(row: dict[str, str], domain: str) -> tuple[str, datetime]:
    return domain, instant(row.get("created_at") or row["created_date"])


def type_seed() -> dict[str, str]:
    with open(PROJECT_DIR / "seeds" / "opportunity_type_values.csv", newline="") as f:
        return {r["source_value"]: r["opportunity_type"] for r in csv.DictReader(f)}


def test_opportunities_match_the_contract(contract: Path, sf: Salesforce) -> None:
    domains = {r["account_id"]: r["domain"] for r in read(contract, "accounts")}
    expected = {opportunity_key(o, domains[o["account_id"]]): o for o in read(contract, "opportunities")}
    actual = {
        opportunity_key(o, sf.accounts[o["account_id"]]["website"]): o for o in sf.opportunities.values()
    }
    assert actual.keys() == expected.keys() and len(actual) == len(sf.opportunities)
    types = type_seed()
    for key, o in actual.items():
        c = expected[key]
        assert o["amount"] == c["amount"] and o["currency_iso_code"] == c["currency"]
        assert (o["is_closed"], o["is_won"], o["stage_name"]) == (
            c["is_closed"],
            c["is_won"],
            c["stage_name"],
        )
        assert o["lead_source"] == c["lead_source"]
        assert types.get(o["type"].lower(), "new_business") == c["opportunity_type"]  # blank: the var default
        if c["closed_at"]:
            assert date.fromisoformat(o["close_date"]) == instant(c["closed_at"]).date()
        else:
            assert o["close_date"]  # an open deal's expected close
    assert sum(not o["type"] for o in actual.values()) > 0
    assert {o["type"] for o in actual.values()} > {"New Customer", "Existing Customer - Upgrade", "Renewal"}


@pytest.mark.parametrize(
    ("table", "key", "salesforce_table", "columns"),
    [
        ("accounts", "account_id", "account", {"domain": "website", "account_name": "name"}),
        ("opportunities", "opportunity_id", "opportunity", {"amount": "amount", "stage_name": "stage_name"}),
        ("campaigns", "campaign_id", "campaign", {"campaign_name": "name", "offer_type": "offer_type_c"}),
    ],
)
def test_contract_ids_map_to_their_salesforce_rows(
    contract: Path, fivetran: Path, table: str, key: str, salesforce_table: str, columns: dict[str, str]
) -> None:
    rows = {r["id"]: r for r in live(fivetran, salesforce_table)}
    for c in read(contract, table):
        row = rows.pop(salesforce_id(table, c[key]))
        assert {mine: row[theirs] for mine, theirs in columns.items()} == {k: c[k] for k in columns}
    assert not rows


def test_pipeline_and_won_revenue_match_to_the_cent(contract: Path, fivetran: Path, sf: Salesforce) -> None:
    reporting = {r["currency"]: float(r["rate_to_reporting"]) for r in read(contract, "currency_rates")}
    corporate = {r["iso_code"]: float(r["conversion_rate"]) for r in read(fivetran, "currency_type")}
    assert [r["iso_code"] for r in read(fivetran, "currency_type") if r["is_corporate"] == "true"] == ["USD"]

    def totals(rows, amount_in_usd):
        pipeline = sum(amount_in_usd(r) for r in rows)
        won = sum(amount_in_usd(r) for r in rows if r["is_won"] == "true")
        return pipeline, won

    expected = totals(
        read(contract, "opportunities"), lambda r: float(r["amount"]) * reporting[r["currency"]]
    )
    actual = totals(
        sf.opportunities.values(), lambda r: float(r["amount"]) / corporate[r["currency_iso_code"]]
    )
    assert actual == pytest.approx(expected, abs=0.005)
    assert expected[1] > 0


def test_dated_rates_cover_every_deal_with_the_same_rate(fivetran: Path, sf: Salesforce) -> None:
    corporate = {r["iso_code"]: r["conversion_rate"] for r in read(fivetran, "currency_type")}
    periods = defaultdict(list)
    for r in read(fivetran, "dated_conversion_rate"):
        periods[r["iso_code"]].append(
            (date.fromisoformat(r["start_date"]), date.fromisoformat(r["next_start_date"]))
        )
        assert r["conversion_rate"] == corporate[r["iso_code"]]
    for o in sf.opportunities.values():
        for day in (date.fromisoformat(o["close_date"]), instant(o["created_date"]).date()):
            assert sum(start <= day < end for start, end in periods[o["currency_iso_code"]]) == 1


def test_stage_history_ends_in_the_current_stage_and_closes_at_the_exact_time(
    contract: Path, fivetran: Path, sf: Salesforce
) -> None:
    closed_at = {}
    domains = {r["account_id"]: r["domain"] for r in read(contract, "accounts")}
    for c in read(contract, "opportunities"):
        closed_at[opportunity_key(c, domains[c["account_id"]])] = c["closed_at"]
    history = defaultdict(list)
    for h in live(fivetran, "opportunity_history"):
        history[h["opportunity_id"]].append((instant(h["created_date"]), h["stage_name"]))
    for opportunity_id, o in sf.opportunities.items():
        rows = sorted(history[opportunity_id])
        assert rows[0] == (instant(o["created_date"]), "Discovery")
        assert rows[-1][1] == o["stage_name"]
        closed = closed_at[opportunity_key(o, sf.accounts[o["account_id"]]["website"])]
        if closed:
            assert rows[-1][0] == instant(closed)
    changes = live(fivetran, "opportunity_field_history")
    assert len(changes) == sum(len(v) - 1 for v in history.values())
    assert {c["field"] for c in changes} == {"StageName"}


def test_contact_roles_match_the_contract(contract: Path, fivetran: Path, sf: Salesforce) -> None:
    domains = {r["account_id"]: r["domain"] for r in read(contract, "accounts")}
    emails = {r["contact_id"]: r["email"].lower() for r in read(contract, "contacts")}
    opportunities = {
        o["opportunity_id"]: opportunity_key(o, domains[o["account_id"]])
        for o in read(contract, "opportunities")
    }
    expected = Counter(
        (opportunities[r["opportunity_id"]], emails[r["contact_id"]], r["role"], r["is_primary"])
        for r in read(contract, "opportunity_contact_roles")
        if r["opportunity_id"] in opportunities  # the contract's orphan rows are defects of that shape
    )
    actual = Counter(
        (
            opportunity_key(
                o := sf.opportunities[r["opportunity_id"]], sf.accounts[o["account_id"]]["website"]
            ),
            sf.contacts[r["contact_id"]]["email"].lower(),
            r["role"],
            r["is_primary"],
        )
        for r in live(fivetran, "opportunity_contact_role")
    )
    assert actual == expected


def test_every_person_is_one_contact_or_one_unconverted_lead(contract: Path, sf: Salesforce) -> None:
    domains = {r["account_id"]: r["domain"] for r in read(contract, "accounts")}
    people = {r["email"].lower(): r for r in read(contract, "contacts")}
    contacts = Counter(c["email"].lower() for c in sf.contacts.values())
    unconverted = Counter(
        lead["email"].lower() for lead in sf.leads.values() if lead["is_converted"] == "false"
    )
    assert contacts.keys() | unconverted.keys() == people.keys()
    assert not contacts.keys() & unconverted.keys()
    assert set(contacts.values()) == {1} and set(unconverted.values()) == {1}
    for c in sf.contacts.values():
        person = people[c["email"].lower()]
        expected_domain = domains[person["account_id"]] if person["account_id"] else ""
        assert (sf.accounts[c["account_id"]]["website"] if c["account_id"] else "") == expected_domain
        assert (c["title"], c["lead_source"]) == (person["job_title"], person["lead_source"])
    for lead in sf.leads.values():
        if lead["is_converted"] == "true":
            assert lead["email"] == sf.contacts[lead["converted_contact_id"]]["email"]
            assert lead["status"] == "Closed - Converted"
        else:
            assert lead["status"] in {"Open - Not Contacted", "Working - Contacted", "Closed - Not Converted"}
    free_mail = [p for p in people.values() if not p["account_id"]]
    assert free_mail and all(p["email"].lower() in unconverted for p in free_mail)
    with_company = [e for e in unconverted if people[e]["account_id"]]
    assert 0 < len(with_company) < len(contacts)
    multiple = Counter(
        lead["converted_contact_id"] for lead in sf.leads.values() if lead["converted_contact_id"]
    )
    assert max(multiple.values()) == 2  # a recycled person's two leads, both converted


def test_lead_creation_times_match_the_contract(contract: Path, sf: Salesforce) -> None:
    emails = {r["contact_id"]: r["email"].lower() for r in read(contract, "contacts")}
    expected: dict[str, datetime] = {}
    for e in read(contract, "lifecycle_events"):
        at = parse_ts(e["occurred_at"])
        if e["stage"] == "lead" and at is not None:
            email = emails[e["contact_id"]]
            expected[email] = min(at, expected.get(email, at))
    actual: dict[str, datetime] = {}
    converted = defaultdict(list)
    for lead in sf.leads.values():
        if lead["is_converted"] == "true":
            converted[lead["converted_contact_id"]].append(instant(lead["created_date"]))
        else:
            actual[lead["email"].lower()] = instant(lead["created_date"])
    for contact_id, c in sf.contacts.items():
        leads = converted.get(contact_id)
        actual[c["email"].lower()] = min(leads) if leads else instant(c["created_date"])
        if leads:
            assert instant(c["created_date"]) >= max(leads)  # the contact is created at conversion
    assert actual == expected


def test_touches_per_channel_person_and_day_match_the_contract(
    contract: Path, fivetran: Path, sf: Salesforce
) -> None:
    expected = contract_touches(contract)
    salesforce = sf.touches()
    web = web_touches(fivetran, sf)
    assert by_day(salesforce) + by_day(web) == by_day(expected)
    assert Counter(t[0] for t in salesforce + web) == Counter(t[0] for t in expected)
    # Activities and web touches keep their exact time; campaign members only the day.
    exact = Counter((channel, identity, at) for channel, identity, at in expected)
    timed = Counter(t[:3] for t in salesforce if t[3] != "member") + Counter(t[:3] for t in web)
    assert not timed - exact
    sources = Counter(t[3] for t in salesforce)
    assert sources["member"] > 0 and sources["task"] > 0 and sources["event"] > 0


def test_without_web_touches_the_sales_channels_still_match(contract: Path, sf: Salesforce) -> None:
    expected = Counter(t[0] for t in contract_touches(contract) if t[0] in SALES_CHANNELS)
    assert Counter(t[0] for t in sf.touches() if t[0] in SALES_CHANNELS) == expected


def test_members_are_unique_and_only_responses_are_touches(fivetran: Path, sf: Salesforce) -> None:
    members = live(fivetran, "campaign_member")
    for column in ("contact_id", "lead_id"):
        pairs = Counter((m["campaign_id"], m[column]) for m in members if m[column])
        assert set(pairs.values()) == {1}, column
    sent = [m for m in members if m["has_responded"] == "false"]
    assert sent and all(m["status"] == "Sent" and not m["first_responded_date"] for m in sent)
    responded = [m for m in members if m["has_responded"] == "true"]
    assert all(m["status"] == "Responded" and m["first_responded_date"] for m in responded)
    assert all(
        instant(m["created_date"]).date() <= date.fromisoformat(m["first_responded_date"]) for m in responded
    )
    both = [m for m in members if m["lead_id"] and m["contact_id"]]
    converted_lead_only = [
        m
        for m in members
        if m["lead_id"] and not m["contact_id"] and sf.leads[m["lead_id"]]["is_converted"] == "true"
    ]
    assert both and converted_lead_only
    todo = [t for t in live(fivetran, "task") if t["task_subtype"] == "Task"]
    assert todo and {t["type"] for t in todo} == {"Other"}


def test_campaign_types_and_costs(contract: Path, sf: Salesforce) -> None:
    types = Counter(c["type"] for c in sf.campaigns.values())
    assert any(" - " in t for t in types) and {"Email", "Webinar", "Banner Ads"} <= types.keys()
    assert all(c["offer_type_c"] for c in sf.campaigns.values())
    expected: Counter = Counter()
    for c in read(contract, "campaigns"):
        if c["actual_cost"]:
            expected[c["currency"]] += Decimal(c["actual_cost"])
    for s in read(contract, "ad_spend"):
        if Decimal(s["amount"]) >= 0:  # the contract's negative rows are defects of that shape
            expected[s["currency"]] += Decimal(s["amount"])
    actual: Counter = Counter()
    for c in sf.campaigns.values():
        if c["actual_cost"]:
            actual[c["currency_iso_code"]] += Decimal(c["actual_cost"])
    assert actual == expected
