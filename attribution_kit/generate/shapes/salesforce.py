"""The demo world as Salesforce tables (``generate --shape salesforce``).

The same planted world the contract shape writes (same accounts, people,
touches, deals and amounts: one ``Dataset``), written as the Salesforce
objects a Fivetran, Airbyte, Data Loader or Bulk API export holds, named as
Fivetran names the tables (``account.csv``, ``campaign_member.csv``, ...).
``--column-convention fivetran`` writes snake_case columns plus
``_fivetran_synced`` and ``_fivetran_deleted``; ``api`` writes the API names
(``Id``, ``CreatedDate``, ``Offer_Type__c``) and API timestamps
(``2024-03-01T09:30:00.000+0000``).

How the contract world maps (docs/demo_shapes.md has the full table):

- accounts -> account (website = domain); opportunities -> opportunity
  (Salesforce type picklist values, close_date = the close day or, for an
  open deal, its expected close), opportunity_contact_role,
  opportunity_history and opportunity_field_history (stage changes, the
  closing row at the exact close time), user (the reps).
- people: a person who reached SQL (or sits on a contact role) is a
  contact; one who reached SQL came in as a lead converted into that
  contact (two leads, both converted, when the person was recycled and
  came back); free-mail people and about a third of the company people who
  never reached SQL are unconverted leads; the rest are contacts without a
  lead. A lead's created_date is the person's earliest ``lead`` lifecycle
  event, so lead-creation milestones keep their time.
- campaign touches of a known person (email clicks, webinars, events,
  content downloads, form submissions) -> responded campaign_member rows,
  one per person and campaign (Salesforce allows no more); sales emails and
  calls -> task, meetings -> event, at their exact time in created_date
  (task) and start_date_time (event).
- Salesforce does not hold web sessions, ad clicks and impressions, chats,
  anonymous or account-level touches, nor a person's repeat responses to
  one campaign: ``--with-web-touchpoints`` writes them, in the input
  contract's touchpoints format with Salesforce ids, as touchpoints.csv.
- Amounts stay in their currency; currency_type holds the corporate rates
  (units per corporate currency, 1 / rate_to_reporting) and
  dated_conversion_rate the same rate in quarterly periods. A paid
  campaign's ad spend is its actual_cost.

Rows that are no touch are added as Salesforce holds them: members who never
responded (status Sent) and to-do tasks. With ``dirty`` (the default), a few
deleted copies of rows (is_deleted, or _fivetran_deleted in the Fivetran
convention) are added after the world is drawn, so they cannot change it.
Everything is vectorised with numpy, one random stream per purpose, so the
same arguments give the same bytes.
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
    INACTIVE_USERS,
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
# The tables and columns written (the interface with the Salesforce staging
# models): snake_case names as Fivetran writes them, with their kinds.
# --------------------------------------------------------------------------

ID, TEXT, TIMESTAMP, DATE, BOOL, NUMBER, INT = "id", "text", "timestamp", "date", "bool", "number", "int"
TABLES: dict[str, tuple[tuple[str, str], ...]] = {
    "account": (
        ("id", ID),
        ("name", TEXT),
        ("website", TEXT),
        ("industry", TEXT),
        ("number_of_employees", INT),
        ("owner_id", ID),
        ("created_date", TIMESTAMP),
        ("is_deleted", BOOL),
    ),
    "contact": (
        ("id", ID),
        ("account_id", ID),
        ("first_name", TEXT),
        ("last_name", TEXT),
        ("email", TEXT),
        ("title", TEXT),
        ("lead_source", TEXT),
        ("created_date", TIMESTAMP),
        ("is_deleted", BOOL),
    ),
    "lead": (
        ("id", ID),
        ("first_name", TEXT),
        ("last_name", TEXT),
        ("email", TEXT),
        ("company", TEXT),
        ("title", TEXT),
        ("lead_source", TEXT),
        ("status", TEXT),
        ("created_date", TIMESTAMP),
        ("is_converted", BOOL),
        ("converted_date", DATE),
        ("converted_contact_id", ID),
        ("converted_account_id", ID),
        ("converted_opportunity_id", ID),
        ("is_deleted", BOOL),
    ),
    "opportunity": (
        ("id", ID),
        ("account_id", ID),
        ("name", TEXT),
        ("type", TEXT),
        ("stage_name", TEXT),
        ("amount", NUMBER),
        ("currency_iso_code", TEXT),
        ("is_closed", BOOL),
        ("is_won", BOOL),
        ("close_date", DATE),
        ("created_date", TIMESTAMP),
        ("lead_source", TEXT),
        ("campaign_id", ID),
        ("owner_id", ID),
        ("is_deleted", BOOL),
    ),
    "opportunity_contact_role": (
        ("id", ID),
        ("opportunity_id", ID),
        ("contact_id", ID),
        ("role", TEXT),
        ("is_primary", BOOL),
        ("created_date", TIMESTAMP),
        ("is_deleted", BOOL),
    ),
    "campaign": (
        ("id", ID),
        ("name", TEXT),
        ("type", TEXT),
        ("status", TEXT),
        ("start_date", DATE),
        ("end_date", DATE),
        ("actual_cost", NUMBER),
        ("currency_iso_code", TEXT),
        ("offer_type_c", TEXT),
        ("created_date", TIMESTAMP),
        ("is_deleted", BOOL),
    ),
    "campaign_member": (
        ("id", ID),
        ("campaign_id", ID),
        ("lead_id", ID),
        ("contact_id", ID),
        ("status", TEXT),
        ("has_responded", BOOL),
        ("first_responded_date", DATE),
        ("created_date", TIMESTAMP),
        ("is_deleted", BOOL),
    ),
    "task": (
        ("id", ID),
        ("who_id", ID),
        ("what_id", ID),
        ("account_id", ID),
        ("owner_id", ID),
        ("type", TEXT),
        ("task_subtype", TEXT),
        ("subject", TEXT),
        ("activity_date", DATE),
        ("created_date", TIMESTAMP),
        ("status", TEXT),
        ("is_deleted", BOOL),
    ),
    "event": (
        ("id", ID),
        ("who_id", ID),
        ("what_id", ID),
        ("account_id", ID),
        ("owner_id", ID),
        ("type", TEXT),
        ("event_subtype", TEXT),
        ("subject", TEXT),
        ("start_date_time", TIMESTAMP),
        ("activity_date", DATE),
        ("created_date", TIMESTAMP),
        ("is_deleted", BOOL),
    ),
    "user": (
        ("id", ID),
        ("name", TEXT),
        ("email", TEXT),
        ("is_active", BOOL),
        ("created_date", TIMESTAMP),
        ("is_deleted", BOOL),
    ),
    "opportunity_history": (
        ("id", ID),
        ("opportunity_id", ID),
        ("stage_name", TEXT),
        ("amount", NUMBER),
        ("close_date", DATE),
        ("created_date", TIMESTAMP),
        ("is_deleted", BOOL),
    ),
    "opportunity_field_history": (
        ("id", ID),
        ("opportunity_id", ID),
        ("field", TEXT),
        ("old_value", TEXT),
        ("new_value", TEXT),
        ("created_date", TIMESTAMP),
        ("is_deleted", BOOL),
    ),
    "currency_type": (
        ("iso_code", TEXT),
        ("conversion_rate", NUMBER),
        ("is_corporate", BOOL),
        ("is_active", BOOL),
        ("is_deleted", BOOL),
    ),
    "dated_conversion_rate": (
        ("iso_code", TEXT),
        ("conversion_rate", NUMBER),
        ("start_date", DATE),
        ("next_start_date", DATE),
        ("is_deleted", BOOL),
    ),
}
FIVETRAN_COLUMNS = (("_fivetran_synced", TIMESTAMP), ("_fivetran_deleted", BOOL))
# Custom fields: Fivetran's snake_case name -> the API name.
CUSTOM_FIELDS = {"offer_type_c": "Offer_Type__c"}
KEY_PREFIXES = {
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
    "opportunity_history": "008",
    "opportunity_field_history": "017",
}
ARROW_TYPES = {ID: pa.string(), TEXT: pa.string(), TIMESTAMP: pa.string(), DATE: pa.string()}
ARROW_TYPES |= {BOOL: pa.bool_(), NUMBER: pa.float64(), INT: pa.int64()}
TIMESTAMP_FORMATS = {"fivetran": "%Y-%m-%dT%H:%M:%S.000Z", "api": "%Y-%m-%dT%H:%M:%S.000+0000"}

# --------------------------------------------------------------------------
# Picklists and vocabularies
# --------------------------------------------------------------------------

# Campaign.Type per campaign channel and utm source: standard picklist values and
# Marketo Measure's "CHANNEL - SUBCHANNEL" convention.
CAMPAIGN_TYPE_BY_SOURCE = {
    ("paid_search", "google"): "Paid Search - Google",
    ("paid_search", "bing"): "Paid Search - Bing",
    ("paid_social", "linkedin"): "Paid Social - LinkedIn",
    ("paid_social", "facebook"): "Paid Social - Facebook",
    ("display", "doubleclick"): "Display - DoubleClick",
    ("display", "adroll"): "Banner Ads",
    ("email", "marketo"): "Email",
    ("webinar", "on24"): "Webinar",
    ("content", "website"): "Content - Website",
    ("content", "syndication"): "Content - Syndication",
}
EVENT_CAMPAIGN_TYPES = ("Conference", "Trade Show")
CAMPAIGN_TYPES = tuple(dict.fromkeys((*CAMPAIGN_TYPE_BY_SOURCE.values(), *EVENT_CAMPAIGN_TYPES)))
# Touch types a campaign member stands for (a response to the campaign).
MEMBER_TOUCH_TYPES = ("email_click", "webinar", "event", "content_download", "form_submission")

# Opportunity.Type values per opportunity type, with their shares.
OPPORTUNITY_TYPE_VALUES = (
    {"New Customer": 0.85, "New Business": 0.10, "": 0.05},
    {"Existing Customer - Upgrade": 0.7, "Upsell": 0.3},
    {"Renewal": 0.8, "Existing Customer - Replacement": 0.2},
)

LEAD_STATUSES = (
    "Open - Not Contacted",
    "Working - Contacted",
    "Closed - Converted",
    "Closed - Not Converted",
)
# The latest lifecycle stage of an unconverted lead -> its status.
STATUS_OF_STAGE = {
    "lead": "Open - Not Contacted",
    "mql": "Working - Contacted",
    "sal": "Working - Contacted",
    "sql": "Working - Contacted",
    "recycled": "Closed - Not Converted",
    "disqualified": "Closed - Not Converted",
}
NO_COMPANY = "[not provided]"  # what Web-to-Lead writes when a form has no company
PLAIN_CONTACT, CONVERTED, LEAD_ONLY = 0, 1, 2
UNCONVERTED_SHARE = 0.35  # of the company people who never reached SQL and hold no contact role

MEMBER_STATUSES = ("Responded", "Sent")
TASK_KINDS = (  # type, task_subtype, subjects
    ("Email", "Email", ("Email: Following up", "Email: Next steps", "Email: Pricing questions")),
    ("Call", "Call", ("Call", "Discovery call", "Follow-up call")),
    ("Other", "Task", ("Send proposal", "Update opportunity", "Prepare renewal quote")),
)
TASK_EMAIL, TASK_CALL, TASK_TODO = 0, 1, 2
TASK_STATUSES = ("Completed", "Not Started")


SENT_PER_RESPONSE = 0.8  # members that never responded, per responded member of email and webinar campaigns
TODO_PER_TASK = 0.05  # to-do tasks (not touches) per task touch

# --------------------------------------------------------------------------
# Ids
# --------------------------------------------------------------------------

_BASE62 = np.frombuffer(b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", np.uint8)
_SUFFIX = np.frombuffer(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ012345", np.uint8)


def salesforce_ids(prefix: str, numbers: np.ndarray) -> pa.Array:
    """18-character Salesforce ids: key prefix, pod, a base-62 record number and the
    case-safe suffix (one letter per five characters, from their upper-case letters)."""
    numbers = np.asarray(numbers, dtype=np.int64)
    n = len(numbers)
    chars = np.empty((n, 18), np.uint8)
    chars[:, :3] = np.frombuffer(prefix.encode(), np.uint8)
    chars[:, 3:6] = np.frombuffer(b"8d0", np.uint8)
    rest = numbers + 62**4 * (7 + zlib.crc32(prefix.encode()) % 50)
    for position in range(14, 5, -1):
        chars[:, position] = _BASE62[rest % 62]
        rest //= 62
    upper = (chars[:, :15] >= ord("A")) & (chars[:, :15] <= ord("Z"))
    bits = 1 << np.arange(5)
    for chunk in range(3):
        chars[:, 15 + chunk] = _SUFFIX[upper[:, 5 * chunk : 5 * chunk + 5] @ bits]
    return pa.array(np.ascontiguousarray(chars).view("S18").ravel()).cast(pa.string())


# Contract tables whose rows keep their order (and so their number) in Salesforce.
SAME_ORDER = {"accounts": "account", "opportunities": "opportunity", "campaigns": "campaign"}


def salesforce_id(contract_table: str, contract_id: str) -> str:
    """The Salesforce id of a contract account, opportunity or campaign of the same seed
    (``opp_000001`` -> ``0068d00000j0000AAA``): for comparing the marts of the two shapes."""
    number = int(contract_id.rsplit("_", 1)[1]) - 1
    return salesforce_ids(KEY_PREFIXES[SAME_ORDER[contract_table]], np.array([number]))[0].as_py()


def api_name(column: str) -> str:
    """Fivetran's snake_case column -> the Salesforce API name (``created_date`` -> ``CreatedDate``)."""
    if column in CUSTOM_FIELDS:
        return CUSTOM_FIELDS[column]
    return "".join(part.capitalize() for part in column.split("_"))


