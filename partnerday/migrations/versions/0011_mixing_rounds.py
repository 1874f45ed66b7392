"""Tables tournantes: each round's circles and figures, and the round the projector shows.

Revision ID: 0011
Revises: 0010
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "mixinground",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("assignment", sa.JSON(), nullable=True),
        sa.Column("figures", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(["event_id"], ["event.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("event_id", "number"))
    op.create_index(op.f("ix_mixinground_event_id"), "mixinground", ["event_id"], unique=False)
    op.add_column("event", sa.Column("mixing_shown", sa.Integer(), nullable=False,
                                     server_default="1"))


def downgrade() -> None:
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.drop_column("mixing_shown")
    op.drop_index(op.f("ix_mixinground_event_id"), table_name="mixinground")
    op.drop_table("mixinground")
