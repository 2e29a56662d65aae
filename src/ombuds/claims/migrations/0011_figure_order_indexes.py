"""The indexes of a figure's claims: newest publication first, one family (measure, subject)
and level at a time; and those of one key's end, an open end counting as its source's date
(docs/figures.md)."""

from django.db import migrations, models
from django.db.models.functions import Coalesce


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
        migrations.AddIndex(
            model_name="claim",
            index=models.Index(
                "measure",
                "subject",
                Coalesce("period_end", "source_published"),
                name="claim_family_end",
            ),
        ),
    ]
