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

import numpy as np

DAY = 86_400
WEB_TOUCHPOINTS_TABLE = "touchpoints"

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
