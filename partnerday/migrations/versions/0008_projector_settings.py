"""What the projector shows and how, set from the organisers' laptop: the screen, the split
of a question by role, the round it is compared with.

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("event", sa.Column("projector_screen", sqlmodel.sql.sqltypes.AutoString(
        length=20), nullable=False, server_default="tables"))
    op.add_column("event", sa.Column("projector_split", sa.Boolean(), nullable=False,
                                     server_default=sa.false()))
    op.add_column("event", sa.Column("projector_compare", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("event", schema=None) as batch_op:
        for column in ("projector_compare", "projector_split", "projector_screen"):
            batch_op.drop_column(column)
