"""docs/settings.md lists exactly the project's vars: those of dbt_project.yml and of the spec macro.

The Salesforce and HubSpot table-name vars (attribution_<system>_<table>_identifier) are specified
by a loop over the one table list, so their names come from the sources YAML (whose tables dbt
requires to match that list); their docs section is generated: `python -m
python_tests.test_settings_docs` prints it."""

from __future__ import annotations

import re

import yaml

from python_tests.conftest import PROJECT_DIR

SOURCE_SYSTEMS = ("salesforce", "hubspot")
IDENTIFIER_PATTERN = "^[A-Za-z_][A-Za-z0-9_$]*$"


def _names(pattern: str, text: str) -> set[str]:
    return set(re.findall(pattern, text, flags=re.MULTILINE))


def source_system_tables() -> dict[str, list[tuple[str, str]]]:
    """Per source system: (table, description) in the order of its sources YAML."""
    tables = {}
    for system in SOURCE_SYSTEMS:
        path = PROJECT_DIR / "models" / "staging" / system / f"_{system}__sources.yml"
        [source] = yaml.safe_load(path.read_text())["sources"]
        tables[system] = [(table["name"], table["description"]) for table in source["tables"]]
    return tables


def identifier_var(system: str, table: str) -> str:
    return f"attribution_{system}_{table}_identifier"


def identifier_section() -> str:
    """The docs section of the source systems' table-name vars, as docs/settings.md holds it."""
    lines = [
        "## Salesforce and HubSpot table names",
        "",
        "With var `attribution_source_system` `salesforce` or `hubspot`, each of the system's tables is",
        "read from the source schema under the name its var gives (Fivetran's",
        "`<source>_<table>_identifier` convention); with raw files, the view created over",
        "`<table>.csv|parquet` gets that name. Generated from the sources YAML",
        "(`python -m python_tests.test_settings_docs`).",
        "",
        "| var | default | valid values | meaning |",
        "|---|---|---|---|",
    ]
    for system, tables in source_system_tables().items():
        for table, description in tables:
            meaning = description.rstrip(".").replace("|", "\\|")
            lines.append(
                f"| `{identifier_var(system, table)}` | {table} | text matching `{IDENTIFIER_PATTERN}` "
                f"| name of the {system} table {table}: {meaning} |"
            )
    return "\n".join(lines) + "\n"


def test_every_var_is_declared_specified_and_documented_once() -> None:
    project = (PROJECT_DIR / "dbt_project.yml").read_text()
    declared = _names(r"^  #?\s*(attribution_\w+):", project)
    specified = _names(
        r"^\s+'(attribution_\w+)': ", (PROJECT_DIR / "macros/settings/attribution_var_specs.sql").read_text()
    )
    for system, tables in source_system_tables().items():
        specified |= {identifier_var(system, table) for table, _ in tables}
    docs = (PROJECT_DIR / "docs/settings.md").read_text()
    documented = re.findall(r"^\| `(attribution_\w+)` \|", docs, flags=re.MULTILINE)
    assert len(declared) > 30  # the pattern finds them all, not none
    assert declared == specified
    assert sorted(documented) == sorted(set(documented)), "a var is documented twice"
    assert set(documented) == declared


def test_the_table_name_section_is_generated_from_the_sources_yaml() -> None:
    docs = (PROJECT_DIR / "docs/settings.md").read_text()
    assert identifier_section() in docs, "regenerate it: python -m python_tests.test_settings_docs"
    tables = source_system_tables()
    # Counted by hand in docs/salesforce.md and docs/hubspot.md.
    assert len(tables["salesforce"]) == 14 and len(tables["hubspot"]) == 22


if __name__ == "__main__":
    print(identifier_section(), end="")
