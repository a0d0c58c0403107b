"""Unit tests of the HTML report's pure parts: formatting, axis ticks, the SVG
charts and the page, on hand-made data (no database, no browser: the browser test
is python_tests/test_report_in_browser.py)."""

from __future__ import annotations

import dataclasses
import html
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
    """Every mart and seed the report's code reads (its package and the models list it uses) is declared."""
    kit = PROJECT_DIR / "attribution_kit"
    files = [*(kit / "report").rglob("*.py"), kit / "attribution_models.py"]
    source = "".join(p.read_text() for p in files)
    read = set(re.findall(r"\b(?:marts|seeds)\.([a-z_]+)", source))
    exposures = yaml.safe_load((PROJECT_DIR / "models" / "marts" / "_marts__exposures.yml").read_text())
    [exposure] = [e for e in exposures["exposures"] if e["name"] == "attribution_report"]
    declared = {re.fullmatch(r"ref\('([a-z_]+)'\)", ref).group(1) for ref in exposure["depends_on"]}
    # Read when present, not declared: built only where the project's Python models run, and an
    # exposure may not name a disabled model (dbt stops on it on the other engines).
    python_only = {"rpt_budget_scenarios"}
    assert read - python_only == declared
    assert python_only <= read


def test_rate_vs_norm_chart_marks_flagged_cohorts() -> None:
    svg = r.charts.rate_vs_norm_svg(
        "t",
        [("email (2026-04)", 0.2, 0.6, True, "12 leads"), ("webinar (2026-04)", 0.5, None, False, "3 leads")],
        "test",
    )
    assert svg.count('class="bar flagged"') == 1 and svg.count('class="bar"') == 1
    assert svg.count('class="norm"') == 1  # no norm, no tick
    assert "email (2026-04): 20% (norm 60%)" in svg and "webinar (2026-04): 50% (norm n/a)" in svg


# ------------------------------------------------- n/a, settings, data quality ---

def sample_settings(**changes) -> r.RunSettings:
    values = dict(
        invocation_id="inv-1", run_started_at="2026-07-01 08:00:00", engine="duckdb", dbt_version="1.11.16",
        as_of_at="2026-06-30 00:00:00", is_as_of_set=False, reporting_currency="EUR", lookback_days=180,
        journey_scope="contact_roles", excluded_opportunity_types=["renewal", "expansion"],
        half_life_days=3.5, time_decay_engine="python", markov_engine="sql", markov_order=1,
        shapley_engine="sql", direct_channels=["direct", "chat"], is_incremental_built=True,
        builds_recorded=3,
    )
    return r.RunSettings(**{**values, **changes})


def sample_losses(exceeding: bool = False) -> r.InputLosses:
    # opportunities: 50 raw rows, 2 rejected as negative_amount (4% > the 2% limit when `exceeding`);
    # contact roles: 1 of 200 rejected because its opportunity was (a knock-on); touchpoints: 0 of 0.
    return r.InputLosses(
        tables=[
            r.LossTable("opportunities", 50, 48, 2, 0.04, 0, exceeding),
            r.LossTable("opportunity_contact_roles", 200, 199, 1, 0.005, 0, False),
            r.LossTable("touchpoints", 0, 0, 0, None, 0, False),
        ],
        reasons=[
            r.LossReason("opportunities", "rejected", "negative_amount", "opportunities", "negative_amount",
                         2, "O1, O2"),
            r.LossReason("opportunity_contact_roles", "rejected", "unknown_opportunity_id", "opportunities",
                         "negative_amount", 1, "O1|C1"),
        ],
        max_rejected_share=0.02 if exceeding else 0.05,
    )


def table_rows(page: str, table_id: str) -> list[list[str]]:
    """The cell texts of every body row of the table with this id (the report writes no nested tables)."""
    body = re.search(rf'<table id="{table_id}">.*?<tbody>(.*?)</tbody>', page, re.S).group(1)
    return [
        [html.unescape(cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row)]
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body)
    ]


def test_a_ratio_over_nothing_is_not_available() -> None:
    assert r.format_ratio(3, 0) == "n/a"
    assert r.format_ratio(None, 5) == "n/a"
    assert r.format_ratio(3, None) == "n/a"
    assert r.format_ratio(0, 5) == "0%"          # a real zero stays 0%
    assert r.format_ratio(1, 3, 1) == "33.3%"
    assert r.format_share(None) == "n/a"


def test_an_absent_funnel_stage_reads_na_and_so_do_its_rates() -> None:
    # No MQL events at all, SQLs present: the bug showed "MQLs 0 - 0% of Leads; SQLs 30 - 0% of MQLs".
    funnel = r.Funnel({"leads": 100, "mqls": 0, "sqls": 30, "opportunities": 20, "customers": 8},
                      {"email": {"leads": 100, "mqls": 0, "sqls": 30, "opportunities": 20, "customers": 8}})
    section = r.funnel_section(funnel)
    assert re.findall(r'class="stage-count"[^>]*>([^<]*)<', section) == ["100", "n/a", "30", "20", "8"]
    # 20 / 30 = 66.7% and 8 / 20 = 40%, by hand
    assert re.findall(r'class="conversion"[^>]*>([^<]*)<', section) == [
        "n/a of Leads", "n/a of MQLs", "67% of SQLs", "40% of Opportunities"]
    assert section.count('class="stage-absent"') == 1 and section.count('class="stage"') == 4
    funnel_chart = re.search(r'<svg[^>]*data-chart="funnel".*?</svg>', section, re.S).group(0)
    assert re.search(r"(?<![\d.])0(\.0+)?%", funnel_chart) is None, "a rate of 0% in the funnel"
    assert 'data-absent-stages="mqls"' in section and "no mql lifecycle events in the data" in section
    assert 'data-chart="funnel-by-channel"' in section  # leads and customers exist: 8 / 100 by channel


