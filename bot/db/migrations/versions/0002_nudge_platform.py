"""Copy the recipient's platform onto each nudge, so a claim scans one index with no join.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("nudges") as batch:
        batch.add_column(sa.Column("platform", sa.String(32), nullable=True))
    op.execute(
        "UPDATE nudges SET platform = (SELECT users.platform FROM users "
        "WHERE users.id = nudges.user_id)"
    )
    with op.batch_alter_table("nudges") as batch:
        batch.alter_column("platform", existing_type=sa.String(32), nullable=False)


def downgrade() -> None:
    with op.batch_alter_table("nudges") as batch:
        batch.drop_column("platform")
