"""Count each source's claims not rejected into ``accepted_claims`` (kept by the claims' writes
from here on). Reversing leaves the counts: the schema migration before drops the column."""

from django.db import migrations
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce


def count_claims(apps, schema_editor):
    Claim = apps.get_model("claims", "Claim")
    Source = apps.get_model("sources", "Source")
    counted = (
        Claim.objects.filter(source=OuterRef("pk"))
        .exclude(status="rejected")
        .order_by()
        .values("source")
        .annotate(n=Count("pk"))
        .values("n")
    )
    Source.objects.update(
        accepted_claims=Coalesce(Subquery(counted, output_field=IntegerField()), 0)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("sources", "0007_source_accepted_claims"),
        ("claims", "0004_review_state"),
    ]

    operations = [migrations.RunPython(count_claims, migrations.RunPython.noop)]
