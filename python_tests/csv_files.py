"""Read and write the raw CSV files of a test's data folder, row by row, as text."""

from __future__ import annotations

import csv
from pathlib import Path

from attribution_kit.contract import contract_tables

# The input contract's nine tables (SPEC section 2, macros/input/attribution_input_contract.sql),
# one <table>.csv each in a data folder.
CONTRACT_TABLES = tuple(contract_tables())


def read_rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    """The header and the rows of a CSV file, every value as text."""
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def write_rows(path: Path, header: list[str], rows: list[dict[str, str]]) -> None:
    """Write rows under `header`, LF line ends (the files the generator writes)."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