def test_without_customers_the_conversion_by_channel_is_not_available() -> None:
    funnel = r.Funnel({"leads": 40, "mqls": 10, "sqls": 0, "opportunities": 0, "customers": 0},
                      {"email": {"leads": 40, "mqls": 10, "sqls": 0, "opportunities": 0, "customers": 0}})
    section = r.funnel_section(funnel)
    assert re.findall(r'class="conversion"[^>]*>([^<]*)<', section) == [
        "25% of Leads", "n/a of MQLs", "n/a of SQLs", "n/a of Opportunities"]
    assert 'data-absent-stages="sqls opportunities customers"' in section
    assert 'data-chart="funnel-by-channel"' not in section
    assert "Lead-to-customer conversion by channel: n/a (no customer lifecycle events in the data)" in section


def test_a_model_without_won_revenue_has_na_shares_not_zero() -> None:
    comparison = r.ModelComparison(
        ["first_touch", "linear"], ["email", "webinar"],
        {("first_touch", "email"): None, ("first_touch", "webinar"): None, ("linear", "email"): 1.0},
        {("first_touch", "email"): 0.0, ("first_touch", "webinar"): 0.0, ("linear", "email"): 10.0},
    )
    section = r.comparison_section(comparison)
    cells = re.findall(r'pointer-events="none">([^<]*)<', section)
    assert cells == ["n/a", "n/a", "100%", "0"]  # linear credits webinar nothing: a real 0
    assert "first_touch credit no won revenue" in section


def test_headline_without_opportunities_has_no_win_rate() -> None:
    tiles = r.headline_html(r.Headline(0, 0, 0.0, 0.0, 0.0, "", ""))
    assert "win rate n/a" in tiles and "0%" not in tiles


def test_sourcing_shares_without_pipeline_are_not_available() -> None:
    sourcing = r.Sourcing(
        {"opportunity_creation_touch": {"marketing": (2, 0.0, 0.0)}}, 0.0, 0.0, 0.0, 0.0, 0.0
    )
    section = r.sourcing_section(sourcing)
    assert '<td class="num">n/a</td>' in section and ">0%<" not in section


def test_settings_section_shows_every_setting_of_the_latest_build() -> None:
    section = r.settings_section(sample_settings())
    rows = {row[0]: row[1] for row in table_rows(section, "run-settings-table")}
    assert rows == {
        "As-of (journey end of open opportunities)":
            "2026-06-30 00:00:00 UTC, the latest event in the data (var attribution_as_of not set)",
        "Journey scope": "contact_roles: the opportunity's contact roles, wherever their account is",
        "Lookback": "180 days before the opportunity was created",
        "Excluded opportunity types": "renewal, expansion",
        "Reporting currency": "EUR",
        "Engines": "time_decay python, markov sql (order 1), shapley sql; incremental model built",
        "time_decay half-life": "3.5 days",
        "Channels last_non_direct skips": "direct, chat",
    }
    assert "2 earlier builds recorded" in section and "inv-1" in section
    point_in_time = r.settings_section(sample_settings(is_as_of_set=True, excluded_opportunity_types=[]))
    rows = {row[0]: row[1] for row in table_rows(point_in_time, "run-settings-table")}
    assert rows["As-of (journey end of open opportunities)"].endswith("set by var attribution_as_of "
                                                                     "(a point-in-time view)")
    assert rows["Excluded opportunity types"] == "none"
    assert "No build recorded its settings" in r.settings_section(None)


def test_data_quality_section_lists_tables_and_reasons() -> None:
    section = r.data_quality_section(sample_losses())
    assert table_rows(section, "input-losses-by-table") == [
        ["opportunities", "50", "48", "2", "4.00%", "0", ""],
        ["opportunity_contact_roles", "200", "199", "1", "0.50%", "0", ""],
        ["touchpoints", "0", "0", "0", "n/a", "0", ""],
    ]
    assert table_rows(section, "input-losses-by-reason") == [
        ["opportunities", "rejected", "negative_amount", "itself", "2", "4.00%", "O1, O2"],
        ["opportunity_contact_roles", "rejected", "unknown_opportunity_id", "opportunities negative_amount",
         "1", "0.50%", "O1|C1"],
    ]
    assert "staging.stg_input__rejected_rows" in section and "5.00%" in section
    assert "over-limit" not in section
    assert r.over_limit_alert(sample_losses()) == ""


def test_a_table_over_the_limit_is_highlighted_and_announced() -> None:
    losses = sample_losses(exceeding=True)
    section = r.data_quality_section(losses)
    assert '<tr data-table="opportunities" class="over-limit">' in section
    assert table_rows(section, "input-losses-by-table")[0][-1] == "over the limit"
    assert section.count('class="over-limit"') == 2  # the table's row and its reason's row
    alert = r.over_limit_alert(losses)
    assert "opportunities (4.00% rejected): more than 2.00%" in alert
    page = r.render_report(dataclasses.replace(sample_data(), settings=sample_settings(), losses=losses))
    assert page.index('class="alert"') < page.index('id="model-comparison"')


def test_page_has_the_settings_and_data_quality_sections() -> None:
    page = r.render_report(
        dataclasses.replace(sample_data(), settings=sample_settings(), losses=sample_losses())
    )
    assert '<section id="run-settings">' in page and '<section id="data-quality">' in page
    assert "As of 2026-06-30 00:00:00 UTC (latest event in the data), journey scope contact_roles, " \
           "lookback 180 days, amounts in EUR." in page
    assert 'class="alert"' not in page