def column_names(table: str, convention: str) -> list[str]:
    names = [name for name, _ in TABLES[table]]
    if convention == "api":
        return [api_name(name) for name in names]
    return names + [name for name, _ in FIVETRAN_COLUMNS]


def table_schema(table: str, convention: str) -> pa.Schema:
    kinds = list(TABLES[table]) + (list(FIVETRAN_COLUMNS) if convention == "fivetran" else [])
    names = column_names(table, convention)
    return pa.schema([(name, ARROW_TYPES[kind]) for name, (_, kind) in zip(names, kinds, strict=True)])


# --------------------------------------------------------------------------
# The Salesforce world (integer arrays; strings are built when writing)
# --------------------------------------------------------------------------


@dataclass
class People:
    """Every contract contact as a Salesforce contact, lead(s) or both."""

    kind: np.ndarray  # PLAIN_CONTACT, CONVERTED or LEAD_ONLY
    contact_number: np.ndarray  # -1 when the person has no contact
    lead_number: np.ndarray  # the person's (first) lead, -1 when none
    second_lead_number: np.ndarray  # a recycled person's second lead, -1 when none
    first_lead_at: np.ndarray  # the earliest `lead` lifecycle event
    second_lead_at: np.ndarray  # the second `lead` event, -1 when none
    converted_at: np.ndarray  # SQL time of converted people, -1 otherwise
    contact_created_at: np.ndarray
    latest_stage: np.ndarray
    owner: np.ndarray  # user index of the person's account owner, -1 without account
    converted_opportunity: np.ndarray  # -1 when none
    # the lead rows (person, created_at), ordered by created_at
    lead_person: np.ndarray
    lead_created_at: np.ndarray
    # the contact rows (person), ordered by created_at
    contact_person: np.ndarray


