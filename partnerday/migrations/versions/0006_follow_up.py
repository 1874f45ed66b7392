"""The year after the day: reminders and digests (their log and the addresses that asked to
stop), each commitment's own update link, starred commitments, organisations' contacts, and
each event's follow-up months.

Revision ID: 0006
Revises: 0005
"""

import secrets

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

_text = sqlmodel.sql.sqltypes.AutoString
_moment = sqlmodel.sql.sqltypes.UTCDateTime


def upgrade() -> None:
    op.create_table(
        "reminder",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("key", _text(length=80), nullable=False),
        sa.Column("commitment_id", sa.Integer(), nullable=True),
        sa.Column("participant_id", sa.Integer(), nullable=True),
        sa.Column("email", _text(length=254), nullable=False),
        sa.Column("status", _text(length=20), nullable=False),
        sa.Column("detail", _text(length=500), nullable=False),
        sa.Column("at", _moment(), nullable=False),
        sa.ForeignKeyConstraint(["commitment_id"], ["commitment.id"]),
        sa.ForeignKeyConstraint(["event_id"], ["event.id"]),
        sa.ForeignKeyConstraint(["participant_id"], ["participant.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("event_id", "key"))
    op.create_index("ix_reminder_commitment_id", "reminder", ["commitment_id"])
    op.create_index("ix_reminder_event_id", "reminder", ["event_id"])
    op.create_index("ix_reminder_participant_id", "reminder", ["participant_id"])
    op.create_table(
        "mailstop",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("email", _text(length=254), nullable=False),
        sa.Column("token", _text(length=64), nullable=False),
        sa.Column("stopped_at", _moment(), nullable=True),
        sa.ForeignKeyConstraint(["event_id"], ["event.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("event_id", "email"))
    op.create_index("ix_mailstop_event_id", "mailstop", ["event_id"])
    op.create_index("ix_mailstop_token", "mailstop", ["token"], unique=True)

    # Plain ADD COLUMN (constant defaults); the commitments' tokens are then filled one by one
    op.add_column("event", sa.Column("followup_months", sa.JSON(), nullable=True,
                                     server_default=sa.text("'[1, 3, 6]'")))
    op.add_column("event", sa.Column("reminder_days", sa.Integer(), nullable=False,
                                     server_default="7"))
    op.add_column("organisation", sa.Column("contact_name", _text(length=200), nullable=False,
                                            server_default=""))
    op.add_column("organisation", sa.Column("contact_email", _text(length=254), nullable=False,
                                            server_default=""))
    op.add_column("commitment", sa.Column("starred", sa.Boolean(), nullable=False,
                                          server_default=sa.false()))
    op.add_column("commitment", sa.Column("token", _text(length=64), nullable=False,
                                          server_default=""))
    connection = op.get_bind()
    commitment = sa.table("commitment", sa.column("id", sa.Integer),
                          sa.column("token", sa.String))
    for (commitment_id,) in connection.execute(sa.select(commitment.c.id)).all():
        connection.execute(commitment.update().where(commitment.c.id == commitment_id)
                           .values(token=secrets.token_urlsafe(16)))
    op.create_index("ix_commitment_token", "commitment", ["token"], unique=True)


def downgrade() -> None:
    op.drop_index("ix_commitment_token", table_name="commitment")
    with op.batch_alter_table("commitment", schema=None) as batch_op:
        batch_op.drop_column("token")
        batch_op.drop_column("starred")
    with op.batch_alter_table("organisation", schema=None) as batch_op:
        batch_op.drop_column("contact_email")
        batch_op.drop_column("contact_name")
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.drop_column("reminder_days")
        batch_op.drop_column("followup_months")
    op.drop_table("mailstop")
    op.drop_table("reminder")
