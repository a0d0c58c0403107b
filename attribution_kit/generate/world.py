"""The planted worlds: win models whose channel effects the demo data hides (SPEC section 7)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from attribution_kit.generate.draws import _rng
from attribution_kit.generate.vocabulary import CH, CHANNELS, N_CHANNELS


@dataclass(frozen=True)
class World:
    """A win model: logit = intercept + type effect + sum of channel betas + interactions."""

    name: str
    intercept: float
    betas: dict[str, float]
    type_effects: tuple[float, float, float] = (0.0, 0.7, 1.4)
    interactions: tuple[tuple[str, str, float], ...] = ()

    def beta_vector(self) -> np.ndarray:
        return np.array([self.betas[c] for c in CHANNELS], dtype=np.float64)


_DEFAULT_BETAS = {
    "paid_search": 0.35,
    "paid_social": 0.20,
    "display": 0.05,
    "organic_search": 0.10,
    "email": 0.25,
    "webinar": 1.00,
    "event": 0.80,
    "content": 0.40,
    "referral": 0.70,
    "direct": 0.0,
    "chat": 0.30,
    "sales_email": 0.10,
    "sales_call": 0.50,
    "meeting": 1.20,
}


_FREQUENT_USELESS_BETAS = {
    "paid_search": 0.30,
    "paid_social": 0.20,
    "display": 0.0,
    "organic_search": 0.0,
    "email": 0.0,
    "webinar": 1.30,
    "event": 1.20,
    "content": 0.30,
    "referral": 1.10,
    "direct": 0.0,
    "chat": 0.20,
    "sales_email": 0.10,
    "sales_call": 0.40,
    "meeting": 0.60,
}


WORLDS: dict[str, World] = {
    "default": World("default", intercept=-4.15, betas=_DEFAULT_BETAS),
    "frequent_useless": World("frequent_useless", intercept=-3.78, betas=_FREQUENT_USELESS_BETAS),
    "interactions": World(
        "interactions",
        intercept=-3.85,
        betas=_DEFAULT_BETAS,
        interactions=(("webinar", "meeting", 0.8), ("email", "sales_email", -0.6)),
    ),
}


FREQUENT_CHANNELS = ("direct", "organic_search", "email", "display")


RARE_CHANNELS = ("webinar", "event", "referral")


def win_logit(exposed: np.ndarray, opportunity_type: np.ndarray, world: World) -> np.ndarray:
    """Linear predictor of the win model for boolean exposures (rows x channels)."""
    e = exposed.astype(np.float64)
    logit = world.intercept + np.asarray(world.type_effects)[opportunity_type] + e @ world.beta_vector()
    for a, b, gamma in world.interactions:
        logit = logit + gamma * e[:, CH[a]] * e[:, CH[b]]
    return logit


def sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def counterfactual_lost_wins(
    exposed: np.ndarray, opportunity_type: np.ndarray, uniform: np.ndarray, world: World
) -> tuple[np.ndarray, np.ndarray]:
    """Wins under the exposures and, per channel, wins lost when that channel is removed."""
    won = uniform < sigmoid(win_logit(exposed, opportunity_type, world))
    lost = np.zeros(N_CHANNELS, dtype=np.int64)
    for c in range(N_CHANNELS):
        without = exposed.copy()
        without[:, c] = False
        won_without = uniform < sigmoid(win_logit(without, opportunity_type, world))
        lost[c] = int(np.count_nonzero(won & ~won_without))
    return won, lost


def outcome_uniforms(seed: int, n_opportunities: int) -> np.ndarray:
    """The one uniform U per opportunity (in opportunity_id order) that decides won = U < p."""
    return _rng(seed, "outcome").random(n_opportunities)
