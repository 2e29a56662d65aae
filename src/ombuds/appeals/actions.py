"""Writes of the appeals app: addressees, appeals and their versions, the workflow, demands.
Each runs in one transaction and writes one audit row. Dispatches and replies are written by
``dispatch_actions.py``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone

from ombuds.appeals import richtext
from ombuds.appeals.directory import SEED_ADDRESSEES
from ombuds.appeals.errors import AddresseeError, AppealFrozen, WorkflowError
from ombuds.appeals.languages import DEFAULT_LANGUAGE
from ombuds.appeals.models import (
    Addressee,
    AddresseeCategory,
    Appeal,
    AppealStatus,
    AppealVersion,
    Demand,
    DemandStatus,
)
from ombuds.appeals.rendering import Lookup, compose
from ombuds.core import audit
from ombuds.core.audit import Actor
from ombuds.core.four_eyes import four_eyes_on, same_person
from ombuds.core.integrity import file_sha256, json_sha256

APPEAL_FIELDS = (
    "title", "body", "signatory", "place", "letter_date", "language", "figures_since"
)  # fmt: skip
VERSION_FIELDS = ("title", "body", "signatory", "place", "demands")


def _clean_language(language: str) -> str:
    code = language.strip().lower()
    if not code.isascii() or not code.replace("-", "").isalpha() or not 2 <= len(code) <= 8:
        raise WorkflowError(f"{language!r} is not a language code: write one like en, ru or az.")
    return code


def _clean_emails(raw: str) -> str:
    emails = [line.strip() for line in raw.replace(",", "\n").splitlines() if line.strip()]
    for email in emails:
        try:
            validate_email(email)
        except ValidationError:
            raise AddresseeError(
                f"{email!r} is not an email address: write one address a line."
            ) from None
    return "\n".join(emails)


def do_save_addressee(
    addressee: Addressee | None = None,
    *,
    organisation: str,
    category: str,
    emails: str = "",
    postal_address: str = "",
    language: str = "en",
    reply_days: int | None = None,
    notes: str = "",
    synthetic: bool = False,
    acting_user: Actor,
) -> Addressee:
    """Create an addressee (``addressee`` None) or update it; AddresseeError on a bad entry."""
    if category not in AddresseeCategory.values:
        raise AddresseeError(
            f"Unknown category {category!r}: choose one of {', '.join(AddresseeCategory.values)}."
        )
    organisation = organisation.strip()
    if not organisation:
        raise AddresseeError("Give the organisation's name.")
    clean = _clean_emails(emails)
    with transaction.atomic():
        before = audit.snapshot(addressee) if addressee is not None else None
        target = addressee or Addressee()
        for name, value in {
            "organisation": organisation,
            "category": category,
            "emails": clean,
            "postal_address": postal_address.strip(),
            "language": language.strip(),
            "reply_days": reply_days,
            "notes": notes.strip(),
            "synthetic": synthetic,
        }.items():
            setattr(target, name, value)
        try:
            with transaction.atomic():
                target.save()
        except IntegrityError:
            raise AddresseeError(
                f"An addressee named {organisation!r} exists already: edit that one instead."
            ) from None
        audit.record(
            actor=acting_user,
            action="update_addressee" if before else "create_addressee",
            instance=target,
            before=before,
            after=audit.snapshot(target),
        )
    return target


def do_seed_addressees(*, acting_user: Actor) -> int:
    """Add the addressees of the published appeals that are missing; how many were added."""
    with transaction.atomic():
        existing = set(Addressee.objects.values_list("organisation", flat=True))
        missing = [
            Addressee(organisation=name, category=category)
            for name, category in SEED_ADDRESSEES
            if name not in existing
        ]
        Addressee.objects.bulk_create(missing)
        if missing:
            audit.record(
                actor=acting_user,
                action="seed_addressees",
                instance=missing[0],
                object_id="directory",
                before=None,
                after={
                    "added": len(missing),
                    "already_present": len(SEED_ADDRESSEES) - len(missing),
                },
            )
    return len(missing)


def _next_reference(today: dt.date) -> str:
    prefix = f"APL-{today.year}-"
    taken = Appeal.objects.filter(reference__startswith=prefix).values_list("reference", flat=True)
    numbers = [int(r.removeprefix(prefix)) for r in taken if r.removeprefix(prefix).isdigit()]
    return f"{prefix}{max(numbers, default=0) + 1:04d}"


def _create_numbered(**fields: Any) -> Appeal:
    # Two appeals created at once may pick the same number; the unique index refuses the
    # second, which then takes the next one.
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return Appeal.objects.create(
                    reference=_next_reference(timezone.now().date()), **fields
                )
        except IntegrityError:
            continue
    raise WorkflowError("No reference number could be given to the appeal: save it again.")


def do_create_appeal(
    *,
    title: str,
    body: str,
    signatory: str = "",
    place: str = "",
    letter_date: dt.date | None = None,
    addressees: Iterable[Addressee] = (),
    demands: Iterable[tuple[str, str] | Demand] = (),
    previous: Appeal | None = None,
    demo: bool = False,
    language: str = DEFAULT_LANGUAGE,
    figures_since: dt.date | None = None,
    acting_user: Actor,
) -> Appeal:
    """A new draft appeal with the next reference number (APL-<year>-<n>).

    ``demands`` are (party, text) pairs, or demands of an earlier appeal, carried with their
    status and evidence and linked to them (``Demand.carried_from``)."""
    if not title.strip():
        raise WorkflowError("Give the appeal a title.")
    with transaction.atomic():
        appeal = _create_numbered(
            title=title.strip(),
            body=richtext.sanitize(body),
            signatory=signatory,
            place=place,
            letter_date=letter_date,
            previous=previous,
            demo=demo,
            language=_clean_language(language),
            figures_since=figures_since,
        )
        appeal.addressees.set(list(addressees))
        for ordinal, demand in enumerate(demands, 1):
            if isinstance(demand, Demand):  # carried from the appeal before, with its status
                Demand.objects.create(
                    appeal=appeal,
                    ordinal=ordinal,
                    party=demand.party,
                    text=demand.text,
                    status=demand.status,
                    evidence=demand.evidence,
                    carried_from=demand,
                )
            else:
                party, text = demand
                Demand.objects.create(appeal=appeal, ordinal=ordinal, party=party, text=text)
        after = audit.snapshot(appeal)
        after["addressees"] = sorted(str(a.pk) for a in appeal.addressees.all())
        audit.record(
            actor=acting_user, action="create_appeal", instance=appeal, before=None, after=after
        )
    return appeal


def _refuse_frozen(appeal: Appeal) -> None:
    if appeal.is_frozen:
        raise AppealFrozen(
            f"{appeal.reference} is approved and frozen: start a next appeal from it instead."
        )


def do_update_appeal(
    appeal: Appeal,
    *,
    changes: dict[str, Any],
    addressees: Iterable[Addressee] | None = None,
    acting_user: Actor,
) -> Appeal:
    """Change a draft's or reviewed appeal's text fields and addressees; AppealFrozen after approval."""
    unknown = set(changes) - set(APPEAL_FIELDS)
    if unknown:
        raise WorkflowError(f"These fields cannot be changed: {', '.join(sorted(unknown))}.")
    with transaction.atomic():
        appeal = Appeal.objects.select_for_update().get(pk=appeal.pk)
        _refuse_frozen(appeal)
        before = audit.snapshot(appeal)
        before["addressees"] = sorted(str(a.pk) for a in appeal.addressees.all())
        if "body" in changes:
            changes = {**changes, "body": richtext.sanitize(changes["body"])}
        if "language" in changes:
            changes = {**changes, "language": _clean_language(changes["language"])}
            if appeal.versions.filter(language=changes["language"]).exists():
                raise WorkflowError(
                    f"The appeal has a version in {changes['language']} already: edit that "
                    "version, or delete it before making it the first."
                )
        for name, value in changes.items():
            setattr(appeal, name, value)
        appeal.save()
        if addressees is not None:
            appeal.addressees.set(list(addressees))
        after = audit.snapshot(appeal)
        after["addressees"] = sorted(str(a.pk) for a in appeal.addressees.all())
        audit.record(
            actor=acting_user, action="update_appeal", instance=appeal, before=before, after=after
        )
    return appeal


def do_save_version(
    appeal: Appeal,
    *,
    language: str,
    title: str,
    body: str,
    signatory: str = "",
    place: str = "",
    demands: str = "",
    acting_user: Actor,
) -> AppealVersion:
    """Create or update the appeal's version in ``language``, written by the office (its own
    words, the same figure references). AppealFrozen after approval; WorkflowError for the
    first version's language (edit the appeal itself) or without a title or text."""
    code = _clean_language(language)
    if not title.strip() or not body.strip():
        raise WorkflowError("A language version needs its title and its text.")
    with transaction.atomic():
        appeal = Appeal.objects.select_for_update().get(pk=appeal.pk)
        _refuse_frozen(appeal)
        if code == appeal.language:
            raise WorkflowError(
                f"{code} is the language of the appeal's first version: edit the appeal itself."
            )
        version = AppealVersion.objects.filter(appeal=appeal, language=code).first()
        before = audit.snapshot(version) if version is not None else None
        version = version or AppealVersion(appeal=appeal, language=code)
        for name, value in {
            "title": title.strip(),
            "body": richtext.sanitize(body),
            "signatory": signatory.strip(),
            "place": place.strip(),
            "demands": demands.strip(),
        }.items():
            setattr(version, name, value)
        version.save()
        appeal.save(update_fields=["updated_at"])
        audit.record(
            actor=acting_user,
            action="update_appeal_version" if before else "add_appeal_version",
            instance=version,
            before=before,
            after=audit.snapshot(version),
        )
    return version


