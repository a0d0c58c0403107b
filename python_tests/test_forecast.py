"""Forecast marts (docs/forecast.md) on a small generated world, against plain-Python oracles.

One build of the forecast models and their parents (no data tests: the data and unit tests
run in `make dbt-test`). The oracles:

- Kaplan-Meier: the product-limit estimate written here subject by subject (sort, walk the
  distinct times, multiply (1 - d/n)), from the durations the build observed; every curve
  point and every quartile of rpt_time_to_convert must agree.
- The planted world: the generator draws every deal's cycle from a lognormal with median 75
  days and sigma 0.6 (quartiles 75 exp(-/+0.6745 x 0.6) = 50.1 and 112.4 days), independent
  of the outcome, and wins a closed deal when U < p with p its planted win probability
  (attribution_kit.generate.truth.opportunity_win_probabilities). The time-to-close curve must
  find those quartiles, and the forecast's expected wins of the open deals must be near the
  sum of their planted probabilities.
- The recency-weighted win rates: every open deal's win_probability recomputed here from the
  training rows (int_forecast_reference_points' cells, each closed deal weighing
  exp(-ln 2 x days from its close in dim_opportunities to the as-of / the default half-life
  of dbt_project.yml), nested shrinkage with prior strength 20).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterator

import duckdb
import pytest
import yaml

from attribution_kit.generate.dataset import build_dataset
from attribution_kit.generate.draws import parse_as_of
from attribution_kit.generate.truth import opportunity_win_probabilities
from attribution_kit.generate.vocabulary import DEFAULT_AS_OF
from attribution_kit.generate.world import WORLDS
from python_tests.conftest import PROJECT_DIR, build_project, generate_world

ACCOUNTS = 400
SEED = 23
SELECT = "+rpt_time_to_convert +fct_opportunity_forecast"


@pytest.fixture(scope="module")
def forecast_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[duckdb.DuckDBPyConnection]:
    root = tmp_path_factory.mktemp("forecast")
    data_dir = generate_world(root / "data", ACCOUNTS, SEED)
    db_path, _ = build_project(data_dir, root / "build", select=SELECT, with_tests=False)
    connection = duckdb.connect(str(db_path), read_only=True)
    yield connection
    connection.close()


def kaplan_meier(durations: list[tuple[int, bool]]) -> list[tuple[int, int, int, int, float]]:
    """(t, at risk, events, censored, S(t)) at every distinct duration, S by the running product."""
    by_time: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for duration, is_event in durations:
        by_time[duration][0 if is_event else 1] += 1
    at_risk = len(durations)
    survival = 1.0
    curve = []
    for t in sorted(by_time):
        events, censored = by_time[t]
        survival *= 1.0 - events / at_risk
        curve.append((t, at_risk, events, censored, survival))
        at_risk -= events + censored
    return curve


def first_time_at_or_below(curve: list[tuple[int, int, int, int, float]], level: float) -> int | None:
    return next((t for t, _, _, _, s in curve if s <= level + 1e-9), None)


def test_kaplan_meier_matches_a_plain_python_product_limit(forecast_db: duckdb.DuckDBPyConnection) -> None:
    durations = forecast_db.execute(
        "select metric, channel, segment, opportunity_type, duration_days, is_event "
        "from intermediate.int_conversion_durations_observed"
    ).fetchall()
    groups: dict[tuple[str, str, str], list[tuple[int, bool]]] = defaultdict(list)
    for metric, channel, segment, opportunity_type, duration, is_event in durations:
        groups[(metric, "all", "all")].append((duration, is_event))
        groups[(metric, "channel", channel)].append((duration, is_event))
        groups[(metric, "segment", segment)].append((duration, is_event))
        if opportunity_type is not None:
            groups[(metric, "opportunity_type", opportunity_type)].append((duration, is_event))
    assert {key[0] for key in groups} == {
        "lead_to_opportunity", "opportunity_to_close", "opportunity_to_won", "first_touch_to_won"
    }  # fmt: skip
    assert sum(1 for _, _, _, _, _, is_event in durations if not is_event) > 20, "the world has open journeys"

    curves = defaultdict(list)
    for row in forecast_db.execute(
        "select metric, dimension, dimension_value, duration_days, at_risk_count, event_count, "
        "censored_count, survival from intermediate.int_conversion_survival_curves order by duration_days"
    ).fetchall():
        curves[row[:3]].append(row[3:])
    quartiles = {
        row[:3]: row[3:]
        for row in forecast_db.execute(
            "select metric, dimension, dimension_value, subject_count, event_count, censored_count, "
            "p25_days, median_days, p75_days from marts.rpt_time_to_convert"
        ).fetchall()
    }
    assert set(curves) == set(groups) == set(quartiles)
    reached_median = 0
    for key, subjects in groups.items():
        expected = kaplan_meier(subjects)
        actual = curves[key]
        assert [row[:4] for row in actual] == [row[:4] for row in expected], key
        for (_, _, _, _, got), (_, _, _, _, want) in zip(actual, expected, strict=True):
            assert got == pytest.approx(want, abs=1e-11), key
        events = sum(1 for _, is_event in subjects if is_event)
        assert quartiles[key] == (
            len(subjects),
            events,
            len(subjects) - events,
            first_time_at_or_below(expected, 0.75),
            first_time_at_or_below(expected, 0.5),
            first_time_at_or_below(expected, 0.25),
        ), key
        reached_median += quartiles[key][4] is not None
    assert 0 < reached_median < len(groups), "some medians are reached and some are not"


def test_time_to_close_finds_the_planted_cycle(forecast_db: duckdb.DuckDBPyConnection) -> None:
    p25, median, p75 = forecast_db.execute(
        "select p25_days, median_days, p75_days from marts.rpt_time_to_convert "
        "where metric = 'opportunity_to_close' and dimension = 'all'"
    ).fetchone()
    assert abs(median - 75) <= 8
    assert abs(p25 - 50.1) <= 8
    assert abs(p75 - 112.4) <= 12


def test_forecast_expected_wins_near_the_planted_probabilities(
    forecast_db: duckdb.DuckDBPyConnection,
) -> None:
    world = WORLDS["default"]
    dataset = build_dataset(ACCOUNTS, SEED, world, parse_as_of(DEFAULT_AS_OF), True)
    planted = opportunity_win_probabilities(dataset.opportunities, world)
    planted_by_id = {f"opp_{index + 1:06d}": float(p) for index, p in enumerate(planted)}
    rows = forecast_db.execute(
        "select opportunity_id, win_probability from marts.fct_opportunity_forecast"
    ).fetchall()
    assert len(rows) >= 30, "the world has an open pipeline"
    forecast = sum(p for _, p in rows)
    truth = sum(planted_by_id[opportunity_id] for opportunity_id, _ in rows)
    assert all(0 <= p <= 1 for _, p in rows)
    assert abs(forecast - truth) <= 0.2 * truth, (forecast, truth)


def test_forecast_win_rates_are_the_recency_weighted_cell_rates(
    forecast_db: duckdb.DuckDBPyConnection,
) -> None:
    half_life = yaml.safe_load((PROJECT_DIR / "dbt_project.yml").read_text())["vars"][
        "attribution_forecast_training_half_life_days"
    ]
    assert half_life is not None, "the default weights recent closes more"
    [(as_of,)] = forecast_db.execute("select as_of_at from intermediate.int_attribution_as_of").fetchall()
    closed_at = dict(
        forecast_db.execute(
            "select opportunity_id, closed_at from marts.dim_opportunities where closed_at is not null"
        ).fetchall()
    )
    rows = forecast_db.execute(
        """
        select row_role, opportunity_id, band_start_days, opportunity_type, engagement_band,
            amount_band, is_won
        from intermediate.int_forecast_reference_points
        """
    ).fetchall()
    levels = (1, 2, 3, 4)  # age band, + type, + engagement, + amount band
    weighted: dict[tuple, list[float]] = defaultdict(lambda: [0.0, 0.0])  # key -> [deals, wins]
    overall = [0.0, 0.0]
    for role, opportunity_id, *key, is_won in rows:
        if role != "training":
            continue
        days = (as_of - closed_at[opportunity_id]).total_seconds() / 86400
        assert days >= 0
        weight = 0.5 ** (days / half_life)
        for level in levels:
            weighted[tuple(key[:level])][0] += weight
            weighted[tuple(key[:level])][1] += weight if is_won else 0.0
        if key[0] == 0:
            overall[0] += weight
            overall[1] += weight if is_won else 0.0
    forecast = dict(
        forecast_db.execute(
            "select opportunity_id, win_probability from marts.fct_opportunity_forecast"
        ).fetchall()
    )
    scored = [row for row in rows if row[0] == "scoring"]
    assert len(scored) == len(forecast) >= 30
    for _, opportunity_id, *key, _ in scored:
        rate = (overall[1] + 1) / (overall[0] + 2)
        for level in levels:
            deals, wins = weighted.get(tuple(key[:level]), (0.0, 0.0))
            rate = (wins + 20 * rate) / (deals + 20)
        assert math.isclose(forecast[opportunity_id], rate, abs_tol=1e-9), (opportunity_id, rate)
