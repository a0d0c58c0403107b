"""The rule-based attribution marts agree with the independent oracle (SPEC sections 3, 4 and 6).

Each test writes a folder of the nine raw CSVs from account scenarios, builds the
project on it and compares every row of `marts.fct_attributed_touchpoints` for the
rule-based models with `attribution_kit/oracles/rule_based.py`. The journey rules the
oracle leaves to its caller (scope, lead-creation time, journey end, as-of time)
are computed here from the scenario itself, per SPEC section 3, never read from a
build.

Channels are controlled through touchpoint types that the channel-rules seed maps
one to one (a `web_visit` with no UTM and no referrer is `direct`), and every
contact has a unique email on its account's own domain, so identity resolution is
trivial: every contact touch carries its contact_id, every account-level touch its
account_id and nothing else.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from attribution_kit.oracles.rule_based import (
    EMPTY_JOURNEY_CHANNEL,
    RULE_BASED_MODELS,
    Opportunity,
    Touch,
    attribution_rows,
    build_journey,
    milestones,
)
from python_tests.conftest import build_project

WEIGHT_TOLERANCE = 1e-9
MONEY_TOLERANCE = 0.01
LOOKBACK = timedelta(days=365)
SECOND = timedelta(seconds=1)
TIMESTAMP_FORMAT = "%Y-%m-%d %H:%M:%S"

# Channel -> touchpoint_type that seeds/channel_rules.csv maps to exactly that channel.
# `direct` is a web visit with empty utm_source, utm_medium and referrer.
CHANNEL_TOUCHPOINT_TYPES = {
    "sales_email": "sales_email",
    "sales_call": "sales_call",
    "meeting": "meeting",
    "webinar": "webinar",
    "event": "event",
    "content": "content_download",
    "email": "email_click",
    "chat": "chat",
    "direct": "web_visit",
}
CURRENCY_RATES = {"USD": 1.0, "EUR": 1.1}
# Build only the two marts checked here and their parents, with the data tests on them, and the
# Python engines (no parent of the fact unless chosen), so the engines' agreement tests run.
MART_SELECTION = (
    "+fct_attributed_touchpoints +dim_opportunities +int_touchpoints_weighted_time_decay_py "
    "+int_touchpoints_weighted_markov_py +int_touchpoints_weighted_shapley_py"
)

# --------------------------------------------------------------------------- scenarios


@dataclass(frozen=True)
class ContactSpec:
    contact_id: str
    account_id: str | None
    created_at: datetime
    lead_events: tuple[datetime, ...] = ()  # `lead` lifecycle events
    other_events: tuple[tuple[str, datetime], ...] = ()  # (stage, occurred_at), never `lead`


@dataclass(frozen=True)
class TouchSpec:
    touchpoint_id: str
    occurred_at: datetime
    channel: str
    contact_id: str | None = None  # None: an account-level touch of `account_id`
    account_id: str | None = None


@dataclass(frozen=True)
class OpportunitySpec:
    opportunity_id: str
    account_id: str
    created_at: datetime
    status: str  # won, lost or open
    closed_at: datetime | None = None
    amount: float = 1000.0
    currency: str = "USD"
    role_contact_ids: tuple[str, ...] = ()  # opportunity_contact_roles


@dataclass
class Dataset:
    account_ids: list[str] = field(default_factory=list)
    contacts: list[ContactSpec] = field(default_factory=list)
    touches: list[TouchSpec] = field(default_factory=list)
    opportunities: list[OpportunitySpec] = field(default_factory=list)


def _ts(moment: datetime | None) -> str:
    return "" if moment is None else moment.strftime(TIMESTAMP_FORMAT)


def _domain(account_id: str) -> str:
    return f"{account_id.lower()}.example.com"


def _email(contact: ContactSpec) -> str:
    # A contact without an account gets a domain no account has.
    domain = _domain(contact.account_id) if contact.account_id else "independent.example.org"
    return f"{contact.contact_id.lower()}@{domain}"


def _write_csv(path: Path, header: list[str], rows: list[list[object]]) -> None:
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


def write_dataset(dataset: Dataset, data_dir: Path) -> Path:
    """Write the nine raw CSVs of SPEC section 2 for `dataset` into `data_dir`."""
    data_dir.mkdir(parents=True, exist_ok=True)
    contacts = {contact.contact_id: contact for contact in dataset.contacts}
    _write_csv(
        data_dir / "accounts.csv",
        ["account_id", "account_name", "domain", "industry", "employee_count", "created_at"],
        [
            [account_id, f"Account {account_id}", _domain(account_id), "Software", 100, "2020-01-01 00:00:00"]
            for account_id in dataset.account_ids
        ],
    )
    _write_csv(
        data_dir / "contacts.csv",
        ["contact_id", "account_id", "email", "job_title", "created_at", "lead_source"],
        [
            [c.contact_id, c.account_id or "", _email(c), "Buyer", _ts(c.created_at), ""]
            for c in dataset.contacts
        ],
    )
    events = []
    for c in dataset.contacts:
        events += [[c.contact_id, "lead", _ts(moment)] for moment in c.lead_events]
        events += [[c.contact_id, stage, _ts(moment)] for stage, moment in c.other_events]
    _write_csv(data_dir / "lifecycle_events.csv", ["contact_id", "stage", "occurred_at"], events)
    touch_rows = []
    for t in dataset.touches:
        email = _email(contacts[t.contact_id]) if t.contact_id else ""
        touch_rows.append(
            [
                t.touchpoint_id,
                _ts(t.occurred_at),
                t.contact_id or "",
                email,
                "" if t.contact_id else t.account_id,
                CHANNEL_TOUCHPOINT_TYPES[t.channel],
                "",
                "",
                "",
                "",
                "",
            ]
        )
    _write_csv(
        data_dir / "touchpoints.csv",
        [
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
        touch_rows,
    )
    _write_csv(
        data_dir / "opportunities.csv",
        [
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
        [
            [
                o.opportunity_id,
                o.account_id,
                _ts(o.created_at),
                _ts(o.closed_at) if o.status != "open" else "",
                "false" if o.status == "open" else "true",
                "true" if o.status == "won" else "false",
                o.amount,
                o.currency,
                "new_business",
                {"won": "Closed Won", "lost": "Closed Lost", "open": "Negotiation"}[o.status],
                "",
            ]
            for o in dataset.opportunities
        ],
    )
    _write_csv(
        data_dir / "opportunity_contact_roles.csv",
        ["opportunity_id", "contact_id", "role", "is_primary"],
        [
            [o.opportunity_id, contact_id, "Evaluator", "true" if i == 0 else "false"]
            for o in dataset.opportunities
            for i, contact_id in enumerate(o.role_contact_ids)
        ],
    )
    _write_csv(
        data_dir / "campaigns.csv",
        [
            "campaign_id",
            "campaign_name",
            "channel",
            "offer_type",
            "started_at",
            "ended_at",
            "actual_cost",
            "currency",
        ],
        [],
    )
    _write_csv(
        data_dir / "ad_spend.csv",
        ["spend_date", "utm_source", "utm_medium", "utm_campaign", "campaign_id", "amount", "currency"],
        [],
    )
    _write_csv(
        data_dir / "currency_rates.csv",
        ["currency", "rate_to_reporting"],
        [[currency, rate] for currency, rate in CURRENCY_RATES.items()],
    )
    return data_dir


def build_marts(data_dir: Path, build_dir: Path, vars: dict | None = None) -> Path:
    """Build the marts on `data_dir`; returns the DuckDB path (open it read-only).

    dbt unit tests are left out (dbt's DBT_EXCLUDE_RESOURCE_TYPES): they use fixed
    inputs, not this data, so they prove nothing here and cost a few seconds a build.
    Data tests on the selected models still run and must pass.
    """
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DBT_EXCLUDE_RESOURCE_TYPES", "unit_test")
        db_path, _ = build_project(data_dir, build_dir, vars=vars, select=MART_SELECTION)
    return db_path


# --------------------------------------------------------------------------- expected journeys


def default_as_of(dataset: Dataset) -> datetime:
    """The latest touch, lifecycle event, opportunity creation or close (SPEC section 3)."""
    moments = [t.occurred_at for t in dataset.touches]
    for c in dataset.contacts:
        moments += list(c.lead_events) + [moment for _, moment in c.other_events]
    for o in dataset.opportunities:
        moments.append(o.created_at)
        if o.status != "open":
            moments.append(o.closed_at)
    return max(moments)


@dataclass(frozen=True)
class ExpectedJourney:
    opportunity: Opportunity
    journey: list[Touch]


def expected_journeys(dataset: Dataset, scope: str = "account") -> dict[str, ExpectedJourney]:
    """Each opportunity's oracle input, from the scenario and the journey rules of SPEC section 3."""
    as_of = default_as_of(dataset)
    contacts = {c.contact_id: c for c in dataset.contacts}
    result = {}
    for o in dataset.opportunities:
        if scope == "account":
            scope_ids = {c.contact_id for c in dataset.contacts if c.account_id == o.account_id}
        elif scope == "contact_roles":
            scope_ids = set(o.role_contact_ids)
        else:
            raise ValueError(scope)
        # Per contact: its earliest `lead` event, else its created_at; the earliest of those.
        lead_times = [
            min(contacts[i].lead_events) if contacts[i].lead_events else contacts[i].created_at
            for i in scope_ids
        ]
        closed = o.status != "open"
        opportunity = Opportunity(
            opportunity_id=o.opportunity_id,
            created_at=o.created_at,
            closed_at=o.closed_at if closed else None,
            is_won=o.status == "won",
            lead_created_at=min(lead_times) if lead_times else None,
            journey_end=o.closed_at if closed else as_of,
        )
        candidates = [
            Touch(t.touchpoint_id, t.occurred_at, t.channel)
            for t in dataset.touches
            if (t.contact_id in scope_ids) or (t.contact_id is None and t.account_id == o.account_id)
        ]
        result[o.opportunity_id] = ExpectedJourney(opportunity, build_journey(candidates, opportunity))
    return result


Key = tuple[str, str, str | None]  # (attribution_model, opportunity_id, touchpoint_id)


def oracle_rows(journeys: dict[str, ExpectedJourney]) -> dict[Key, tuple[str, float]]:
    rows = {}
    for opportunity_id, expected in journeys.items():
        for model in RULE_BASED_MODELS:
            for touchpoint_id, channel, weight in attribution_rows(
                model, expected.journey, expected.opportunity
            ):
                rows[(model, opportunity_id, touchpoint_id)] = (channel, weight)
    return rows


def mart_rows(db_path: Path) -> dict[Key, tuple[str, float]]:
    with duckdb.connect(str(db_path), read_only=True) as connection:
        fetched = connection.execute(
            """
            select attribution_model, opportunity_id, touchpoint_id, channel, attribution_weight
            from marts.fct_attributed_touchpoints
            where attribution_model in (select unnest(?))
            """,
            [list(RULE_BASED_MODELS)],
        ).fetchall()
    rows = {}
    for model, opportunity_id, touchpoint_id, channel, weight in fetched:
        key = (model, opportunity_id, touchpoint_id)
        assert key not in rows, f"duplicate mart row {key}"
        rows[key] = (channel, weight)
    return rows


def _describe(opportunity_id: str, expected: ExpectedJourney) -> str:
    o = expected.opportunity
    found = milestones(expected.journey, o)
    touches = ", ".join(f"{t.touchpoint_id}@{_ts(t.occurred_at)}:{t.channel}" for t in expected.journey)
    return (
        f"{opportunity_id}: created {_ts(o.created_at)}, closed {_ts(o.closed_at)}, won {o.is_won}, "
        f"lead_created {_ts(o.lead_created_at)}, end {_ts(o.journey_end)}; "
        f"milestone positions {found}; journey [{touches}]"
    )


def assert_matches_oracle(db_path: Path, journeys: dict[str, ExpectedJourney]) -> None:
    """Same (model, opportunity, touchpoint) rows, same channel, weights equal to 1e-9."""
    expected = oracle_rows(journeys)
    actual = mart_rows(db_path)
    problems: dict[tuple[str, str], list[str]] = defaultdict(list)
    for key in sorted(expected.keys() | actual.keys(), key=str):
        model, opportunity_id, touchpoint_id = key
        if key not in actual:
            problems[(model, opportunity_id)].append(
                f"{touchpoint_id}: missing in mart (oracle {expected[key]})"
            )
        elif key not in expected:
            problems[(model, opportunity_id)].append(f"{touchpoint_id}: not in oracle (mart {actual[key]})")
        else:
            (oracle_channel, oracle_weight), (mart_channel, mart_weight) = expected[key], actual[key]
            if oracle_channel != mart_channel or abs(oracle_weight - mart_weight) > WEIGHT_TOLERANCE:
                problems[(model, opportunity_id)].append(
                    f"{touchpoint_id}: oracle {oracle_channel} {oracle_weight!r}, "
                    f"mart {mart_channel} {mart_weight!r}"
                )
    if problems:
        lines = [f"{len(problems)} (model, opportunity) pairs disagree with the oracle:"]
        for (model, opportunity_id), issues in sorted(problems.items())[:40]:
            lines.append(f"- {model} / {_describe(opportunity_id, journeys[opportunity_id])}")
            lines += [f"    {issue}" for issue in issues]
        raise AssertionError("\n".join(lines))


# --------------------------------------------------------------------------- the hand-built dataset


def at(text: str) -> datetime:
    return datetime.strptime(text, TIMESTAMP_FORMAT if " " in text else "%Y-%m-%d")


def hand_built_dataset() -> Dataset:
    """One account per edge case of the rule-based models (the comment on each says which)."""
    ds = Dataset()

    def account(account_id: str, contacts: list[ContactSpec] = ()) -> None:
        ds.account_ids.append(account_id)
        ds.contacts.extend(contacts)

    def touches(account_id: str, specs: list[tuple[str, str, str, str | None]]) -> None:
        """(touchpoint_id, occurred_at, channel, contact_id or None for account-level)."""
        for touchpoint_id, moment, channel, contact_id in specs:
            ds.touches.append(TouchSpec(touchpoint_id, at(moment), channel, contact_id, account_id))

    def opportunity(opportunity_id, account_id, created, status, closed=None, **kwargs) -> None:
        ds.opportunities.append(
            OpportunitySpec(
                opportunity_id, account_id, at(created), status, at(closed) if closed else None, **kwargs
            )
        )

    # A01 - one touch holding FT = LC = OC = CW; won.
    account("A01", [ContactSpec("C01", "A01", at("2024-01-10"))])
    touches("A01", [("T01a", "2024-01-05 10:00:00", "webinar", "C01")])
    opportunity("O01", "A01", "2024-02-01", "won", "2024-03-01", amount=1000, role_contact_ids=("C01",))

    # A02 - two touches; FT = LC = OC on the first, the second after the last milestone;
    # lost (no CW). The lead event (01-15) comes before created_at (01-20) and wins.
    account("A02", [ContactSpec("C02", "A02", at("2024-01-20"), lead_events=(at("2024-01-15"),))])
    touches(
        "A02", [("T02a", "2024-01-10 00:00:00", "email", "C02"), ("T02b", "2024-02-10", "sales_call", "C02")]
    )
    opportunity("O02", "A02", "2024-02-01", "lost", "2024-03-01", amount=2000, role_contact_ids=("C02",))

    # A03 - timestamp ties, broken by touchpoint_id text order ('T03-10' < 'T03-9'):
    # at FT, at the lead-creation instant (LC = the later id of the tie), at the
    # opportunity-creation instant (OC) and at closed_at (CW, journey end).
    account("A03", [ContactSpec("C03", "A03", at("2024-01-20"))])
    touches(
        "A03",
        [
            ("T03-9", "2024-01-05 10:00:00", "chat", "C03"),
            ("T03-10", "2024-01-05 10:00:00", "meeting", "C03"),
            ("T03-8", "2024-01-20 00:00:00", "content", None),
            ("T03-11", "2024-01-20 00:00:00", "webinar", "C03"),
            ("T03-20", "2024-01-25 00:00:00", "email", "C03"),
            ("T03-31", "2024-02-01 00:00:00", "event", "C03"),
            ("T03-30", "2024-02-01 00:00:00", "direct", "C03"),
            ("T03-41", "2024-02-15 00:00:00", "sales_email", "C03"),
            ("T03-5", "2024-03-01 00:00:00", "sales_call", "C03"),
            ("T03-50", "2024-03-01 00:00:00", "meeting", None),
        ],
    )
    opportunity("O03", "A03", "2024-02-01", "won", "2024-03-01", amount=3000, role_contact_ids=("C03",))

    # A04 - FT = LC on one touch, OC and CW on others, middle touches between them; the
    # last touch (the CW touch) is direct, so last_non_direct takes the one before.
    account("A04", [ContactSpec("C04", "A04", at("2024-01-05"), other_events=(("mql", at("2024-01-06")),))])
    touches(
        "A04",
        [
            ("T04a", "2024-01-03 00:00:00", "webinar", "C04"),
            ("T04b", "2024-01-10 00:00:00", "content", "C04"),
            ("T04c", "2024-01-15 00:00:00", "email", "C04"),
            ("T04d", "2024-01-31 00:00:00", "event", "C04"),
            ("T04e", "2024-02-20 00:00:00", "meeting", "C04"),
            ("T04f", "2024-03-15 00:00:00", "direct", "C04"),
        ],
    )
    opportunity("O04", "A04", "2024-02-01", "won", "2024-04-01", amount=4000, role_contact_ids=("C04",))

    # A05 - no middle touches: FT = LC on one touch, OC on the next (w_shaped 2/3, 1/3);
    # both touches direct, so last_non_direct falls back to the last touch.
    account("A05", [ContactSpec("C05", "A05", at("2024-01-05"))])
    touches(
        "A05", [("T05a", "2024-01-02 00:00:00", "direct", "C05"), ("T05b", "2024-01-20", "direct", "C05")]
    )
    opportunity("O05", "A05", "2024-02-01", "lost", "2024-02-20", amount=5000, role_contact_ids=("C05",))

    # A06 - missing LC: the lead was created (lead event 2023-12-01) before every touch.
    account(
        "A06",
        [ContactSpec("C06", "A06", at("2024-01-01"), lead_events=(at("2023-12-01"), at("2024-01-02")))],
    )
    touches(
        "A06",
        [
            ("T06a", "2024-01-05 00:00:00", "sales_email", "C06"),
            ("T06b", "2024-01-25 00:00:00", "webinar", "C06"),
            ("T06c", "2024-02-10 00:00:00", "meeting", "C06"),
        ],
    )
    opportunity("O06", "A06", "2024-02-01", "won", "2024-03-01", amount=6000, role_contact_ids=("C06",))

    # A07 - missing OC: every touch after the opportunity's creation (LC present, CW present).
    account("A07", [ContactSpec("C07", "A07", at("2024-02-07"))])
    touches(
        "A07",
        [
            ("T07a", "2024-02-05 00:00:00", "content", "C07"),
            ("T07b", "2024-02-10 00:00:00", "email", "C07"),
            ("T07c", "2024-02-20 00:00:00", "sales_call", "C07"),
            ("T07d", "2024-02-25 00:00:00", "chat", "C07"),
        ],
    )
    opportunity("O07", "A07", "2024-02-01", "won", "2024-03-01", amount=7000, role_contact_ids=("C07",))

    # A08 - an empty journey: the only touch is one second after closed_at.
    account("A08", [ContactSpec("C08", "A08", at("2024-01-05"))])
    touches("A08", [("T08a", "2024-03-01 00:00:01", "webinar", "C08")])
    opportunity("O08", "A08", "2024-02-01", "won", "2024-03-01", amount=8000, role_contact_ids=("C08",))

    # A09 - window edges: exactly created_at - 365 days and exactly closed_at are in,
    # one second outside either end is out. 2024-06-01 - 365 days = 2023-06-02.
    account("A09", [ContactSpec("C09", "A09", at("2023-08-01"))])
    touches(
        "A09",
        [
            ("T09a", "2023-06-01 23:59:59", "event", "C09"),
            ("T09b", "2023-06-02 00:00:00", "webinar", "C09"),
            ("T09c", "2023-09-01 00:00:00", "content", None),
            ("T09d", "2024-05-15 00:00:00", "sales_call", "C09"),
            ("T09e", "2024-07-01 12:00:00", "meeting", "C09"),
            ("T09f", "2024-07-01 12:00:01", "direct", "C09"),
        ],
    )
    opportunity(
        "O09", "A09", "2024-06-01", "lost", "2024-07-01 12:00:00", amount=9000, role_contact_ids=("C09",)
    )

    # A10 - an open opportunity: its journey ends at the as-of time, the latest event
    # of the dataset (touch T10d and an mql event share that instant).
    account(
        "A10",
        [ContactSpec("C10", "A10", at("2024-04-01"), other_events=(("mql", at("2024-09-30 12:00:00")),))],
    )
    touches(
        "A10",
        [
            ("T10a", "2024-04-20 00:00:00", "email", "C10"),
            ("T10b", "2024-05-10 00:00:00", "webinar", "C10"),
            ("T10c", "2024-08-10 00:00:00", "sales_call", "C10"),
            ("T10d", "2024-09-30 12:00:00", "direct", "C10"),
        ],
    )
    opportunity("O10", "A10", "2024-05-01", "open", amount=10000, currency="EUR", role_contact_ids=("C10",))

    # A11 - two opportunities of one account sharing touches; two contacts (the
    # earliest lead time is C11b's lead event, although C11a was created earlier
    # and has a later lead event); account-level touches.
    account(
        "A11",
        [
            ContactSpec("C11a", "A11", at("2024-01-01"), lead_events=(at("2024-01-20"),)),
            ContactSpec("C11b", "A11", at("2024-01-18"), lead_events=(at("2024-01-12"),)),
        ],
    )
    touches(
        "A11",
        [
            ("T11a", "2024-01-02 00:00:00", "event", None),
            ("T11b", "2024-01-10 00:00:00", "content", "C11b"),
            ("T11c", "2024-01-15 00:00:00", "email", "C11a"),
            ("T11d", "2024-02-20 00:00:00", "webinar", "C11a"),
            ("T11e", "2024-03-01 00:00:00", "sales_call", "C11b"),
            ("T11f", "2024-03-20 00:00:00", "meeting", None),
            ("T11g", "2024-04-15 00:00:00", "sales_email", "C11a"),
            ("T11h", "2024-05-01 00:00:00", "direct", "C11b"),
            ("T11i", "2024-06-01 00:00:00", "chat", "C11a"),
        ],
    )
    opportunity("O11x", "A11", "2024-03-01", "won", "2024-04-01", amount=11000, role_contact_ids=("C11a",))
    opportunity("O11y", "A11", "2024-05-01", "lost", "2024-06-15", amount=12000, role_contact_ids=("C11b",))

    # A12 - FT = LC = OC on the first of several touches, CW later, one middle touch.
    account("A12", [ContactSpec("C12", "A12", at("2024-01-10"))])
    touches(
        "A12",
        [
            ("T12a", "2024-01-05 00:00:00", "webinar", "C12"),
            ("T12b", "2024-01-25 00:00:00", "content", "C12"),
            ("T12c", "2024-02-10 00:00:00", "meeting", "C12"),
        ],
    )
    opportunity("O12", "A12", "2024-01-20", "won", "2024-03-01", amount=12500, role_contact_ids=("C12",))

    # A13 - an account without contacts: only account-level touches, no lead-creation
    # time (LC missing).
    account("A13")
    touches(
        "A13",
        [
            ("T13a", "2024-01-05 00:00:00", "event", None),
            ("T13b", "2024-01-15 00:00:00", "webinar", None),
            ("T13c", "2024-02-15 00:00:00", "sales_call", None),
        ],
    )
    opportunity("O13", "A13", "2024-02-01", "won", "2024-03-01", amount=1300)

    # A14 - an empty journey of an open opportunity with no touches at all, and a
    # contact of another account (a consultant) who is its contact role: in account
    # scope the consultant's touches do not count.
    account("A14", [ContactSpec("C14", "A14", at("2024-03-01"))])
    account("A15", [ContactSpec("C15", "A15", at("2024-02-01"), lead_events=(at("2024-02-02"),))])
    touches(
        "A15",
        [
            ("T15a", "2024-02-10 00:00:00", "content", "C15"),
            ("T15b", "2024-03-10 00:00:00", "meeting", None),
            ("T15c", "2024-04-10 00:00:00", "sales_email", "C15"),
        ],
    )
    opportunity("O14", "A14", "2024-04-01", "open", amount=1400, role_contact_ids=("C14", "C15"))
    opportunity("O15", "A15", "2024-03-15", "lost", "2024-05-01", amount=1500, role_contact_ids=("C15",))

    # A16 - a freelancer without an account is a contact role of a client's
    # opportunity; the client's own contact is not a role (contact_roles scope: only
    # the freelancer's touches and the client's account-level touches).
    account("A16", [ContactSpec("C16", "A16", at("2024-01-20"))])
    ds.contacts.append(ContactSpec("C99", None, at("2024-01-08")))
    touches(
        "A16",
        [
            ("T16a", "2024-01-05 00:00:00", "email", "C16"),
            ("T16b", "2024-01-09 00:00:00", "webinar", "C99"),
            ("T16c", "2024-01-22 00:00:00", "event", None),
            ("T16d", "2024-02-05 00:00:00", "chat", "C99"),
        ],
    )
    opportunity("O16", "A16", "2024-02-01", "won", "2024-02-10", amount=1600, role_contact_ids=("C99",))
    return ds


@pytest.fixture(scope="module")
def hand_built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Dataset, Path]:
    dataset = hand_built_dataset()
    root = tmp_path_factory.mktemp("oracle_hand_built")
    db_path = build_marts(write_dataset(dataset, root / "data"), root / "build")
    return dataset, db_path


