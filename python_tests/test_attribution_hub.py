"""The attribution hub agrees with the long weights and the marts with a recomputation.

The weights are stored once per journey touch (int_journey_rule_weights,
int_journey_channel_shares, the wide view fct_attribution_weights); the fact
fct_attributed_touchpoints is that hub unpivoted, and the rpt marts sum
int_attribution_credit_aggregated. Two independent paths are compared on a small
generated world, built once with the SQL engines and once with the Python ones
(vars attribution_time_decay_engine / _markov_engine / _shapley_engine):

- int_touchpoints_weighted (the union of the per-model weight views, each from its
  engine) against fct_attribution_weights unpivoted here in Python, and against the
  fact's rows;
- rpt_attribution_model_comparison, rpt_team_share_by_model,
  rpt_attribution_campaign_comparison and the attributed columns of
  rpt_attribution_roi against sums recomputed here in plain Python from the long
  view, the journeys, the opportunities and the campaigns (math.fsum, correctly
  rounded), money to a millionth, weights to 1e-9.
"""

from __future__ import annotations

import math
import shutil
from collections import defaultdict
from datetime import date, datetime
from pathlib import Path

import pytest

from python_tests import path_transforms
from python_tests.conftest import build_project, generate_world
from python_tests.marts import query

WEIGHT_TOLERANCE = 1e-9
MONEY_TOLERANCE = 1e-6
SELECTION = (
    "+int_touchpoints_weighted +fct_attributed_touchpoints +rpt_attribution_model_comparison "
    "+rpt_team_share_by_model +rpt_attribution_campaign_comparison +rpt_attribution_roi"
)
ENGINES = {
    "sql": {},
    "python": {
        "attribution_time_decay_engine": "python",
        "attribution_markov_engine": "python",
        "attribution_shapley_engine": "python",
    },
}
UNATTRIBUTED = "(unattributed)"


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate_world(tmp_path_factory.mktemp("hub_world"), accounts=120, seed=23)


