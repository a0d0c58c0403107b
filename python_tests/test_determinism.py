"""Determinism: the same input gives bit-identical marts, whatever the order of its rows.

Three builds of one generated data set (with its defective rows: duplicates,
unparseable values, orphans): the data as written, the same data again in a
fresh database, and a copy in which every CSV file's data rows are shuffled
(header kept, each row's bytes kept). Every mart must be equal bit for bit:
same columns, same multiset of rows, every float the same 64 bits. The only
columns left out are the build's own identity in rpt_attribution_run_settings
(dbt's invocation id and the build's start time), which differ by design.

What makes this hold: every window ordering has a unique tie-break, every
float sum is exact and order-independent (attribution_sum adds decimals), and
the Python models sort their inputs.
"""

from __future__ import annotations

import csv
import random
import subprocess
import sys
from pathlib import Path

import pytest

from python_tests.conftest import PROJECT_DIR, build_project
from python_tests.marts import BUILD_IDENTITY_COLUMNS, comparable, mart_differences, read_marts

ACCOUNTS = 120
DATA_SEED = 11
SHUFFLE_SEED = 20240611


def shuffle_csv_rows(source: Path, destination: Path, seed: int) -> list[str]:
    """Copy every CSV file of `source` to `destination` with its data rows in a random order.

    The header stays first and every row keeps its bytes; other files are not copied.
    Returns the names of the files copied. Refuses a file whose quoted values span lines
    (shuffling its lines would break its rows).
    """
    destination.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    copied = []
    for path in sorted(source.glob("*.csv")):
        lines = path.read_bytes().splitlines(keepends=True)
        with path.open(newline="") as handle:
            records = sum(1 for _ in csv.reader(handle))
        if records != len(lines):
            raise ValueError(f"{path}: {records} CSV records on {len(lines)} lines; cannot shuffle by line")
        header, rows = lines[0], [line if line.endswith(b"\n") else line + b"\n" for line in lines[1:]]
        rng.shuffle(rows)
        (destination / path.name).write_bytes(header + b"".join(rows))
        copied.append(path.name)
    return copied


def assert_same_marts(left: dict, right: dict, what: str) -> None:
    differences = mart_differences(left, right)
    assert not differences, (
        f"{what}: {len(differences)} marts differ bit for bit:\n" + "\n".join(d[:2000] for d in differences)
    )


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The generated raw files (with defective rows), written once for the module."""
    out = tmp_path_factory.mktemp("determinism_data")
    subprocess.run(
        [
            sys.executable, "-m", "attribution_kit.generate",
            "--accounts", str(ACCOUNTS), "--seed", str(DATA_SEED), "--out", str(out), "--quiet",
        ],
        cwd=PROJECT_DIR,
        check=True,
    )
    return out


@pytest.fixture(scope="module")
def shuffled_dir(data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("determinism_shuffled")
    shuffle_csv_rows(data_dir, out, SHUFFLE_SEED)
    return out


@pytest.fixture(scope="module")
def first_build(data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    db_path, _ = build_project(data_dir, tmp_path_factory.mktemp("determinism_first"))
    return read_marts(db_path)


def test_shuffled_files_hold_the_same_rows_in_another_order(data_dir: Path, shuffled_dir: Path) -> None:
    """The shuffled copy is a real reordering of the same rows, so the build test below can fail."""
    names = sorted(path.name for path in data_dir.glob("*.csv"))
    assert names == sorted(path.name for path in shuffled_dir.glob("*.csv"))
    reordered = []
    for name in names:
        original = (data_dir / name).read_bytes().splitlines()
        shuffled = (shuffled_dir / name).read_bytes().splitlines()
        assert shuffled[0] == original[0], f"{name}: header moved"
        assert sorted(shuffled[1:]) == sorted(original[1:]), f"{name}: rows changed"
        if shuffled[1:] != original[1:]:
            reordered.append(name)
    assert {"touchpoints.csv", "opportunities.csv", "ad_spend.csv", "contacts.csv"} <= set(reordered)


def test_shuffle_refuses_rows_that_span_lines(tmp_path: Path) -> None:
    source = tmp_path / "source"
    source.mkdir()
    (source / "accounts.csv").write_text('account_id,account_name\na1,"Two\nlines"\na2,One\n')
    with pytest.raises(ValueError, match="cannot shuffle by line"):
        shuffle_csv_rows(source, tmp_path / "out", seed=1)


def test_two_builds_of_the_same_input_are_bit_identical(
    data_dir: Path, first_build: dict, tmp_path_factory: pytest.TempPathFactory
) -> None:
    db_path, _ = build_project(data_dir, tmp_path_factory.mktemp("determinism_second"))
    second_build = read_marts(db_path)
    assert len(first_build) >= 20, f"too few marts read: {sorted(first_build)}"
    assert_same_marts(comparable(first_build), comparable(second_build), "a second build of the same files")


def test_a_build_of_shuffled_rows_is_bit_identical(
    shuffled_dir: Path, first_build: dict, tmp_path_factory: pytest.TempPathFactory
) -> None:
    db_path, _ = build_project(shuffled_dir, tmp_path_factory.mktemp("determinism_shuffled_build"))
    shuffled_build = read_marts(db_path)
    assert_same_marts(comparable(first_build), comparable(shuffled_build), "a build of the shuffled files")


def test_only_the_build_identity_is_left_out(first_build: dict) -> None:
    """The run-settings mart keeps every settings column in the comparison; only the two identity ones go."""
    columns, rows = first_build["rpt_attribution_run_settings"]
    kept, kept_rows = comparable(first_build)["rpt_attribution_run_settings"]
    assert len(rows) == len(kept_rows) == 1
    assert set(columns) - set(kept) == BUILD_IDENTITY_COLUMNS["rpt_attribution_run_settings"]
    assert len(kept) == len(columns) - 2
