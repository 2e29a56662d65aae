"""Every write to the registry: atomic, each with one audit row of old and new values.

Casualty writes keep the copied ``cause`` and ``year`` columns and ``CasualtySummary`` exact in
the same transaction. Encrypted values are audited as keyed fingerprints, never as text.
``do_import_records`` writes a whole checked file (importing.parse_file) in one transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import DataError, IntegrityError, transaction

from ombuds.core import audit
from ombuds.core.audit import Actor
from ombuds.places.incident_links import link_incidents
from ombuds.registry.crypto import fingerprint
from ombuds.registry.errors import ImportRejected, RecordInvalid
from ombuds.registry.importing import NAME_COLUMNS, ImportReport, ParsedRow
from ombuds.registry.inserting import insert_new
from ombuds.registry.models import (
    Casualty,
    DamagedObject,
    Displacement,
    Incident,
    MissingPersonCase,
    Person,
    PersonName,
    PersonNameWord,
    RecordBase,
    SourceList,
)
from ombuds.registry.summary import Deltas, casualty_cells
from ombuds.registry.transliteration import name_key, name_words
from ombuds.registry.vocabularies import AgeGroup, MissingStatus, Script, age_group_of, cause_of

# Statuses that establish a missing person's fate as dead; only with one may the presumption of
# life be lifted, and only by a person's decision (no status lifts it by itself).
FATE_ESTABLISHED = {
    MissingStatus.LOCATED_DEAD,
    MissingStatus.DNA_MATCH,
    MissingStatus.IDENTIFIED,
    MissingStatus.REMAINS_RETURNED,
}
ENCRYPTED = ("contact", "id_documents", "relative_contact")


def detect_script(text: str) -> str:
    """The script most letters of ``text`` are written in."""
    counts = {Script.CYRILLIC: 0, Script.ARMENIAN: 0, Script.LATIN: 0}
    for char in text:
        if "\u0400" <= char <= "\u04ff":
            counts[Script.CYRILLIC] += 1
        elif "\u0530" <= char <= "\u058f":
            counts[Script.ARMENIAN] += 1
        elif char.isalpha():
            counts[Script.LATIN] += 1
    best = max(counts, key=lambda k: counts[k])
    return best if counts[best] else Script.OTHER


def snapshot(instance: RecordBase) -> dict[str, Any]:
    """The audit snapshot of a record: encrypted fields as fingerprints, evidence and names."""
    data = audit.snapshot(instance)
    for name in ENCRYPTED:
        if hasattr(instance, name):
            data[name] = fingerprint(getattr(instance, name) or "")
    if instance.pk and not instance._state.adding:
        data["sources"] = sorted(str(pk) for pk in instance.sources.values_list("pk", flat=True))
        data["claims"] = sorted(str(pk) for pk in instance.claims.values_list("pk", flat=True))
        if isinstance(instance, Person):
            data["names"] = [n.name for n in instance.names.order_by("kind", "name")]
    return data


def _validate(instance: RecordBase) -> None:
    try:
        instance.full_clean(exclude=["sources", "claims"], validate_unique=True)
    except ValidationError as exc:
        problems = "; ".join(
            f"{field}: {' '.join(messages)}" for field, messages in exc.message_dict.items()
        )
        raise RecordInvalid(f"The record was not saved. Correct these values: {problems}") from None


def prepare_casualty(casualty: Casualty, incident: Incident) -> None:
    """Copy cause and year from the incident; derive the age group from a known age."""
    casualty.cause = cause_of(incident.incident_type)
    casualty.year = incident.date.year if incident.date else None
    if casualty.age is not None:
        casualty.age_group = age_group_of(casualty.age)
    elif not casualty.age_group:
        casualty.age_group = AgeGroup.UNKNOWN


def check_missing_case(case: MissingPersonCase) -> None:
    if not case.presumed_alive and case.status not in FATE_ESTABLISHED:
        raise RecordInvalid(
            "A missing person is presumed alive until their fate is established: set the "
            "status to located dead, DNA match, identified or remains returned first."
        )
    if case.status == MissingStatus.LOCATED_ALIVE and not case.presumed_alive:
        raise RecordInvalid("A person located alive cannot be recorded as presumed dead.")


def _save_words(pairs: Iterable[tuple[Person, list[str]]]) -> None:
    """Replace the search words of each person by those of the given names."""

    rows: list[PersonNameWord] = []
    for person, names in pairs:
        words = {word[:60] for name in names for word in name_words(name)}
        rows.extend(PersonNameWord(person=person, word=word) for word in sorted(words))
    PersonNameWord.objects.bulk_create(rows, batch_size=BATCH)


def _save_names(person: Person, names: Iterable[Mapping[str, str]]) -> None:
    person.names.all().delete()
    person.name_words.all().delete()
    rows = []
    for item in names:
        text = (item.get("name") or "").strip()
        if not text:
            continue
        rows.append(
            PersonName(
                person=person,
                name=text,
                language=item.get("language", ""),
                script=item.get("script") or detect_script(text),
                kind=item.get("kind") or "original",
                key=name_key(text),
            )
        )
    PersonName.objects.bulk_create(rows)
    _save_words([(person, [row.name for row in rows])])


def _set_evidence(
    instance: RecordBase, sources: Iterable[Any] | None, claims: Iterable[Any] | None
) -> None:
    if sources is not None:
        instance.sources.set(list(sources))
    if claims is not None:
        instance.claims.set(list(claims))


def do_save_record(
    instance: RecordBase,
    *,
    values: Mapping[str, Any],
    acting_user: Actor,
    names: Iterable[Mapping[str, str]] | None = None,
    sources: Iterable[Any] | None = None,
    claims: Iterable[Any] | None = None,
    reason: str = "",
) -> RecordBase:
    """Create (unsaved ``instance``) or change any registry record, with one audit row.

    Validates the record (RecordInvalid says what to correct), keeps a casualty's copied
    columns and the casualty summary exact, re-derives the copied columns of an incident's
    casualties when its type or date changes, and refuses to lift a missing person's
    presumption of life before their fate is established. A record that names no list goes
    into the "Office cases" list. ``names`` (persons only) replaces
    the person's names; ``sources`` and ``claims`` replace the evidence when given.
    """
    creating = instance._state.adding
    with transaction.atomic():
        before = None if creating else snapshot(type(instance)._default_manager.get(pk=instance.pk))
        old_incident = None
        if isinstance(instance, Incident) and not creating:
            old_incident = Incident.objects.get(pk=instance.pk)
        deltas = Deltas()
        if isinstance(instance, Casualty) and not creating:
            deltas.add(Casualty.objects.get(pk=instance.pk), -1)
        for field, value in values.items():
            setattr(instance, field, value)
        if instance.source_list_id is None:
            from ombuds.registry.list_actions import office_list

            instance.source_list = office_list(acting_user=acting_user)
        if isinstance(instance, Casualty):
            prepare_casualty(instance, instance.incident)
        if isinstance(instance, MissingPersonCase):
            check_missing_case(instance)
        _validate(instance)
        instance.save()
        if isinstance(instance, Casualty):
            deltas.add(instance, 1)
        if isinstance(instance, Person) and names is not None:
            _save_names(instance, names)
        if isinstance(instance, Incident) and old_incident is not None:
            _follow_incident(instance, old_incident, deltas)
        if isinstance(instance, Incident) and _moved(instance, old_incident):
            link_incidents([(instance.pk, instance.longitude, instance.latitude)], new=creating)
        deltas.apply()
        _set_evidence(instance, sources, claims)
        action = f"{'create' if creating else 'change'}_{instance._meta.model_name}"
        audit.record(
            actor=acting_user,
            action=action,
            instance=instance,
            before=before,
            after=snapshot(instance),
            reason=reason,
        )
    return instance


def _moved(incident: Incident, old: Incident | None) -> bool:
    """Whether the incident's point is new or other than it was (its hazard areas follow)."""
    if old is None:
        return incident.latitude is not None and incident.longitude is not None
    return (incident.longitude, incident.latitude) != (old.longitude, old.latitude)


