"""Commands run beside a demo take its settings from the marker `ombuds demo` writes; without
the marker, or with one naming another database, a missing SECRET_KEY is refused as before."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ombuds.settings import database_identity


def _env(var_dir: Path, **changes: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "DEBUG", "DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(OMBUDS_VAR_DIR=str(var_dir), **changes)
    return env


def _ombuds(*args: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ombuds", *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A var folder where `make demo`'s first two steps ran."""
    var_dir = tmp_path_factory.mktemp("demo-var")
    for step in ("migrate", "demo"):
        done = _ombuds(step, env=_env(var_dir, DEBUG="1"), cwd=var_dir)
        assert done.returncode == 0, done.stderr
    return var_dir


def test_ingest_beside_a_demo_needs_neither_debug_nor_a_key(demo_dir: Path) -> None:
    document = demo_dir / "report.txt"
    document.write_text("The office recorded 14 civilians killed by mines in 2023.\n")

    done = _ombuds("ingest", str(document), env=_env(demo_dir), cwd=demo_dir)

    assert done.returncode == 0, done.stderr
    assert "stored as" in done.stdout
    marker = json.loads((demo_dir / "demo.json").read_text())
    assert marker["written_by"] == "ombuds demo"


def test_an_explicit_debug_off_beside_a_demo_still_asks_for_a_key(demo_dir: Path) -> None:
    done = _ombuds("figures", env=_env(demo_dir, DEBUG="0"), cwd=demo_dir)

    assert done.returncode != 0
    assert "SECRET_KEY is not set" in done.stderr


def test_a_marker_for_another_database_is_not_followed(demo_dir: Path, tmp_path: Path) -> None:
    env = _env(demo_dir, DATABASE_URL=f"sqlite:///{tmp_path / 'office.sqlite3'}")

    done = _ombuds("figures", env=env, cwd=tmp_path)

    assert done.returncode != 0
    assert "SECRET_KEY is not set" in done.stderr


def test_without_a_marker_the_key_is_asked_for(tmp_path: Path) -> None:
    done = _ombuds("figures", env=_env(tmp_path), cwd=tmp_path)

    assert done.returncode != 0
    assert "SECRET_KEY is not set" in done.stderr


def test_the_marker_names_the_database_without_its_password() -> None:
    identity = database_identity(
        {
            "ENGINE": "django.db.backends.postgresql",
            "HOST": "db",
            "PORT": 5432,
            "NAME": "ombuds",
            "PASSWORD": "hunter2",
        }
    )

    assert identity == "django.db.backends.postgresql db:5432 ombuds"
    assert "hunter2" not in identity
