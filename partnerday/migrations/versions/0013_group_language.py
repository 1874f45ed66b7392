"""A working group's language: its tablets speak it (set by the organisers or on a tablet;
none yet means its members' most common language).

Revision ID: 0013
Revises: 0012
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("workgroup", sa.Column("language", sa.String(length=2), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("workgroup", schema=None) as batch_op:
        batch_op.drop_column("language")
