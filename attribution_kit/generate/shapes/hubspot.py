"""The demo world as HubSpot tables (``generate --shape hubspot``).

The same planted world the contract shape writes (one ``Dataset``: same
accounts, people, touches, deals and amounts), written as the HubSpot objects
a Fivetran or Airbyte sync (or an API export) holds, named as Fivetran names
the tables (``company.csv``, ``deal_contact.csv``, ``email_event.csv``, ...).
``--column-convention fivetran`` writes HubSpot properties as
``property_<name>`` plus ``_fivetran_synced`` and ``_fivetran_deleted``;
``api`` writes the bare property names (``createdate``, ``dealname``) as
HubSpot's API and an Airbyte flattening give them, no Fivetran columns, and
marks deleted records with the API's ``archived`` flag.

How the contract world maps (docs/demo_shapes.md has the full table):

- accounts -> company (domain); every contract contact -> one contact, in
  the contract's order (company association, lifecycle-stage dates, original
  source as ``hs_analytics_source``), its lifecycle changes -> rows of
  contact_property_history (``lifecyclestage``, and ``hs_lead_status`` for
  the stages HubSpot has no lifecycle stage for: SAL, recycled,
  disqualified).
- opportunities -> deal (HubSpot dealtype values, amount in the deal's
  currency and in the home currency USD), deal_company, deal_contact (the
  contact roles as association labels), one deal pipeline with its stages,
  deal_stage history; the reps -> owner.
- email clicks of a known person -> email_event CLICK (with SENT, DELIVERED
  and OPEN rows that are no touches) of an email_campaign, the clicked URL
  with the touch's UTMs in email_event_click; form submissions, content
  downloads, webinar and event registrations of a known person ->
  contact_form_submission (the touch's UTMs in page_url; the form in
  ``form``); sales emails, calls and meetings -> engagement (+ the detail
  tables and the associations); NOTE and TASK engagements are no touches.
- HubSpot does not hold web sessions, ad clicks and impressions, chats,
  anonymous or account-level touches: ``--with-web-touchpoints`` writes
  them, in the input contract's touchpoints format with HubSpot ids, as
  touchpoints.csv.

With ``dirty`` (the default), a few deleted copies of rows are added after
the world is drawn, so they cannot change it. Everything is vectorised with
numpy, one random stream per purpose, so the same arguments give the same
bytes.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from attribution_kit import generate as gen
from attribution_kit.generate.shapes import common
from attribution_kit.generate.shapes.common import (
    ACCOUNT_EXECUTIVES,
    DAY,
    MEETING_SUBJECTS,
    OPPORTUNITY_NAME_SUFFIX,
    SDRS,
    USER_DOMAIN,
    USERS,
    Rows,
    ShapeTable,
    StageHistory,
    expected_close,
    fivetran_synced,
    live_rows,
    make_account_owners,
    make_stage_history,
    timestamp_text,
    with_deleted_copies,
)

# --------------------------------------------------------------------------
# The tables and columns written (the interface with the HubSpot staging
# models): names as Fivetran writes them, with their kinds. HubSpot
# properties are ``property_<name>``; the API convention drops the prefix.
# --------------------------------------------------------------------------

INT_ID, TEXT_ID, TEXT, TIMESTAMP, BOOL, NUMBER, INT = (
    "int_id",
    "text_id",
    "text",
    "timestamp",
    "bool",
    "number",
    "int",
)
TABLES: dict[str, tuple[tuple[str, str], ...]] = {
    "company": (
        ("id", INT_ID),
        ("property_name", TEXT),
        ("property_domain", TEXT),  # bare domain, as HubSpot keeps it (no www.)
        ("property_website", TEXT),  # the contract's domain as written (with its www. when it has one)
        ("property_industry", TEXT),
        ("property_numberofemployees", INT),
        ("property_createdate", TIMESTAMP),
        ("property_hubspot_owner_id", INT_ID),
        ("is_deleted", BOOL),
    ),
    "contact": (
        ("id", INT_ID),
        ("property_email", TEXT),
        ("property_firstname", TEXT),
        ("property_lastname", TEXT),
        ("property_jobtitle", TEXT),
        ("property_company", TEXT),
        ("property_associatedcompanyid", INT_ID),  # empty for free-mail people
        ("property_createdate", TIMESTAMP),
        ("property_lifecyclestage", TEXT),  # the current stage (internal value)
        ("property_hs_lead_status", TEXT),
        ("property_hs_analytics_source", TEXT),  # original source: ORGANIC_SEARCH, PAID_SEARCH, ...
        ("property_hs_analytics_source_data_1", TEXT),  # its drill-down: the contract's lead source
        ("property_hs_lifecyclestage_lead_date", TIMESTAMP),
        ("property_hs_lifecyclestage_marketingqualifiedlead_date", TIMESTAMP),
        ("property_hs_lifecyclestage_salesqualifiedlead_date", TIMESTAMP),
        ("property_hs_lifecyclestage_opportunity_date", TIMESTAMP),
        ("property_hs_lifecyclestage_customer_date", TIMESTAMP),
        ("property_hubspot_owner_id", INT_ID),
    ),
    "contact_property_history": (
        ("contact_id", INT_ID),
        ("name", TEXT),  # lifecyclestage or hs_lead_status
        ("value", TEXT),
        ("timestamp", TIMESTAMP),
        ("source", TEXT),
        ("source_id", TEXT),
    ),
    "deal": (
        ("deal_id", INT_ID),
        ("property_dealname", TEXT),
        ("property_dealtype", TEXT),  # newbusiness, existingbusiness, renewal (custom option) or empty
        ("property_amount", NUMBER),  # in the deal's currency
        ("property_deal_currency_code", TEXT),
        ("property_amount_in_home_currency", NUMBER),  # in the portal's home currency, USD
        ("property_createdate", TIMESTAMP),
        ("property_closedate", TIMESTAMP),  # the close time; an open deal's expected close
        ("property_hs_analytics_source", TEXT),
        ("property_hs_analytics_source_data_1", TEXT),
        ("deal_pipeline_id", TEXT_ID),
        ("deal_pipeline_stage_id", TEXT_ID),
        ("owner_id", INT_ID),
        ("is_deleted", BOOL),
    ),
    "deal_company": (
        ("deal_id", INT_ID),
        ("company_id", INT_ID),
        ("type_id", INT),  # 5 primary, 341 unlabeled (both HUBSPOT_DEFINED, one row each)
        ("category", TEXT),
    ),
    "deal_contact": (
        ("deal_id", INT_ID),
        ("contact_id", INT_ID),
        ("type_id", INT),  # 3 unlabeled (HUBSPOT_DEFINED); a USER_DEFINED label per role and primary
        ("category", TEXT),
    ),
    "deal_pipeline": (
        ("pipeline_id", TEXT_ID),
        ("label", TEXT),
        ("display_order", INT),
        ("active", BOOL),
        ("created_at", TIMESTAMP),
        ("updated_at", TIMESTAMP),
    ),
    "deal_pipeline_stage": (
        ("stage_id", TEXT_ID),
        ("pipeline_id", TEXT_ID),
        ("label", TEXT),
        ("display_order", INT),
        ("probability", NUMBER),
        ("closed_won", BOOL),
        ("is_closed", BOOL),
        ("active", BOOL),
        ("created_at", TIMESTAMP),
        ("updated_at", TIMESTAMP),
    ),
    "deal_stage": (
        ("deal_id", INT_ID),
        ("value", TEXT_ID),  # the stage_id entered
        ("date_entered", TIMESTAMP),
        ("source", TEXT),
        ("source_id", TEXT),
    ),
    "engagement": (
        ("id", INT_ID),
        ("type", TEXT),  # CALL, MEETING, EMAIL, NOTE, TASK
        ("timestamp", TIMESTAMP),  # when it happened (a meeting's start)
        ("created_at", TIMESTAMP),
        ("owner_id", INT_ID),
        ("active", BOOL),
    ),
    "engagement_call": (
        ("engagement_id", INT_ID),
        ("type", TEXT),
        ("property_hs_timestamp", TIMESTAMP),
        ("property_hs_createdate", TIMESTAMP),
        ("property_hubspot_owner_id", INT_ID),
        ("property_hs_call_title", TEXT),
        ("property_hs_call_direction", TEXT),
        ("property_hs_call_status", TEXT),
        ("property_hs_call_duration", INT),  # milliseconds
    ),
    "engagement_email": (
        ("engagement_id", INT_ID),
        ("type", TEXT),
        ("property_hs_timestamp", TIMESTAMP),
        ("property_hs_createdate", TIMESTAMP),
        ("property_hubspot_owner_id", INT_ID),
        ("property_hs_email_subject", TEXT),
        ("property_hs_email_direction", TEXT),  # EMAIL: sent by the rep
    ),
    "engagement_meeting": (
        ("engagement_id", INT_ID),
        ("type", TEXT),
        ("property_hs_timestamp", TIMESTAMP),
        ("property_hs_createdate", TIMESTAMP),
        ("property_hubspot_owner_id", INT_ID),
        ("property_hs_meeting_title", TEXT),
        ("property_hs_meeting_start_time", TIMESTAMP),
        ("property_hs_meeting_end_time", TIMESTAMP),
        ("property_hs_meeting_outcome", TEXT),
    ),
    "engagement_contact": (
        ("engagement_id", INT_ID),
        ("contact_id", INT_ID),
        ("type_id", INT),
        ("category", TEXT),
    ),
    "engagement_company": (
        ("engagement_id", INT_ID),
        ("company_id", INT_ID),
        ("type_id", INT),
        ("category", TEXT),
    ),
    "engagement_deal": (
        ("engagement_id", INT_ID),
        ("deal_id", INT_ID),
        ("type_id", INT),
        ("category", TEXT),
    ),
    "form": (
        ("guid", TEXT_ID),
        ("name", TEXT),
        ("form_type", TEXT),
        ("created_at", TIMESTAMP),
        ("updated_at", TIMESTAMP),
    ),
    "contact_form_submission": (
        ("contact_id", INT_ID),
        ("conversion_id", TEXT_ID),
        ("timestamp", TIMESTAMP),
        ("form_id", TEXT_ID),  # form.guid
        ("page_url", TEXT),  # the touch's utm_source, utm_medium, utm_campaign as query parameters
        ("title", TEXT),
    ),
    "email_campaign": (
        ("id", INT_ID),
        ("name", TEXT),
        ("subject", TEXT),
        ("type", TEXT),
        ("app_id", INT),
        ("app_name", TEXT),
        ("num_included", INT),
    ),
    "email_event": (
        ("id", TEXT_ID),
        ("type", TEXT),  # SENT, DELIVERED, OPEN, CLICK
        ("created", TIMESTAMP),
        ("recipient", TEXT),  # the contact's email
        ("email_campaign_id", INT_ID),
        ("sent_by_id", TEXT_ID),
        ("sent_by_created", TIMESTAMP),
        ("filtered_event", BOOL),
    ),
    "email_event_click": (
        ("id", TEXT_ID),  # email_event.id of a CLICK
        ("url", TEXT),  # the clicked link, with the touch's UTMs
        ("referer", TEXT),
    ),
    "owner": (
        ("owner_id", INT_ID),
        ("email", TEXT),
        ("first_name", TEXT),
        ("last_name", TEXT),
        ("type", TEXT),
        ("active_user_id", INT_ID),
        ("created_at", TIMESTAMP),
        ("updated_at", TIMESTAMP),
    ),
}
# Fivetran convention: added to every table (deal_stage also gets its history-mode columns).
FIVETRAN_COLUMNS = (("_fivetran_synced", TIMESTAMP), ("_fivetran_deleted", BOOL))
HISTORY_COLUMNS = {
    # deal_stage: one row per stage entered; the current one active (_fivetran_end 9999-12-31),
    # the earlier ones inactive with their end: they are the history, not deleted rows.
    "deal_stage": (("_fivetran_start", TIMESTAMP), ("_fivetran_active", BOOL), ("_fivetran_end", TIMESTAMP)),
}
# API convention: the deletion flag of every table (HubSpot's API and Airbyte write `archived`).
API_DELETED = "archived"
PROPERTY_PREFIX = "property_"

# --------------------------------------------------------------------------
# HubSpot's values (internal names, as the API and Fivetran write them)
# --------------------------------------------------------------------------

PIPELINE_ID, PIPELINE_LABEL = "default", "Sales Pipeline"
# Deal stages of the default pipeline: HubSpot's stage ids, relabelled with the contract's stage
# names (as orgs rename them), probability, closed_won, is_closed. Contract Sent holds no deal.
DEAL_STAGES = (
    ("appointmentscheduled", "Discovery", 0.2, False, False),
    ("qualifiedtobuy", "Qualification", 0.4, False, False),
    ("presentationscheduled", "Proposal", 0.6, False, False),
    ("decisionmakerboughtin", "Negotiation", 0.8, False, False),
    ("contractsent", "Contract Sent", 0.9, False, False),
    ("closedwon", "Closed Won", 1.0, True, True),
    ("closedlost", "Closed Lost", 0.0, False, True),
)
# dealtype per contract opportunity type, with shares: HubSpot's default options newbusiness and
# existingbusiness, and renewal as the custom option orgs add; a few new deals have none.
DEALTYPE_VALUES = (
    {"newbusiness": 0.95, "": 0.05},
    {"existingbusiness": 1.0},
    {"renewal": 1.0},
)
HOME_CURRENCY = "USD"

# Association types (HubSpot's v4 ids). HUBSPOT_DEFINED: deal-contact 3, deal-company 5 (primary)
# and 341 (unlabeled), engagement-contact/company/deal per engagement type. USER_DEFINED: the
# labels of this portal, one per contact role and one for the primary contact.
HUBSPOT_DEFINED, USER_DEFINED = "HUBSPOT_DEFINED", "USER_DEFINED"
DEAL_CONTACT_TYPE = 3
DEAL_COMPANY_PRIMARY_TYPE, DEAL_COMPANY_TYPE = 5, 341
ROLE_LABEL_TYPES = {
    "Decision Maker": 101,
    "Economic Buyer": 102,
    "Champion": 103,
    "Evaluator": 104,
    "Influencer": 105,
}
PRIMARY_LABEL_TYPE = 110  # label "Primary Contact"
ENGAGEMENT_TYPES = ("EMAIL", "CALL", "MEETING", "NOTE", "TASK")
ENGAGEMENT_ASSOCIATION_TYPES = {  # engagement type -> (to contact, to company, to deal)
    "CALL": (194, 182, 206),
    "EMAIL": (198, 186, 210),
    "MEETING": (200, 188, 212),
    "NOTE": (202, 190, 214),
    "TASK": (204, 192, 216),
}

# Lifecycle stages (internal values) per contract stage; SAL, recycled and disqualified have no
# lifecycle stage in HubSpot and are lead statuses (hs_lead_status) instead.
LIFECYCLE_STAGE_OF = {
    "lead": "lead",
    "mql": "marketingqualifiedlead",
    "sql": "salesqualifiedlead",
    "opportunity": "opportunity",
    "customer": "customer",
}
LEAD_STATUS_OF = {"sal": "IN_PROGRESS", "recycled": "BAD_TIMING", "disqualified": "UNQUALIFIED"}
# hs_analytics_source (original source) per contract lead source; the lead source itself is the
# drill-down (hs_analytics_source_data_1).
ANALYTICS_SOURCE_OF = {
    "Paid Search": "PAID_SEARCH",
    "Paid Social": "PAID_SOCIAL",
    "Display": "OTHER_CAMPAIGNS",
    "Organic Search": "ORGANIC_SEARCH",
    "Email": "EMAIL_MARKETING",
    "Webinar": "OTHER_CAMPAIGNS",
    "Event": "OFFLINE",
    "Content Syndication": "OTHER_CAMPAIGNS",
    "Referral": "REFERRALS",
    "Website": "DIRECT_TRAFFIC",
    "Chat": "DIRECT_TRAFFIC",
    "Outbound": "OFFLINE",
    "List Import": "OFFLINE",
    "Trade Show": "OFFLINE",
}
# Forms per touch type (name, form_type): which touches a contact_form_submission stands for.
FORMS = {
    "form_submission": ("Demo Request", "HUBSPOT"),
    "content_download": ("Content Download", "HUBSPOT"),
    "webinar": ("Webinar Registration", "HUBSPOT"),
    "event": ("Event Registration", "HUBSPOT"),
}
EMAIL_EVENT_TYPES = ("SENT", "DELIVERED", "OPEN", "CLICK")

# --------------------------------------------------------------------------
# Ids: HubSpot ids are integers (pipelines, stages, forms and email events:
# text). Records keep the contract's order where the contract has an id.
# --------------------------------------------------------------------------

ID_BASES = {
    "company": 5_001_000_000,
    "contact": 1_001,
    "deal": 9_001_000_000,
    "engagement": 30_001_000_000,
    "owner": 40_001_000,
    "email_campaign": 200_001_000,
}
ID_STEPS = {"contact": 50}  # contact ids (vids) of older portals count in steps of 50
SAME_ORDER = {"accounts": "company", "contacts": "contact", "opportunities": "deal"}


def hubspot_ids(table: str, numbers: np.ndarray) -> np.ndarray:
    """The integer HubSpot ids of records 0, 1, ... of an object (deleted copies continue the count)."""
    return ID_BASES[table] + ID_STEPS.get(table, 1) * np.asarray(numbers, dtype=np.int64)


def hubspot_id(contract_table: str, contract_id: str) -> int:
    """The HubSpot id of a contract account, contact or opportunity of the same seed
    (``opp_000001`` -> ``9001000000``): for comparing the marts of the two shapes."""
    number = int(contract_id.rsplit("_", 1)[1]) - 1
    return int(hubspot_ids(SAME_ORDER[contract_table], np.array([number]))[0])


def api_name(column: str) -> str:
    """Fivetran's column -> the API convention's: properties without ``property_``, the
    deletion flag ``archived``."""
    if column == "is_deleted":
        return API_DELETED
    return column.removeprefix(PROPERTY_PREFIX)


def column_kinds(table: str, convention: str) -> list[tuple[str, str]]:
    """(name, kind) of every column of a table as written in one convention."""
    columns = list(TABLES[table])
    if convention == "fivetran":
        return columns + list(HISTORY_COLUMNS.get(table, ())) + list(FIVETRAN_COLUMNS)
    named = [(api_name(name), kind) for name, kind in columns]
    if API_DELETED not in {name for name, _ in named}:
        named.append((API_DELETED, BOOL))
    return named


def column_names(table: str, convention: str) -> list[str]:
    return [name for name, _ in column_kinds(table, convention)]


ARROW_TYPES = {INT_ID: pa.int64(), TEXT_ID: pa.string(), TEXT: pa.string(), TIMESTAMP: pa.string()}
ARROW_TYPES |= {BOOL: pa.bool_(), NUMBER: pa.float64(), INT: pa.int64()}
TIMESTAMP_FORMAT = "%Y-%m-%dT%H:%M:%S.000Z"  # HubSpot's API and Fivetran's CSV exports alike
OPEN_ENDED = "9999-12-31T23:59:59.999Z"  # _fivetran_end of the current row of a history table
SITE = "https://www.example.com"  # the selling company's website (its reps' domain too)
FORM_PATHS = {
    "form_submission": "demo",
    "content_download": "resources",
    "webinar": "webinars",
    "event": "events",
}
# Keyed tables: the id column, filled per file row (deleted copies get ids of their own).
KEYS = {
    "company": "id",
    "contact": "id",
    "deal": "deal_id",
    "engagement": "id",
    "email_event": "id",
    "contact_form_submission": "conversion_id",
}
NON_CLICKERS_PER_CLICKER = 1.5  # recipients who never clicked, per person who clicked, per email campaign
NOTES_PER_ACTIVITY, TASKS_PER_ACTIVITY = 0.05, 0.05  # NOTE and TASK engagements (no touches)
CALL_TITLES = ("Discovery call", "Follow-up call", "Pricing call")
EMAIL_SUBJECTS = ("Following up", "Next steps", "Pricing questions")
MEETING_TITLES = MEETING_SUBJECTS
HISTORY_SOURCES = {  # contact_property_history.source per contract stage
    "lead": "FORM",
    "mql": "AUTOMATION_PLATFORM",
    "sal": "CRM_UI",
    "sql": "CRM_UI",
    "opportunity": "DEALS",
    "customer": "DEALS",
    "recycled": "AUTOMATION_PLATFORM",
    "disqualified": "CRM_UI",
}
BATCH_APP_ID, BATCH_APP_NAME = 113, "Batch"


# --------------------------------------------------------------------------
# Text ids
# --------------------------------------------------------------------------

_HEX = np.frombuffer(b"0123456789abcdef", np.uint8)


def _mix(x: np.ndarray) -> np.ndarray:
    """SplitMix64's finaliser: a fixed bijection of 64-bit integers."""
    x = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    x = (x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return x ^ (x >> np.uint64(31))


def uuids(kind: str, numbers: np.ndarray) -> pa.Array:
    """Version-4-looking UUIDs, a fixed function of (kind, number): ids of email events,
    conversions and forms."""
    with np.errstate(over="ignore"):
        base = np.asarray(numbers, dtype=np.int64).astype(np.uint64) * np.uint64(2)
        salt = np.uint64(zlib.crc32(kind.encode())) << np.uint64(32)
        words = np.stack([_mix(base + salt), _mix(base + salt + np.uint64(1))], axis=1)
    nibbles = np.empty((len(base), 32), np.uint8)
    raw = words.astype(">u8").view(np.uint8).reshape(len(base), 16)
    nibbles[:, 0::2], nibbles[:, 1::2] = raw >> 4, raw & 15
    nibbles[:, 12], nibbles[:, 16] = 4, 8 + (nibbles[:, 16] & 3)
    chars = np.full((len(base), 36), ord("-"), np.uint8)
    positions = np.r_[0:8, 9:13, 14:18, 19:23, 24:36]
    chars[:, positions] = _HEX[nibbles]
    return pa.array(np.ascontiguousarray(chars).view("S36").ravel()).cast(pa.string())


# --------------------------------------------------------------------------
# The HubSpot world (integer arrays; strings are built when writing)
# --------------------------------------------------------------------------


@dataclass
class Engagements:
    """Every engagement (sales touches, notes, tasks), ordered by timestamp."""

    kind: np.ndarray  # index into ENGAGEMENT_TYPES
    person: np.ndarray
    at: np.ndarray
    created_at: np.ndarray
    owner: np.ndarray
    subject: np.ndarray
    duration: np.ndarray  # seconds (calls and meetings)
    deal: np.ndarray  # the person's account's deal open at the time, -1 when none

    def __len__(self) -> int:
        return len(self.kind)


@dataclass
class EmailEvents:
    kind: np.ndarray  # index into EMAIL_EVENT_TYPES
    person: np.ndarray
    campaign: np.ndarray  # contract campaign index
    at: np.ndarray
    touch: np.ndarray  # the contract touch of a CLICK, -1 otherwise
    sent: np.ndarray  # row of the SENT event of the same person and campaign

    def __len__(self) -> int:
        return len(self.kind)


@dataclass
class HistoryRows:
    person: np.ndarray
    stage: np.ndarray  # contract stage index
    at: np.ndarray

    def __len__(self) -> int:
        return len(self.person)


@dataclass
class HubSpotWorld:
    account_owner: np.ndarray
    dealtype: np.ndarray  # index into DEALTYPE_LABELS
    close_at: np.ndarray  # close time, or an open deal's expected close
    stage_history: StageHistory
    property_history: HistoryRows
    stage_dates: dict[str, np.ndarray]  # lifecycle stage -> first time per person (-1 never)
    current_stage: np.ndarray  # per person: index into LIFECYCLE_VALUES, -1 none
    current_status: np.ndarray  # per person: index into LEAD_STATUS_VALUES, -1 none
    engagements: Engagements
    submissions: np.ndarray  # contract touches written as form submissions, in time order
    email_campaigns: np.ndarray  # contract campaign index of each email campaign
    email_events: EmailEvents
    in_hubspot: np.ndarray  # per contract touch: HubSpot holds it


DEALTYPE_LABELS = tuple(dict.fromkeys(v for values in DEALTYPE_VALUES for v in values))
LIFECYCLE_VALUES = tuple(LIFECYCLE_STAGE_OF.values())
LEAD_STATUS_VALUES = tuple(LEAD_STATUS_OF.values())
# Contract stage (gen.STAGE_NAMES order) -> row of DEAL_STAGES.
STAGE_ROW = np.array([[s[1] for s in DEAL_STAGES].index(name) for name in gen.STAGE_NAMES])


def dealtypes(ds: gen.Dataset) -> np.ndarray:
    rng = gen._rng(ds.seed, "hubspot-dealtypes")
    opps = ds.opportunities
    out = np.zeros(len(opps), np.int64)
    u = rng.random(len(opps))
    for t, values in enumerate(DEALTYPE_VALUES):
        labels = np.array([DEALTYPE_LABELS.index(v) for v in values])
        cum = np.cumsum(list(values.values()))
        pick = np.minimum(np.searchsorted(cum, u, side="right"), len(labels) - 1)
        out = np.where(opps.type == t, labels[pick], out)
    return out


def lifecycle_history(ds: gen.Dataset) -> tuple[HistoryRows, dict[str, np.ndarray], np.ndarray, np.ndarray]:
    """Property-history rows of the contract's lifecycle events (stages with a HubSpot value),
    the first date of each lifecycle stage, and each person's current stage and lead status."""
    life = ds.lifecycle
    n = len(ds.contacts)
    names = [gen.STAGES[s] for s in range(len(gen.STAGES))]
    stage_value = np.array(
        [LIFECYCLE_VALUES.index(LIFECYCLE_STAGE_OF[s]) if s in LIFECYCLE_STAGE_OF else -1 for s in names]
    )
    status_value = np.array(
        [LEAD_STATUS_VALUES.index(LEAD_STATUS_OF[s]) if s in LEAD_STATUS_OF else -1 for s in names]
    )
    kept = (stage_value[life["stage"]] >= 0) | (status_value[life["stage"]] >= 0)
    rows = HistoryRows(life["contact"][kept], life["stage"][kept], life["time"][kept])  # in time order
    never = np.iinfo(np.int64).max
    dates = {}
    for stage, value in LIFECYCLE_STAGE_OF.items():
        first = np.full(n, never)
        mask = rows.stage == gen.ST[stage]
        np.minimum.at(first, rows.person[mask], rows.at[mask])
        dates[value] = np.where(first == never, -1, first)
    current_stage = np.full(n, -1)
    current_status = np.full(n, -1)
    for values, current in ((stage_value, current_stage), (status_value, current_status)):
        mask = values[rows.stage] >= 0
        current[rows.person[mask]] = values[rows.stage[mask]]  # the last write wins: rows are in time order
    return rows, dates, current_stage, current_status


def split_touches(ds: gen.Dataset) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Which contract touches HubSpot holds: a known person's email clicks, form submissions
    (forms, content downloads, webinar and event registrations) and sales activities."""
    tch, cmp_ = ds.touches, ds.campaigns
    known = tch.resolved_contact >= 0
    is_click = (
        known
        & (tch.ttype == gen.TT["email_click"])
        & (tch.campaign >= 0)
        & (cmp_.channel[np.maximum(tch.campaign, 0)] == gen.CH["email"])
    )
    is_form = known & np.isin(tch.ttype, [gen.TT[t] for t in FORMS])
    is_engagement = known & np.isin(tch.channel, [gen.CH[c] for c in gen.SALES])
    return is_click, is_form, is_engagement


def open_deals(ds: gen.Dataset, account: np.ndarray, at: np.ndarray) -> np.ndarray:
    """Per (account, time): the account's latest deal created by then and not closed before, else -1."""
    opps = ds.opportunities
    if len(opps) == 0:
        return np.full(len(at), -1)
    shift = np.int64(1 << 36)
    base = min(int(opps.created.min()), int(at.min()) if len(at) else 0)
    key = opps.account * shift + (opps.created - base)
    order = np.argsort(key, kind="stable")
    pos = np.searchsorted(key[order], np.maximum(account, 0) * shift + (at - base), side="right") - 1
    deal = order[np.maximum(pos, 0)]
    ok = (account >= 0) & (pos >= 0) & (opps.account[deal] == account)
    ok &= ~opps.is_closed[deal] | (opps.closed[deal] >= at)
    return np.where(ok, deal, -1)


def make_engagements(ds: gen.Dataset, is_engagement: np.ndarray, account_owner: np.ndarray) -> Engagements:
    """Sales emails, calls and meetings at the touch's time; notes and tasks of the account owners."""
    rng = gen._rng(ds.seed, "hubspot-engagements")
    tch, con = ds.touches, ds.contacts
    index = np.flatnonzero(is_engagement)
    channel = tch.channel[index]
    person = tch.resolved_contact[index]
    at = tch.time[index]
    kind = np.select(
        [channel == gen.CH["sales_email"], channel == gen.CH["sales_call"]],
        [ENGAGEMENT_TYPES.index("EMAIL"), ENGAGEMENT_TYPES.index("CALL")],
        ENGAGEMENT_TYPES.index("MEETING"),
    )
    account = con.account[person]
    owner_of = np.where(account >= 0, account_owner[np.maximum(account, 0)], -1)
    sdr = len(ACCOUNT_EXECUTIVES) + rng.integers(0, len(SDRS), len(index))
    is_meeting = kind == ENGAGEMENT_TYPES.index("MEETING")
    by_sdr = (owner_of < 0) | (~is_meeting & (rng.random(len(index)) < 0.4))
    owner = np.where(by_sdr, sdr, owner_of)
    created = np.where(is_meeting, at - gen._days(rng.uniform(0.05, 10.0, len(index))), at)
    duration = np.where(is_meeting, 1800 * rng.integers(1, 3, len(index)), rng.integers(60, 1800, len(index)))

    # Notes and tasks of the account owners about their accounts' people: no touches.
    with_owner = np.flatnonzero(con.account >= 0)
    k_note = int(round(NOTES_PER_ACTIVITY * len(index)))
    k_task = int(round(TASKS_PER_ACTIVITY * len(index)))
    k = k_note + k_task if len(with_owner) else 0
    extra_person = with_owner[rng.integers(0, len(with_owner), k)] if k else np.zeros(0, np.int64)
    extra_at = gen._uniform_between(rng, con.created[extra_person], np.full(k, ds.as_of))
    extra_kind = np.r_[
        np.full(k_note, ENGAGEMENT_TYPES.index("NOTE")), np.full(k - k_note, ENGAGEMENT_TYPES.index("TASK"))
    ][:k]
    extra_owner = account_owner[con.account[extra_person]] if k else np.zeros(0, np.int64)

    kind = np.r_[kind, extra_kind]
    person = np.r_[person, extra_person]
    at = np.r_[at, extra_at]
    created = np.r_[created, extra_at]
    owner = np.r_[owner, extra_owner]
    duration = np.r_[duration, np.zeros(k, np.int64)]
    subject = rng.integers(0, 60, len(kind))  # taken modulo the 3 or 5 titles of the kind
    order = np.lexsort((kind, person, at))
    kind, person, at, created, owner = kind[order], person[order], at[order], created[order], owner[order]
    return Engagements(
        kind=kind,
        person=person,
        at=at,
        created_at=created,
        owner=owner,
        subject=subject[order],
        duration=duration[order],
        deal=open_deals(ds, con.account[person], at),
    )


def make_email_events(ds: gen.Dataset, is_click: np.ndarray) -> tuple[np.ndarray, EmailEvents]:
    """Per email campaign, its sends: SENT, DELIVERED and OPEN before a person's first click,
    every click, and recipients who never clicked (SENT, DELIVERED, some OPEN)."""
    rng = gen._rng(ds.seed, "hubspot-email-events")
    tch, cmp_, con = ds.touches, ds.campaigns, ds.contacts
    campaigns = np.flatnonzero(cmp_.channel == gen.CH["email"])
    clicks = np.flatnonzero(is_click)
    person, campaign, at = tch.resolved_contact[clicks], tch.campaign[clicks], tch.time[clicks]
    n_cmp = len(cmp_)
    pair = person * n_cmp + campaign
    first = gen._occurrence_rank(pair) == 0  # clicks are in time order
    c_person, c_campaign, first_click = person[first], campaign[first], at[first]
    started = cmp_.started[c_campaign]
    sent = started + (rng.uniform(0.0, 0.2, len(c_person)) * np.maximum(first_click - started, 0)).astype(
        np.int64
    )
    delivered = np.minimum(sent + rng.integers(2, 30, len(sent)), first_click)
    opened = delivered + (rng.uniform(0.5, 1.0, len(sent)) * (first_click - delivered)).astype(np.int64)

    # Recipients who never clicked: people who were contacts when the campaign went out.
    k = int(round(NON_CLICKERS_PER_CLICKER * len(c_person)))
    if len(campaigns) and len(con):
        n_campaign = campaigns[rng.integers(0, len(campaigns), k)]
        n_person = rng.integers(0, len(con), k)
    else:
        n_campaign = n_person = np.zeros(0, np.int64)
    n_sent = cmp_.started[n_campaign] + rng.integers(0, 3600, len(n_campaign))
    n_key = n_person * n_cmp + n_campaign
    keep = (
        (con.created[n_person] <= n_sent)
        & (n_sent <= ds.as_of)
        & ~np.isin(n_key, pair)
        & (gen._occurrence_rank(n_key) == 0)
    )
    n_campaign, n_person, n_sent = n_campaign[keep], n_person[keep], n_sent[keep]
    n_delivered = np.minimum(n_sent + rng.integers(2, 30, len(n_sent)), ds.as_of)
    n_opens = rng.random(len(n_sent)) < 0.3
    n_opened = np.minimum(n_delivered + gen._days(rng.uniform(0.01, 3.0, len(n_sent))), ds.as_of)

    m, q = len(c_person), len(n_person)
    recipients_person = np.r_[c_person, n_person]
    recipients_campaign = np.r_[c_campaign, n_campaign]
    send_at = np.r_[sent, n_sent]
    # The events: per recipient SENT and DELIVERED; OPEN of clickers and some others; every CLICK.
    open_who = np.r_[np.arange(m), m + np.flatnonzero(n_opens)]
    recipient = np.r_[np.arange(m + q), np.arange(m + q), open_who, np.zeros(0, np.int64)]
    kind = np.r_[np.zeros(m + q, np.int64), np.ones(m + q, np.int64), np.full(len(open_who), 2)]
    when = np.r_[send_at, delivered, n_delivered, opened, n_opened[n_opens]]
    touch = np.full(len(kind), -1)
    # clicks: recipient index of their (person, campaign)
    recipient_key = recipients_person[:m] * n_cmp + recipients_campaign[:m]
    click_recipient = np.searchsorted(np.sort(recipient_key), pair)
    click_recipient = np.argsort(recipient_key, kind="stable")[click_recipient]
    recipient = np.r_[recipient, click_recipient]
    kind = np.r_[kind, np.full(len(clicks), 3)]
    when = np.r_[when, at]
    touch = np.r_[touch, clicks]
    order = np.lexsort((kind, recipient, when))
    recipient, kind, when, touch = recipient[order], kind[order], when[order], touch[order]
    sent_row = np.empty(m + q, np.int64)
    is_sent = kind == 0
    sent_row[recipient[is_sent]] = np.flatnonzero(is_sent)
    events = EmailEvents(
        kind=kind,
        person=recipients_person[recipient],
        campaign=recipients_campaign[recipient],
        at=when,
        touch=touch,
        sent=sent_row[recipient],
    )
    return campaigns, events


def build_hubspot_world(ds: gen.Dataset) -> HubSpotWorld:
    is_click, is_form, is_engagement = split_touches(ds)
    account_owner = make_account_owners(ds)
    history, dates, current_stage, current_status = lifecycle_history(ds)
    email_campaigns, email_events = make_email_events(ds, is_click)
    return HubSpotWorld(
        account_owner=account_owner,
        dealtype=dealtypes(ds),
        close_at=expected_close(ds),
        stage_history=make_stage_history(ds),
        property_history=history,
        stage_dates=dates,
        current_stage=current_stage,
        current_status=current_status,
        engagements=make_engagements(ds, is_engagement, account_owner),
        submissions=np.flatnonzero(is_form),
        email_campaigns=email_campaigns,
        email_events=email_events,
        in_hubspot=is_click | is_form | is_engagement,
    )


# --------------------------------------------------------------------------
# Strings and writing
# --------------------------------------------------------------------------


def _ts(t: np.ndarray) -> pa.Array:
    return timestamp_text(t, TIMESTAMP_FORMAT)


def _query(pairs: list[tuple[str, pa.Array]]) -> pa.Array:
    """'?a=1&b=2' from (name, values) pairs, leaving out null values; '' when all are null."""
    parts = [pc.binary_join_element_wise(name, values, "=") for name, values in pairs]
    joined = pc.binary_join_element_wise(*parts, "&", null_handling="skip")
    return pc.if_else(pc.equal(joined, ""), "", pc.binary_join_element_wise("?", joined, ""))


@dataclass
class HubSpotContext:
    """What the HubSpot tables share: the world, the contract's text columns, the record ids, the
    contacts' names and original sources, and the writer of file rows."""

    ds: gen.Dataset
    hs: HubSpotWorld
    rows: Callable[[str, int], Rows]
    acc_cols: dict[str, pa.Array]
    con_cols: dict[str, pa.Array]
    cmp_cols: dict[str, pa.Array]
    company_ids: pa.Array
    contact_ids: pa.Array
    deal_ids: pa.Array
    owner_ids: pa.Array
    bare_domain: pa.Array
    first_names: pa.Array
    last_names: pa.Array
    analytics_source: pa.Array

    @property
    def acc(self):
        return self.ds.accounts

    @property
    def con(self):
        return self.ds.contacts

    @property
    def opps(self):
        return self.ds.opportunities

    @property
    def cmp_(self):
        return self.ds.campaigns

    @property
    def tch(self):
        return self.ds.touches

    @property
    def seed(self) -> int:
        return self.ds.seed

    @property
    def account_names(self) -> pa.Array:
        return self.acc_cols["account_name"]

    @property
    def setup_at(self) -> int:
        """When the portal was set up: its pipeline, stages and forms."""
        return self.ds.start - 400 * DAY


def hubspot_context(ds: gen.Dataset, hs: HubSpotWorld) -> HubSpotContext:
    acc, con = ds.accounts, ds.contacts
    contract = {spec.name: spec for spec in gen.table_specs(ds)}
    acc_cols = contract["accounts"].build(0, len(acc))

    def rows(table: str, n_live: int) -> Rows:
        return with_deleted_copies(n_live, gen._rng(ds.seed, f"hubspot-deleted-{table}"), ds.dirty)

    return HubSpotContext(
        ds=ds,
        hs=hs,
        rows=rows,
        acc_cols=acc_cols,
        con_cols=contract["contacts"].build(0, len(con)),
        cmp_cols=contract["campaigns"].build(0, len(ds.campaigns)),
        company_ids=pa.array(hubspot_ids("company", np.arange(len(acc)))),
        contact_ids=pa.array(hubspot_ids("contact", np.arange(len(con)))),
        deal_ids=pa.array(hubspot_ids("deal", np.arange(len(ds.opportunities)))),
        owner_ids=pa.array(hubspot_ids("owner", np.arange(len(USERS)))),
        bare_domain=pc.replace_substring_regex(acc_cols["domain"], "^www[.]", ""),
        first_names=pc.utf8_capitalize(gen._codes(gen.FIRST_NAMES, con.first)),
        last_names=pc.utf8_capitalize(gen._codes(gen.LAST_NAMES, con.last)),
        analytics_source=gen._codes(
            [ANALYTICS_SOURCE_OF[s] for s in gen.LEAD_SOURCES], np.arange(len(gen.LEAD_SOURCES))
        ),
    )


def _people_tables(cx: HubSpotContext) -> list[ShapeTable]:
    """Companies, contacts and the contacts' lifecycle property history."""
    hs = cx.hs
    acc = cx.acc
    con = cx.con
    acc_cols = cx.acc_cols
    con_cols = cx.con_cols
    rows = cx.rows
    company_ids = cx.company_ids
    contact_ids = cx.contact_ids
    owner_ids = cx.owner_ids
    account_names = cx.account_names
    bare_domain = cx.bare_domain
    first_names = cx.first_names
    last_names = cx.last_names
    analytics_source = cx.analytics_source

    def company(i: np.ndarray) -> dict[str, pa.Array]:
        return {
            "property_name": pc.take(account_names, i),
            "property_domain": pc.take(bare_domain, i),
            "property_website": pc.take(acc_cols["domain"], i),
            "property_industry": pc.take(acc_cols["industry"], i),
            "property_numberofemployees": pc.take(acc_cols["employee_count"], i),
            "property_createdate": _ts(acc.created[i]),
            "property_hubspot_owner_id": gen._take(owner_ids, hs.account_owner[i]),
        }

    dates = hs.stage_dates

    def contact(i: np.ndarray) -> dict[str, pa.Array]:
        account = con.account[i]
        owner = np.where(account >= 0, hs.account_owner[np.maximum(account, 0)], -1)
        columns = {
            "property_email": pc.take(con_cols["email"], i),
            "property_firstname": pc.take(first_names, i),
            "property_lastname": pc.take(last_names, i),
            "property_jobtitle": pc.take(con_cols["job_title"], i),
            "property_company": gen._take(account_names, account),
            "property_associatedcompanyid": gen._take(company_ids, account),
            "property_createdate": _ts(con.created[i]),
            "property_lifecyclestage": gen._codes(LIFECYCLE_VALUES, hs.current_stage[i]),
            "property_hs_lead_status": gen._codes(LEAD_STATUS_VALUES, hs.current_status[i]),
            "property_hs_analytics_source": gen._take(analytics_source, con.lead_source[i]),
            "property_hs_analytics_source_data_1": pc.take(con_cols["lead_source"], i),
            "property_hubspot_owner_id": gen._take(owner_ids, owner),
        }
        for value in LIFECYCLE_VALUES:
            columns[f"property_hs_lifecyclestage_{value}_date"] = _ts(dates[value][i])
        return columns

    history = hs.property_history
    is_status = np.isin(history.stage, [gen.ST[s] for s in LEAD_STATUS_OF])
    history_value_labels = LIFECYCLE_VALUES + LEAD_STATUS_VALUES
    value_of_stage = np.full(len(gen.STAGES), -1)
    for stage, value in LIFECYCLE_STAGE_OF.items():
        value_of_stage[gen.ST[stage]] = LIFECYCLE_VALUES.index(value)
    for stage, value in LEAD_STATUS_OF.items():
        value_of_stage[gen.ST[stage]] = len(LIFECYCLE_VALUES) + LEAD_STATUS_VALUES.index(value)
    source_labels = tuple(dict.fromkeys(HISTORY_SOURCES.values()))
    source_of_stage = np.array([source_labels.index(HISTORY_SOURCES.get(s, "CRM_UI")) for s in gen.STAGES])

    def property_history(i: np.ndarray) -> dict[str, pa.Array]:
        return {
            "contact_id": pc.take(contact_ids, history.person[i]),
            "name": gen._codes(("lifecyclestage", "hs_lead_status"), is_status[i].astype(np.int64)),
            "value": gen._codes(history_value_labels, value_of_stage[history.stage[i]]),
            "timestamp": _ts(history.at[i]),
            "source": gen._codes(source_labels, source_of_stage[history.stage[i]]),
            "source_id": pa.nulls(len(i), pa.string()),
        }

    return [
        ShapeTable("company", rows("company", len(acc)), company),
        ShapeTable("contact", rows("contact", len(con)), contact),
        ShapeTable(
            "contact_property_history", rows("contact_property_history", len(history)), property_history
        ),
    ]


def _deal_tables(cx: HubSpotContext) -> list[ShapeTable]:
    """Deals, their associations, the pipeline and the deals' stage history."""
    ds = cx.ds
    hs = cx.hs
    opps = cx.opps
    rows = cx.rows
    company_ids = cx.company_ids
    contact_ids = cx.contact_ids
    deal_ids = cx.deal_ids
    owner_ids = cx.owner_ids
    account_names = cx.account_names
    analytics_source = cx.analytics_source
    setup_at = cx.setup_at

    suffix_names = pa.array(list(OPPORTUNITY_NAME_SUFFIX))
    home_rate = np.array([1.0, gen.EUR_RATE])
    stage_ids = [s[0] for s in DEAL_STAGES]

    def deal(i: np.ndarray) -> dict[str, pa.Array]:
        dealtype = gen._codes(DEALTYPE_LABELS, hs.dealtype[i])
        amount = opps.amount[i]
        return {
            "property_dealname": pc.binary_join_element_wise(
                pc.take(account_names, opps.account[i]), pc.take(suffix_names, opps.type[i]), " - "
            ),
            "property_dealtype": pc.if_else(pc.equal(dealtype, ""), pa.scalar(None, pa.string()), dealtype),
            "property_amount": pa.array(amount),
            "property_deal_currency_code": gen._codes(("USD", "EUR"), opps.is_eur[i].astype(np.int64)),
            "property_amount_in_home_currency": pa.array(amount * home_rate[opps.is_eur[i].astype(np.int64)]),
            "property_createdate": _ts(opps.created[i]),
            "property_closedate": _ts(hs.close_at[i]),
            "property_hs_analytics_source": gen._take(analytics_source, opps.lead_source[i]),
            "property_hs_analytics_source_data_1": gen._codes(gen.LEAD_SOURCES, opps.lead_source[i]),
            "deal_pipeline_id": pa.array([PIPELINE_ID] * len(i), pa.string()),
            "deal_pipeline_stage_id": gen._codes(stage_ids, STAGE_ROW[opps.stage[i]]),
            "owner_id": gen._take(owner_ids, hs.account_owner[opps.account[i]]),
        }

    def deal_company(i: np.ndarray) -> dict[str, pa.Array]:
        d = i // 2
        return {
            "deal_id": pc.take(deal_ids, d),
            "company_id": pc.take(company_ids, opps.account[d]),
            "type_id": pa.array(np.where(i % 2 == 0, DEAL_COMPANY_PRIMARY_TYPE, DEAL_COMPANY_TYPE)),
            "category": pa.array([HUBSPOT_DEFINED] * len(i), pa.string()),
        }

    # deal_contact: per contact role an unlabeled association, its role label and, for the
    # primary contact, the primary label; ordered by deal, contact, type.
    roles = ds.roles
    n_roles = len(roles["opp"])
    role_type = np.array([ROLE_LABEL_TYPES[r] for r in gen.ROLES])[roles["role"]]
    primary_roles = np.flatnonzero(roles["primary"])
    dc_role = np.r_[np.arange(n_roles), np.arange(n_roles), primary_roles]
    dc_type = np.r_[
        np.full(n_roles, DEAL_CONTACT_TYPE), role_type, np.full(len(primary_roles), PRIMARY_LABEL_TYPE)
    ]
    order = np.lexsort((dc_type, roles["contact"][dc_role], roles["opp"][dc_role]))
    dc_role, dc_type = dc_role[order], dc_type[order]

    def deal_contact(i: np.ndarray) -> dict[str, pa.Array]:
        r = dc_role[i]
        return {
            "deal_id": pc.take(deal_ids, roles["opp"][r]),
            "contact_id": pc.take(contact_ids, roles["contact"][r]),
            "type_id": pa.array(dc_type[i]),
            "category": gen._codes(
                (HUBSPOT_DEFINED, USER_DEFINED), (dc_type[i] != DEAL_CONTACT_TYPE).astype(np.int64)
            ),
        }


    def deal_pipeline(i: np.ndarray) -> dict[str, pa.Array]:
        return {
            "pipeline_id": pa.array([PIPELINE_ID] * len(i), pa.string()),
            "label": pa.array([PIPELINE_LABEL] * len(i), pa.string()),
            "display_order": pa.array(np.zeros(len(i), np.int64)),
            "active": pa.array(np.ones(len(i), bool)),
            "created_at": _ts(np.full(len(i), setup_at)),
            "updated_at": _ts(np.full(len(i), setup_at)),
        }

    def deal_pipeline_stage(i: np.ndarray) -> dict[str, pa.Array]:
        stages = [DEAL_STAGES[j] for j in i]
        return {
            "stage_id": pa.array([s[0] for s in stages], pa.string()),
            "pipeline_id": pa.array([PIPELINE_ID] * len(i), pa.string()),
            "label": pa.array([s[1] for s in stages], pa.string()),
            "display_order": pa.array(np.asarray(i, np.int64)),
            "probability": pa.array([s[2] for s in stages], pa.float64()),
            "closed_won": pa.array([s[3] for s in stages], pa.bool_()),
            "is_closed": pa.array([s[4] for s in stages], pa.bool_()),
            "active": pa.array(np.ones(len(i), bool)),
            "created_at": _ts(np.full(len(i), setup_at)),
            "updated_at": _ts(np.full(len(i), setup_at)),
        }

    stages = hs.stage_history
    n_stage_rows = len(stages)
    # Rows are in time order: a row ends when the next row of its deal begins.
    by_deal = np.lexsort((np.arange(n_stage_rows), stages.at, stages.opportunity))
    next_at = np.full(n_stage_rows, -1)
    same = stages.opportunity[by_deal][1:] == stages.opportunity[by_deal][:-1]
    next_at[by_deal[:-1][same]] = stages.at[by_deal][1:][same]
    is_last = next_at < 0

    def deal_stage(i: np.ndarray) -> dict[str, pa.Array]:
        o = stages.opportunity[i]
        ended = pc.strftime(
            pa.array((next_at[i] - 1).astype("datetime64[s]"), mask=is_last[i]),
            format="%Y-%m-%dT%H:%M:%S.999Z",
        )
        return {
            "deal_id": pc.take(deal_ids, o),
            "value": gen._codes(stage_ids, STAGE_ROW[stages.stage[i]]),
            "date_entered": _ts(stages.at[i]),
            "source": pa.array(["CRM_UI"] * len(i), pa.string()),
            "source_id": gen._take(owner_ids, hs.account_owner[opps.account[o]]).cast(pa.string()),
            "_fivetran_start": _ts(stages.at[i]),
            "_fivetran_active": pa.array(is_last[i]),
            "_fivetran_end": pc.fill_null(ended, OPEN_ENDED),
        }

    return [
        ShapeTable("deal", rows("deal", len(opps)), deal),
        ShapeTable("deal_company", rows("deal_company", 2 * len(opps)), deal_company),
        ShapeTable("deal_contact", rows("deal_contact", len(dc_role)), deal_contact),
        ShapeTable("deal_pipeline", live_rows(1), deal_pipeline),
        ShapeTable("deal_pipeline_stage", live_rows(len(DEAL_STAGES)), deal_pipeline_stage),
        ShapeTable("deal_stage", rows("deal_stage", n_stage_rows), deal_stage),
    ]


def _engagement_tables(cx: HubSpotContext) -> list[ShapeTable]:
    """Sales engagements (calls, emails, meetings, notes, tasks) and their associations."""
    hs = cx.hs
    con = cx.con
    rows = cx.rows
    company_ids = cx.company_ids
    contact_ids = cx.contact_ids
    deal_ids = cx.deal_ids
    owner_ids = cx.owner_ids

    eng = hs.engagements
    engagement_ids = pa.array(hubspot_ids("engagement", np.arange(len(eng))))
    kind_names = gen._codes(ENGAGEMENT_TYPES, eng.kind)

    def engagement(i: np.ndarray) -> dict[str, pa.Array]:
        return {
            "type": pc.take(kind_names, i),
            "timestamp": _ts(eng.at[i]),
            "created_at": _ts(eng.created_at[i]),
            "owner_id": gen._take(owner_ids, eng.owner[i]),
            "active": pa.array(np.ones(len(i), bool)),
        }

    def detail(kind: str) -> np.ndarray:
        return np.flatnonzero(eng.kind == ENGAGEMENT_TYPES.index(kind))

    calls, emails, meetings = detail("CALL"), detail("EMAIL"), detail("MEETING")

    def shared_columns(e: np.ndarray) -> dict[str, pa.Array]:
        return {
            "engagement_id": pc.take(engagement_ids, e),
            "type": pc.take(kind_names, e),
            "property_hs_timestamp": _ts(eng.at[e]),
            "property_hs_createdate": _ts(eng.created_at[e]),
            "property_hubspot_owner_id": gen._take(owner_ids, eng.owner[e]),
        }

    def engagement_call(i: np.ndarray) -> dict[str, pa.Array]:
        e = calls[i]
        return shared_columns(e) | {
            "property_hs_call_title": gen._codes(CALL_TITLES, eng.subject[e] % len(CALL_TITLES)),
            "property_hs_call_direction": pa.array(["OUTBOUND"] * len(i), pa.string()),
            "property_hs_call_status": pa.array(["COMPLETED"] * len(i), pa.string()),
            "property_hs_call_duration": pa.array(eng.duration[e] * 1000),
        }

    def engagement_email(i: np.ndarray) -> dict[str, pa.Array]:
        e = emails[i]
        return shared_columns(e) | {
            "property_hs_email_subject": gen._codes(EMAIL_SUBJECTS, eng.subject[e] % len(EMAIL_SUBJECTS)),
            "property_hs_email_direction": pa.array(["EMAIL"] * len(i), pa.string()),
        }

    def engagement_meeting(i: np.ndarray) -> dict[str, pa.Array]:
        e = meetings[i]
        return shared_columns(e) | {
            "property_hs_meeting_title": gen._codes(MEETING_TITLES, eng.subject[e] % len(MEETING_TITLES)),
            "property_hs_meeting_start_time": _ts(eng.at[e]),
            "property_hs_meeting_end_time": _ts(eng.at[e] + eng.duration[e]),
            "property_hs_meeting_outcome": pa.array(["COMPLETED"] * len(i), pa.string()),
        }

    association_types = np.array([ENGAGEMENT_ASSOCIATION_TYPES[k] for k in ENGAGEMENT_TYPES])
    eng_account = con.account[eng.person]
    with_company = np.flatnonzero(eng_account >= 0)
    with_deal = np.flatnonzero(eng.deal >= 0)

    def association(e: np.ndarray, column: str, ids: pa.Array, target: np.ndarray, which: int) -> dict:
        return {
            "engagement_id": pc.take(engagement_ids, e),
            column: pc.take(ids, target),
            "type_id": pa.array(association_types[eng.kind[e], which]),
            "category": pa.array([HUBSPOT_DEFINED] * len(e), pa.string()),
        }

    def engagement_contact(i: np.ndarray) -> dict[str, pa.Array]:
        return association(i, "contact_id", contact_ids, eng.person[i], 0)

    def engagement_company(i: np.ndarray) -> dict[str, pa.Array]:
        e = with_company[i]
        return association(e, "company_id", company_ids, eng_account[e], 1)

    def engagement_deal(i: np.ndarray) -> dict[str, pa.Array]:
        e = with_deal[i]
        return association(e, "deal_id", deal_ids, eng.deal[e], 2)

    return [
        ShapeTable("engagement", rows("engagement", len(eng)), engagement),
        ShapeTable("engagement_call", rows("engagement_call", len(calls)), engagement_call),
        ShapeTable("engagement_email", rows("engagement_email", len(emails)), engagement_email),
        ShapeTable("engagement_meeting", rows("engagement_meeting", len(meetings)), engagement_meeting),
        ShapeTable("engagement_contact", rows("engagement_contact", len(eng)), engagement_contact),
        ShapeTable("engagement_company", rows("engagement_company", len(with_company)), engagement_company),
        ShapeTable("engagement_deal", rows("engagement_deal", len(with_deal)), engagement_deal),
    ]


def _web_tables(cx: HubSpotContext) -> list[ShapeTable]:
    """Forms, the contacts' form submissions, marketing email campaigns, their events and clicks."""
    hs = cx.hs
    cmp_ = cx.cmp_
    tch = cx.tch
    con_cols = cx.con_cols
    cmp_cols = cx.cmp_cols
    rows = cx.rows
    contact_ids = cx.contact_ids
    setup_at = cx.setup_at

    form_kinds = list(FORMS)
    form_ids = uuids("form", np.arange(len(form_kinds)))

    def form(i: np.ndarray) -> dict[str, pa.Array]:
        return {
            "guid": pc.take(form_ids, i),
            "name": pa.array([FORMS[form_kinds[j]][0] for j in i], pa.string()),
            "form_type": pa.array([FORMS[form_kinds[j]][1] for j in i], pa.string()),
            "created_at": _ts(np.full(len(i), setup_at)),
            "updated_at": _ts(np.full(len(i), setup_at)),
        }

    slug = gen.campaign_slugs(cmp_)
    sub = hs.submissions
    form_of_type = np.full(len(gen.TOUCH_TYPES), -1)
    form_of_type[[gen.TT[k] for k in form_kinds]] = np.arange(len(form_kinds))
    sub_form = form_of_type[tch.ttype[sub]]
    form_paths = pa.array([FORM_PATHS[k] for k in form_kinds])
    form_names = pa.array([FORMS[k][0] for k in form_kinds])

    def landing_url(path: pa.Array, touch: np.ndarray) -> pa.Array:
        """SITE/<path>[/<campaign slug>][?utm_source=...&utm_medium=...&utm_campaign=...]."""
        utm_source, utm_medium, utm_campaign = gen.touch_utms(tch, touch, slug)
        page = pc.binary_join_element_wise(
            SITE, path, gen._take(slug, tch.campaign[touch]), "/", null_handling="skip"
        )
        query = _query(
            [("utm_source", utm_source), ("utm_medium", utm_medium), ("utm_campaign", utm_campaign)]
        )
        return pc.binary_join_element_wise(page, query, "")

    def submission(i: np.ndarray) -> dict[str, pa.Array]:
        touch = sub[i]
        f = sub_form[i]
        campaign = tch.campaign[touch]
        title = pc.coalesce(gen._take(cmp_cols["campaign_name"], campaign), pc.take(form_names, f))
        return {
            "contact_id": pc.take(contact_ids, tch.resolved_contact[touch]),
            "timestamp": _ts(tch.time[touch]),
            "form_id": pc.take(form_ids, f),
            "page_url": landing_url(pc.take(form_paths, f), touch),
            "title": title,
        }

    email_campaign_ids = pa.array(hubspot_ids("email_campaign", np.arange(len(hs.email_campaigns))))
    campaign_row = np.full(len(cmp_), -1)
    campaign_row[hs.email_campaigns] = np.arange(len(hs.email_campaigns))
    ev = hs.email_events
    event_ids = uuids("email_event", np.arange(len(ev)))
    included = np.bincount(campaign_row[ev.campaign[ev.kind == 0]], minlength=len(hs.email_campaigns))

    def email_campaign(i: np.ndarray) -> dict[str, pa.Array]:
        c = hs.email_campaigns[i]
        theme = pc.utf8_capitalize(
            pc.replace_substring(gen._codes(gen.CAMPAIGN_THEMES, cmp_.theme[c]), "-", " ")
        )
        return {
            "id": pc.take(email_campaign_ids, i),
            "name": pc.take(cmp_cols["campaign_name"], c),
            "subject": pc.binary_join_element_wise(theme, "what is new this month", ": "),
            "type": pa.array(["BATCH_EMAIL"] * len(i), pa.string()),
            "app_id": pa.array(np.full(len(i), BATCH_APP_ID)),
            "app_name": pa.array([BATCH_APP_NAME] * len(i), pa.string()),
            "num_included": pa.array(included[i]),
        }

    def email_event(i: np.ndarray) -> dict[str, pa.Array]:
        is_sent = ev.kind[i] == 0
        sent = np.where(is_sent, -1, ev.sent[i])
        return {
            "type": gen._codes(EMAIL_EVENT_TYPES, ev.kind[i]),
            "created": _ts(ev.at[i]),
            "recipient": pc.take(con_cols["email"], ev.person[i]),
            "email_campaign_id": pc.take(email_campaign_ids, campaign_row[ev.campaign[i]]),
            "sent_by_id": gen._take(event_ids, sent),
            "sent_by_created": _ts(np.where(is_sent, -1, ev.at[np.maximum(sent, 0)])),
            "filtered_event": pa.array(np.zeros(len(i), bool)),
        }

    click_rows = np.flatnonzero(ev.kind == EMAIL_EVENT_TYPES.index("CLICK"))
    blog_path = pa.array(["blog"])

    def email_event_click(i: np.ndarray) -> dict[str, pa.Array]:
        r = click_rows[i]
        return {
            "id": pc.take(event_ids, r),
            "url": landing_url(pc.take(blog_path, np.zeros(len(i), np.int64)), ev.touch[r]),
            "referer": pa.nulls(len(i), pa.string()),
        }

    return [
        ShapeTable("form", live_rows(len(form_kinds)), form),
        ShapeTable("contact_form_submission", rows("contact_form_submission", len(sub)), submission),
        ShapeTable("email_campaign", live_rows(len(hs.email_campaigns)), email_campaign),
        ShapeTable("email_event", rows("email_event", len(ev)), email_event),
        ShapeTable("email_event_click", rows("email_event_click", len(click_rows)), email_event_click),
    ]


def _owner_tables(cx: HubSpotContext) -> list[ShapeTable]:
    """The owners (the sales team)."""
    ds = cx.ds
    owner_ids = cx.owner_ids

    user_created = ds.start - gen._days(np.linspace(400, 30, len(USERS)))

    def owner(i: np.ndarray) -> dict[str, pa.Array]:
        names = [USERS[j] for j in i]
        return {
            "owner_id": pc.take(owner_ids, i),
            "email": pa.array(
                [f"{n.lower().replace(' ', '.')}@{USER_DOMAIN}" for n in names], pa.string()
            ),
            "first_name": pa.array([n.split(" ", 1)[0] for n in names], pa.string()),
            "last_name": pa.array([n.split(" ", 1)[1] for n in names], pa.string()),
            "type": pa.array(["PERSON"] * len(i), pa.string()),
            "active_user_id": pa.array(7_001_000 + np.asarray(i, np.int64)),
            "created_at": _ts(user_created[i]),
            "updated_at": _ts(user_created[i]),
        }

    return [
        ShapeTable("owner", live_rows(len(USERS)), owner),
    ]


def hubspot_tables(ds: gen.Dataset, hs: HubSpotWorld) -> list[ShapeTable]:
    """Row layouts and column builders of the HubSpot tables."""
    cx = hubspot_context(ds, hs)
    groups = (_people_tables, _deal_tables, _engagement_tables, _web_tables, _owner_tables)
    return [table for group in groups for table in group(cx)]


KEY_IDS: dict[str, Callable[[np.ndarray], pa.Array]] = {
    "company": lambda n: pa.array(hubspot_ids("company", n)),
    "contact": lambda n: pa.array(hubspot_ids("contact", n)),
    "deal": lambda n: pa.array(hubspot_ids("deal", n)),
    "engagement": lambda n: pa.array(hubspot_ids("engagement", n)),
    "email_event": lambda n: uuids("email_event", n),
    "contact_form_submission": lambda n: uuids("conversion", n),
}


def table_schema(table: str, convention: str) -> pa.Schema:
    return pa.schema([(name, ARROW_TYPES[kind]) for name, kind in column_kinds(table, convention)])


def table_spec(table: ShapeTable, convention: str, as_of: int) -> gen.TableSpec:
    """The chunk builder of one table in one column convention: ids of keyed tables, deletion
    flags and (Fivetran) the sync columns added, columns renamed."""
    rows = table.rows
    has_is_deleted = any(name == "is_deleted" for name, _ in TABLES[table.name])
    key = KEYS.get(table.name)

    def build(lo: int, hi: int) -> dict[str, pa.Array]:
        columns = table.build(rows.src[lo:hi])
        number, deleted, hard = rows.number[lo:hi], rows.deleted[lo:hi], rows.hard_deleted[lo:hi]
        if key is not None:
            columns[key] = KEY_IDS[table.name](number)
        if convention == "fivetran":
            if has_is_deleted:  # HubSpot's own flag, or a record Fivetran saw deleted
                columns["is_deleted"] = pa.array(deleted & ~hard)
                columns["_fivetran_deleted"] = pa.array(hard)
            else:
                columns["_fivetran_deleted"] = pa.array(deleted)
            columns["_fivetran_synced"] = _ts(fivetran_synced(as_of, number))
            return columns
        kept = {name for name, _ in TABLES[table.name]}
        out = {api_name(name): values for name, values in columns.items() if name in kept}
        out[API_DELETED] = pa.array(deleted)
        return out

    return gen.TableSpec(table.name, len(rows), build)


def person_ids(ds: gen.Dataset) -> pa.Array:
    """Per contract contact: its HubSpot contact id, as text (the touchpoints file's ids are text)."""
    return pa.array(hubspot_ids("contact", np.arange(len(ds.contacts)))).cast(pa.string())


def web_touchpoints_spec(ds: gen.Dataset, hs: HubSpotWorld) -> gen.TableSpec:
    """The touches HubSpot does not hold, with HubSpot ids (HubSpot has no campaign object here:
    campaign_id is empty, the UTMs stay)."""
    company_ids = pa.array(hubspot_ids("company", np.arange(len(ds.accounts)))).cast(pa.string())
    return common.web_touchpoints_spec(ds, hs.in_hubspot, person_ids(ds), company_ids, None)


def hubspot_specs(
    ds: gen.Dataset, convention: str, with_web_touchpoints: bool
) -> list[tuple[gen.TableSpec, pa.Schema | None]]:
    """Chunk builders and schemas of every file of the HubSpot shape."""
    hs = build_hubspot_world(ds)
    return common.shape_specs(
        hubspot_tables(ds, hs),
        lambda table: table_spec(table, convention, ds.as_of),
        lambda name: table_schema(name, convention),
        (lambda: web_touchpoints_spec(ds, hs)) if with_web_touchpoints else None,
    )
