"""Compare the marts of two DuckDB builds of the project: the base and the head of a change.

Every relation of the marts schema in either file is compared. Rows are matched on the
mart's key, read from the dbt manifest (a model's `meta: {attribution_diff_key: [...]}`,
else its attribution_unique_combination test, else its unique test); a mart with no key,
or whose key is not unique in a build, is compared as whole rows. Text, integers, booleans
and timestamps must be equal; other numbers equal within TOLERANCE relative to their size
(absolute below 1). The audit mart rpt_attribution_run_settings is append-only: its latest
row on each side is compared, without the columns that describe the run itself.

The attribution view: per attribution model x channel (rpt_attribution_model_comparison)
won revenue and pipeline before and after; per model x opportunity x channel
(fct_attributed_touchpoints) the credit that moved. A model moved when any opportunity's
credit in a channel moved by a cent or more of revenue or pipeline, or by more than
TOLERANCE of weight.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

import duckdb

TOLERANCE = 1e-9
HALF_CENT = 0.005  # money is compared to the cent: a smaller move is no move
MARTS_SCHEMA = "marts"
RUN_SETTINGS = "rpt_attribution_run_settings"
RUN_COLUMNS = ("invocation_id", "run_started_at", "engine", "dbt_version")
ATTRIBUTED = "fct_attributed_touchpoints"
MODEL_COMPARISON = "rpt_attribution_model_comparison"
SIDES = ("base", "head")
_INTEGER_TYPES = {"TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT",
                  "UINTEGER", "UBIGINT", "UHUGEINT"}  # fmt: skip
_INEXACT_TYPES = {"DOUBLE", "FLOAT", "REAL"}


@dataclass
class MartDiff:
    name: str
    status: str  # unchanged, changed, added, removed
    key: list[str] = field(default_factory=list)
    rows_before: int | None = None
    rows_after: int | None = None
    keys_added: int = 0
    keys_removed: int = 0
    keys_changed: int = 0
    columns_added: list[str] = field(default_factory=list)
    columns_removed: list[str] = field(default_factory=list)
    columns_type_changed: list[dict[str, str]] = field(default_factory=list)
    changed_columns: dict[str, int] = field(default_factory=dict)  # column -> rows where it changed
    examples: list[dict[str, Any]] = field(default_factory=list)  # keys of a few changed rows
    contract_changes: list[str] = field(default_factory=list)  # the declared contract (manifest)
    note: str = ""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def relation(side: str, name: str) -> str:
    return f"{side}.{MARTS_SCHEMA}.{quote(name)}"


def connect(base_db: str, head_db: str) -> duckdb.DuckDBPyConnection:
    """An in-memory connection with both builds attached read-only as `base` and `head`."""
    con = duckdb.connect()
    con.execute("set TimeZone = 'UTC'")
    for side, path in zip(SIDES, (base_db, head_db), strict=True):
        con.execute(f"attach '{path}' as {side} (read_only)")
    return con


def mart_columns(con: duckdb.DuckDBPyConnection, side: str) -> dict[str, dict[str, str]]:
    """Every relation (table or view) of the marts schema on one side: name -> {column: type}."""
    rows = con.execute(
        """
        select table_name, column_name, data_type
        from duckdb_columns()
        where database_name = ? and schema_name = ?
        order by table_name, column_index
        """,
        [side, MARTS_SCHEMA],
    ).fetchall()
    marts: dict[str, dict[str, str]] = {}
    for table, column, dtype in rows:
        marts.setdefault(table, {})[column] = dtype
    return marts


def keys_from_manifest(manifest: dict) -> dict[str, list[str]]:
    """Each model's key columns: meta attribution_diff_key, else its combination test, else a unique test."""
    models = {
        uid: node for uid, node in manifest.get("nodes", {}).items() if node["resource_type"] == "model"
    }
    combination: dict[str, list[str]] = {}
    unique: dict[str, list[str]] = {}
    for node in manifest.get("nodes", {}).values():
        metadata = node.get("test_metadata") or {}
        target = models.get(node.get("attached_node") or "")
        if node["resource_type"] != "test" or target is None:
            continue
        kwargs = metadata.get("kwargs") or {}
        if metadata.get("name") == "attribution_unique_combination" and kwargs.get("columns"):
            combination.setdefault(target["name"], list(kwargs["columns"]))
        elif metadata.get("name") == "unique" and node.get("column_name"):
            unique.setdefault(target["name"], [node["column_name"]])
    keys = {**unique, **combination}
    for node in models.values():
        meta_key = (node.get("config", {}).get("meta") or node.get("meta") or {}).get("attribution_diff_key")
        if meta_key:
            keys[node["name"]] = [meta_key] if isinstance(meta_key, str) else list(meta_key)
    return keys


