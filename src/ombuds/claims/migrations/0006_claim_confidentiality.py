"""Each claim carries its source's confidentiality (``Claim.confidentiality``).

Rows that exist are given "restricted" here, which hides a claim rather than shows it, and
their source's level by the next migration.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0005_gazetteer_links"),
    ]

    operations = [
        migrations.AddField(
            model_name="claim",
            name="confidentiality",
            field=models.CharField(
                choices=[
                    ("public", "Public"),
                    ("internal", "Internal"),
                    ("restricted", "Restricted"),
                ],
                default="restricted",
                editable=False,
                max_length=12,
            ),
            preserve_default=False,
        ),
    ]
