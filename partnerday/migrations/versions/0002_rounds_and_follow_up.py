"""Round clock, report deliveries, commitments followed through the year.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _text(name: str, length: int) -> sa.Column:
    return sa.Column(name, sqlmodel.sql.sqltypes.AutoString(length=length), nullable=False,
                     server_default="")


def upgrade() -> None:
    op.create_table(
        "roundclock",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("round", sa.Integer(), nullable=False),
        sa.Column("round_minutes", sa.Integer(), nullable=False),
        sa.Column("duration_s", sa.Integer(), nullable=False),
        sa.Column("elapsed_s", sa.Float(), nullable=False),
        sa.Column("started_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["event_id"], ["event.id"]),
        sa.PrimaryKeyConstraint("id"))
    with op.batch_alter_table("roundclock", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_roundclock_event_id"), ["event_id"], unique=True)

    op.create_table(
        "delivery",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("email", sqlmodel.sql.sqltypes.AutoString(length=254), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("detail", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["event_id"], ["event.id"]),
        sa.ForeignKeyConstraint(["participant_id"], ["participant.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("event_id", "participant_id"))
    with op.batch_alter_table("delivery", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_delivery_event_id"), ["event_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_delivery_participant_id"), ["participant_id"],
                              unique=False)

    with op.batch_alter_table("commitment", schema=None) as batch_op:
        batch_op.add_column(_text("source", 80))
        batch_op.add_column(_text("case_title", 200))
        batch_op.add_column(_text("referral", 200))
        batch_op.add_column(sa.Column("updates", sa.JSON(), nullable=True))
        batch_op.add_column(_text("carried_from", 200))
    # rows from before: each its own source, so that the new unique constraint holds
    op.execute("UPDATE commitment SET source = 'legacy-' || id WHERE source = ''")
    with op.batch_alter_table("commitment", schema=None) as batch_op:
        batch_op.create_unique_constraint("uq_commitment_event_source", ["event_id", "source"])


def downgrade() -> None:
    with op.batch_alter_table("commitment", schema=None) as batch_op:
        batch_op.drop_constraint("uq_commitment_event_source", type_="unique")
        for column in ("carried_from", "updates", "referral", "case_title", "source"):
            batch_op.drop_column(column)
    with op.batch_alter_table("delivery", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_delivery_participant_id"))
        batch_op.drop_index(batch_op.f("ix_delivery_event_id"))
    op.drop_table("delivery")
    with op.batch_alter_table("roundclock", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_roundclock_event_id"))
    op.drop_table("roundclock")
