"""The whole page: every section in order, the run line under the title."""

from __future__ import annotations

from attribution_kit.report.data import ReportData, RunSettings
from attribution_kit.report.render import render_page
from attribution_kit.report.sections import (
    comparison_section,
    data_quality_section,
    funnel_section,
    headline_html,
    over_limit_alert,
    planning_section,
    reactivations_section,
    roi_section,
    settings_section,
    sourcing_section,
)


def run_line(settings: RunSettings | None) -> dict | None:
    """What the header says about the build: as-of, scope, lookback, currency (None: not recorded)."""
    if settings is None:
        return None
    return {
        "as_of_at": settings.as_of_at,
        "source": "var attribution_as_of" if settings.is_as_of_set else "latest event in the data",
        "journey_scope": settings.journey_scope,
        "lookback_days": f"{settings.lookback_days:,}",
        "reporting_currency": settings.reporting_currency,
    }


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
        planning_section(data.planning),
        settings_section(data.settings),
        data_quality_section(data.losses),
    ]
    return render_page(title, [s for s in sections if s], run_line(data.settings))
