"""Tests of the demo-data generator on small data sets.

The journey and truth checks re-derive everything from the written CSV files
with a separate, deliberately plain implementation (csv module, dicts,
datetime.fromisoformat, the channel table of the brief): only the world's
parameters and the per-opportunity uniforms are taken from the generator.
"""

from __future__ import annotations

import csv
import math
from collections import Counter, defaultdict
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from attribution_kit import generate as gen

SEED = 11
ACCOUNTS = 150
AS_OF = datetime(2026, 6, 30, tzinfo=UTC)
TABLES = {
    "accounts": ["account_id", "account_name", "domain", "industry", "employee_count", "created_at"],
    "contacts": ["contact_id", "account_id", "email", "job_title", "created_at", "lead_source"],
    "lifecycle_events": ["contact_id", "stage", "occurred_at"],
    "touchpoints": [
        "touchpoint_id",
        "occurred_at",
        "contact_id",
        "email",
        "account_id",
        "touchpoint_type",
        "utm_source",
        "utm_medium",
        "utm_campaign",
        "campaign_id",
        "referrer_domain",
    ],
    "opportunities": [
        "opportunity_id",
        "account_id",
        "created_at",
        "closed_at",
        "is_closed",
        "is_won",
        "amount",
        "currency",
        "opportunity_type",
        "stage_name",
        "lead_source",
    ],
    "opportunity_contact_roles": ["opportunity_id", "contact_id", "role", "is_primary"],
    "campaigns": [
        "campaign_id",
        "campaign_name",
        "channel",
        "offer_type",
        "started_at",
        "ended_at",
        "actual_cost",
        "currency",
    ],
    "ad_spend": [
        "spend_date",
        "utm_source",
        "utm_medium",
        "utm_campaign",
        "campaign_id",
        "amount",
        "currency",
    ],
    "currency_rates": ["currency", "rate_to_reporting"],
}
TRUTH_HEADER = [
    "channel",
    "true_coefficient",
    "closed_journeys_exposed",
    "counterfactual_lost_wins",
    "true_share",
    "world",
    "seed",
]
ALL_CHANNELS = {
    "paid_search",
    "paid_social",
    "display",
    "organic_search",
    "email",
    "webinar",
    "event",
    "content",
    "referral",
    "direct",
    "chat",
    "sales_email",
    "sales_call",
    "meeting",
}
FREE_MAIL = {"gmail.com", "yahoo.com", "outlook.com", "hotmail.com"}
SEARCH_ENGINES = {"google.com", "bing.com", "duckduckgo.com"}
STAGES = {"lead", "mql", "sal", "sql", "opportunity", "customer", "recycled", "disqualified"}


# ----------------------------------------------------------------------------
# Plain readers and an independent journey / truth implementation
# ----------------------------------------------------------------------------


def read(folder: Path, table: str) -> list[dict[str, str]]:
    with open(folder / f"{table}.csv", newline="") as f:
        return list(csv.DictReader(f))


def header(folder: Path, table: str) -> list[str]:
    with open(folder / f"{table}.csv", newline="") as f:
        return next(csv.reader(f))


def parse_ts(text: str) -> datetime | None:
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def classify(row: dict[str, str], campaign_channel: dict[str, str]) -> str:
    """The channel table of the brief, utm values case-insensitive; a campaign's channel overrides."""
    if campaign_channel.get(row["campaign_id"]):
        return campaign_channel[row["campaign_id"]]
    kind = row["touchpoint_type"]
    source, medium = row["utm_source"].lower(), row["utm_medium"].lower()
    if kind in {"sales_email", "sales_call", "meeting", "chat", "webinar", "event"}:
        return kind
    if kind == "content_download":
        return "content"
    if kind == "email_click":
        return "email"
    if medium == "cpc" and source in {"google", "bing"}:
        return "paid_search"
    if medium == "paid_social" and source in {"linkedin", "facebook"}:
        return "paid_social"
    if medium == "display" and source in {"doubleclick", "adroll"}:
        return "display"
    if medium == "referral" and source in {"g2", "capterra", "partner"}:
        return "referral"
    if kind == "web_visit" and not source and not medium:
        return "organic_search" if row["referrer_domain"] in SEARCH_ENGINES else "direct"
    return "other"


