"""Join the registry incidents stored before their hazard areas were kept to those areas
(``places.incident_links.relink_all``; ``ombuds places relink-incidents`` does it again)."""

from django.db import migrations

from ombuds.places.incident_links import relink_all


def fill_links(apps, schema_editor):  # type: ignore[no-untyped-def]
    relink_all(registry=apps)


def drop_links(apps, schema_editor):  # type: ignore[no-untyped-def]
    apps.get_model("places", "IncidentHazard").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("places", "0004_incident_hazard_links")]

    operations = [migrations.RunPython(fill_links, drop_links)]