@dataclass
class Members:
    campaign: np.ndarray
    person: np.ndarray
    lead: np.ndarray  # lead number, -1 empty
    contact: np.ndarray  # contact number, -1 empty
    responded: np.ndarray
    responded_at: np.ndarray  # the touch time (-1 when not responded)
    created_at: np.ndarray

    def __len__(self) -> int:
        return len(self.campaign)


@dataclass
class Activities:
    """Tasks (kind: email, call, to-do) or events (meetings)."""

    person: np.ndarray
    at: np.ndarray  # the activity's time (start of an event)
    created_at: np.ndarray
    kind: np.ndarray
    subject: np.ndarray
    owner: np.ndarray
    done: np.ndarray

    def __len__(self) -> int:
        return len(self.person)


@dataclass
class SalesforceWorld:
    people: People
    account_owner: np.ndarray
    opportunity_type_value: np.ndarray  # index into OPPORTUNITY_TYPE_LABELS
    close_date_at: np.ndarray  # close time, or an open deal's expected close
    primary_campaign: np.ndarray  # -1 when none
    campaign_type: np.ndarray  # index into CAMPAIGN_TYPES
    campaign_cost: np.ndarray  # nan when none
    members: Members
    tasks: Activities
    events: Activities
    history: StageHistory
    is_member_touch: np.ndarray  # per contract touch: written as a campaign member
    is_activity_touch: np.ndarray  # per contract touch: written as a task or event


OPPORTUNITY_TYPE_LABELS = tuple(dict.fromkeys(v for values in OPPORTUNITY_TYPE_VALUES for v in values))


def _first_per_contact(contact: np.ndarray, time: np.ndarray, mask: np.ndarray, n: int) -> np.ndarray:
    out = np.full(n, np.iinfo(np.int64).max)
    np.minimum.at(out, contact[mask], time[mask])
    return out


def make_people(ds: gen.Dataset) -> People:
    rng = gen._rng(ds.seed, "salesforce-people")
    con, life = ds.contacts, ds.lifecycle
    n = len(con)
    never = np.iinfo(np.int64).max
    is_lead = life["stage"] == gen.ST["lead"]
    first_lead = _first_per_contact(life["contact"], life["time"], is_lead, n)
    lead_rank = np.full(len(is_lead), -1)
    lead_rank[is_lead] = gen._occurrence_rank(life["contact"][is_lead])  # events are in time order
    second_lead = _first_per_contact(life["contact"], life["time"], lead_rank == 1, n)
    first_sql = _first_per_contact(life["contact"], life["time"], life["stage"] == gen.ST["sql"], n)
    latest = np.full(n, -1)
    np.maximum.at(latest, life["contact"], np.arange(len(life["contact"])))
    latest_stage = life["stage"][latest]

    on_role = np.zeros(n, bool)
    on_role[ds.roles["contact"]] = True
    has_account = con.account >= 0
    converted = has_account & (first_sql < never)
    unconverted = ~has_account | (~converted & ~on_role & (rng.random(n) < UNCONVERTED_SHARE))
    kind = np.where(converted, CONVERTED, np.where(unconverted, LEAD_ONLY, PLAIN_CONTACT)).astype(np.int8)
    second_lead = np.where(converted & (second_lead < never), second_lead, -1)
    converted_at = np.where(converted, first_sql, -1)
    contact_created = np.where(converted, first_sql, first_lead)

    has_contact = kind != LEAD_ONLY
    contact_person = np.flatnonzero(has_contact)
    contact_person = contact_person[np.lexsort((contact_person, contact_created[contact_person]))]
    contact_number = np.full(n, -1)
    contact_number[contact_person] = np.arange(len(contact_person))

    has_lead = kind != PLAIN_CONTACT
    with_second = np.flatnonzero(second_lead >= 0)
    lead_person = np.r_[np.flatnonzero(has_lead), with_second]
    lead_created = np.r_[first_lead[has_lead], second_lead[with_second]]
    is_second = np.r_[np.zeros(int(has_lead.sum()), bool), np.ones(len(with_second), bool)]
    order = np.lexsort((is_second, lead_person, lead_created))
    lead_person, lead_created, is_second = lead_person[order], lead_created[order], is_second[order]
    lead_number = np.full(n, -1)
    second_lead_number = np.full(n, -1)
    lead_number[lead_person[~is_second]] = np.flatnonzero(~is_second)
    second_lead_number[lead_person[is_second]] = np.flatnonzero(is_second)

    owner = make_account_owners(ds)
    person_owner = np.where(has_account, owner[np.maximum(con.account, 0)], -1)

    # A converted person who is the primary contact of an opportunity of its own account:
    # the first such opportunity is the one created at conversion.
    converted_opportunity = np.full(n, -1)
    opps = ds.opportunities
    primary = ds.roles["primary"] & (con.account[ds.roles["contact"]] == opps.account[ds.roles["opp"]])
    who, which = ds.roles["contact"][primary], ds.roles["opp"][primary]
    first_index = np.full(n, np.iinfo(np.int64).max)
    np.minimum.at(first_index, who, which)  # opportunities are numbered in creation order
    pick = converted & (first_index < np.iinfo(np.int64).max)
    converted_opportunity[pick] = first_index[pick]

    return People(
        kind=kind,
        contact_number=contact_number,
        lead_number=lead_number,
        second_lead_number=second_lead_number,
        first_lead_at=first_lead,
        second_lead_at=second_lead,
        converted_at=converted_at,
        contact_created_at=contact_created,
        latest_stage=latest_stage,
        owner=person_owner,
        converted_opportunity=converted_opportunity,
        lead_person=lead_person,
        lead_created_at=lead_created,
        contact_person=contact_person,
    )


