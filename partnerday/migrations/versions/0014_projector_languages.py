"""The projector's languages: French alone, or French and Dutch (or English) side by side for
a bilingual room.

Revision ID: 0014
Revises: 0013
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("event", sa.Column("projector_languages", sa.String(length=20), nullable=False,
                                     server_default="fr"))


def downgrade() -> None:
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.drop_column("projector_languages")
