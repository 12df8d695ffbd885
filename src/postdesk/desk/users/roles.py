"""Roles and what each may do; every endpoint checks one permission."""

from __future__ import annotations

from typing import Literal

Role = Literal["agent", "supervisor", "admin"]
ROLES: tuple[Role, ...] = ("agent", "supervisor", "admin")

# Permission -> roles that hold it. Kept as data so a review sees all access at once.
PERMISSIONS: dict[str, frozenset[str]] = {
    "cases:read": frozenset({"agent", "supervisor", "admin"}),
    "cases:write": frozenset({"agent", "supervisor", "admin"}),
    "cases:close": frozenset({"agent", "supervisor", "admin"}),
    # Making someone else the assignee of a case another active user holds (a takeover);
    # agents go through a supervisor or the holder (desk.cases.assignment).
    "cases:reassign": frozenset({"supervisor", "admin"}),
    "escalations:read": frozenset({"agent", "supervisor", "admin"}),
    "escalations:retry": frozenset({"supervisor", "admin"}),
    # Recording an engineer's answer to a case's escalation (it ends waiting_engineer).
    "escalations:answer": frozenset({"agent", "supervisor", "admin"}),
    "incidents:read": frozenset({"agent", "supervisor", "admin"}),
    "incidents:write": frozenset({"supervisor", "admin"}),
    # Seeing a customer's password: supervisors and admins always; an agent only
    # for a case assigned to them (checked in the secrets service).
    "secrets:reveal": frozenset({"agent", "supervisor", "admin"}),
    "secrets:reveal-any": frozenset({"supervisor", "admin"}),
    "audit:read": frozenset({"supervisor", "admin"}),
    "users:read": frozenset({"supervisor", "admin"}),
    "users:write": frozenset({"admin"}),
    # Listing every user's API tokens (never their values) and revoking them.
    "tokens:admin": frozenset({"admin"}),
    "playbooks:read": frozenset({"agent", "supervisor", "admin"}),
    # Issue 16: customers' pages and their live check, merging records, reports.
    "customers:read": frozenset({"agent", "supervisor", "admin"}),
    "customers:merge": frozenset({"supervisor", "admin"}),
    "reports:read": frozenset({"supervisor", "admin"}),
    # Every agent's reminders; an agent lists their own cases' and the unassigned
    # cases' (desk.reminders.service.viewer_scope).
    "reminders:read-any": frozenset({"supervisor", "admin"}),
}


def allows(role: str, permission: str) -> bool:
    """Whether ``role`` holds ``permission``."""
    return role in PERMISSIONS.get(permission, frozenset())
