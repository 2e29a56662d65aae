"""Data migration: the name keys and search words recomputed with the current skeleton.

The skeleton changed (a g, q or h before a vowel at the start of a word is soft, so Гасанов
meets Hasanov; the Armenian ու reads u): keys stored earlier would not meet the new ones.
Reversing keeps the new keys, since the earlier rule is no longer in the code and the keys
are an index derived from the names, not data of their own.
"""

from django.db import migrations

from ombuds.registry.transliteration import name_key, name_words

BATCH = 5000


def recompute(apps, schema_editor):
    PersonName = apps.get_model("registry", "PersonName")
    PersonNameWord = apps.get_model("registry", "PersonNameWord")
    changed = []
    for row in PersonName.objects.only("id", "name", "key").iterator(chunk_size=BATCH):
        key = name_key(row.name)
        if key != row.key:
            row.key = key
            changed.append(row)
    PersonName.objects.bulk_update(changed, ["key"], batch_size=BATCH)
    words: dict[object, set[str]] = {}
    for person_id, name in PersonName.objects.values_list("person_id", "name").iterator():
        words.setdefault(person_id, set()).update(w[:60] for w in name_words(name))
    stored: dict[object, set[str]] = {}
    for person_id, word in PersonNameWord.objects.values_list("person_id", "word").iterator():
        stored.setdefault(person_id, set()).add(word)
    stale = [p for p in stored.keys() | words.keys() if stored.get(p, set()) != words.get(p, set())]
    for start in range(0, len(stale), BATCH):
        chunk = stale[start : start + BATCH]
        PersonNameWord.objects.filter(person_id__in=chunk).delete()
        PersonNameWord.objects.bulk_create(
            [PersonNameWord(person_id=p, word=w) for p in chunk for w in sorted(words.get(p, ()))],
            batch_size=BATCH,
        )


class Migration(migrations.Migration):
    dependencies = [("registry", "0010_saved_estimate")]

    operations = [migrations.RunPython(recompute, migrations.RunPython.noop)]
