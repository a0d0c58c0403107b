"""Building the whole dataset from a seed and a world."""

from __future__ import annotations

import math

import numpy as np
from tqdm import tqdm

from attribution_kit.generate.defects import touch_row_layout
from attribution_kit.generate.entities import (
    assign_lead_sources,
    make_accounts_and_opportunities,
    make_ad_spend,
    make_campaigns,
    make_contact_roles,
    make_contacts,
    make_lifecycle,
)
from attribution_kit.generate.records import Dataset
from attribution_kit.generate.touches import draft_touches, finish_touches
from attribution_kit.generate.truth import (
    decide_outcomes,
    finish_opportunities,
    journey_exposures,
    truth_table,
)
from attribution_kit.generate.vocabulary import DAY, LOOKBACK_DAYS, SPAN_DAYS
from attribution_kit.generate.world import World


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