def test_hand_built_edge_cases_match_oracle(hand_built: tuple[Dataset, Path]) -> None:
    dataset, db_path = hand_built
    journeys = expected_journeys(dataset)
    # The scenario really covers what the comments say (checked on the oracle's input).
    sizes = {o: len(e.journey) for o, e in journeys.items()}
    assert sizes["O01"] == 1 and sizes["O02"] == 2 and sizes["O08"] == 0 and sizes["O14"] == 0
    assert [t.touchpoint_id for t in journeys["O03"].journey][:2] == ["T03-10", "T03-9"]
    assert [t.touchpoint_id for t in journeys["O09"].journey] == ["T09b", "T09c", "T09d", "T09e"]
    o03 = milestones(journeys["O03"].journey, journeys["O03"].opportunity)
    ids03 = [t.touchpoint_id for t in journeys["O03"].journey]
    assert [ids03[o03[k]] for k in ("FT", "LC", "OC", "CW")] == ["T03-10", "T03-8", "T03-31", "T03-50"]
    assert milestones(journeys["O06"].journey, journeys["O06"].opportunity)["LC"] is None
    assert milestones(journeys["O07"].journey, journeys["O07"].opportunity)["OC"] is None
    assert journeys["O10"].opportunity.journey_end == at("2024-09-30 12:00:00")
    shared = {t.touchpoint_id for t in journeys["O11x"].journey} & {
        t.touchpoint_id for t in journeys["O11y"].journey
    }
    assert len(shared) >= 4
    assert_matches_oracle(db_path, journeys)
    # Empty journeys: one row per model, no touchpoint, `(unattributed)`, weight 1.
    actual = mart_rows(db_path)
    for opportunity_id in ("O08", "O14"):
        for model in RULE_BASED_MODELS:
            assert actual[(model, opportunity_id, None)] == (EMPTY_JOURNEY_CHANNEL, 1.0)


