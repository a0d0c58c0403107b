"""Forecast marts (docs/forecast.md) on a small generated world, against plain-Python oracles.

One build of the forecast models and their parents (no data tests: the data and unit tests
run in `make dbt-test`). The oracles:

- Kaplan-Meier: the product-limit estimate written here subject by subject (sort, walk the
  distinct times, multiply (1 - d/n)), from the durations the build observed; every curve
  point and every quartile of rpt_time_to_convert must agree.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

import duckdb
import pytest

from python_tests.conftest import build_project, generate_world

ACCOUNTS = 300
SEED = 23
SELECT = "+rpt_time_to_convert"


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