def _follow_incident(incident: Incident, old: Incident, deltas: Deltas) -> None:
    cause = cause_of(incident.incident_type)
    year = incident.date.year if incident.date else None
    if cause == cause_of(old.incident_type) and year == (old.date.year if old.date else None):
        return
    casualties = Casualty.objects.filter(incident=incident)
    deltas.add_counts(casualty_cells(casualties), -1)
    casualties.update(cause=cause, year=year)
    deltas.add_counts(casualty_cells(casualties), 1)


def do_delete_record(instance: RecordBase, *, acting_user: Actor, reason: str = "") -> None:
    """Delete a record (RecordInvalid while other records still point at it), audited."""
    from django.db.models import ProtectedError

    with transaction.atomic():
        before = snapshot(instance)
        deltas = Deltas()
        if isinstance(instance, Casualty):
            deltas.add(instance, -1)
        label = str(instance)
        pk = str(instance.pk)
        try:
            instance.delete()
        except ProtectedError:
            raise RecordInvalid(
                "Other records refer to this one (casualties, cases or objects of an incident, "
                "or a person's casualty records): delete or re-link those first."
            ) from None
        deltas.apply()
        audit.record(
            actor=acting_user,
            action=f"delete_{instance._meta.model_name}",
            instance=instance,
            before=before,
            after=None,
            reason=reason or f"deleted {label}",
            object_id=pk,
        )


