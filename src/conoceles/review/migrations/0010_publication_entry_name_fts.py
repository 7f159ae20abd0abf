from django.db import migrations

from conoceles.review.search_index import NAME_FTS_TABLE

# SQLite: the words of a name found in a full-text index of its trigrams (FTS5, tokenizer "trigram"), kept in step
# with review_publicationentry by triggers. PostgreSQL has its trigram index (0003) instead.
CREATE = [
    f"""CREATE VIRTUAL TABLE {NAME_FTS_TABLE} USING fts5(
        search_name, content='review_publicationentry', content_rowid='candidacy_id', tokenize='trigram')""",
    f"""CREATE TRIGGER {NAME_FTS_TABLE}_insert AFTER INSERT ON review_publicationentry BEGIN
        INSERT INTO {NAME_FTS_TABLE}(rowid, search_name) VALUES (new.candidacy_id, new.search_name);
    END""",
    f"""CREATE TRIGGER {NAME_FTS_TABLE}_delete AFTER DELETE ON review_publicationentry BEGIN
        INSERT INTO {NAME_FTS_TABLE}({NAME_FTS_TABLE}, rowid, search_name)
        VALUES ('delete', old.candidacy_id, old.search_name);
    END""",
    f"""CREATE TRIGGER {NAME_FTS_TABLE}_update AFTER UPDATE OF candidacy_id, search_name ON review_publicationentry
    BEGIN
        INSERT INTO {NAME_FTS_TABLE}({NAME_FTS_TABLE}, rowid, search_name)
        VALUES ('delete', old.candidacy_id, old.search_name);
        INSERT INTO {NAME_FTS_TABLE}(rowid, search_name) VALUES (new.candidacy_id, new.search_name);
    END""",
    f"INSERT INTO {NAME_FTS_TABLE}({NAME_FTS_TABLE}) VALUES ('rebuild')",  # the entries already there
]
DROP = [
    *(f"DROP TRIGGER IF EXISTS {NAME_FTS_TABLE}_{event}" for event in ("insert", "delete", "update")),
    f"DROP TABLE IF EXISTS {NAME_FTS_TABLE}",
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in CREATE:
            schema_editor.execute(statement)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in DROP:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    """A search by a name's words on SQLite without reading the whole index in name order (a rare name)."""

    dependencies = [
        ("review", "0009_publication_entry_name_index"),
    ]

    operations = [migrations.RunPython(create, drop)]
