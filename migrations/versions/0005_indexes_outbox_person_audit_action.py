"""indexes: outbox(person_id), audit(action, at)

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22 05:30:00

Found by the region-scale benchmarks (docs/PERFORMANCE.md): forgetting a person deletes their
outbox rows, and deleting a person sets outbox.person_id to NULL — both scanned the whole
outbox; the roster's "who joined with which invite" filtered the audit log (a row per answer)
by action without an index.
"""

from __future__ import annotations

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.create_index("ix_outbox_person_id", ["person_id"], unique=False)
    with op.batch_alter_table("audit", schema=None) as batch_op:
        batch_op.create_index("ix_audit_action_at", ["action", "at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("audit", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_action_at")
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_index("ix_outbox_person_id")
