"""Tests of the generator's HubSpot shape, on the generated files alone (no dbt build).

The HubSpot files are read back with a deliberately plain implementation
(csv module, dicts, urllib for page URLs, the HubSpot rules of the issue
"Read Salesforce and HubSpot as they land in the warehouse") and compared
with the contract files of the same seed, read with test_generate's
independent reader: same deals and amounts, won and lost, contact roles,
lifecycle dates, and touches per channel, person and time. The interface
(tables, columns, association type ids, HubSpot's values) is the agreed list
of the HubSpot source work, copied here on purpose: a test of the generator
against its own constants could not fail.
"""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pyarrow.parquet as pq
import pytest

from attribution_kit import generate as gen
from attribution_kit.generate.shapes.hubspot import hubspot_id
from attribution_kit.tests.test_generate import classify, parse_ts
from attribution_kit.tests.test_generate_salesforce import touch_keys

SEED = 11
ACCOUNTS = 150
PROJECT_DIR = Path(__file__).resolve().parents[2]

# The agreed interface: table -> the columns the project reads (Fivetran's names).
INTERFACE = {
    "company": "id property_name property_domain property_industry property_numberofemployees "
    "property_createdate is_deleted",
    "contact": "id property_email property_firstname property_lastname property_jobtitle "
    "property_associatedcompanyid property_createdate property_lifecyclestage property_hs_analytics_source "
    "property_hs_lifecyclestage_lead_date property_hs_lifecyclestage_marketingqualifiedlead_date "
    "property_hs_lifecyclestage_salesqualifiedlead_date property_hs_lifecyclestage_opportunity_date "
    "property_hs_lifecyclestage_customer_date",
    "contact_property_history": "contact_id name value timestamp",
    "deal": "deal_id property_dealname property_dealtype property_amount property_deal_currency_code "
    "property_amount_in_home_currency property_createdate property_closedate deal_pipeline_id "
    "deal_pipeline_stage_id owner_id is_deleted",
    "deal_company": "deal_id company_id type_id category",
    "deal_contact": "deal_id contact_id type_id category",
    "deal_pipeline": "pipeline_id label",
    "deal_pipeline_stage": "stage_id pipeline_id label probability closed_won is_closed",
    "deal_stage": "deal_id value date_entered",
    "engagement": "id type timestamp created_at owner_id",
    "engagement_call": "engagement_id type property_hs_timestamp",
    "engagement_email": "engagement_id type property_hs_timestamp",
    "engagement_meeting": "engagement_id type property_hs_timestamp",
    "engagement_contact": "engagement_id contact_id type_id category",
    "engagement_company": "engagement_id company_id type_id category",
    "engagement_deal": "engagement_id deal_id type_id category",
    "form": "guid name",
    "contact_form_submission": "contact_id conversion_id timestamp form_id page_url title",
    "email_campaign": "id name",
    "email_event": "id type created recipient email_campaign_id sent_by_id",
    "email_event_click": "id url",
    "owner": "owner_id email first_name last_name",
}
INTEGER_IDS = {"company": "id", "contact": "id", "deal": "deal_id", "engagement": "id", "owner": "owner_id"}
# deal_contact association labels of the demo portal (USER_DEFINED type ids).
ROLE_LABELS = {
    101: "Decision Maker",
    102: "Economic Buyer",
    103: "Champion",
    104: "Evaluator",
    105: "Influencer",
}
PRIMARY_LABEL = 110
DEAL_CONTACT_TYPE = 3
# HubSpot's lifecycle stages and the lead statuses the demo portal uses for SAL, recycled, disqualified.
LIFECYCLE = {
    "lead": "lead",
    "marketingqualifiedlead": "mql",
    "salesqualifiedlead": "sql",
    "opportunity": "opportunity",
    "customer": "customer",
}
LEAD_STATUS = {"IN_PROGRESS": "sal", "BAD_TIMING": "recycled", "UNQUALIFIED": "disqualified"}
ANALYTICS_SOURCES = {
    "ORGANIC_SEARCH",
    "PAID_SEARCH",
    "EMAIL_MARKETING",
    "SOCIAL_MEDIA",
    "REFERRALS",
    "OTHER_CAMPAIGNS",
    "DIRECT_TRAFFIC",
    "OFFLINE",
    "PAID_SOCIAL",
}
# Which touch a form submission stands for, by the form's name.
FORM_TOUCH_TYPES = {
    "Demo Request": "form_submission",
    "Content Download": "content_download",
    "Webinar Registration": "webinar",
    "Event Registration": "event",
}
ENGAGEMENT_CHANNELS = {"EMAIL": "sales_email", "CALL": "sales_call", "MEETING": "meeting"}
SALES_CHANNELS = set(ENGAGEMENT_CHANNELS.values())


