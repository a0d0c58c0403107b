"""Helpers of the path-transform checks (var attribution_path_transforms, docs/path_transforms.md).

The rule-based weights of a build (the hub int_journey_rule_weights and the per-family
weight views) are compared with attribution_kit.oracles.rule_based.attribute_transformed,
recomputed from the journeys' touches and the opportunities' dates read from the build.
The checks themselves run in test_attribution_hub.py, over a copy of its built world.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from attribution_kit.oracles.rule_based import (
    RULE_BASED_MODELS,
    Opportunity,
    Params,
    Touch,
    attribute_transformed,
)
from python_tests.marts import query

TOLERANCE = 1e-9
VIEWS = (
    "int_touchpoints_weighted_single_touch int_touchpoints_weighted_positional "
    "int_touchpoints_weighted_milestone int_touchpoints_weighted_time_decay"
)


def journeys(db_path: Path) -> dict[str, tuple[Opportunity, list[Touch]]]:
    opportunities = {
        row[0]: Opportunity(row[0], row[1], row[2], bool(row[3]), row[4], row[5])
        for row in query(
            db_path,
            "select opportunity_id, created_at, closed_at, is_won, lead_created_at, journey_end_at "
            "from intermediate.int_opportunities_prepared where is_attributed",
        )
    }
    touches: dict[str, list[Touch]] = defaultdict(list)
    for opportunity_id, touchpoint_id, touchpoint_at, channel in query(
        db_path,
        "select opportunity_id, touchpoint_id, touchpoint_at, channel "
        "from intermediate.int_journey_touchpoints_ordered order by opportunity_id, touch_position",
    ):
        touches[opportunity_id].append(Touch(touchpoint_id, touchpoint_at, channel))
    return {key: (opportunities[key], journey) for key, journey in touches.items()}


def expected_weights(db_path: Path, transforms: list) -> dict[tuple[str, str, str], float]:
    expected = {}
    for opportunity_id, (opportunity, journey) in journeys(db_path).items():
        for model in RULE_BASED_MODELS:
            weights = attribute_transformed(model, journey, opportunity, transforms, Params())
            for touch, weight in zip(journey, weights, strict=True):
                expected[(model, opportunity_id, touch.touchpoint_id)] = weight
    return expected


def hub_weights(db_path: Path) -> dict[tuple[str, str, str], float]:
    columns = ", ".join(f"weight_{model}" for model in RULE_BASED_MODELS)
    hub = {}
    for row in query(
        db_path,
        f"select opportunity_id, touchpoint_id, {columns} from intermediate.int_journey_rule_weights "
        "where touchpoint_id is not null",
    ):
        for model, weight in zip(RULE_BASED_MODELS, row[2:], strict=True):
            hub[(model, row[0], row[1])] = weight
    return hub


def view_weights(db_path: Path) -> dict[tuple[str, str, str], float]:
    unions = " union all ".join(
        "select attribution_model, opportunity_id, touchpoint_id, attribution_weight "
        f"from intermediate.{view}"
        for view in VIEWS.split()
    )
    return {(row[0], row[1], row[2]): row[3] for row in query(db_path, unions)}


def assert_weights_equal(actual: dict, expected: dict, what: str) -> None:
    assert actual.keys() == expected.keys(), what
    wrong = [key for key in expected if abs(actual[key] - expected[key]) > TOLERANCE]
    assert not wrong, f"{what}: {len(wrong)} weights differ, e.g. " + "; ".join(
        f"{key}: {actual[key]} != {expected[key]}" for key in wrong[:5]
    )


def rule_definition_hashes(db_path: Path) -> set[str]:
    rows = query(db_path, "select distinct rule_definition_hash from intermediate.int_journey_rule_weights")
    return {row[0] for row in rows}
