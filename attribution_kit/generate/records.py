"""The dataset as integer codes (strings are built when writing) and the table specs that render it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa

from attribution_kit.generate.vocabulary import N_CHANNELS
from attribution_kit.generate.world import World


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


@dataclass
class TableSpec:
    name: str
    n_rows: int
    build: Callable[[int, int], dict[str, pa.Array]]
