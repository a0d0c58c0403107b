"""Build the static HTML attribution report from the marts.

Usage: python -m attribution_kit.report --database target/attribution.duckdb \
           --out reports/attribution_report.html [--roi-model linear]

One self-contained HTML file: every chart is inline SVG drawn here (no plotting
library, no script or font from the network), so it opens offline in any
browser. Sections: attribution models compared by channel (share of won revenue,
model x channel heatmap), marketing- vs sales-sourced and marketing-influenced
pipeline, the lead funnel, ROI by channel for a chosen model (a selector switches
between models; without JavaScript the default model shows), account
reactivations, the run settings of the latest build (rpt_attribution_run_settings)
and the data-quality section (the loss summary, rpt_input_losses). A ratio whose
denominator is zero or absent from the data (a funnel stage with no lifecycle
events, a model with no won revenue) shows n/a with the reason, never 0%.
Opens the DuckDB file read-only.

Layout: loaders (SQL -> plain data), pure chart functions (data -> SVG string),
pure section and page builders (data -> HTML), and a thin main().
"""

from __future__ import annotations

import argparse
import html
import math
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb

from attribution_kit.summary import input_losses

MODEL_ORDER = (
    "first_touch", "lead_creation", "opportunity_creation", "last_touch", "last_non_direct",
    "linear", "position_based", "j_shaped", "inverse_j", "u_shaped", "w_shaped", "full_path",
    "time_decay", "markov", "shapley", "incremental",
)
FUNNEL_STAGES = (("leads", "Leads"), ("mqls", "MQLs"), ("sqls", "SQLs"),
                 ("opportunities", "Opportunities"), ("customers", "Customers"))
# Why a funnel stage with no contacts is absent: the lifecycle stage nobody has (lead also
# counts every contact from its creation, so no lead means no contact at all).
ABSENT_STAGE_REASONS = {
    "leads": "no contacts in the data",
    "mqls": "no mql lifecycle events in the data",
    "sqls": "no sql lifecycle events in the data",
    "opportunities": "no opportunity lifecycle events in the data",
    "customers": "no customer lifecycle events in the data",
}
NOT_AVAILABLE = "n/a"  # a ratio over nothing: never shown as 0%
DEFAULT_ROI_MODEL = "linear"
CHART_WIDTH = 960
FONT = "'Liberation Sans', 'Helvetica Neue', Arial, 'DejaVu Sans', sans-serif"
# Colour-blind-safe qualitative colours (Okabe-Ito) and a sequential blue ramp.
BLUE, ORANGE, GREEN, GREY, PURPLE = "#0072b2", "#e69f00", "#009e73", "#9aa3ad", "#cc79a7"
HEAT_LOW, HEAT_HIGH = (240, 246, 252), (8, 48, 107)
NOT_AVAILABLE_FILL = "#e3e7ec"  # a cell or stage with nothing to compute it from
HALO = ' paint-order="stroke" stroke="#ffffff" stroke-width="3" stroke-linejoin="round"'  # legible over lines


# ---------------------------------------------------------------- data ---

@dataclass(frozen=True)
class Headline:
    opportunities: int
    won_opportunities: int
    pipeline: float
    won_revenue: float
    spend: float
    first_created: str
    last_created: str


@dataclass(frozen=True)
class ModelComparison:
    models: list[str]
    channels: list[str]
    share: dict[tuple[str, str], float]      # (model, channel) -> share of the model's won revenue
    revenue: dict[tuple[str, str], float]    # (model, channel) -> attributed won revenue


@dataclass(frozen=True)
class Sourcing:
    # basis -> team -> (opportunities, pipeline, revenue)
    by_basis: dict[str, dict[str, tuple[int, float, float]]]
    influenced_pipeline: float
    influenced_revenue: float
    accelerated_pipeline: float
    total_pipeline: float
    total_revenue: float


@dataclass(frozen=True)
class Funnel:
    totals: dict[str, int]                   # stage -> contacts that reached it
    by_channel: dict[str, dict[str, int]]    # original-source channel -> stage -> contacts


@dataclass(frozen=True)
class RoiRow:
    channel: str
    spend: float
    attributed_revenue: float
    attributed_pipeline: float

    @property
    def roi(self) -> float | None:
        return self.attributed_revenue / self.spend if self.spend > 0 else None


@dataclass(frozen=True)
class Reactivations:
    by_month: list[tuple[str, int, int]]            # (yyyy-mm, reactivations, with pipeline followed)
    by_channel: list[tuple[str, int, int, float]]   # (channel, reactivations, with pipeline, pipeline)


@dataclass(frozen=True)
class RunSettings:
    """The latest row of rpt_attribution_run_settings: the vars of the build the marts come from."""
    invocation_id: str
    run_started_at: str
    engine: str
    dbt_version: str
    as_of_at: str
    is_as_of_set: bool
    reporting_currency: str
    lookback_days: int
    journey_scope: str
    excluded_opportunity_types: list[str]
    half_life_days: float
    time_decay_engine: str
    markov_engine: str
    markov_order: int
    shapley_engine: str
    direct_channels: list[str]
    is_incremental_built: bool
    builds_recorded: int


@dataclass(frozen=True)
class LossTable:
    """One raw input table in the loss summary: raw = accepted + rejected; flagged rows are accepted."""
    table: str
    raw: int
    accepted: int
    rejected: int
    rejected_share: float | None             # None for an empty table
    flagged: int
    exceeds_limit: bool


