"""The CI configuration is valid: the two GitHub workflows and the pre-commit config.

GitHub cannot run here, so the files are checked offline: the workflows against the
GitHub-workflow schema that check-jsonschema ships (--builtin-schema, no download) and its
rule that every job sets timeout-minutes; .pre-commit-config.yaml against the project's own
schema of pre-commit's keys (.ci/pre_commit_config.schema.json). Then what the project
relies on: the triggers, the commands, the permissions, local hooks only.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

PROJECT_DIR = Path(__file__).resolve().parent.parent
CHECK_JSONSCHEMA = Path(sys.executable).with_name("check-jsonschema")
WORKFLOWS = PROJECT_DIR / ".github" / "workflows"
PRE_COMMIT = PROJECT_DIR / ".pre-commit-config.yaml"
PRE_COMMIT_SCHEMA = PROJECT_DIR / ".ci" / "pre_commit_config.schema.json"

needs_checker = pytest.mark.skipif(
    not CHECK_JSONSCHEMA.exists(), reason="check-jsonschema missing (pip install -r requirements-test.txt)"
)


def check(schema: list[str], *files: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(CHECK_JSONSCHEMA), *schema, *map(str, files)], capture_output=True, text=True, check=False
    )


def load(path: Path) -> dict:
    # PyYAML reads the key `on` as the boolean True (YAML 1.1); GitHub reads it as "on".
    document = yaml.safe_load(path.read_text())
    if True in document:
        document["on"] = document.pop(True)
    return document


def steps_running(workflow: dict) -> list[str]:
    return [step.get("run", "") for job in workflow["jobs"].values() for step in job["steps"]]


@needs_checker
@pytest.mark.parametrize("schema", ["vendor.github-workflows", "custom.github-workflows-require-timeout"])
def test_workflows_match_the_github_workflow_schema(schema: str) -> None:
    completed = check(["--builtin-schema", schema], *sorted(WORKFLOWS.glob("*.yml")))
    assert completed.returncode == 0, completed.stdout + completed.stderr


@needs_checker
def test_pre_commit_config_matches_its_schema() -> None:
    completed = check(["--schemafile", str(PRE_COMMIT_SCHEMA)], PRE_COMMIT)
    assert completed.returncode == 0, completed.stdout + completed.stderr


@needs_checker
def test_the_schemas_reject_broken_files(tmp_path: Path) -> None:
    """Not vacuous: a job without runs-on, a job without a timeout, a local hook without entry fail."""
    ci = (WORKFLOWS / "ci.yml").read_text()
    no_runner = tmp_path / "no_runner.yml"
    no_runner.write_text(ci.replace("    runs-on: ubuntu-latest\n", ""))
    no_timeout = tmp_path / "no_timeout.yml"
    no_timeout.write_text(ci.replace("    timeout-minutes: 90\n", ""))
    no_entry = tmp_path / "no_entry.yaml"
    no_entry.write_text(PRE_COMMIT.read_text().replace("        entry: .venv/bin/ruff check\n", ""))
    assert check(["--builtin-schema", "vendor.github-workflows"], no_runner).returncode != 0
    assert check(["--builtin-schema", "custom.github-workflows-require-timeout"], no_timeout).returncode != 0
    assert check(["--schemafile", str(PRE_COMMIT_SCHEMA)], no_entry).returncode != 0


def test_ci_runs_make_test_on_pull_requests_and_main() -> None:
    workflow = load(WORKFLOWS / "ci.yml")
    assert "pull_request" in workflow["on"]
    assert workflow["on"]["push"]["branches"] == ["main"]
    (job,) = workflow["jobs"].values()
    assert job["timeout-minutes"] == 90
    uses = {step.get("uses", "").split("@")[0]: step for step in job["steps"]}
    assert uses["actions/setup-python"]["with"]["python-version"] == "3.11"
    assert "actions/checkout" in uses
    assert any(run.startswith("make test") for run in steps_running(workflow))


def test_diff_workflow_posts_the_diff_with_minimal_permissions() -> None:
    workflow = load(WORKFLOWS / "attribution-diff.yml")
    assert list(workflow["on"]) == ["pull_request"]
    assert workflow["permissions"] == {"contents": "read", "pull-requests": "write"}
    (job,) = workflow["jobs"].values()
    assert "permissions" not in job and job["timeout-minutes"] > 0
    assert job["steps"][0]["with"]["fetch-depth"] == 0  # the merge base needs the base branch's history
    assert any(run.startswith("make diff") for run in steps_running(workflow))
    (post,) = [step for step in job["steps"] if step.get("uses", "").startswith("actions/github-script")]
    assert "target/attribution_diff.md" in post["with"]["script"]


def test_pre_commit_hooks_are_local_and_use_the_virtualenv() -> None:
    config = yaml.safe_load(PRE_COMMIT.read_text())
    hooks = [hook for repo in config["repos"] for hook in repo["hooks"]]
    assert {repo["repo"] for repo in config["repos"]} == {"local"}
    assert all(hook["language"] == "system" and hook["entry"].startswith(".venv/bin/") for hook in hooks)
    entries = " ".join(hook["entry"] for hook in hooks)
    for linter in ("ruff check", "sqlfluff lint", "check-jsonschema"):
        assert linter in entries
    for config_file in (".ci/sqlfluff_salesforce.cfg", ".ci/sqlfluff_hubspot.cfg"):
        assert config_file in entries and (PROJECT_DIR / config_file).exists()
