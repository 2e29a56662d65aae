"""A figure's claims newest publication first, one family (measure, subject) and level at a
time, read in the order of this index (docs/figures.md, *Speed*)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0010_fill_source_published"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="claim",
            index=models.Index(
                fields=[
                    "confidentiality",
                    "measure",
                    "subject",
                    "-source_published",
                    "-created_at",
                    "-id",
                ],
                name="claim_level_family_published",
            ),
        ),
    ]
