"""hardening: logins that logout ends, token hints, theme freshness, readiness probe

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 21:45:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("facilitators", schema=None) as batch_op:
        batch_op.add_column(sa.Column("login_epoch", sa.Integer(), server_default=sa.text("0"), nullable=False))
    with op.batch_alter_table("api_tokens", schema=None) as batch_op:
        batch_op.add_column(sa.Column("hint", sa.String(length=8), nullable=True))

    op.create_table(
        "theme_runs",
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.String(length=32), nullable=False),
        sa.Column("answers", sa.Integer(), nullable=False),
        sa.Column("last_change", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["session_id"], ["sessions.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("session_id", "question_id"),
    )
    op.create_table(
        "readiness_probe",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("checked_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )


def downgrade():
    op.drop_table("readiness_probe")
    op.drop_table("theme_runs")
    with op.batch_alter_table("api_tokens", schema=None) as batch_op:
        batch_op.drop_column("hint")
    with op.batch_alter_table("facilitators", schema=None) as batch_op:
        batch_op.drop_column("login_epoch")
