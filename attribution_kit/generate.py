"""Demo-data generator for the B2B multi-touch attribution project.

Writes the nine raw tables of the input contract (SPEC section 2) as
``<table>.csv`` or ``<table>.parquet`` into one folder, plus
``ground_truth_channel_effects.csv``: the planted, counterfactual effect of
each channel on the chance that an opportunity is won (SPEC section 7).

How the truth is planted:

1. Accounts, buying committees (contacts), opportunities and campaigns are
   drawn; then touchpoints (marketing touches around each opportunity, sales
   touches after the first marketing engagement, background and reverse-IP
   account-level touches, anonymous touches, touches exactly on the window
   edges).
2. Each opportunity's journey is recomputed from the touchpoint rows as they
   are written, the way the project defines it: touches of contacts of the
   opportunity's account plus account-level touches of the account, a touch
   carrying only an email resolving to the contact with that email, inside
   ``[created_at - 365 days, journey_end]`` (both ends included). Its channel
   set E gives ``p = sigmoid(b0 + b_type + sum beta_c + interactions)`` and
   ``won = U < p`` with one uniform U per opportunity.
3. For each channel c, the counterfactual lost wins are the closed
   opportunities won with E and not won with E without c (same U).

Dirty rows (duplicate touches, unparseable timestamps, unknown lifecycle
stages, orphan contact roles, negative spend) are extra rows added after the
truth is computed, so they cannot change it.

Everything is vectorised with numpy (loops run per channel, per table or per
opportunity rank within an account, never per row) and strings are built and
written with pyarrow in chunks, so ten million touchpoints fit in a few GB.
The output is byte-identical for the same arguments.

Usage::

    python -m attribution_kit.generate --accounts 2000 --seed 7 --out data/demo
    python -m attribution_kit.generate --target-touchpoints 10000000 --out /tmp/big --format parquet
    python -m attribution_kit.generate --shape salesforce --column-convention api --out data/demo_salesforce
    python -m attribution_kit.generate --shape hubspot --with-web-touchpoints --out data/demo_hubspot

``--shape salesforce`` and ``--shape hubspot`` write the same world as
Salesforce or HubSpot tables (attribution_kit/salesforce_shape.py,
attribution_kit/hubspot_shape.py, docs/demo_shapes.md).
"""

from __future__ import annotations

import argparse
import math
import resource
import sys
import time
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
from tqdm import tqdm

# --------------------------------------------------------------------------
# Constants
# --------------------------------------------------------------------------

DAY = 86_400
LOOKBACK_DAYS = 365
SPAN_DAYS = 913  # about 2.5 years of data before the as-of time
DEFAULT_AS_OF = "2026-06-30 00:00:00"
CHUNK_ROWS = 1_000_000

CHANNELS: tuple[str, ...] = (
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
)
CH = {name: i for i, name in enumerate(CHANNELS)}
N_CHANNELS = len(CHANNELS)
MARKETING = CHANNELS[:11]
SALES = CHANNELS[11:]
CAMPAIGN_CHANNELS = ("paid_search", "paid_social", "display", "email", "webinar", "event", "content")
PAID_CHANNELS = ("paid_search", "paid_social", "display")
REVERSE_IP_CHANNELS = ("display", "paid_social", "direct", "organic_search")
ANONYMOUS_CHANNELS = (
    "paid_search",
    "paid_social",
    "display",
    "organic_search",
    "content",
    "referral",
    "direct",
)

# Marketing channels: relative touch frequency and the chance that a
# channel is active in one opportunity's episode.
MARKETING_WEIGHT = np.array([0.07, 0.06, 0.13, 0.17, 0.16, 0.035, 0.025, 0.05, 0.025, 0.20, 0.03])
MARKETING_ACTIVE = np.array([0.45, 0.40, 0.70, 0.85, 0.80, 0.30, 0.22, 0.40, 0.22, 0.90, 0.30])
SALES_WEIGHT = np.array([0.50, 0.30, 0.20])
SALES_ACTIVE = np.array([0.85, 0.60, 0.50])
# Background touches of any contact: marketing mix plus some outbound sales email.
BACKGROUND_WEIGHT = np.append(MARKETING_WEIGHT, [0.04, 0.0, 0.0])
REVERSE_IP_WEIGHT = {"display": 0.40, "paid_social": 0.20, "direct": 0.25, "organic_search": 0.15}

OPPORTUNITY_TYPES = ("new_business", "expansion", "renewal")
NEW_BUSINESS, EXPANSION, RENEWAL = 0, 1, 2

TOUCH_TYPES = (
    "web_visit",
    "ad_click",
    "ad_impression",
    "form_submission",
    "email_click",
    "webinar",
    "event",
    "content_download",
    "chat",
    "sales_email",
    "sales_call",
    "meeting",
)
TT = {name: i for i, name in enumerate(TOUCH_TYPES)}
UTM_SOURCES = (
    "google",
    "bing",
    "linkedin",
    "facebook",
    "doubleclick",
    "adroll",
    "marketo",
    "on24",
    "website",
    "syndication",
    "g2",
    "capterra",
    "partner",
)
SRC = {name: i for i, name in enumerate(UTM_SOURCES)}
UTM_MEDIUMS = ("cpc", "paid_social", "display", "email", "webinar", "content", "referral")
MED = {name: i for i, name in enumerate(UTM_MEDIUMS)}
PARTNER_DOMAINS = ("revopsguild.org", "pipelinepartners.io", "martechalliance.com")
REFERRERS = (
    "google.com",
    "bing.com",
    "duckduckgo.com",
    "linkedin.com",
    "facebook.com",
    "g2.com",
    "capterra.com",
) + PARTNER_DOMAINS
REF = {name: i for i, name in enumerate(REFERRERS)}
CASE_OVERRIDES = {"linkedin": "LinkedIn", "doubleclick": "DoubleClick", "adroll": "AdRoll", "g2": "G2"}

STAGES = ("lead", "mql", "sal", "sql", "opportunity", "customer", "recycled", "disqualified", "nurture")
ST = {name: i for i, name in enumerate(STAGES)}
ROLES = ("Decision Maker", "Economic Buyer", "Champion", "Evaluator", "Influencer")
ROLE = {name: i for i, name in enumerate(ROLES)}
OFFER_TYPES = (
    "demo_request",
    "ebook",
    "whitepaper",
    "webinar",
    "event_invite",
    "trial",
    "newsletter",
    "case_study",
)
OFFER = {name: i for i, name in enumerate(OFFER_TYPES)}
OPEN_STAGES = ("Discovery", "Qualification", "Proposal", "Negotiation")
STAGE_NAMES = ("Closed Won", "Closed Lost") + OPEN_STAGES

# Per campaign channel: parallel lanes of back-to-back campaigns, duration
# range in days, utm sources (with probabilities), offer types.
CAMPAIGN_LAYOUT: dict[str, dict] = {
    "paid_search": {
        "lanes": 4,
        "days": (30, 120),
        "sources": {"google": 0.75, "bing": 0.25},
        "medium": "cpc",
        "offers": ("demo_request", "trial", "ebook"),
    },
    "paid_social": {
        "lanes": 3,
        "days": (30, 90),
        "sources": {"linkedin": 0.7, "facebook": 0.3},
        "medium": "paid_social",
        "offers": ("ebook", "whitepaper", "demo_request", "webinar"),
    },
    "display": {
        "lanes": 3,
        "days": (30, 90),
        "sources": {"doubleclick": 0.6, "adroll": 0.4},
        "medium": "display",
        "offers": ("case_study", "trial", "demo_request"),
    },
    "email": {
        "lanes": 4,
        "days": (7, 28),
        "sources": {"marketo": 1.0},
        "medium": "email",
        "offers": ("newsletter", "case_study", "webinar", "demo_request"),
    },
    "webinar": {
        "lanes": 2,
        "days": (14, 35),
        "sources": {"on24": 1.0},
        "medium": "webinar",
        "offers": ("webinar",),
    },
    "event": {"lanes": 2, "days": (21, 60), "sources": {}, "medium": None, "offers": ("event_invite",)},
    "content": {
        "lanes": 3,
        "days": (60, 180),
        "sources": {"website": 0.5, "syndication": 0.5},
        "medium": "content",
        "offers": ("ebook", "whitepaper", "case_study"),
    },
}
CAMPAIGN_THEMES = (
    "brand",
    "attribution",
    "pipeline",
    "revops",
    "abm",
    "forecasting",
    "data-quality",
    "competitor",
)
CAMPAIGN_COST = {
    "email": (800.0, 0.5),
    "webinar": (4_000.0, 0.5),
    "event": (25_000.0, 0.7),
    "content": (6_000.0, 0.6),
}
DAILY_BUDGET = {"paid_search": (450.0, 0.6), "paid_social": (300.0, 0.6), "display": (150.0, 0.6)}

LEAD_SOURCE_BY_CHANNEL = (
    "Paid Search",
    "Paid Social",
    "Display",
    "Organic Search",
    "Email",
    "Webinar",
    "Event",
    "Content Syndication",
    "Referral",
    "Website",
    "Chat",
    "Outbound",
    "Outbound",
    "Outbound",
)
LEAD_SOURCES = tuple(dict.fromkeys(LEAD_SOURCE_BY_CHANNEL + ("List Import", "Trade Show")))

