"""Read every mart of a built DuckDB file, for bit-for-bit comparisons of two builds.

Used by the determinism and fault tests: two builds are equal when every table and
view of the `marts` schema has the same columns and the same multiset of rows,
compared exactly (a float equals only the same float; NaN equals NaN).
"""

from __future__ import annotations

import math
import struct
from pathlib import Path

import duckdb

MARTS_SCHEMA = "marts"
# Per build by design: which build wrote the row and when.
BUILD_IDENTITY_COLUMNS = {"rpt_attribution_run_settings": {"invocation_id", "run_started_at"}}


def _exact(value: object) -> object:
    """A hashable, exactly comparable stand-in for one value (floats by their bits)."""
    if isinstance(value, float):
        return ("float", struct.pack(">d", value)) if not math.isnan(value) else ("float", "nan")
    if isinstance(value, list | tuple):
        return tuple(_exact(item) for item in value)
    if isinstance(value, dict):
        return tuple(sorted((key, _exact(item)) for key, item in value.items()))
    return value


def read_marts(db_path: Path | str, schema: str = MARTS_SCHEMA) -> dict[str, tuple[list[str], list[tuple]]]:
    """Every relation of `schema`: its column names and its rows, sorted, with floats as exact bits."""
    connection = duckdb.connect(str(db_path), read_only=True)
    try:
        names = [
            row[0]
            for row in connection.execute(
                "select table_name from information_schema.tables where table_schema = ? order by table_name",
                [schema],
            ).fetchall()
        ]
        marts = {}
        for name in names:
            result = connection.execute(f'select * from "{schema}"."{name}"')
            columns = [column[0] for column in result.description]
            rows = sorted((tuple(_exact(value) for value in row) for row in result.fetchall()), key=repr)
            marts[name] = (columns, rows)
        return marts
    finally:
        connection.close()


def mart_differences(left: dict, right: dict, limit: int = 3) -> list[str]:
    """What differs between two `read_marts` results, one line per difference (empty when identical)."""
    differences = []
    for name in sorted(set(left) | set(right)):
        if name not in left or name not in right:
            differences.append(f"{name}: only in the {'right' if name not in left else 'left'} build")
            continue
        (left_columns, left_rows), (right_columns, right_rows) = left[name], right[name]
        if left_columns != right_columns:
            differences.append(f"{name}: columns {left_columns} != {right_columns}")
            continue
        if left_rows != right_rows:
            only_left = sorted(set(left_rows) - set(right_rows), key=repr)[:limit]
            only_right = sorted(set(right_rows) - set(left_rows), key=repr)[:limit]
            differences.append(
                f"{name}: {len(left_rows)} vs {len(right_rows)} rows; "
                f"only left {only_left}; only right {only_right}"
            )
    return differences


def query(db_path: Path | str, sql: str, parameters: list | None = None) -> list[tuple]:
    """The rows of `sql` on a built DuckDB file, opened read-only."""
    with duckdb.connect(str(db_path), read_only=True) as connection:
        return connection.execute(sql, parameters or []).fetchall()


# --------------------------------------------------------------------------- within a tolerance

TypedRelation = tuple[list[str], list[str], list[tuple]]


def read_typed_relations(db_path: Path | str, schema: str = MARTS_SCHEMA) -> dict[str, TypedRelation]:
    """Every table and view of `schema`: column names, DuckDB types and rows (as DuckDB returns them)."""
    with duckdb.connect(str(db_path), read_only=True) as connection:
        names = connection.execute(
            "select table_name from information_schema.tables where table_schema = ? order by 1", [schema]
        ).fetchall()
        relations = {}
        for (name,) in names:
            result = connection.execute(f'select * from {schema}."{name}"')
            relations[name] = (
                [column[0] for column in result.description],
                [str(column[1]) for column in result.description],
                result.fetchall(),
            )
    return relations


def values_agree(left: object, right: object, tolerance: float) -> bool:
    """Floats equal within `tolerance` relative to their size (absolute below 1); others exactly."""
    if isinstance(left, float) and isinstance(right, float):
        if math.isnan(left) or math.isnan(right):
            return math.isnan(left) and math.isnan(right)
        return abs(left - right) <= tolerance * max(1.0, abs(left), abs(right))
    return left == right


def tolerant_differences(
    name: str,
    relation: TypedRelation,
    other_rows: list[tuple],
    tolerance: float,
    labels: tuple[str, str] = ("left", "right"),
    limit: int = 3,
) -> list[str]:
    """What differs between `relation`'s rows and `other_rows` (same columns), one line per difference.

    Rows are matched on their non-float columns (floats, rounded to 6 places, only break
    ties), then compared value by value with values_agree.
    """
    columns, types, rows = relation
    if len(rows) != len(other_rows):
        left, right = labels
        return [f"{name}: {len(rows)} rows in the {left} build, {len(other_rows)} in the {right} one"]
    floats = [i for i, kind in enumerate(types) if kind in ("DOUBLE", "FLOAT")]
    others = [i for i in range(len(columns)) if i not in floats]

    def order(row: tuple) -> tuple:
        return (
            tuple((row[i] is None, repr(row[i])) for i in others),
            tuple((row[i] is None, round(row[i], 6) if row[i] is not None else 0.0) for i in floats),
        )

    differences = []
    for row, other in zip(sorted(rows, key=order), sorted(other_rows, key=order), strict=True):
        if not all(values_agree(a, b, tolerance) for a, b in zip(row, other, strict=True)):
            differences.append(f"{name}: {dict(zip(columns, row, strict=True))} != "
                               f"{dict(zip(columns, other, strict=True))}")  # fmt: skip
            if len(differences) >= limit:
                break
    return differences


def comparable(marts: dict[str, tuple[list[str], list[tuple]]]) -> dict[str, tuple[list[str], list[tuple]]]:
    """`read_marts` output without the build-identity columns, rows re-sorted."""
    result = {}
    for name, (columns, rows) in marts.items():
        dropped = BUILD_IDENTITY_COLUMNS.get(name, set())
        keep = [i for i, column in enumerate(columns) if column not in dropped]
        result[name] = (
            [columns[i] for i in keep],
            sorted((tuple(row[i] for i in keep) for row in rows), key=repr),
        )
    return result
