"""Give each claim with both ends of its period the class of its length (``length_class``):
one UPDATE over the table, the days counted in each database's own date arithmetic."""

from typing import Any

from django.db import migrations

# The bit length of the days: 0 below 1 day (or a period ending before it starts), c below 2^c.
LONGEST_CLASS = 22


def _fill(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "sqlite":
        days = "(julianday(period_end) - julianday(period_start))"
    else:
        days = "(period_end - period_start)"
    steps = " ".join(f"WHEN {days} < {2**bits} THEN {bits}" for bits in range(LONGEST_CLASS + 1))
    schema_editor.execute(
        f"UPDATE claims_claim SET period_length_class = CASE {steps} END "
        "WHERE period_start IS NOT NULL AND period_end IS NOT NULL"
    )


class Migration(migrations.Migration):
    dependencies = [("claims", "0012_claim_period_length_class")]

    # Undone with the column itself (0012): nothing to reverse here.
    operations = [migrations.RunPython(_fill, migrations.RunPython.noop)]
