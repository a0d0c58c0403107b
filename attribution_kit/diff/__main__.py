"""`python -m attribution_kit.diff`: build the base ref and the working tree on the same data, compare
their marts, print a summary, write target/attribution_diff.md and target/attribution_diff.json.

Exit status 1 when an attribution model named in --fail-on-change moved, 2 on an error."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from attribution_kit.diff import report
from attribution_kit.diff.builds import Builder, git, resolve_base
from attribution_kit.diff.compare import compare_builds, keys_from_manifest

DEMO_DIR = Path("data/demo")
DEMO_SEED = 7  # the demo's seed (Makefile: demo-data)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m attribution_kit.diff", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--base", help="git ref to compare with (default: merge base with main, else HEAD~1)")
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=os.environ.get("ATTRIBUTION_DATA_DIR") or None,
        help="raw input files of both builds (default: $ATTRIBUTION_DATA_DIR, else the demo data)",
    )
    parser.add_argument("--demo-dir", type=Path, default=DEMO_DIR, help="the demo data, generated if absent")
    parser.add_argument(
        "--demo-accounts", type=int, default=2000, help="accounts of the demo data if generated"
    )
    parser.add_argument(
        "--state",
        default=os.environ.get("ATTRIBUTION_DIFF_STATE") or None,
        help="slim CI: folder of the base ref's manifest.json, or 'base' for the base build's own "
        "(default: $ATTRIBUTION_DIFF_STATE; none: full builds)",
    )
    parser.add_argument(
        "--fail-on-change",
        "--must-not-change",
        default="",
        help="comma-separated attribution models: exit 1 if one of them moved",
    )
    parser.add_argument("--top", type=int, default=10, help="opportunities listed whose credit moved most")
    parser.add_argument(
        "--out-dir", type=Path, default=Path("target"), help="where the reports and builds go"
    )
    parser.add_argument("--target", default="dev", help="dbt target of profiles.yml (a DuckDB one)")
    return parser.parse_args(argv)


def ensure_data(data_dir: Path | None, demo_dir: Path, accounts: int, repo: Path) -> Path:
    """The input folder, absolute: data_dir, else the demo data (generated when absent)."""
    data_dir = (repo / (data_dir or demo_dir)).resolve()
    if data_dir.is_dir() and any(data_dir.glob("touchpoints.*")):
        return data_dir
    if data_dir != (repo / demo_dir).resolve():
        raise RuntimeError(f"no raw files (touchpoints.csv or .parquet) in {data_dir}")
    print(f"generating the demo data ({accounts} accounts) into {data_dir}", flush=True)
    subprocess.run(
        [sys.executable, "-m", "attribution_kit.generate", "--accounts", str(accounts),
         "--seed", str(DEMO_SEED), "--out", str(data_dir), "--quiet"],
        cwd=repo, check=True,
    )  # fmt: skip
    return data_dir


def run(args: argparse.Namespace) -> int:
    repo = Path(git(Path.cwd(), "rev-parse", "--show-toplevel"))
    out_dir = args.out_dir if args.out_dir.is_absolute() else repo / args.out_dir
    data_dir = ensure_data(args.data_dir, args.demo_dir, args.demo_accounts, repo)
    for stale in ("attribution_diff.md", "attribution_diff.json"):  # a failed diff leaves no old report
        (out_dir / stale).unlink(missing_ok=True)
    builder = Builder(repo, data_dir, out_dir / "diff", args.target)
    label, commit = resolve_base(repo, args.base)
    print(f"base: {label} ({commit[:10]}); building it and the working tree on {data_dir}", flush=True)
    base = builder.build_base(label, commit)
    state_dir = None
    if args.state:
        state_dir = base.folder / "target" if args.state == "base" else Path(args.state).resolve()
    head = builder.build_head(base, state_dir)
    builder.prune({base.folder, head.folder})
    manifests = (base.manifest(), head.manifest())
    keys = {**keys_from_manifest(manifests[0]), **keys_from_manifest(manifests[1])}
    comparison = compare_builds(str(base.database), str(head.database), keys, args.top, manifests)
    (out_dir / "attribution_diff.md").write_text(report.markdown(comparison, base, head, str(data_dir)))
    (out_dir / "attribution_diff.json").write_text(report.as_json(comparison, base, head, str(data_dir)))
    print(report.summary(comparison, base, head))
    print(f"wrote {out_dir / 'attribution_diff.md'} and {out_dir / 'attribution_diff.json'}")
    guarded = {m.strip() for m in args.fail_on_change.split(",") if m.strip()}
    moved = sorted(guarded & set(comparison.changed_models))
    if moved:
        print(f"FAIL: attribution models that must not change moved: {', '.join(moved)}")
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    try:
        return run(parse_args(argv))
    except (RuntimeError, subprocess.CalledProcessError) as error:
        detail = getattr(error, "stderr", "") or ""
        print(f"attribution diff failed: {error}\n{detail}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