def member_ids(people: People, person: np.ndarray, at: np.ndarray, u: np.ndarray) -> tuple[np.ndarray, ...]:
    """(lead number, contact number) of a campaign member of `person` at time `at`.

    A contact's member carries the contact; a lead's the lead. A converted person's
    member from before the conversion carries the lead then open (the second lead once
    it exists) and, for most, the contact as well: Salesforce fills ContactId on
    conversion, older members may lack it."""
    kind = people.kind[person]
    before = (kind == CONVERTED) & (at < people.converted_at[person])
    second = people.second_lead_number[person]
    use_second = before & (second >= 0) & (at >= people.second_lead_at[person])
    lead = np.where(use_second, second, people.lead_number[person])
    lead = np.where((kind == LEAD_ONLY) | before, lead, -1)
    contact = np.where(kind == LEAD_ONLY, -1, people.contact_number[person])
    contact = np.where(before & (u >= 0.7), -1, contact)
    return lead, contact


def make_members(ds: gen.Dataset, people: People, is_member: np.ndarray) -> Members:
    rng = gen._rng(ds.seed, "salesforce-members")
    tch, cmp_ = ds.touches, ds.campaigns
    index = np.flatnonzero(is_member)
    person = tch.resolved_contact[index]
    campaign = tch.campaign[index]
    at = tch.time[index]
    started = cmp_.started[campaign]
    # Email members are created when the email goes out, the others at the response.
    is_email = cmp_.channel[campaign] == gen.CH["email"]
    created = np.where(is_email, started + (rng.random(len(index)) * (at - started)).astype(np.int64), at)

    # Members of email and webinar campaigns who never responded (sent, registered).
    k = int(
        round(SENT_PER_RESPONSE * np.count_nonzero(is_email | (cmp_.channel[campaign] == gen.CH["webinar"])))
    )
    sent_campaign = campaign[np.isin(cmp_.channel[campaign], [gen.CH["email"], gen.CH["webinar"]])]
    sent_campaign = (
        sent_campaign[rng.integers(0, len(sent_campaign), k)] if len(sent_campaign) else sent_campaign
    )
    k = len(sent_campaign)
    sent_person = rng.integers(0, len(ds.contacts), k)
    sent_at = gen._uniform_between(rng, cmp_.started[sent_campaign], cmp_.ended[sent_campaign])
    n_campaigns = len(cmp_)
    key = person * n_campaigns + campaign
    sent_key = sent_person * n_campaigns + sent_campaign
    keep = (
        (people.first_lead_at[sent_person] <= sent_at)
        & ~np.isin(sent_key, key)
        & (gen._occurrence_rank(sent_key) == 0)
    )
    sent_campaign, sent_person, sent_at = sent_campaign[keep], sent_person[keep], sent_at[keep]

    campaign = np.r_[campaign, sent_campaign]
    person = np.r_[person, sent_person]
    responded = np.r_[np.ones(len(index), bool), np.zeros(len(sent_person), bool)]
    responded_at = np.r_[at, np.full(len(sent_person), -1)]
    created = np.r_[created, sent_at]
    lead, contact = member_ids(
        people, person, np.where(responded, responded_at, created), rng.random(len(person))
    )
    order = np.lexsort((campaign, person, created))
    return Members(
        campaign=campaign[order],
        person=person[order],
        lead=lead[order],
        contact=contact[order],
        responded=responded[order],
        responded_at=responded_at[order],
        created_at=created[order],
    )


def make_activities(
    ds: gen.Dataset, people: People, is_activity: np.ndarray
) -> tuple[Activities, Activities]:
    """Tasks (sales emails, calls, a few to-dos) and events (meetings)."""
    rng = gen._rng(ds.seed, "salesforce-activities")
    tch = ds.touches
    index = np.flatnonzero(is_activity)
    channel = tch.channel[index]
    person = tch.resolved_contact[index]
    at = tch.time[index]
    account_owner = people.owner[person]
    sdr = len(ACCOUNT_EXECUTIVES) + rng.integers(0, len(SDRS), len(index))

    is_task = channel != gen.CH["meeting"]
    task_person, task_at = person[is_task], at[is_task]
    task_kind = np.where(channel[is_task] == gen.CH["sales_email"], TASK_EMAIL, TASK_CALL)
    by_sdr = (account_owner[is_task] < 0) | (rng.random(len(task_at)) < 0.4)
    task_owner = np.where(by_sdr, sdr[is_task], account_owner[is_task])
    # To-do tasks of the account executives: not touches.
    k = int(round(TODO_PER_TASK * len(task_at)))
    with_owner = np.flatnonzero(people.owner >= 0)
    todo_person = (
        with_owner[rng.integers(0, len(with_owner), k)] if len(with_owner) else np.zeros(0, np.int64)
    )
    k = len(todo_person)
    todo_at = gen._uniform_between(rng, people.contact_created_at[todo_person], np.full(k, ds.as_of))
    todo_done = rng.random(k) < 0.7
    n_tasks = len(task_at)
    tasks = Activities(
        person=np.r_[task_person, todo_person],
        at=np.r_[task_at, todo_at],
        created_at=np.r_[task_at, todo_at],
        kind=np.r_[task_kind, np.full(k, TASK_TODO)],
        subject=rng.integers(0, 3, n_tasks + k),
        owner=np.r_[task_owner, people.owner[todo_person]],
        done=np.r_[np.ones(n_tasks, bool), todo_done],
    )
    order = np.lexsort((tasks.kind, tasks.person, tasks.created_at))
    tasks = Activities(**{name: getattr(tasks, name)[order] for name in tasks.__dataclass_fields__})

    meeting_person, meeting_at = person[~is_task], at[~is_task]
    m = len(meeting_at)
    booked = meeting_at - gen._days(rng.uniform(0.05, 10.0, m))
    owner = np.where(account_owner[~is_task] >= 0, account_owner[~is_task], sdr[~is_task])
    events = Activities(
        person=meeting_person,
        at=meeting_at,
        created_at=booked,
        kind=np.zeros(m, np.int8),
        subject=rng.integers(0, len(MEETING_SUBJECTS), m),
        owner=owner,
        done=np.ones(m, bool),
    )
    order = np.lexsort((events.person, events.at, events.created_at))
    events = Activities(**{name: getattr(events, name)[order] for name in events.__dataclass_fields__})
    return tasks, events


