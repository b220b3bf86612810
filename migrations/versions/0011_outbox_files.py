"""outbox files: a queued message may carry a document (the scheduled monthly XLSX report)

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-10 09:00:00

`outbox.file_name`: when set, `image` holds the bytes of a document sent under exactly that
name (`Sender.send_file`), not a chart.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.add_column(sa.Column("file_name", sa.String(length=128), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.drop_column("file_name")
