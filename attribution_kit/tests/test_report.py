"""Unit tests of the HTML report's pure parts: formatting, axis ticks, the SVG
charts and the page, on hand-made data (no database, no browser: the browser test
is python_tests/test_report_in_browser.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from attribution_kit import report as r

PROJECT_DIR = Path(__file__).resolve().parents[2]


def sample_data(roi_model: str = "linear") -> r.ReportData:
    models = ["first_touch", "linear"]
    channels = ["email", "webinar", "(unattributed)"]
    share = {("first_touch", "email"): 0.7, ("first_touch", "webinar"): 0.3, ("linear", "email"): 0.5,
             ("linear", "webinar"): 0.45, ("linear", "(unattributed)"): 0.05}
    return r.ReportData(
        headline=r.Headline(10, 4, 1_000_000.0, 400_000.0, 50_000.0, "2025-01-01", "2025-12-31"),
        comparison=r.ModelComparison(models, channels, share, {k: v * 400_000 for k, v in share.items()}),
        sourcing=r.Sourcing(
            {
                "opportunity_creation_touch": {
                    "marketing": (7, 800_000.0, 300_000.0), "sales": (3, 200_000.0, 100_000.0),
                },
                "first_touch": {"marketing": (9, 950_000.0, 390_000.0), "unknown": (1, 50_000.0, 10_000.0)},
            },
            900_000.0, 350_000.0, 500_000.0, 1_000_000.0, 400_000.0,
        ),
        funnel=r.Funnel(
            {"leads": 100, "mqls": 60, "sqls": 30, "opportunities": 20, "customers": 8},
            {"email": {"leads": 70, "mqls": 40, "sqls": 20, "opportunities": 14, "customers": 6},
             "webinar": {"leads": 30, "mqls": 20, "sqls": 10, "opportunities": 6, "customers": 2}},
        ),
        roi={
            model: [
                r.RoiRow("email", 10_000.0, 40_000.0, 90_000.0),
                r.RoiRow("webinar", 40_000.0, 20_000.0, 100_000.0),
                r.RoiRow("direct", 0.0, 5_000.0, 9_000.0),
            ]
            for model in models
        },
        reactivations=r.Reactivations(
            [("2025-01", 5, 1), ("2025-02", 3, 0)], [("email", 6, 1, 20_000.0), ("webinar", 2, 0, 0.0)]
        ),
        roi_model=roi_model,
    )


@pytest.mark.parametrize(
    ("value", "integer", "expected_last", "expected_step"),
    [(2.44, False, 2.5, 0.5), (10.17e6, False, 12.5e6, 2.5e6), (33, True, 40, 10), (3, True, 3, 1),
     (0.3, False, 0.3, 0.1), (109, True, 125, 25), (0, False, 1.0, 1.0)],
)
def test_nice_ticks(value: float, integer: bool, expected_last: float, expected_step: float) -> None:
    ticks = r.nice_ticks(value, integer=integer)
    assert ticks[0] == 0 and ticks[-1] >= value
    assert ticks[-1] == pytest.approx(expected_last)
    assert ticks[1] - ticks[0] == pytest.approx(expected_step)
    if integer:
        assert all(float(t).is_integer() for t in ticks)


def test_formats() -> None:
    assert r.format_money(2_928_375.03) == "$2.93M"
    assert r.format_money(155_900) == "$155.9k"
    assert r.format_money(-12) == "-$12"
    assert r.format_share(0.2345) == "23%"
    assert r.format_share(0.0234) == "2.3%"
    assert r.format_share(0) == "0"


def test_heatmap_draws_every_cell_and_escapes_labels() -> None:
    svg = r.heatmap_svg("h", ["a<b", "c"], ["x", "y", "z"], {("a<b", "x"): 1.0, ("c", "z"): 0.5}, "Heat")
    assert svg.count('class="cell"') == 6
    assert "a&lt;b" in svg and "a<b" not in svg
    assert 'data-chart="h"' in svg


def test_hbar_skips_missing_values_and_stacks() -> None:
    grouped = r.hbar_svg("g", ["p", "q"], [("one", [1.0, 2.0], "#000"), ("two", [3.0, None], "#111")], "G")
    assert grouped.count('class="bar"') == 3
    stacked = r.hbar_svg("s", ["p"], [("one", [1.0], "#000"), ("two", [2.0], "#111")], "S", stacked=True)
    widths = [float(w) for w in re.findall(r'class="bar" x="[^"]+" y="[^"]+" width="([^"]+)"', stacked)]
    assert len(widths) == 2 and widths[1] == pytest.approx(2 * widths[0], rel=1e-2)


def test_roi_chart_lists_channels_without_spend() -> None:
    svg, unspent = r.roi_chart("linear", sample_data().roi["linear"])
    assert svg.count('class="bar"') == 2
    assert unspent == ["direct ($5.0k)"]
    assert "4.00x" in svg and "0.50x" in svg and "break-even" in svg


def test_page_holds_every_section_and_no_external_resource() -> None:
    page = r.render_report(sample_data(roi_model="first_touch"))
    for chart in ("model-comparison", "sourced-vs-influenced", "funnel", "funnel-by-channel", "roi-linear",
                  "roi-first_touch", "reactivations-by-month", "reactivations-by-channel"):
        assert f'data-chart="{chart}"' in page, chart
    assert "http://" not in page and "https://" not in page and " src=" not in page
    assert '<div class="roi-panel" data-model="first_touch">' in page
    assert '<div class="roi-panel" data-model="linear" hidden>' in page
    assert '<option value="first_touch" selected>' in page


def test_unknown_roi_model_falls_back_to_linear() -> None:
    page = r.render_report(sample_data(roi_model="no_such_model"))
    assert '<div class="roi-panel" data-model="linear">' in page


def test_exposure_lists_exactly_the_marts_the_report_reads() -> None:
    source = (PROJECT_DIR / "attribution_kit" / "report.py").read_text()
    read = set(re.findall(r"\bmarts\.([a-z_]+)", source))
    exposures = yaml.safe_load((PROJECT_DIR / "models" / "marts" / "_marts__exposures.yml").read_text())
    [exposure] = [e for e in exposures["exposures"] if e["name"] == "attribution_report"]
    declared = {re.fullmatch(r"ref\('([a-z_]+)'\)", ref).group(1) for ref in exposure["depends_on"]}
    assert read == declared
