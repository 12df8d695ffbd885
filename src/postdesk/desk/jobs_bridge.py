"""Hand newly queued escalations to the job queue, when the desk has one."""

from __future__ import annotations

from postdesk.desk.context import Desk


def queue_escalations(desk: Desk, escalation_ids: list[int]) -> None:
    """Defer a send job per escalation; the periodic sweep catches any missed here."""
    if escalation_ids and desk.jobs is not None:
        desk.jobs.defer_escalations(escalation_ids)
