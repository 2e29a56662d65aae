"""Copy each source's confidentiality onto its claims: one UPDATE over the table, in SQL that
SQLite and PostgreSQL both run (a million claims take seconds, not a loop over rows)."""

from django.db import migrations

FILL = """
UPDATE claims_claim SET confidentiality = (
    SELECT sources_source.confidentiality FROM sources_source
    WHERE sources_source.id = claims_claim.source_id
)
"""


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0006_claim_confidentiality"),
        ("sources", "0006_copies"),
    ]

    # Undone with the column itself (0006): nothing to reverse here.
    operations = [migrations.RunSQL(FILL, reverse_sql=migrations.RunSQL.noop)]
