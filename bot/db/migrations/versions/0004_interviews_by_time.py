"""Index a user's interviews by time, so a page of `list` walks the index instead of sorting.

Replaces the index on `user_id` alone: the new one starts with it, so lookups by user and
the cascade from users keep their index.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01
"""

from __future__ import annotations

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_interviews_user_at", "interviews", ["user_id", "at", "id"])
    op.drop_index("ix_interviews_user_id", table_name="interviews")


def downgrade() -> None:
    op.create_index("ix_interviews_user_id", "interviews", ["user_id"])
    op.drop_index("ix_interviews_user_at", table_name="interviews")
