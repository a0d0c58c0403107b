"""Journeys, outcomes and the planted truth: which channels changed which wins."""

from __future__ import annotations

import numpy as np

from attribution_kit.generate.draws import _rng
from attribution_kit.generate.records import Accounts, Dataset, Opportunities
from attribution_kit.generate.vocabulary import (
    CHANNELS,
    EXPANSION,
    N_CHANNELS,
    NEW_BUSINESS,
    OPEN_STAGES,
    RENEWAL,
)
from attribution_kit.generate.world import World, counterfactual_lost_wins, sigmoid, win_logit


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


def opportunity_win_probabilities(opps: Opportunities, world: World) -> np.ndarray:
    """The planted win probability of every opportunity, in opportunity_id order.

    won = U < p for a closed deal (decide_outcomes); an open deal would be won with the
    same p. What a calibrated forecast of the open pipeline should recover on average
    (python_tests/test_forecast.py). Close times are planted independently of the
    outcome: lognormal around 75 days (make_accounts_and_opportunities).
    """
    return sigmoid(win_logit(opps.exposed, opps.type, world))
