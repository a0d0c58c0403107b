"""Touchpoints: marketing and sales touches around opportunities, background and anonymous touches."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from attribution_kit.generate.draws import (
    _choice,
    _csr,
    _days,
    _draw_rows,
    _random_member,
    _rng,
    _uniform_between,
)
from attribution_kit.generate.records import Accounts, Campaigns, Contacts, Opportunities, Touches
from attribution_kit.generate.vocabulary import (
    ANONYMOUS_CHANNELS,
    BACKGROUND_WEIGHT,
    CAMPAIGN_LAYOUT,
    CH,
    CHANNELS,
    DAY,
    LOOKBACK_DAYS,
    MARKETING,
    MARKETING_ACTIVE,
    MARKETING_WEIGHT,
    MED,
    PARTNER_DOMAINS,
    REF,
    REVERSE_IP_CHANNELS,
    REVERSE_IP_WEIGHT,
    SALES,
    SALES_ACTIVE,
    SALES_WEIGHT,
    SRC,
    TT,
    UTM_SOURCES,
)


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
