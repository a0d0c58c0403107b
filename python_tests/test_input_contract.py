"""The input contract is declared once, in macros/input/attribution_input_contract.sql; the sources
YAML that documents it must list the same tables and columns, in the same order, under the same
source. Pure Python, no build: the YAML files and the macro are read as files."""

from __future__ import annotations

import yaml

from attribution_kit.contract import contract_tables
from python_tests.conftest import PROJECT_DIR

SOURCES_YAML = ("models/staging/crm/_crm__sources.yml", "models/staging/marketing/_marketing__sources.yml")


def documented_tables() -> dict[str, tuple[str, tuple[str, ...]]]:
    """Per table of the sources YAML: its source and its columns, in the file's order."""
    tables = {}
    for path in SOURCES_YAML:
        for source in yaml.safe_load((PROJECT_DIR / path).read_text())["sources"]:
            for table in source["tables"]:
                tables[table["name"]] = (source["name"], tuple(column["name"] for column in table["columns"]))
    return tables


def test_the_sources_yaml_documents_exactly_the_contract() -> None:
    expected = {name: (table.source, table.columns) for name, table in contract_tables().items()}
    assert documented_tables() == expected


def test_the_contract_is_consistent() -> None:
    tables = contract_tables()
    assert len(tables) == 9  # SPEC section 2
    for table in tables.values():
        assert set(table.optional) <= set(table.columns), table.name
        assert set(table.key) <= set(table.columns), table.name
        assert set(table.types) <= set(table.columns), table.name
        assert set(table.types.values()) <= {"integer", "boolean", "double"}, table.name
        for group in table.one_of:
            assert set(group) <= set(table.optional), table.name
    # Hand-checked against SPEC section 2: ad spend needs a campaign by either name.
    assert tables["ad_spend"].one_of == (("utm_campaign", "campaign_id"),)
    assert tables["opportunities"].required[-1] == "opportunity_type"