def primary_campaigns(ds: gen.Dataset, members: Members) -> np.ndarray:
    """Primary Campaign Source: the campaign the primary contact last responded to before
    the opportunity was created."""
    opps = ds.opportunities
    primary = ds.roles["primary"]
    primary_person = np.full(len(opps), -1)
    primary_person[ds.roles["opp"][primary]] = ds.roles["contact"][primary]
    responded = members.responded
    person, at, campaign = (
        members.person[responded],
        members.responded_at[responded],
        members.campaign[responded],
    )
    base = min(int(at.min()) if len(at) else 0, int(opps.created.min()) if len(opps) else 0)
    shift = np.int64(1 << 34)
    key = person * shift + (at - base)
    order = np.argsort(key, kind="stable")
    key, campaign, person = key[order], campaign[order], person[order]
    pos = np.searchsorted(key, primary_person * shift + (opps.created - base), side="right") - 1
    found = (primary_person >= 0) & (pos >= 0)
    found &= person[np.maximum(pos, 0)] == primary_person if len(person) else False
    return np.where(found, campaign[np.maximum(pos, 0)] if len(campaign) else -1, -1)


def campaign_types(ds: gen.Dataset) -> np.ndarray:
    rng = gen._rng(ds.seed, "salesforce-campaign-types")
    cmp_ = ds.campaigns
    out = np.full(len(cmp_), -1)
    for (channel, source), label in CAMPAIGN_TYPE_BY_SOURCE.items():
        out[(cmp_.channel == gen.CH[channel]) & (cmp_.source == gen.SRC[source])] = CAMPAIGN_TYPES.index(
            label
        )
    is_event = cmp_.channel == gen.CH["event"]
    event_types = np.array([CAMPAIGN_TYPES.index(t) for t in EVENT_CAMPAIGN_TYPES])
    out[is_event] = event_types[rng.integers(0, len(event_types), int(is_event.sum()))]
    if (out < 0).any():
        raise RuntimeError("a campaign channel or source has no Salesforce campaign type")
    return out


def campaign_costs(ds: gen.Dataset) -> np.ndarray:
    """Campaign costs; a paid campaign's cost is the sum of its (valid) daily ad spend."""
    cost = ds.campaigns.cost.copy()
    spend = ds.ad_spend
    paid = np.zeros(len(cost), bool)
    paid[spend["campaign"]] = True
    total = np.bincount(spend["campaign"], weights=spend["amount"], minlength=len(cost))
    return np.where(paid, np.round(total, 2), cost)


def opportunity_type_values(ds: gen.Dataset) -> np.ndarray:
    rng = gen._rng(ds.seed, "salesforce-opportunity-types")
    opps = ds.opportunities
    out = np.zeros(len(opps), np.int64)
    u = rng.random(len(opps))
    for t, values in enumerate(OPPORTUNITY_TYPE_VALUES):
        labels = np.array([OPPORTUNITY_TYPE_LABELS.index(v) for v in values])
        cum = np.cumsum(list(values.values()))
        pick = np.minimum(np.searchsorted(cum, u, side="right"), len(labels) - 1)
        out = np.where(opps.type == t, labels[pick], out)
    return out


def split_touches(ds: gen.Dataset) -> tuple[np.ndarray, np.ndarray]:
    """Which contract touches Salesforce holds: a known person's first response to a
    campaign (a campaign member) and sales activities (tasks and events)."""
    tch = ds.touches
    person = tch.resolved_contact
    response = (
        (tch.campaign >= 0) & (person >= 0) & np.isin(tch.ttype, [gen.TT[t] for t in MEMBER_TOUCH_TYPES])
    )
    pair = np.where(response, person * len(ds.campaigns) + tch.campaign, -1 - np.arange(len(tch)))
    is_member = response & (gen._occurrence_rank(pair) == 0)  # touches are in time order
    is_activity = np.isin(tch.channel, [gen.CH[c] for c in gen.SALES]) & (person >= 0)
    return is_member, is_activity


def build_salesforce_world(ds: gen.Dataset) -> SalesforceWorld:
    people = make_people(ds)
    is_member, is_activity = split_touches(ds)
    members = make_members(ds, people, is_member)
    tasks, events = make_activities(ds, people, is_activity)
    return SalesforceWorld(
        people=people,
        account_owner=make_account_owners(ds),
        opportunity_type_value=opportunity_type_values(ds),
        close_date_at=expected_close(ds),
        primary_campaign=primary_campaigns(ds, members),
        campaign_type=campaign_types(ds),
        campaign_cost=campaign_costs(ds),
        members=members,
        tasks=tasks,
        events=events,
        history=make_stage_history(ds),
        is_member_touch=is_member,
        is_activity_touch=is_activity,
    )


# --------------------------------------------------------------------------
# Strings and writing
# --------------------------------------------------------------------------


@dataclass
class SalesforceContext:
    """What the Salesforce tables share: the world, the contract's text columns, the record ids and
    the writers of timestamps, dates and file rows."""

    ds: gen.Dataset
    sf: SalesforceWorld
    ts: Callable[[np.ndarray], pa.Array]
    day: Callable[[np.ndarray], pa.Array]
    rows: Callable[[str, int], Rows]
    acc_cols: dict[str, pa.Array]
    con_cols: dict[str, pa.Array]
    cmp_cols: dict[str, pa.Array]
    account_ids: pa.Array
    contact_ids: pa.Array
    lead_ids: pa.Array
    opportunity_ids: pa.Array
    campaign_ids: pa.Array
    user_ids: pa.Array
    first_names: pa.Array
    last_names: pa.Array

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
    def people(self) -> People:
        return self.sf.people

    @property
    def seed(self) -> int:
        return self.ds.seed

    @property
    def account_names(self) -> pa.Array:
        return self.acc_cols["account_name"]


