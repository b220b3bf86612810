"""chat members: who is in a class chat, counted without names

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03 08:25:07

`chat` learns its class, the bot's rights and the counts the bot last read (participants,
people present who are not the school's staff, of them active this week); `chat_member` keeps
a keyed hash of each member's MAX user id while they are in the chat. Chats recorded before
are read again at the first refresh; a chat whose adder teaches exactly one class is taken to
be of that class.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "chat_member",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("chat_row_id", sa.Integer(), nullable=False),
        sa.Column("member", sa.String(length=32), nullable=False),
        sa.Column("joined_at", sa.DateTime(), nullable=True),
        sa.Column("last_access_at", sa.DateTime(), nullable=True),
        sa.Column("seen_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["chat_row_id"],
            ["chat.id"],
            name=op.f("fk_chat_member_chat_row_id_chat"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_chat_member")),
        sa.UniqueConstraint("chat_row_id", "member", name=op.f("uq_chat_member_chat_row_id")),
    )
    with op.batch_alter_table("chat_member", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_chat_member_member"), ["member"], unique=False)

    with op.batch_alter_table("chat", schema=None) as batch_op:
        batch_op.add_column(sa.Column("class_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("bot_admin", sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column("rights_told_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("participants", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("present", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("active", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("counted_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("refresh_at", sa.DateTime(), nullable=True))
        batch_op.create_index(batch_op.f("ix_chat_class_id"), ["class_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_chat_refresh_at"), ["refresh_at"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_chat_class_id_school_class"),
            "school_class",
            ["class_id"],
            ["id"],
            ondelete="SET NULL",
        )

    op.execute("UPDATE chat SET refresh_at = added_at WHERE removed_at IS NULL")
    op.execute(
        "UPDATE chat SET class_id = (SELECT ct.class_id FROM class_teacher ct"
        " WHERE ct.person_id = chat.added_by AND ct.until IS NULL)"
        " WHERE purpose IN ('students', 'parents', 'teachers')"
        " AND (SELECT count(*) FROM class_teacher ct"
        " WHERE ct.person_id = chat.added_by AND ct.until IS NULL) = 1"
    )


def downgrade() -> None:
    with op.batch_alter_table("chat", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_chat_class_id_school_class"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_chat_refresh_at"))
        batch_op.drop_index(batch_op.f("ix_chat_class_id"))
        batch_op.drop_column("refresh_at")
        batch_op.drop_column("counted_at")
        batch_op.drop_column("active")
        batch_op.drop_column("present")
        batch_op.drop_column("participants")
        batch_op.drop_column("rights_told_at")
        batch_op.drop_column("bot_admin")
        batch_op.drop_column("class_id")

    with op.batch_alter_table("chat_member", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_chat_member_member"))

    op.drop_table("chat_member")
