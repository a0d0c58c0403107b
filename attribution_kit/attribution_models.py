"""The attribution models as the build holds them: name, family, label and order, one row per model
in seeds.attribution_models (seeds/attribution_models.csv). The report and the summary read the list
from there, so no Python file restates it."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import duckdb

RELATION = "seeds.attribution_models"


@dataclass(frozen=True)
class AttributionModel:
    name: str
    family: str
    label: str
    short_label: str
    display_order: int


def load_attribution_models(con: duckdb.DuckDBPyConnection) -> list[AttributionModel]:
    """Every model of the seed in display order; empty when the build holds no such seed."""
    schema, table = RELATION.split(".")
    (present,) = con.execute(
        "select count(*) from information_schema.tables where table_schema = ? and table_name = ?",
        [schema, table],
    ).fetchone()
    if not present:
        return []
    rows = con.execute(
        f"""
        select attribution_model, family, label, short_label, display_order
        from {RELATION}
        order by display_order, attribution_model
        """
    ).fetchall()
    return [AttributionModel(*row) for row in rows]


def display_order_key(catalog: Iterable[AttributionModel]) -> Callable[[str], tuple[int, str]]:
    """Sort key of model names: the seed's order, then models it does not list, by name."""
    position = {model.name: i for i, model in enumerate(catalog)}
    return lambda name: (position.get(name, len(position)), name)
