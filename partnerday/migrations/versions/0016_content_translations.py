"""Questions, cases and the directory's services in other languages (partnerday/content.py).

Revision ID: 0016
Revises: 0015
"""

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

TABLES = ("poll", "case", "organisation")


def upgrade() -> None:
    for table in TABLES:
        op.add_column(table, sa.Column("translations", sa.JSON(), nullable=True))


def downgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("translations")
