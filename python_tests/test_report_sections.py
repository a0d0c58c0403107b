"""The HTML report on real builds: a funnel stage absent from the data reads n/a (never
0%), the run settings show the vars the build was given, and the data-quality section
lists every rejected and flagged reason with its count. The planning marts of the same
build equal plain-Python oracles (python_tests/planning_oracle.py: leading indicators
from the raw files, the budget reallocation by bisection) and the planning section
shows them, flagged cohorts highlighted.

The page is read as HTML (no browser needed; test_report_in_browser.py checks that the
same page renders). Expected values come from the raw files and from the hand-made
fixture's own list of rejected rows (test_staging_end_to_end.EXPECTED_REJECTED_ROWS),
never from the report or the marts.
"""

from __future__ import annotations

import csv
import math
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path

import duckdb
import pytest

from attribution_kit import report
from attribution_kit.report.data import Planning
from attribution_kit.report.sections import planning_section
from python_tests.conftest import CRM_SMALL_DIR, FIXTURE_LOSS_VARS, PROJECT_DIR, build_project
from python_tests.planning_oracle import leading_indicators, reallocate, utc
from python_tests.test_staging_end_to_end import EXPECTED_REJECTED_ROWS

RAW_TABLES = ("accounts", "ad_spend", "campaigns", "contacts", "currency_rates", "lifecycle_events",
              "opportunities", "opportunity_contact_roles", "touchpoints")
# The vars given to the no-MQL build; the settings section must show them.
NO_MQL_VARS = {"attribution_lookback_days": 90, "attribution_excluded_opportunity_types": ["renewal"]}
# crm_small's touchpoints matched to no contact and no account, kept and flagged (derived by hand in
# test_staging_end_to_end: T6 free mail, T7 / T18 / T19 / T22 no identity, T13 unknown C99, T21
# unknown A9). Its touches name campaigns CP1-CP3 only, all accepted: no unknown_campaign_id flag.
CRM_SMALL_UNRESOLVED = ["T6", "T7", "T13", "T18", "T19", "T21", "T22"]


# ------------------------------------------------------------------ page ---

