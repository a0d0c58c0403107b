"""SQL reads of the marts (read-only): the database -> the report's plain data."""

from __future__ import annotations

import duckdb

from attribution_kit.attribution_models import display_order_key, load_attribution_models
from attribution_kit.report.data import (
    DEFAULT_ROI_MODEL,
    FUNNEL_STAGES,
    PLANNING_STAGE,
    PLANNING_WINDOW_DAYS,
    BudgetScenario,
    Funnel,
    Headline,
    InputLosses,
    LeadingIndicator,
    LossReason,
    LossTable,
    ModelComparison,
    Planning,
    Reactivations,
    ReportData,
    RoiRow,
    RunSettings,
    Sourcing,
)
from attribution_kit.summary import input_losses


def model_order_key(con: duckdb.DuckDBPyConnection):
    """Sort key of model names in the order of seeds.attribution_models (models it does not list last)."""
    return display_order_key(load_attribution_models(con))


def load_headline(con: duckdb.DuckDBPyConnection) -> Headline:
    opportunities, won, pipeline, revenue, first, last = con.execute(
        """
        select
            count(*),
            count(case when is_won then 1 end),
            coalesce(sum(amount), 0),
            coalesce(sum(won_amount), 0),
            cast(cast(min(created_at) as date) as varchar),
            cast(cast(max(created_at) as date) as varchar)
        from marts.dim_opportunities
        where is_attributed
        """
    ).fetchone()
    (spend,) = con.execute(
        """
        select coalesce(sum(spend), 0)
        from marts.rpt_attribution_roi
        where alignment = 'touch_month'
            and attribution_model = (select min(attribution_model) from marts.rpt_attribution_roi)
        """
    ).fetchone()
    return Headline(
        opportunities, won, float(pipeline), float(revenue), float(spend), first or "", last or ""
    )


def load_comparison(con: duckdb.DuckDBPyConnection) -> ModelComparison:
    rows = con.execute(
        """
        select attribution_model, channel, share_of_revenue, coalesce(attributed_revenue, 0)
        from marts.rpt_attribution_model_comparison
        """
    ).fetchall()
    # share_of_revenue is null when the model credits no won revenue at all: n/a, not 0.
    share = {(m, c): None if s is None else float(s) for m, c, s, _ in rows}
    revenue = {(m, c): float(r) for m, c, _, r in rows}
    models = sorted({m for m, *_ in rows}, key=model_order_key(con))
    channels = sorted(
        {c for _, c, *_ in rows},
        key=lambda c: (c == "(unattributed)", -sum(share.get((m, c)) or 0.0 for m in models), c),
    )
    return ModelComparison(models, channels, share, revenue)


def load_sourcing(con: duckdb.DuckDBPyConnection) -> Sourcing:
    rows = con.execute(
        """
        select sourcing_basis, team, sum(opportunities), sum(pipeline), sum(revenue)
        from marts.rpt_sourced_pipeline
        group by 1, 2
        """
    ).fetchall()
    by_basis: dict[str, dict[str, tuple[int, float, float]]] = {}
    for basis, team, opportunities, pipeline, revenue in rows:
        by_basis.setdefault(basis, {})[team] = (int(opportunities), float(pipeline or 0), float(revenue or 0))
    influenced = con.execute(
        """
        select
            coalesce(sum(marketing_influenced_pipeline), 0),
            coalesce(sum(marketing_influenced_revenue), 0),
            coalesce(sum(marketing_accelerated_pipeline), 0),
            coalesce(sum(pipeline), 0),
            coalesce(sum(revenue), 0)
        from marts.rpt_sourced_pipeline
        where sourcing_basis = 'opportunity_creation_touch'
        """
    ).fetchone()
    return Sourcing(by_basis, *(float(v) for v in influenced))


