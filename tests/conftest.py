"""Fixtures shared by every app's tests: users of each role, and Debian's chromium."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import User

from ombuds.core.actions import do_create_user

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(autouse=True)
def _media_root(tmp_path: Any, settings: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "files"
    # Passwords are hashed with a fast hasher in tests: the default PBKDF2 takes 0.2 s a hash on
    # a quiet core and seconds under load, once per user a test makes and once per login.
    # Production keeps Django's default (tests/core/test_settings.py checks it).
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",  # hashes made outside the test
    ]
    # Each test counts failed logins afresh (core/throttle.py), and starts with an empty cache
    # of figures and composed appeals (their keys follow the audit log, which a test's
    # rollback takes back to where another test finds it).
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"default-{tmp_path}",
        },
        "throttle": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": str(tmp_path),
        },
    }


def make_user(role: str, username: str | None = None) -> User:
    return do_create_user(username or role, role=role, password="pw-" + role, acting_user=None)


@pytest.fixture
def admin_user(db: None) -> User:
    return make_user("admin", "admin-user")


@pytest.fixture
def editor(db: None) -> User:
    return make_user("editor", "editor-user")


@pytest.fixture
def researcher(db: None) -> User:
    return make_user("researcher", "researcher-user")


@pytest.fixture
def viewer(db: None) -> User:
    return make_user("viewer", "viewer-user")


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's chromium driven by Playwright, with the network quiet; never a downloaded one."""
    from playwright.sync_api import sync_playwright

    if not shutil.which(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: run `make browser` (installs Debian's chromium).")
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield instance
        instance.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh browser page (its own cookies) for one test."""
    context = browser.new_context()
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    yield tab
    context.close()


@pytest.fixture
def browser_login(live_server: Any, page: Any) -> Any:
    """A function that logs ``page`` in as a user and returns the page."""

    def login(user: User, password: str) -> Any:
        page.goto(f"{live_server.url}/login/")
        page.fill("input[name=username]", user.get_username())
        page.fill("input[name=password]", password)
        page.click("button[type=submit]")
        return page

    return login


assert settings.SECRET_KEY  # settings load without a database
