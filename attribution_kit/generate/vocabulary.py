"""The demo world's vocabulary: channels, touch types, UTMs, stages, names, the contract's tables."""

from __future__ import annotations

import numpy as np

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


EUR_RATE = 1.08
