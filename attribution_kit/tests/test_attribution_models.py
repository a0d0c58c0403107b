"""The catalog macro attribution_model_catalog(), the one list of the attribution models the build
renders (seeds.attribution_models) and the report and the summary read, against the oracle's
rule-based models and SPEC section 4; and the ordering helpers on a database with and without the
relation."""

from __future__ import annotations

import duckdb

from attribution_kit.attribution_models import (
    declared_attribution_models,
    display_order_key,
    load_attribution_models,
)
from attribution_kit.oracles.rule_based import RULE_BASED_MODELS


def test_the_catalog_lists_the_rule_based_models_then_the_data_driven_ones() -> None:
    models = declared_attribution_models()
    assert [model.display_order for model in models] == list(range(1, 17))
    assert [m.name for m in models if m.family == "rule_based"] == list(RULE_BASED_MODELS)
    assert [m.name for m in models if m.family == "data_driven"] == ["markov", "shapley", "incremental"]
    assert all(0 < len(model.short_label) <= 7 for model in models)  # the summary's columns are 8 wide
    assert len({model.label for model in models}) == 16


def test_models_follow_the_seed_and_unknown_ones_come_last_by_name() -> None:
    con = duckdb.connect()
    con.execute("create schema seeds")
    con.execute(
        "create table seeds.attribution_models as select * from (values "
        "('linear', 'rule_based', 'Linear', 'linear', 2), ('markov', 'data_driven', 'Markov', 'markov', 1)"
        ") t(attribution_model, family, label, short_label, display_order)"
    )
    catalog = load_attribution_models(con)
    assert [model.name for model in catalog] == ["markov", "linear"]
    assert sorted(["zeta", "linear", "alpha", "markov"], key=display_order_key(catalog)) == [
        "markov", "linear", "alpha", "zeta",
    ]


def test_without_the_seed_models_are_ordered_by_name() -> None:
    catalog = load_attribution_models(duckdb.connect())
    assert catalog == []
    assert sorted(["shapley", "first_touch"], key=display_order_key(catalog)) == ["first_touch", "shapley"]