# --------------------------------------------------------------------------- money


def test_attributed_money_reconciles(hand_built: tuple[Dataset, Path]) -> None:
    dataset, db_path = hand_built
    with duckdb.connect(str(db_path), read_only=True) as connection:
        opportunities = {
            row[0]: row[1:]
            for row in connection.execute(
                """
                select opportunity_id, amount, won_amount, is_attributed, is_won
                from marts.dim_opportunities
                """
            ).fetchall()
        }
        facts = connection.execute(
            """
            select attribution_model, opportunity_id, attribution_weight,
                attributed_pipeline, attributed_revenue, is_won
            from marts.fct_attributed_touchpoints
            """
        ).fetchall()
    # Amounts in the reporting currency, from the scenario (EUR at 1.1).
    for o in dataset.opportunities:
        amount, won_amount, is_attributed, is_won = opportunities[o.opportunity_id]
        expected_amount = o.amount * CURRENCY_RATES[o.currency]
        assert is_attributed, o.opportunity_id
        assert is_won == (o.status == "won"), o.opportunity_id
        assert amount == pytest.approx(expected_amount, abs=MONEY_TOLERANCE), o.opportunity_id
        assert won_amount == pytest.approx(expected_amount if o.status == "won" else 0.0, abs=MONEY_TOLERANCE)
    attributed = {o: v for o, v in opportunities.items() if v[2]}
    total_pipeline = sum(v[0] for v in attributed.values())
    total_revenue = sum(v[1] for v in attributed.values())
    by_model: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
    for model, opportunity_id, weight, pipeline, revenue, is_won in facts:
        amount, won_amount, _, opportunity_is_won = attributed[opportunity_id]
        assert is_won == opportunity_is_won
        assert pipeline == pytest.approx(weight * amount, abs=1e-6), (model, opportunity_id)
        assert revenue == pytest.approx(weight * won_amount, abs=1e-6), (model, opportunity_id)
        by_model[model][0] += pipeline
        by_model[model][1] += revenue
    assert set(RULE_BASED_MODELS) <= by_model.keys()
    for model, (pipeline, revenue) in by_model.items():
        assert abs(pipeline - total_pipeline) <= MONEY_TOLERANCE, model
        assert abs(revenue - total_revenue) <= MONEY_TOLERANCE, model


