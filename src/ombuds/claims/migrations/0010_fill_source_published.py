"""Copy each source's publication date onto its claims: one UPDATE over the table, in SQL that
SQLite and PostgreSQL both run (as 0007 copied the confidentiality)."""

from django.db import migrations

FILL = """
UPDATE claims_claim SET source_published = (
    SELECT sources_source.published FROM sources_source
    WHERE sources_source.id = claims_claim.source_id
)
"""


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0009_claim_source_published"),
        ("sources", "0008_count_accepted_claims"),
    ]

    # Undone with the column itself (0009): nothing to reverse here.
    operations = [migrations.RunSQL(FILL, reverse_sql=migrations.RunSQL.noop)]
