"""Chain the audit rows written before the hash chain existed, in id order."""

from typing import Any

from django.db import migrations


def chain_existing_rows(apps: Any, schema_editor: Any) -> None:
    from ombuds.core.chain import row_hash

    event_model = apps.get_model("core", "AuditEvent")
    previous = ""
    for event in event_model.objects.order_by("id").iterator(chunk_size=2000):
        event.prev_hash = previous
        event.hash = row_hash(event)
        event.save(update_fields=["prev_hash", "hash"])
        previous = event.hash


def unchain(apps: Any, schema_editor: Any) -> None:
    apps.get_model("core", "AuditEvent").objects.update(prev_hash="", hash="")


class Migration(migrations.Migration):
    dependencies = [("core", "0002_audit_hash_chain")]

    operations = [migrations.RunPython(chain_existing_rows, unchain)]
