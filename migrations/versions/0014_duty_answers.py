"""duty answers: the authority's own checklist (a plan's [[duties]])

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-06 22:30:00

`duty_answer(authority_id, duty_code, period, school_id)`: one answer per duty and period for
the whole authority (school_id 0), or per school for a per-school duty (consultations held
with each).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "duty_answer",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "authority_id",
            sa.Integer(),
            sa.ForeignKey("authority.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("duty_code", sa.String(length=32), nullable=False),
        sa.Column("period", sa.String(length=24), nullable=False, server_default=""),
        sa.Column("school_id", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("answered_at", sa.DateTime(), nullable=False),
        sa.Column(
            "person_id",
            sa.Integer(),
            sa.ForeignKey("person.id", ondelete="SET NULL"),
            nullable=True,
        ),
        sa.UniqueConstraint("authority_id", "duty_code", "period", "school_id"),
    )


def downgrade() -> None:
    op.drop_table("duty_answer")
