"""docs/settings.md lists exactly the project's vars: those of dbt_project.yml and of the spec macro."""

from __future__ import annotations

import re

from python_tests.conftest import PROJECT_DIR


def _names(pattern: str, text: str) -> set[str]:
    return set(re.findall(pattern, text, flags=re.MULTILINE))


def test_every_var_is_declared_specified_and_documented_once() -> None:
    project = (PROJECT_DIR / "dbt_project.yml").read_text()
    declared = _names(r"^  #?\s*(attribution_\w+):", project)
    specified = _names(
        r"^\s+'(attribution_\w+)': ", (PROJECT_DIR / "macros/settings/attribution_var_specs.sql").read_text()
    )
    docs = (PROJECT_DIR / "docs/settings.md").read_text()
    documented = re.findall(r"^\| `(attribution_\w+)` \|", docs, flags=re.MULTILINE)
    assert len(declared) > 30  # the pattern finds them all, not none
    assert declared == specified
    assert sorted(documented) == sorted(set(documented)), "a var is documented twice"
    assert set(documented) == declared
