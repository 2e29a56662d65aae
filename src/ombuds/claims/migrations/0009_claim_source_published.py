"""Each claim carries its source's publication date (``Claim.source_published``).

Existing rows are given theirs by the next migration, and the index that reads a figure's
claims newest first is built after that (0011), on filled rows.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0008_level_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="claim",
            name="source_published",
            field=models.DateField(blank=True, editable=False, null=True),
        ),
    ]
