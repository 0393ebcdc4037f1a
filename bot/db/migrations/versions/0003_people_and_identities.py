"""People and their platform identities: a user row becomes a person, linkable across platforms.

Every existing user keeps its id (so its interviews, nudges and marks stay its own) and gets one
identity row with its platform, workspace and user id. Adds the one-time link codes, the
wrong-code counter, and the person's "nudges go to" platform and pending notice.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from bot.db.types import UTCDateTime

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "identities",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "user_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("platform", sa.String(32), nullable=False),
        sa.Column("workspace", sa.String(128), nullable=False),
        sa.Column("user_key", sa.String(128), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.UniqueConstraint("platform", "workspace", "user_key", name="uq_identities_identity"),
    )
    op.create_index("ix_identities_user_id", "identities", ["user_id"])
    op.execute(
        "INSERT INTO identities (user_id, platform, workspace, user_key, created_at) "
        "SELECT id, platform, workspace, user_key, created_at FROM users ORDER BY id"
    )
    op.create_table(
        "link_codes",
        sa.Column("code", sa.String(16), primary_key=True),
        sa.Column(
            "user_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column(
            "identity_id",
            sa.Integer(),
            sa.ForeignKey("identities.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("expires_at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_link_codes_user_id", "link_codes", ["user_id"])
    op.create_table(
        "link_attempts",
        sa.Column(
            "identity_id",
            sa.Integer(),
            sa.ForeignKey("identities.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("window_start", UTCDateTime(), nullable=False),
    )
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("nudges_to", sa.String(32), nullable=True))
        batch.add_column(sa.Column("notice", sa.Text(), nullable=True))
        batch.drop_constraint("uq_users_identity", type_="unique")
        batch.drop_column("platform")
        batch.drop_column("workspace")
        batch.drop_column("user_key")


def downgrade() -> None:
    """Back to one user per identity row; a person with several identities keeps its first
    (the others' rows are dropped: a linked person cannot be split back automatically)."""
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("platform", sa.String(32), nullable=True))
        batch.add_column(sa.Column("workspace", sa.String(128), nullable=True))
        batch.add_column(sa.Column("user_key", sa.String(128), nullable=True))
    for column in ("platform", "workspace", "user_key"):
        op.execute(
            f"UPDATE users SET {column} = (SELECT identities.{column} FROM identities "
            "WHERE identities.user_id = users.id ORDER BY identities.id LIMIT 1)"
        )
    with op.batch_alter_table("users") as batch:
        batch.alter_column("platform", existing_type=sa.String(32), nullable=False)
        batch.alter_column("workspace", existing_type=sa.String(128), nullable=False)
        batch.alter_column("user_key", existing_type=sa.String(128), nullable=False)
        batch.create_unique_constraint("uq_users_identity", ["platform", "workspace", "user_key"])
        batch.drop_column("notice")
        batch.drop_column("nudges_to")
    for table in ("link_attempts", "link_codes", "identities"):
        op.drop_table(table)