def salesforce_context(ds: gen.Dataset, sf: SalesforceWorld, convention: str) -> SalesforceContext:
    timestamp_format = TIMESTAMP_FORMATS[convention]
    people = sf.people
    contract = {spec.name: spec for spec in gen.table_specs(ds)}

    def ts(t: np.ndarray) -> pa.Array:
        return timestamp_text(t, timestamp_format)

    def day(t: np.ndarray) -> pa.Array:
        return timestamp_text(t, "%Y-%m-%d")

    def rows(table: str, n_live: int) -> Rows:
        return with_deleted_copies(n_live, gen._rng(ds.seed, f"salesforce-deleted-{table}"), ds.dirty)

    return SalesforceContext(
        ds=ds,
        sf=sf,
        ts=ts,
        day=day,
        rows=rows,
        acc_cols=contract["accounts"].build(0, len(ds.accounts)),
        con_cols=contract["contacts"].build(0, len(ds.contacts)),
        cmp_cols=contract["campaigns"].build(0, len(ds.campaigns)),
        account_ids=salesforce_ids(KEY_PREFIXES["account"], np.arange(len(ds.accounts))),
        contact_ids=salesforce_ids(KEY_PREFIXES["contact"], np.arange(len(people.contact_person))),
        lead_ids=salesforce_ids(KEY_PREFIXES["lead"], np.arange(len(people.lead_person))),
        opportunity_ids=salesforce_ids(KEY_PREFIXES["opportunity"], np.arange(len(ds.opportunities))),
        campaign_ids=salesforce_ids(KEY_PREFIXES["campaign"], np.arange(len(ds.campaigns))),
        user_ids=salesforce_ids(KEY_PREFIXES["user"], np.arange(len(USERS))),
        first_names=pc.utf8_capitalize(gen._codes(gen.FIRST_NAMES, ds.contacts.first)),
        last_names=pc.utf8_capitalize(gen._codes(gen.LAST_NAMES, ds.contacts.last)),
    )


def _people_tables(cx: SalesforceContext) -> list[ShapeTable]:
    """Accounts, contacts and leads."""
    sf = cx.sf
    acc = cx.acc
    con = cx.con
    people = cx.people
    acc_cols = cx.acc_cols
    con_cols = cx.con_cols
    ts = cx.ts
    day = cx.day
    rows = cx.rows
    account_ids = cx.account_ids
    contact_ids = cx.contact_ids
    opportunity_ids = cx.opportunity_ids
    user_ids = cx.user_ids
    first_names = cx.first_names
    last_names = cx.last_names
    account_names = cx.account_names

    def account(i: np.ndarray) -> dict[str, pa.Array]:
        return {
            "id": None,
            "name": pc.take(acc_cols["account_name"], i),
            "website": pc.take(acc_cols["domain"], i),
            "industry": pc.take(acc_cols["industry"], i),
            "number_of_employees": pc.take(acc_cols["employee_count"], i),
            "owner_id": gen._take(user_ids, sf.account_owner[i]),
            "created_date": ts(acc.created[i]),
        }

    def contact(i: np.ndarray) -> dict[str, pa.Array]:
        person = people.contact_person[i]
        return {
            "id": None,
            "account_id": gen._take(account_ids, con.account[person]),
            "first_name": pc.take(first_names, person),
            "last_name": pc.take(last_names, person),
            "email": pc.take(con_cols["email"], person),
            "title": pc.take(con_cols["job_title"], person),
            "lead_source": pc.take(con_cols["lead_source"], person),
            "created_date": ts(people.contact_created_at[person]),
        }

    account_names = acc_cols["account_name"]
    lead_status = np.array(
        [LEAD_STATUSES.index(STATUS_OF_STAGE.get(stage, LEAD_STATUSES[0])) for stage in gen.STAGES]
    )

    def lead(i: np.ndarray) -> dict[str, pa.Array]:
        person = people.lead_person[i]
        converted = people.kind[person] == CONVERTED
        has_account = con.account[person] >= 0
        status = np.where(
            converted, LEAD_STATUSES.index("Closed - Converted"), lead_status[people.latest_stage[person]]
        )
        company = pc.if_else(
            pa.array(has_account),
            gen._take(account_names, np.where(has_account, con.account[person], -1)),
            NO_COMPANY,
        )
        return {
            "id": None,
            "first_name": pc.take(first_names, person),
            "last_name": pc.take(last_names, person),
            "email": pc.take(con_cols["email"], person),
            "company": company,
            "title": pc.take(con_cols["job_title"], person),
            "lead_source": pc.take(con_cols["lead_source"], person),
            "status": gen._codes(LEAD_STATUSES, status),
            "created_date": ts(people.lead_created_at[i]),
            "is_converted": pa.array(converted),
            "converted_date": day(np.where(converted, people.converted_at[person], -1)),
            "converted_contact_id": gen._take(
                contact_ids, np.where(converted, people.contact_number[person], -1)
            ),
            "converted_account_id": gen._take(account_ids, np.where(converted, con.account[person], -1)),
            "converted_opportunity_id": gen._take(
                opportunity_ids, np.where(converted, people.converted_opportunity[person], -1)
            ),
        }

    return [
        ShapeTable("account", rows("account", len(acc)), account),
        ShapeTable("contact", rows("contact", len(people.contact_person)), contact),
        ShapeTable("lead", rows("lead", len(people.lead_person)), lead),
    ]


def _deal_tables(cx: SalesforceContext) -> list[ShapeTable]:
    """Opportunities and their contact roles."""
    ds = cx.ds
    sf = cx.sf
    opps = cx.opps
    people = cx.people
    ts = cx.ts
    day = cx.day
    rows = cx.rows
    account_ids = cx.account_ids
    contact_ids = cx.contact_ids
    opportunity_ids = cx.opportunity_ids
    campaign_ids = cx.campaign_ids
    user_ids = cx.user_ids
    seed = cx.seed
    account_names = cx.account_names

    suffix_names = pa.array(list(OPPORTUNITY_NAME_SUFFIX))

    def opportunity(i: np.ndarray) -> dict[str, pa.Array]:
        return {
            "id": None,
            "account_id": gen._take(account_ids, opps.account[i]),
            "name": pc.binary_join_element_wise(
                pc.take(account_names, opps.account[i]), pc.take(suffix_names, opps.type[i]), " - "
            ),
            "type": pc.if_else(
                pc.equal(gen._codes(OPPORTUNITY_TYPE_LABELS, sf.opportunity_type_value[i]), ""),
                pa.scalar(None, pa.string()),
                gen._codes(OPPORTUNITY_TYPE_LABELS, sf.opportunity_type_value[i]),
            ),
            "stage_name": gen._codes(gen.STAGE_NAMES, opps.stage[i]),
            "amount": pa.array(opps.amount[i]),
            "currency_iso_code": gen._codes(("USD", "EUR"), opps.is_eur[i].astype(np.int64)),
            "is_closed": pa.array(opps.is_closed[i]),
            "is_won": pa.array(opps.is_won[i]),
            "close_date": day(sf.close_date_at[i]),
            "created_date": ts(opps.created[i]),
            "lead_source": gen._codes(gen.LEAD_SOURCES, opps.lead_source[i]),
            "campaign_id": gen._take(campaign_ids, sf.primary_campaign[i]),
            "owner_id": gen._take(user_ids, sf.account_owner[opps.account[i]]),
        }

    roles = ds.roles
    role_created = np.where(
        roles["primary"],
        opps.created[roles["opp"]],
        np.minimum(
            opps.created[roles["opp"]]
            + gen._days(gen._rng(seed, "salesforce-roles").uniform(0, 3, len(roles["opp"]))),
            ds.as_of,
        ),
    )

    def contact_role(i: np.ndarray) -> dict[str, pa.Array]:
        return {
            "id": None,
            "opportunity_id": pc.take(opportunity_ids, roles["opp"][i]),
            "contact_id": gen._take(contact_ids, people.contact_number[roles["contact"][i]]),
            "role": gen._codes(gen.ROLES, roles["role"][i]),
            "is_primary": pa.array(roles["primary"][i]),
            "created_date": ts(role_created[i]),
        }

    return [
        ShapeTable("opportunity", rows("opportunity", len(opps)), opportunity),
        ShapeTable(
            "opportunity_contact_role", rows("opportunity_contact_role", len(roles["opp"])), contact_role
        ),
    ]