@dataclass(frozen=True)
class LossReason:
    """One rejected or flagged reason of a raw table, with its root cause and example keys."""
    table: str
    severity: str
    reason: str
    root_cause_table: str
    root_cause_reason: str
    rows: int
    example_keys: str

    @property
    def is_knock_on(self) -> bool:
        return (self.root_cause_table, self.root_cause_reason) != (self.table, self.reason)


@dataclass(frozen=True)
class InputLosses:
    tables: list[LossTable]
    reasons: list[LossReason]
    max_rejected_share: float | None         # var attribution_max_rejected_share of the build


@dataclass(frozen=True)
class ReportData:
    headline: Headline
    comparison: ModelComparison
    sourcing: Sourcing
    funnel: Funnel
    roi: dict[str, list[RoiRow]]                    # model -> rows (touch-month alignment, all months)
    reactivations: Reactivations
    roi_model: str = DEFAULT_ROI_MODEL
    settings: RunSettings | None = None             # None: no build recorded its settings
    losses: InputLosses | None = None               # None: not loaded (hand-made data only)


def model_sort_key(model: str) -> tuple[int, str]:
    return (MODEL_ORDER.index(model) if model in MODEL_ORDER else len(MODEL_ORDER), model)


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
    models = sorted({m for m, *_ in rows}, key=model_sort_key)
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
    return {model: roi[model] for model in sorted(roi, key=model_sort_key)}


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
    )


# ---------------------------------------------------------- formatting ---

def format_money(value: float) -> str:
    sign = "-" if value < 0 else ""
    value = abs(value)
    if value >= 1e9:
        return f"{sign}${value / 1e9:.2f}B"
    if value >= 1e6:
        return f"{sign}${value / 1e6:.2f}M"
    if value >= 1e3:
        return f"{sign}${value / 1e3:.1f}k"
    return f"{sign}${value:.0f}"


def format_percent(value: float, digits: int = 0) -> str:
    return f"{100 * value:.{digits}f}%"


def ratio(numerator: float | None, denominator: float | None) -> float | None:
    """numerator / denominator; None when the denominator is zero or missing (a rate over nothing)."""
    if numerator is None or not denominator:
        return None
    return numerator / denominator


def format_ratio(numerator: float | None, denominator: float | None, digits: int = 0) -> str:
    """A rate as a percent, or n/a when there is nothing to divide by (never 0%)."""
    value = ratio(numerator, denominator)
    return NOT_AVAILABLE if value is None else format_percent(value, digits)


def format_share(value: float | None) -> str:
    """A share for a small cell: whole percent from 10%, one decimal below, 0 for nothing, n/a for None."""
    if value is None:
        return NOT_AVAILABLE
    if value == 0:
        return "0"
    return format_percent(value, 0 if abs(value) >= 0.0995 else 1)


def format_count(value: float) -> str:
    return f"{value:,.0f}"


def esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def nice_ticks(value: float, target: int = 5, integer: bool = False) -> list[float]:
    """Axis ticks from 0 in steps of 1, 2, 2.5 or 5 x 10^k, the last at or above value.

    With `integer` (counts) the step is a whole number."""
    if not value > 0:
        return [0.0, 1.0]
    raw = max(value / target, 1.0) if integer else value / target
    exponent = math.floor(math.log10(raw))
    multiples = (1, 2, 5, 10) if integer and exponent == 0 else (1, 2, 2.5, 5, 10)
    step = next(m * 10**exponent for m in multiples if m * 10**exponent >= raw * (1 - 1e-12))
    count = math.ceil(value / step - 1e-9)
    return [step * k for k in range(count + 1)]


def heat_colour(value: float, low: float, high: float) -> str:
    t = 0.0 if high <= low else min(max((value - low) / (high - low), 0.0), 1.0)
    t = t**0.8
    rgb = [round(a + (b - a) * t) for a, b in zip(HEAT_LOW, HEAT_HIGH, strict=True)]
    return "#{:02x}{:02x}{:02x}".format(*rgb)


def text_colour_on(fill: str) -> str:
    r, g, b = (int(fill[i:i + 2], 16) for i in (1, 3, 5))
    return "#ffffff" if 0.299 * r + 0.587 * g + 0.114 * b < 140 else "#1b1f24"


# -------------------------------------------------------------- charts ---
# Each returns one <svg class="chart" data-chart=NAME> element. Marks carry a
# class (bar, cell, stage) and a <title> for the browser's tooltip.

def _svg_open(name: str, height: float, label: str, width: float = CHART_WIDTH) -> str:
    return (
        f'<svg class="chart" data-chart="{esc(name)}" '
        f'viewBox="0 0 {width:g} {height:g}" width="100%" role="img" aria-label="{esc(label)}" '
        f'font-family="{FONT}" font-size="13">'
        f"<title>{esc(label)}</title>"
    )


def _legend(items: Sequence[tuple[str, str]], x: float, y: float) -> str:
    parts = []
    for name, colour in items:
        parts.append(
            f'<rect class="legend-key" x="{x:.1f}" y="{y - 10:.1f}" width="12" height="12" fill="{colour}"/>'
            f'<text x="{x + 17:.1f}" y="{y:.1f}" fill="#1b1f24">{esc(name)}</text>'
        )
        x += 30 + 7.2 * len(name)
    return "".join(parts)


