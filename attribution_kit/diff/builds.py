"""Build the project at two git refs on the same input data, into two DuckDB files.

The base ref is checked out with `git worktree add --detach` into a temporary folder
(removed afterwards) and built from there; the working tree is built from where it is.
Both builds use the working tree's profiles.yml, this virtualenv's dbt, the same raw
files and the same target, and build models and seeds only (no data or unit tests;
the `production` selector when that ref defines one). Each DuckDB file is named
attribution.duckdb in its own folder, so both builds' relations carry the same
database name: a manifest of one resolves in the other (slim CI below).

A finished build is kept under target/diff/builds/<tree>-<data>/ keyed by the git tree
it was built from and a fingerprint of the input files, and reused by the next diff of
the same tree on the same data (a working tree with uncommitted changes is never reused).

Slim CI: with a base manifest (`state`), the working tree starts from a copy of the base
build's file and builds only `state:modified+`, with `--defer --state`, so every model
the change does not touch keeps the base build's relation. dbt's state comparison does
not see project vars, so a change of dbt_project.yml's vars falls back to a full build.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml

DB_NAME = "attribution.duckdb"
DBT = Path(sys.executable).with_name("dbt")
KEEP_BUILDS = 4  # cached builds kept under target/diff/builds (newest first)
# Models and seeds only; every model built whole (a slim build starts from a copy of the base
# file, where a model of materialized='incremental' would otherwise only append to the base's rows).
NO_TESTS = ["--exclude-resource-type", "test", "--exclude-resource-type", "unit_test", "--full-refresh"]


@dataclass
class Build:
    label: str  # "base" or "head"
    ref: str  # what the user named (a ref, or "working tree")
    commit: str
    folder: Path
    seconds: float = 0.0
    reused: bool = False
    selection: list[str] = field(default_factory=list)
    slim: dict | None = None  # what a slim build built and deferred

    @property
    def database(self) -> Path:
        return self.folder / DB_NAME

    @property
    def manifest_path(self) -> Path:
        return self.folder / "target" / "manifest.json"

    def manifest(self) -> dict:
        return json.loads(self.manifest_path.read_text())


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True).stdout.strip()


def resolve_base(repo: Path, ref: str | None) -> tuple[str, str]:
    """(label, commit) of the base: `ref`, else the merge base with main, else HEAD~1."""
    if ref:
        return ref, git(repo, "rev-parse", "--verify", f"{ref}^{{commit}}")
    for main in ("main", "origin/main"):
        try:
            return f"merge base with {main}", git(repo, "merge-base", "HEAD", main)
        except subprocess.CalledProcessError:
            continue
    return "HEAD~1 (no main branch)", git(repo, "rev-parse", "--verify", "HEAD~1^{commit}")


def data_fingerprint(data_dir: Path) -> str:
    """A hash of the input files' names, sizes and modification times."""
    digest = hashlib.sha256()
    for path in sorted(p for p in data_dir.rglob("*") if p.is_file()):
        stat = path.stat()
        digest.update(f"{path.relative_to(data_dir)}:{stat.st_size}:{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:12]


def working_tree_is_clean(repo: Path) -> bool:
    return git(repo, "status", "--porcelain") == ""


def project_vars(project_dir: Path) -> dict:
    return (yaml.safe_load((project_dir / "dbt_project.yml").read_text()) or {}).get("vars") or {}


def production_selector(project_dir: Path) -> bool:
    """Whether that checkout's selectors.yml defines a selector named `production`."""
    path = project_dir / "selectors.yml"
    if not path.exists():
        return False
    selectors = (yaml.safe_load(path.read_text()) or {}).get("selectors") or []
    return any(selector.get("name") == "production" for selector in selectors)


def selection_args(project_dir: Path, state_dir: Path | None) -> list[str]:
    """Models and seeds only: state:modified+ for a slim build, else the production selector or all."""
    if state_dir is not None:
        return ["--select", "state:modified+", "--defer", "--state", str(state_dir), *NO_TESTS]
    if production_selector(project_dir):
        return ["--selector", "production", *NO_TESTS]
    return NO_TESTS


def run_dbt(
    project_dir: Path, folder: Path, data_dir: Path, profiles_dir: Path, target: str, args: list[str]
):
    """`dbt build` of project_dir into folder/attribution.duckdb; dbt's output goes to folder/dbt.log."""
    env = {
        **os.environ,
        "DBT_PROFILES_DIR": str(profiles_dir),
        "ATTRIBUTION_DATA_DIR": str(data_dir),
        "ATTRIBUTION_DUCKDB_PATH": str(folder / DB_NAME),
        "DBT_USE_COLORS": "false",
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }
    command = [
        str(DBT), "build", "--project-dir", str(project_dir), "--target", target,
        "--target-path", str(folder / "target"), "--log-path", str(folder / "logs"), *args,
    ]  # fmt: skip
    with open(folder / "dbt.log", "w") as log:
        completed = subprocess.run(command, cwd=project_dir, env=env, stdout=log, stderr=subprocess.STDOUT)
    if completed.returncode != 0:
        tail = (folder / "dbt.log").read_text()[-6000:]
        raise RuntimeError(f"dbt build of {project_dir} failed (exit {completed.returncode}):\n{tail}")


@dataclass
class Builder:
    """Builds refs of `repo` on `data_dir` under `out_dir` (target/diff)."""

    repo: Path
    data_dir: Path
    out_dir: Path
    target: str = "dev"

    def cache_folder(self, tree: str) -> Path:
        return self.out_dir / "builds" / f"{tree[:12]}-{data_fingerprint(self.data_dir)}-{self.target}"

    def _build(self, build: Build, project_dir: Path, state_dir: Path | None = None) -> None:
        start = time.monotonic()
        folder = build.folder
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        build.selection = selection_args(project_dir, state_dir)
        run_dbt(project_dir, folder, self.data_dir, self.repo, self.target, build.selection)
        (folder / "vars.json").write_text(json.dumps(project_vars(project_dir), sort_keys=True, default=str))
        (folder / "complete").write_text(build.commit + "\n")
        build.seconds = time.monotonic() - start

    def _reuse(self, build: Build) -> bool:
        build.reused = (build.folder / "complete").exists() and build.manifest_path.exists()
        if build.reused:
            os.utime(build.folder)  # most recently used: kept longest
        return build.reused

    def build_base(self, label: str, commit: str) -> Build:
        """The base ref, built in a temporary detached worktree (or reused from an earlier diff)."""
        build = Build(
            "base", label, commit, self.cache_folder(git(self.repo, "rev-parse", f"{commit}^{{tree}}"))
        )
        if self._reuse(build):
            return build
        checkout = Path(tempfile.mkdtemp(prefix="attribution-diff-")) / "base"
        git(self.repo, "worktree", "prune")  # the entry of a checkout a killed diff left behind
        git(self.repo, "worktree", "add", "--detach", str(checkout), commit)
        try:
            self._build(build, checkout)
        finally:
            git(self.repo, "worktree", "remove", "--force", str(checkout))
            shutil.rmtree(checkout.parent, ignore_errors=True)
        return build

    def build_head(self, base: Build, state_dir: Path | None) -> Build:
        """The working tree: reused when it is clean and was built before, slim when a state is given."""
        commit = git(self.repo, "rev-parse", "HEAD")
        clean = working_tree_is_clean(self.repo)
        folder = (
            self.cache_folder(git(self.repo, "rev-parse", "HEAD^{tree}")) if clean else self.out_dir / "head"
        )
        build = Build("head", "working tree" if not clean else "HEAD", commit, folder)
        if folder == base.folder:  # nothing changed since the base: the same build
            build.reused = True
            return build
        if clean and self._reuse(build):
            return build
        refusal = self.slim_refusal(base, state_dir) if state_dir else None
        if state_dir and refusal is None:
            build.folder = self.out_dir / "head"  # a slim build is never cached
            shutil.rmtree(build.folder, ignore_errors=True)
            build.folder.mkdir(parents=True)
            shutil.copyfile(base.database, build.database)
            self._build_slim(build, state_dir)
            return build
        self._build(build, self.repo)
        if refusal:
            build.slim = {"state": str(state_dir), "refused": refusal}
        return build

    def _build_slim(self, build: Build, state_dir: Path) -> None:
        start = time.monotonic()
        build.selection = selection_args(self.repo, state_dir)
        run_dbt(self.repo, build.folder, self.data_dir, self.repo, self.target, build.selection)
        build.seconds = time.monotonic() - start
        build.slim = slim_summary(build, state_dir)
        drop_stale_marts(build)

    def slim_refusal(self, base: Build, state_dir: Path) -> str | None:
        """Why a slim build would be wrong here, or None."""
        manifest_path = state_dir / "manifest.json"
        if not manifest_path.exists():
            return f"no manifest.json in {state_dir}"
        databases = {
            node.get("database")
            for node in json.loads(manifest_path.read_text())["nodes"].values()
            if node["resource_type"] in ("model", "seed")
        }
        expected = Path(DB_NAME).stem
        if databases != {expected}:
            return (
                f"the state manifest's relations live in database {sorted(map(str, databases))}, not "
                f"{expected!r}: DuckDB could not resolve the deferred relations in the diff's files"
            )
        head_vars = json.loads(json.dumps(project_vars(self.repo), sort_keys=True, default=str))
        if json.loads((base.folder / "vars.json").read_text()) != head_vars:
            return "dbt_project.yml vars changed, and dbt's state comparison does not see vars"
        return None

    def prune(self, keep: set[Path]) -> None:
        """Keep the builds just used and the newest others, up to KEEP_BUILDS."""
        builds = sorted((self.out_dir / "builds").glob("*"), key=lambda p: p.stat().st_mtime, reverse=True)
        others = [folder for folder in builds if folder not in keep]
        for folder in others[max(KEEP_BUILDS - len(keep), 0) :]:
            shutil.rmtree(folder, ignore_errors=True)


def slim_summary(build: Build, state_dir: Path) -> dict:
    """What a slim build built (run_results) and what it deferred to the base build (the other models)."""
    results = json.loads((build.folder / "target" / "run_results.json").read_text())["results"]
    built = sorted(r["unique_id"].split(".")[-1] for r in results if r["unique_id"].startswith("model."))
    models = [n["name"] for n in build.manifest()["nodes"].values() if n["resource_type"] == "model"]
    return {
        "state": str(state_dir),
        "selection": "state:modified+",
        "built_models": built,
        "deferred_models": len(set(models) - set(built)),
    }


def drop_stale_marts(build: Build) -> None:
    """A slim build starts from the base file: drop the marts the working tree no longer has."""
    import duckdb

    marts = {
        n["name"]
        for n in build.manifest()["nodes"].values()
        if n["resource_type"] == "model" and n["schema"] == "marts"
    }
    con = duckdb.connect(str(build.database))
    try:
        relations = con.execute(
            "select table_name, table_type from information_schema.tables where table_schema = 'marts'"
        ).fetchall()
        for name, kind in relations:
            if name not in marts:
                con.execute(f'drop {"view" if kind == "VIEW" else "table"} marts."{name}"')
    finally:
        con.close()