# ----------------------------------------------------------------------------
# Plain readers
# ----------------------------------------------------------------------------


def read(folder: Path, table: str) -> list[dict[str, str]]:
    with open(folder / f"{table}.csv", newline="") as f:
        return list(csv.DictReader(f))


def header(folder: Path, table: str) -> list[str]:
    with open(folder / f"{table}.csv", newline="") as f:
        return next(csv.reader(f))


def is_deleted(row: dict[str, str]) -> bool:
    return "true" in (row.get("is_deleted"), row.get("_fivetran_deleted"), row.get("archived"))


def live(folder: Path, table: str) -> list[dict[str, str]]:
    return [r for r in read(folder, table) if not is_deleted(r)]


def instant(text: str) -> datetime:
    value = parse_ts(text)
    assert value is not None, text
    return value


def bare(domain: str) -> str:
    return domain.lower().removeprefix("www.")


def make(folder: Path, **kwargs) -> Path:
    settings = {"accounts": ACCOUNTS, "seed": SEED, "quiet": True} | kwargs
    gen.generate(gen.Config(out=folder, **settings))
    return folder


class HubSpot:
    """The live rows of a HubSpot folder, keyed by id."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.companies = {r["id"]: r for r in live(folder, "company")}
        self.contacts = {r["id"]: r for r in live(folder, "contact")}
        self.deals = {r["deal_id"]: r for r in live(folder, "deal")}
        self.stages = {r["stage_id"]: r for r in live(folder, "deal_pipeline_stage")}
        self.owners = {r["owner_id"]: r for r in live(folder, "owner")}
        self.forms = {r["guid"]: r for r in live(folder, "form")}
        self.engagements = {r["id"]: r for r in live(folder, "engagement")}
        companies = defaultdict(set)
        for r in live(folder, "deal_company"):
            companies[r["deal_id"]].add(r["company_id"])
        self.deal_company = {}
        for deal_id, found in companies.items():
            (self.deal_company[deal_id],) = found  # the primary and the unlabeled row: one company

    def email(self, contact_id: str) -> str:
        return self.contacts[contact_id]["property_email"].lower()

    def deal_key(self, deal: dict[str, str]) -> tuple[str, datetime]:
        company = self.deal_company[deal["deal_id"]]
        return bare(self.companies[company]["property_domain"]), instant(deal["property_createdate"])

    def touches(self) -> list[tuple[str, str, datetime, str]]:
        """(channel, person email, time, source) of every touch HubSpot holds: marketing email
        clicks, form submissions (the channel from the form and the page's UTMs) and the
        reps' emails, calls and meetings (notes and tasks are none)."""
        out = []
        for e in live(self.folder, "email_event"):
            if e["type"] == "CLICK":
                out.append(("email", e["recipient"].lower(), instant(e["created"]), "email_event"))
        for s in live(self.folder, "contact_form_submission"):
            query = parse_qs(urlsplit(s["page_url"]).query)
            row = {
                "touchpoint_type": FORM_TOUCH_TYPES[self.forms[s["form_id"]]["name"]],
                "utm_source": query.get("utm_source", [""])[0],
                "utm_medium": query.get("utm_medium", [""])[0],
                "campaign_id": "",
                "referrer_domain": "",
            }
            out.append((classify(row, {}), self.email(s["contact_id"]), instant(s["timestamp"]), "form"))
        people = defaultdict(list)
        for a in live(self.folder, "engagement_contact"):
            people[a["engagement_id"]].append(a["contact_id"])
        for engagement_id, e in self.engagements.items():
            channel = ENGAGEMENT_CHANNELS.get(e["type"])
            if channel:
                (contact,) = people[engagement_id]
                out.append((channel, self.email(contact), instant(e["timestamp"]), "engagement"))
        return out


def contract_touches(folder: Path) -> list[tuple]:
    contacts = {r["contact_id"]: r["email"].lower() for r in read(folder, "contacts")}
    domains = {r["account_id"]: bare(r["domain"]) for r in read(folder, "accounts")}
    campaigns = {r["campaign_id"]: r["channel"] for r in read(folder, "campaigns")}
    return touch_keys(read(folder, "touchpoints"), campaigns, contacts.__getitem__, domains.__getitem__)


def web_touches(folder: Path, hs: HubSpot) -> list[tuple]:
    domain_of = {k: bare(c["property_domain"]) for k, c in hs.companies.items()}.__getitem__
    return touch_keys(read(folder, "touchpoints"), {}, hs.email, domain_of)


def contract_opportunity_key(row: dict[str, str], domains: dict[str, str]) -> tuple[str, datetime]:
    return bare(domains[row["account_id"]]), instant(row["created_at"])


# ----------------------------------------------------------------------------
# Fixtures
# ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def contract(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make(tmp_path_factory.mktemp("contract"))


@pytest.fixture(scope="module")
def fivetran(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make(tmp_path_factory.mktemp("fivetran"), shape="hubspot", web_touchpoints=True)


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make(
        tmp_path_factory.mktemp("api"), shape="hubspot", column_convention="api", web_touchpoints=True
    )


@pytest.fixture(scope="module")
def hs(fivetran: Path) -> HubSpot:
    return HubSpot(fivetran)


@pytest.fixture(scope="module")
def domains(contract: Path) -> dict[str, str]:
    return {r["account_id"]: r["domain"] for r in read(contract, "accounts")}


# ----------------------------------------------------------------------------
# Files, columns, conventions
# ----------------------------------------------------------------------------


def test_writes_every_table_and_the_truth(contract: Path, fivetran: Path, tmp_path: Path) -> None:
    expected = {f"{t}.csv" for t in INTERFACE} | {gen.TRUTH_FILE}
    assert {p.name for p in fivetran.iterdir()} == expected | {"touchpoints.csv"}
    plain = make(tmp_path, shape="hubspot")
    assert {p.name for p in plain.iterdir()} == expected  # web touches only when asked for
    assert (fivetran / gen.TRUTH_FILE).read_bytes() == (contract / gen.TRUTH_FILE).read_bytes()


@pytest.mark.parametrize("table", sorted(INTERFACE))
def test_fivetran_convention_has_every_interface_column(fivetran: Path, table: str) -> None:
    columns = header(fivetran, table)
    assert set(INTERFACE[table].split()) | {"_fivetran_synced", "_fivetran_deleted"} <= set(columns)
    assert len(columns) == len(set(columns)) and all(c == c.lower() for c in columns)


@pytest.mark.parametrize("table", sorted(INTERFACE))
def test_api_convention_has_bare_property_names(api: Path, table: str) -> None:
    columns = header(api, table)
    assert not any(c.startswith(("_fivetran", "property_")) for c in columns)
    expected = {c.removeprefix("property_") for c in INTERFACE[table].split()} - {"is_deleted"}
    assert expected | {"archived"} <= set(columns)
    assert "is_deleted" not in columns


@pytest.mark.parametrize("table", sorted(INTERFACE))
def test_both_conventions_hold_the_same_rows(fivetran: Path, api: Path, table: str) -> None:
    fivetran_rows = read(fivetran, table)
    api_rows = read(api, table)
    assert len(fivetran_rows) == len(api_rows) > 0
    for f, a in zip(fivetran_rows, api_rows, strict=True):
        assert a["archived"] == ("true" if is_deleted(f) else "false")
        for column, value in a.items():
            if column != "archived":
                assert value == f.get(column, f.get(f"property_{column}")), (table, column)


def test_timestamps_are_written_as_the_exports_write_them(fivetran: Path, api: Path) -> None:
    for folder, column in ((fivetran, "property_createdate"), (api, "createdate")):
        created = read(folder, "deal")[0][column]
        assert len(created) == 24 and created.endswith(".000Z") and created[10] == "T"
        assert instant(created)


def test_same_seed_gives_identical_files(fivetran: Path, tmp_path: Path) -> None:
    again = make(tmp_path, shape="hubspot", web_touchpoints=True)
    assert {p.name: p.read_bytes() for p in again.iterdir()} == {
        p.name: p.read_bytes() for p in fivetran.iterdir()
    }


def test_the_contract_shape_is_unchanged_by_the_hubspot_shape(tmp_path: Path) -> None:
    """Drawing the HubSpot tables leaves the world as it was: the contract files written after
    them are those written before (the contract shape itself is tested in test_generate)."""
    config = gen.Config(out=tmp_path, accounts=ACCOUNTS, seed=SEED, quiet=True)
    ds = gen.build_dataset(ACCOUNTS, SEED, gen.WORLDS["default"], gen.parse_as_of(config.as_of))

    def contract_bytes(folder: Path) -> dict[str, bytes]:
        folder.mkdir()
        for spec in gen.table_specs(ds):
            gen.write_table(spec, folder, "csv")
        return {p.name: p.read_bytes() for p in folder.iterdir()}

    before = contract_bytes(tmp_path / "before")
    hubspot = tmp_path / "hubspot"
    hubspot.mkdir()
    for spec, schema in gen.shape_specs(ds, gen.Config(out=hubspot, shape="hubspot", web_touchpoints=True)):
        gen.write_table(spec, hubspot, "csv", schema=schema)
    assert contract_bytes(tmp_path / "after") == before


def test_parquet_holds_the_same_rows_with_types(fivetran: Path, tmp_path: Path) -> None:
    make(tmp_path, shape="hubspot", fmt="parquet")
    for table, key in (("deal", "deal_id"), ("contact", "id"), ("email_event", "id")):
        parquet = pq.read_table(tmp_path / f"{table}.parquet").to_pylist()
        rows = read(fivetran, table)
        assert len(parquet) == len(rows)
        for p, r in zip(parquet, rows, strict=True):
            assert str(p[key]) == r[key] and p["_fivetran_deleted"] == (r["_fivetran_deleted"] == "true")
    deal = pq.read_table(tmp_path / "deal.parquet").schema
    assert str(deal.field("deal_id").type) == "int64"
    assert str(deal.field("property_amount").type) == "double"
    assert str(deal.field("is_deleted").type) == "bool"


def test_cli_takes_the_shape_options() -> None:
    config = gen.parse_args(["--shape", "hubspot", "--column-convention", "api", "--with-web-touchpoints"])
    assert (config.shape, config.column_convention, config.web_touchpoints) == ("hubspot", "api", True)
    assert gen.parse_args(["--shape", "hubspot"]).column_convention == "fivetran"
    for wrong in (["--column-convention", "api"], ["--with-web-touchpoints"], ["--shape", "pipedrive"]):
        with pytest.raises(SystemExit):
            gen.parse_args(wrong)


# ----------------------------------------------------------------------------
# Ids, deleted rows, references
# ----------------------------------------------------------------------------


def test_ids_are_unique_integers(fivetran: Path) -> None:
    for table, column in INTEGER_IDS.items():
        ids = [r[column] for r in read(fivetran, table)]
        assert ids and all(v.isdigit() for v in ids) and len(set(ids)) == len(ids), table
    for table, column in (("email_event", "id"), ("contact_form_submission", "conversion_id")):
        ids = [r[column] for r in read(fivetran, table)]
        assert len(set(ids)) == len(ids) and all(len(v) == 36 and v.count("-") == 4 for v in ids)


def test_deleted_rows_are_present_and_marked(fivetran: Path, api: Path) -> None:
    deleted_tables = []
    kinds: Counter = Counter()
    for table in INTERFACE:
        rows = read(fivetran, table)
        soft = sum(r.get("is_deleted") == "true" for r in rows)
        hard = sum(r["_fivetran_deleted"] == "true" for r in rows)
        kinds.update({"soft": soft, "hard": hard})
        if soft + hard:
            deleted_tables.append(table)
            assert soft + hard <= max(3, 0.01 * len(rows)), table
            assert sum(r["archived"] == "true" for r in read(api, table)) == soft + hard
    assert {"company", "contact", "deal", "deal_contact", "engagement", "email_event"} <= set(deleted_tables)
    assert kinds["soft"] > 0 and kinds["hard"] > 0


def test_no_dirty_writes_no_deleted_rows(tmp_path: Path) -> None:
    clean = make(tmp_path, shape="hubspot", web_touchpoints=True, dirty=False)
    for table in INTERFACE:
        assert not any(is_deleted(r) for r in read(clean, table)), table
    web = read(clean, "touchpoints")
    assert len({tuple(r.values()) for r in web}) == len(web)
    assert all(parse_ts(r["occurred_at"]) for r in web)


def test_no_live_row_refers_to_a_deleted_record(fivetran: Path) -> None:
    deleted = {r[column] for t, column in INTEGER_IDS.items() for r in read(fivetran, t) if is_deleted(r)}
    live_references = {
        v
        for t in INTERFACE
        for r in live(fivetran, t)
        for k, v in r.items()
        if k.endswith("_id") or k == "property_associatedcompanyid"
    }
    assert deleted and not deleted & live_references


def test_references_resolve(fivetran: Path, hs: HubSpot) -> None:
    assert all(
        not c["property_associatedcompanyid"] or c["property_associatedcompanyid"] in hs.companies
        for c in hs.contacts.values()
    )
    assert all(c["property_hubspot_owner_id"] in hs.owners for c in hs.companies.values())
    pipelines = {r["pipeline_id"] for r in live(fivetran, "deal_pipeline")}
    assert all(s["pipeline_id"] in pipelines for s in hs.stages.values())
    for d in hs.deals.values():
        assert d["owner_id"] in hs.owners and d["deal_pipeline_id"] in pipelines
        assert d["deal_pipeline_stage_id"] in hs.stages
    for table, column, targets in (
        ("deal_company", "company_id", hs.companies),
        ("deal_contact", "contact_id", hs.contacts),
    ):
        assert all(r["deal_id"] in hs.deals and r[column] in targets for r in live(fivetran, table))
    for r in live(fivetran, "deal_stage"):
        assert r["deal_id"] in hs.deals and r["value"] in hs.stages
    for table, column, targets in (
        ("engagement_contact", "contact_id", hs.contacts),
        ("engagement_company", "company_id", hs.companies),
        ("engagement_deal", "deal_id", hs.deals),
    ):
        assert all(
            r["engagement_id"] in hs.engagements and r[column] in targets for r in live(fivetran, table)
        )
    for kind in ("call", "email", "meeting"):
        for r in live(fivetran, f"engagement_{kind}"):
            assert hs.engagements[r["engagement_id"]]["type"] == kind.upper() == r["type"]
    assert all(e["owner_id"] in hs.owners for e in hs.engagements.values())
    for s in live(fivetran, "contact_form_submission"):
        assert s["contact_id"] in hs.contacts and s["form_id"] in hs.forms
    campaigns = {r["id"] for r in live(fivetran, "email_campaign")}
    emails = {c["property_email"] for c in hs.contacts.values()}
    events = {r["id"]: r for r in live(fivetran, "email_event")}
    for e in events.values():
        assert e["email_campaign_id"] in campaigns and e["recipient"] in emails
        if e["type"] != "SENT":
            sent = events[e["sent_by_id"]]
            assert sent["type"] == "SENT" and sent["created"] == e["sent_by_created"] <= e["created"]
            assert (sent["recipient"], sent["email_campaign_id"]) == (e["recipient"], e["email_campaign_id"])
    clicks = [r["id"] for r in live(fivetran, "email_event_click")]
    assert sorted(clicks) == sorted(k for k, e in events.items() if e["type"] == "CLICK")
    web = read(fivetran, "touchpoints")
    assert all(not t["contact_id"] or t["contact_id"] in hs.contacts for t in web)
    assert all(not t["account_id"] or t["account_id"] in hs.companies for t in web)
    assert not any(t["campaign_id"] for t in web)


# ----------------------------------------------------------------------------
# The same world as the contract shape
# ----------------------------------------------------------------------------


def type_seed() -> dict[str, str]:
    with open(PROJECT_DIR / "seeds" / "opportunity_type_values.csv", newline="") as f:
        return {r["source_value"]: r["opportunity_type"] for r in csv.DictReader(f)}


def test_deals_match_the_contract(contract: Path, hs: HubSpot, domains: dict[str, str]) -> None:
    expected = {contract_opportunity_key(o, domains): o for o in read(contract, "opportunities")}
    actual = {hs.deal_key(d): d for d in hs.deals.values()}
    assert actual.keys() == expected.keys() and len(actual) == len(hs.deals)
    types = type_seed()
    for key, d in actual.items():
        c = expected[key]
        stage = hs.stages[d["deal_pipeline_stage_id"]]
        assert (d["property_amount"], d["property_deal_currency_code"]) == (c["amount"], c["currency"])
        assert (stage["is_closed"], stage["closed_won"], stage["label"]) == (
            c["is_closed"],
            c["is_won"],
            c["stage_name"],
        )
        assert d["property_hs_analytics_source_data_1"] == c["lead_source"]
        assert types.get(d["property_dealtype"].lower(), "new_business") == c["opportunity_type"]
        if c["closed_at"]:
            assert instant(d["property_closedate"]) == instant(c["closed_at"])  # HubSpot keeps the time
        else:
            assert d["property_closedate"]  # an open deal's expected close
    values = Counter(d["property_dealtype"] for d in actual.values())
    assert values.keys() == {"newbusiness", "existingbusiness", "renewal", ""}


def test_pipeline_stages_follow_hubspot(hs: HubSpot) -> None:
    closed = {
        k: (s["closed_won"], float(s["probability"]))
        for k, s in hs.stages.items()
        if s["is_closed"] == "true"
    }
    assert closed == {"closedwon": ("true", 1.0), "closedlost": ("false", 0.0)}
    assert all(0 < float(s["probability"]) < 1 for s in hs.stages.values() if s["is_closed"] == "false")


@pytest.mark.parametrize(
    ("table", "key", "hubspot_table", "columns"),
    [
        (
            "accounts",
            "account_id",
            "company",
            {"domain": "property_website", "account_name": "property_name"},
        ),
        ("contacts", "contact_id", "contact", {"email": "property_email", "job_title": "property_jobtitle"}),
        ("opportunities", "opportunity_id", "deal", {"amount": "property_amount"}),
    ],
)
def test_contract_ids_map_to_their_hubspot_rows(
    contract: Path, fivetran: Path, table: str, key: str, hubspot_table: str, columns: dict[str, str]
) -> None:
    id_column = INTEGER_IDS[hubspot_table]
    rows = {r[id_column]: r for r in live(fivetran, hubspot_table)}
    for c in read(contract, table):
        row = rows.pop(str(hubspot_id(table, c[key])))
        assert {mine: row[theirs] for mine, theirs in columns.items()} == {k: c[k] for k in columns}
    assert not rows


def test_pipeline_and_won_revenue_match_to_the_cent(contract: Path, hs: HubSpot) -> None:
    reporting = {r["currency"]: float(r["rate_to_reporting"]) for r in read(contract, "currency_rates")}

    def totals(rows, amount_in_usd, is_won):
        return sum(amount_in_usd(r) for r in rows), sum(amount_in_usd(r) for r in rows if is_won(r))

    expected = totals(
        read(contract, "opportunities"),
        lambda r: float(r["amount"]) * reporting[r["currency"]],
        lambda r: r["is_won"] == "true",
    )
    actual = totals(
        hs.deals.values(),
        lambda r: float(r["property_amount_in_home_currency"]),
        lambda r: hs.stages[r["deal_pipeline_stage_id"]]["closed_won"] == "true",
    )
    assert actual == pytest.approx(expected, abs=0.005)
    assert expected[1] > 0
    for d in hs.deals.values():
        rate = reporting[d["property_deal_currency_code"]]
        assert float(d["property_amount_in_home_currency"]) == pytest.approx(
            float(d["property_amount"]) * rate
        )


def test_stage_history_ends_in_the_current_stage_and_closes_at_the_exact_time(
    contract: Path, fivetran: Path, hs: HubSpot, domains: dict[str, str]
) -> None:
    closed_at = {
        contract_opportunity_key(c, domains): c["closed_at"] for c in read(contract, "opportunities")
    }
    history = defaultdict(list)
    for h in live(fivetran, "deal_stage"):
        history[h["deal_id"]].append(h)
    for deal_id, d in hs.deals.items():
        rows = sorted(history[deal_id], key=lambda h: instant(h["date_entered"]))
        assert (instant(rows[0]["date_entered"]), rows[0]["value"]) == (
            instant(d["property_createdate"]),
            "appointmentscheduled",
        )
        assert rows[-1]["value"] == d["deal_pipeline_stage_id"]
        assert [h["_fivetran_active"] for h in rows] == ["false"] * (len(rows) - 1) + ["true"]
        assert rows[-1]["_fivetran_end"] == "9999-12-31T23:59:59.999Z"
        for h, after in zip(rows, rows[1:], strict=False):
            assert instant(h["_fivetran_end"]) + timedelta(milliseconds=1) == instant(
                after["_fivetran_start"]
            )
        closed = closed_at[hs.deal_key(d)]
        if closed:
            assert instant(rows[-1]["date_entered"]) == instant(closed)


def test_contact_roles_match_the_contract(
    contract: Path, fivetran: Path, hs: HubSpot, domains: dict[str, str]
) -> None:
    emails = {r["contact_id"]: r["email"].lower() for r in read(contract, "contacts")}
    opportunities = {
        o["opportunity_id"]: contract_opportunity_key(o, domains) for o in read(contract, "opportunities")
    }
    expected = Counter(
        (opportunities[r["opportunity_id"]], emails[r["contact_id"]], r["role"], r["is_primary"])
        for r in read(contract, "opportunity_contact_roles")
        if r["opportunity_id"] in opportunities  # the contract's orphan rows are defects of that shape
    )
    labels = defaultdict(set)
    for r in live(fivetran, "deal_contact"):
        labels[(r["deal_id"], r["contact_id"])].add((int(r["type_id"]), r["category"]))
    actual: Counter = Counter()
    for (deal_id, contact_id), types in labels.items():
        assert (DEAL_CONTACT_TYPE, "HUBSPOT_DEFINED") in types  # every association has its unlabeled row
        (role,) = [ROLE_LABELS[t] for t, category in types if category == "USER_DEFINED" and t in ROLE_LABELS]
        primary = (PRIMARY_LABEL, "USER_DEFINED") in types
        key = hs.deal_key(hs.deals[deal_id])
        actual[(key, hs.email(contact_id), role, "true" if primary else "false")] += 1
    assert actual == expected


def test_every_person_is_one_contact(contract: Path, hs: HubSpot, domains: dict[str, str]) -> None:
    people = {r["email"].lower(): r for r in read(contract, "contacts")}
    contacts = Counter(c["property_email"].lower() for c in hs.contacts.values())
    assert contacts.keys() == people.keys() and set(contacts.values()) == {1}
    for c in hs.contacts.values():
        person = people[c["property_email"].lower()]
        company = c["property_associatedcompanyid"]
        assert (bare(hs.companies[company]["property_domain"]) if company else "") == (
            bare(domains[person["account_id"]]) if person["account_id"] else ""
        )
        assert c["property_jobtitle"] == person["job_title"]
        assert instant(c["property_createdate"]) == instant(person["created_at"])
        assert c["property_hs_analytics_source_data_1"] == person["lead_source"]
        assert c["property_hs_analytics_source"] in ANALYTICS_SOURCES | {""}
        assert bool(c["property_hs_analytics_source"]) == bool(person["lead_source"])


def contract_lifecycle(contract: Path) -> list[tuple[str, str, datetime]]:
    emails = {r["contact_id"]: r["email"].lower() for r in read(contract, "contacts")}
    out = []
    for e in read(contract, "lifecycle_events"):
        at = parse_ts(e["occurred_at"])
        if at is not None and e["stage"] != "nurture":  # nurture: the contract's unknown-stage defect
            out.append((emails[e["contact_id"]], e["stage"], at))
    return out


def test_lifecycle_history_holds_every_contract_event(contract: Path, fivetran: Path, hs: HubSpot) -> None:
    expected = Counter(contract_lifecycle(contract))
    actual: Counter = Counter()
    for h in live(fivetran, "contact_property_history"):
        stage = LIFECYCLE[h["value"]] if h["name"] == "lifecyclestage" else LEAD_STATUS[h["value"]]
        actual[(hs.email(h["contact_id"]), stage, instant(h["timestamp"]))] += 1
    assert actual == expected
    assert {h["name"] for h in live(fivetran, "contact_property_history")} == {
        "lifecyclestage",
        "hs_lead_status",
    }


def test_lifecycle_dates_are_the_first_time_in_each_stage(contract: Path, hs: HubSpot) -> None:
    first: dict[tuple[str, str], datetime] = {}
    latest: dict[str, tuple[datetime, str]] = {}
    for email, stage, at in contract_lifecycle(contract):
        first[(email, stage)] = min(at, first.get((email, stage), at))
        if stage in LIFECYCLE.values():
            latest[email] = max((at, stage), latest.get(email, (at, stage)))
    for c in hs.contacts.values():
        email = c["property_email"].lower()
        for value, stage in LIFECYCLE.items():
            written = c[f"property_hs_lifecyclestage_{value}_date"]
            assert (instant(written) if written else None) == first.get((email, stage)), (email, stage)
        assert LIFECYCLE[c["property_lifecyclestage"]] == latest[email][1]
    # The lead-creation time of every person is its lead date.
    assert all(c["property_hs_lifecyclestage_lead_date"] for c in hs.contacts.values())


def test_touches_per_channel_person_and_time_match_the_contract(
    contract: Path, fivetran: Path, hs: HubSpot
) -> None:
    expected = Counter(contract_touches(contract))
    hubspot = hs.touches()
    web = web_touches(fivetran, hs)
    assert Counter(t[:3] for t in hubspot) + Counter(web) == expected  # HubSpot keeps the exact times
    sources = Counter(t[3] for t in hubspot)
    assert sources["email_event"] > 0 and sources["form"] > 0 and sources["engagement"] > 0
    channels = Counter(t[0] for t in hubspot)
    assert {"email", "webinar", "event", "content", "paid_search", *SALES_CHANNELS} <= channels.keys()


def test_without_web_touches_the_sales_channels_still_match(contract: Path, hs: HubSpot) -> None:
    expected = Counter(t[0] for t in contract_touches(contract) if t[0] in SALES_CHANNELS)
    assert Counter(t[0] for t in hs.touches() if t[0] in SALES_CHANNELS) == expected


def test_rows_that_are_no_touches(fivetran: Path, hs: HubSpot) -> None:
    assert {"NOTE", "TASK"} <= {e["type"] for e in hs.engagements.values()}
    events = live(fivetran, "email_event")
    kinds = Counter(e["type"] for e in events)
    assert kinds.keys() == {"SENT", "DELIVERED", "OPEN", "CLICK"}
    by_recipient = defaultdict(list)
    for e in events:
        by_recipient[(e["recipient"], e["email_campaign_id"])].append((instant(e["created"]), e["type"]))
    clicked = 0
    for rows in by_recipient.values():
        rows.sort(key=lambda r: (r[0], ["SENT", "DELIVERED", "OPEN", "CLICK"].index(r[1])))
        types = [t for _, t in rows]
        assert types[:2] == ["SENT", "DELIVERED"] and types.count("SENT") == 1
        if "CLICK" in types:
            clicked += 1
            assert types.index("OPEN") < types.index("CLICK")
    assert 0 < clicked < len(by_recipient)  # some recipients never clicked
    for s in live(fivetran, "contact_form_submission"):
        parts = urlsplit(s["page_url"])
        assert parts.scheme == "https" and parts.path.count("/") >= 1
