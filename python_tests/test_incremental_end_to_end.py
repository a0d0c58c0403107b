"""The incremental model and the data-driven validation against independent oracles (SPEC section 5).

Two small datasets, each written as the nine raw CSVs (the scenario writer of
test_attribution_matches_oracle.py) and built once with `dbt build`:

- planted: three channels and `direct` in every journey. Won or lost depends on
  webinar only (3 of 4 won with it, 1 of 4 without), and every combination of
  email and chat occurs equally often with and without webinar. Then the
  likelihood's score for email, chat and direct vanishes at a coefficient of 0
  (within each email value the data are the same; direct is constant, so the
  unpenalised intercept takes it), so the penalised fit gives them exactly 0 and
  all the credit of a deal with webinar goes to webinar. The only slack is the
  solver's convergence: 1e-6 is allowed.
- random: 160 seeded journeys over six channels and three opportunity types, won
  with a known logistic chance, some open. Checked against
  attribution_kit/oracles/incremental.py: coefficients (scipy on the penalised
  log-likelihood written out by hand) to 1e-5, standard errors and Wald intervals
  (Fisher information summed row by row) to 1e-4, the held-out split (hashlib)
  and AUC (pair counting), and every incremental weight of the fact table (the
  SPEC rule in plain Python on the fitted coefficients) to 1e-9.

The oracles' inputs (journeys, channel sets, types) come from the scenarios and the
journey rules of SPEC section 3, never from a build.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest

from attribution_kit.oracles.incremental import (
    Fit,
    Journey,
    channel_drops,
    fisher_standard_errors,
    fit_logistic,
    holdout_ids,
    incremental_weights,
    pairwise_auc,
    sigmoid,
)
from python_tests.conftest import build_project
from python_tests.marts import query
from python_tests.test_attribution_matches_oracle import expected_journeys, write_dataset
from python_tests.test_data_driven_end_to_end import JourneySpec, build_dataset

SELECTION = "+fct_attributed_touchpoints +rpt_incremental_channel_attribution +rpt_data_driven_model_fit"
L2_PENALTY = 1.0  # the default of var attribution_incremental_l2_penalty
SEED = "7"  # the default of var attribution_incremental_seed
HOLDOUT_SHARE = 0.25  # the default of var attribution_incremental_holdout_share
TYPES = ("new_business", "expansion", "renewal")

# --------------------------------------------------------------------------- datasets


def planted_journeys() -> list[JourneySpec]:
    journeys = []
    for webinar in (True, False):
        for email in (True, False):
            for chat in (True, False):
                channels = ("direct",) + ("webinar",) * webinar + ("email", "email") * email
                channels += ("chat",) * chat
                won = 3 if webinar else 1
                journeys += [JourneySpec(channels, "won" if k < won else "lost") for k in range(4)]
    journeys.append(JourneySpec(("email", "webinar", "direct"), "open"))
    return journeys


RANDOM_CHANNELS = ("webinar", "event", "meeting", "email", "chat", "content")
RANDOM_BETAS = {"webinar": 1.2, "event": 0.6, "meeting": 0.9, "email": -0.3, "chat": 0.2, "content": 0.0}


def random_journeys(seed: int = 20261123, count: int = 160) -> tuple[list[JourneySpec], list[str]]:
    """Journeys and each one's opportunity type; won with chance sigmoid(-1 + type + sum of betas)."""
    rng = np.random.default_rng(seed)
    journeys, types = [], []
    for i in range(count):
        pool = rng.choice(RANDOM_CHANNELS, size=int(rng.integers(1, 5)), replace=False)
        channels = tuple(str(rng.choice(pool)) for _ in range(int(rng.integers(len(pool), 7))))
        opportunity_type = TYPES[i % 3]
        chance = sigmoid(-1.0 + 0.5 * (i % 3) + sum(RANDOM_BETAS[c] for c in set(channels)))
        status = "open" if rng.random() < 0.1 else ("won" if rng.random() < chance else "lost")
        journeys.append(JourneySpec(channels, status, amount=float(rng.integers(1, 100)) * 500.0))
        types.append(opportunity_type)
    return journeys, types


