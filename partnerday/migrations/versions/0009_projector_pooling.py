"""The pooling on the projector: which set of groups and which case it shows, chosen on the
organisers' laptop.

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("event", sa.Column("projector_set", sa.Integer(), nullable=False,
                                     server_default="0"))
    op.add_column("event", sa.Column("projector_case", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("event", schema=None) as batch_op:
        for column in ("projector_case", "projector_set"):
            batch_op.drop_column(column)