@pytest.fixture(scope="module", params=sorted(ENGINES))
def hub_db(request: pytest.FixtureRequest, world: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    db_path, _ = build_project(
        world, tmp_path_factory.mktemp(f"hub_{request.param}"), vars=ENGINES[request.param],
        select=SELECTION, with_tests=False,
    )  # fmt: skip
    return db_path


def _long_weights(db: Path) -> dict[tuple[str, str, str | None], float]:
    rows = query(
        db, "select attribution_model, opportunity_id, touchpoint_id, attribution_weight "
        "from intermediate.int_touchpoints_weighted",
    )  # fmt: skip
    weights = {(model, opportunity, touch): weight for model, opportunity, touch, weight in rows}
    assert len(weights) == len(rows), "int_touchpoints_weighted repeats a model x opportunity x touch"
    return weights


def _month(moment: datetime) -> date:
    return date(moment.year, moment.month, 1)


def test_hub_unpivoted_equals_the_long_weights(hub_db: Path) -> None:
    long_weights = _long_weights(hub_db)
    models = sorted({model for model, _, _ in long_weights})
    columns = ", ".join(f"weight_{model}" for model in models)
    rows = query(
        hub_db, f"select opportunity_id, touchpoint_id, {columns} from marts.fct_attribution_weights"
    )
    assert len({(row[0], row[1]) for row in rows}) == len(rows), "the hub repeats an opportunity x touch"
    unpivoted = {
        (model, row[0], row[1]): row[2 + index] for row in rows for index, model in enumerate(models)
    }
    assert unpivoted.keys() == long_weights.keys()
    worst = max(abs(unpivoted[key] - long_weights[key]) for key in long_weights)
    assert worst <= 1e-12


def test_fact_rows_are_the_long_weights(hub_db: Path) -> None:
    long_weights = _long_weights(hub_db)
    rows = query(
        hub_db, "select attribution_model, opportunity_id, touchpoint_id, attribution_weight, channel "
        "from marts.fct_attributed_touchpoints",
    )  # fmt: skip
    assert len(rows) == len(long_weights)
    fact = {(model, opportunity, touch): weight for model, opportunity, touch, weight, _ in rows}
    assert fact.keys() == long_weights.keys()
    assert max(abs(fact[key] - long_weights[key]) for key in fact) <= 1e-12
    assert {channel for _, _, touch, _, channel in rows if touch is None} <= {UNATTRIBUTED}


def _credited_touches(db: Path) -> list[dict]:
    """One dict per long-weight row with what the marts group by, from the journeys and opportunities."""
    journeys = {
        (row[0], row[1]): row[2:]
        for row in query(
            db, "select opportunity_id, touchpoint_id, channel, channel_group, team, campaign_id, "
            "touchpoint_at from intermediate.int_journey_touchpoints_ordered",
        )  # fmt: skip
    }
    opportunities = {
        row[0]: row[1:]
        for row in query(
            db, "select opportunity_id, amount, won_amount, is_won, created_at, closed_at "
            "from intermediate.int_opportunities_prepared where is_attributed",
        )  # fmt: skip
    }
    touches = []
    for (model, opportunity, touch), weight in _long_weights(db).items():
        amount, won_amount, is_won, created_at, closed_at = opportunities[opportunity]
        channel, group, team, campaign, touched_at = (
            journeys[(opportunity, touch)] if touch is not None else (None, None, None, None, None)
        )
        touches.append(
            {
                "model": model, "opportunity": opportunity, "weight": weight,
                "pipeline": weight * amount, "revenue": weight * won_amount, "is_won": is_won,
                "channel": channel or UNATTRIBUTED, "group": group or UNATTRIBUTED,
                "team": team or UNATTRIBUTED,
                "campaign": campaign, "touch_month": _month(touched_at or created_at),
                "close_month": _month(closed_at or created_at),
            }
        )  # fmt: skip
    return touches


def _sums(touches: list[dict], key: tuple[str, ...]) -> dict[tuple, dict[str, float]]:
    terms: dict[tuple, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    opportunities: dict[tuple, set[str]] = defaultdict(set)
    for touch in touches:
        group = tuple(touch[name] for name in key)
        for measure in ("weight", "pipeline", "revenue"):
            terms[group][measure].append(touch[measure])
        terms[group]["won_weight"].append(touch["weight"] if touch["is_won"] else 0.0)
        opportunities[group].add(touch["opportunity"])
    return {
        group: {
            **{measure: math.fsum(values) for measure, values in measures.items()},
            "touched": len(opportunities[group]),
        }
        for group, measures in terms.items()
    }


def _close(actual: float, expected: float, tolerance: float) -> bool:
    return abs(actual - expected) <= tolerance * max(1.0, abs(expected))


def test_model_comparison_equals_recomputation(hub_db: Path) -> None:
    expected = _sums(_credited_touches(hub_db), ("model", "channel", "group", "team"))
    rows = query(
        hub_db, "select attribution_model, channel, channel_group, team, attributed_pipeline, "
        "attributed_revenue, attributed_opportunities, attributed_won_opportunities, touched_opportunities "
        "from marts.rpt_attribution_model_comparison",
    )  # fmt: skip
    assert {row[:4] for row in rows} == expected.keys()
    for row in rows:
        sums = expected[row[:4]]
        assert _close(row[4], sums["pipeline"], MONEY_TOLERANCE), row
        assert _close(row[5], sums["revenue"], MONEY_TOLERANCE), row
        assert _close(row[6], sums["weight"], WEIGHT_TOLERANCE), row
        assert _close(row[7], sums["won_weight"], WEIGHT_TOLERANCE), row
        assert row[8] == sums["touched"], row


def test_team_share_equals_recomputation(hub_db: Path) -> None:
    expected = _sums(_credited_touches(hub_db), ("model", "team"))
    rows = query(
        hub_db, "select attribution_model, team, attributed_pipeline, attributed_revenue, "
        "attributed_opportunities from marts.rpt_team_share_by_model",
    )  # fmt: skip
    assert {row[:2] for row in rows} == expected.keys()
    for row in rows:
        sums = expected[row[:2]]
        assert _close(row[2], sums["pipeline"], MONEY_TOLERANCE), row
        assert _close(row[3], sums["revenue"], MONEY_TOLERANCE), row
        assert _close(row[4], sums["weight"], WEIGHT_TOLERANCE), row


def test_campaign_comparison_equals_recomputation(hub_db: Path) -> None:
    expected = _sums(_credited_touches(hub_db), ("model", "campaign"))
    rows = query(
        hub_db, "select attribution_model, campaign_id, attributed_pipeline, attributed_revenue, "
        "attributed_opportunities from marts.rpt_attribution_campaign_comparison",
    )  # fmt: skip
    assert {row[:2] for row in rows} == expected.keys()
    for row in rows:
        sums = expected[row[:2]]
        assert _close(row[2], sums["pipeline"], MONEY_TOLERANCE), row
        assert _close(row[3], sums["revenue"], MONEY_TOLERANCE), row
        assert _close(row[4], sums["weight"], WEIGHT_TOLERANCE), row


@pytest.mark.parametrize("alignment", ["touch_month", "close_month"])
def test_roi_attributed_columns_equal_recomputation(hub_db: Path, alignment: str) -> None:
    expected = _sums(_credited_touches(hub_db), ("model", "channel", alignment))
    rows = query(
        hub_db, "select attribution_model, channel, calendar_month, attributed_pipeline, attributed_revenue, "
        "attributed_opportunities, attributed_won_opportunities from marts.rpt_attribution_roi "
        "where alignment = ?", [alignment],
    )  # fmt: skip
    by_key = {row[:3]: row[3:] for row in rows}
    assert expected.keys() <= by_key.keys()
    for key, (pipeline, revenue, weight, won_weight) in by_key.items():
        sums = expected.get(key, {"pipeline": 0.0, "revenue": 0.0, "weight": 0.0, "won_weight": 0.0})
        assert _close(pipeline, sums["pipeline"], MONEY_TOLERANCE), key
        assert _close(revenue, sums["revenue"], MONEY_TOLERANCE), key
        assert _close(weight, sums["weight"], WEIGHT_TOLERANCE), key
        assert _close(won_weight, sums["won_weight"], WEIGHT_TOLERANCE), key


# --------------------------------------------------------------------------- path transforms

# One list per engine build, applied by an incremental build over a copy of it.
PATH_TRANSFORMS = {
    "sql": ["collapse_repeats", {"remove_if_last_and_not_all": ["direct"]}, {"last_n": 4}],
    "python": [{"remove_if_not_all": ["direct", "organic_search"]}, "unique_channels", {"first_n": 3}],
}


def test_path_transforms_reweight_every_journey_as_the_oracle(
    request: pytest.FixtureRequest, hub_db: Path, world: Path, tmp_path: Path
) -> None:
    """An incremental build with path transforms over the built hub (no transforms) changes
    rule_definition_hash and reweights every journey: the hub and the per-family weight views
    equal the plain-Python oracle (attribute_transformed) for the list. The python build also
    runs the Python time-decay engine on the transformed paths."""
    engine = request.node.callspec.params["hub_db"]
    transforms = PATH_TRANSFORMS[engine]
    shutil.copy(hub_db, tmp_path / hub_db.name)
    before = path_transforms.rule_definition_hashes(tmp_path / hub_db.name)
    selection = f"int_journey_touchpoints_transformed int_journey_rule_weights {path_transforms.VIEWS}"
    if engine == "python":
        selection += " int_touchpoints_weighted_time_decay_py"
    db_path, _ = build_project(
        world, tmp_path, vars={**ENGINES[engine], "attribution_path_transforms": transforms},
        select=selection, with_tests=False,
    )  # fmt: skip
    after = path_transforms.rule_definition_hashes(db_path)
    assert len(after) == 1 and after.isdisjoint(before)
    expected = path_transforms.expected_weights(db_path, transforms)
    # Many touches are off the path, or the transforms would prove nothing here.
    assert sum(1 for weight in expected.values() if weight == 0) > len(expected) // 4
    path_transforms.assert_weights_equal(path_transforms.hub_weights(db_path), expected, "hub")
    path_transforms.assert_weights_equal(path_transforms.view_weights(db_path), expected, "weight views")
