"""Walk-ins marked until the desk confirms them; a join token of its own for the QR projected
beside a question (it no longer carries the walk-in form's token).

Revision ID: 0005
Revises: 0004
"""

import secrets

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN (constant defaults); the tokens are then filled one event at a time
    op.add_column("event", sa.Column("join_token", sqlmodel.sql.sqltypes.AutoString(length=64),
                                     nullable=False, server_default=""))
    op.create_index("ix_event_join_token", "event", ["join_token"], unique=False)
    op.add_column("participant", sa.Column("walk_in", sa.Boolean(), nullable=False,
                                           server_default=sa.false()))
    op.add_column("participant", sa.Column("confirmed_at", sqlmodel.sql.sqltypes.UTCDateTime(),
                                           nullable=True))
    connection = op.get_bind()
    event = sa.table("event", sa.column("id", sa.Integer), sa.column("join_token", sa.String))
    for (event_id,) in connection.execute(sa.select(event.c.id)).all():
        connection.execute(event.update().where(event.c.id == event_id)
                           .values(join_token=secrets.token_urlsafe(16)))


def downgrade() -> None:
    with op.batch_alter_table("participant", schema=None) as batch_op:
        batch_op.drop_column("confirmed_at")
        batch_op.drop_column("walk_in")
    op.drop_index("ix_event_join_token", table_name="event")
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.drop_column("join_token")
