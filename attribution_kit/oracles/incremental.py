"""Independent oracle of the incremental model and of the data-driven validation (SPEC section 5).

Written from the spec, not from the dbt models: the logistic win model is fitted by
scipy.optimize.minimize on the penalised log-likelihood written out here (gradient
and Hessian by hand), standard errors come from the Fisher information summed row
by row, the held-out split is recomputed with hashlib, and the AUC is counted pair
by pair.
"""

from __future__ import annotations

import hashlib
import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from scipy.optimize import minimize

ZERO_TOLERANCE = 1e-12  # a drop within this of zero counts as zero (SPEC: clipped at 0)


@dataclass(frozen=True)
class Fit:
    """Coefficients by term: ('intercept', '(intercept)'), ('opportunity_type', t), ('channel', c)."""

    coefficients: dict[tuple[str, str], float]

    def logit(self, opportunity_type: str, channels: set[str]) -> float:
        value = self.coefficients.get(("intercept", "(intercept)"), 0.0)
        value += self.coefficients.get(("opportunity_type", opportunity_type), 0.0)
        return value + sum(self.coefficients.get(("channel", c), 0.0) for c in sorted(channels))


@dataclass(frozen=True)
class Journey:
    opportunity_id: str
    opportunity_type: str
    channels: frozenset[str]
    is_closed: bool
    is_won: bool


def terms(journeys: Sequence[Journey]) -> list[tuple[str, str]]:
    """Model terms: intercept, every type but the alphabetically first, every channel (sorted)."""
    types = sorted({j.opportunity_type for j in journeys})
    channels = sorted({c for j in journeys for c in j.channels})
    return [("intercept", "(intercept)")] + [("opportunity_type", t) for t in types[1:]] + [
        ("channel", c) for c in channels
    ]


def design(journeys: Sequence[Journey], model_terms: Sequence[tuple[str, str]]) -> np.ndarray:
    rows = []
    for j in journeys:
        rows.append(
            [
                1.0
                if kind == "intercept"
                or (kind == "opportunity_type" and j.opportunity_type == name)
                or (kind == "channel" and name in j.channels)
                else 0.0
                for kind, name in model_terms
            ]
        )
    return np.array(rows)


def fit_logistic(journeys: Sequence[Journey], l2_penalty: float) -> tuple[Fit, np.ndarray, np.ndarray]:
    """Minimise -loglik + l2_penalty / 2 x sum of the non-intercept coefficients squared.

    Returns the fit, the design matrix (intercept first) and the coefficient vector.
    """
    model_terms = terms(journeys)
    x = design(journeys, model_terms)
    y = np.array([1.0 if j.is_won else 0.0 for j in journeys])
    penalised = np.array([0.0] + [1.0] * (len(model_terms) - 1))

    def objective(beta: np.ndarray) -> float:
        eta = x @ beta
        # log(1 + exp(eta)) - y eta, summed; logaddexp keeps it finite
        return float(np.sum(np.logaddexp(0.0, eta) - y * eta) + l2_penalty / 2 * np.sum(penalised * beta**2))

    def gradient(beta: np.ndarray) -> np.ndarray:
        p = 1.0 / (1.0 + np.exp(-(x @ beta)))
        return x.T @ (p - y) + l2_penalty * penalised * beta

    def hessian(beta: np.ndarray) -> np.ndarray:
        p = 1.0 / (1.0 + np.exp(-(x @ beta)))
        return (x * (p * (1 - p))[:, None]).T @ x + l2_penalty * np.diag(penalised)

    result = minimize(
        objective, np.zeros(len(model_terms)), jac=gradient, hess=hessian, method="trust-exact",
        options={"gtol": 1e-12, "maxiter": 1000},
    )  # fmt: skip
    beta = result.x
    return Fit(dict(zip(model_terms, map(float, beta), strict=True))), x, beta


def fisher_standard_errors(x: np.ndarray, beta: np.ndarray) -> list[float]:
    """sqrt(diag(I^-1)), I = sum over rows of p (1 - p) x x^T, summed row by row."""
    k = len(beta)
    information = [[0.0] * k for _ in range(k)]
    for row in x:
        eta = sum(float(a) * float(b) for a, b in zip(row, beta, strict=True))
        w = 1.0 / (1.0 + math.exp(-eta))
        w = w * (1.0 - w)
        for a in range(k):
            for b in range(k):
                information[a][b] += w * row[a] * row[b]
    covariance = np.linalg.inv(np.array(information))
    return [math.sqrt(covariance[i][i]) for i in range(k)]


def sigmoid(value: float) -> float:
    return 1.0 / (1.0 + math.exp(-value))


def channel_drops(fit: Fit, opportunity_type: str, channels: set[str]) -> dict[str, float]:
    """p(J) - p(J without c) for every channel c of the journey."""
    full = sigmoid(fit.logit(opportunity_type, channels))
    return {c: full - sigmoid(fit.logit(opportunity_type, channels - {c})) for c in channels}


def incremental_weights(
    touches: Sequence[tuple[str, str]], drops: Mapping[str, float]
) -> list[tuple[str, str, float]]:
    """SPEC rule: drops clipped at 0, normalised over the journey's channels, each channel's
    share split equally over its touches; all zero: 1/n per touch."""
    counts = Counter(channel for _, channel in touches)
    clipped = {c: (d if d > ZERO_TOLERANCE else 0.0) for c, d in drops.items()}
    total = sum(clipped[c] for c in counts)
    if total <= 0:
        return [(t, c, 1.0 / len(touches)) for t, c in touches]
    return [(t, c, clipped[c] / total / counts[c]) for t, c in touches]


def holdout_ids(opportunity_ids: Sequence[str], seed: str, share: float) -> set[str]:
    """The first ceil(share x n) opportunities ordered by md5(seed || id), then id."""
    ordered = sorted(opportunity_ids, key=lambda i: (hashlib.md5(f"{seed}{i}".encode()).hexdigest(), i))
    return set(ordered[: math.ceil(share * len(ordered))])


def pairwise_auc(scores: Sequence[float], labels: Sequence[bool]) -> float:
    """Share of (won, lost) pairs where the won one scores higher; a tie counts one half."""
    won = [s for s, label in zip(scores, labels, strict=True) if label]
    lost = [s for s, label in zip(scores, labels, strict=True) if not label]
    wins = sum(1.0 if a > b else 0.5 if a == b else 0.0 for a in won for b in lost)
    return wins / (len(won) * len(lost))