def do_choose_citations(
    appeal: Appeal, *, figure_key: str, sources: Iterable[str] | None, acting_user: Actor
) -> Appeal:
    """Choose which sources a figure's note cites (source ids, "records" for the office's
    records), or, with ``sources`` None, go back to citing every source stating its value.
    The composer keeps the best-first order. AppealFrozen after approval."""
    with transaction.atomic():
        appeal = Appeal.objects.select_for_update().get(pk=appeal.pk)
        _refuse_frozen(appeal)
        before = {"cited_sources": dict(appeal.cited_sources)}
        chosen = dict(appeal.cited_sources)
        if sources is None:
            chosen.pop(figure_key, None)
        else:
            picked = sorted({s.strip() for s in sources if s.strip()})
            if not picked:
                raise WorkflowError(
                    "Choose at least one source for the note, or cite every source again."
                )
            chosen[figure_key] = picked
        appeal.cited_sources = chosen
        appeal.save(update_fields=["cited_sources", "updated_at"])
        audit.record(
            actor=acting_user,
            action="choose_citations",
            instance=appeal,
            before=before,
            after={"cited_sources": chosen},
        )
    return appeal


def _move(appeal: Appeal, *, to: str, allowed_from: set[str], action: str, actor: Actor) -> Appeal:
    with transaction.atomic():
        appeal = Appeal.objects.select_for_update().get(pk=appeal.pk)
        _refuse_frozen(appeal)
        if appeal.status not in allowed_from:
            raise WorkflowError(
                f"{appeal.reference} is {appeal.get_status_display().lower()}; "
                f"this step needs it {' or '.join(sorted(allowed_from))}."
            )
        before = audit.snapshot(appeal)
        appeal.status = to
        fields = ["status", "updated_at"]
        if to == AppealStatus.REVIEW:
            appeal.submitted_by = actor if isinstance(actor, User) else None
            fields.append("submitted_by")
        appeal.save(update_fields=fields)
        audit.record(
            actor=actor, action=action, instance=appeal, before=before, after=audit.snapshot(appeal)
        )
    return appeal


