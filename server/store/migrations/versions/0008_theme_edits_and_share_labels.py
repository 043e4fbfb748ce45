"""theme edit history (undo/redo), hand-made themes and answer fit, share link labels and view counts

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 18:30:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "theme_edits",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.String(length=32), nullable=False),
        sa.Column("what", sa.String(length=20), nullable=False),
        sa.Column("before", sa.JSON(), nullable=False),
        sa.Column("after", sa.JSON(), nullable=False),
        sa.Column("undone", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["session_id"], ["sessions.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_theme_edits_session_question", "theme_edits", ["session_id", "question_id"])
    with op.batch_alter_table("themes", schema=None) as batch_op:
        batch_op.add_column(sa.Column("fits", sa.JSON(), server_default=sa.text("'{}'"), nullable=False))
        batch_op.add_column(sa.Column("manual", sa.Boolean(), server_default=sa.text("false"), nullable=False))
    with op.batch_alter_table("share_links", schema=None) as batch_op:
        batch_op.add_column(sa.Column("label", sa.String(length=80), nullable=True))
        batch_op.add_column(sa.Column("views", sa.Integer(), server_default=sa.text("0"), nullable=False))
        batch_op.add_column(sa.Column("last_viewed_at", sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table("share_links", schema=None) as batch_op:
        batch_op.drop_column("last_viewed_at")
        batch_op.drop_column("views")
        batch_op.drop_column("label")
    with op.batch_alter_table("themes", schema=None) as batch_op:
        batch_op.drop_column("manual")
        batch_op.drop_column("fits")
    op.drop_index("ix_theme_edits_session_question", table_name="theme_edits")
    op.drop_table("theme_edits")
