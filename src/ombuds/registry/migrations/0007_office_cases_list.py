"""Data migration: the records recorded before lists existed go into the "Office cases" list."""

from django.db import migrations

KINDS = ("Person", "Incident", "Casualty", "MissingPersonCase", "DamagedObject", "Displacement")
SLUG = "office-cases"


def fill(apps, schema_editor):
    SourceList = apps.get_model("registry", "SourceList")
    office, _created = SourceList.objects.get_or_create(
        slug=SLUG,
        defaults={
            "name": "Office cases",
            "publisher": "the office",
            "description": "The office's own case records.",
        },
    )
    for name in KINDS:
        apps.get_model("registry", name).objects.filter(source_list__isnull=True).update(
            source_list=office
        )


def empty(apps, schema_editor):
    SourceList = apps.get_model("registry", "SourceList")
    office = SourceList.objects.filter(slug=SLUG).first()
    if office is None:
        return
    for name in KINDS:
        apps.get_model("registry", name).objects.filter(source_list=office).update(source_list=None)
    office.delete()


class Migration(migrations.Migration):
    dependencies = [("registry", "0006_source_lists")]

    operations = [migrations.RunPython(fill, empty)]
