"""Fill the new ``Finding.levels`` from the claims' sources and count the findings into
``FindingCount``, as the actions keep them from now on."""

from collections import Counter, defaultdict
from typing import Any

from django.db import migrations

BITS = {"public": 1, "internal": 2, "restricted": 4}


def fill(apps: Any, schema_editor: Any) -> None:
    finding_model = apps.get_model("figures", "Finding")
    count_model = apps.get_model("figures", "FindingCount")
    levels: dict[Any, int] = defaultdict(int)
    rows = finding_model.objects.values_list("pk", "claims__source__confidentiality")
    for pk, confidentiality in rows.iterator(chunk_size=5000):
        if confidentiality is not None:
            levels[pk] |= BITS.get(confidentiality, 4)
    by_mask: dict[int, list[Any]] = defaultdict(list)
    for pk, mask in levels.items():
        by_mask[mask].append(pk)
    for mask, pks in by_mask.items():
        for start in range(0, len(pks), 2000):
            finding_model.objects.filter(pk__in=pks[start : start + 2000]).update(levels=mask)
    cells: Counter[tuple[str, str, str, int]] = Counter(
        finding_model.objects.values_list("state", "status", "kind", "levels").iterator()
    )
    count_model.objects.bulk_create(
        count_model(state=state, status=status, kind=kind, levels=mask, findings=n)
        for (state, status, kind, mask), n in cells.items()
    )


def empty(apps: Any, schema_editor: Any) -> None:
    apps.get_model("figures", "FindingCount").objects.all().delete()
    apps.get_model("figures", "Finding").objects.update(levels=0)


class Migration(migrations.Migration):
    dependencies = [("figures", "0004_ledger_pages")]

    operations = [migrations.RunPython(fill, empty)]