def heatmap_svg(
    name: str,
    rows: Sequence[str],
    columns: Sequence[str],
    values: dict[tuple[str, str], float | None],
    label: str,
    value_format=format_share,
    tooltip_extra: dict[tuple[str, str], str] | None = None,
) -> str:
    """Rows x columns grid of coloured cells, each with its value written in.

    A missing key is 0; a None value (nothing to compute it from) is a grey n/a cell."""
    left, top, cell_h = 150, 110, 28
    cell_w = max(44.0, min(80.0, (CHART_WIDTH - left - 10) / max(len(columns), 1)))
    width = left + cell_w * len(columns) + 10
    height = top + cell_h * len(rows) + 10
    present = [v for r in rows for c in columns if (v := values.get((r, c), 0.0)) is not None]
    low, high = (min(present), max(present)) if present else (0.0, 1.0)
    out = [_svg_open(name, height, label, width)]
    for j, column in enumerate(columns):
        x = left + cell_w * (j + 0.5)
        out.append(
            f'<text class="column-label" transform="translate({x:.1f},{top - 8}) rotate(-40)" '
            f'fill="#1b1f24">{esc(column)}</text>'
        )
    for i, row in enumerate(rows):
        y = top + cell_h * i
        out.append(
            f'<text class="row-label" x="{left - 8}" y="{y + cell_h / 2 + 4:.1f}" text-anchor="end" '
            f'fill="#1b1f24">{esc(row)}</text>'
        )
        for j, column in enumerate(columns):
            value = values.get((row, column), 0.0)
            fill = NOT_AVAILABLE_FILL if value is None else heat_colour(value, low, high)
            x = left + cell_w * j
            extra = (tooltip_extra or {}).get((row, column), "")
            out.append(
                f'<rect class="cell" x="{x:.1f}" y="{y:.1f}" width="{cell_w - 2:.1f}" height="{cell_h - 2}" '
                f'rx="2" fill="{fill}"><title>{esc(row)} x {esc(column)}: {esc(value_format(value))}'
                f"{esc(extra)}</title></rect>"
                f'<text x="{x + (cell_w - 2) / 2:.1f}" y="{y + cell_h / 2 + 3:.1f}" text-anchor="middle" '
                f'font-size="11" fill="{text_colour_on(fill)}" pointer-events="none">'
                f"{esc(value_format(value))}</text>"
            )
    out.append("</svg>")
    return "".join(out)


def hbar_svg(
    name: str,
    categories: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None], str]],
    label: str,
    value_format=format_money,
    stacked: bool = False,
    reference: tuple[float, str] | None = None,
    annotations: Sequence[str] | None = None,
) -> str:
    """Horizontal bars: one row per category, one bar per series (side by side or stacked).

    A None value draws no bar (a measure that does not apply to that row)."""
    n_series = len(series)
    left, right, bottom = 190, 170, 30
    top = 34 if n_series > 1 or reference else 12  # room for the legend or the reference's label
    row_h = 30 if stacked or n_series == 1 else 14 * n_series + 14
    height = top + row_h * len(categories) + bottom
    plot_w = CHART_WIDTH - left - right
    if stacked:
        totals = [sum(values[i] or 0.0 for _, values, _ in series) for i in range(len(categories))]
    else:
        totals = [v for _, values, _ in series for v in values if v is not None]
    ticks = nice_ticks(
        max([*totals, reference[0] if reference else 0.0, 0.0]), integer=value_format is format_count
    )
    scale = plot_w / ticks[-1]
    out = [_svg_open(name, height, label)]
    if n_series > 1:
        out.append(_legend([(s, c) for s, _, c in series], left, 16))
    for tick in ticks:
        x = left + tick * scale
        out.append(
            f'<line x1="{x:.1f}" y1="{top - 4}" x2="{x:.1f}" y2="{height - bottom}" stroke="#e3e7ec"/>'
            f'<text x="{x:.1f}" y="{height - bottom + 16}" text-anchor="middle" font-size="11" '
            f'fill="#5b6570">{esc(value_format(tick))}</text>'
        )
    if reference:  # under the bars and labels
        x = left + reference[0] * scale
        out.append(
            f'<line class="reference" x1="{x:.1f}" y1="{top - 6}" x2="{x:.1f}" y2="{height - bottom}" '
            f'stroke="#c0392b" stroke-dasharray="4 3" stroke-width="1.5"/>'
            f'<text x="{x + 4:.1f}" y="{top - 10}" font-size="11" fill="#c0392b">{esc(reference[1])}</text>'
        )
    for i, category in enumerate(categories):
        y0 = top + row_h * i
        out.append(
            f'<text class="row-label" x="{left - 8}" y="{y0 + row_h / 2 + 4:.1f}" text-anchor="end" '
            f'fill="#1b1f24">{esc(category)}</text>'
        )
        offset = 0.0
        for k, (series_name, values, colour) in enumerate(series):
            if values[i] is None:
                continue
            value = max(values[i], 0.0)
            if stacked:
                x, y, h = left + offset * scale, y0 + 6, row_h - 12
                offset += value
            else:
                bar_h = (row_h - 10) / n_series
                x, y, h = left, y0 + 5 + k * bar_h, bar_h - 2
            w = value * scale
            out.append(
                f'<rect class="bar" x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" fill="{colour}">'
                f"<title>{esc(category)}, {esc(series_name)}: {esc(value_format(values[i]))}</title></rect>"
            )
            if not stacked:
                out.append(
                    f'<text x="{x + w + 5:.1f}" y="{y + h / 2 + 4:.1f}" font-size="11" fill="#1b1f24"{HALO}>'
                    f"{esc(value_format(values[i]))}</text>"
                )
        if stacked:
            note = annotations[i] if annotations else value_format(offset)
            out.append(
                f'<text x="{left + offset * scale + 6:.1f}" y="{y0 + row_h / 2 + 4:.1f}" font-size="11" '
                f'fill="#1b1f24"{HALO}>{esc(note)}</text>'
            )
        elif annotations:
            out.append(
                f'<text x="{CHART_WIDTH - 8}" y="{y0 + row_h / 2 + 4:.1f}" text-anchor="end" font-size="11" '
                f'fill="#5b6570">{esc(annotations[i])}</text>'
            )
    out.append("</svg>")
    return "".join(out)