def load_funnel(con: duckdb.DuckDBPyConnection) -> Funnel:
    stages = [stage for stage, _ in FUNNEL_STAGES]
    sums = ", ".join(f"sum({stage})" for stage in stages)
    rows = con.execute(
        f"select first_touch_channel, {sums} from marts.rpt_funnel_by_cohort group by 1"
    ).fetchall()
    by_channel = {
        row[0]: {stage: int(v or 0) for stage, v in zip(stages, row[1:], strict=True)} for row in rows
    }
    totals = {stage: sum(counts[stage] for counts in by_channel.values()) for stage in stages}
    return Funnel(totals, by_channel)


def load_roi(con: duckdb.DuckDBPyConnection) -> dict[str, list[RoiRow]]:
    rows = con.execute(
        """
        select attribution_model, channel, sum(spend), sum(attributed_revenue), sum(attributed_pipeline)
        from marts.rpt_attribution_roi
        where alignment = 'touch_month'
        group by 1, 2
        """
    ).fetchall()
    roi: dict[str, list[RoiRow]] = {}
    for model, channel, spend, revenue, pipeline in rows:
        roi.setdefault(model, []).append(
            RoiRow(channel, float(spend or 0), float(revenue or 0), float(pipeline or 0))
        )
    return {model: roi[model] for model in sorted(roi, key=model_order_key(con))}


def load_reactivations(con: duckdb.DuckDBPyConnection) -> Reactivations:
    by_month = con.execute(
        """
        select
            strftime(reactivated_at, '%Y-%m'),
            count(*),
            count(case when has_pipeline_followed then 1 end)
        from marts.fct_account_reactivations
        group by 1
        order by 1
        """
    ).fetchall()
    by_channel = con.execute(
        """
        select
            channel,
            count(*),
            count(case when has_pipeline_followed then 1 end),
            coalesce(sum(next_opportunity_amount), 0)
        from marts.fct_account_reactivations
        group by 1
        order by 2 desc, 1
        """
    ).fetchall()
    return Reactivations(
        [(m, int(n), int(p)) for m, n, p in by_month],
        [(c, int(n), int(p), float(a)) for c, n, p, a in by_channel],
    )


def load_run_settings(con: duckdb.DuckDBPyConnection) -> RunSettings | None:
    """The settings of the latest build (the table gains one row per build)."""
    row = con.execute(
        """
        select
            invocation_id,
            strftime(run_started_at, '%Y-%m-%d %H:%M:%S'),
            engine,
            dbt_version,
            strftime(as_of_at, '%Y-%m-%d %H:%M:%S'),
            is_as_of_set,
            reporting_currency,
            lookback_days,
            journey_scope,
            excluded_opportunity_types,
            half_life_days,
            time_decay_engine,
            markov_engine,
            markov_order,
            shapley_engine,
            direct_channels,
            is_incremental_built,
            count(*) over ()
        from marts.rpt_attribution_run_settings
        order by run_started_at desc, invocation_id desc
        limit 1
        """
    ).fetchone()
    if row is None:
        return None
    (invocation_id, started, engine, dbt_version, as_of, is_as_of_set, currency, lookback, scope, excluded,
     half_life, decay_engine, markov_engine, markov_order, shapley_engine, direct, incremental, builds) = row
    return RunSettings(
        invocation_id, started, engine, dbt_version, as_of or "", bool(is_as_of_set), currency, int(lookback),
        scope, [t for t in (excluded or "").split(",") if t], float(half_life), decay_engine, markov_engine,
        int(markov_order), shapley_engine, [c for c in (direct or "").split(",") if c], bool(incremental),
        int(builds),
    )


def load_input_losses(con: duckdb.DuckDBPyConnection) -> InputLosses:
    """The loss summary, read by the same query as `make demo`'s summary (summary.input_losses)."""
    tables, reasons = input_losses(con)
    (limit,) = con.execute("select max(max_rejected_share) from marts.rpt_input_losses").fetchone()
    return InputLosses(
        [
            LossTable(table, int(raw), int(accepted or 0), int(rejected or 0),
                      None if share is None else float(share), int(flagged or 0), bool(over))
            for table, raw, accepted, rejected, share, flagged, over in tables
        ],
        [LossReason(t, sev, reason, root_t, root_r, int(rows), examples or "")
         for t, sev, reason, root_t, root_r, rows, examples in reasons],
        None if limit is None else float(limit),
    )


