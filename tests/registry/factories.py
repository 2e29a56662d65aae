"""Small builders of registry records for the tests, written through the actions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ombuds.registry.actions import do_save_record
from ombuds.registry.models import Casualty, Incident, Person


def incident(**values: Any) -> Incident:
    data = {"incident_type": "mine", "date": dt.date(2021, 5, 4), "place": "Test field"}
    data.update(values)
    return do_save_record(Incident(), values=data, acting_user=None)  # type: ignore[return-value]


def person(name: str = "Elvin Məmmədov", **values: Any) -> Person:
    names = [{"name": name, "language": "az"}]
    return do_save_record(Person(), values=values, names=names, acting_user=None)  # type: ignore[return-value]


def casualty(of: Incident, **values: Any) -> Casualty:
    data = {"incident": of, "outcome": "killed", "status": "civilian", "sex": "male"}
    data.update(values)
    return do_save_record(Casualty(), values=data, acting_user=None)  # type: ignore[return-value]
