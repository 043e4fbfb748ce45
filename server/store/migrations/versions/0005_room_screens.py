"""room screens: the join screen toggle, quotes on the projector, the furthest step reached

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 00:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("sessions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("reveal_quotes", sa.Boolean(), server_default=sa.text("false"), nullable=False))
        batch_op.add_column(sa.Column("join_shown", sa.Boolean(), server_default=sa.text("false"), nullable=False))
        batch_op.add_column(sa.Column("reached_step", sa.Integer(), server_default=sa.text("0"), nullable=False))
    op.execute("UPDATE sessions SET reached_step = current_step")  # a running session has got this far at least


def downgrade():
    with op.batch_alter_table("sessions", schema=None) as batch_op:
        batch_op.drop_column("reached_step")
        batch_op.drop_column("join_shown")
        batch_op.drop_column("reveal_quotes")