VOID_ELEMENTS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    children: list[Element | str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text for c in self.children)

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def iter(self):
        yield self
        for child in self.children:
            if isinstance(child, Element):
                yield from child.iter()

    def find_all(self, tag: str, **attrs: str) -> list[Element]:
        """Descendants with this tag whose attributes have these values (class_ matches one class)."""
        wanted_class = attrs.pop("class_", None)
        return [
            e for e in self.iter()
            if e.tag == tag
            and all(e.attrs.get(k.replace("_", "-")) == v for k, v in attrs.items())
            and (wanted_class is None or wanted_class in e.classes)
        ]

    def one(self, tag: str, **attrs: str) -> Element:
        found = self.find_all(tag, **attrs)
        assert len(found) == 1, f"{len(found)} <{tag}> with {attrs}"
        return found[0]


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        element = Element(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(element)
        if tag not in VOID_ELEMENTS:
            self.stack.append(element)

    def handle_startendtag(self, tag, attrs):
        self.stack[-1].children.append(Element(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag):
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data):
        self.stack[-1].children.append(data)


def render(database: Path, out: Path) -> Element:
    """Write the report of this build with the report's own entry point and parse it."""
    assert report.main(["--database", str(database), "--out", str(out)]) == 0
    builder = _TreeBuilder()
    builder.feed(out.read_text(encoding="utf-8"))
    return builder.root


def table(page: Element, table_id: str) -> list[tuple[dict[str, str], list[str]]]:
    """(attributes of the row, cell texts) of every body row of the table with this id."""
    body = page.one("table", id=table_id).one("tbody", **{})
    return [(row.attrs, [cell.text for cell in row.find_all("td")]) for row in body.find_all("tr")]


def funnel_texts(page: Element) -> tuple[list[str], list[str]]:
    """The funnel chart's stage counts and conversion labels, top to bottom."""
    chart = page.one("svg", data_chart="funnel")
    return (
        [t.text for t in chart.find_all("text", class_="stage-count")],
        [t.text for t in chart.find_all("text", class_="conversion")],
    )


# ------------------------------------------------------------------ data ---

def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def contacts_with_stage(events: list[dict[str, str]], stage: str) -> int:
    return len({e["contact_id"] for e in events if e["stage"].strip().lower() == stage})


@pytest.fixture(scope="module")
def no_mql_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Generated data without defects, every mql lifecycle event removed, built with NO_MQL_VARS."""
    root = tmp_path_factory.mktemp("report-no-mql")
    data_dir = root / "data"
    subprocess.run(
        [sys.executable, "-m", "attribution_kit.generate", "--accounts", "60", "--seed", "5", "--no-dirty",
         "--out", str(data_dir), "--quiet"],
        cwd=PROJECT_DIR, check=True,
    )
    path = data_dir / "lifecycle_events.csv"
    events = read_rows(path)
    kept = [e for e in events if e["stage"].strip().lower() != "mql"]
    assert 0 < len(kept) < len(events), "the generated data has mql events to remove"
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(events[0]))
        writer.writeheader()
        writer.writerows(kept)
    db_path, _ = build_project(
        data_dir, root / "build", vars=NO_MQL_VARS,
        select="+exposure:attribution_report +rpt_budget_scenarios",
    )
    return data_dir, db_path


@pytest.fixture(scope="module")
def no_mql_page(no_mql_build: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory) -> Element:
    return render(no_mql_build[1], tmp_path_factory.mktemp("report-no-mql-html") / "report.html")


@pytest.fixture(scope="module")
def crm_small_page(fixture_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Element:
    return render(fixture_db, tmp_path_factory.mktemp("report-crm-small-html") / "report.html")


# ----------------------------------------------------------------- tests ---

def test_a_stage_without_events_reads_na_not_zero(no_mql_build, no_mql_page: Element) -> None:
    data_dir, _ = no_mql_build
    events = read_rows(data_dir / "lifecycle_events.csv")
    leads = len(read_rows(data_dir / "contacts.csv"))  # every contact is a lead from its creation
    sqls = contacts_with_stage(events, "sql")
    opportunities = contacts_with_stage(events, "opportunity")
    customers = contacts_with_stage(events, "customer")
    assert sqls and opportunities and customers, "the generated data reaches every stage but mql"
    counts, conversions = funnel_texts(no_mql_page)
    assert counts == [f"{leads:,}", "n/a", f"{sqls:,}", f"{opportunities:,}", f"{customers:,}"]
    assert conversions == [
        "n/a of Leads", "n/a of MQLs",
        f"{opportunities / sqls:.0%} of SQLs", f"{customers / opportunities:.0%} of Opportunities",
    ]
    funnel = no_mql_page.one("section", id="funnel")
    [note] = funnel.find_all("p", class_="not-available")
    assert note.attrs["data-absent-stages"] == "mqls"
    assert "MQLs: no mql lifecycle events in the data" in note.text
    # Leads and customers exist: the conversion by channel is drawn, not replaced by n/a.
    assert funnel.find_all("svg", data_chart="funnel-by-channel")


def test_the_settings_section_shows_the_vars_of_the_build(no_mql_page: Element) -> None:
    rows = {attrs["data-setting"]: cells[1] for attrs, cells in table(no_mql_page, "run-settings-table")}
    assert rows["lookback_days"] == "90 days before the opportunity was created"
    assert rows["excluded_opportunity_types"] == "renewal"
    assert rows["as_of"].endswith("UTC, the latest event in the data (var attribution_as_of not set)")
    assert rows["journey_scope"] == "account: every contact of the opportunity's account"  # the default
    assert rows["reporting_currency"] == "USD"
    header = no_mql_page.one("header", **{}).text
    assert "journey scope account, lookback 90 days, amounts in USD" in header


def test_a_clean_build_loses_no_row(no_mql_build, no_mql_page: Element) -> None:
    data_dir, _ = no_mql_build
    rows = {attrs["data-table"]: cells for attrs, cells in table(no_mql_page, "input-losses-by-table")}
    assert sorted(rows) == sorted(RAW_TABLES)
    for name in RAW_TABLES:
        raw = len(read_rows(data_dir / f"{name}.csv"))
        assert rows[name][1:5] == [f"{raw:,}", f"{raw:,}", "0", "0.00%"], name
    # Flagged rows (touches matched to nobody) may remain: they are kept. No reason may be a rejection.
    has_reasons = bool(no_mql_page.find_all("table", id="input-losses-by-reason"))
    reasons = table(no_mql_page, "input-losses-by-reason") if has_reasons else []
    assert [attrs for attrs, _ in reasons if attrs["data-severity"] != "flagged"] == []


def test_the_data_quality_section_lists_every_rejection_of_the_fixture(crm_small_page: Element) -> None:
    raw = {name: len(read_rows(CRM_SMALL_DIR / f"{name}.csv")) for name in RAW_TABLES}
    rejected = Counter(name for name, _, _ in EXPECTED_REJECTED_ROWS)
    flagged = {"touchpoints": len(CRM_SMALL_UNRESOLVED)}
    by_table = {attrs["data-table"]: cells for attrs, cells in table(crm_small_page, "input-losses-by-table")}
    assert by_table == {
        name: [
            name, f"{raw[name]:,}", f"{raw[name] - rejected[name]:,}", f"{rejected[name]:,}",
            f"{rejected[name] / raw[name]:.2%}", f"{flagged.get(name, 0):,}", "",  # none over a 100% limit
        ]
        for name in RAW_TABLES
    }

    keys: dict[tuple[str, str, str], list[str]] = {}
    for name, key, reason in EXPECTED_REJECTED_ROWS:
        keys.setdefault((name, "rejected", reason), []).append(key or "(no key)")
    keys[("touchpoints", "flagged", "unresolved_touchpoint")] = list(CRM_SMALL_UNRESOLVED)
    # Every fixture rejection has a cause of its own: each unknown_<parent>_id names a parent that is
    # in no raw file at all (C99, O99, C98, A9), not a rejected one.
    expected = {
        (name, severity, reason): [
            name, severity, reason, "itself", f"{len(found):,}", f"{len(found) / raw[name]:.2%}",
            ", ".join(sorted(found)[:3]),  # the three smallest keys
        ]
        for (name, severity, reason), found in keys.items()
    }
    actual = {
        (attrs["data-table"], attrs["data-severity"], attrs["data-reason"]): cells
        for attrs, cells in table(crm_small_page, "input-losses-by-reason")
    }
    assert actual == expected
    section = crm_small_page.one("section", id="data-quality")
    assert "staging.stg_input__rejected_rows" in section.text
    limit = FIXTURE_LOSS_VARS["attribution_max_rejected_share"]
    assert f"loses more than {limit:.2%} of its rows" in section.text  # the var the fixture was built with
    assert not crm_small_page.find_all("div", class_="alert")


def test_the_fixture_funnel_stops_at_mql(crm_small_page: Element) -> None:
    # Accepted contacts C1-C6 are six leads; C1's 'MQL' event is its only stage past lead (stages are
    # read case-insensitively); no contact has an sql, opportunity or customer event.
    counts, conversions = funnel_texts(crm_small_page)
    assert counts == ["6", "1", "n/a", "n/a", "n/a"]
    assert conversions == [f"{1 / 6:.0%} of Leads", "n/a of MQLs", "n/a of SQLs", "n/a of Opportunities"]
    funnel = crm_small_page.one("section", id="funnel")
    assert "conversion by channel: n/a (no customer lifecycle events in the data)" in funnel.text


# -------------------------------------------------------------- planning ---

def _close(left: object, right: object) -> bool:
    if isinstance(left, float) or isinstance(right, float):
        return (left is not None and right is not None
                and math.isclose(left, right, rel_tol=1e-9, abs_tol=1e-12))
    return left == right


def _as_of_from_files(data_dir: Path) -> datetime:
    """The default as-of time: the latest touch, lifecycle event or opportunity created or closed."""
    times = [utc(r["occurred_at"]) for r in read_rows(data_dir / "touchpoints.csv")]
    times += [utc(r["occurred_at"]) for r in read_rows(data_dir / "lifecycle_events.csv")]
    for r in read_rows(data_dir / "opportunities.csv"):
        times += [utc(r[c]) for c in ("created_at", "closed_at") if r[c].strip()]
    return max(times)


def test_leading_indicators_equal_the_oracle_from_the_raw_files(no_mql_build) -> None:
    """Lead times and stages from contacts.csv and lifecycle_events.csv (clean data, mql removed, so
    progression to mql is reaching sal or later); touches as resolved by the build (identity and
    channels are tested elsewhere)."""
    data_dir, db_path = no_mql_build
    contacts = [
        (r["contact_id"], r["account_id"] or None, utc(r["created_at"]))
        for r in read_rows(data_dir / "contacts.csv")
    ]
    events = [
        (r["contact_id"], r["stage"], utc(r["occurred_at"]))
        for r in read_rows(data_dir / "lifecycle_events.csv")
    ]
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        touches = con.execute(
            "select touchpoint_id, occurred_at, contact_id, account_id, channel "
            "from intermediate.int_touchpoints_resolved"
        ).fetchall()
        cursor = con.execute("select * from marts.rpt_channel_leading_indicators")
        columns = [d[0] for d in cursor.description]
        mart = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
    finally:
        con.close()
    expected = leading_indicators(contacts, events, touches, _as_of_from_files(data_dir))
    actual = {(r["lead_channel"], r["cohort_month"], r["target_stage"], r["window_days"]): r for r in mart}
    assert sorted(actual) == sorted(expected)
    differences = [
        (key, column, actual[key][column], value)
        for key, row in expected.items()
        for column, value in row.items()
        if not _close(actual[key][column], value)
    ]
    assert not differences, differences[:10]
    assert any(r["is_window_complete"] and r["progressed_leads"] for r in expected.values())
    assert any(not r["is_window_complete"] for r in expected.values()), "the latest cohorts are incomplete"


def test_budget_scenario_equals_the_oracle(no_mql_build) -> None:
    """Spend over the 365 days up to the as-of day from fct_marketing_spend, incremental wins from the
    scored counterfactual of the deals won then, and the reallocation by bisection."""
    data_dir, db_path = no_mql_build
    end = _as_of_from_files(data_dir).date()
    start = end - timedelta(days=364)
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        spend_rows = con.execute(
            "select spend_date, channel, amount from marts.fct_marketing_spend"
        ).fetchall()
        scored = con.execute(
            "select s.channel, s.probability_drop, s.journey_probability, s.won_amount, o.closed_at "
            "from intermediate.int_incremental_probabilities_scored as s "
            "inner join marts.dim_opportunities as o on s.opportunity_id = o.opportunity_id "
            "where s.is_converted"
        ).fetchall()
        cursor = con.execute("select * from marts.rpt_budget_scenarios")
        columns = [d[0] for d in cursor.description]
        mart = {row[0]: dict(zip(columns, row, strict=True)) for row in cursor.fetchall()}
    finally:
        con.close()
    spend: dict[str, float] = {}
    for day, channel, amount in spend_rows:
        if day is not None and start <= day <= end:
            spend[channel] = spend.get(channel, 0.0) + amount
    wins: dict[str, float] = {}
    for channel, drop, probability, _, closed_at in scored:
        if start <= closed_at.date() <= end:
            wins[channel] = wins.get(channel, 0.0) + max(drop, 0.0) / probability
    assert sorted(mart) == sorted(set(spend) | set(wins))
    for channel, row in mart.items():
        assert row["window_start_date"] == start and row["window_end_date"] == end
        current, won = row["current_spend"], row["expected_incremental_wins_current"]
        assert math.isclose(current, spend.get(channel, 0.0), rel_tol=1e-9, abs_tol=1e-6), channel
        assert math.isclose(won, wins.get(channel, 0.0), abs_tol=1e-9), channel
    allocated = {
        c: (r["current_spend"], r["expected_incremental_wins_current"], r["is_effect_above_zero"])
        for c, r in mart.items() if r["current_spend"] > 0
    }
    assert any(w > 0 for _, w, _ in allocated.values()), "some spending channel has incremental wins"
    suggested = reallocate(allocated)
    for channel, row in mart.items():
        expected = suggested.get(channel, row["current_spend"])  # a channel without spend keeps it
        assert math.isclose(row["suggested_spend"], expected, rel_tol=1e-6, abs_tol=1e-4), (channel, expected)
    assert math.isclose(sum(r["suggested_spend"] for r in mart.values()), sum(spend.values()), abs_tol=0.01)


def test_the_planning_section_highlights_flagged_cohorts(no_mql_build, no_mql_page: Element) -> None:
    _, db_path = no_mql_build
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        flagged = con.execute(
            "select count(*) from marts.rpt_channel_leading_indicators where is_below_norm"
        ).fetchone()[0]
        channels = {c for (c,) in con.execute(
            "select distinct lead_channel from marts.rpt_channel_leading_indicators "
            "where target_stage = 'mql' and window_days = 30 and is_window_complete"
        ).fetchall()}
        budget_channels = con.execute("select count(*) from marts.rpt_budget_scenarios").fetchone()[0]
    finally:
        con.close()
    section = no_mql_page.one("section", id="planning")
    latest = table(no_mql_page, "leading-indicators-latest")
    assert sorted(cells[0] for _, cells in latest) == sorted(channels)
    assert all(attrs["data-flagged"] == ("true" if "flagged" in attrs.get("class", "") else "false")
               for attrs, _ in latest)
    if flagged:
        rows = table(no_mql_page, "leading-indicators-flagged")
        assert len(rows) == min(flagged, 20) and all("flagged" in attrs["class"] for attrs, _ in rows)
    else:
        assert "No cohort fell clearly below" in section.text
    budget = table(no_mql_page, "budget-scenarios")
    assert len(budget) == budget_channels + 1  # and the total row
    total = budget[-1][1]
    assert total[0] == "Total" and total[1] == total[2], "the suggestion keeps the total spend"


def test_the_planning_section_says_when_the_budget_was_not_built() -> None:
    page = str(planning_section(Planning([], [], None)))
    assert "marts.rpt_budget_scenarios is missing" in page
    assert "No cohort fell clearly below" in page
    assert str(planning_section(None)).count("rpt_channel_leading_indicators is missing") == 1
