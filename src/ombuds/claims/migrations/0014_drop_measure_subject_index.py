"""Drop the index on (measure, subject): ``claim_family_end`` (measure, subject, the key's end)
serves a family alone as well, and PostgreSQL with stale statistics took the plain one for a
figure key's claims, reading the whole family where the key's end is one range of the other."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("claims", "0013_fill_period_length_class")]

    operations = [migrations.RemoveIndex(model_name="claim", name="claim_measure_subject")]
