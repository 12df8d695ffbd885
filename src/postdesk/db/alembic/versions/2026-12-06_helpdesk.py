"""helpdesk: statuses and their times, notes, reminders, takeover requests, case links,
escalation answers

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06 21:30:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import postdesk.db.base

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

UTC_TIME = postdesk.db.base.UTCDateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.add_column(sa.Column("status_changed_at", UTC_TIME, nullable=True))
        batch_op.add_column(sa.Column("merged_into_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_cases_merged_into_id"), ["merged_into_id"])
        batch_op.create_foreign_key(
            batch_op.f("fk_cases_merged_into_id_cases"),
            "cases",
            ["merged_into_id"],
            ["id"],
            ondelete="SET NULL",
        )
    # "escalated" was the one waiting state; it is waiting for an engineer's answer now.
    # Time in status starts at the last change the row knows of.
    op.execute("UPDATE cases SET status = 'waiting_engineer' WHERE status = 'escalated'")
    op.execute("UPDATE cases SET status_changed_at = updated_at")
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.alter_column("status_changed_at", existing_type=UTC_TIME, nullable=False)

    with op.batch_alter_table("escalations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("answer", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("answered_at", UTC_TIME, nullable=True))
        batch_op.add_column(sa.Column("answered_by_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_escalations_answered_by_id_users"),
            "users",
            ["answered_by_id"],
            ["id"],
            ondelete="SET NULL",
        )

    op.create_table(
        "case_notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", UTC_TIME, nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["users.id"],
            name=op.f("fk_case_notes_author_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_case_notes_case_id_cases"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_notes")),
    )
    op.create_index(op.f("ix_case_notes_case_id"), "case_notes", ["case_id"])

    op.create_table(
        "takeover_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("requester_id", sa.Integer(), nullable=False),
        sa.Column("holder_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("created_at", UTC_TIME, nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=True),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", UTC_TIME, nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["cases.id"],
            name=op.f("fk_takeover_requests_case_id_cases"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["requester_id"],
            ["users.id"],
            name=op.f("fk_takeover_requests_requester_id_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["holder_id"],
            ["users.id"],
            name=op.f("fk_takeover_requests_holder_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_id"],
            ["users.id"],
            name=op.f("fk_takeover_requests_decided_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_takeover_requests")),
    )
    op.create_index(op.f("ix_takeover_requests_case_id"), "takeover_requests", ["case_id"])

    op.create_table(
        "case_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("other_id", sa.Integer(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", UTC_TIME, nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_case_links_case_id_cases"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["other_id"],
            ["cases.id"],
            name=op.f("fk_case_links_other_id_cases"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_case_links_created_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_links")),
        sa.UniqueConstraint("case_id", "other_id", name="uq_case_links_pair"),
    )
    op.create_index(op.f("ix_case_links_case_id"), "case_links", ["case_id"])
    op.create_index(op.f("ix_case_links_other_id"), "case_links", ["other_id"])

    op.create_table(
        "reminders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("origin", sa.String(length=16), nullable=False),
        sa.Column("origin_key", sa.String(length=128), nullable=True),
        sa.Column("text", postdesk.db.base.JSONType, nullable=False),
        sa.Column("due_at", UTC_TIME, nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", UTC_TIME, nullable=False),
        sa.Column("escalation_id", sa.Integer(), nullable=True),
        sa.Column("fired_at", UTC_TIME, nullable=True),
        sa.Column("overdue_at", UTC_TIME, nullable=True),
        sa.Column("done_at", UTC_TIME, nullable=True),
        sa.Column("done_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_reminders_case_id_cases"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_reminders_created_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["done_by_id"],
            ["users.id"],
            name=op.f("fk_reminders_done_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["escalation_id"],
            ["escalations.id"],
            name=op.f("fk_reminders_escalation_id_escalations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reminders")),
        sa.UniqueConstraint("origin_key", name="uq_reminders_origin_key"),
    )
    op.create_index(op.f("ix_reminders_case_id"), "reminders", ["case_id"])
    op.create_index(op.f("ix_reminders_escalation_id"), "reminders", ["escalation_id"])
    op.create_index("ix_reminders_open_due", "reminders", ["done_at", "due_at"])


def downgrade() -> None:
    op.drop_index("ix_reminders_open_due", table_name="reminders")
    op.drop_index(op.f("ix_reminders_escalation_id"), table_name="reminders")
    op.drop_index(op.f("ix_reminders_case_id"), table_name="reminders")
    op.drop_table("reminders")
    op.drop_index(op.f("ix_case_links_other_id"), table_name="case_links")
    op.drop_index(op.f("ix_case_links_case_id"), table_name="case_links")
    op.drop_table("case_links")
    op.drop_index(op.f("ix_takeover_requests_case_id"), table_name="takeover_requests")
    op.drop_table("takeover_requests")
    op.drop_index(op.f("ix_case_notes_case_id"), table_name="case_notes")
    op.drop_table("case_notes")
    with op.batch_alter_table("escalations", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_escalations_answered_by_id_users"), type_="foreignkey"
        )
        batch_op.drop_column("answered_by_id")
        batch_op.drop_column("answered_at")
        batch_op.drop_column("answer")
    op.execute("UPDATE cases SET status = 'escalated' WHERE status = 'waiting_engineer'")
    op.execute("UPDATE cases SET status = 'open' WHERE status = 'waiting_customer'")
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_cases_merged_into_id_cases"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_cases_merged_into_id"))
        batch_op.drop_column("merged_into_id")
        batch_op.drop_column("status_changed_at")