BATCH = 2000
MODEL_OF_KIND: dict[str, type[RecordBase]] = {
    "persons": Person,
    "incidents": Incident,
    "casualties": Casualty,
    "missing": MissingPersonCase,
    "damage": DamagedObject,
    "displacement": Displacement,
}
# Columns holding (date, precision) pairs: column -> (date field, precision field).
DATED = {
    "date": ("date", "date_precision"),
    "date_of_birth": ("date_of_birth", "birth_precision"),
    "date_last_seen": ("date_last_seen", "date_precision"),
}
Progress = Callable[[int, int], None]
# Columns of a casualty row that describe its incident (written to the incident, not to it).
CASUALTY_INCIDENT_COLUMNS = {"incident_type", "incident_date", "incident_place"}


def _by_external_id(model: type[RecordBase], ids: Iterable[str]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    ordered = sorted(set(ids))
    for start in range(0, len(ordered), 900):
        for obj in model._default_manager.filter(external_id__in=ordered[start : start + 900]):
            found[obj.external_id] = obj
    return found


def _field_values(
    kind: str, values: Mapping[str, Any], refs: Mapping[str, dict[str, Any]]
) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for column, value in values.items():
        if column in DATED and kind != "casualties":
            date_field, precision_field = DATED[column]
            out[date_field], out[precision_field] = value
        elif column == "incident_external_id":
            out["incident_id"] = refs["incidents"][value].pk
        elif column == "person_external_id":
            out["person_id"] = refs["persons"][value].pk
        elif column in NAME_COLUMNS or (
            kind == "casualties" and column in CASUALTY_INCIDENT_COLUMNS
        ):
            continue
        else:
            out[column] = value
    return out


def _upsert_incidents_of_casualties(
    rows: list[ParsedRow], counts: dict[str, int], deltas: Deltas, source_list: SourceList
) -> None:
    described: dict[str, dict[str, Any]] = {}
    for row in rows:
        v = row.values
        if v.get("incident_type") and v["incident_external_id"] not in described:
            fields: dict[str, Any] = {
                "incident_type": v["incident_type"],
                "place": v.get("incident_place", ""),
            }
            if v.get("incident_date"):
                fields["date"], fields["date_precision"] = v["incident_date"]
            for name in ("confidentiality", "consent_scope", "synthetic"):
                if name in v:
                    fields[name] = v[name]
            described[v["incident_external_id"]] = fields
    existing = _by_external_id(Incident, described)
    new = [
        Incident(external_id=ext, source_list=source_list, **f)
        for ext, f in described.items()
        if ext not in existing
    ]
    insert_new(Incident, new)
    changed = []
    for ext, fields in described.items():
        if ext in existing:
            incident = existing[ext]
            old = Incident(incident_type=incident.incident_type, date=incident.date)
            for name, value in fields.items():
                setattr(incident, name, value)
            changed.append(incident)
            _follow_incident(incident, old, deltas)
    Incident.objects.bulk_create(
        changed,
        batch_size=BATCH,
        update_conflicts=True,
        unique_fields=["id"],
        update_fields=["incident_type", "place", "date", "date_precision", "updated_at"],
    )
    counts["incidents_created"] = len(new)
    counts["incidents_updated"] = len(changed)


def do_import_records(
    report: ImportReport,
    rows: list[ParsedRow],
    *,
    acting_user: Actor,
    progress: Progress | None = None,
    source_list: SourceList | None = None,
) -> ImportReport:
    """Write every row of a checked file, or nothing; one audit row with the counts.

    Raises ImportRejected (carrying the report) when the report lists any bad row. New records
    go into ``source_list`` (the "Office cases" list when None). Rows whose external id is
    already recorded update that record, and are refused (nothing written) when that record
    belongs to another list; the others create one. Casualty rows that describe their incident
    create or update it; the casualty summary stays exact. Incidents given a point, or moved,
    are joined to the hazard areas around them in one pass (``places.incident_links``).
    """
    if not report.ok:
        raise ImportRejected(report.summary(), report=report)
    kind = report.kind
    model = MODEL_OF_KIND[kind]
    counts: dict[str, int] = {}
    try:
        with transaction.atomic():
            if source_list is None:
                from ombuds.registry.list_actions import office_list

                source_list = office_list(acting_user=acting_user)
            _write_import(report, rows, kind=kind, model=model, counts=counts, progress=progress,
                          acting_user=acting_user, source_list=source_list)  # fmt: skip
    except (IntegrityError, DataError) as exc:
        raise ImportRejected(
            f"The database refused {report.filename} ({exc}); nothing was imported. "
            "Correct the file and import it again.",
            report=report,
        ) from None
    return report


def _write_import(
    report: ImportReport,
    rows: list[ParsedRow],
    *,
    kind: str,
    model: type[RecordBase],
    counts: dict[str, int],
    progress: Progress | None,
    acting_user: Actor,
    source_list: SourceList,
) -> None:
    total = len(rows)
    with transaction.atomic():
        deltas = Deltas()
        _refuse_other_lists(report, rows, model, source_list)
        if kind == "casualties":
            _upsert_incidents_of_casualties(rows, counts, deltas, source_list)
        refs = {
            "incidents": _by_external_id(
                Incident,
                (
                    r.values["incident_external_id"]
                    for r in rows
                    if r.values.get("incident_external_id")
                ),
            ),
            "persons": _by_external_id(
                Person,
                (
                    r.values["person_external_id"]
                    for r in rows
                    if r.values.get("person_external_id")
                ),
            ),
        }
        created = updated = 0
        replaced: list[tuple[Any, dict[str, list[Any]]]] = []
        placed: list[tuple[Any, Any, Any]] = []  # new incidents with a point
        moved: list[tuple[Any, Any, Any]] = []  # incidents whose point changed
        for start in range(0, total, BATCH):
            batch = rows[start : start + BATCH]
            existing = _by_external_id(model, (r.values["external_id"] for r in batch))
            new_objects: list[Any] = []
            changed: list[Any] = []
            touched: set[str] = set()
            for row in batch:
                values = _field_values(kind, row.values, refs)
                obj = existing.get(row.values["external_id"])
                if obj is None:
                    obj = model(**values, source_list=source_list)
                    new_objects.append(obj)
                else:
                    if isinstance(obj, Casualty):
                        deltas.add(obj, -1)
                    old = {name: getattr(obj, name) for name in values}
                    for name, value in values.items():
                        setattr(obj, name, value)
                    if isinstance(obj, Incident) and any(
                        old.get(c, getattr(obj, c)) != getattr(obj, c)
                        for c in ("latitude", "longitude")
                    ):
                        moved.append((obj.pk, obj.longitude, obj.latitude))
                    replaced.append((obj, _replaced_values(old, values)))
                    touched.update(values)
                    changed.append(obj)
                if isinstance(obj, Casualty):
                    prepare_casualty(obj, refs["incidents"][row.values["incident_external_id"]])
                    deltas.add(obj, 1)
                if isinstance(obj, MissingPersonCase):
                    check_missing_case(obj)
            insert_new(model, new_objects)
            placed.extend(
                (o.pk, o.longitude, o.latitude)
                for o in new_objects
                if isinstance(o, Incident) and o.latitude is not None and o.longitude is not None
            )
            if isinstance(model(), Casualty):
                touched.update({"cause", "year", "age_group"})
            touched.discard("external_id")
            if changed and touched:
                # An upsert on the primary key: one INSERT .. ON CONFLICT DO UPDATE per batch,
                # where bulk_update's CASE expressions grow with the batch.
                model._default_manager.bulk_create(
                    changed,
                    batch_size=BATCH,
                    update_conflicts=True,
                    unique_fields=["id"],
                    update_fields=sorted(touched | {"updated_at"}),
                )
            if kind == "persons":
                by_ext = {r.values["external_id"]: r for r in batch}
                _keep_old_names(changed, by_ext, replaced)
                PersonName.objects.filter(person__in=changed).delete()
                PersonNameWord.objects.filter(person__in=changed).delete()
                _bulk_names([(p, by_ext[p.external_id]) for p in [*new_objects, *changed]])
            created += len(new_objects)
            updated += len(changed)
            if progress is not None:
                progress(min(start + BATCH, total), total)
        deltas.apply()
        link_incidents(placed, new=True)
        link_incidents(moved)
        report.created, report.updated = created, updated
        # Each overwritten record keeps its old values in its own audit row (its history).
        audit.record_batch(
            actor=acting_user,
            action=f"reimport_{model._meta.model_name}",
            rows=[(obj, changes) for obj, changes in replaced if changes],
            reason=f"import of {report.filename}",
        )
        audit.record(
            actor=acting_user,
            action=f"import_{kind}",
            instance=model(),
            before=None,
            after={
                "file": report.filename,
                "list": source_list.slug,
                "rows": total,
                "created": created,
                "updated": updated,
                **counts,
            },
            object_id=f"import:{report.filename}"[:64],
            reason=f"import of {report.filename}",
        )


def _refuse_other_lists(
    report: ImportReport, rows: list[ParsedRow], model: type[RecordBase], source_list: SourceList
) -> None:
    """ImportRejected when a row's external id is a record of another list: the import would
    move that record between lists (two lists may not share an id)."""
    ids = sorted({r.values["external_id"] for r in rows})
    clashes: list[tuple[str, str]] = []
    for start in range(0, len(ids), 900):
        clashes.extend(
            model._default_manager.filter(external_id__in=ids[start : start + 900])
            .exclude(source_list=source_list)
            .values_list("external_id", "source_list__name")[: 20 - len(clashes)]
        )
        if len(clashes) >= 20:
            break
    if clashes:
        listed = "; ".join(f"{ext!r} is in the list {name!r}" for ext, name in clashes)
        raise ImportRejected(
            f"{report.filename} names records of another list ({listed}); nothing was imported. "
            "Ids are unique per kind across lists: prefix this list's ids (ICRC-123), or import "
            "the file into the list that holds them.",
            report=report,
        )


def _keep_old_names(
    changed: list[Any], rows: dict[str, ParsedRow], replaced: list[tuple[Any, dict[str, Any]]]
) -> None:
    """Add the names a re-import replaces to the changes kept for each person."""
    old: dict[Any, list[str]] = {}
    for person_id, name in PersonName.objects.filter(person__in=changed).values_list(
        "person_id", "name"
    ):
        old.setdefault(person_id, []).append(name)
    by_pk = {obj.pk: changes for obj, changes in replaced}
    for person in changed:
        new = [rows[person.external_id].values[c] for c in NAME_COLUMNS
               if rows[person.external_id].values.get(c)]  # fmt: skip
        if sorted(old.get(person.pk, [])) != sorted(new):
            by_pk[person.pk]["names"] = [old.get(person.pk, []), new]


def _replaced_values(old: dict[str, Any], new: dict[str, Any]) -> dict[str, list[Any]]:
    """Field -> [old, new] for the values an import changes; encrypted ones as fingerprints."""
    out = {}
    for name, value in new.items():
        before = old.get(name)
        if hasattr(before, "pk") or hasattr(value, "pk"):
            before, value = getattr(before, "pk", before), getattr(value, "pk", value)
        if before != value:
            if name in ENCRYPTED:
                before, value = fingerprint(before or ""), fingerprint(value or "")
            out[name] = [before, value]
    return out


def _bulk_names(pairs: list[tuple[Person, ParsedRow]]) -> None:
    names = []
    words: list[tuple[Person, list[str]]] = []
    for person, row in pairs:
        words.append((person, [row.values[c] for c in NAME_COLUMNS if row.values.get(c)]))
        first = True
        for column, language in NAME_COLUMNS.items():
            text = row.values.get(column)
            if not text:
                continue
            names.append(
                PersonName(
                    person=person,
                    name=text,
                    language=language,
                    script=detect_script(text),
                    kind="original" if first else "transliteration",
                    key=name_key(text),
                )
            )
            first = False
    PersonName.objects.bulk_create(names, batch_size=BATCH)
    _save_words(words)


def do_queue_import(
    data: bytes,
    *,
    filename: str,
    kind: str,
    mapping: dict[str, str],
    acting_user: Actor,
    source_list: SourceList | None = None,
) -> Any:
    """Store an uploaded file and create its ImportJob (audited); the caller enqueues the task."""
    import uuid

    from django.conf import settings

    from ombuds.registry.models import ImportJob

    folder = Path(settings.MEDIA_ROOT) / "registry-imports"
    folder.mkdir(parents=True, exist_ok=True)
    suffix = ".xlsx" if filename.lower().endswith(".xlsx") else ".csv"
    path = folder / f"{uuid.uuid4()}{suffix}"
    path.write_bytes(data)
    with transaction.atomic():
        user = acting_user if isinstance(acting_user, User) else None
        job = ImportJob.objects.create(
            kind=kind,
            filename=filename[:255],
            path=str(path),
            mapping=mapping,
            started_by=user,
            source_list=source_list,
        )
        audit.record(
            actor=acting_user,
            action="queue_import",
            instance=job,
            before=None,
            after=audit.snapshot(job, ["kind", "filename"]),
        )
    return job


def set_import_progress(job: Any, **fields: Any) -> None:
    """Record a job's status and progress counters (bookkeeping of a job, not an audited record).

    Runs outside the import's transaction so that the page showing the job can read it.
    """
    from django.utils import timezone

    from ombuds.registry.models import ImportJob

    # updated_at dates the last progress: a job that shows none for long was cut off
    # (registry/interrupted.py).
    ImportJob.objects.filter(pk=job.pk).update(**fields, updated_at=timezone.now())
    for name, value in fields.items():
        setattr(job, name, value)
