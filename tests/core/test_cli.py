"""Every command of the ``ombuds`` console script answers --help with a description."""

import subprocess
import sys

import click
import pytest
from click.testing import CliRunner

from ombuds.cli import main


def _commands(group: click.Group, prefix: tuple[str, ...] = ()):
    for name, command in group.commands.items():
        yield (*prefix, name), command
        if isinstance(command, click.Group):
            yield from _commands(command, (*prefix, name))


COMMANDS = list(_commands(main))


def test_the_main_commands_are_there():
    names = {path[0] for path, _ in COMMANDS}
    assert {"serve", "migrate", "createuser", "demo", "backup", "restore"} <= names


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=[" ".join(p) for p, _ in COMMANDS])
def test_every_command_has_help(path, command):
    result = CliRunner().invoke(main, [*path, "--help"])

    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output
    assert command.help
    assert len(command.help.strip()) > 10


def test_console_script_runs():
    result = subprocess.run(
        [sys.executable, "-c", "from ombuds.cli import main; main()", "--help"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0
    assert "every figure carries its receipt" in result.stdout


@pytest.mark.django_db
def test_createuser_gives_the_role_and_refuses_duplicates(tmp_path):
    runner = CliRunner()
    ok = runner.invoke(
        main, ["createuser", "nigar", "--role", "editor", "--password", "a-long-pass"]
    )
    again = runner.invoke(
        main, ["createuser", "nigar", "--role", "editor", "--password", "x-y-z-w"]
    )

    assert ok.exit_code == 0, ok.output
    assert again.exit_code == 1
    assert "exists already" in again.output
