"""The attribution-kit command: its subcommands name the modules that `python -m` runs."""

from __future__ import annotations

import importlib
import tomllib
from pathlib import Path

import pytest

from attribution_kit import cli

PROJECT_DIR = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["generate", "--seed", "3"], ("generate", ["--seed", "3"])),
        (["bench", "truth", "--sizes"], ("bench truth", ["--sizes"])),
        (["compare-engines"], ("compare-engines", [])),
        (["bench"], None),
        (["bench", "nothing"], None),
        (["nothing"], None),
        ([], None),
    ],
)
def test_arguments_name_a_subcommand(args: list[str], expected: tuple[str, list[str]] | None) -> None:
    assert cli.resolve(args) == expected


@pytest.mark.parametrize("name", sorted(cli.COMMANDS))
def test_every_subcommand_runs_a_main(name: str) -> None:
    module = importlib.import_module(cli.COMMANDS[name][0])
    assert callable(module.main)


def test_help_of_a_subcommand_is_the_module_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        cli.main(["summary", "--help"])
    assert exit_.value.code == 0
    assert "python -m attribution_kit.summary" in capsys.readouterr().out


def test_unknown_subcommand_prints_the_usage(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["nothing"]) == 2
    assert "bench truth" in capsys.readouterr().err


def test_pyproject_declares_the_entry_point() -> None:
    project = tomllib.loads((PROJECT_DIR / "pyproject.toml").read_text())["project"]
    assert project["scripts"] == {"attribution-kit": "attribution_kit.cli:main"}