def do_submit_appeal(appeal: Appeal, *, acting_user: Actor) -> Appeal:
    """Send a draft to review."""
    return _move(
        appeal,
        to=AppealStatus.REVIEW,
        allowed_from={AppealStatus.DRAFT},
        action="submit_appeal",
        actor=acting_user,
    )


def do_return_appeal(appeal: Appeal, *, acting_user: Actor) -> Appeal:
    """Send an appeal in review back to draft."""
    return _move(
        appeal,
        to=AppealStatus.DRAFT,
        allowed_from={AppealStatus.REVIEW},
        action="return_appeal",
        actor=acting_user,
    )


def do_approve_appeal(
    appeal: Appeal, *, acting_user: Actor, lookup: Lookup | None = None
) -> Appeal:
    """Approve an appeal in review: store its rendering (text, figures, footnotes) for good.

    Refused while any figure reference finds no figure or has no source to cite.
    """
    with transaction.atomic():
        appeal = Appeal.objects.select_for_update().get(pk=appeal.pk)
        _refuse_frozen(appeal)
        if appeal.status != AppealStatus.REVIEW:
            raise WorkflowError(f"{appeal.reference} must be submitted for review before approval.")
        if same_person(appeal.submitted_by, acting_user):
            raise WorkflowError(
                f"You submitted {appeal.reference}: four eyes need another editor to approve it "
                "(a one-person office may set OMBUDS_FOUR_EYES=off)."
            )
        if appeal.letter_date is None:
            appeal.letter_date = timezone.now().date()
        doc = compose(appeal, lookup=lookup)
        if doc["errors"]:
            raise WorkflowError(
                "Cannot approve while figure references are broken: " + " ".join(doc["errors"])
            )
        before = audit.snapshot(appeal)
        appeal.frozen = doc
        appeal.status = AppealStatus.APPROVED
        appeal.approved_at = timezone.now()
        appeal.approved_by = acting_user if isinstance(acting_user, User) else None
        appeal.save()
        after = audit.snapshot(appeal)
        after["figures"] = {f["key"]: f["display"] for f in doc["figures"]}
        after["four_eyes"] = four_eyes_on()
        # Chained in the audit log: ``ombuds verify`` checks the frozen copy against it.
        after["frozen_sha256"] = json_sha256(appeal.frozen)
        logo = (doc.get("office") or {}).get("logo") or ""
        if logo:  # the letterhead's picture, kept under its own name: verify checks it too
            after["logo_sha256"] = file_sha256(logo)
        audit.record(
            actor=acting_user, action="approve_appeal", instance=appeal, before=before, after=after
        )
    return appeal


