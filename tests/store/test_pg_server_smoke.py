import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB


def test_real_postgres_roundtrip_with_jsonb(postgres_url: str) -> None:
    engine = sa.create_engine(postgres_url)
    metadata = sa.MetaData()
    items = sa.Table(
        "smoke_items",
        metadata,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("payload", JSONB, nullable=False),
    )
    payload = {"title": "Größe", "tags": ["a", "b"], "nested": {"n": 3, "ok": True}}
    try:
        with engine.begin() as conn:
            version = conn.execute(sa.text("SELECT version()")).scalar_one()
            assert version.startswith("PostgreSQL")
            metadata.create_all(conn)
            conn.execute(items.insert(), [{"id": 1, "name": "first", "payload": payload}])
            row = conn.execute(sa.select(items).where(items.c.id == 1)).one()
            assert row.name == "first"
            assert row.payload == payload
            tag = conn.execute(
                sa.select(items.c.payload["tags"][1].astext).where(items.c.id == 1)
            ).scalar_one()
            assert tag == "b"
            metadata.drop_all(conn)
    finally:
        engine.dispose()
