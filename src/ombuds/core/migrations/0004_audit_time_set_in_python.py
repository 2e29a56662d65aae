"""The audit row's time is set by Python (``default=timezone.now``) instead of ``auto_now_add``,
so a batch of rows can be hashed before it is inserted. The column is the same on every
database (neither option gives it a database default), so only Django's state changes: on
SQLite an AlterField would copy the whole audit log into a new table for nothing."""

import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_fill_audit_hash_chain"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="auditevent",
                    name="at",
                    field=models.DateTimeField(
                        db_index=True, default=django.utils.timezone.now, editable=False
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
