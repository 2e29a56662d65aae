"""Start counting the record tables in RecordCount: triggers on each table, and the counts of
the rows already there (in the migration's transaction, so none is missed or counted twice).

SQLite has row triggers only; it updates the count row in place. PostgreSQL gets statement
triggers over the transition tables instead: a row trigger there would write a new version of
the same count row for every row of a bulk load, each write slower than the last.
A delete only lowers an existing count (an UPDATE, never a new row), so emptying the tables in
any order (Django's flush) leaves no negative count behind.
"""

from django.db import migrations

TABLES = (
    "registry_person",
    "registry_incident",
    "registry_casualty",
    "registry_missingpersoncase",
    "registry_damagedobject",
    "registry_displacement",
)
KEY = "db_table, confidentiality, consent_scope"
ADD = (
    f"INSERT INTO registry_recordcount ({KEY}, records) {{rows}} ON CONFLICT ({KEY}) "
    "DO UPDATE SET records = registry_recordcount.records + excluded.records"
)


def _sqlite(table: str) -> list[str]:
    def add(row: str) -> str:
        return ADD.format(rows=f"VALUES ('{table}', {row}.confidentiality, {row}.consent_scope, 1)")

    def take(row: str) -> str:
        return (
            f"UPDATE registry_recordcount SET records = records - 1 WHERE db_table = '{table}'"
            f" AND confidentiality = {row}.confidentiality AND consent_scope = {row}.consent_scope"
        )

    return [
        f"CREATE TRIGGER {table}_count_insert AFTER INSERT ON {table} BEGIN {add('NEW')}; END",
        f"CREATE TRIGGER {table}_count_delete AFTER DELETE ON {table} BEGIN {take('OLD')}; END",
        f"CREATE TRIGGER {table}_count_update AFTER UPDATE OF confidentiality, consent_scope"
        f" ON {table} WHEN OLD.confidentiality IS NOT NEW.confidentiality"
        " OR OLD.consent_scope IS NOT NEW.consent_scope"
        f" BEGIN {take('OLD')}; {add('NEW')}; END",
    ]


PG_FUNCTION = f"""
CREATE FUNCTION registry_count_records() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        DELETE FROM registry_recordcount WHERE db_table = TG_TABLE_NAME::text;
        RETURN NULL;
    END IF;
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        UPDATE registry_recordcount AS c SET records = c.records - gone.n
        FROM (SELECT confidentiality, consent_scope, count(*) AS n FROM old_rows GROUP BY 1, 2)
            AS gone
        WHERE c.db_table = TG_TABLE_NAME::text AND c.confidentiality = gone.confidentiality
            AND c.consent_scope = gone.consent_scope;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        {
    ADD.format(
        rows="SELECT TG_TABLE_NAME::text, confidentiality, consent_scope, count(*) "
        "FROM new_rows GROUP BY 2, 3"
    )
};
    END IF;
    RETURN NULL;
END
$$
"""


def _postgresql(table: str) -> list[str]:
    each = "FOR EACH STATEMENT EXECUTE FUNCTION registry_count_records()"
    return [
        f"CREATE TRIGGER {table}_count_insert AFTER INSERT ON {table}"
        f" REFERENCING NEW TABLE AS new_rows {each}",
        f"CREATE TRIGGER {table}_count_delete AFTER DELETE ON {table}"
        f" REFERENCING OLD TABLE AS old_rows {each}",
        f"CREATE TRIGGER {table}_count_update AFTER UPDATE ON {table}"
        f" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows {each}",
        f"CREATE TRIGGER {table}_count_truncate AFTER TRUNCATE ON {table} {each}",
    ]


def start_counting(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_FUNCTION)
    for table in TABLES:
        for sql in _postgresql(table) if vendor == "postgresql" else _sqlite(table):
            schema_editor.execute(sql)
        schema_editor.execute(
            f"INSERT INTO registry_recordcount ({KEY}, records) SELECT '{table}',"
            f" confidentiality, consent_scope, count(*) FROM {table} GROUP BY 2, 3"
        )


def stop_counting(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table in TABLES:
        for event in ("insert", "delete", "update", "truncate"):
            on = f" ON {table}" if vendor == "postgresql" else ""
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_count_{event}{on}")
    if vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION registry_count_records()")
    schema_editor.execute("DELETE FROM registry_recordcount")


class Migration(migrations.Migration):
    dependencies = [("registry", "0012_record_counts")]

    operations = [migrations.RunPython(start_counting, stop_counting)]
