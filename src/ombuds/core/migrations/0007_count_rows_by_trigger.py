"""Start counting the tables the pages count, in core.RowCount: triggers on each table and the
counts of the rows already there (core/counting.py). The tables and the columns they are
counted by are written out here as they are at this migration; a later migration that counts
another table calls ``start_counting`` for it."""

from django.db import migrations

from ombuds.core.counting import start_counting, stop_counting

RECORDS = ("confidentiality", "consent_scope")
COUNTED: dict[str, tuple[str, ...]] = {
    "registry_person": RECORDS,
    "registry_incident": RECORDS,
    "registry_casualty": RECORDS,
    "registry_missingpersoncase": RECORDS,
    "registry_damagedobject": RECORDS,
    "registry_displacement": RECORDS,
    "sources_source": ("confidentiality",),
    "appeals_appeal": ("status",),
    "places_hazardarea": ("classification", "status"),
    "places_landreleaseactivity": (),
    "places_devicefind": (),
    "places_minefieldrecord": (),
    "places_environmentalsite": (),
    "places_environmentalsample": (),
    "places_place": (),
    "places_adminunit": (),
}


def start(apps, schema_editor):
    for table, columns in COUNTED.items():
        start_counting(schema_editor, table, columns)


def stop(apps, schema_editor):
    for table in COUNTED:
        stop_counting(schema_editor, table)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0006_row_counts"),
        ("registry", "0014_counts_move_to_core"),
        ("sources", "0008_count_accepted_claims"),
        ("appeals", "0009_office_profile"),
        ("places", "0006_bbox_max_indexes"),
    ]

    operations = [migrations.RunPython(start, stop)]
