"""help answers: a help request answered in the bot, or passed on to the authority

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-04 20:00:00

`help_request.answered_at` / `answered_by`: the last answer typed in the bot (by an
administrator of the school or the authority's staff); `passed_at`: when an administrator
passed it on to the authority.

Announcements sent before this revision are marked reported (`job_run` `announce-report:{id}`):
their authors had the old report, and the scheduler now reports every wave once.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("help_request") as batch:
        batch.add_column(sa.Column("answered_at", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("answered_by", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("passed_at", sa.DateTime(), nullable=True))
        batch.create_foreign_key(
            op.f("fk_help_request_answered_by_person"),
            "person",
            ["answered_by"],
            ["id"],
            ondelete="SET NULL",
        )
    op.execute(
        "INSERT INTO job_run (key, at) "
        "SELECT 'announce-report:' || CAST(a.id AS VARCHAR), a.confirmed_at FROM announcement a "
        "WHERE a.confirmed_at IS NOT NULL AND NOT EXISTS "
        "(SELECT 1 FROM job_run j WHERE j.key = 'announce-report:' || CAST(a.id AS VARCHAR))"
    )


def downgrade() -> None:
    with op.batch_alter_table("help_request") as batch:
        batch.drop_constraint(op.f("fk_help_request_answered_by_person"), type_="foreignkey")
        batch.drop_column("passed_at")
        batch.drop_column("answered_by")
        batch.drop_column("answered_at")
