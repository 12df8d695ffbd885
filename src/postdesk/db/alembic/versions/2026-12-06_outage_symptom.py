"""incidents and cases carry the symptom the outage rule counts by

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-06 12:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Existing rows keep no key: they never match a new report, so the rule starts
    # counting afresh by symptom (as after an incident is closed).
    with op.batch_alter_table("incidents", schema=None) as batch_op:
        batch_op.add_column(sa.Column("symptom_key", sa.String(length=128), nullable=True))
        batch_op.create_index(
            "ix_incidents_playbook_id_symptom_key", ["playbook_id", "symptom_key"], unique=False
        )
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.add_column(sa.Column("symptom_key", sa.String(length=128), nullable=True))
        batch_op.create_index(
            "ix_cases_playbook_id_symptom_key_created_at",
            ["playbook_id", "symptom_key", "created_at"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_index("ix_cases_playbook_id_symptom_key_created_at")
        batch_op.drop_column("symptom_key")
    with op.batch_alter_table("incidents", schema=None) as batch_op:
        batch_op.drop_index("ix_incidents_playbook_id_symptom_key")
        batch_op.drop_column("symptom_key")
