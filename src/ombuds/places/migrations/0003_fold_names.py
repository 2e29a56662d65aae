"""Fill the folded form of the gazetteer's names stored before it existed (claims' places are
linked by ``ombuds places link``, which may be interrupted and run again)."""

from django.db import migrations

from ombuds.places.naming import fold_place


def fold_names(apps, schema_editor):  # type: ignore[no-untyped-def]
    for name in ("AdminUnit", "Place", "PlaceName"):
        model = apps.get_model("places", name)
        rows = list(model.objects.only("id", "name"))
        for row in rows:
            row.folded = fold_place(row.name)
        model.objects.bulk_update(rows, ["folded"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [("places", "0002_gazetteer_links")]

    operations = [migrations.RunPython(fold_names, migrations.RunPython.noop)]
