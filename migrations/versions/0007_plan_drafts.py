"""plan drafts: an authority's roadmap file waiting for confirmation

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-09 10:00:00

`/plan` in the bot: an authority's person sends a roadmap TOML, the bot checks it and shows
what would change; the checked text waits in `plan_draft` (one per authority) until
«Заменить план» or «Отмена».
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "plan_draft",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("authority_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["authority_id"],
            ["authority.id"],
            name=op.f("fk_plan_draft_authority_id_authority"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_plan_draft_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_draft")),
        sa.UniqueConstraint("authority_id", name=op.f("uq_plan_draft_authority_id")),
    )
    with op.batch_alter_table("plan_draft", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_plan_draft_person_id"), ["person_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("plan_draft", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plan_draft_person_id"))

    op.drop_table("plan_draft")
