"""The attribution models as the build holds them: name, family, label and order, one row per model
in seeds.attribution_models (the model models/catalog/attribution_models.sql, which renders the
macro attribution_model_catalog() in macros/catalog/attribution_models_built.sql, the one list). The
report and the summary read the list from the build, so no Python file restates it; tests read the
macro itself with declared_attribution_models()."""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import duckdb

RELATION = "seeds.attribution_models"
CATALOG_MACRO = Path(__file__).resolve().parents[1] / "macros" / "catalog" / "attribution_models_built.sql"


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


def declared_attribution_models(macro: Path = CATALOG_MACRO) -> list[AttributionModel]:
    """The catalog as the macro declares it (one dict literal a line), in display order."""
    lines = re.findall(r"^\s*(\{'attribution_model'.*\})", macro.read_text(), re.M)
    fields = ("attribution_model", "family", "label", "short_label", "display_order")
    models = [AttributionModel(*(entry[field] for field in fields)) for entry in map(ast.literal_eval, lines)]
    return sorted(models, key=lambda model: model.display_order)


def display_order_key(catalog: Iterable[AttributionModel]) -> Callable[[str], tuple[int, str]]:
    """Sort key of model names: the seed's order, then models it does not list, by name."""
    position = {model.name: i for i, model in enumerate(catalog)}
    return lambda name: (position.get(name, len(position)), name)