FIRST_NAMES = (
    "james mary john patricia robert jennifer michael linda william elizabeth david barbara richard susan "
    "joseph jessica thomas sarah charles karen daniel nancy matthew lisa anthony betty mark margaret "
    "steven sandra paul ashley andrew kimberly joshua emily kevin donna brian michelle george carol "
    "lukas sophie maximilian anna elias marie noah emma leon mia felix hannah jonas lea priya arjun "
    "wei mei hiroshi yuki carlos lucia mateo sofia olivia liam"
).split()
LAST_NAMES = (
    "smith johnson williams brown jones garcia miller davis rodriguez martinez hernandez lopez gonzalez "
    "wilson anderson thomas taylor moore jackson martin lee perez thompson white harris sanchez clark "
    "ramirez lewis robinson walker young allen king wright scott torres nguyen hill flores green adams "
    "nelson baker hall rivera campbell mitchell carter roberts mueller schmidt schneider fischer weber "
    "meyer wagner becker schulz hoffmann patel shah kumar tanaka suzuki chen wang rossi bianchi dubois"
).split()
COMPANY_HEADS = (
    "blue north river stone iron bright silver green red oak pine summit cedar golden swift clear "
    "true prime apex nova terra lumen vertex orbit quantum atlas harbor maple falcon polar crimson "
    "hyper meta open cloud data signal pixel vector"
).split()
COMPANY_TAILS = (
    "peak wind field bridge works stack forge line point path wave gate mark scale base grid loop "
    "flow ridge light hub sphere labs core"
).split()
COMPANY_KINDS = (
    "Inc",
    "Systems",
    "Analytics",
    "Labs",
    "Group",
    "Software",
    "GmbH",
    "Technologies",
    "Solutions",
    "Ltd",
)
TLDS = ("com", "io", "co", "net", "de", "ai")
FREE_MAIL = ("gmail.com", "yahoo.com", "outlook.com", "hotmail.com")
INDUSTRIES = (
    "Software",
    "Financial Services",
    "Healthcare",
    "Manufacturing",
    "Retail",
    "Education",
    "Media",
    "Logistics",
    "Telecommunications",
    "Energy",
)
CONSULTING_INDUSTRY = "Consulting"

# Personas and their job titles.
ECONOMIC_BUYER, CHAMPION, USER, CONSULTANT = 0, 1, 2, 3
PERSONA_TITLES: tuple[tuple[str, ...], ...] = (
    (
        "VP Marketing",
        "VP Sales",
        "CFO",
        "Head of Revenue Operations",
        "Chief Revenue Officer",
        "Head of Growth",
    ),
    (
        "Director of Marketing Operations",
        "Marketing Manager",
        "Sales Operations Manager",
        "Director of Demand Generation",
        "Revenue Operations Manager",
    ),
    ("Marketing Analyst", "Data Engineer", "Sales Operations Specialist", "BI Analyst", "Analytics Engineer"),
    ("Consultant", "Senior Consultant", "Managing Consultant"),
)
JOB_TITLES = tuple(title for titles in PERSONA_TITLES for title in titles)
TITLE_OFFSET = np.cumsum([0] + [len(t) for t in PERSONA_TITLES])[:-1]

# Time-zone renderings of a timestamp: plain UTC or the same instant with a suffix.
TZ_SUFFIXES = ("", "Z", "+02:00", "-05:00", "+05:30")
TZ_OFFSETS = np.array([0, 0, 7_200, -18_000, 19_800], dtype=np.int64)
TZ_PROBS = np.array([0.95, 0.02, 0.015, 0.01, 0.005])

TABLE_COLUMNS: dict[str, tuple[str, ...]] = {
    "accounts": ("account_id", "account_name", "domain", "industry", "employee_count", "created_at"),
    "contacts": ("contact_id", "account_id", "email", "job_title", "created_at", "lead_source"),
    "lifecycle_events": ("contact_id", "stage", "occurred_at"),
    "touchpoints": (
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
    ),
    "opportunities": (
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
    ),
    "opportunity_contact_roles": ("opportunity_id", "contact_id", "role", "is_primary"),
    "campaigns": (
        "campaign_id",
        "campaign_name",
        "channel",
        "offer_type",
        "started_at",
        "ended_at",
        "actual_cost",
        "currency",
    ),
    "ad_spend": (
        "spend_date",
        "utm_source",
        "utm_medium",
        "utm_campaign",
        "campaign_id",
        "amount",
        "currency",
    ),
    "currency_rates": ("currency", "rate_to_reporting"),
}
TRUTH_FILE = "ground_truth_channel_effects.csv"
SHAPES = ("contract", "salesforce", "hubspot")
COLUMN_CONVENTIONS = ("fivetran", "api")  # of the CRM shapes: Fivetran's column names, or the API's
TRUTH_COLUMNS = (
    "channel",
    "true_coefficient",
    "closed_journeys_exposed",
    "counterfactual_lost_wins",
    "true_share",
    "world",
    "seed",
)
NON_STRING_TYPES: dict[str, pa.DataType] = {
    "employee_count": pa.int64(),
    "is_closed": pa.bool_(),
    "is_won": pa.bool_(),
    "is_primary": pa.bool_(),
    "amount": pa.float64(),
    "actual_cost": pa.float64(),
    "rate_to_reporting": pa.float64(),
}
EUR_RATE = 1.08

# --------------------------------------------------------------------------
# Worlds: the planted effects
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class World:
    """A win model: logit = intercept + type effect + sum of channel betas + interactions."""

    name: str
    intercept: float
    betas: dict[str, float]
    type_effects: tuple[float, float, float] = (0.0, 0.7, 1.4)
    interactions: tuple[tuple[str, str, float], ...] = ()

    def beta_vector(self) -> np.ndarray:
        return np.array([self.betas[c] for c in CHANNELS], dtype=np.float64)


_DEFAULT_BETAS = {
    "paid_search": 0.35,
    "paid_social": 0.20,
    "display": 0.05,
    "organic_search": 0.10,
    "email": 0.25,
    "webinar": 1.00,
    "event": 0.80,
    "content": 0.40,
    "referral": 0.70,
    "direct": 0.0,
    "chat": 0.30,
    "sales_email": 0.10,
    "sales_call": 0.50,
    "meeting": 1.20,
}
_FREQUENT_USELESS_BETAS = {
    "paid_search": 0.30,
    "paid_social": 0.20,
    "display": 0.0,
    "organic_search": 0.0,
    "email": 0.0,
    "webinar": 1.30,
    "event": 1.20,
    "content": 0.30,
    "referral": 1.10,
    "direct": 0.0,
    "chat": 0.20,
    "sales_email": 0.10,
    "sales_call": 0.40,
    "meeting": 0.60,
}
WORLDS: dict[str, World] = {
    "default": World("default", intercept=-4.15, betas=_DEFAULT_BETAS),
    "frequent_useless": World("frequent_useless", intercept=-3.78, betas=_FREQUENT_USELESS_BETAS),
    "interactions": World(
        "interactions",
        intercept=-3.85,
        betas=_DEFAULT_BETAS,
        interactions=(("webinar", "meeting", 0.8), ("email", "sales_email", -0.6)),
    ),
}
FREQUENT_CHANNELS = ("direct", "organic_search", "email", "display")
RARE_CHANNELS = ("webinar", "event", "referral")


def win_logit(exposed: np.ndarray, opportunity_type: np.ndarray, world: World) -> np.ndarray:
    """Linear predictor of the win model for boolean exposures (rows x channels)."""
    e = exposed.astype(np.float64)
    logit = world.intercept + np.asarray(world.type_effects)[opportunity_type] + e @ world.beta_vector()
    for a, b, gamma in world.interactions:
        logit = logit + gamma * e[:, CH[a]] * e[:, CH[b]]
    return logit


def sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def counterfactual_lost_wins(
    exposed: np.ndarray, opportunity_type: np.ndarray, uniform: np.ndarray, world: World
) -> tuple[np.ndarray, np.ndarray]:
    """Wins under the exposures and, per channel, wins lost when that channel is removed."""
    won = uniform < sigmoid(win_logit(exposed, opportunity_type, world))
    lost = np.zeros(N_CHANNELS, dtype=np.int64)
    for c in range(N_CHANNELS):
        without = exposed.copy()
        without[:, c] = False
        won_without = uniform < sigmoid(win_logit(without, opportunity_type, world))
        lost[c] = int(np.count_nonzero(won & ~won_without))
    return won, lost


def outcome_uniforms(seed: int, n_opportunities: int) -> np.ndarray:
    """The one uniform U per opportunity (in opportunity_id order) that decides won = U < p."""
    return _rng(seed, "outcome").random(n_opportunities)


# --------------------------------------------------------------------------
# Small vectorised helpers
# --------------------------------------------------------------------------


def _rng(seed: int, stream: str) -> np.random.Generator:
    """An independent random stream per purpose, so parts do not shift each other."""
    return np.random.default_rng([int(seed), zlib.crc32(stream.encode())])


def _days(x: np.ndarray | float) -> np.ndarray:
    return np.round(np.asarray(x, dtype=np.float64) * DAY).astype(np.int64)


def _draw_rows(weights: np.ndarray, row: np.ndarray, u: np.ndarray) -> np.ndarray:
    """Category per element, drawn from the weight row ``weights[row]`` with uniforms ``u``."""
    cum = np.cumsum(weights, axis=1)
    total = cum[:, -1:]
    cum = cum / np.where(total > 0, total, 1.0)  # all-zero rows are never drawn from
    out = np.zeros(len(row), dtype=np.int8)
    for j in range(weights.shape[1] - 1):
        out += u >= cum[row, j]
    return out


def _choice(rng: np.random.Generator, n: int, probs: Sequence[float]) -> np.ndarray:
    p = np.asarray(probs, dtype=np.float64)
    return rng.choice(len(p), size=n, p=p / p.sum()).astype(np.int8)


def _occurrence_rank(keys: np.ndarray) -> np.ndarray:
    """0 for the first occurrence of each key (in array order), 1 for the second, ..."""
    order = np.argsort(keys, kind="stable")
    sorted_keys = keys[order]
    starts = np.r_[True, sorted_keys[1:] != sorted_keys[:-1]]
    group_start = np.maximum.accumulate(np.where(starts, np.arange(len(keys)), 0))
    rank = np.empty(len(keys), dtype=np.int64)
    rank[order] = np.arange(len(keys)) - group_start
    return rank


