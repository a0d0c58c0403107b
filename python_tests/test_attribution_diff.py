"""End to end: `python -m attribution_kit.diff` in a clone of this repository (issue #15).

A small generated world and a temporary `git clone` of HEAD. Two commits are made in the
clone and each is diffed against its parent, the way a pull request is reviewed:

1. the default time-decay half-life goes from 7 to 14 days: time_decay is the only
   attribution model that moves, and its per-channel deltas equal a recomputation in plain
   SQL over the two builds' fct_attributed_touchpoints;
2. a pure refactor (a comment in a mart): nothing moves, no mart changes.

Both diffs run with --state base (slim CI) and --fail-on-change time_decay: the first falls
back to a full build (a var changed, which dbt's state comparison cannot see) and exits 1,
the second builds only the changed mart and what is downstream of it and exits 0. The
second diff reuses the first one's build of its base, so the module runs two full builds
and one slim build.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from python_tests.conftest import PROJECT_DIR, generate_world

GIT = [
    "git",
    "-c",
    "user.name=Attribution Tests",
    "-c",
    "user.email=tests@example.invalid",
    "-c",
    "commit.gpgsign=false",
]
REFACTOR_MODEL = Path("models/marts/rpt_attribution_model_comparison.sql")


def commit(repo: Path, message: str) -> None:
    subprocess.run([*GIT, "commit", "--quiet", "--all", "--message", message], cwd=repo, check=True)


def run_diff(repo: Path, data_dir: Path) -> tuple[subprocess.CompletedProcess[str], dict]:
    env = {k: v for k, v in os.environ.items() if k not in ("ATTRIBUTION_DATA_DIR", "ATTRIBUTION_DIFF_STATE")}
    completed = subprocess.run(
        [sys.executable, "-m", "attribution_kit.diff", "--base", "HEAD~1", "--data-dir", str(data_dir),
         "--state", "base", "--fail-on-change", "time_decay"],
        cwd=repo, env=env, capture_output=True, text=True, timeout=1200, check=False,
    )  # fmt: skip
    report = repo / "target" / "attribution_diff.json"
    assert report.exists(), (
        f"no diff written (exit {completed.returncode}):\n{completed.stdout}\n{completed.stderr}"
    )
    return completed, {**json.loads(report.read_text()), "markdown": report.with_suffix(".md").read_text()}


@pytest.fixture(scope="module")
def clone(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("attribution_diff")
    world = generate_world(root / "world", 150, 5)
    repo = root / "repo"
    subprocess.run(["git", "clone", "--quiet", str(PROJECT_DIR), str(repo)], check=True)
    return repo, world


@pytest.fixture(scope="module")
def half_life_diff(clone: tuple[Path, Path]) -> tuple[subprocess.CompletedProcess[str], dict]:
    repo, world = clone
    project = repo / "dbt_project.yml"
    text, count = re.subn(r"(\n\s+attribution_half_life_days:\s*)7\b", r"\g<1>14", project.read_text())
    assert count == 1, "the default half-life (7) is no longer where this test expects it"
    project.write_text(text)
    commit(repo, "time_decay: default half-life 14 days")
    return run_diff(repo, world)


@pytest.fixture(scope="module")
def refactor_diff(clone: tuple[Path, Path], half_life_diff) -> tuple[subprocess.CompletedProcess[str], dict]:
    repo, world = clone
    model = repo / REFACTOR_MODEL
    model.write_text(model.read_text() + "\n/* Reviewed: a comment changes no result. */\n")
    commit(repo, "A comment in a mart")
    return run_diff(repo, world)


def per_channel(database: str, model: str) -> dict[str, tuple[float, float]]:
    """Won revenue and pipeline per channel of one model, summed in plain SQL from the fact."""
    with duckdb.connect(database, read_only=True) as con:
        rows = con.execute(
            """
            select channel, sum(attributed_revenue), sum(attributed_pipeline)
            from marts.fct_attributed_touchpoints where attribution_model = ? group by channel
            """,
            [model],
        ).fetchall()
    return {channel: (revenue, pipeline) for channel, revenue, pipeline in rows}


def test_a_half_life_change_moves_time_decay_only(half_life_diff) -> None:
    completed, report = half_life_diff
    assert completed.returncode == 1, completed.stdout + completed.stderr  # time_decay must not change
    assert "time_decay" in completed.stdout
    with duckdb.connect(report["base"]["database"], read_only=True) as con:
        rows = con.execute(
            "select distinct attribution_model from marts.fct_attributed_touchpoints"
        ).fetchall()
    models = {model for (model,) in rows}
    assert report["changed_models"] == ["time_decay"]
    assert set(report["unchanged_models"]) == models - {"time_decay"}
    assert {"fct_attributed_touchpoints", "rpt_attribution_model_comparison"} <= set(report["changed_marts"])
    assert report["settings"] == [{"setting": "half_life_days", "before": 7.0, "after": 14.0}]
    assert "vars" in report["head"]["slim"]["refused"]  # a var changed: a full build, said so


def test_time_decay_channel_deltas_match_a_recomputation(half_life_diff) -> None:
    _, report = half_life_diff
    before = per_channel(report["base"]["database"], "time_decay")
    after = per_channel(report["head"]["database"], "time_decay")
    reported = {r["channel"]: r for r in report["channels"] if r["attribution_model"] == "time_decay"}
    assert set(reported) == set(before) | set(after)
    for channel, row in reported.items():
        revenue_before, pipeline_before = before.get(channel, (0.0, 0.0))
        revenue_after, pipeline_after = after.get(channel, (0.0, 0.0))
        assert row["revenue_delta"] == pytest.approx(revenue_after - revenue_before, abs=1e-6)
        assert row["pipeline_delta"] == pytest.approx(pipeline_after - pipeline_before, abs=1e-6)
        assert row["revenue_before"] == pytest.approx(revenue_before, abs=1e-6)
    assert max(abs(r["revenue_delta"]) for r in reported.values()) > 1  # credit really moved
    others = [r for r in report["channels"] if r["attribution_model"] != "time_decay"]
    assert others and all(abs(r["revenue_delta"]) < 0.005 for r in others)
    assert {m["attribution_model"] for m in report["top_opportunities"]} == {"time_decay"}


def test_a_pure_refactor_changes_nothing(refactor_diff) -> None:
    completed, report = refactor_diff
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert report["changed_models"] == [] and report["changed_marts"] == []
    assert report["base"]["reused"]  # the half-life diff's head, built once
    slim = report["head"]["slim"]
    assert "refused" not in slim and REFACTOR_MODEL.stem in slim["built_models"]
    assert slim["deferred_models"] > 0
    assert "No attribution model moved" in report["markdown"]
