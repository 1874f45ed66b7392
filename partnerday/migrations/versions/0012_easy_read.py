"""The easy-read phone page, switched on by the organisers for a person or for the event.

Revision ID: 0012
Revises: 0011
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for table in ("participant", "event"):
        op.add_column(table, sa.Column("easy_read", sa.Boolean(), nullable=False,
                                       server_default=sa.false()))


def downgrade() -> None:
    for table in ("event", "participant"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("easy_read")