def _campaign_tables(cx: SalesforceContext) -> list[ShapeTable]:
    """Campaigns and their members."""
    ds = cx.ds
    sf = cx.sf
    cmp_ = cx.cmp_
    cmp_cols = cx.cmp_cols
    ts = cx.ts
    day = cx.day
    rows = cx.rows
    contact_ids = cx.contact_ids
    lead_ids = cx.lead_ids
    campaign_ids = cx.campaign_ids

    def campaign(i: np.ndarray) -> dict[str, pa.Array]:
        cost = sf.campaign_cost[i]
        return {
            "id": None,
            "name": pc.take(cmp_cols["campaign_name"], i),
            "type": gen._codes(CAMPAIGN_TYPES, sf.campaign_type[i]),
            "status": gen._codes(("Completed", "In Progress"), (cmp_.ended[i] >= ds.as_of).astype(np.int64)),
            "start_date": day(cmp_.started[i]),
            "end_date": day(cmp_.ended[i]),
            "actual_cost": pa.array(cost, mask=np.isnan(cost)),
            "currency_iso_code": gen._codes(("USD", "EUR"), cmp_.is_eur[i].astype(np.int64)),
            "offer_type_c": pc.take(cmp_cols["offer_type"], i),
            "created_date": ts(cmp_.started[i] - 14 * DAY),
        }

    mem = sf.members

    def campaign_member(i: np.ndarray) -> dict[str, pa.Array]:
        responded = mem.responded[i]
        return {
            "id": None,
            "campaign_id": pc.take(campaign_ids, mem.campaign[i]),
            "lead_id": gen._take(lead_ids, mem.lead[i]),
            "contact_id": gen._take(contact_ids, mem.contact[i]),
            "status": gen._codes(MEMBER_STATUSES, (~responded).astype(np.int64)),
            "has_responded": pa.array(responded),
            "first_responded_date": day(mem.responded_at[i]),
            "created_date": ts(mem.created_at[i]),
        }

    return [
        ShapeTable("campaign", rows("campaign", len(cmp_)), campaign),
        ShapeTable("campaign_member", rows("campaign_member", len(mem)), campaign_member),
    ]


def _activity_tables(cx: SalesforceContext) -> list[ShapeTable]:
    """Tasks, events and the users who own them."""
    ds = cx.ds
    sf = cx.sf
    con = cx.con
    people = cx.people
    ts = cx.ts
    day = cx.day
    rows = cx.rows
    account_ids = cx.account_ids
    user_ids = cx.user_ids

    def who(person: np.ndarray) -> tuple[pa.Array, np.ndarray]:
        """A task's or event's WhoId (the contact, else the lead) and its account."""
        is_lead = people.kind[person] == LEAD_ONLY
        return pc.take(who_ids, person), np.where(is_lead, -1, con.account[person])

    who_ids = person_ids(sf)
    tasks, events = sf.tasks, sf.events
    task_subjects = [subject for _, _, subjects in TASK_KINDS for subject in subjects]

    def task(i: np.ndarray) -> dict[str, pa.Array]:
        who_id, account_index = who(tasks.person[i])
        kind = tasks.kind[i]
        return {
            "id": None,
            "who_id": who_id,
            "what_id": gen._take(account_ids, account_index),
            "account_id": gen._take(account_ids, account_index),
            "owner_id": gen._take(user_ids, tasks.owner[i]),
            "type": gen._codes([t for t, _, _ in TASK_KINDS], kind),
            "task_subtype": gen._codes([s for _, s, _ in TASK_KINDS], kind),
            "subject": gen._codes(task_subjects, kind * 3 + tasks.subject[i]),
            "activity_date": day(tasks.at[i]),
            "created_date": ts(tasks.created_at[i]),
            "status": gen._codes(TASK_STATUSES, (~tasks.done[i]).astype(np.int64)),
        }

    def event(i: np.ndarray) -> dict[str, pa.Array]:
        who_id, account_index = who(events.person[i])
        return {
            "id": None,
            "who_id": who_id,
            "what_id": gen._take(account_ids, account_index),
            "account_id": gen._take(account_ids, account_index),
            "owner_id": gen._take(user_ids, events.owner[i]),
            "type": pa.array(["Meeting"] * len(i), pa.string()),
            "event_subtype": pa.array(["Event"] * len(i), pa.string()),
            "subject": gen._codes(MEETING_SUBJECTS, events.subject[i]),
            "start_date_time": ts(events.at[i]),
            "activity_date": day(events.at[i]),
            "created_date": ts(events.created_at[i]),
        }

    user_created = ds.start - gen._days(np.linspace(400, 30, len(USERS)))

    def user(i: np.ndarray) -> dict[str, pa.Array]:
        names = [USERS[j] for j in i]
        return {
            "id": None,
            "name": pa.array(names, pa.string()),
            "email": pa.array(
                [f"{name.lower().replace(' ', '.')}@{USER_DOMAIN}" for name in names], pa.string()
            ),
            "is_active": pa.array([name not in INACTIVE_USERS for name in names]),
            "created_date": ts(user_created[i]),
        }

    return [
        ShapeTable("task", rows("task", len(tasks)), task),
        ShapeTable("event", rows("event", len(events)), event),
        ShapeTable("user", live_rows(len(USERS)), user),
    ]


