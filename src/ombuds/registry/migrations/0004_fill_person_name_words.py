"""Data migration: the search words of the names recorded before PersonNameWord existed."""

from django.db import migrations

from ombuds.registry.transliteration import name_words


def fill(apps, schema_editor):
    PersonName = apps.get_model("registry", "PersonName")
    PersonNameWord = apps.get_model("registry", "PersonNameWord")
    seen = set(PersonNameWord.objects.values_list("person_id", "word"))
    batch = []
    for person_id, name in PersonName.objects.values_list("person_id", "name").iterator():
        for word in name_words(name):
            key = (person_id, word[:60])
            if key not in seen:
                seen.add(key)
                batch.append(PersonNameWord(person_id=person_id, word=word[:60]))
        if len(batch) >= 5000:
            PersonNameWord.objects.bulk_create(batch)
            batch = []
    PersonNameWord.objects.bulk_create(batch)


def empty(apps, schema_editor):
    apps.get_model("registry", "PersonNameWord").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("registry", "0003_personnameword")]

    operations = [migrations.RunPython(fill, empty)]
