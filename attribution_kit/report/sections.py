"""The report's sections: each function turns one dataclass (report/data.py) into the view its
macro in templates/sections.html.j2 renders, and returns the rendered HTML (Markup). Charts are
drawn by report/charts.py; every text is escaped by the template (autoescape)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from markupsafe import Markup

from attribution_kit.report.charts import (
    BLUE,
    GREEN,
    GREY,
    ORANGE,
    column_svg,
    funnel_svg,
    hbar_svg,
    heatmap_svg,
    rate_vs_norm_svg,
)
from attribution_kit.report.data import (
    ABSENT_STAGE_REASONS,
    DEFAULT_ROI_MODEL,
    FUNNEL_STAGES,
    NOT_AVAILABLE,
    PLANNING_STAGE,
    PLANNING_WINDOW_DAYS,
    Funnel,
    Headline,
    InputLosses,
    LeadingIndicator,
    ModelComparison,
    Planning,
    Reactivations,
    RoiRow,
    RunSettings,
    Sourcing,
)
from attribution_kit.report.formatting import (
    format_count,
    format_money,
    format_percent,
    format_ratio,
    format_share,
)
from attribution_kit.report.render import render_macro

SOURCING_LABELS = {"marketing": "Marketing-sourced", "sales": "Sales-sourced", "unknown": "No sourcing touch"}
SCOPE_MEANINGS = {
    "account": "every contact of the opportunity's account",
    "contact_roles": "the opportunity's contact roles, wherever their account is",
}


def table_view(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    numeric_from: int = 1,
    numeric_to: int | None = None,
    row_attributes: Sequence[Mapping[str, str]] | None = None,
    table_id: str | None = None,
) -> dict:
    """A table for the `table` macro; columns numeric_from up to (not including) numeric_to are
    right-aligned numbers. row_attributes: per row, attributes of its <tr> (class, data-*)."""

    def cls(j: int) -> str:
        return "num" if j >= numeric_from and (numeric_to is None or j < numeric_to) else ""

    attributes = row_attributes or [{}] * len(rows)
    return {
        "id": table_id,
        "head": [(text, cls(j)) for j, text in enumerate(header)],
        "rows": [
            (attributes[i], [(cell, cls(j)) for j, cell in enumerate(row)]) for i, row in enumerate(rows)
        ],
    }


def headline_html(h: Headline) -> Markup:
    if h.opportunities:
        win_rate = format_ratio(h.won_opportunities, h.opportunities)
        won = f"{format_count(h.won_opportunities)} won, a {win_rate} win rate"
        created = f"created {h.first_created} to {h.last_created}"
    else:
        won = f"win rate {NOT_AVAILABLE}: no attributed opportunities"
        created = "no attributed opportunities"
    tiles = [
        ("Attributed opportunities", format_count(h.opportunities), created),
        ("Pipeline", format_money(h.pipeline), "opportunity amounts, won, lost or open"),
        ("Won revenue", format_money(h.won_revenue), won),
        ("Marketing spend", format_money(h.spend), "ad spend and campaign costs"),
    ]
    return render_macro("headline", tiles)


def comparison_section(c: ModelComparison) -> Markup:
    extra = {key: f" ({format_money(value)})" for key, value in c.revenue.items()}
    # A model that credits no won revenue has no shares: its whole row is n/a, not 0.
    no_revenue = [m for m in c.models if all(c.share.get((m, ch)) is None for ch in c.channels)]
    shares = {
        (m, ch): None if m in no_revenue else c.share.get((m, ch), 0.0) for m in c.models for ch in c.channels
    }
    svg = heatmap_svg(
        "model-comparison", c.models, c.channels, shares,
        "Share of won revenue per attribution model and channel", tooltip_extra=extra,
    )
    return render_macro("comparison", {
        "svg": Markup(svg), "no_revenue": ", ".join(no_revenue), "not_available": NOT_AVAILABLE,
    })


def _sourcing_rows(s: Sourcing) -> list[list[str]]:
    oc = s.by_basis.get("opportunity_creation_touch", {})
    ft = s.by_basis.get("first_touch", {})
    order = list(SOURCING_LABELS)
    rows = []
    for team in sorted(set(oc) | set(ft), key=lambda t: (order.index(t) if t in order else len(order), t)):
        o, f = oc.get(team, (0, 0.0, 0.0)), ft.get(team, (0, 0.0, 0.0))
        rows.append([
            SOURCING_LABELS.get(team, team),
            format_count(o[0]), format_ratio(o[1], s.total_pipeline), format_money(o[2]),
            format_count(f[0]), format_ratio(f[1], s.total_pipeline), format_money(f[2]),
        ])
    return rows


def sourcing_section(s: Sourcing) -> Markup:
    oc = s.by_basis.get("opportunity_creation_touch", {})
    teams = [t for t in ("marketing", "sales", "unknown") if t in oc] + sorted(set(oc) - set(SOURCING_LABELS))
    categories = [SOURCING_LABELS.get(t, t) for t in teams]
    categories += ["Marketing-influenced", "Marketing-accelerated"]
    pipeline = [oc[t][1] for t in teams] + [s.influenced_pipeline, s.accelerated_pipeline]
    revenue: list[float | None] = [oc[t][2] for t in teams] + [s.influenced_revenue, None]
    svg = hbar_svg(
        "sourced-vs-influenced", categories,
        [("Pipeline", pipeline, BLUE), ("Won revenue", revenue, ORANGE)],
        "Sourced vs influenced pipeline and won revenue",
    )
    table = table_view(
        ["Sourced by", "Opps (OC)", "Pipeline share (OC)", "Won revenue (OC)",
         "Opps (first touch)", "Pipeline share (first touch)", "Won revenue (first touch)"],
        _sourcing_rows(s),
    )
    return render_macro("sourcing", {"svg": Markup(svg), "table": table})


def absent_stages(f: Funnel) -> list[str]:
    """The funnel stages no contact reached: absent from the data, so n/a rather than 0."""
    return [stage for stage, _ in FUNNEL_STAGES if not f.totals.get(stage)]


def _conversion_by_channel_svg(f: Funnel, min_leads: int) -> Markup | None:
    """Lead-to-customer conversion of the channels with at least min_leads leads (None: no such channel)."""
    channels = [
        (channel, counts) for channel, counts in f.by_channel.items()
        if counts.get("leads", 0) >= min_leads and channel != "(none)"
    ]
    if not channels:
        return None
    channels.sort(key=lambda item: (-item[1]["customers"] / item[1]["leads"], item[0]))
    rates = [counts["customers"] / counts["leads"] for _, counts in channels]
    return Markup(hbar_svg(
        "funnel-by-channel", [c for c, _ in channels], [("Lead to customer", rates, GREEN)],
        "Lead-to-customer conversion by original source channel",
        value_format=lambda v: format_percent(v, 1),
        annotations=[f"{format_count(counts['leads'])} leads" for _, counts in channels],
    ))


def funnel_section(f: Funnel, min_leads: int = 10) -> Markup:
    absent = absent_stages(f)
    labels = dict(FUNNEL_STAGES)
    stages = [(label, None if stage in absent else f.totals[stage]) for stage, label in FUNNEL_STAGES]
    ends_absent = [stage for stage in absent if stage in ("leads", "customers")]
    return render_macro("funnel", {
        "svg": Markup(funnel_svg("funnel", stages, "Lead funnel: contacts reaching each stage")),
        "not_available": NOT_AVAILABLE,
        "absent": " ".join(absent),
        "absent_reasons": "; ".join(f"{labels[stage]}: {ABSENT_STAGE_REASONS[stage]}" for stage in absent),
        "ends_missing": "; ".join(ABSENT_STAGE_REASONS[stage] for stage in ends_absent),
        "by_channel_svg": None if ends_absent else _conversion_by_channel_svg(f, min_leads),
        "min_leads": min_leads,
    })


def roi_chart(model: str, rows: Sequence[RoiRow]) -> tuple[str, list[str]]:
    """The ROI bar chart of one model and the channels that have no spend."""
    spent = sorted((r for r in rows if r.spend > 0), key=lambda r: -(r.roi or 0.0))
    unspent = sorted(
        (r for r in rows if r.spend <= 0 and r.attributed_revenue > 0), key=lambda r: -r.attributed_revenue
    )
    svg = hbar_svg(
        f"roi-{model}", [r.channel for r in spent], [("ROI", [r.roi or 0.0 for r in spent], BLUE)],
        f"ROI by channel under the {model} model",
        value_format=lambda v: f"{v:.2f}x",
        reference=(1.0, "break-even"),
        annotations=[f"{format_money(r.attributed_revenue)} / {format_money(r.spend)}" for r in spent],
    )
    return svg, [f"{r.channel} ({format_money(r.attributed_revenue)})" for r in unspent]


def roi_section(roi: dict[str, list[RoiRow]], chosen: str) -> Markup:
    if roi and chosen not in roi:
        chosen = DEFAULT_ROI_MODEL if DEFAULT_ROI_MODEL in roi else next(iter(roi))
    panels = []
    for model, rows in roi.items():
        svg, unspent = roi_chart(model, rows)
        panels.append({"model": model, "svg": Markup(svg), "unspent": ", ".join(unspent)})
    return render_macro("roi", {"panels": panels, "chosen": chosen})


def reactivations_section(r: Reactivations) -> Markup:
    if not r.by_month:
        return render_macro("reactivations", {"total": None})
    months = [m for m, _, _ in r.by_month]
    with_pipeline = [float(p) for _, _, p in r.by_month]
    without = [float(n - p) for _, n, p in r.by_month]
    by_month = column_svg(
        "reactivations-by-month", months,
        [("Pipeline followed", with_pipeline, GREEN), ("No pipeline (yet)", without, GREY)],
        "Account reactivations per month",
    )
    by_channel = hbar_svg(
        "reactivations-by-channel", [c for c, *_ in r.by_channel],
        [("Pipeline followed", [float(p) for _, _, p, _ in r.by_channel], GREEN),
         ("No pipeline (yet)", [float(n - p) for _, n, p, _ in r.by_channel], GREY)],
        "Reactivating touches by channel", value_format=format_count, stacked=True,
        annotations=[
            f"{format_count(n)} ({format_ratio(p, n)} to pipeline, {format_money(a)})"
            for _, n, p, a in r.by_channel
        ],
    )
    total = sum(n for _, n, _ in r.by_month)
    followed = sum(p for _, _, p in r.by_month)
    return render_macro("reactivations", {
        "total": format_count(total), "followed": format_count(followed),
        "followed_share": format_ratio(followed, total),
        "by_month": Markup(by_month), "by_channel": Markup(by_channel),
    })


def _settings_rows(st: RunSettings) -> list[tuple[str, str, str, str]]:
    """(key, label, value, var) per setting shown."""
    as_of_source = (
        "set by var attribution_as_of (a point-in-time view)" if st.is_as_of_set
        else "the latest event in the data (var attribution_as_of not set)"
    )
    excluded = ", ".join(st.excluded_opportunity_types) or "none"
    incremental = "built" if st.is_incremental_built else "not built on this engine"
    return [
        ("as_of", "As-of (journey end of open opportunities)", f"{st.as_of_at} UTC, {as_of_source}",
         "attribution_as_of"),
        ("journey_scope", "Journey scope", f"{st.journey_scope}: {SCOPE_MEANINGS.get(st.journey_scope, '')}"
         .rstrip(": "), "attribution_journey_scope"),
        ("lookback_days", "Lookback", f"{st.lookback_days:,} days before the opportunity was created",
         "attribution_lookback_days"),
        ("excluded_opportunity_types", "Excluded opportunity types", excluded,
         "attribution_excluded_opportunity_types"),
        ("reporting_currency", "Reporting currency", st.reporting_currency, "attribution_reporting_currency"),
        ("engines", "Engines",
         f"time_decay {st.time_decay_engine}, markov {st.markov_engine} (order {st.markov_order}), "
         f"shapley {st.shapley_engine}; incremental model {incremental}",
         "attribution_time_decay_engine, attribution_markov_engine, attribution_markov_order, "
         "attribution_shapley_engine"),
        ("half_life_days", "time_decay half-life", f"{st.half_life_days:g} days",
         "attribution_half_life_days"),
        ("direct_channels", "Channels last_non_direct skips", ", ".join(st.direct_channels) or "none",
         "attribution_direct_channels"),
    ]


def settings_section(settings: RunSettings | None) -> Markup:
    """The vars of the latest build: as-of, scope, lookback, exclusions, currency, engines, half-life."""
    if settings is None:
        return render_macro("settings", None)
    rows = _settings_rows(settings)
    table = table_view(
        ["Setting", "Value", "Var"], [[label, value, var] for _, label, value, var in rows], numeric_from=3,
        row_attributes=[{"data-setting": key} for key, *_ in rows], table_id="run-settings-table",
    )
    earlier = settings.builds_recorded - 1
    history = ""
    if earlier:
        history = f"; {format_count(earlier)} earlier build{'s' if earlier != 1 else ''} recorded"
    return render_macro("settings", {
        "engine": settings.engine, "dbt_version": settings.dbt_version,
        "run_started_at": settings.run_started_at, "invocation_id": settings.invocation_id,
        "history": history, "table": table,
    })


def _limit_text(losses: InputLosses) -> str:
    limit = losses.max_rejected_share
    return NOT_AVAILABLE if limit is None else format_percent(limit, 2)


def over_limit_alert(losses: InputLosses | None) -> Markup:
    """A banner at the top of the page when a raw table lost more rows than the build allows."""
    over = [t for t in (losses.tables if losses else []) if t.exceeds_limit]
    if not over:
        return Markup("")
    tables = ", ".join(f"{t.table} ({format_percent(t.rejected_share or 0.0, 2)} rejected)" for t in over)
    return render_macro("over_limit_alert", {"tables": tables, "limit": _limit_text(losses)})


def _loss_tables_view(losses: InputLosses) -> dict:
    rows, attributes = [], []
    for t in losses.tables:
        rows.append([
            t.table, format_count(t.raw), format_count(t.accepted), format_count(t.rejected),
            NOT_AVAILABLE if t.rejected_share is None else format_percent(t.rejected_share, 2),
            format_count(t.flagged),
            "over the limit" if t.exceeds_limit else "",
        ])
        attributes.append({"data-table": t.table, **({"class": "over-limit"} if t.exceeds_limit else {})})
    return table_view(
        ["Raw table", "Raw rows", "Accepted", "Rejected", "Rejected share", "Flagged", ""],
        rows, numeric_to=6, row_attributes=attributes, table_id="input-losses-by-table",
    )


def _loss_reasons_view(losses: InputLosses) -> dict | None:
    if not losses.reasons:
        return None
    over = {t.table for t in losses.tables if t.exceeds_limit}
    raw = {t.table: t.raw for t in losses.tables}
    rows, attributes = [], []
    for r in losses.reasons:
        cause = f"{r.root_cause_table} {r.root_cause_reason}" if r.is_knock_on else "itself"
        rows.append([
            r.table, r.severity, r.reason, cause, format_count(r.rows),
            format_ratio(r.rows, raw.get(r.table), 2), r.example_keys,
        ])
        attributes.append({
            "data-table": r.table, "data-severity": r.severity, "data-reason": r.reason,
            **({"class": "over-limit"} if r.severity == "rejected" and r.table in over else {}),
        })
    return table_view(
        ["Raw table", "Severity", "Reason", "Root cause", "Rows", "Share of table", "Example keys"],
        rows, numeric_from=4, numeric_to=6, row_attributes=attributes, table_id="input-losses-by-reason",
    )


def data_quality_section(losses: InputLosses | None) -> Markup:
    """Raw, accepted, rejected (share) and flagged rows per raw table, then every reason and root cause."""
    if losses is None:
        return render_macro("data_quality", None)
    return render_macro("data_quality", {
        "limit": _limit_text(losses),
        "tables": _loss_tables_view(losses),
        "reasons": _loss_reasons_view(losses),
    })


def _z_text(z: float | None) -> str:
    return NOT_AVAILABLE if z is None else f"{z:+.1f}"


def _indicator_row(i: LeadingIndicator) -> list[str]:
    return [
        i.channel, i.cohort_month, f"{i.target_stage} within {i.window_days} days", format_count(i.leads),
        format_share(i.rate), format_share(i.norm), _z_text(i.z_score),
    ]


def _indicator_table(rows: Sequence[LeadingIndicator], table_id: str) -> dict:
    return table_view(
        ["Channel", "Cohort", "Progressed to", "Leads", "Rate", "Norm", "z"],
        [_indicator_row(i) for i in rows],
        numeric_from=3,
        row_attributes=[
            {"class": "flagged", "data-flagged": "true"} if i.is_below_norm else {"data-flagged": "false"}
            for i in rows
        ],
        table_id=table_id,
    )


def _per_thousand(value: float | None) -> str:
    return NOT_AVAILABLE if value is None else f"{1000 * value:.3f}"


def _interval_text(low: float | None, high: float | None) -> str:
    return NOT_AVAILABLE if low is None or high is None else f"[{low:+.2f}, {high:+.2f}]"


def _budget_table(p: Planning) -> dict | None:
    if p.budget is None:
        return None
    rows = []
    for b in p.budget:
        change = format_ratio(b.delta, b.current_spend, 1) if b.is_allocated else "no spend"
        rows.append([
            b.channel, format_money(b.current_spend), format_money(b.suggested_spend),
            ("+" if b.delta > 0 else "") + format_money(b.delta) if b.is_allocated else "",
            change, _per_thousand(b.marginal_wins_per_spend), f"{b.wins_current:.1f}",
            f"{b.wins_suggested:.1f}", _interval_text(b.ci_lower, b.ci_upper),
            "yes" if b.is_effect_above_zero else "no",
        ])
    totals = [
        "Total", format_money(sum(b.current_spend for b in p.budget)),
        format_money(sum(b.suggested_spend for b in p.budget)), "", "", "",
        f"{sum(b.wins_current for b in p.budget):.1f}",
        f"{sum(b.wins_suggested for b in p.budget):.1f}", "", "",
    ]
    return table_view(
        ["Channel", "Spend", "Suggested", "Change", "Change %", "Marginal wins per 1,000",
         "Incremental wins", "At suggested spend", "Coefficient 95% interval", "May grow"],
        [*rows, totals],
        numeric_from=1,
        numeric_to=9,
        row_attributes=[
            *({"data-direction": "up" if b.delta > 1e-6 else "down" if b.delta < -1e-6 else "same"}
              for b in p.budget),
            {"class": "total"},
        ],
        table_id="budget-scenarios",
    )


def planning_section(p: Planning | None) -> Markup:
    if p is None:
        return render_macro("planning", None)
    chart_rows = [
        (
            f"{i.channel} ({i.cohort_month})", i.rate or 0.0, i.norm, i.is_below_norm,
            f"{format_count(i.leads)} leads, z {_z_text(i.z_score)}",
        )
        for i in p.latest
        if i.rate is not None
    ]
    svg = rate_vs_norm_svg(
        "leading-indicators", chart_rows,
        f"Share of new leads that reached {PLANNING_STAGE} within {PLANNING_WINDOW_DAYS} days, "
        "latest complete cohort per channel, against the channel's trailing norm",
    ) if chart_rows else None
    return render_macro("planning", {
        "stage": PLANNING_STAGE,
        "window": PLANNING_WINDOW_DAYS,
        "svg": Markup(svg) if svg else None,
        "latest": _indicator_table(p.latest, "leading-indicators-latest"),
        "flagged": _indicator_table(p.flagged, "leading-indicators-flagged") if p.flagged else None,
        "budget": _budget_table(p),
        "window_start": p.budget_window[0] or "the first spend",
        "window_end": p.budget_window[1],
        "assumptions": p.assumptions,
    })
