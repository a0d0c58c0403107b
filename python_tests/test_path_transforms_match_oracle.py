"""The path transforms (var attribution_path_transforms) against the plain-Python oracle.

A small generated world is built once with one list of transforms; the
rule-based weights of the hub (int_journey_rule_weights) and of the per-family
weight views must equal attribution_kit.oracles.rule_based.attribute_transformed
recomputed here from the journeys' touches and the opportunities' dates. The
same database is then rebuilt (an incremental build of the hub) with another
list and the Python time-decay engine: the new list must change
rule_definition_hash and reweight every journey, so the weights equal the
oracle's for the new list.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest

from attribution_kit.oracles.rule_based import (
    RULE_BASED_MODELS,
    Opportunity,
    Params,
    Touch,
    attribute_transformed,
)
from python_tests.conftest import build_project, generate_world
from python_tests.marts import query

TOLERANCE = 1e-9
FIRST_TRANSFORMS = ["collapse_repeats", {"remove_if_last_and_not_all": ["direct"]}, {"last_n": 4}]
SECOND_TRANSFORMS = [{"remove_if_not_all": ["direct", "organic_search"]}, "unique_channels", {"first_n": 3}]
VIEWS = (
    "int_touchpoints_weighted_single_touch int_touchpoints_weighted_positional "
    "int_touchpoints_weighted_milestone int_touchpoints_weighted_time_decay"
)


def _journeys(db_path: Path) -> dict[str, tuple[Opportunity, list[Touch]]]:
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


def _expected(db_path: Path, transforms: list) -> dict[tuple[str, str, str], float]:
    expected = {}
    for opportunity_id, (opportunity, journey) in _journeys(db_path).items():
        for model in RULE_BASED_MODELS:
            weights = attribute_transformed(model, journey, opportunity, transforms, Params())
            for touch, weight in zip(journey, weights, strict=True):
                expected[(model, opportunity_id, touch.touchpoint_id)] = weight
    return expected


def _hub(db_path: Path) -> dict[tuple[str, str, str], float]:
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


def _views(db_path: Path) -> dict[tuple[str, str, str], float]:
    unions = " union all ".join(
        "select attribution_model, opportunity_id, touchpoint_id, attribution_weight "
        f"from intermediate.{view}"
        for view in VIEWS.split()
    )
    return {(row[0], row[1], row[2]): row[3] for row in query(db_path, unions)}


def _assert_equal(actual: dict, expected: dict, what: str) -> None:
    assert actual.keys() == expected.keys(), what
    wrong = [key for key in expected if abs(actual[key] - expected[key]) > TOLERANCE]
    assert not wrong, f"{what}: {len(wrong)} weights differ, e.g. " + "; ".join(
        f"{key}: {actual[key]} != {expected[key]}" for key in wrong[:5]
    )


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate_world(tmp_path_factory.mktemp("path_transforms_world"), accounts=80, seed=29)


@pytest.fixture(scope="module")
def build_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("path_transforms_build")


def _hashes(db_path: Path) -> set[str]:
    rows = query(db_path, "select distinct rule_definition_hash from intermediate.int_journey_rule_weights")
    return {row[0] for row in rows}


def test_transforms_match_oracle_and_a_new_list_reweights_every_journey(world: Path, build_dir: Path) -> None:
    db_path, _ = build_project(
        world, build_dir, vars={"attribution_path_transforms": FIRST_TRANSFORMS},
        select=f"+int_journey_rule_weights int_journey_touchpoints_transformed {VIEWS}", with_tests=False,
    )  # fmt: skip
    expected = _expected(db_path, FIRST_TRANSFORMS)
    # Some touches are off the path, or the transforms would prove nothing here.
    assert sum(1 for weight in expected.values() if weight == 0) > len(expected) // 4
    _assert_equal(_hub(db_path), expected, "hub, first list")
    _assert_equal(_views(db_path), expected, "weight views, first list")
    first_hashes = _hashes(db_path)
    assert len(first_hashes) == 1

    # An incremental build of the hub over the same database with another list.
    build_project(
        world, build_dir,
        vars={"attribution_path_transforms": SECOND_TRANSFORMS, "attribution_time_decay_engine": "python"},
        select=(
            "int_journey_touchpoints_transformed int_journey_rule_weights "
            f"int_touchpoints_weighted_time_decay_py {VIEWS}"
        ),
        with_tests=False,
    )  # fmt: skip
    second_hashes = _hashes(db_path)
    assert len(second_hashes) == 1 and second_hashes != first_hashes
    expected = _expected(db_path, SECOND_TRANSFORMS)
    _assert_equal(_hub(db_path), expected, "hub, second list (incremental build)")
    _assert_equal(_views(db_path), expected, "weight views, second list")
