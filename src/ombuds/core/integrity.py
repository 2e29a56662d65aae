"""``ombuds verify``: the audit chain, every stored file against its SHA-256, and every frozen
copy of an approved appeal against the hash recorded when it was approved.

Core checks the chain; an AppConfig with ``integrity_problems() -> Iterable[str]`` adds the
checks of its own stored things (sources: document files; appeals: frozen letters and reply
files). Each problem is one sentence naming the row or file and what is wrong with it; a line
starting with ``UNCHECKED`` says what could not be checked (a note, not a failure).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.core.files.storage import default_storage
from django.core.serializers.json import DjangoJSONEncoder

from ombuds.core import chain
from ombuds.core.models import AuditEvent

# An app's integrity check starts a line with this to say what it could not check: a note,
# not a problem.
UNCHECKED = "unchecked: "


@dataclass
class Report:
    """What ``ombuds verify`` found: problems (any makes it fail) and counts of what held."""

    problems: list[str] = field(default_factory=list)
    # What could not be checked (e.g. appeals approved before hashes were recorded).
    notes: list[str] = field(default_factory=list)
    audit_rows: int = 0
    head: str = ""

    @property
    def ok(self) -> bool:
        return not self.problems


def file_sha256(name: str) -> str | None:
    """The SHA-256 of a stored file, or None when it is gone."""
    if not name or not default_storage.exists(name):
        return None
    digest = hashlib.sha256()
    with default_storage.open(name, "rb") as stored:
        for block in iter(lambda: stored.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def json_sha256(value: Any) -> str:
    """The SHA-256 of a JSON value in canonical form (keys sorted, compact)."""
    plain = json.loads(json.dumps(value, cls=DjangoJSONEncoder))
    return hashlib.sha256(chain.canonical(plain)).hexdigest()


def recorded_value(model: str, object_id: str, action: str, name: str) -> Any:
    """The new value of ``name`` in the latest ``action`` audit row of an object, or None."""
    event = (
        AuditEvent.objects.filter(model=model, object_id=object_id, action=action)
        .order_by("-id")
        .first()
    )
    if event is None or name not in event.changes:
        return None
    return event.changes[name][1]


def chain_problems(*, known_head: str = "") -> Iterator[str]:
    rows = AuditEvent.objects.order_by("id").iterator(chunk_size=2000)
    for found in chain.check(rows):
        yield found.message
    if known_head and not AuditEvent.objects.filter(hash=known_head).exists():
        yield (
            f"the chain head {known_head} recorded earlier is not in the audit log: rows at "
            "its end were removed, or the log was rewritten"
        )


def verify(*, known_head: str = "") -> Report:
    """Check everything; a report whose ``problems`` say exactly what was changed or removed."""
    report = Report()
    report.problems.extend(chain_problems(known_head=known_head))
    report.audit_rows = AuditEvent.objects.count()
    report.head = chain.head()
    for config in apps.get_app_configs():
        check = getattr(config, "integrity_problems", None)
        if check is not None:
            for problem in check():
                if problem.startswith(UNCHECKED):
                    report.notes.append(problem.removeprefix(UNCHECKED))
                else:
                    report.problems.append(problem)
    return report
