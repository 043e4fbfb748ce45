"""The migrations build exactly the schema the models describe, on SQLite and PostgreSQL:
a column added to a model without a migration (or the other way round) fails here."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Column, Integer, MetaData, create_engine

from server.store.models import Base


def differences(url: str, metadata: MetaData = Base.metadata) -> list:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return compare_metadata(MigrationContext.configure(conn), metadata)
    finally:
        engine.dispose()


def test_migrated_sqlite_matches_the_models(migrated_sqlite):
    assert differences(f"sqlite:///{migrated_sqlite}") == []
    # The control: a model column no migration made is found.
    models = MetaData()
    for table in Base.metadata.tables.values():
        table.to_metadata(models)
    models.tables["sessions"].append_column(Column("unmigrated", Integer))
    found = differences(f"sqlite:///{migrated_sqlite}", models)
    assert [(d[0], d[3].name) for d in found] == [("add_column", "unmigrated")], found


@pytest.mark.live
def test_migrated_postgresql_matches_the_models(tmp_path, postgres_url):
    from server.app import upgrade_database

    from support import app_for

    upgrade_database(app_for(tmp_path, postgres_url))
    assert differences(postgres_url.replace("postgresql://", "postgresql+psycopg://", 1)) == []
