"""The demo loads every app's part, and loading it again changes nothing."""

import pytest
from django.apps import apps
from django.contrib.auth.models import User

from ombuds.core.demo import demo_password, load_demo

pytestmark = pytest.mark.django_db(transaction=True)


def _row_counts() -> dict[str, int]:
    return {
        model._meta.label_lower: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.label_lower != "sessions.session"
    }


def test_demo_loads_once_and_a_second_load_changes_nothing():
    messages: list[str] = []
    load_demo(messages.append)
    first = _row_counts()

    load_demo(messages.append)

    assert _row_counts() == first
    for role in ("admin", "editor", "researcher", "viewer"):
        assert User.objects.get(username=role).check_password(demo_password(role))
