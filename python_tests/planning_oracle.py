"""Plain-Python oracles of the planning marts (docs/planning.md), written from the docs, not the SQL.

- `leading_indicators`: rpt_channel_leading_indicators from contacts, lifecycle events (the raw
  files' rows) and resolved touches, by explicit loops over leads and months.
- `reallocate`: rpt_budget_scenarios' suggested spends by bisection on the common marginal return
  (the model solves the same optimum in closed form between breakpoints).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta

FUNNEL_AFTER_LEAD = ("mql", "sal", "sql", "opportunity", "customer")
TARGET_STAGES = ("mql", "sal", "sql", "opportunity")
WINDOWS = (30, 60, 90)


def utc(text: str) -> datetime:
    """A raw timestamp (naive = UTC, 'Z' or an offset) as a naive UTC datetime."""
    moment = datetime.fromisoformat(text.strip().replace(" ", "T"))
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment


def add_months(month: date, months: int) -> date:
    index = month.year * 12 + month.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def leading_indicators(
    contacts: Iterable[tuple[str, str | None, datetime]],
    events: Iterable[tuple[str, str, datetime]],
    touches: Iterable[tuple[str, datetime, str | None, str | None, str]],
    as_of: datetime,
    norm_months: int = 6,
    z_threshold: float = 2.0,
    min_leads: int = 10,
) -> dict[tuple[str, date, str, int], dict]:
    """(channel, cohort month, target stage, window days) -> the mart's row as a dict.

    contacts: (contact_id, account_id, created_at); events: (contact_id, stage, occurred_at), those
    after the as-of time are ignored; touches: (touchpoint_id, occurred_at, contact_id, account_id,
    channel), resolved. The as-of time is not set as a var (the default build)."""
    events = [(c, s.lower(), t) for c, s, t in events if t <= as_of]
    first_lead: dict[str, datetime] = {}
    reached: dict[tuple[str, str], datetime] = {}
    for contact, stage, at in events:
        if stage == "lead":
            first_lead[contact] = min(at, first_lead.get(contact, at))
        if stage in FUNNEL_AFTER_LEAD:
            # reaching a stage counts for it and every earlier target stage
            for target in FUNNEL_AFTER_LEAD[: FUNNEL_AFTER_LEAD.index(stage) + 1]:
                key = (contact, target)
                reached[key] = min(at, reached.get(key, at))
    first_touch: dict[tuple[str, str], tuple[datetime, str, str]] = {}
    for touch_id, at, contact, account, channel in touches:
        for key in (("contact", contact), ("account", account)):
            if key[1] is not None:
                candidate = (at, touch_id, channel)
                if key not in first_touch or candidate < first_touch[key]:
                    first_touch[key] = candidate

    # (channel, month) -> list of leads' reach times per target
    cohorts: dict[tuple[str, date], list[tuple[datetime, dict[str, datetime | None]]]] = {}
    for contact, account, created_at in contacts:
        lead_at = first_lead.get(contact, created_at)
        own, company = first_touch.get(("contact", contact)), first_touch.get(("account", account))
        if own is not None and own[0] <= lead_at:
            channel = own[2]
        elif company is not None and company[0] <= lead_at:
            channel = company[2]
        else:
            channel = "(none)"
        month = date(lead_at.year, lead_at.month, 1)
        times = {target: reached.get((contact, target)) for target in TARGET_STAGES}
        cohorts.setdefault((channel, month), []).append((lead_at, times))

    counts: dict[tuple[str, date, str, int], tuple[int, int, bool]] = {}
    for (channel, month), leads in cohorts.items():
        for target in TARGET_STAGES:
            for window in WINDOWS:
                closes = datetime.combine(add_months(month, 1), datetime.min.time()) + timedelta(days=window)
                progressed = sum(
                    1 for lead_at, times in leads
                    if times[target] is not None and times[target] <= lead_at + timedelta(days=window)
                )
                counts[(channel, month, target, window)] = (len(leads), progressed, closes <= as_of)

    rows = {}
    for (channel, month, target, window), (n, progressed, complete) in counts.items():
        norm_n = norm_k = norm_months_seen = 0
        for back in range(1, norm_months + 1):
            earlier = counts.get((channel, add_months(month, -back), target, window))
            if earlier is not None and earlier[2]:
                norm_n, norm_k = norm_n + earlier[0], norm_k + earlier[1]
                norm_months_seen += 1
        rate = progressed / n if complete else None
        norm = norm_k / norm_n if norm_n else None
        se = None
        if rate is not None and norm is not None:
            se = math.sqrt(norm * (1 - norm) * (1 / n + 1 / norm_n))
        z = (rate - norm) / se if se else None
        rows[(channel, month, target, window)] = {
            "leads": n,
            "is_window_complete": complete,
            "progressed_leads": progressed if complete else None,
            "progression_rate": rate,
            "norm_cohort_months": norm_months_seen,
            "norm_leads": norm_n,
            "norm_progressed_leads": norm_k,
            "norm_progression_rate": norm,
            "standard_error": se,
            "z_score": z,
            "is_below_norm": bool(complete and n >= min_leads and z is not None and z <= -z_threshold),
        }
    return rows


def reallocate(
    channels: dict[str, tuple[float, float, bool]], max_shift: float = 0.2, alpha: float = 0.5
) -> dict[str, float]:
    """channel -> (current spend S > 0, incremental wins W >= 0, may grow) -> suggested spend.

    Maximises sum W (s / S)^alpha with sum s = sum S and (1 - max_shift) S <= s <= (1 + max_shift) S
    (upper bound S when the channel may not grow): bisection on the common marginal return lambda,
    s(lambda) = S (m / lambda)^(1 / (1 - alpha)) clipped, m = alpha W / S. Channels with W = 0 sit at
    their lower bound and absorb, in proportion to what they gave, what the others cannot take."""
    total = sum(spend for spend, _, _ in channels.values())
    bounds = {
        name: ((1 - max_shift) * spend, (1 + max_shift) * spend if grows else spend)
        for name, (spend, _, grows) in channels.items()
    }
    returns = {name: alpha * wins / spend for name, (spend, wins, _) in channels.items()}
    power = 1 / (1 - alpha)

    def spend_at(name: str, lam: float) -> float:
        low, high = bounds[name]
        if returns[name] == 0:
            return low
        return min(high, max(low, channels[name][0] * (returns[name] / lam) ** power))

    def total_at(lam: float) -> float:
        return sum(spend_at(name, lam) for name in channels)

    positive = [r for r in returns.values() if r > 0]
    if not positive:
        return {name: spend for name, (spend, _, _) in channels.items()}
    low, high = min(positive) * 1e-6, max(positive) * 1e6
    if total_at(low) < total:  # every channel with wins at its upper bound
        lam = low
    else:
        for _ in range(400):
            mid = math.sqrt(low * high)
            low, high = (mid, high) if total_at(mid) >= total else (low, mid)
        lam = low
    suggested = {name: spend_at(name, lam) for name in channels}
    missing = total - sum(suggested.values())
    room = sum(channels[n][0] - bounds[n][0] for n in channels if returns[n] == 0)
    for name in channels:
        if returns[name] == 0 and room > 0:
            suggested[name] += missing * (channels[name][0] - bounds[name][0]) / room
    return suggested
