"""The HTML report in a real browser: headless Chromium (Debian's package) opens the
report built from a small generated data set, offline, and every chart must have
rendered: the chart's SVG is laid out with a real size, its marks (bars, cells,
funnel stages) have non-empty boxes, and a screenshot of it is not blank. The run
settings and data-quality tables must be laid out, row by row. The ROI model selector
must switch charts, no script may fail, and the page may load nothing but itself.

Skipped only when Chromium is missing outside CI; in CI (CI=true) it must run
(`make test` installs Chromium first).
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from attribution_kit import report
from python_tests.bi_helpers import HeadlessChromium, chromium_executable, generated_build

PIL = pytest.importorskip("PIL.Image", reason="pillow (requirements.txt) is needed for the pixel checks")
ImageStat = pytest.importorskip("PIL.ImageStat")
IN_CI = os.environ.get("CI", "").lower() in ("true", "1", "yes")
CHROMIUM = chromium_executable()
if CHROMIUM is None and not IN_CI:
    pytest.skip(
        "Chromium is not installed (/usr/bin/chromium): `make browser` or `apt-get install chromium`",
        allow_module_level=True,
    )

# Every chart of the report and the fewest marks it must draw on the generated data.
EXPECTED_CHARTS = {
    "model-comparison": 13 * 10,      # models x channels heatmap cells
    "sourced-vs-influenced": 6,
    "funnel": 5,
    "funnel-by-channel": 5,
    "roi-linear": 4,
    "reactivations-by-month": 12,
    "reactivations-by-channel": 8,
    "leading-indicators": 4,          # channels whose latest complete cohort has a rate above 0
}

CHART_STATS = """
(() => {
  const charts = {};
  for (const svg of document.querySelectorAll('svg.chart')) {
    const box = svg.getBoundingClientRect();
    const marks = Array.from(svg.querySelectorAll('rect.bar, rect.cell, rect.stage'));
    const drawn = marks.filter((m) => { const b = m.getBBox(); return b.width > 0.5 && b.height > 0.5; });
    charts[svg.dataset.chart] = {
      visible: svg.checkVisibility(),
      x: box.left + window.scrollX, y: box.top + window.scrollY, width: box.width, height: box.height,
      marks: marks.length, drawn: drawn.length, labels: svg.querySelectorAll('text').length,
    };
  }
  return charts;
})()
"""


# The report's table sections and the fewest body rows each must lay out on the generated data:
# eight settings; the nine raw tables of the input contract plus the generated data's defects;
# planning: a latest cohort per channel (8 or more) and the budget scenario's channels and total row.
EXPECTED_TABLE_SECTIONS = {"run-settings": 8, "data-quality": 9 + 1, "planning": 8 + 8 + 1}

TABLE_STATS = """
(() => {
  const sections = {};
  for (const section of document.querySelectorAll('section')) {
    const rows = Array.from(section.querySelectorAll('tbody tr'));
    const box = section.getBoundingClientRect();
    sections[section.id] = {
      visible: section.checkVisibility(),
      x: box.left + window.scrollX, y: box.top + window.scrollY, width: box.width, height: box.height,
      rows: rows.length,
      drawn: rows.filter((r) => {
        const b = r.getBoundingClientRect();
        return b.width > 300 && b.height > 10;
      }).length,
    };
  }
  sections.links = Array.from(document.querySelectorAll('header a')).map((a) => a.getAttribute('href'));
  return sections;
})()
"""


@pytest.fixture(scope="module")
def report_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("report") / "attribution_report.html"
    assert report.main(["--database", str(generated_build()), "--out", str(out)]) == 0
    return out


@pytest.fixture(scope="module")
def page(report_file: Path, tmp_path_factory: pytest.TempPathFactory):
    if CHROMIUM is None:
        pytest.fail("CI=true but Chromium is missing: `make browser` installs it (apt-get install chromium)")
    with HeadlessChromium(CHROMIUM, tmp_path_factory.mktemp("chromium-profile")) as browser:
        browser.open(report_file.as_uri(), width=1280, height=900)
        yield browser


def pixel_spread(png: bytes) -> tuple[int, float]:
    """Distinct colours and the standard deviation of the grey levels of a PNG."""
    image = PIL.open(io.BytesIO(png)).convert("RGB")
    colours = image.getcolors(maxcolors=1 << 24) or []
    return len(colours), ImageStat.Stat(image.convert("L")).stddev[0]


def test_report_is_one_offline_file(report_file: Path) -> None:
    text = report_file.read_text(encoding="utf-8")
    assert "http://" not in text and "https://" not in text and "//cdn" not in text
    for attribute in (' src="', " src='", "<link"):
        assert attribute not in text, f"the report loads an external resource ({attribute})"


def test_every_chart_rendered(page: HeadlessChromium) -> None:
    charts = page.evaluate(CHART_STATS)
    missing = set(EXPECTED_CHARTS) - set(charts)
    assert not missing, f"charts not in the page: {sorted(missing)}"
    for name, minimum in EXPECTED_CHARTS.items():
        chart = charts[name]
        assert chart["visible"], f"{name} is not visible"
        assert chart["width"] > 600 and chart["height"] > 150, f"{name} laid out at {chart}"
        assert chart["drawn"] >= minimum, f"{name}: {chart['drawn']} marks drawn, expected >= {minimum}"
        assert chart["labels"] >= 5, f"{name} has no labels"
        png = page.screenshot({key: chart[key] for key in ("x", "y", "width", "height")})
        colours, spread = pixel_spread(png)
        assert colours >= 4 and spread > 8, f"{name} looks blank ({colours} colours, spread {spread:.1f})"


def test_settings_and_data_quality_tables_laid_out(page: HeadlessChromium) -> None:
    stats = page.evaluate(TABLE_STATS)
    for section, minimum in EXPECTED_TABLE_SECTIONS.items():
        found = stats.get(section)
        assert found and found["visible"], f"section {section} is not in the page or not visible"
        assert found["drawn"] == found["rows"] >= minimum, f"{section}: {found}"
        png = page.screenshot({key: found[key] for key in ("x", "y", "width", "height")})
        colours, spread = pixel_spread(png)
        assert colours >= 4 and spread > 8, f"{section} looks blank ({colours} colours, spread {spread:.1f})"
    assert stats["links"] == ["#run-settings", "#data-quality"]


def test_whole_page_screenshot_is_not_blank(page: HeadlessChromium) -> None:
    png = page.screenshot()
    width, height = PIL.open(io.BytesIO(png)).size
    assert width == 1280 and height > 3000, (width, height)
    colours, spread = pixel_spread(png)
    assert colours > 50 and spread > 15


def test_roi_model_selector_switches_charts(page: HeadlessChromium) -> None:
    options = page.evaluate("Array.from(document.querySelectorAll('#roi-model option')).map((o) => o.value)")
    assert "linear" in options and "first_touch" in options and len(options) >= 13
    page.evaluate(
        "(() => { const s = document.getElementById('roi-model'); s.value = 'first_touch';"
        " s.dispatchEvent(new Event('change')); })()"
    )
    charts = page.evaluate(CHART_STATS)
    assert charts["roi-first_touch"]["visible"] and charts["roi-first_touch"]["drawn"] >= 4
    assert not charts["roi-linear"]["visible"]
    visible_roi = [name for name, chart in charts.items() if name.startswith("roi-") and chart["visible"]]
    assert visible_roi == ["roi-first_touch"]


def test_no_script_error_and_no_network(page: HeadlessChromium, report_file: Path) -> None:
    errors = [params for method, params in page.events if method == "Runtime.exceptionThrown"]
    assert not errors, errors
    logged = [
        params["entry"] for method, params in page.events
        if method == "Log.entryAdded" and params["entry"].get("level") == "error"
    ]
    assert not logged, logged
    requested = [
        params["request"]["url"] for method, params in page.events if method == "Network.requestWillBeSent"
    ]
    assert requested, "the page load was not observed"
    assert all(url == report_file.as_uri() or url.startswith("data:") for url in requested), requested