def column_svg(
    name: str,
    categories: Sequence[str],
    series: Sequence[tuple[str, Sequence[float], str]],
    label: str,
    value_format=format_count,
) -> str:
    """Vertical stacked columns (e.g. one per month), labels thinned to stay legible."""
    left, right, top, bottom = 56, 16, 34, 46
    height = 300
    plot_w, plot_h = CHART_WIDTH - left - right, height - top - bottom
    totals = [sum(values[i] for _, values, _ in series) for i in range(len(categories))]
    ticks = nice_ticks(max([*totals, 0.0]), integer=value_format is format_count)
    maximum = ticks[-1]
    slot = plot_w / max(len(categories), 1)
    out = [_svg_open(name, height, label), _legend([(s, c) for s, _, c in series], left, 16)]
    for tick in ticks:
        y = top + plot_h - tick / maximum * plot_h
        out.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{CHART_WIDTH - right}" y2="{y:.1f}" stroke="#e3e7ec"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11" fill="#5b6570">'
            f"{esc(value_format(tick))}</text>"
        )
    every = max(1, math.ceil(len(categories) / 16))
    for i, category in enumerate(categories):
        x = left + slot * i + slot * 0.15
        base = 0.0
        for series_name, values, colour in series:
            value = max(values[i], 0.0)
            h = value / maximum * plot_h
            y = top + plot_h - (base + value) / maximum * plot_h
            out.append(
                f'<rect class="bar" x="{x:.1f}" y="{y:.1f}" width="{slot * 0.7:.1f}" height="{h:.1f}" '
                f'fill="{colour}"><title>{esc(category)}, {esc(series_name)}: {esc(value_format(values[i]))}'
                "</title></rect>"
            )
            base += value
        if i % every == 0:
            out.append(
                f'<text x="{x + slot * 0.35:.1f}" y="{top + plot_h + 16}" text-anchor="middle" '
                f'font-size="11" fill="#5b6570">{esc(category)}</text>'
            )
    out.append("</svg>")
    return "".join(out)


def funnel_svg(name: str, stages: Sequence[tuple[str, int | None]], label: str) -> str:
    """Centred bars narrowing stage by stage, with the conversion from the previous stage.

    A None count is a stage absent from the data: an outlined box reading n/a, and n/a for
    the conversion into it and out of it."""
    top, row_h, height_pad = 10, 46, 10
    height = top + row_h * len(stages) + height_pad
    centre, max_w, absent_w = CHART_WIDTH / 2 - 60, CHART_WIDTH - 380, 120
    widest = max([count for _, count in stages if count] + [1])
    out = [_svg_open(name, height, label)]
    for i, (stage, count) in enumerate(stages):
        y = top + row_h * i
        out.append(
            f'<text x="{centre - max_w / 2 - 12:.1f}" y="{y + row_h / 2:.1f}" text-anchor="end" '
            f'font-weight="600" fill="#1b1f24">{esc(stage)}</text>'
        )
        if count is None:
            out.append(
                f'<rect class="stage-absent" x="{centre - absent_w / 2:.1f}" y="{y:.1f}" width="{absent_w}" '
                f'height="{row_h - 8}" rx="3" fill="{NOT_AVAILABLE_FILL}" stroke="#9aa3ad" '
                f'stroke-dasharray="4 3"><title>{esc(stage)}: {NOT_AVAILABLE}, absent from the data</title>'
                "</rect>"
                f'<text class="stage-count" x="{centre:.1f}" y="{y + row_h / 2:.1f}" text-anchor="middle" '
                f'font-weight="600" fill="#1b1f24">{NOT_AVAILABLE}</text>'
            )
        else:
            w = max(count / widest * max_w, 2.0)
            colour = [BLUE, "#2b86c5", "#4f9bd2", GREEN, "#007a5a"][i % 5]
            out.append(
                f'<rect class="stage" x="{centre - w / 2:.1f}" y="{y:.1f}" width="{w:.1f}" '
                f'height="{row_h - 8}" rx="3" fill="{colour}">'
                f"<title>{esc(stage)}: {format_count(count)}</title></rect>"
                f'<text class="stage-count" x="{centre:.1f}" y="{y + row_h / 2:.1f}" '
                f'text-anchor="middle" font-weight="600" '
                f'fill="{text_colour_on(colour) if w > 60 else "#1b1f24"}">{format_count(count)}</text>'
            )
        if i > 0:
            previous = stages[i - 1][1]
            out.append(
                f'<text class="conversion" x="{centre + max_w / 2 + 14:.1f}" y="{y + row_h / 2:.1f}" '
                f'fill="#5b6570">{format_ratio(count, previous)} of {esc(stages[i - 1][0])}</text>'
            )
    out.append("</svg>")
    return "".join(out)