def do_start_next_appeal(previous: Appeal, *, acting_user: Actor) -> Appeal:
    """A new draft from an approved appeal: same text and addressees, live figures, and its
    demands carried with their status and evidence."""
    if not previous.is_frozen:
        raise WorkflowError(
            f"{previous.reference} is not approved yet: a next appeal starts from an approved one."
        )
    title = (
        previous.title if previous.title.startswith("Next") else f"Next appeal: {previous.title}"
    )
    with transaction.atomic():
        following = do_create_appeal(
            title=title,
            body=previous.body,
            signatory=previous.signatory,
            place=previous.place,
            addressees=previous.addressees.all(),
            demands=list(previous.demands.all()),
            previous=previous,
            demo=previous.demo,
            language=previous.language,
            acting_user=acting_user,
        )
        for version in previous.versions.all():
            AppealVersion.objects.create(
                appeal=following,
                language=version.language,
                **{name: getattr(version, name) for name in VERSION_FIELDS},
            )
    return following


def do_add_demand(appeal: Appeal, *, party: str, text: str, acting_user: Actor) -> Demand:
    """Add a demand to a draft or reviewed appeal."""
    if not party.strip() or not text.strip():
        raise WorkflowError("A demand needs the party addressed and what is asked.")
    with transaction.atomic():
        _refuse_frozen(Appeal.objects.select_for_update().get(pk=appeal.pk))
        ordinal = appeal.demands.count() + 1
        demand = Demand.objects.create(
            appeal=appeal, ordinal=ordinal, party=party.strip(), text=text.strip()
        )
        audit.record(
            actor=acting_user,
            action="add_demand",
            instance=demand,
            before=None,
            after=audit.snapshot(demand),
        )
    return demand


def do_set_demand_status(
    demand: Demand, *, status: str, evidence: str, acting_user: Actor
) -> Demand:
    """Record how far a demand has been met, with the evidence.

    The copies of the demand carried into later appeals that still hold what this one held
    take the new status too (a status recorded on an earlier appeal's copy after the next
    appeal was started reaches the next one); a later copy whose status was changed on its own
    keeps it. The audit row names the copies changed with it."""
    if status not in DemandStatus.values:
        raise WorkflowError(
            f"Unknown status {status!r}: choose one of {', '.join(DemandStatus.values)}."
        )
    if status != DemandStatus.OPEN and not evidence.strip():
        raise WorkflowError("Say what shows this status (a document, a date) in the evidence.")
    with transaction.atomic():
        demand = Demand.objects.select_for_update().get(pk=demand.pk)
        before = audit.snapshot(demand)
        held = (demand.status, demand.evidence)
        demand.status = status
        demand.evidence = evidence.strip()
        demand.save()
        carried: list[str] = []
        later = list(Demand.objects.filter(carried_from=demand))
        while later:
            following: list[Demand] = []
            for copy in later:
                if (copy.status, copy.evidence) != held:
                    continue
                copy.status, copy.evidence = demand.status, demand.evidence
                copy.save(update_fields=["status", "evidence", "updated_at"])
                carried.append(str(copy.pk))
                following.extend(Demand.objects.filter(carried_from=copy))
            later = following
        after = audit.snapshot(demand)
        if carried:
            after["also_set_on_carried_copies"] = carried
        audit.record(
            actor=acting_user,
            action="set_demand_status",
            instance=demand,
            before=before,
            after=after,
        )
    return demand
