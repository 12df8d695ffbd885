"""incidents resolved with a cause, merged customers, indexes for the reports

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06 21:30:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("incidents", schema=None) as batch_op:
        batch_op.add_column(sa.Column("cause", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("resolved_by_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            "fk_incidents_resolved_by_id_users",
            "users",
            ["resolved_by_id"],
            ["id"],
            ondelete="SET NULL",
        )
    with op.batch_alter_table("customers", schema=None) as batch_op:
        batch_op.add_column(sa.Column("merged_into_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            "fk_customers_merged_into_id_customers",
            "customers",
            ["merged_into_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch_op.create_index("ix_customers_merged_into_id", ["merged_into_id"], unique=False)
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.create_index(
            "ix_cases_created_at_playbook_id_assignee_id",
            ["created_at", "playbook_id", "assignee_id"],
            unique=False,
        )
        batch_op.create_index(
            "ix_cases_closed_at_assignee_id", ["closed_at", "assignee_id"], unique=False
        )
        batch_op.create_index(
            "ix_cases_status_assignee_id_created_at",
            ["status", "assignee_id", "created_at"],
            unique=False,
        )
        batch_op.create_index(
            "ix_cases_customer_id_id_status", ["customer_id", "id", "status"], unique=False
        )
    with op.batch_alter_table("escalations", schema=None) as batch_op:
        batch_op.create_index(
            "ix_escalations_created_at_channel_id", ["created_at", "channel_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("escalations", schema=None) as batch_op:
        batch_op.drop_index("ix_escalations_created_at_channel_id")
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_index("ix_cases_customer_id_id_status")
        batch_op.drop_index("ix_cases_status_assignee_id_created_at")
        batch_op.drop_index("ix_cases_closed_at_assignee_id")
        batch_op.drop_index("ix_cases_created_at_playbook_id_assignee_id")
    with op.batch_alter_table("customers", schema=None) as batch_op:
        batch_op.drop_index("ix_customers_merged_into_id")
        batch_op.drop_constraint("fk_customers_merged_into_id_customers", type_="foreignkey")
        batch_op.drop_column("merged_into_id")
    with op.batch_alter_table("incidents", schema=None) as batch_op:
        batch_op.drop_constraint("fk_incidents_resolved_by_id_users", type_="foreignkey")
        batch_op.drop_column("resolved_by_id")
        batch_op.drop_column("cause")