# ------------------------------------------------------------ sections ---

def _figure(svg: str, caption: str) -> str:
    return f'<figure class="figure">{svg}<figcaption>{caption}</figcaption></figure>'


def _table(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    numeric_from: int = 1,
    numeric_to: int | None = None,
    row_attributes: Sequence[dict[str, str]] | None = None,
    table_id: str | None = None,
) -> str:
    """An HTML table; columns numeric_from up to (not including) numeric_to are right-aligned numbers.

    row_attributes: per row, attributes of its <tr> (class, data-*), escaped here."""
    def numeric(j: int) -> bool:
        return j >= numeric_from and (numeric_to is None or j < numeric_to)

    head = "".join(f'<th class="{"num" if numeric(j) else ""}">{esc(h)}</th>' for j, h in enumerate(header))
    attributes = row_attributes or [{}] * len(rows)
    body = "".join(
        "<tr" + "".join(f' {name}="{esc(value)}"' for name, value in attributes[i].items()) + ">"
        + "".join(f'<td class="{"num" if numeric(j) else ""}">{esc(cell)}</td>' for j, cell in enumerate(row))
        + "</tr>"
        for i, row in enumerate(rows)
    )
    identifier = f' id="{esc(table_id)}"' if table_id else ""
    return f"<table{identifier}><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def headline_html(h: Headline) -> str:
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
    return '<div class="tiles">' + "".join(
        f'<div class="tile"><div class="tile-label">{esc(a)}</div><div class="tile-value">{esc(b)}</div>'
        f'<div class="tile-note">{esc(c)}</div></div>'
        for a, b, c in tiles
    ) + "</div>"


def comparison_section(c: ModelComparison) -> str:
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
    note = ""
    if no_revenue:
        note = (
            f'<p class="note not-available">{NOT_AVAILABLE}: {esc(", ".join(no_revenue))} credit no won '
            "revenue (no opportunity was won), so they have no share to show.</p>"
        )
    return (
        '<section id="model-comparison"><h2>Attribution models compared by channel</h2>'
        "<p>Each row is an attribution model, each column a channel; a cell is the channel's share of the "
        "won revenue under that model (every row sums to 100%; darker is more). Reading down a column shows "
        "how much the models disagree about that channel.</p>"
        + _figure(svg, "Share of won revenue, model x channel (rpt_attribution_model_comparison).")
        + note + "</section>"
    )


def sourcing_section(s: Sourcing) -> str:
    oc = s.by_basis.get("opportunity_creation_touch", {})
    ft = s.by_basis.get("first_touch", {})
    labels = {"marketing": "Marketing-sourced", "sales": "Sales-sourced", "unknown": "No sourcing touch"}
    teams = [t for t in ("marketing", "sales", "unknown") if t in oc] + sorted(set(oc) - set(labels))
    categories = [labels.get(t, t) for t in teams] + ["Marketing-influenced", "Marketing-accelerated"]
    pipeline = [oc[t][1] for t in teams] + [s.influenced_pipeline, s.accelerated_pipeline]
    revenue: list[float | None] = [oc[t][2] for t in teams] + [s.influenced_revenue, None]
    svg = hbar_svg(
        "sourced-vs-influenced", categories,
        [("Pipeline", pipeline, BLUE), ("Won revenue", revenue, ORANGE)],
        "Sourced vs influenced pipeline and won revenue",
    )
    rows = []
    order = list(labels)
    for team in sorted(set(oc) | set(ft), key=lambda t: (order.index(t) if t in order else len(order), t)):
        o, f = oc.get(team, (0, 0.0, 0.0)), ft.get(team, (0, 0.0, 0.0))
        rows.append([
            labels.get(team, team),
            format_count(o[0]), format_ratio(o[1], s.total_pipeline), format_money(o[2]),
            format_count(f[0]), format_ratio(f[1], s.total_pipeline), format_money(f[2]),
        ])
    table = _table(
        ["Sourced by", "Opps (OC)", "Pipeline share (OC)", "Won revenue (OC)",
         "Opps (first touch)", "Pipeline share (first touch)", "Won revenue (first touch)"],
        rows,
    )
    return (
        '<section id="sourcing"><h2>Sourced vs influenced</h2>'
        "<p><b>Sourced</b>: the team (marketing or sales) of the opportunity-creation touch (OC), the last "
        "touch at or before the opportunity was created. <b>Influenced</b>: any marketing touch in the "
        "journey; <b>accelerated</b>: a marketing touch after the opportunity was created. Sourced rows add "
        "up to the total; influenced and accelerated overlap them.</p>"
        + _figure(svg, "Pipeline and won revenue by sourcing (rpt_sourced_pipeline, OC basis).")
        + "<h3>Two sourcing bases</h3>" + table + "</section>"
    )


def absent_stages(f: Funnel) -> list[str]:
    """The funnel stages no contact reached: absent from the data, so n/a rather than 0."""
    return [stage for stage, _ in FUNNEL_STAGES if not f.totals.get(stage)]


