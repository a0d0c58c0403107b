"""Build the static HTML attribution report from the marts.

Usage: python -m attribution_kit.report --database target/attribution.duckdb \
           --out reports/attribution_report.html [--roi-model linear]

One self-contained HTML file: every chart is inline SVG drawn here (no plotting
library, no script or font from the network), so it opens offline in any
browser. Sections: attribution models compared by channel (share of won revenue,
model x channel heatmap), marketing- vs sales-sourced and marketing-influenced
pipeline, the lead funnel, ROI by channel for a chosen model (a selector switches
between models; without JavaScript the default model shows), account
reactivations, planning (leading indicators of lead progression by channel
against their norm, flagged cohorts, the budget scenario), the run settings of
the latest build (rpt_attribution_run_settings) and the data-quality section
(the loss summary, rpt_input_losses). A ratio whose denominator is zero or
absent from the data (a funnel stage with no lifecycle events, a model with no
won revenue) shows n/a with the reason, never 0%.
Opens the DuckDB file read-only.

Layout: data.py (one dataclass per section), loaders.py (SQL -> plain data),
formatting.py, charts.py (pure: data -> SVG string), sections.py (data -> the view of
each section's macro), page.py and render.py (the Jinja2 templates in templates/ with
the style and script of static/ inlined), cli.py (a thin main()).
"""

from attribution_kit.report.charts import column_svg, funnel_svg, hbar_svg, heatmap_svg, nice_ticks
from attribution_kit.report.cli import main
from attribution_kit.report.data import (
    DEFAULT_ROI_MODEL,
    NOT_AVAILABLE,
    Funnel,
    Headline,
    InputLosses,
    LossReason,
    LossTable,
    ModelComparison,
    Reactivations,
    ReportData,
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
from attribution_kit.report.loaders import load_report_data
from attribution_kit.report.page import render_report
from attribution_kit.report.sections import (
    absent_stages,
    comparison_section,
    data_quality_section,
    funnel_section,
    headline_html,
    over_limit_alert,
    reactivations_section,
    roi_chart,
    roi_section,
    settings_section,
    sourcing_section,
)

__all__ = [
    "DEFAULT_ROI_MODEL",
    "Funnel",
    "Headline",
    "InputLosses",
    "LossReason",
    "LossTable",
    "ModelComparison",
    "NOT_AVAILABLE",
    "Reactivations",
    "ReportData",
    "RoiRow",
    "RunSettings",
    "Sourcing",
    "absent_stages",
    "column_svg",
    "comparison_section",
    "data_quality_section",
    "format_count",
    "format_money",
    "format_percent",
    "format_ratio",
    "format_share",
    "funnel_section",
    "funnel_svg",
    "hbar_svg",
    "headline_html",
    "heatmap_svg",
    "load_report_data",
    "main",
    "nice_ticks",
    "over_limit_alert",
    "reactivations_section",
    "render_report",
    "roi_chart",
    "roi_section",
    "settings_section",
    "sourcing_section",
]
