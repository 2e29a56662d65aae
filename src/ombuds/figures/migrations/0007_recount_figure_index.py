"""Empty the index of figure keys: its rows counted each copy of a text as a source and have
no range or trend. The pages count live until the next run of the checks builds it again."""

from typing import Any

from django.db import migrations


def empty(apps: Any, schema_editor: Any) -> None:
    apps.get_model("figures", "FigureSummary").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("figures", "0006_key_decisions")]

    operations = [migrations.RunPython(empty, migrations.RunPython.noop)]