def funnel_section(f: Funnel, min_leads: int = 10) -> str:
    absent = absent_stages(f)
    labels = dict(FUNNEL_STAGES)
    stages = [(label, None if stage in absent else f.totals[stage]) for stage, label in FUNNEL_STAGES]
    svg = funnel_svg("funnel", stages, "Lead funnel: contacts reaching each stage")
    absent_note = ""
    if absent:
        reasons = "; ".join(f"{labels[stage]}: {ABSENT_STAGE_REASONS[stage]}" for stage in absent)
        absent_note = (
            f'<p class="note not-available" data-absent-stages="{esc(" ".join(absent))}">'
            f"{NOT_AVAILABLE}: {esc(reasons)}. A stage no contact reached has no count and no conversion "
            f"rate into or out of it: it reads {NOT_AVAILABLE}, not 0 or 0%.</p>"
        )
    by_channel_title = "<h3>Lead to customer by original source</h3>"
    ends_absent = [stage for stage in absent if stage in ("leads", "customers")]
    if ends_absent:
        missing = "; ".join(ABSENT_STAGE_REASONS[stage] for stage in ends_absent)
        by_channel = (
            f'<p class="note not-available">Lead-to-customer conversion by channel: {NOT_AVAILABLE} '
            f"({esc(missing)}).</p>"
        )
    else:
        channels = [
            (channel, counts) for channel, counts in f.by_channel.items()
            if counts.get("leads", 0) >= min_leads and channel != "(none)"
        ]
        channels.sort(key=lambda item: (-item[1]["customers"] / item[1]["leads"], item[0]))
        if channels:
            rates = [counts["customers"] / counts["leads"] for _, counts in channels]
            conversion_svg = hbar_svg(
                "funnel-by-channel", [c for c, _ in channels], [("Lead to customer", rates, GREEN)],
                "Lead-to-customer conversion by original source channel",
                value_format=lambda v: format_percent(v, 1),
                annotations=[f"{format_count(counts['leads'])} leads" for _, counts in channels],
            )
            by_channel = _figure(
                conversion_svg,
                f"Share of leads that became customers, by original source channel (channels with at least "
                f"{min_leads} leads).",
            )
        else:
            by_channel = f'<p class="note">No original source channel has {min_leads} leads or more.</p>'
    return (
        '<section id="funnel"><h2>Funnel</h2>'
        "<p>Contacts that reached each lifecycle stage (the first time they reached it), all lead cohorts "
        "together, with the conversion from the stage before.</p>"
        + _figure(svg, "Funnel volumes and stage conversion (rpt_funnel_by_cohort).")
        + absent_note + by_channel_title + by_channel + "</section>"
    )


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


def roi_section(roi: dict[str, list[RoiRow]], chosen: str) -> str:
    if not roi:
        return '<section id="roi"><h2>ROI by channel</h2><p>No attributed revenue or spend.</p></section>'
    if chosen not in roi:
        chosen = DEFAULT_ROI_MODEL if DEFAULT_ROI_MODEL in roi else next(iter(roi))
    options = "".join(
        f'<option value="{esc(m)}"{" selected" if m == chosen else ""}>{esc(m)}</option>' for m in roi
    )
    panels = []
    for model, rows in roi.items():
        svg, unspent = roi_chart(model, rows)
        note = ""
        if unspent:
            note = f'<p class="note">Credited revenue without spend: {esc(", ".join(unspent))}.</p>'
        hidden = "" if model == chosen else " hidden"
        panels.append(
            f'<div class="roi-panel" data-model="{esc(model)}"{hidden}>'
            + _figure(
                svg,
                f"Attributed won revenue / spend by channel, {esc(model)} model; the label is revenue / "
                "spend (rpt_attribution_roi, touch-month alignment, all months).",
            )
            + note + "</div>"
        )
    return (
        '<section id="roi"><h2>ROI by channel</h2>'
        "<p>Won revenue the model credits to a channel divided by what the channel cost (ad spend and "
        "campaign costs), over the whole period. Right of the dashed line a channel returned more than it "
        'cost. <label>Attribution model <select id="roi-model">' + options + "</select></label></p>"
        + "".join(panels) + "</section>"
    )


