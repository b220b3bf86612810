"""webhook inbox: updates committed before MAX gets its 200

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-04 15:30:00

`webhook_inbox` holds each update the webhook accepted until it is handled; the next start
handles what a crash or a stop left there.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "webhook_inbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_webhook_inbox")),
    )


def downgrade() -> None:
    op.drop_table("webhook_inbox")
