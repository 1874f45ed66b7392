"""Participants' first and last names (public screens show first names only); demo events
marked as such.

Existing participants' full names are split into first and last name as the import splits a
full-name column, and written again first name first (a family name in capitals first, "DUPONT Marie", is read
the right way round), so that no surname typed first stays on a public screen.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

from partnerday.names import full_name, split_full_name

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def _text(name: str, length: int) -> sa.Column:
    return sa.Column(name, sqlmodel.sql.sqltypes.AutoString(length=length), nullable=False,
                     server_default="")


def upgrade() -> None:
    # Plain ADD COLUMN (a constant default needs no copy of the table, which SQLite could not
    # drop while other tables point at it)
    op.add_column("participant", _text("first_name", 100))
    op.add_column("participant", _text("last_name", 200))
    op.add_column("event", sa.Column("is_demo", sa.Boolean(), nullable=False,
                                     server_default=sa.false()))
    connection = op.get_bind()
    participant = sa.table("participant", sa.column("id", sa.Integer),
                           sa.column("name", sa.String), sa.column("first_name", sa.String),
                           sa.column("last_name", sa.String))
    rows = connection.execute(sa.select(participant.c.id, participant.c.name)).all()
    for person_id, name in rows:
        split = split_full_name(name or "")
        connection.execute(participant.update().where(participant.c.id == person_id)
                           .values(first_name=split.first[:100], last_name=split.last[:200],
                                   name=full_name(split.first, split.last)[:200]))


def downgrade() -> None:
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.drop_column("is_demo")
    with op.batch_alter_table("participant", schema=None) as batch_op:
        batch_op.drop_column("last_name")
        batch_op.drop_column("first_name")
