"""The registry's demo data: 300 synthetic persons with their records, marked synthetic."""

from __future__ import annotations

from collections.abc import Callable

from ombuds.registry.models import Person
from ombuds.registry.synth import generate

DEMO_PEOPLE = 300


def load_demo_records(say: Callable[[str], None]) -> None:
    """Generate the synthetic demo records once; a second run adds nothing."""
    if Person.objects.filter(external_id="SYN-P-0000000").exists():
        return
    summary = generate(people=DEMO_PEOPLE, seed=2020, say=lambda _message: None)
    say(
        f"registry: {summary.persons} synthetic persons, {summary.casualties} casualty records, "
        f"{summary.missing} missing-person cases, {summary.damage} damaged objects "
        "(all marked synthetic)"
    )