def _mart_exists(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    (found,) = con.execute(
        "select count(*) from information_schema.tables where table_schema = 'marts' and table_name = ?",
        [name],
    ).fetchone()
    return bool(found)


_INDICATOR_COLUMNS = """
    lead_channel, strftime(cohort_month, '%Y-%m'), target_stage, window_days, leads,
    progression_rate, norm_progression_rate, z_score, is_below_norm
"""


def _indicator(row: tuple) -> LeadingIndicator:
    channel, month, stage, window, leads, rate, norm, z, below = row
    return LeadingIndicator(
        channel, month, stage, int(window), int(leads),
        None if rate is None else float(rate), None if norm is None else float(norm),
        None if z is None else float(z), bool(below),
    )


def load_planning(con: duckdb.DuckDBPyConnection, flagged_limit: int = 20) -> Planning | None:
    """The planning marts: per channel its latest complete cohort of the charted indicator, the
    cohorts flagged below their norm (any stage and window, most recent first), and the budget
    scenario when rpt_budget_scenarios was built (it needs the incremental model's fit)."""
    if not _mart_exists(con, "rpt_channel_leading_indicators"):
        return None
    latest = con.execute(
        f"""
        select {_INDICATOR_COLUMNS}
        from marts.rpt_channel_leading_indicators
        where target_stage = ? and window_days = ? and is_window_complete
        qualify row_number() over (partition by lead_channel order by cohort_month desc) = 1
        order by leads desc, lead_channel
        """,
        [PLANNING_STAGE, PLANNING_WINDOW_DAYS],
    ).fetchall()
    flagged = con.execute(
        f"""
        select {_INDICATOR_COLUMNS}
        from marts.rpt_channel_leading_indicators
        where is_below_norm
        order by cohort_month desc, z_score, lead_channel, target_stage, window_days
        limit ?
        """,
        [flagged_limit],
    ).fetchall()
    budget, window, assumptions = None, ("", ""), ""
    if _mart_exists(con, "rpt_budget_scenarios"):
        rows = con.execute(
            """
            select
                channel, current_spend, suggested_spend, expected_incremental_wins_current,
                expected_incremental_wins_suggested, marginal_wins_per_spend, ci_lower, ci_upper,
                is_effect_above_zero, is_allocated,
                coalesce(cast(window_start_date as varchar), ''), cast(window_end_date as varchar),
                assumptions
            from marts.rpt_budget_scenarios
            order by is_allocated desc, current_spend desc, channel
            """
        ).fetchall()
        budget = [
            BudgetScenario(
                channel, float(current), float(suggested), float(wins), float(wins_suggested),
                None if marginal is None else float(marginal), None if low is None else float(low),
                None if high is None else float(high), bool(above), bool(allocated),
            )
            for (channel, current, suggested, wins, wins_suggested, marginal, low, high, above, allocated,
                 *_) in rows
        ]
        if rows:
            window, assumptions = (rows[0][10], rows[0][11]), rows[0][12]
    return Planning(
        [_indicator(row) for row in latest], [_indicator(row) for row in flagged], budget, window, assumptions
    )


def load_report_data(con: duckdb.DuckDBPyConnection, roi_model: str = DEFAULT_ROI_MODEL) -> ReportData:
    return ReportData(
        headline=load_headline(con),
        comparison=load_comparison(con),
        sourcing=load_sourcing(con),
        funnel=load_funnel(con),
        roi=load_roi(con),
        reactivations=load_reactivations(con),
        roi_model=roi_model,
        settings=load_run_settings(con),
        losses=load_input_losses(con),
        planning=load_planning(con),
    )
