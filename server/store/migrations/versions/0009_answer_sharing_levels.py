"""answers' sharing level: group, facilitator or private

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 19:20:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("answers", schema=None) as batch_op:
        batch_op.add_column(sa.Column("share", sa.String(length=12), server_default="group", nullable=False))


def downgrade():
    with op.batch_alter_table("answers", schema=None) as batch_op:
        batch_op.drop_column("share")
