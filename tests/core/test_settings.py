import os
import subprocess
import sys

import pytest

CODE = "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)"


def _run(env_changes, tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    env.update(env_changes, DJANGO_SETTINGS_MODULE="ombuds.settings", OMBUDS_VAR_DIR=str(tmp_path))
    return subprocess.run([sys.executable, "-c", CODE], env=env, capture_output=True, text=True)


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = _run({}, tmp_path)

    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_demo_generates_a_key_once_and_reuses_it(tmp_path):
    first = _run({"DEBUG": "1"}, tmp_path)
    key = (tmp_path / "secret_key").read_text()
    second = _run({"DEBUG": "1"}, tmp_path)

    assert first.returncode == 0, first.stderr
    assert second.returncode == 0
    assert (tmp_path / "secret_key").read_text() == key
    assert len(key) > 40


@pytest.mark.parametrize("value", ["maybe", "2"])
def test_a_yes_no_variable_with_another_value_is_an_error(tmp_path, value):
    result = _run({"DEBUG": value, "SECRET_KEY": "k"}, tmp_path)

    assert result.returncode != 0
    assert "is not a yes/no value" in result.stderr


def test_sqlite_runs_in_wal_mode(tmp_path):
    code = (
        "import django; django.setup(); from django.db import connection;"
        "c = connection.cursor(); c.execute('PRAGMA journal_mode'); print(c.fetchone()[0])"
    )
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        SECRET_KEY="k", DJANGO_SETTINGS_MODULE="ombuds.settings", OMBUDS_VAR_DIR=str(tmp_path)
    )
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)

    assert result.stdout.strip() == "wal", result.stderr


def test_passwords_are_hashed_with_a_slow_hasher_outside_the_tests(tmp_path):
    # The test suite swaps in a fast hasher (tests/conftest.py); a running site must not.
    code = (
        "import django; django.setup(); from django.contrib.auth.hashers import get_hasher; "
        "print(get_hasher().algorithm)"
    )
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG"}}
    env.update(
        SECRET_KEY="settings-test-key",
        DJANGO_SETTINGS_MODULE="ombuds.settings",
        OMBUDS_VAR_DIR=str(tmp_path),
    )
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() in {"pbkdf2_sha256", "argon2", "scrypt"}