def _history_tables(cx: SalesforceContext) -> list[ShapeTable]:
    """The deals' stage history and its field history."""
    sf = cx.sf
    opps = cx.opps
    ts = cx.ts
    day = cx.day
    rows = cx.rows
    opportunity_ids = cx.opportunity_ids

    history = sf.history

    def opportunity_history(i: np.ndarray) -> dict[str, pa.Array]:
        o = history.opportunity[i]
        return {
            "id": None,
            "opportunity_id": pc.take(opportunity_ids, o),
            "stage_name": gen._codes(gen.STAGE_NAMES, history.stage[i]),
            "amount": pa.array(opps.amount[o]),
            "close_date": day(sf.close_date_at[o]),
            "created_date": ts(history.at[i]),
        }

    changes = np.flatnonzero(history.previous_stage >= 0)

    def field_history(i: np.ndarray) -> dict[str, pa.Array]:
        h = changes[i]
        return {
            "id": None,
            "opportunity_id": pc.take(opportunity_ids, history.opportunity[h]),
            "field": pa.array(["StageName"] * len(i), pa.string()),
            "old_value": gen._codes(gen.STAGE_NAMES, history.previous_stage[h]),
            "new_value": gen._codes(gen.STAGE_NAMES, history.stage[h]),
            "created_date": ts(history.at[h]),
        }

    return [
        ShapeTable(
            "opportunity_history", rows("opportunity_history", len(history)), opportunity_history
        ),
        ShapeTable("opportunity_field_history", live_rows(len(changes)), field_history),
    ]


def _currency_tables(cx: SalesforceContext) -> list[ShapeTable]:
    """The corporate currency rates, also as quarterly dated rates."""
    ds = cx.ds
    day = cx.day

    currencies = ("USD", "EUR")
    corporate_rate = np.array([1.0, 1.0 / gen.EUR_RATE])  # units per USD: amount / rate = USD

    def currency_type(i: np.ndarray) -> dict[str, pa.Array]:
        return {
            "iso_code": gen._codes(currencies, i),
            "conversion_rate": pa.array(corporate_rate[i]),
            "is_corporate": pa.array(i == 0),
            "is_active": pa.array(np.ones(len(i), bool)),
        }

    # Quarterly periods from a year before the data to the open-ended last one.
    quarters = np.arange(
        np.datetime64(ds.start - 400 * DAY, "s").astype("datetime64[M]"),
        np.datetime64(ds.as_of, "s").astype("datetime64[M]") + 1,
        np.timedelta64(3, "M"),
    )
    period_start = quarters.astype("datetime64[s]").astype(np.int64)
    n_periods = len(period_start)
    period_next = np.r_[period_start[1:], np.datetime64("9999-12-31", "s").astype(np.int64)]

    def dated_rate(i: np.ndarray) -> dict[str, pa.Array]:
        currency, period = i // n_periods, i % n_periods
        return {
            "iso_code": gen._codes(currencies, currency),
            "conversion_rate": pa.array(corporate_rate[currency]),
            "start_date": day(period_start[period]),
            "next_start_date": day(period_next[period]),
        }

    return [
        ShapeTable("currency_type", live_rows(len(currencies)), currency_type),
        ShapeTable("dated_conversion_rate", live_rows(len(currencies) * n_periods), dated_rate),
    ]


def salesforce_tables(ds: gen.Dataset, sf: SalesforceWorld, convention: str) -> list[ShapeTable]:
    """Row layouts and column builders of the fourteen Salesforce tables."""
    cx = salesforce_context(ds, sf, convention)
    groups = (
        _people_tables, _deal_tables, _campaign_tables, _activity_tables, _history_tables, _currency_tables
    )
    return [table for group in groups for table in group(cx)]


def person_ids(sf: SalesforceWorld) -> pa.Array:
    """Per contract contact: its Salesforce contact id, or its lead id when it is only a lead."""
    people = sf.people
    contact_ids = salesforce_ids(KEY_PREFIXES["contact"], np.arange(len(people.contact_person)))
    lead_ids = salesforce_ids(KEY_PREFIXES["lead"], np.arange(len(people.lead_person)))
    is_lead = people.kind == LEAD_ONLY
    return pc.if_else(
        pa.array(is_lead),
        gen._take(lead_ids, np.where(is_lead, people.lead_number, -1)),
        gen._take(contact_ids, people.contact_number),
    )


def table_spec(table: ShapeTable, convention: str, as_of: int) -> gen.TableSpec:
    """The chunk builder of one table in one column convention: ids, deletion flags and
    (Fivetran) the sync columns added, columns renamed."""
    names = dict(
        zip([name for name, _ in TABLES[table.name]], column_names(table.name, convention), strict=False)
    )
    prefix = KEY_PREFIXES.get(table.name)
    rows = table.rows

    def build(lo: int, hi: int) -> dict[str, pa.Array]:
        columns = table.build(rows.src[lo:hi])
        number, deleted, hard = rows.number[lo:hi], rows.deleted[lo:hi], rows.hard_deleted[lo:hi]
        if prefix is not None:
            columns["id"] = salesforce_ids(prefix, number)
        if convention == "fivetran":
            columns["is_deleted"] = pa.array(deleted & ~hard)
            synced = fivetran_synced(as_of, number)
            columns["_fivetran_synced"] = timestamp_text(synced, TIMESTAMP_FORMATS[convention])
            columns["_fivetran_deleted"] = pa.array(hard)
            names.update({"_fivetran_synced": "_fivetran_synced", "_fivetran_deleted": "_fivetran_deleted"})
        else:
            columns["is_deleted"] = pa.array(deleted)
        return {names[name]: values for name, values in columns.items()}

    return gen.TableSpec(table.name, len(rows), build)


def web_touchpoints_spec(ds: gen.Dataset, sf: SalesforceWorld) -> gen.TableSpec:
    """The touches Salesforce does not hold, with Salesforce ids (contact_id is the person's
    contact id, or lead id when only a lead)."""
    account_ids = salesforce_ids(KEY_PREFIXES["account"], np.arange(len(ds.accounts)))
    campaign_ids = salesforce_ids(KEY_PREFIXES["campaign"], np.arange(len(ds.campaigns)))
    in_salesforce = sf.is_member_touch | sf.is_activity_touch
    return common.web_touchpoints_spec(ds, in_salesforce, person_ids(sf), account_ids, campaign_ids)


def salesforce_specs(
    ds: gen.Dataset, convention: str, with_web_touchpoints: bool
) -> list[tuple[gen.TableSpec, pa.Schema | None]]:
    """Chunk builders and schemas of every file of the Salesforce shape."""
    sf = build_salesforce_world(ds)
    return common.shape_specs(
        salesforce_tables(ds, sf, convention),
        lambda table: table_spec(table, convention, ds.as_of),
        lambda name: table_schema(name, convention),
        (lambda: web_touchpoints_spec(ds, sf)) if with_web_touchpoints else None,
    )
