"""Four eyes: a decision taken by a second person, not by whoever asked for it.

Approving an appeal, releasing a stuck dispatch and restoring a backup each need someone other
than the person who submitted the appeal, queued the dispatch or asked for the restore. A
one-person office turns the rule off with ``OMBUDS_FOUR_EYES=off``; every page the rule affects
then says so, and each decision's audit row records whether the rule was on.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings


def four_eyes_on() -> bool:
    """Whether decisions need a second person (the ``OMBUDS_FOUR_EYES`` setting, on by default)."""
    return bool(settings.OMBUDS_FOUR_EYES)


def same_person(first: Any, acting_user: Any) -> bool:
    """Whether ``acting_user`` is the named user who took the first step while the rule is on.

    The command line (no user) is not a named person: its steps are recorded with the operating
    system's user name, and the rule binds the people who log in.
    """
    if not four_eyes_on() or first is None or acting_user is None:
        return False
    return bool(getattr(acting_user, "pk", None) == first.pk)


def context(request: Any) -> dict[str, Any]:
    """Template context: ``four_eyes`` for the pages the rule affects."""
    return {"four_eyes": four_eyes_on()}
