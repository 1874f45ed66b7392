"""Personal data: the event's privacy contact and retention date, people erased on request,
commitments carried by an organisation once no person does.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN: nullable or with a constant default, no copy of the tables needed
    op.add_column("event", sa.Column("privacy_contact", sqlmodel.sql.sqltypes.AutoString(
        length=200), nullable=False, server_default=""))
    op.add_column("event", sa.Column("retention_until", sa.Date(), nullable=True))
    op.add_column("event", sa.Column("anonymised_at", sqlmodel.sql.sqltypes.UTCDateTime(),
                                     nullable=True))
    op.add_column("participant", sa.Column("erased_at", sqlmodel.sql.sqltypes.UTCDateTime(),
                                           nullable=True))
    op.add_column("commitment", sa.Column("organisation", sqlmodel.sql.sqltypes.AutoString(
        length=200), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("commitment", schema=None) as batch_op:
        batch_op.drop_column("organisation")
    with op.batch_alter_table("participant", schema=None) as batch_op:
        batch_op.drop_column("erased_at")
    with op.batch_alter_table("event", schema=None) as batch_op:
        for column in ("anonymised_at", "retention_until", "privacy_contact"):
            batch_op.drop_column(column)