def contracts(manifest: dict) -> dict[str, dict[str, Any]]:
    """Each model's contract as the manifest declares it: enforced or not, and column data types."""
    return {
        node["name"]: {
            "enforced": bool((node.get("contract") or {}).get("enforced")),
            "columns": {c: (col.get("data_type") or "") for c, col in (node.get("columns") or {}).items()},
        }
        for node in manifest.get("nodes", {}).values()
        if node["resource_type"] == "model"
    }


def contract_changes(base_manifest: dict, head_manifest: dict, marts: list[str]) -> dict[str, list[str]]:
    """Per mart, how its declared contract changed: enforcement, columns declared or dropped, types."""
    before, after = contracts(base_manifest), contracts(head_manifest)
    changes: dict[str, list[str]] = {}
    for name in marts:
        old, new = before.get(name), after.get(name)
        if old is None or new is None or old == new:
            continue
        found = []
        if old["enforced"] != new["enforced"]:
            found.append(f"contract {'enforced' if new['enforced'] else 'no longer enforced'}")
        found += [f"declares {c}" for c in new["columns"] if c not in old["columns"]]
        found += [f"no longer declares {c}" for c in old["columns"] if c not in new["columns"]]
        found += [
            f"{c}: {old['columns'][c] or '(no type)'} -> {new['columns'][c] or '(no type)'}"
            for c in new["columns"]
            if c in old["columns"] and old["columns"][c] != new["columns"][c]
        ]
        changes[name] = found
    return changes


def _base_type(dtype: str) -> str:
    return re.sub(r"\(.*\)$", "", dtype).upper()


def _is_numeric(dtype: str) -> bool:
    return _base_type(dtype) in _INTEGER_TYPES | _INEXACT_TYPES | {"DECIMAL"}


def _is_exact(dtype: str) -> bool:
    return not _is_numeric(dtype) or _base_type(dtype) in _INTEGER_TYPES


def differs(column: str, before_type: str, after_type: str) -> str:
    """SQL: true when the column's value differs between b and h (numbers within TOLERANCE)."""
    b, h = f"b.{quote(column)}", f"h.{quote(column)}"
    if (
        _is_numeric(before_type)
        and _is_numeric(after_type)
        and not (_is_exact(before_type) and _is_exact(after_type))
    ):
        b, h = f"cast({b} as double)", f"cast({h} as double)"
        return (
            f"(({b} is null) <> ({h} is null) or coalesce(abs({b} - {h}) > "
            f"{TOLERANCE} * greatest(1, abs({b}), abs({h})), false))"
        )
    if before_type != after_type and not (_is_numeric(before_type) and _is_numeric(after_type)):
        b, h = f"cast({b} as varchar)", f"cast({h} as varchar)"
    return f"({b} is distinct from {h})"


def _key_is_unique(con: duckdb.DuckDBPyConnection, name: str, key: list[str]) -> bool:
    columns = ", ".join(quote(c) for c in key)
    for side in SIDES:
        total, distinct = con.execute(
            f"select count(*), count(distinct struct_pack({columns})) from {relation(side, name)}"
        ).fetchone()
        if total != distinct:
            return False
    return True


