"""channels: a school's or an authority's official channel; school answers the bot confirmed

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-08 10:00:00

`chat.channel` tells a channel from a group chat (MAX's `is_channel`; chats recorded before are
taken as group chats: a channel added again is recorded anew), `chat.authority_id` the
authority whose channel it is. `school_answer.verification` / `verified_at`: a school-level
answer the bot confirmed (the bot made an administrator of the school's channel).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("chat", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("channel", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch_op.add_column(sa.Column("authority_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_chat_authority_id_authority"),
            "authority",
            ["authority_id"],
            ["id"],
            ondelete="SET NULL",
        )
    with op.batch_alter_table("school_answer", schema=None) as batch_op:
        batch_op.add_column(sa.Column("verification", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("verified_at", sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("school_answer", schema=None) as batch_op:
        batch_op.drop_column("verified_at")
        batch_op.drop_column("verification")
    with op.batch_alter_table("chat", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_chat_authority_id_authority"), type_="foreignkey")
        batch_op.drop_column("authority_id")
        batch_op.drop_column("channel")
