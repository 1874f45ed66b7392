"""After the day, the people one met: whether a person shares their email with them, and
whether they appear in their lists (by default, service users do not).

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("participant", sa.Column("shares_email", sa.Boolean(), nullable=False,
                                           server_default=sa.false()))
    op.add_column("participant", sa.Column("listed_for_met", sa.Boolean(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("participant", schema=None) as batch_op:
        for column in ("listed_for_met", "shares_email"):
            batch_op.drop_column(column)