# --------------------------------------------------------------------------- random journeys

RANDOM_CHANNELS = ("direct", "email", "webinar", "content", "sales_call", "meeting")
RANDOM_BASE = datetime(2023, 1, 1)


def _moment(hours: int, seconds: int = 0) -> datetime:
    return RANDOM_BASE + timedelta(hours=hours, seconds=seconds)


@st.composite
def random_datasets(draw: st.DrawFn) -> Dataset:
    """20-40 accounts; each with 1-4 contacts, 0-2 lead events each, 1-2 won / lost / open
    opportunities and 0-25 touches whose times are often a milestone instant, a window
    edge (or one second outside it) or another touch's time."""
    ds = Dataset()
    hours = st.integers(0, 24 * 700)
    for a in range(draw(st.integers(20, 40))):
        account_id = f"A{a}"
        ds.account_ids.append(account_id)
        contacts = []
        for c in range(draw(st.integers(1, 4))):
            contact = ContactSpec(
                f"C{a}_{c}",
                account_id,
                _moment(draw(hours)),
                lead_events=tuple(_moment(h) for h in draw(st.lists(hours, max_size=2))),
            )
            contacts.append(contact)
        ds.contacts += contacts
        opportunities = []
        for o in range(draw(st.integers(1, 2))):
            created = _moment(draw(st.integers(24 * 200, 24 * 600)))
            status = draw(st.sampled_from(["won", "lost", "open"]))
            closed = created + timedelta(hours=draw(st.integers(0, 24 * 120)))
            roles = draw(st.lists(st.sampled_from([c.contact_id for c in contacts]), unique=True, max_size=3))
            opportunities.append(
                OpportunitySpec(
                    f"O{a}_{o}",
                    account_id,
                    created,
                    status,
                    closed if status != "open" else None,
                    amount=draw(st.integers(1, 100_000)),
                    role_contact_ids=tuple(roles),
                )
            )
        ds.opportunities += opportunities
        instants = []
        for o in opportunities:
            instants += [o.created_at, o.created_at - LOOKBACK, o.created_at - LOOKBACK - SECOND]
            if o.closed_at:
                instants += [o.closed_at, o.closed_at + SECOND]
        for contact in contacts:
            instants += [contact.created_at, *contact.lead_events]
        earliest = min(o.created_at for o in opportunities) - timedelta(days=400)
        latest = max(o.closed_at or o.created_at for o in opportunities) + timedelta(days=30)
        span_hours = int((latest - earliest) / timedelta(hours=1))
        times: list[datetime] = []
        for t in range(draw(st.integers(0, 25))):
            kind = draw(st.sampled_from(["random", "random", "instant", "tie"]))
            if kind == "instant" or (kind == "tie" and not times):
                moment = draw(st.sampled_from(instants))
            elif kind == "tie":
                moment = draw(st.sampled_from(times))
            else:
                moment = earliest + timedelta(hours=draw(st.integers(0, span_hours)))
            times.append(moment)
            contact_id = draw(st.one_of(st.none(), st.sampled_from([c.contact_id for c in contacts])))
            ds.touches.append(
                TouchSpec(f"T{a}_{t}", moment, draw(st.sampled_from(RANDOM_CHANNELS)), contact_id, account_id)
            )
    return ds