def set_opportunity_types(data_dir: Path, types: dict[str, str]) -> None:
    path = data_dir / "opportunities.csv"
    with open(path, newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        row["opportunity_type"] = types.get(row["opportunity_id"], row["opportunity_type"])
    with open(path, "w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


_BUILDS: dict[str, tuple[Path, dict, dict[str, str]] | AssertionError] = {}


def built(name: str, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict, dict[str, str]]:
    """(DuckDB path, expected journeys, opportunity types), built once per session."""
    if name not in _BUILDS:
        _BUILDS[name] = AssertionError(f"the build of {name} failed in an earlier test")
        if name == "planted":
            specs, types = planted_journeys(), []
        else:
            specs, types = random_journeys()
        dataset = build_dataset(specs)
        type_by_id = {o.opportunity_id: t for o, t in zip(dataset.opportunities, types, strict=False)}
        root = tmp_path_factory.mktemp(f"incremental_{name}")
        data_dir = write_dataset(dataset, root / "data")
        set_opportunity_types(data_dir, type_by_id)
        db_path, _ = build_project(data_dir, root / "build", select=SELECTION)
        type_by_id = {
            o.opportunity_id: type_by_id.get(o.opportunity_id, "new_business") for o in dataset.opportunities
        }
        _BUILDS[name] = (db_path, expected_journeys(dataset), type_by_id)
    if isinstance(_BUILDS[name], AssertionError):
        raise _BUILDS[name]
    return _BUILDS[name]


def oracle_journeys(expected: dict, types: dict[str, str]) -> list[Journey]:
    """Non-empty journeys as the oracle sees them (from the scenario, not the build)."""
    return [
        Journey(
            opportunity_id,
            types[opportunity_id],
            frozenset(t.channel for t in e.journey),
            e.opportunity.closed_at is not None,
            e.opportunity.is_won,
        )
        for opportunity_id, e in expected.items()
        if e.journey
    ]


def mart_fit(db_path: Path, sample: str) -> dict[tuple[str, str], tuple]:
    rows = query(
        db_path,
        "select term_type, term, coefficient, unpenalised_coefficient, std_error, ci_lower, ci_upper "
        f"from intermediate.int_incremental_coefficients_fitted where fit_sample = '{sample}'",
    )
    return {(kind, term): values for kind, term, *values in rows}


def fact_weights(db_path: Path) -> dict[tuple[str, str | None], tuple[str, float]]:
    rows = query(
        db_path,
        "select opportunity_id, touchpoint_id, channel, attribution_weight "
        "from marts.fct_attributed_touchpoints where attribution_model = 'incremental'",
    )
    return {(o, t): (c, w) for o, t, c, w in rows}


# --------------------------------------------------------------------------- planted world

TABLE_SHARES = "select channel, share_of_incremental_wins from marts.rpt_incremental_channel_attribution"
PLANTED_TOLERANCE = 1e-6  # the solver's convergence (tol 1e-10 on the gradient), nothing else


def test_planted_channel_takes_all_the_credit(tmp_path_factory: pytest.TempPathFactory) -> None:
    db_path, expected, _ = built("planted", tmp_path_factory)
    fit = mart_fit(db_path, "all")
    assert fit[("channel", "webinar")][0] > 0.5
    for channel in ("email", "chat", "direct"):
        assert abs(fit[("channel", channel)][0]) < PLANTED_TOLERANCE, channel
    weights = fact_weights(db_path)
    checked = 0
    for opportunity_id, e in expected.items():
        channels = {t.channel for t in e.journey}
        if "webinar" not in channels or not (e.opportunity.is_won or e.opportunity.closed_at is None):
            continue
        webinar_share = sum(w for (o, _), (c, w) in weights.items() if o == opportunity_id and c == "webinar")
        assert webinar_share == pytest.approx(1.0, abs=PLANTED_TOLERANCE), opportunity_id
        checked += 1
    assert checked == 13  # 4 cells x 3 won deals with webinar, and the open one
    table = dict(
        query(db_path, TABLE_SHARES)
    )
    assert table["webinar"] == pytest.approx(1.0, abs=PLANTED_TOLERANCE)
    for channel in ("email", "chat", "direct"):
        assert table[channel] == pytest.approx(0.0, abs=PLANTED_TOLERANCE), channel


# --------------------------------------------------------------------------- random journeys


def test_coefficients_match_independent_fit(tmp_path_factory: pytest.TempPathFactory) -> None:
    db_path, expected, types = built("random", tmp_path_factory)
    training = [j for j in oracle_journeys(expected, types) if j.is_closed]
    oracle, _, _ = fit_logistic(training, L2_PENALTY)
    mart = mart_fit(db_path, "all")
    assert {key for key, values in mart.items() if key != ("opportunity_type", "expansion")} == set(
        oracle.coefficients
    )
    assert mart[("opportunity_type", "expansion")][0] == 0.0  # the reference level (first in order)
    for key, value in oracle.coefficients.items():
        assert mart[key][0] == pytest.approx(value, abs=1e-5), key


def test_confidence_intervals_match_fisher_information(tmp_path_factory: pytest.TempPathFactory) -> None:
    db_path, expected, types = built("random", tmp_path_factory)
    training = [j for j in oracle_journeys(expected, types) if j.is_closed]
    unpenalised, x, beta = fit_logistic(training, 0.0)
    errors = dict(zip(unpenalised.coefficients, fisher_standard_errors(x, beta), strict=True))
    mart = mart_fit(db_path, "all")
    for key, value in unpenalised.coefficients.items():
        _, estimate, std_error, lower, upper = mart[key]
        assert estimate == pytest.approx(value, abs=1e-4), key
        assert std_error == pytest.approx(errors[key], rel=1e-4), key
        assert lower == pytest.approx(value - 1.959963984540054 * errors[key], abs=1e-3), key
        assert upper == pytest.approx(value + 1.959963984540054 * errors[key], abs=1e-3), key


def test_weights_match_spec_rule_on_fitted_coefficients(tmp_path_factory: pytest.TempPathFactory) -> None:
    db_path, expected, types = built("random", tmp_path_factory)
    fitted = Fit({key: values[0] for key, values in mart_fit(db_path, "all").items()})
    actual = fact_weights(db_path)
    oracle = {}
    for opportunity_id, e in expected.items():
        touches = [(t.touchpoint_id, t.channel) for t in e.journey]
        if not touches:
            oracle[(opportunity_id, None)] = ("(unattributed)", 1.0)
            continue
        drops = channel_drops(fitted, types[opportunity_id], {c for _, c in touches})
        for touchpoint_id, channel, weight in incremental_weights(touches, drops):
            oracle[(opportunity_id, touchpoint_id)] = (channel, weight)
    assert actual.keys() == oracle.keys()
    problems = [
        f"{key}: mart {actual[key]}, oracle {oracle[key]}"
        for key in sorted(oracle, key=str)
        if actual[key][0] != oracle[key][0] or abs(actual[key][1] - oracle[key][1]) > 1e-9
    ]
    assert not problems, "\n".join(problems[:40])


def test_holdout_auc_matches_pairwise_count(tmp_path_factory: pytest.TempPathFactory) -> None:
    db_path, expected, types = built("random", tmp_path_factory)
    training = [j for j in oracle_journeys(expected, types) if j.is_closed]
    held_out = holdout_ids([j.opportunity_id for j in training], SEED, HOLDOUT_SHARE)
    fit_part = [j for j in training if j.opportunity_id not in held_out]
    tested = [j for j in training if j.opportunity_id in held_out]
    incremental_fit, _, _ = fit_logistic(fit_part, L2_PENALTY)
    # one score per distinct (type, channel set), summed in one order, so equal journeys tie exactly
    score_of = {
        key: sigmoid(incremental_fit.logit(key[0], set(key[1])))
        for key in {(j.opportunity_type, tuple(sorted(j.channels))) for j in tested}
    }
    incremental_scores = [score_of[(j.opportunity_type, tuple(sorted(j.channels)))] for j in tested]
    # markov as a classifier: conversion rate of the training part's paths ending in the last channel
    last = {o: e.journey[-1].channel for o, e in expected.items() if e.journey}
    ending: dict[str, list[bool]] = {}
    for j in fit_part:
        ending.setdefault(last[j.opportunity_id], []).append(j.is_won)
    overall = sum(j.is_won for j in fit_part) / len(fit_part)
    markov_scores = [
        sum(ending[last[j.opportunity_id]]) / len(ending[last[j.opportunity_id]])
        if last[j.opportunity_id] in ending
        else overall
        for j in tested
    ]
    labels = [j.is_won for j in tested]
    mart = {
        row[0]: row[1:]
        for row in query(
            db_path,
            "select attribution_model, holdout_auc, training_opportunities, training_conversions, "
            "holdout_opportunities, holdout_conversions from marts.rpt_data_driven_model_fit",
        )
    }
    assert mart["incremental"][0] == pytest.approx(pairwise_auc(incremental_scores, labels), abs=1e-9)
    assert mart["markov"][0] == pytest.approx(pairwise_auc(markov_scores, labels), abs=1e-9)
    counts = (len(fit_part), sum(j.is_won for j in fit_part), len(tested), sum(labels))
    assert mart["incremental"][1:] == counts
    assert mart["markov"][1:] == counts