def _csr(groups: np.ndarray, n_groups: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Members of each group: (members sorted by group, start pointer, count)."""
    members = np.argsort(groups, kind="stable")
    counts = np.bincount(groups, minlength=n_groups)
    ptr = np.cumsum(counts) - counts
    return members, ptr, counts


def _random_member(
    csr: tuple[np.ndarray, np.ndarray, np.ndarray], group: np.ndarray, u: np.ndarray
) -> np.ndarray:
    members, ptr, counts = csr
    k = np.minimum((u * counts[group]).astype(np.int64), counts[group] - 1)
    return members[ptr[group] + k]


def _uniform_between(rng: np.random.Generator, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    lo = np.asarray(lo, dtype=np.int64)
    span = np.maximum(np.asarray(hi, dtype=np.int64) - lo, 0)
    return lo + (rng.random(len(lo)) * span).astype(np.int64)


def parse_as_of(text: str) -> int:
    """'2026-06-30' or '2026-06-30 12:00:00' (UTC) to epoch seconds."""
    return int(np.datetime64(text.strip().replace(" ", "T"), "s").astype(np.int64))


# --------------------------------------------------------------------------
# The dataset (integer codes only; strings are built when writing)
# --------------------------------------------------------------------------


@dataclass
class Accounts:
    created: np.ndarray
    n_contacts: np.ndarray
    engagement: np.ndarray
    is_consulting: np.ndarray
    is_eur: np.ndarray
    industry: np.ndarray
    employees: np.ndarray
    head: np.ndarray
    tail: np.ndarray
    kind: np.ndarray
    tld: np.ndarray
    domain_rank: np.ndarray
    www: np.ndarray
    first_opp: np.ndarray

    def __len__(self) -> int:
        return len(self.created)


@dataclass
class Opportunities:
    account: np.ndarray
    created: np.ndarray
    closed: np.ndarray  # -1 when open
    lead_days: np.ndarray
    rank: np.ndarray
    uniform: np.ndarray
    type: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int8))
    is_won: np.ndarray = field(default_factory=lambda: np.zeros(0, bool))
    amount: np.ndarray = field(default_factory=lambda: np.zeros(0))
    is_eur: np.ndarray = field(default_factory=lambda: np.zeros(0, bool))
    stage: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int8))
    lead_source: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int8))
    exposed: np.ndarray = field(default_factory=lambda: np.zeros((0, N_CHANNELS), bool))

    @property
    def is_closed(self) -> np.ndarray:
        return self.closed >= 0

    def __len__(self) -> int:
        return len(self.created)


@dataclass
class Contacts:
    account: np.ndarray  # -1 for free-mail contacts
    created: np.ndarray
    persona: np.ndarray
    title: np.ndarray
    first: np.ndarray
    last: np.ndarray
    free_domain: np.ndarray  # index into FREE_MAIL, -1 for company addresses
    email_rank: np.ndarray
    lead_source: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int8))

    def __len__(self) -> int:
        return len(self.created)


@dataclass
class Campaigns:
    channel: np.ndarray
    lane: np.ndarray
    started: np.ndarray
    ended: np.ndarray
    source: np.ndarray  # -1 when none
    offer: np.ndarray
    theme: np.ndarray
    is_eur: np.ndarray
    cost: np.ndarray  # nan when none
    budget: np.ndarray  # daily, nan for unpaid
    override: np.ndarray  # channel column filled

    def __len__(self) -> int:
        return len(self.started)


@dataclass
class Touches:
    """Valid touchpoints, sorted by time; index = touchpoint_id - 1."""

    time: np.ndarray
    channel: np.ndarray
    contact: np.ndarray  # contact_id column, -1 empty
    email: np.ndarray  # contact whose email is written, -1 empty
    email_title_case: np.ndarray
    account: np.ndarray  # account_id column, -1 empty
    ttype: np.ndarray
    source: np.ndarray  # -1 empty
    medium: np.ndarray
    case_variant: np.ndarray  # 0 as is, 1 Capitalised, 2 UPPER
    referrer: np.ndarray
    campaign: np.ndarray
    resolved_account: np.ndarray
    resolved_contact: np.ndarray

    def __len__(self) -> int:
        return len(self.time)


@dataclass
class Dataset:
    seed: int
    world: World
    as_of: int
    start: int
    dirty: bool
    accounts: Accounts
    contacts: Contacts
    opportunities: Opportunities
    campaigns: Campaigns
    touches: Touches
    lifecycle: dict[str, np.ndarray]
    roles: dict[str, np.ndarray]
    ad_spend: dict[str, np.ndarray]
    touch_rows: dict[str, np.ndarray]
    lost_wins: np.ndarray
    closed_exposed: np.ndarray

    def n_touchpoint_rows(self) -> int:
        return len(self.touch_rows["src"])


# --------------------------------------------------------------------------
# Entities
# --------------------------------------------------------------------------


def make_accounts_and_opportunities(
    n: int, seed: int, start: int, as_of: int
) -> tuple[Accounts, Opportunities]:
    """Accounts (ordered by created_at) and their opportunities (ordered by created_at)."""
    rng = _rng(seed, "accounts")
    is_consulting = rng.random(n) < 0.02
    if n >= 20 and not is_consulting.any():
        is_consulting[n // 2] = True
    n_opps = np.where(rng.random(n) < 0.3, 0, 1 + rng.poisson(1.2, n))
    n_opps = np.minimum(n_opps, 10)
    n_opps[is_consulting] = 0

    orng = _rng(seed, "opportunities")
    opp_account = np.repeat(np.arange(n), n_opps)
    m = len(opp_account)
    lo, hi = start + 120 * DAY, as_of - 5 * DAY
    created = lo + (orng.random(m) * (hi - lo)).astype(np.int64)
    cycle = _days(np.clip(orng.lognormal(np.log(75.0), 0.6, m), 7, 400)) + orng.integers(0, DAY, m)
    closed = created + cycle
    closed = np.where(closed <= as_of, closed, -1)
    lead_days = orng.uniform(20, 330, m)
    uniform_key = orng.random(m)  # tie-free shuffle key for equal created_at

    first_opp = np.full(n, np.iinfo(np.int64).max)
    np.minimum.at(first_opp, opp_account, created)
    has_opp = n_opps > 0
    acc_created = start + _days(rng.uniform(0, 400, n)) + rng.integers(0, DAY, n)
    acc_created = np.where(
        has_opp, np.minimum(acc_created, first_opp - _days(rng.uniform(14, 120, n))), acc_created
    )
    acc_created = np.minimum(acc_created, as_of - DAY)

    accounts = Accounts(
        created=acc_created,
        n_contacts=1 + rng.binomial(11, 0.28, n),
        engagement=rng.lognormal(0.0, 0.4, n),
        is_consulting=is_consulting,
        is_eur=rng.random(n) < 0.2,
        industry=rng.integers(0, len(INDUSTRIES), n).astype(np.int8),
        employees=np.clip(rng.lognormal(np.log(300), 1.3, n), 5, 200_000).astype(np.int64),
        head=rng.integers(0, len(COMPANY_HEADS), n),
        tail=rng.integers(0, len(COMPANY_TAILS), n),
        kind=rng.integers(0, len(COMPANY_KINDS), n),
        tld=_choice(rng, n, [0.55, 0.15, 0.08, 0.07, 0.1, 0.05]).astype(np.int64),
        domain_rank=np.zeros(n, np.int64),
        www=rng.random(n) < 0.02,
        first_opp=first_opp,
    )
    # Account ids follow creation order; remap the opportunities.
    order = np.lexsort((np.arange(n), acc_created))
    new_index = np.empty(n, np.int64)
    new_index[order] = np.arange(n)
    for name in accounts.__dataclass_fields__:
        setattr(accounts, name, getattr(accounts, name)[order])
    opp_account = new_index[opp_account]
    domain_key = (accounts.head * len(COMPANY_TAILS) + accounts.tail) * len(TLDS) + accounts.tld
    accounts.domain_rank = _occurrence_rank(domain_key)

    order = np.lexsort((uniform_key, created))
    opp_account, created, closed, lead_days = (
        opp_account[order],
        created[order],
        closed[order],
        lead_days[order],
    )
    rank = _occurrence_rank(opp_account)  # position of the opportunity within its account, by creation
    opportunities = Opportunities(
        account=opp_account,
        created=created,
        closed=closed,
        lead_days=lead_days,
        rank=rank,
        uniform=outcome_uniforms(seed, m),
    )
    return accounts, opportunities


def make_contacts(accounts: Accounts, seed: int, start: int, as_of: int) -> Contacts:
    """Buying committees (1-12 per account) plus a few free-mail contacts, ordered by created_at."""
    rng = _rng(seed, "contacts")
    n_acc = len(accounts)
    account = np.repeat(np.arange(n_acc), accounts.n_contacts)
    n_free = int(round(0.03 / 0.97 * len(account)))
    account = np.r_[account, np.full(n_free, -1)]
    n = len(account)
    has_account = account >= 0
    acc = np.where(has_account, account, 0)

    persona = _choice(rng, n, [0.2, 0.35, 0.45])
    persona = np.where(has_account & accounts.is_consulting[acc], CONSULTANT, persona).astype(np.int8)
    title_counts = np.array([len(t) for t in PERSONA_TITLES])
    title = TITLE_OFFSET[persona] + (rng.random(n) * title_counts[persona]).astype(np.int64)

    first_opp = accounts.first_opp[acc]
    has_opp = has_account & (first_opp < np.iinfo(np.int64).max)
    lo = np.where(has_account, accounts.created[acc], start)
    hi = np.where(has_opp, first_opp - 10 * DAY, as_of - DAY)
    created = _uniform_between(rng, lo, hi)

    first = rng.integers(0, len(FIRST_NAMES), n)
    last = rng.integers(0, len(LAST_NAMES), n)
    free_domain = np.where(has_account, -1, rng.integers(0, len(FREE_MAIL), n))
    domain_key = np.where(has_account, account, n_acc + free_domain)
    email_rank = _occurrence_rank((domain_key * len(FIRST_NAMES) + first) * len(LAST_NAMES) + last)

    order = np.lexsort((np.arange(n), created))
    return Contacts(
        account=account[order],
        created=created[order],
        persona=persona[order],
        title=title[order],
        first=first[order],
        last=last[order],
        free_domain=free_domain[order],
        email_rank=email_rank[order],
    )


def make_campaigns(seed: int, start: int, as_of: int) -> Campaigns:
    """Back-to-back campaigns in parallel lanes per campaign channel, ordered by started_at."""
    rng = _rng(seed, "campaigns")
    parts: list[dict[str, np.ndarray]] = []
    for channel, spec in CAMPAIGN_LAYOUT.items():
        lo_days, hi_days = spec["days"]
        for lane in range(spec["lanes"]):
            n_max = math.ceil((as_of - start) / (lo_days * DAY) + hi_days / lo_days) + 2
            duration = _days(np.round(rng.uniform(lo_days, hi_days, n_max)))
            first_start = start - (rng.random() * duration[0]).astype(np.int64)
            first_start -= first_start % DAY
            starts = first_start + np.r_[0, np.cumsum(duration)[:-1]]
            keep = starts <= as_of - DAY
            starts, duration = starts[keep], duration[keep]
            k = len(starts)
            sources = spec["sources"]
            if sources:
                src = np.array([SRC[s] for s in sources])[_choice(rng, k, list(sources.values()))]
            else:
                src = np.full(k, -1)
            offers = np.array([OFFER[o] for o in spec["offers"]])
            part = {
                "channel": np.full(k, CH[channel], np.int8),
                "lane": np.full(k, lane, np.int64),
                "started": starts,
                "ended": np.minimum(starts + duration - 1, as_of),
                "source": src.astype(np.int64),
                "offer": offers[rng.integers(0, len(offers), k)],
                "theme": rng.integers(0, len(CAMPAIGN_THEMES), k),
                "is_eur": rng.random(k) < 0.15,
                "cost": np.full(k, np.nan),
                "budget": np.full(k, np.nan),
                "override": rng.random(k) < 0.15,
            }
            if channel in CAMPAIGN_COST:
                median, sigma = CAMPAIGN_COST[channel]
                part["cost"] = np.round(rng.lognormal(np.log(median), sigma, k), 2)
            if channel in DAILY_BUDGET:
                median, sigma = DAILY_BUDGET[channel]
                part["budget"] = rng.lognormal(np.log(median), sigma, k)
            parts.append(part)
    merged = {key: np.concatenate([p[key] for p in parts]) for key in parts[0]}
    order = np.lexsort((merged["lane"], merged["channel"], merged["started"]))
    return Campaigns(**{key: value[order] for key, value in merged.items()})


# --------------------------------------------------------------------------
# Touchpoints
# --------------------------------------------------------------------------


@dataclass
class _TouchDraft:
    time: np.ndarray
    channel: np.ndarray
    owner_contact: np.ndarray  # -1: account-level
    owner_account: np.ndarray  # used for account-level touches
    kind: np.ndarray  # 0 marketing of a contact, 1 sales, 2 account-level, 3 window edge, 4 as-of marker


def _fit_into_range(
    t: np.ndarray, rng: np.random.Generator, start: int, as_of: int, fallback_lo: np.ndarray
) -> np.ndarray:
    """Move times after the as-of time back into [fallback_lo, as_of], times before the data start forward."""
    late = t > as_of
    t = np.where(late, _uniform_between(rng, np.minimum(fallback_lo, as_of), np.full(len(t), as_of)), t)
    early = t < start
    return np.where(early, start + (rng.random(len(t)) * 30 * DAY).astype(np.int64), t)


def draft_touches(
    accounts: Accounts, contacts: Contacts, opps: Opportunities, seed: int, start: int, as_of: int
) -> _TouchDraft:
    """Every valid touch with its owner and channel (identity columns are decided later)."""
    rng = _rng(seed, "touches")
    n_acc = len(accounts)
    has_account = contacts.account >= 0
    committee = _csr(np.where(has_account, contacts.account, n_acc), n_acc + 1)
    end = np.where(opps.is_closed, opps.closed, as_of)
    g = accounts.engagement[opps.account]
    m = len(opps)
    parts: list[_TouchDraft] = []

    # A. Marketing touches of each opportunity's episode.
    active = rng.random((m, len(MARKETING))) < MARKETING_ACTIVE
    active[~active.any(axis=1), CH["direct"]] = True
    n_m = rng.poisson(rng.gamma(2.0, 26.0 * g / 2.0))
    opp = np.repeat(np.arange(m), n_m)
    n = len(opp)
    channel = _draw_rows(active * MARKETING_WEIGHT, opp, rng.random(n))
    created, stop = opps.created[opp], end[opp]
    episode_start = created - _days(opps.lead_days[opp])
    part = rng.random(n)
    main = part < 0.85
    t = np.where(
        main,
        _uniform_between(rng, episode_start, stop),
        np.where(
            part < 0.93,
            created - _days(LOOKBACK_DAYS + rng.uniform(1, 200, n)),  # before the lookback window
            stop + _days(rng.uniform(0, 120, n)),  # after close
        ),
    )
    t = _fit_into_range(t, rng, start, as_of, created)
    first_engagement = opps.created - 30 * DAY
    np.minimum.at(first_engagement, opp[main], t[main])
    contact = _random_member(committee, opps.account[opp], rng.random(n))
    parts.append(_TouchDraft(t, channel, contact, opps.account[opp], np.zeros(n, np.int8)))

    # B. Sales touches, clustered after the first marketing engagement.
    sales_active = rng.random((m, len(SALES))) < SALES_ACTIVE
    has_sales = sales_active.any(axis=1) & (rng.random(m) < 0.8)
    n_s = rng.poisson(4.0 * g) * has_sales
    opp = np.repeat(np.arange(m), n_s)
    n = len(opp)
    channel = (_draw_rows(sales_active * SALES_WEIGHT, opp, rng.random(n)) + CH["sales_email"]).astype(
        np.int8
    )
    created, stop, first = opps.created[opp], end[opp], first_engagement[opp]
    part = rng.random(n)
    t = np.where(
        part < 0.62,
        _uniform_between(rng, created, stop),
        np.where(
            part < 0.97,
            _uniform_between(rng, np.minimum(first, created), created),
            stop + _days(rng.uniform(0, 60, n)),
        ),
    )
    t = _fit_into_range(t, rng, start, as_of, created)
    contact = _random_member(committee, opps.account[opp], rng.random(n))
    parts.append(_TouchDraft(t, channel, contact, opps.account[opp], np.ones(n, np.int8)))

    # C. Background touches of every contact (buying committees, consultants, free-mail).
    acc = np.where(has_account, contacts.account, 0)
    rate = np.where(has_account, 3.5 * accounts.engagement[acc], 3.0)
    n_c = rng.poisson(rate)
    owner = np.repeat(np.arange(len(contacts)), n_c)
    n = len(owner)
    channel = _choice(rng, n, BACKGROUND_WEIGHT)
    lo = np.maximum(contacts.created[owner] - 180 * DAY, start)
    t = _uniform_between(rng, lo, np.full(n, as_of))
    parts.append(_TouchDraft(t, channel, owner, contacts.account[owner], np.zeros(n, np.int8)))

    # D. Account-level touches (reverse-IP matched ad impressions and visits).
    n_d = rng.poisson(1.5 * accounts.engagement)
    owner = np.repeat(np.arange(n_acc), n_d)
    n = len(owner)
    reverse_ip = np.array([CH[c] for c in REVERSE_IP_WEIGHT])
    channel = reverse_ip[_choice(rng, n, list(REVERSE_IP_WEIGHT.values()))].astype(np.int8)
    t = _uniform_between(rng, np.maximum(accounts.created[owner], start), np.full(n, as_of))
    parts.append(_TouchDraft(t, channel, np.full(n, -1), owner, np.full(n, 2, np.int8)))

    # E. Touches exactly on the window edges (inside) and one second outside.
    closed_idx = np.flatnonzero(opps.is_closed)
    pick = rng.random(len(closed_idx))
    inside = closed_idx[pick < 0.02]
    outside = closed_idx[(pick >= 0.02) & (pick < 0.03)]
    lb_in = opps.created[inside] - LOOKBACK_DAYS * DAY
    lb_out = opps.created[outside] - LOOKBACK_DAYS * DAY - 1
    t = np.r_[lb_in, opps.closed[inside], lb_out, opps.closed[outside] + 1]
    opp = np.r_[inside, inside, outside, outside]
    keep = (t >= start) & (t <= as_of)
    t, opp = t[keep], opp[keep]
    n = len(t)
    channel = _choice(rng, n, MARKETING_WEIGHT)
    contact = _random_member(committee, opps.account[opp], rng.random(n))
    parts.append(_TouchDraft(t, channel, contact, opps.account[opp], np.full(n, 3, np.int8)))

    # F. One anonymous visit exactly at the as-of time, so the data's latest event is the as-of time.
    parts.append(
        _TouchDraft(
            np.array([as_of]),
            np.array([CH["direct"]]),
            np.array([-1]),
            np.array([-1]),
            np.array([4], np.int8),
        )
    )

    return _TouchDraft(
        time=np.concatenate([p.time for p in parts]).astype(np.int64),
        channel=np.concatenate([p.channel for p in parts]).astype(np.int8),
        owner_contact=np.concatenate([p.owner_contact for p in parts]).astype(np.int64),
        owner_account=np.concatenate([p.owner_account for p in parts]).astype(np.int64),
        kind=np.concatenate([p.kind for p in parts]),
    )


def finish_touches(
    draft: _TouchDraft, contacts: Contacts, campaigns: Campaigns, seed: int, as_of: int
) -> Touches:
    """Identity columns, touchpoint types, utm values, campaigns; sorted by time."""
    rng = _rng(seed, "touch-columns")
    n = len(draft.time)
    owner = draft.owner_contact
    owner_account = np.where(owner >= 0, contacts.account[np.maximum(owner, 0)], draft.owner_account)
    is_marketing = draft.kind == 0
    u = rng.random(n)
    anonymous_ok = np.isin(draft.channel, [CH[c] for c in ANONYMOUS_CHANNELS])
    anonymous = is_marketing & anonymous_ok & (u < 0.045)
    anonymous |= draft.kind == 4
    reverse_ip = np.isin(draft.channel, [CH[c] for c in REVERSE_IP_CHANNELS])
    to_account = is_marketing & ~anonymous & reverse_ip & (owner_account >= 0) & (u >= 0.045) & (u < 0.105)
    email_only = is_marketing & ~anonymous & ~to_account & (u >= 0.105) & (u < 0.155)
    with_contact = (owner >= 0) & ~anonymous & ~to_account & ~email_only
    contact = np.where(with_contact, owner, -1)
    email = np.where(email_only | (with_contact & (rng.random(n) < 0.4)), owner, -1)
    account = np.where(
        to_account | (draft.kind == 2) | (with_contact & (rng.random(n) < 0.5)), owner_account, -1
    )
    account = np.where(anonymous, -1, account)
    email_title_case = email_only & (rng.random(n) < 0.2)

    # Mostly business hours (UTC), same day; window-edge and as-of touches keep their exact time.
    day_start = draft.time - draft.time % DAY
    second = np.where(rng.random(n) < 0.8, rng.integers(7 * 3600, 19 * 3600, n), rng.integers(0, DAY, n))
    time_ = np.where(draft.kind >= 3, draft.time, np.minimum(day_start + second, as_of))

    order = np.argsort(time_, kind="stable")
    time_, channel = time_[order], draft.channel[order]
    contact, email, account, email_title_case = (
        contact[order],
        email[order],
        account[order],
        email_title_case[order],
    )

    ttype = np.zeros(n, np.int8)
    source = np.full(n, -1, np.int8)
    medium = np.full(n, -1, np.int8)
    referrer = np.full(n, -1, np.int8)
    campaign = np.full(n, -1, np.int64)
    fixed_type = {
        "organic_search": "web_visit",
        "email": "email_click",
        "webinar": "webinar",
        "event": "event",
        "content": "content_download",
        "referral": "web_visit",
        "direct": "web_visit",
        "chat": "chat",
        "sales_email": "sales_email",
        "sales_call": "sales_call",
        "meeting": "meeting",
    }
    type_mix = {
        "paid_search": {"ad_click": 0.9, "form_submission": 0.1},
        "paid_social": {"ad_click": 0.5, "ad_impression": 0.4, "form_submission": 0.1},
        "display": {"ad_impression": 0.75, "ad_click": 0.25},
    }
    base = int(min(campaigns.started.min(), time_.min()))
    for name in CHANNELS:
        idx = np.flatnonzero(channel == CH[name])
        k = len(idx)
        if k == 0:
            continue
        if name in type_mix:
            types = np.array([TT[t] for t in type_mix[name]])
            ttype[idx] = types[_choice(rng, k, list(type_mix[name].values()))]
        else:
            ttype[idx] = TT[fixed_type[name]]
        if name in CAMPAIGN_LAYOUT:
            in_channel = np.flatnonzero(campaigns.channel == CH[name])
            lanes = CAMPAIGN_LAYOUT[name]["lanes"]
            keys = campaigns.lane[in_channel] * (1 << 36) + (campaigns.started[in_channel] - base)
            by_key = np.argsort(keys, kind="stable")
            lane = (rng.random(k) * lanes).astype(np.int64)
            pos = np.searchsorted(keys[by_key], lane * (1 << 36) + (time_[idx] - base), side="right") - 1
            chosen = in_channel[by_key[pos]]
            campaign[idx] = chosen
            src = campaigns.source[chosen]
            medium_name = CAMPAIGN_LAYOUT[name]["medium"]
            med = np.full(k, MED[medium_name] if medium_name else -1)
            if name == "webinar":  # some webinar platforms send no utm values
                blank = rng.random(k) < 0.25
                src, med = np.where(blank, -1, src), np.where(blank, -1, med)
            source[idx], medium[idx] = src, med
            if name in ("paid_search", "paid_social"):
                ref_of_source = {
                    SRC["google"]: REF["google.com"],
                    SRC["bing"]: REF["bing.com"],
                    SRC["linkedin"]: REF["linkedin.com"],
                    SRC["facebook"]: REF["facebook.com"],
                }
                lookup = np.full(len(UTM_SOURCES), -1)
                for s, r in ref_of_source.items():
                    lookup[s] = r
                referrer[idx] = lookup[src]
        elif name == "organic_search":
            refs = np.array([REF["google.com"], REF["bing.com"], REF["duckduckgo.com"]])
            referrer[idx] = refs[_choice(rng, k, [0.8, 0.12, 0.08])]
        elif name == "referral":
            which = _choice(rng, k, [0.4, 0.3, 0.3])
            partner = rng.integers(0, len(PARTNER_DOMAINS), k)
            source[idx] = np.array([SRC["g2"], SRC["capterra"], SRC["partner"]])[which]
            medium[idx] = MED["referral"]
            referrer[idx] = np.where(
                which == 0,
                REF["g2.com"],
                np.where(which == 1, REF["capterra.com"], REF[PARTNER_DOMAINS[0]] + partner),
            )
    has_utm = source >= 0
    case_variant = np.where(has_utm & (rng.random(n) < 0.03), 1 + (rng.random(n) < 0.4), 0).astype(np.int8)

    resolved_contact = np.where(contact >= 0, contact, email)
    resolved_account = np.where(
        resolved_contact >= 0, contacts.account[np.maximum(resolved_contact, 0)], account
    )
    return Touches(
        time=time_,
        channel=channel,
        contact=contact,
        email=email,
        email_title_case=email_title_case,
        account=account,
        ttype=ttype,
        source=source,
        medium=medium,
        case_variant=case_variant,
        referrer=referrer,
        campaign=campaign,
        resolved_account=resolved_account,
        resolved_contact=resolved_contact,
    )


# --------------------------------------------------------------------------
# Journeys, outcomes and the truth
# --------------------------------------------------------------------------


def journey_exposures(
    touch_account: np.ndarray,
    touch_time: np.ndarray,
    touch_channel: np.ndarray,
    opp_account: np.ndarray,
    window_start: np.ndarray,
    window_end: np.ndarray,
) -> np.ndarray:
    """Channels present in each opportunity's journey (opportunities x channels, bool).

    A touch is in the journey when it resolves to the opportunity's account
    and window_start <= time <= window_end.
    """
    keep = touch_account >= 0
    base = min(
        int(touch_time.min()) if len(touch_time) else 0, int(window_start.min()) if len(window_start) else 0
    )
    shift = np.int64(1 << 34)
    key = touch_account[keep].astype(np.int64) * shift + (touch_time[keep] - base)
    order = np.argsort(key, kind="stable")
    key = key[order]
    channel = touch_channel[keep][order]
    lo = np.searchsorted(key, opp_account * shift + (window_start - base), side="left")
    hi = np.searchsorted(key, opp_account * shift + (window_end - base), side="right")
    exposed = np.zeros((len(opp_account), N_CHANNELS), dtype=bool)
    for c in range(N_CHANNELS):
        count = np.r_[0, np.cumsum(channel == c, dtype=np.int64)]
        exposed[:, c] = count[hi] > count[lo]
    return exposed


def decide_outcomes(opps: Opportunities, n_accounts: int, world: World, seed: int) -> None:
    """Opportunity types (expansion/renewal after an earlier win) and won = U < p, rank by rank."""
    rng = _rng(seed, "opportunity-types")
    m = len(opps)
    type_u = rng.random(m)
    opps.type = np.zeros(m, np.int8)
    opps.is_won = np.zeros(m, bool)
    earliest_win = np.full(n_accounts, np.iinfo(np.int64).max)
    is_closed = opps.is_closed
    for r in range(int(opps.rank.max(initial=-1)) + 1):
        sel = np.flatnonzero(opps.rank == r)
        prior_win = earliest_win[opps.account[sel]] < opps.created[sel]
        opps.type[sel] = np.where(prior_win, np.where(type_u[sel] < 0.4, RENEWAL, EXPANSION), NEW_BUSINESS)
        p = sigmoid(win_logit(opps.exposed[sel], opps.type[sel], world))
        won = is_closed[sel] & (opps.uniform[sel] < p)
        opps.is_won[sel] = won
        np.minimum.at(earliest_win, opps.account[sel[won]], opps.closed[sel[won]])


def finish_opportunities(opps: Opportunities, accounts: Accounts, seed: int) -> None:
    rng = _rng(seed, "opportunity-values")
    m = len(opps)
    median = np.array([25_000.0, 12_000.0, 30_000.0])[opps.type]
    opps.amount = np.round(median * rng.lognormal(0.0, 0.9, m), 2)
    opps.amount = np.maximum(opps.amount, 100.0)
    opps.is_eur = accounts.is_eur[opps.account]
    open_stage = 2 + rng.integers(0, len(OPEN_STAGES), m)
    opps.stage = np.where(opps.is_closed, np.where(opps.is_won, 0, 1), open_stage).astype(np.int8)


def truth_table(opps: Opportunities, world: World) -> tuple[np.ndarray, np.ndarray]:
    closed = opps.is_closed
    won, lost = counterfactual_lost_wins(opps.exposed[closed], opps.type[closed], opps.uniform[closed], world)
    if not np.array_equal(won, opps.is_won[closed]):
        raise RuntimeError("outcomes disagree with the win model")
    return lost, opps.exposed[closed].sum(axis=0)


# --------------------------------------------------------------------------
# Contact roles, lifecycle, lead sources, spend
# --------------------------------------------------------------------------


def make_contact_roles(
    opps: Opportunities, contacts: Contacts, n_accounts: int, seed: int
) -> dict[str, np.ndarray]:
    rng = _rng(seed, "contact-roles")
    has_account = contacts.account >= 0
    members, ptr, counts = _csr(np.where(has_account, contacts.account, n_accounts), n_accounts + 1)
    m = len(opps)
    size = counts[opps.account]
    k = np.minimum(size, 1 + rng.binomial(3, 0.45, m))
    opp = np.repeat(np.arange(m), size)
    slot = np.arange(len(opp)) - np.repeat(np.cumsum(size) - size, size)
    contact = members[ptr[opps.account[opp]] + slot]
    order = np.lexsort((rng.random(len(opp)), opp))
    opp, contact = opp[order], contact[order]
    rank = np.arange(len(opp)) - np.repeat(np.cumsum(size) - size, size)
    keep = rank < k[opp]
    opp, contact, rank = opp[keep], contact[keep], rank[keep]
    persona = contacts.persona[contact]
    u = rng.random(len(opp))
    role = np.select(
        [persona == ECONOMIC_BUYER, persona == CHAMPION],
        [
            np.where(u < 0.6, ROLE["Economic Buyer"], ROLE["Decision Maker"]),
            np.where(u < 0.7, ROLE["Champion"], ROLE["Decision Maker"]),
        ],
        np.where(u < 0.6, ROLE["Evaluator"], ROLE["Influencer"]),
    )
    primary = rank == 0

    consultants = np.flatnonzero(contacts.persona == CONSULTANT)
    if len(consultants):
        with_consultant = np.flatnonzero(rng.random(m) < 0.05)
        c_contact = consultants[rng.integers(0, len(consultants), len(with_consultant))]
        c_role = np.where(rng.random(len(with_consultant)) < 0.5, ROLE["Influencer"], ROLE["Evaluator"])
        opp = np.r_[opp, with_consultant]
        contact = np.r_[contact, c_contact]
        role = np.r_[role, c_role]
        primary = np.r_[primary, np.zeros(len(with_consultant), bool)]
    order = np.lexsort((~primary, opp))
    return {
        "opp": opp[order],
        "contact": contact[order],
        "role": role[order].astype(np.int8),
        "primary": primary[order],
    }


def make_lifecycle(
    contacts: Contacts, opps: Opportunities, roles: dict[str, np.ndarray], seed: int, as_of: int
) -> dict[str, np.ndarray]:
    """Funnel events: lead near created_at, drop-off, 30-day SLA recycling, opportunity, customer."""
    rng = _rng(seed, "lifecycle")
    n = len(contacts)
    events_c: list[np.ndarray] = []
    events_s: list[np.ndarray] = []
    events_t: list[np.ndarray] = []

    def add(who: np.ndarray, stage: str, t: np.ndarray) -> None:
        events_c.append(who)
        events_s.append(np.full(len(who), ST[stage], np.int8))
        events_t.append(t)

    everyone = np.arange(n)
    lead = contacts.created + rng.integers(0, 300, n)
    add(everyone, "lead", lead)

    on_opp = np.zeros(n, bool)
    own_rows = contacts.account[roles["contact"]] == opps.account[roles["opp"]]
    role_contact, role_opp = roles["contact"][own_rows], roles["opp"][own_rows]
    on_opp[role_contact] = True
    first_opp = np.full(n, np.iinfo(np.int64).max)
    np.minimum.at(first_opp, role_contact, opps.created[role_opp])

    # Contacts on an opportunity: (maybe recycled and re-engaged), mql, sal, sql before it.
    who = np.flatnonzero(on_opp)
    k = len(who)
    gap = first_opp[who] - lead[who]
    recycle = (gap > 100 * DAY) & (rng.random(k) < 0.35)
    recycled_at = lead[who] + 30 * DAY
    relead = recycled_at + _days(10 + rng.random(k) * (gap / DAY - 85))
    add(who[recycle], "recycled", recycled_at[recycle])
    add(who[recycle], "lead", relead[recycle])
    cycle_start = np.where(recycle, relead, lead[who])
    room = first_opp[who] - cycle_start
    mql = cycle_start + (rng.uniform(0.1, 0.5, k) * np.minimum(room, 40 * DAY)).astype(np.int64)
    rest = first_opp[who] - mql
    sal = mql + (rng.uniform(0.05, 0.4, k) * rest).astype(np.int64)
    sql = mql + (rng.uniform(0.5, 0.95, k) * rest).astype(np.int64)
    add(who, "mql", mql)
    add(who, "sal", sal)
    add(who, "sql", sql)
    add(role_contact, "opportunity", opps.created[role_opp])
    won = opps.is_won[role_opp]
    add(role_contact[won], "customer", opps.closed[role_opp[won]])

    # Everyone else: drop-off, 30-day SLA recycling, some re-engage later.
    who = np.flatnonzero(~on_opp)
    k = len(who)
    u = rng.random((k, 4))
    to_mql = u[:, 0] < 0.45
    mql = lead[who] + _days(rng.uniform(1, 25, k))
    add(who[to_mql], "mql", mql[to_mql])
    recycled_at = lead[who] + 30 * DAY
    not_progressed = ~to_mql
    add(who[not_progressed], "recycled", recycled_at[not_progressed])
    reengage = not_progressed & (u[:, 1] < 0.35)
    relead = recycled_at + _days(rng.uniform(20, 300, k))
    remql = relead + _days(rng.uniform(1, 14, k))
    add(who[reengage], "lead", relead[reengage])
    add(who[reengage], "mql", remql[reengage])
    to_sal = to_mql & (u[:, 2] < 0.55)
    sal = mql + _days(rng.uniform(1, 10, k))
    add(who[to_sal], "sal", sal[to_sal])
    dq_mql = to_mql & ~to_sal & (u[:, 3] < 0.4)
    add(who[dq_mql], "disqualified", mql[dq_mql] + _days(rng.uniform(5, 30, k))[dq_mql])
    to_sql = to_sal & (u[:, 3] < 0.6)
    sql = sal + _days(rng.uniform(2, 20, k))
    add(who[to_sql], "sql", sql[to_sql])
    dq_sal = to_sal & ~to_sql & (u[:, 1] < 0.5)
    add(who[dq_sal], "disqualified", sal[dq_sal] + _days(rng.uniform(5, 30, k))[dq_sal])

    contact = np.concatenate(events_c)
    stage = np.concatenate(events_s)
    t = np.concatenate(events_t)
    keep = t <= as_of
    contact, stage, t = contact[keep], stage[keep], t[keep]
    order = np.lexsort((stage, contact, t))
    return {"contact": contact[order], "stage": stage[order], "time": t[order]}


def assign_lead_sources(
    contacts: Contacts, touches: Touches, opps: Opportunities, roles: dict, seed: int
) -> None:
    """The CRM's original-source fields: a contact's first touch; an opportunity's primary contact."""
    rng = _rng(seed, "lead-sources")
    n = len(contacts)
    channel_label = np.array([LEAD_SOURCES.index(s) for s in LEAD_SOURCE_BY_CHANNEL])
    fallback = np.array([LEAD_SOURCES.index("List Import"), LEAD_SOURCES.index("Trade Show")])
    source = fallback[(rng.random(n) < 0.4).astype(np.int64)]
    known = touches.resolved_contact >= 0
    first_contact, first_index = np.unique(touches.resolved_contact[known], return_index=True)
    source[first_contact] = channel_label[touches.channel[known][first_index]]
    source = np.where(rng.random(n) < 0.05, -1, source)
    contacts.lead_source = source.astype(np.int8)
    primary = roles["primary"]
    opps.lead_source = np.full(len(opps), -1, np.int8)
    opps.lead_source[roles["opp"][primary]] = contacts.lead_source[roles["contact"][primary]]


def make_ad_spend(campaigns: Campaigns, seed: int, as_of: int) -> dict[str, np.ndarray]:
    rng = _rng(seed, "ad-spend")
    paid = np.flatnonzero(np.isin(campaigns.channel, [CH[c] for c in PAID_CHANNELS]))
    first_day = campaigns.started[paid] // DAY
    last_day = np.minimum(campaigns.ended[paid], as_of - 1) // DAY
    days = np.maximum(last_day - first_day + 1, 0)
    camp = np.repeat(paid, days)
    offset = np.arange(len(camp)) - np.repeat(np.cumsum(days) - days, days)
    day = np.repeat(first_day, days) + offset
    amount = np.round(campaigns.budget[camp] * rng.lognormal(0.0, 0.25, len(camp)), 2)
    return {"campaign": camp, "day": day, "amount": amount}


# --------------------------------------------------------------------------
# Dirty rows
# --------------------------------------------------------------------------


def _n_dirty(n: int, share: float) -> int:
    return max(1, int(round(share * n))) if n else 0


def touch_row_layout(n_valid: int, seed: int, dirty: bool) -> dict[str, np.ndarray]:
    """File rows of the touchpoints table: valid rows in time order, exact duplicates right after
    their original and extra rows with an unparseable occurred_at at random places."""
    if not dirty:
        return {"src": np.arange(n_valid), "bad": np.zeros(n_valid, bool), "number": np.arange(n_valid)}
    rng = _rng(seed, "dirty-touches")
    n_dup, n_bad = _n_dirty(n_valid, 0.0015), _n_dirty(n_valid, 0.001)
    dup_src = np.sort(rng.choice(n_valid, n_dup, replace=False))
    bad_src = rng.integers(0, n_valid, n_bad)
    bad_pos = np.sort(rng.integers(0, n_valid, n_bad))
    src = np.r_[np.arange(n_valid), dup_src, bad_src]
    position = np.r_[2 * np.arange(n_valid), 2 * dup_src + 1, 2 * bad_pos + 1]
    number = np.r_[np.arange(n_valid), dup_src, n_valid + np.arange(n_bad)]
    bad = np.r_[np.zeros(n_valid + n_dup, bool), np.ones(n_bad, bool)]
    order = np.argsort(position, kind="stable")
    return {"src": src[order], "bad": bad[order], "number": number[order]}


def _interleave(n: int, after: np.ndarray) -> np.ndarray:
    """The order that puts extra row j right after row after[j] (after sorted or not)."""
    at = np.r_[2 * np.arange(n), 2 * after + 1]
    return np.argsort(at, kind="stable")


def lifecycle_rows(ds: Dataset) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Lifecycle events as written: with ``dirty``, events of an unknown stage ("nurture") added."""
    life = ds.lifecycle
    life_contact, life_stage, life_time = life["contact"], life["stage"], life["time"]
    if not ds.dirty:
        return life_contact, life_stage, life_time
    n_life, con = len(life_contact), ds.contacts
    rng = _rng(ds.seed, "dirty-lifecycle")
    k = _n_dirty(n_life, 0.002)
    pos = np.sort(rng.integers(0, n_life, k))
    extra_contact = rng.integers(0, len(con), k)
    extra_time = _uniform_between(rng, con.created[extra_contact], np.full(k, ds.as_of))
    order = _interleave(n_life, pos)
    return (
        np.r_[life_contact, extra_contact][order],
        np.r_[life_stage, np.full(k, ST["nurture"], np.int8)][order],
        np.r_[life_time, extra_time][order],
    )


def contact_role_rows(ds: Dataset) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Contact roles as written: with ``dirty``, orphan roles of no such opportunity added."""
    role_opp, role_contact = ds.roles["opp"], ds.roles["contact"]
    role_role, role_primary = ds.roles["role"], ds.roles["primary"]
    if not ds.dirty:
        return role_opp, role_contact, role_role, role_primary
    rng = _rng(ds.seed, "dirty-roles")
    n_roles = len(role_opp)
    k = _n_dirty(n_roles, 0.002)
    order = _interleave(n_roles, np.sort(rng.integers(0, n_roles, k)))
    no_such_opportunity = len(ds.opportunities) + 50_000 + np.arange(k)
    return (
        np.r_[role_opp, no_such_opportunity][order],
        np.r_[role_contact, rng.integers(0, len(ds.contacts), k)][order],
        np.r_[role_role, rng.integers(0, len(ROLES), k).astype(np.int8)][order],
        np.r_[role_primary, np.ones(k, bool)][order],
    )


def ad_spend_rows(ds: Dataset) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Ad spend as written: with ``dirty``, copies of rows with a negative amount added."""
    spend = ds.ad_spend
    spend_campaign, spend_day, spend_amount = spend["campaign"], spend["day"], spend["amount"]
    if not ds.dirty:
        return spend_campaign, spend_day, spend_amount
    rng = _rng(ds.seed, "dirty-spend")
    n_spend = len(spend_campaign)
    k = _n_dirty(n_spend, 0.002)
    src = rng.integers(0, n_spend, k)
    order = _interleave(n_spend, src)
    return (
        np.r_[spend_campaign, spend_campaign[src]][order],
        np.r_[spend_day, spend_day[src]][order],
        np.r_[spend_amount, -np.round(rng.uniform(10, 500, k), 2)][order],
    )


# --------------------------------------------------------------------------
# Building the whole dataset
# --------------------------------------------------------------------------


def build_dataset(
    n_accounts: int,
    seed: int,
    world: World,
    as_of: int,
    dirty: bool = True,
    progress: tqdm | None = None,
) -> Dataset:
    """All tables as integer arrays, the outcomes and the truth."""

    def step(label: str) -> None:
        if progress is not None:
            progress.set_postfix_str(label)
            progress.update(1)

    start = as_of - SPAN_DAYS * DAY
    accounts, opps = make_accounts_and_opportunities(n_accounts, seed, start, as_of)
    step("accounts")
    contacts = make_contacts(accounts, seed, start, as_of)
    campaigns = make_campaigns(seed, start, as_of)
    step("contacts")
    draft = draft_touches(accounts, contacts, opps, seed, start, as_of)
    step("touch times")
    touches = finish_touches(draft, contacts, campaigns, seed, as_of)
    del draft
    step("touch columns")
    window_end = np.where(opps.is_closed, opps.closed, as_of)
    opps.exposed = journey_exposures(
        touches.resolved_account,
        touches.time,
        touches.channel,
        opps.account,
        opps.created - LOOKBACK_DAYS * DAY,
        window_end,
    )
    step("journeys")
    decide_outcomes(opps, len(accounts), world, seed)
    finish_opportunities(opps, accounts, seed)
    lost_wins, closed_exposed = truth_table(opps, world)
    step("outcomes")
    roles = make_contact_roles(opps, contacts, len(accounts), seed)
    lifecycle = make_lifecycle(contacts, opps, roles, seed, as_of)
    assign_lead_sources(contacts, touches, opps, roles, seed)
    ad_spend = make_ad_spend(campaigns, seed, as_of)
    touch_rows = touch_row_layout(len(touches), seed, dirty)
    step("funnel")
    return Dataset(
        seed=seed,
        world=world,
        as_of=as_of,
        start=start,
        dirty=dirty,
        accounts=accounts,
        contacts=contacts,
        opportunities=opps,
        campaigns=campaigns,
        touches=touches,
        lifecycle=lifecycle,
        roles=roles,
        ad_spend=ad_spend,
        touch_rows=touch_rows,
        lost_wins=lost_wins,
        closed_exposed=closed_exposed,
    )


BUILD_STEPS = 8  # steps of build_dataset plus the string tables


def accounts_for_target(target: int, seed: int, world: World, as_of: int, dirty: bool) -> int:
    """Number of accounts giving about ``target`` touchpoints (a pilot run measures the rate)."""
    pilot = int(np.clip(target // 65, 2_000, 20_000))
    rows = build_dataset(pilot, seed, world, as_of, dirty).n_touchpoint_rows()
    return max(1, math.ceil(pilot * target / rows * 1.01))


# --------------------------------------------------------------------------
# Strings and writing
# --------------------------------------------------------------------------


def _string_ids(prefix: str, numbers: np.ndarray, width: int) -> pa.Array:
    digits = pc.utf8_lpad(pc.cast(pa.array(np.asarray(numbers, dtype=np.int64) + 1), pa.string()), width, "0")
    return pc.binary_join_element_wise(prefix, digits, "")


def _width(n: int) -> int:
    return max(6, len(str(n)))


def _take(values: pa.Array, index: np.ndarray) -> pa.Array:
    """values[index], null where index < 0."""
    index = np.asarray(index, dtype=np.int64)
    return pc.take(values, pa.array(index, mask=index < 0))


def _codes(labels: Sequence[str], codes: np.ndarray) -> pa.Array:
    return _take(pa.array(list(labels), pa.string()), codes)


def _timestamps(t: np.ndarray, variant: np.ndarray, missing: np.ndarray | None = None) -> pa.Array:
    """ISO 8601 text: 'YYYY-MM-DD HH:MM:SS' in UTC, or the same instant with 'T' and a 'Z' or an offset."""
    t = np.asarray(t, dtype=np.int64)
    missing = np.zeros(len(t), bool) if missing is None else np.asarray(missing, bool)
    text = pc.cast(pa.array(t.astype("datetime64[s]"), mask=missing), pa.string())
    shifted = (variant > 0) & ~missing
    if not shifted.any():
        return text
    index = np.flatnonzero(shifted)
    local = t[index] + TZ_OFFSETS[variant[index]]
    local_text = pc.replace_substring(pc.cast(pa.array(local.astype("datetime64[s]")), pa.string()), " ", "T")
    replacement = pc.binary_join_element_wise(local_text, _codes(TZ_SUFFIXES, variant[index]), "")
    return pc.replace_with_mask(text, pa.array(shifted), replacement)


def _tz_variants(seed: int, table: str, n: int) -> np.ndarray:
    return _choice(_rng(seed, f"tz-{table}"), n, TZ_PROBS)


def _case_dictionary(values: Sequence[str]) -> pa.Array:
    """values, then their Capitalised forms, then UPPER case."""
    capital = [CASE_OVERRIDES.get(v, v.capitalize()) for v in values]
    return pa.array(list(values) + capital + [v.upper() for v in values], pa.string())


def campaign_ids_text(n: int) -> pa.Array:
    """The contract's campaign ids (cmp_000001, ...)."""
    return _string_ids("cmp_", np.arange(n), _width(n))


def campaign_slugs(cmp_: Campaigns) -> pa.Array:
    """Per campaign, the utm_campaign value its links carry (email-brand-2025-03-000012)."""
    return pc.binary_join_element_wise(
        _codes([c.replace("_", "-") for c in CHANNELS], cmp_.channel),
        _codes(CAMPAIGN_THEMES, cmp_.theme),
        pc.utf8_slice_codeunits(pc.cast(pa.array(cmp_.started.astype("datetime64[s]")), pa.string()), 0, 7),
        pc.utf8_slice_codeunits(campaign_ids_text(len(cmp_)), 4),
        "-",
    )


def touch_utms(tch: Touches, i: np.ndarray, slug: pa.Array) -> tuple[pa.Array, pa.Array, pa.Array]:
    """utm_source, utm_medium and utm_campaign of touches i as written (with their case variants)."""
    source, medium, variant = tch.source[i], tch.medium[i], tch.case_variant[i].astype(np.int64)
    medium_variant = np.where(variant > 0, 2, 0)
    return (
        _take(_case_dictionary(UTM_SOURCES), np.where(source >= 0, source + variant * len(UTM_SOURCES), -1)),
        _take(
            _case_dictionary(UTM_MEDIUMS),
            np.where(medium >= 0, medium + medium_variant * len(UTM_MEDIUMS), -1),
        ),
        _take(slug, tch.campaign[i]),
    )


@dataclass
class TableSpec:
    name: str
    n_rows: int
    build: Callable[[int, int], dict[str, pa.Array]]


def table_specs(ds: Dataset) -> list[TableSpec]:
    """Chunk builders for the nine tables (rows [lo, hi) -> columns)."""
    seed = ds.seed
    acc, con, opp, cmp_, tch = ds.accounts, ds.contacts, ds.opportunities, ds.campaigns, ds.touches
    account_ids = _string_ids("acc_", np.arange(len(acc)), _width(len(acc)))
    contact_ids = _string_ids("con_", np.arange(len(con)), _width(len(con)))
    opp_width = _width(len(opp) + 100_000)
    opportunity_ids = _string_ids("opp_", np.arange(len(opp)), opp_width)
    campaign_ids = campaign_ids_text(len(cmp_))

    domain_base = pc.binary_join_element_wise(
        _codes(COMPANY_HEADS, acc.head),
        _codes(COMPANY_TAILS, acc.tail),
        pc.if_else(pa.array(acc.domain_rank > 0), pc.cast(pa.array(acc.domain_rank + 1), pa.string()), ""),
        "",
    )
    bare_domain = pc.binary_join_element_wise(domain_base, _codes(TLDS, acc.tld), ".")

    has_account = con.account >= 0
    contact_domain = pc.if_else(
        pa.array(has_account),
        _take(bare_domain, np.where(has_account, con.account, 0)),
        _codes(FREE_MAIL, np.maximum(con.free_domain, 0)),
    )
    local_part = pc.binary_join_element_wise(
        _codes(FIRST_NAMES, con.first),
        pc.binary_join_element_wise(
            _codes(LAST_NAMES, con.last),
            pc.if_else(pa.array(con.email_rank > 0), pc.cast(pa.array(con.email_rank + 1), pa.string()), ""),
            "",
        ),
        ".",
    )
    emails = pc.binary_join_element_wise(local_part, contact_domain, "@")

    def accounts_chunk(lo: int, hi: int) -> dict[str, pa.Array]:
        s = slice(lo, hi)
        heads = pc.utf8_capitalize(_codes(COMPANY_HEADS, acc.head[s]))
        name = pc.binary_join_element_wise(heads, _codes(COMPANY_TAILS, acc.tail[s]), "")
        industry = np.where(acc.is_consulting[s], len(INDUSTRIES), acc.industry[s])
        domain = bare_domain[lo:hi]
        return {
            "account_id": account_ids[lo:hi],
            "account_name": pc.binary_join_element_wise(name, _codes(COMPANY_KINDS, acc.kind[s]), " "),
            "domain": pc.if_else(
                pa.array(acc.www[s]), pc.binary_join_element_wise("www", domain, "."), domain
            ),
            "industry": _codes(INDUSTRIES + (CONSULTING_INDUSTRY,), industry),
            "employee_count": pa.array(acc.employees[s]),
            "created_at": _timestamps(acc.created[s], tz_acc[s]),
        }

    def contacts_chunk(lo: int, hi: int) -> dict[str, pa.Array]:
        s = slice(lo, hi)
        return {
            "contact_id": contact_ids[lo:hi],
            "account_id": _take(account_ids, con.account[s]),
            "email": emails[lo:hi],
            "job_title": _codes(JOB_TITLES, con.title[s]),
            "created_at": _timestamps(con.created[s], tz_con[s]),
            "lead_source": _codes(LEAD_SOURCES, con.lead_source[s]),
        }

    life_contact, life_stage, life_time = lifecycle_rows(ds)

    def lifecycle_chunk(lo: int, hi: int) -> dict[str, pa.Array]:
        s = slice(lo, hi)
        return {
            "contact_id": _take(contact_ids, life_contact[s]),
            "stage": _codes(STAGES, life_stage[s]),
            "occurred_at": _timestamps(life_time[s], tz_life[s]),
        }

    rows = ds.touch_rows
    slug = campaign_slugs(cmp_)

    def touchpoints_chunk(lo: int, hi: int) -> dict[str, pa.Array]:
        i = rows["src"][lo:hi]
        bad = rows["bad"][lo:hi]
        utm_source, utm_medium, utm_campaign = touch_utms(tch, i, slug)
        email = _take(emails, tch.email[i])
        email = pc.if_else(pa.array(tch.email_title_case[i]), pc.utf8_title(email), email)
        occurred = _timestamps(tch.time[i], tz_touch[i])  # per touch: duplicates stay exact
        occurred = pc.if_else(pa.array(bad), pa.scalar("not a date"), occurred)
        return {
            "touchpoint_id": _string_ids("tp_", rows["number"][lo:hi], tp_width),
            "occurred_at": occurred,
            "contact_id": _take(contact_ids, tch.contact[i]),
            "email": email,
            "account_id": _take(account_ids, tch.account[i]),
            "touchpoint_type": _codes(TOUCH_TYPES, tch.ttype[i]),
            "utm_source": utm_source,
            "utm_medium": utm_medium,
            "utm_campaign": utm_campaign,
            "campaign_id": _take(campaign_ids, tch.campaign[i]),
            "referrer_domain": _codes(REFERRERS, tch.referrer[i]),
        }

    def opportunities_chunk(lo: int, hi: int) -> dict[str, pa.Array]:
        s = slice(lo, hi)
        closed = opp.closed[s]
        return {
            "opportunity_id": opportunity_ids[lo:hi],
            "account_id": _take(account_ids, opp.account[s]),
            "created_at": _timestamps(opp.created[s], tz_opp[s]),
            "closed_at": _timestamps(closed, tz_opp_closed[s], missing=closed < 0),
            "is_closed": pa.array(closed >= 0),
            "is_won": pa.array(opp.is_won[s]),
            "amount": pa.array(opp.amount[s]),
            "currency": _codes(("USD", "EUR"), opp.is_eur[s].astype(np.int64)),
            "opportunity_type": _codes(OPPORTUNITY_TYPES, opp.type[s]),
            "stage_name": _codes(STAGE_NAMES, opp.stage[s]),
            "lead_source": _codes(LEAD_SOURCES, opp.lead_source[s]),
        }

    role_opp, role_contact, role_role, role_primary = contact_role_rows(ds)

    def roles_chunk(lo: int, hi: int) -> dict[str, pa.Array]:
        s = slice(lo, hi)
        return {
            "opportunity_id": _string_ids("opp_", role_opp[s], opp_width),
            "contact_id": _take(contact_ids, role_contact[s]),
            "role": _codes(ROLES, role_role[s]),
            "is_primary": pa.array(role_primary[s]),
        }

    def campaigns_chunk(lo: int, hi: int) -> dict[str, pa.Array]:
        s = slice(lo, hi)
        channel_title = [c.replace("_", " ").title() for c in CHANNELS]
        name = pc.binary_join_element_wise(
            _codes(channel_title, cmp_.channel[s]),
            pc.utf8_capitalize(pc.replace_substring(_codes(CAMPAIGN_THEMES, cmp_.theme[s]), "-", " ")),
            pc.utf8_slice_codeunits(
                pc.cast(pa.array(cmp_.started[s].astype("datetime64[s]")), pa.string()), 0, 7
            ),
            pc.utf8_slice_codeunits(campaign_ids[lo:hi], 4),
            " - ",
        )
        cost = cmp_.cost[s]
        has_cost = ~np.isnan(cost)
        return {
            "campaign_id": campaign_ids[lo:hi],
            "campaign_name": name,
            "channel": _codes(CHANNELS, np.where(cmp_.override[s], cmp_.channel[s], -1)),
            "offer_type": _codes(OFFER_TYPES, cmp_.offer[s]),
            "started_at": _timestamps(cmp_.started[s], tz_cmp[s]),
            "ended_at": _timestamps(cmp_.ended[s], tz_cmp_end[s]),
            "actual_cost": pa.array(cost, mask=~has_cost),
            "currency": _codes(("USD", "EUR"), np.where(has_cost, cmp_.is_eur[s], -1)),
        }

    spend_campaign, spend_day, spend_amount = ad_spend_rows(ds)

    def spend_chunk(lo: int, hi: int) -> dict[str, pa.Array]:
        s = slice(lo, hi)
        c = spend_campaign[s]
        medium = np.array(
            [MED[CAMPAIGN_LAYOUT[ch]["medium"]] if ch in PAID_CHANNELS else -1 for ch in CHANNELS]
        )
        return {
            "spend_date": pc.cast(pa.array(spend_day[s].astype("datetime64[D]")), pa.string()),
            "utm_source": _codes(UTM_SOURCES, cmp_.source[c]),
            "utm_medium": _codes(UTM_MEDIUMS, medium[cmp_.channel[c]]),
            "utm_campaign": _take(slug, c),
            "campaign_id": _take(campaign_ids, c),
            "amount": pa.array(spend_amount[s]),
            "currency": _codes(("USD", "EUR"), cmp_.is_eur[c].astype(np.int64)),
        }

    def rates_chunk(lo: int, hi: int) -> dict[str, pa.Array]:
        return {
            "currency": pa.array(["USD", "EUR"][lo:hi]),
            "rate_to_reporting": pa.array([1.0, EUR_RATE][lo:hi]),
        }

    tp_width = _width(len(tch) + len(rows["src"]))
    tz_acc = _tz_variants(seed, "accounts", len(acc))
    tz_con = _tz_variants(seed, "contacts", len(con))
    tz_life = _tz_variants(seed, "lifecycle", len(life_contact))
    tz_touch = _tz_variants(seed, "touchpoints", len(tch))
    tz_opp = _tz_variants(seed, "opportunities", len(opp))
    tz_opp_closed = _tz_variants(seed, "opportunities-closed", len(opp))
    tz_cmp = _tz_variants(seed, "campaigns", len(cmp_))
    tz_cmp_end = _tz_variants(seed, "campaigns-ended", len(cmp_))

    return [
        TableSpec("accounts", len(acc), accounts_chunk),
        TableSpec("contacts", len(con), contacts_chunk),
        TableSpec("lifecycle_events", len(life_contact), lifecycle_chunk),
        TableSpec("touchpoints", len(rows["src"]), touchpoints_chunk),
        TableSpec("opportunities", len(opp), opportunities_chunk),
        TableSpec("opportunity_contact_roles", len(role_opp), roles_chunk),
        TableSpec("campaigns", len(cmp_), campaigns_chunk),
        TableSpec("ad_spend", len(spend_campaign), spend_chunk),
        TableSpec("currency_rates", 2, rates_chunk),
    ]


def table_schema(name: str) -> pa.Schema:
    return pa.schema([(col, NON_STRING_TYPES.get(col, pa.string())) for col in TABLE_COLUMNS[name]])


def write_table(
    spec: TableSpec,
    out_dir: Path,
    fmt: str,
    progress: tqdm | None = None,
    schema: pa.Schema | None = None,
) -> Path:
    """Write one table chunk by chunk (CSV: header unquoted, empty cells for nulls).

    The schema defaults to the input contract's columns of the table."""
    schema = table_schema(spec.name) if schema is None else schema
    path = out_dir / f"{spec.name}.{fmt}"
    bounds = list(range(0, spec.n_rows, CHUNK_ROWS)) or [0]
    if fmt == "csv":
        with open(path, "wb") as sink:
            sink.write((",".join(schema.names) + "\n").encode())
            writer = pacsv.CSVWriter(
                sink, schema, write_options=pacsv.WriteOptions(include_header=False, quoting_style="none")
            )
            for lo in bounds:
                hi = min(lo + CHUNK_ROWS, spec.n_rows)
                writer.write_table(pa.table(spec.build(lo, hi), schema=schema))
                if progress is not None:
                    progress.update(hi - lo)
            writer.close()
    else:
        with pq.ParquetWriter(path, schema, compression="zstd") as writer:
            for lo in bounds:
                hi = min(lo + CHUNK_ROWS, spec.n_rows)
                writer.write_table(pa.table(spec.build(lo, hi), schema=schema))
                if progress is not None:
                    progress.update(hi - lo)
    return path


def truth_rows(ds: Dataset) -> list[dict[str, object]]:
    total = int(ds.lost_wins.sum())
    betas = ds.world.beta_vector()
    return [
        {
            "channel": channel,
            "true_coefficient": float(betas[c]),
            "closed_journeys_exposed": int(ds.closed_exposed[c]),
            "counterfactual_lost_wins": int(ds.lost_wins[c]),
            "true_share": float(ds.lost_wins[c] / total) if total else 0.0,
            "world": ds.world.name,
            "seed": ds.seed,
        }
        for c, channel in enumerate(CHANNELS)
    ]


def write_truth(ds: Dataset, out_dir: Path) -> Path:
    path = out_dir / TRUTH_FILE
    lines = [",".join(TRUTH_COLUMNS)]
    for row in truth_rows(ds):
        lines.append(",".join(repr(v) if isinstance(v, float) else str(v) for v in row.values()))
    path.write_text("\n".join(lines) + "\n")
    return path


# --------------------------------------------------------------------------
# Command line
# --------------------------------------------------------------------------


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
        from attribution_kit.salesforce_shape import salesforce_specs

        return salesforce_specs(ds, config.column_convention, config.web_touchpoints)
    if config.shape == "hubspot":
        from attribution_kit.hubspot_shape import hubspot_specs

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


if __name__ == "__main__":
    main()