def _compare_by_key(
    con: duckdb.DuckDBPyConnection, diff: MartDiff, before: dict[str, str], after: dict[str, str]
) -> None:
    """Full outer join on the key: keys added, removed and changed, and per column the rows it changed in.

    The join is aggregated as it streams (nothing materialised), then joined again for a few
    example keys only when some row changed."""
    key = diff.key
    on = " and ".join(f"b.{quote(k)} is not distinct from h.{quote(k)}" for k in key)
    compared = [c for c in before if c in after and c not in key]
    flags = [f"{differs(c, before[c], after[c])} as d{i}" for i, c in enumerate(compared)]
    keys = [f"coalesce(h.{quote(k)}, b.{quote(k)}) as {quote(k)}" for k in key]
    pairs = f"""(
        select {", ".join(keys + flags)},
            b.__in_base is not null as in_base, h.__in_head is not null as in_head
        from (select *, true as __in_base from {relation("base", diff.name)}) as b
        full outer join (select *, true as __in_head from {relation("head", diff.name)}) as h on {on}
    )"""
    changed = (
        "in_base and in_head and (" + (" or ".join(f"d{i}" for i in range(len(compared))) or "false") + ")"
    )
    per_column = "".join(
        f", count(*) filter (where in_base and in_head and d{i})" for i in range(len(compared))
    )
    counts = con.execute(
        f"select count(*) filter (where not in_base), count(*) filter (where not in_head), "
        f"count(*) filter (where {changed}) {per_column} from {pairs}"
    ).fetchone()
    diff.keys_added, diff.keys_removed, diff.keys_changed = counts[:3]
    diff.changed_columns = {c: n for c, n in zip(compared, counts[3:], strict=True) if n}
    if diff.keys_changed:
        order = ", ".join(quote(k) for k in key)
        cursor = con.execute(f"select {order} from {pairs} where {changed} order by {order} limit 3")
        names = [d[0] for d in cursor.description]
        diff.examples = [dict(zip(names, (_plain(v) for v in row), strict=True)) for row in cursor.fetchall()]


def _compare_whole_rows(
    con: duckdb.DuckDBPyConnection, diff: MartDiff, before: dict[str, str], after: dict[str, str]
) -> None:
    """No usable key: rows present on one side only, compared whole (exact) over the common columns."""
    columns = ", ".join(quote(c) for c in before if c in after)
    b, h = (f"select {columns} from {relation(side, diff.name)}" for side in SIDES)
    (diff.keys_removed,) = con.execute(f"select count(*) from ({b} except all {h})").fetchone()
    (diff.keys_added,) = con.execute(f"select count(*) from ({h} except all {b})").fetchone()


def _plain(value: Any) -> Any:
    return value if isinstance(value, str | int | float | bool | type(None)) else str(value)


def compare_mart(
    con: duckdb.DuckDBPyConnection, name: str, key: list[str] | None, before: dict, after: dict
) -> MartDiff:
    """One mart's differences. `before`/`after`: its {column: type} on each side (empty if absent)."""
    if not before or not after:
        side = "head" if after else "base"
        (rows,) = con.execute(f"select count(*) from {relation(side, name)}").fetchone()
        status = "added" if after else "removed"
        return MartDiff(name, status, rows_before=None if after else rows, rows_after=rows if after else None)
    diff = MartDiff(name, "unchanged", list(key or []))
    diff.rows_before, diff.rows_after = (
        con.execute(f"select count(*) from {relation(side, name)}").fetchone()[0] for side in SIDES
    )
    diff.columns_added = [c for c in after if c not in before]
    diff.columns_removed = [c for c in before if c not in after]
    diff.columns_type_changed = [
        {"column": c, "before": before[c], "after": after[c]}
        for c in before
        if c in after and before[c] != after[c]
    ]
    if name == RUN_SETTINGS:
        diff.key, diff.note = [], "append-only audit: the latest row of each build is compared (settings)"
    elif (
        diff.key and all(k in before and k in after for k in diff.key) and _key_is_unique(con, name, diff.key)
    ):
        _compare_by_key(con, diff, before, after)
    else:
        diff.note = "no unique key in both builds: rows compared whole, exactly"
        diff.key = []
        _compare_whole_rows(con, diff, before, after)
    touched = diff.keys_added or diff.keys_removed or diff.keys_changed
    if touched or diff.columns_added or diff.columns_removed or diff.columns_type_changed:
        diff.status = "changed"
    return diff


def latest_settings(con: duckdb.DuckDBPyConnection, side: str, columns: dict[str, str]) -> dict[str, Any]:
    """The latest row of the run settings audit on one side, without the columns describing the run."""
    order = "order by run_started_at desc, invocation_id desc" if "run_started_at" in columns else ""
    cursor = con.execute(f"select * from {relation(side, RUN_SETTINGS)} {order} limit 1")
    names = [d[0] for d in cursor.description]
    row = cursor.fetchone() or (None,) * len(names)
    return {n: _plain(v) for n, v in zip(names, row, strict=True) if n not in RUN_COLUMNS}


def _same_value(a: Any, b: Any) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return abs(a - b) <= TOLERANCE * max(1.0, abs(a), abs(b))
    return a == b


