"""The input contract (SPEC section 2) as macros/input/attribution_input_contract.sql declares it:
the one declaration the dbt build, the demo generator and the tests read. The macro holds plain
literals, so this module reads the file itself instead of restating it."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

CONTRACT_MACRO = Path(__file__).resolve().parents[1] / "macros" / "input" / "attribution_input_contract.sql"


@dataclass(frozen=True)
class ContractTable:
    name: str
    source: str  # the dbt source that declares it: crm or marketing
    key: tuple[str, ...]
    columns: tuple[str, ...]  # in the order a file holds them
    optional: tuple[str, ...]
    types: dict[str, str]  # the columns that are not text: integer, boolean or double
    one_of: tuple[tuple[str, ...], ...]

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(column for column in self.columns if column not in self.optional)


@cache
def contract_tables(macro: Path = CONTRACT_MACRO) -> dict[str, ContractTable]:
    """Every table of the contract, in the macro's order."""
    text = macro.read_text()
    declared = re.search(r"\{%-? set declared = (\{.*?\}) -?%\}", text, re.S)
    if declared is None:
        raise ValueError(f"{macro}: no `set declared = {{...}}` literal")
    tables = ast.literal_eval(declared.group(1))
    return {
        name: ContractTable(
            name=name,
            source=spec["source"],
            key=tuple(spec["key"]),
            columns=tuple(spec["columns"]),
            optional=tuple(spec["optional"]),
            types=dict(spec["types"]),
            one_of=tuple(tuple(group) for group in spec.get("one_of", [])),
        )
        for name, spec in tables.items()
    }