def valid_touches(folder: Path) -> list[dict]:
    """Touchpoints with a parseable time, exact duplicates collapsed, with channel and account."""
    campaign_channel = {r["campaign_id"]: r["channel"] for r in read(folder, "campaigns")}
    contacts = {r["contact_id"]: r for r in read(folder, "contacts")}
    by_email: dict[str, list[str]] = defaultdict(list)
    for c in contacts.values():
        by_email[c["email"].lower()].append(c["contact_id"])
    seen: set[tuple] = set()
    touches = []
    for row in read(folder, "touchpoints"):
        key = tuple(row.values())
        at = parse_ts(row["occurred_at"])
        if key in seen or at is None:
            continue
        seen.add(key)
        contact = row["contact_id"]
        if not contact and row["email"]:
            (contact,) = by_email[row["email"].lower()]
        account = contacts[contact]["account_id"] if contact else row["account_id"]
        touches.append({**row, "at": at, "channel": classify(row, campaign_channel), "resolved": account})
    return touches


def recompute_truth(folder: Path, world: gen.World, seed: int) -> dict:
    """Exposures from the files, outcomes under the world's model, counterfactual lost wins."""
    by_account: dict[str, list[tuple[datetime, str]]] = defaultdict(list)
    for t in valid_touches(folder):
        if t["resolved"]:
            by_account[t["resolved"]].append((t["at"], t["channel"]))
    opportunities = read(folder, "opportunities")
    uniforms = gen.outcome_uniforms(seed, len(opportunities))
    exposed_count: Counter[str] = Counter()
    lost: Counter[str] = Counter()
    mismatched_outcomes = 0
    type_effect = dict(zip(("new_business", "expansion", "renewal"), world.type_effects, strict=True))

    def p_win(channels: set[str], opportunity_type: str) -> float:
        logit = world.intercept + type_effect[opportunity_type] + sum(world.betas[c] for c in channels)
        for a, b, gamma in world.interactions:
            if a in channels and b in channels:
                logit += gamma
        return 1 / (1 + math.exp(-logit))

    for opp in opportunities:
        if opp["is_closed"] != "true":
            continue
        created, closed = parse_ts(opp["created_at"]), parse_ts(opp["closed_at"])
        start = created - timedelta(days=365)
        channels = {ch for at, ch in by_account[opp["account_id"]] if start <= at <= closed}
        exposed_count.update(channels)
        u = uniforms[int(opp["opportunity_id"].split("_")[1]) - 1]
        won = u < p_win(channels, opp["opportunity_type"])
        mismatched_outcomes += won != (opp["is_won"] == "true")
        if won:
            for c in channels:
                if not u < p_win(channels - {c}, opp["opportunity_type"]):
                    lost[c] += 1
    return {"exposed": exposed_count, "lost": lost, "mismatched": mismatched_outcomes}


def read_truth(folder: Path) -> dict[str, dict[str, str]]:
    return {r["channel"]: r for r in read(folder, gen.TRUTH_FILE.removesuffix(".csv"))}


def make(folder: Path, **kwargs) -> Path:
    settings = {"accounts": ACCOUNTS, "seed": SEED, "quiet": True} | kwargs
    gen.generate(gen.Config(out=folder, **settings))
    return folder


# ----------------------------------------------------------------------------
# Fixtures
# ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make(tmp_path_factory.mktemp("demo"))


