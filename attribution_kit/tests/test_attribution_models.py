"""seeds/attribution_models.csv, the one list of the attribution models the report and the summary
read, against the oracle's rule-based models and SPEC section 4; and the ordering helpers on a
database with and without the seed."""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb

from attribution_kit.attribution_models import display_order_key, load_attribution_models
from attribution_kit.oracles.rule_based import RULE_BASED_MODELS

SEED = Path(__file__).resolve().parents[2] / "seeds" / "attribution_models.csv"


def seed_rows() -> list[dict[str, str]]:
    with SEED.open(newline="") as f:
        return list(csv.DictReader(f))


def test_the_seed_lists_the_rule_based_models_then_the_data_driven_ones() -> None:
    rows = sorted(seed_rows(), key=lambda row: int(row["display_order"]))
    assert [int(row["display_order"]) for row in rows] == list(range(1, 17))
    assert [r["attribution_model"] for r in rows if r["family"] == "rule_based"] == list(RULE_BASED_MODELS)
    assert [r["attribution_model"] for r in rows if r["family"] == "data_driven"] == [
        "markov", "shapley", "incremental",
    ]
    assert all(0 < len(row["short_label"]) <= 7 for row in rows)  # the summary's columns are 8 wide


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
