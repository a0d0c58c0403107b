"""Accounts, opportunities, contacts, campaigns, contact roles, lifecycle, lead sources, spend."""

from __future__ import annotations

import math

import numpy as np

from attribution_kit.generate.draws import _choice, _csr, _days, _occurrence_rank, _rng, _uniform_between
from attribution_kit.generate.records import Accounts, Campaigns, Contacts, Opportunities, Touches
from attribution_kit.generate.vocabulary import (
    CAMPAIGN_COST,
    CAMPAIGN_LAYOUT,
    CAMPAIGN_THEMES,
    CH,
    CHAMPION,
    COMPANY_HEADS,
    COMPANY_KINDS,
    COMPANY_TAILS,
    CONSULTANT,
    DAILY_BUDGET,
    DAY,
    ECONOMIC_BUYER,
    FIRST_NAMES,
    FREE_MAIL,
    INDUSTRIES,
    LAST_NAMES,
    LEAD_SOURCE_BY_CHANNEL,
    LEAD_SOURCES,
    OFFER,
    PAID_CHANNELS,
    PERSONA_TITLES,
    ROLE,
    SRC,
    ST,
    TITLE_OFFSET,
    TLDS,
)
from attribution_kit.generate.world import outcome_uniforms


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