@pytest.fixture(scope="module")
def demo_again(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make(tmp_path_factory.mktemp("demo_again"))


@pytest.fixture(scope="module")
def useless(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make(tmp_path_factory.mktemp("useless"), accounts=400, world="frequent_useless")


@pytest.fixture(scope="module")
def interactions(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make(tmp_path_factory.mktemp("interactions"), world="interactions", seed=5)


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make(tmp_path_factory.mktemp("clean"), dirty=False)


def file_bytes(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


# ----------------------------------------------------------------------------
# Determinism and shape
# ----------------------------------------------------------------------------


def test_same_seed_gives_identical_files(demo: Path, demo_again: Path) -> None:
    assert file_bytes(demo) == file_bytes(demo_again)


def test_different_seed_gives_different_files(demo: Path, tmp_path: Path) -> None:
    other = file_bytes(make(tmp_path, seed=SEED + 1))
    mine = file_bytes(demo)
    assert other.keys() == mine.keys()
    assert all(other[name] != mine[name] for name in ("touchpoints.csv", "opportunities.csv", "contacts.csv"))


def test_writes_nine_tables_and_the_truth(demo: Path) -> None:
    assert sorted(p.name for p in demo.iterdir()) == sorted([f"{t}.csv" for t in TABLES] + [gen.TRUTH_FILE])


@pytest.mark.parametrize("table", sorted(TABLES))
def test_every_table_has_exactly_the_required_columns(demo: Path, table: str) -> None:
    assert header(demo, table) == TABLES[table]


def test_truth_has_exactly_its_columns_and_every_channel(demo: Path) -> None:
    assert header(demo, "ground_truth_channel_effects") == TRUTH_HEADER
    truth = read_truth(demo)
    assert set(truth) == ALL_CHANNELS
    assert {r["world"] for r in truth.values()} == {"default"}
    assert {r["seed"] for r in truth.values()} == {str(SEED)}


def test_parquet_holds_the_same_rows_as_csv(demo: Path, tmp_path: Path) -> None:
    make(tmp_path, fmt="parquet")
    for table, columns in TABLES.items():
        parquet = pq.read_table(tmp_path / f"{table}.parquet")
        assert parquet.column_names == columns
        rows = read(demo, table)
        assert parquet.num_rows == len(rows)
        first = rows[0]
        as_text = {
            k: ("" if v is None else str(v).lower() if isinstance(v, bool) else str(v))
            for k, v in parquet.slice(0, 1).to_pylist()[0].items()
        }
        for column, value in as_text.items():
            if column in {"amount", "actual_cost", "rate_to_reporting", "employee_count"} and value:
                assert float(value) == float(first[column])
            else:
                assert value == first[column]
    assert (tmp_path / gen.TRUTH_FILE).read_bytes() == (demo / gen.TRUTH_FILE).read_bytes()


# ----------------------------------------------------------------------------
# Keys and references
# ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("table", "key"),
    [
        ("accounts", "account_id"),
        ("contacts", "contact_id"),
        ("opportunities", "opportunity_id"),
        ("campaigns", "campaign_id"),
        ("currency_rates", "currency"),
    ],
)
def test_keys_are_unique_and_present(demo: Path, table: str, key: str) -> None:
    values = [r[key] for r in read(demo, table)]
    assert all(values)
    assert len(values) == len(set(values))


def test_touchpoint_ids_are_unique_apart_from_exact_duplicate_rows(demo: Path) -> None:
    rows = read(demo, "touchpoints")
    distinct = {tuple(r.values()) for r in rows}
    ids = [row[0] for row in distinct]
    assert len(ids) == len(set(ids))
    assert 3 <= len(rows) - len(distinct) <= 0.005 * len(rows)


def test_references_resolve(demo: Path) -> None:
    accounts = {r["account_id"] for r in read(demo, "accounts")}
    contacts = {r["contact_id"]: r for r in read(demo, "contacts")}
    campaigns = {r["campaign_id"] for r in read(demo, "campaigns")}
    opportunities = {r["opportunity_id"] for r in read(demo, "opportunities")}
    emails = Counter(c["email"].lower() for c in contacts.values())
    assert all(c["account_id"] in accounts for c in contacts.values() if c["account_id"])
    assert all(o["account_id"] in accounts for o in read(demo, "opportunities"))
    for t in read(demo, "touchpoints"):
        assert not t["contact_id"] or t["contact_id"] in contacts
        assert not t["account_id"] or t["account_id"] in accounts
        assert not t["campaign_id"] or t["campaign_id"] in campaigns
        if t["email"]:
            assert emails[t["email"].lower()] == 1  # an email belongs to exactly one contact
        if t["contact_id"] and t["email"]:
            assert contacts[t["contact_id"]]["email"] == t["email"].lower()
        if t["contact_id"] and t["account_id"]:
            assert contacts[t["contact_id"]]["account_id"] == t["account_id"]
    assert all(e["contact_id"] in contacts for e in read(demo, "lifecycle_events"))
    roles = read(demo, "opportunity_contact_roles")
    assert all(r["contact_id"] in contacts for r in roles)
    orphans = [r for r in roles if r["opportunity_id"] not in opportunities]
    assert 1 <= len(orphans) <= max(1, 0.01 * len(roles))  # 0.2 % of the roles, at least one
    assert all(s["campaign_id"] in campaigns for s in read(demo, "ad_spend"))


def test_one_primary_contact_per_opportunity(demo: Path) -> None:
    opportunities = {r["opportunity_id"] for r in read(demo, "opportunities")}
    primaries = Counter(
        r["opportunity_id"]
        for r in read(demo, "opportunity_contact_roles")
        if r["is_primary"] == "true" and r["opportunity_id"] in opportunities
    )
    assert set(primaries) == opportunities
    assert set(primaries.values()) == {1}


def test_identity_mix(demo: Path) -> None:
    rows = read(demo, "touchpoints")
    anonymous = sum(not (r["contact_id"] or r["email"] or r["account_id"]) for r in rows)
    account_level = sum(bool(r["account_id"] and not r["contact_id"] and not r["email"]) for r in rows)
    email_only = sum(bool(r["email"] and not r["contact_id"]) for r in rows)
    assert 0.015 < anonymous / len(rows) < 0.05
    assert account_level > 0.02 * len(rows)
    assert email_only > 0.02 * len(rows)
    assert any(r["email"] and r["email"] != r["email"].lower() for r in rows)


def test_contacts_emails_and_personas(demo: Path) -> None:
    accounts = {r["account_id"]: r for r in read(demo, "accounts")}
    contacts = read(demo, "contacts")
    free = [c for c in contacts if not c["account_id"]]
    assert 0.01 < len(free) / len(contacts) < 0.06
    assert all(c["email"].split("@")[1] in FREE_MAIL for c in free)
    for c in contacts:
        if c["account_id"]:
            assert c["email"].split("@")[1] == accounts[c["account_id"]]["domain"].removeprefix("www.")
    sizes = Counter(c["account_id"] for c in contacts if c["account_id"])
    assert min(sizes.values()) >= 1 and max(sizes.values()) <= 12
    titles = {c["job_title"] for c in contacts}
    assert {"CFO", "Marketing Manager", "Marketing Analyst"} & titles
    roles = read(demo, "opportunity_contact_roles")
    by_id = {c["contact_id"]: c for c in contacts}
    opportunity_account = {o["opportunity_id"]: o["account_id"] for o in read(demo, "opportunities")}
    foreign = [
        r
        for r in roles
        if r["opportunity_id"] in opportunity_account
        and by_id[r["contact_id"]]["account_id"] != opportunity_account[r["opportunity_id"]]
    ]
    assert foreign and all("Consultant" in by_id[r["contact_id"]]["job_title"] for r in foreign)
    assert len(foreign) < 0.05 * len(roles)


# ----------------------------------------------------------------------------
# Times
# ----------------------------------------------------------------------------


def test_times_parse_and_end_at_the_as_of_time(demo: Path) -> None:
    columns = {
        "accounts": ["created_at"],
        "contacts": ["created_at"],
        "lifecycle_events": ["occurred_at"],
        "touchpoints": ["occurred_at"],
        "opportunities": ["created_at", "closed_at"],
        "campaigns": ["started_at", "ended_at"],
    }
    with_offset = total = 0
    latest_touch = datetime.min.replace(tzinfo=UTC)
    for table, names in columns.items():
        for row in read(demo, table):
            for name in names:
                text = row[name]
                if not text or text == "not a date":
                    continue
                at = parse_ts(text)
                assert at is not None and at <= AS_OF, (table, name, text)
                assert at >= AS_OF - timedelta(days=3 * 365), (table, name, text)
                total += 1
                with_offset += "T" in text
                if table == "touchpoints":
                    latest_touch = max(latest_touch, at)
    assert 0.02 < with_offset / total < 0.1
    assert latest_touch == AS_OF


def test_opportunities_are_consistent(demo: Path) -> None:
    opportunities = read(demo, "opportunities")
    for o in opportunities:
        assert o["is_closed"] in {"true", "false"} and o["is_won"] in {"true", "false"}
        assert (o["closed_at"] == "") == (o["is_closed"] == "false")
        assert o["is_won"] == "false" or o["is_closed"] == "true"
        if o["closed_at"]:
            assert parse_ts(o["closed_at"]) > parse_ts(o["created_at"])
        assert float(o["amount"]) > 0 and o["currency"] in {"USD", "EUR"}
    kinds = Counter(o["opportunity_type"] for o in opportunities)
    assert kinds["new_business"] > kinds["expansion"] + kinds["renewal"] > 0
    assert Counter(o["is_closed"] for o in opportunities)["false"] > 0
    wins: dict[str, list[datetime]] = defaultdict(list)
    for o in opportunities:
        if o["is_won"] == "true":
            wins[o["account_id"]].append(parse_ts(o["closed_at"]))
    for o in opportunities:
        earlier_win = any(at < parse_ts(o["created_at"]) for at in wins[o["account_id"]])
        assert (o["opportunity_type"] != "new_business") == earlier_win


def test_lifecycle_funnel(demo: Path) -> None:
    events = read(demo, "lifecycle_events")
    contacts = read(demo, "contacts")
    stages = Counter(e["stage"] for e in events)
    assert set(stages) == STAGES | {"nurture"}
    assert 3 <= stages["nurture"] <= 0.005 * len(events)
    leads = defaultdict(list)
    for e in events:
        if e["stage"] == "lead":
            leads[e["contact_id"]].append(parse_ts(e["occurred_at"]))
    for c in contacts:
        first = min(leads[c["contact_id"]])
        assert timedelta(0) <= first - parse_ts(c["created_at"]) <= timedelta(hours=1)
    assert sum(len(v) > 1 for v in leads.values()) > 0  # recycled leads that came back
    won = {o["opportunity_id"] for o in read(demo, "opportunities") if o["is_won"] == "true"}
    customers = {e["contact_id"] for e in events if e["stage"] == "customer"}
    on_won = {r["contact_id"] for r in read(demo, "opportunity_contact_roles") if r["opportunity_id"] in won}
    assert customers <= on_won and customers


def test_campaigns_and_spend(demo: Path) -> None:
    campaigns = {r["campaign_id"]: r for r in read(demo, "campaigns")}
    with_channel = [c for c in campaigns.values() if c["channel"]]
    assert 0.05 < len(with_channel) / len(campaigns) < 0.3
    campaign_channel = {k: "" for k in campaigns}  # classify without the override
    for t in read(demo, "touchpoints"):
        if t["campaign_id"] and campaigns[t["campaign_id"]]["channel"]:
            assert classify(t, campaign_channel) == campaigns[t["campaign_id"]]["channel"]
    spend = read(demo, "ad_spend")
    assert {s["utm_medium"] for s in spend} == {"cpc", "paid_social", "display"}
    assert {s["currency"] for s in spend} == {"USD", "EUR"}
    negative = [s for s in spend if float(s["amount"]) < 0]
    assert 3 <= len(negative) <= 0.01 * len(spend)
    assert {r["currency"]: r["rate_to_reporting"] for r in read(demo, "currency_rates")} == {
        "USD": "1",
        "EUR": "1.08",
    }


def test_touch_encoding_follows_the_channel_table(demo: Path) -> None:
    touches = valid_touches(demo)
    channels = Counter(t["channel"] for t in touches)
    assert set(channels) == ALL_CHANNELS  # nothing classifies as other
    varied = [t for t in touches if t["utm_source"] and t["utm_source"] != t["utm_source"].lower()]
    assert 0.01 < len(varied) / sum(bool(t["utm_source"]) for t in touches) < 0.06
    campaign_driven = {"paid_search", "paid_social", "display", "email", "webinar", "event", "content"}
    campaigns = {r["campaign_id"]: r for r in read(demo, "campaigns")}
    for t in touches:
        assert bool(t["campaign_id"]) == (t["channel"] in campaign_driven)
        if t["campaign_id"]:
            started = parse_ts(campaigns[t["campaign_id"]]["started_at"])
            ended = parse_ts(campaigns[t["campaign_id"]]["ended_at"])
            assert started <= t["at"] <= ended
            assert t["utm_campaign"]
    assert not any(t["occurred_at"] == "not a date" for t in touches)  # filtered
    rows = read(demo, "touchpoints")
    bad = [r for r in rows if r["occurred_at"] == "not a date"]
    assert 3 <= len(bad) <= 0.005 * len(rows)


# ----------------------------------------------------------------------------
# Journeys and the planted truth
# ----------------------------------------------------------------------------


def test_truth_shares_sum_to_one(demo: Path) -> None:
    truth = read_truth(demo)
    assert math.isclose(sum(float(r["true_share"]) for r in truth.values()), 1.0, abs_tol=1e-12)
    total = sum(int(r["counterfactual_lost_wins"]) for r in truth.values())
    for r in truth.values():
        assert math.isclose(float(r["true_share"]), int(r["counterfactual_lost_wins"]) / total)


@pytest.mark.parametrize("folder", ["demo", "useless", "interactions"])
def test_truth_matches_an_independent_recomputation(folder: str, request: pytest.FixtureRequest) -> None:
    path: Path = request.getfixturevalue(folder)
    truth = read_truth(path)
    world = gen.WORLDS[next(iter(truth.values()))["world"]]
    seed = int(next(iter(truth.values()))["seed"])
    result = recompute_truth(path, world, seed)
    assert result["mismatched"] == 0
    for channel, row in truth.items():
        assert float(row["true_coefficient"]) == world.betas[channel]
        assert int(row["closed_journeys_exposed"]) == result["exposed"][channel], channel
        assert int(row["counterfactual_lost_wins"]) == result["lost"][channel], channel


def test_won_rate_is_realistic(demo: Path, useless: Path, interactions: Path) -> None:
    for folder in (demo, useless, interactions):
        closed = [o for o in read(folder, "opportunities") if o["is_closed"] == "true"]
        rate = sum(o["is_won"] == "true" for o in closed) / len(closed)
        assert 0.2 < rate < 0.4


def test_journeys_cross_the_window_edges(demo: Path) -> None:
    by_account = defaultdict(list)
    for t in valid_touches(demo):
        by_account[t["resolved"]].append(t["at"])
    before = after = on_edge = 0
    for o in read(demo, "opportunities"):
        if o["is_closed"] != "true":
            continue
        start = parse_ts(o["created_at"]) - timedelta(days=365)
        end = parse_ts(o["closed_at"])
        times = by_account[o["account_id"]]
        before += any(at < start for at in times)
        after += any(at > end for at in times)
        on_edge += any(at in (start, end) for at in times)
    assert before > 0 and after > 0 and on_edge > 0


def test_dirty_rows_do_not_change_the_truth(demo: Path, clean: Path) -> None:
    assert (clean / gen.TRUTH_FILE).read_bytes() == (demo / gen.TRUTH_FILE).read_bytes()
    clean_rows = read(clean, "touchpoints")
    assert len({r["touchpoint_id"] for r in clean_rows}) == len(clean_rows)
    assert not any(r["occurred_at"] == "not a date" for r in clean_rows)
    assert not any(e["stage"] == "nurture" for e in read(clean, "lifecycle_events"))
    assert not any(float(s["amount"]) < 0 for s in read(clean, "ad_spend"))
    dirty_rows = read(demo, "touchpoints")
    assert {tuple(r.values()) for r in clean_rows} <= {tuple(r.values()) for r in dirty_rows}


def test_frequent_useless_world_plants_zero_effect_on_the_frequent_channels(useless: Path) -> None:
    truth = read_truth(useless)
    counts = Counter(t["channel"] for t in valid_touches(useless))
    most_frequent = {c for c, _ in counts.most_common(4)}
    assert most_frequent == {"direct", "organic_search", "email", "display"}
    for channel in most_frequent:
        assert float(truth[channel]["true_coefficient"]) == 0.0
        assert int(truth[channel]["counterfactual_lost_wins"]) == 0
        assert int(truth[channel]["closed_journeys_exposed"]) > 0
    rare = {"webinar", "event", "referral"}
    assert max(counts[c] for c in rare) < min(counts[c] for c in most_frequent)
    shares = {c: float(r["true_share"]) for c, r in truth.items()}
    assert all(shares[c] > 0.1 for c in rare)
    assert sorted(shares, key=shares.get, reverse=True)[:3] == sorted(rare, key=shares.get, reverse=True)


def test_interactions_world_has_interaction_terms(interactions: Path) -> None:
    world = gen.WORLDS["interactions"]
    gammas = [gamma for _, _, gamma in world.interactions]
    assert any(g > 0 for g in gammas) and any(g < 0 for g in gammas)
    assert read_truth(interactions)["webinar"]["world"] == "interactions"


def test_target_touchpoints_picks_the_size(tmp_path: Path) -> None:
    counts = gen.generate(gen.Config(out=tmp_path, target_touchpoints=30_000, seed=3, quiet=True))
    assert 30_000 <= counts["touchpoints"] <= 33_000


def test_cli_parses_every_option() -> None:
    config = gen.parse_args(
        [
            "--accounts",
            "10",
            "--seed",
            "3",
            "--out",
            "x",
            "--format",
            "parquet",
            "--world",
            "interactions",
            "--target-touchpoints",
            "500",
            "--as-of",
            "2025-01-31",
            "--no-dirty",
        ]
    )
    assert config == gen.Config(
        out=Path("x"),
        accounts=10,
        seed=3,
        fmt="parquet",
        world="interactions",
        target_touchpoints=500,
        as_of="2025-01-31",
        dirty=False,
    )


def test_as_of_moves_the_data(tmp_path: Path) -> None:
    make(tmp_path, accounts=30, as_of="2025-01-31")
    latest = max(
        parse_ts(r["occurred_at"]) for r in read(tmp_path, "touchpoints") if r["occurred_at"] != "not a date"
    )
    assert latest == datetime(2025, 1, 31, tzinfo=UTC)