def reactivations_section(r: Reactivations) -> str:
    if not r.by_month:
        return '<section id="reactivations"><h2>Account reactivations</h2><p>None.</p></section>'
    months = [m for m, _, _ in r.by_month]
    with_pipeline = [float(p) for _, _, p in r.by_month]
    without = [float(n - p) for _, n, p in r.by_month]
    by_month = column_svg(
        "reactivations-by-month", months,
        [("Pipeline followed", with_pipeline, GREEN), ("No pipeline (yet)", without, GREY)],
        "Account reactivations per month",
    )
    channels = [c for c, *_ in r.by_channel]
    by_channel = hbar_svg(
        "reactivations-by-channel", channels,
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
    return (
        '<section id="reactivations"><h2>Account reactivations</h2>'
        f"<p>{format_count(total)} touches woke an account up after a long silence; "
        f"{format_count(followed)} ({format_ratio(followed, total)}) were followed by a "
        "new opportunity within the pipeline window.</p>"
        + _figure(by_month, "Reactivating touches per month (fct_account_reactivations).")
        + "<h3>By channel of the reactivating touch</h3>"
        + _figure(by_channel, "Which channels bring cold accounts back, and how often pipeline followed.")
        + "</section>"
    )


SCOPE_MEANINGS = {
    "account": "every contact of the opportunity's account",
    "contact_roles": "the opportunity's contact roles, wherever their account is",
}


def settings_section(settings: RunSettings | None) -> str:
    """The vars of the latest build: as-of, scope, lookback, exclusions, currency, engines, half-life."""
    title = '<section id="run-settings"><h2>Run settings</h2>'
    if settings is None:
        return (
            title + '<p class="note">No build recorded its settings (marts.rpt_attribution_run_settings is '
            "empty): the settings behind these numbers are unknown.</p></section>"
        )
    st = settings
    as_of_source = (
        "set by var attribution_as_of (a point-in-time view)" if st.is_as_of_set
        else "the latest event in the data (var attribution_as_of not set)"
    )
    excluded = ", ".join(st.excluded_opportunity_types) or "none"
    incremental = "built" if st.is_incremental_built else "not built on this engine"
    rows = [
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
    table = _table(
        ["Setting", "Value", "Var"], [[label, value, var] for _, label, value, var in rows], numeric_from=3,
        row_attributes=[{"data-setting": key} for key, *_ in rows], table_id="run-settings-table",
    )
    earlier = st.builds_recorded - 1
    history = ""
    if earlier:
        history = f"; {format_count(earlier)} earlier build{'s' if earlier != 1 else ''} recorded"
    return (
        title + "<p>The settings in force in the latest build (marts.rpt_attribution_run_settings): "
        f"{esc(st.engine)}, dbt {esc(st.dbt_version)}, started {esc(st.run_started_at)} UTC, invocation "
        f"<code>{esc(st.invocation_id)}</code>{esc(history)}. Every var is described in docs/settings.md.</p>"
        + table + "</section>"
    )


def _limit_text(losses: InputLosses) -> str:
    limit = losses.max_rejected_share
    return NOT_AVAILABLE if limit is None else format_percent(limit, 2)


def over_limit_alert(losses: InputLosses | None) -> str:
    """A banner at the top of the page when a raw table lost more rows than the build allows."""
    over = [t for t in (losses.tables if losses else []) if t.exceeds_limit]
    if not over:
        return ""
    tables = ", ".join(f"{t.table} ({format_percent(t.rejected_share or 0.0, 2)} rejected)" for t in over)
    return (
        '<div class="alert" role="alert"><b>Rows lost above the limit.</b> '
        f"{esc(tables)}: more than {esc(_limit_text(losses))} (var attribution_max_rejected_share), so the "
        "build's loss "
        "gate failed and every number below leaves those rows out. See "
        '<a href="#data-quality">Data quality</a>.</div>'
    )


def data_quality_section(losses: InputLosses | None) -> str:
    """Raw, accepted, rejected (share) and flagged rows per raw table, then every reason and root cause."""
    title = '<section id="data-quality"><h2>Data quality</h2>'
    if losses is None:
        return title + '<p class="note">The loss summary was not loaded.</p></section>'
    limit = _limit_text(losses)
    intro = (
        "<p>Every raw row is accepted into staging or rejected with its reason: raw = accepted + rejected. "
        "Flagged rows are accepted rows kept with a warning (counted once, among the accepted). A table that "
        f"loses more than {esc(limit)} of its rows (var attribution_max_rejected_share) fails the build. The "
        "rejected rows themselves, each with its key, reason and raw text, are in "
        "<code>staging.stg_input__rejected_rows</code>; docs/data_quality.md explains every reason. "
        "Counts from marts.rpt_input_losses.</p>"
    )
    table_rows, table_attributes = [], []
    for t in losses.tables:
        table_rows.append([
            t.table, format_count(t.raw), format_count(t.accepted), format_count(t.rejected),
            NOT_AVAILABLE if t.rejected_share is None else format_percent(t.rejected_share, 2),
            format_count(t.flagged),
            "over the limit" if t.exceeds_limit else "",
        ])
        table_attributes.append(
            {"data-table": t.table, **({"class": "over-limit"} if t.exceeds_limit else {})}
        )
    tables = _table(
        ["Raw table", "Raw rows", "Accepted", "Rejected", "Rejected share", "Flagged", ""],
        table_rows, numeric_to=6, row_attributes=table_attributes, table_id="input-losses-by-table",
    )
    over = {t.table for t in losses.tables if t.exceeds_limit}
    raw = {t.table: t.raw for t in losses.tables}
    if losses.reasons:
        reason_rows, reason_attributes = [], []
        for r in losses.reasons:
            cause = f"{r.root_cause_table} {r.root_cause_reason}" if r.is_knock_on else "itself"
            reason_rows.append([
                r.table, r.severity, r.reason, cause, format_count(r.rows),
                format_ratio(r.rows, raw.get(r.table), 2), r.example_keys,
            ])
            reason_attributes.append({
                "data-table": r.table, "data-severity": r.severity, "data-reason": r.reason,
                **({"class": "over-limit"} if r.severity == "rejected" and r.table in over else {}),
            })
        reasons = _table(
            ["Raw table", "Severity", "Reason", "Root cause", "Rows", "Share of table", "Example keys"],
            reason_rows, numeric_from=4, numeric_to=6, row_attributes=reason_attributes,
            table_id="input-losses-by-reason",
        )
    else:
        reasons = '<p class="note">No row was rejected or flagged.</p>'
    return (
        title + intro + tables + "<h3>Rejected and flagged rows by reason</h3>"
        "<p>A knock-on rejection (a row whose parent row was rejected) names the parent's table and reason "
        "as its root cause; example keys are the three smallest.</p>" + reasons + "</section>"
    )


STYLE = """
* { box-sizing: border-box; }
body { margin: 0; background: #f4f6f8; color: #1b1f24; font: 15px/1.5 {font}; }
header { background: #0b2545; color: #fff; padding: 28px 40px 22px; }
header h1 { margin: 0 0 4px; font-size: 26px; }
header p { margin: 0; color: #c9d6e3; }
main { max-width: 1040px; margin: 0 auto; padding: 24px 24px 48px; }
section { background: #fff; border-radius: 8px; padding: 20px 24px; margin: 0 0 22px;
          box-shadow: 0 1px 3px rgba(11, 37, 69, 0.12); }
h2 { margin: 0 0 8px; font-size: 20px; color: #0b2545; }
h3 { margin: 18px 0 6px; font-size: 15px; }
p { margin: 6px 0 10px; }
.figure { margin: 10px 0 6px; }
.figure svg { display: block; max-width: 100%; height: auto; }
figcaption { color: #5b6570; font-size: 12px; margin-top: 4px; }
.tiles { display: grid; grid-template-columns: repeat(4, 1fr); gap: 14px; margin: 0 0 22px; }
.tile { background: #fff; border-radius: 8px; padding: 14px 16px;
        box-shadow: 0 1px 3px rgba(11, 37, 69, 0.12); }
.tile-label { color: #5b6570; font-size: 12px; text-transform: uppercase; letter-spacing: 0.04em; }
.tile-value { font-size: 26px; font-weight: 700; color: #0b2545; }
.tile-note { color: #5b6570; font-size: 12px; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th, td { padding: 5px 8px; border-bottom: 1px solid #e3e7ec; text-align: left; }
th { color: #5b6570; font-weight: 600; }
td:first-child { white-space: nowrap; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
select { font: inherit; padding: 2px 6px; margin-left: 6px; }
.note { color: #5b6570; font-size: 13px; }
code { font-family: 'Liberation Mono', 'DejaVu Sans Mono', monospace; font-size: 13px; }
tr.over-limit td { background: #fdecea; color: #8a1c12; font-weight: 600; }
.alert { background: #fdecea; border-left: 5px solid #c0392b; color: #5e130c; border-radius: 6px;
         padding: 12px 16px; margin: 0 0 22px; }
.alert a { color: #5e130c; }
header .run { margin-top: 6px; font-size: 13px; }
header a { color: #c9d6e3; }
[hidden] { display: none !important; }
footer { color: #5b6570; font-size: 12px; text-align: center; padding-bottom: 24px; }
""".replace("{font}", FONT)

SCRIPT = """
(function () {
  var select = document.getElementById('roi-model');
  if (!select) { return; }
  function show() {
    document.querySelectorAll('.roi-panel').forEach(function (panel) {
      panel.hidden = panel.getAttribute('data-model') !== select.value;
    });
  }
  select.addEventListener('change', show);
  show();
})();
"""


def render_report(data: ReportData, title: str = "B2B revenue attribution report") -> str:
    """The whole page as one HTML string (no external resource of any kind)."""
    sections = [
        over_limit_alert(data.losses),
        headline_html(data.headline),
        comparison_section(data.comparison),
        sourcing_section(data.sourcing),
        funnel_section(data.funnel),
        roi_section(data.roi, data.roi_model),
        reactivations_section(data.reactivations),
        settings_section(data.settings),
        data_quality_section(data.losses),
    ]
    run = ""
    if data.settings:
        st = data.settings
        source = "var attribution_as_of" if st.is_as_of_set else "latest event in the data"
        run = (
            f'<p class="run">As of {esc(st.as_of_at)} UTC ({source}), journey scope {esc(st.journey_scope)}, '
            f"lookback {st.lookback_days:,} days, amounts in {esc(st.reporting_currency)}. "
            '<a href="#run-settings">Run settings</a>, <a href="#data-quality">data quality</a>.</p>'
        )
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(title)}</title><style>{STYLE}</style></head><body>"
        f"<header><h1>{esc(title)}</h1><p>Multi-touch attribution of pipeline and won revenue, built from "
        f"the dbt marts. Amounts in the reporting currency.</p>{run}</header>"
        "<main>" + "".join(sections) + "</main>"
        "<footer>Generated by attribution_kit.report from the dbt marts; works offline.</footer>"
        f"<script>{SCRIPT}</script></body></html>\n"
    )


# ---------------------------------------------------------------- main ---

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default="target/attribution.duckdb", help="DuckDB file built by dbt")
    parser.add_argument("--out", default="reports/attribution_report.html", help="HTML file to write")
    parser.add_argument("--roi-model", default=DEFAULT_ROI_MODEL, help="model shown first in the ROI chart")
    args = parser.parse_args(argv)
    database = Path(args.database)
    if not database.exists():
        print(f"No build at {database}: run `make demo` first.", file=sys.stderr)
        return 1
    con = duckdb.connect(str(database), read_only=True)
    try:
        data = load_report_data(con, roi_model=args.roi_model)
    finally:
        con.close()
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render_report(data), encoding="utf-8")
    print(f"Attribution report: {out.resolve()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
