"""person.seen_at: when the person last wrote to the bot (to the hour)

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06 22:00:00

The authority's digest names administrators who stopped answering (`bot.rules.attention`).
Existing people start from their `updated_at`, the closest figure there is.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("person") as batch:
        batch.add_column(sa.Column("seen_at", sa.DateTime(), nullable=True))
    op.execute("UPDATE person SET seen_at = updated_at")


def downgrade() -> None:
    with op.batch_alter_table("person") as batch:
        batch.drop_column("seen_at")