def compare_settings(con: duckdb.DuckDBPyConnection, before: dict, after: dict) -> list[dict[str, Any]]:
    """Settings that differ between the latest runs: [{setting, before, after}]."""
    if not before or not after:
        return []
    old, new = latest_settings(con, "base", before), latest_settings(con, "head", after)
    return [
        {"setting": name, "before": old.get(name), "after": new.get(name)}
        for name in list(old) + [n for n in new if n not in old]
        if not _same_value(old.get(name), new.get(name))
    ]


def channel_deltas(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """Per attribution model x channel: won revenue and pipeline before, after, delta and share change."""
    sides = {
        side: f"""(select attribution_model, channel,
                    attributed_revenue as revenue, attributed_pipeline as pipeline,
                    revenue / nullif(sum(revenue) over (partition by attribution_model), 0)
                        as revenue_share,
                    pipeline / nullif(sum(pipeline) over (partition by attribution_model), 0)
                        as pipeline_share
                from {relation(side, MODEL_COMPARISON)})"""
        for side in SIDES
    }
    cursor = con.execute(
        f"""
        select
            coalesce(h.attribution_model, b.attribution_model) as attribution_model,
            coalesce(h.channel, b.channel) as channel,
            coalesce(b.revenue, 0) as revenue_before,
            coalesce(h.revenue, 0) as revenue_after,
            coalesce(h.revenue, 0) - coalesce(b.revenue, 0) as revenue_delta,
            coalesce(h.revenue_share, 0) - coalesce(b.revenue_share, 0) as revenue_share_delta,
            coalesce(b.pipeline, 0) as pipeline_before,
            coalesce(h.pipeline, 0) as pipeline_after,
            coalesce(h.pipeline, 0) - coalesce(b.pipeline, 0) as pipeline_delta,
            coalesce(h.pipeline_share, 0) - coalesce(b.pipeline_share, 0) as pipeline_share_delta
        from {sides["base"]} as b
        full outer join {sides["head"]} as h
            on b.attribution_model = h.attribution_model and b.channel = h.channel
        order by attribution_model, abs(revenue_delta) desc, abs(pipeline_delta) desc, channel
        """
    )
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def credit_moves(con: duckdb.DuckDBPyConnection) -> None:
    """Temp table `moves`: per attribution model x opportunity x channel, credit before and after."""
    grouped = {
        side: f"""(select attribution_model, opportunity_id, channel,
                    sum(attribution_weight) as weight, sum(attributed_revenue) as revenue,
                    sum(attributed_pipeline) as pipeline
                from {relation(side, ATTRIBUTED)} group by attribution_model, opportunity_id, channel)"""
        for side in SIDES
    }
    moved_money = (
        f"abs(revenue_after - revenue_before) >= {HALF_CENT} "
        f"or abs(pipeline_after - pipeline_before) >= {HALF_CENT}"
    )
    con.execute(
        f"""
        create or replace temp table moves as
        with joined as (
            select
                coalesce(h.attribution_model, b.attribution_model) as attribution_model,
                coalesce(h.opportunity_id, b.opportunity_id) as opportunity_id,
                coalesce(h.channel, b.channel) as channel,
                coalesce(b.weight, 0) as weight_before, coalesce(h.weight, 0) as weight_after,
                coalesce(b.revenue, 0) as revenue_before, coalesce(h.revenue, 0) as revenue_after,
                coalesce(b.pipeline, 0) as pipeline_before, coalesce(h.pipeline, 0) as pipeline_after
            from {grouped["base"]} as b
            full outer join {grouped["head"]} as h
                on b.attribution_model = h.attribution_model
                and b.opportunity_id is not distinct from h.opportunity_id
                and b.channel is not distinct from h.channel
        )
        select * from joined
        where {moved_money} or abs(weight_after - weight_before) > {TOLERANCE}
        """
    )


def models_moved(con: duckdb.DuckDBPyConnection) -> tuple[list[str], list[str]]:
    """(attribution models whose credit moved, those that did not), from the `moves` table."""
    models = {
        row[0]
        for side in SIDES
        for row in con.execute(
            f"select distinct attribution_model from {relation(side, ATTRIBUTED)}"
        ).fetchall()
    }
    moved = {row[0] for row in con.execute("select distinct attribution_model from moves").fetchall()}
    return sorted(moved), sorted(models - moved)


def top_movers(con: duckdb.DuckDBPyConnection, limit: int) -> list[dict[str, Any]]:
    """The model x opportunity pairs whose credit moved most (revenue, then pipeline), with their journey.

    Moved credit: the larger of what the opportunity's channels gained and what they lost.
    The journey is the opportunity's channel path in the head build (base if it left), repeats collapsed."""
    cursor = con.execute(
        f"""
        with per_opportunity as (
            select
                attribution_model, opportunity_id,
                greatest(sum(greatest(revenue_after - revenue_before, 0)),
                         sum(greatest(revenue_before - revenue_after, 0))) as revenue_moved,
                greatest(sum(greatest(pipeline_after - pipeline_before, 0)),
                         sum(greatest(pipeline_before - pipeline_after, 0))) as pipeline_moved,
                list(struct_pack(channel, delta := revenue_after - revenue_before)
                    order by revenue_after - revenue_before desc, channel) as revenue_by_channel,
                list(struct_pack(channel, delta := pipeline_after - pipeline_before)
                    order by pipeline_after - pipeline_before desc, channel) as pipeline_by_channel
            from moves
            group by attribution_model, opportunity_id
        )
        select * from per_opportunity
        order by revenue_moved desc, pipeline_moved desc, attribution_model, opportunity_id
        limit {int(limit)}
        """
    )
    names = [d[0] for d in cursor.description]
    movers = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    for mover in movers:
        mover["journey"] = journey_path(con, mover["attribution_model"], mover["opportunity_id"])
    return movers


def journey_path(con: duckdb.DuckDBPyConnection, model: str, opportunity_id: str) -> str:
    """One opportunity's channel path in the model's rows (head build, else base), repeats collapsed."""
    for side in ("head", "base"):
        (path,) = con.execute(
            f"""
            with ordered as (
                select channel, touchpoint_at, touchpoint_id,
                    lag(channel) over (order by touchpoint_at, touchpoint_id) as previous_channel
                from {relation(side, ATTRIBUTED)}
                where attribution_model = ? and opportunity_id = ?
            )
            select string_agg(channel, ' > ' order by touchpoint_at, touchpoint_id)
            from ordered where previous_channel is distinct from channel
            """,
            [model, opportunity_id],
        ).fetchone()
        if path:
            return path
    return ""


@dataclass
class Comparison:
    marts: list[MartDiff]
    settings: list[dict[str, Any]]
    channels: list[dict[str, Any]]
    changed_models: list[str]
    unchanged_models: list[str]
    top_opportunities: list[dict[str, Any]]
    notes: list[str] = field(default_factory=list)

    @property
    def changed_marts(self) -> list[str]:
        return [m.name for m in self.marts if m.status != "unchanged"]


def compare_builds(
    base_db: str,
    head_db: str,
    keys: dict[str, list[str]],
    top: int = 10,
    manifests: tuple[dict, dict] | None = None,
) -> Comparison:
    """Compare every mart of the two builds, then the attribution views of the credit.

    keys: each mart's key columns (keys_from_manifest); manifests: the base's and the head's,
    whose declared contracts are compared."""
    con = connect(base_db, head_db)
    try:
        before, after = mart_columns(con, "base"), mart_columns(con, "head")
        marts = [
            compare_mart(con, name, keys.get(name), before.get(name, {}), after.get(name, {}))
            for name in sorted(before.keys() | after.keys())
        ]
        settings = compare_settings(con, before.get(RUN_SETTINGS, {}), after.get(RUN_SETTINGS, {}))
        for mart in marts:
            if mart.name == RUN_SETTINGS and settings:
                mart.status = "changed"
        if manifests:
            declared = contract_changes(*manifests, [m.name for m in marts])
            for mart in marts:
                mart.contract_changes = declared.get(mart.name, [])
        notes = []
        channels: list[dict[str, Any]] = []
        if MODEL_COMPARISON in before and MODEL_COMPARISON in after:
            channels = channel_deltas(con)
        else:
            notes.append(f"{MODEL_COMPARISON} is missing from a build: no per-channel view")
        changed_models: list[str] = []
        unchanged_models: list[str] = []
        movers: list[dict[str, Any]] = []
        if ATTRIBUTED in before and ATTRIBUTED in after:
            credit_moves(con)
            changed_models, unchanged_models = models_moved(con)
            movers = top_movers(con, top)
        else:
            notes.append(f"{ATTRIBUTED} is missing from a build: no per-opportunity view")
        return Comparison(marts, settings, channels, changed_models, unchanged_models, movers, notes)
    finally:
        con.close()
