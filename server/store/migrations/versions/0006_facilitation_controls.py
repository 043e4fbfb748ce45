"""facilitation controls: timer, closed steps, spotlight, pacing, a scheduled end, hidden answers

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 01:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("sessions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("timer_ends_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("timer_seconds", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("timer_step", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("timer_lock", sa.Boolean(), server_default=sa.text("false"), nullable=False))
        batch_op.add_column(sa.Column("locked_steps", sa.JSON(), server_default=sa.text("'[]'"), nullable=False))
        batch_op.add_column(sa.Column("spotlight_answer", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("pacing", sa.String(length=12), server_default=sa.text("'facilitator'"), nullable=False)
        )
        batch_op.add_column(sa.Column("closing_at", sa.DateTime(), nullable=True))
    with op.batch_alter_table("participants", schema=None) as batch_op:
        batch_op.add_column(sa.Column("at_step", sa.Integer(), server_default=sa.text("0"), nullable=False))
    with op.batch_alter_table("answers", schema=None) as batch_op:
        batch_op.add_column(sa.Column("hidden", sa.Boolean(), server_default=sa.text("false"), nullable=False))


def downgrade():
    with op.batch_alter_table("answers", schema=None) as batch_op:
        batch_op.drop_column("hidden")
    with op.batch_alter_table("participants", schema=None) as batch_op:
        batch_op.drop_column("at_step")
    with op.batch_alter_table("sessions", schema=None) as batch_op:
        for column in ("closing_at", "pacing", "spotlight_answer", "locked_steps", "timer_lock", "timer_step",
                       "timer_seconds", "timer_ends_at"):
            batch_op.drop_column(column)
