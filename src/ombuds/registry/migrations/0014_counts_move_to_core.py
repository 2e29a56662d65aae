"""Stop counting the record tables in RecordCount and drop it: core.RowCount counts them now,
with the other counted tables (core migration 0007 starts that, after this one)."""

import importlib

from django.db import migrations

by_trigger = importlib.import_module("ombuds.registry.migrations.0013_count_records_by_trigger")


class Migration(migrations.Migration):
    dependencies = [("registry", "0013_count_records_by_trigger")]

    operations = [
        migrations.RunPython(by_trigger.stop_counting, by_trigger.start_counting),
        migrations.DeleteModel(name="RecordCount"),
    ]