@settings(
    max_examples=3,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(dataset=random_datasets())
def test_random_journeys_match_oracle(tmp_path_factory: pytest.TempPathFactory, dataset: Dataset) -> None:
    root = tmp_path_factory.mktemp("oracle_random")
    db_path = build_marts(write_dataset(dataset, root / "data"), root / "build")
    assert_matches_oracle(db_path, expected_journeys(dataset))


# --------------------------------------------------------------------------- contact_roles scope
# Last in the file: its vars force dbt to re-parse the project, so the builds with the
# default vars run first and reuse one parse.


def test_contact_roles_scope_matches_oracle(tmp_path_factory: pytest.TempPathFactory) -> None:
    dataset = hand_built_dataset()
    root = tmp_path_factory.mktemp("oracle_contact_roles")
    db_path = build_marts(
        write_dataset(dataset, root / "data"),
        root / "build",
        vars={"attribution_journey_scope": "contact_roles"},
    )
    journeys = expected_journeys(dataset, scope="contact_roles")
    # The consultant C15 brings its touches (not A15's account-level T15b) to A14's O14;
    # the freelancer C99 brings its touches to O16, A16's own contact C16 does not.
    assert [t.touchpoint_id for t in journeys["O14"].journey] == ["T15a", "T15c"]
    assert [t.touchpoint_id for t in journeys["O16"].journey] == ["T16b", "T16c", "T16d"]
    assert journeys["O16"].opportunity.lead_created_at == at("2024-01-08")
    assert journeys["O13"].opportunity.lead_created_at is None
    assert_matches_oracle(db_path, journeys)
