"""Sending one mail escalation: claim it, hand it to the relay, record what happened.

This is the body of the ``send_escalation`` job (see :mod:`postdesk.jobs`).
It is safe to run more than once for the same escalation, by any number of
workers at once: only the worker that claims the row sends, a sent row is
never sent again, and a repeat after a crash carries the same Message-ID.
"""

from __future__ import annotations

import asyncio
import logging

import aiosmtplib

from postdesk.desk.context import Desk
from postdesk.desk.escalations import service

log = logging.getLogger("postdesk.escalations")

SMTP_ERRORS = (aiosmtplib.SMTPException, OSError, TimeoutError)


def backoff_seconds(attempt: int) -> float:
    """Wait before attempt ``attempt + 1``: 2, 4, 8 ... seconds, at most 10 minutes."""
    return float(min(2**attempt, 600))


async def deliver(desk: Desk, escalation_id: int) -> str:
    """Send the escalation if it is due and nobody else is sending it; returns what happened.

    Returns ``sent``, ``retry`` (failed, queued again after a backoff),
    ``failed`` (out of attempts) or ``skipped`` (not due, or taken by another worker).
    """
    settings = desk.settings

    def claim():  # type: ignore[no-untyped-def]
        with desk.sessions() as db_session:
            return service.claim(
                db_session=db_session,
                escalation_id=escalation_id,
                lease_seconds=settings.send_lease_seconds,
            )

    escalation = await asyncio.to_thread(claim)
    if escalation is None:
        return "skipped"
    message = service.compose(escalation, settings)
    try:
        await service.send_message(message, settings)
    except SMTP_ERRORS as err:
        final = escalation.attempts >= settings.send_attempts
        reason = f"attempt {escalation.attempts}: {type(err).__name__}: {err}"
        log.warning("escalation %s not sent: %s", escalation_id, reason)

        def record_failure() -> None:
            with desk.sessions() as db_session:
                service.mark_attempt_failed(
                    db_session=db_session,
                    escalation_id=escalation_id,
                    reason=reason,
                    retry_in=None if final else backoff_seconds(escalation.attempts),
                )

        await asyncio.to_thread(record_failure)
        return "failed" if final else "retry"

    def record_sent() -> None:
        with desk.sessions() as db_session:
            service.mark_sent(db_session=db_session, escalation_id=escalation_id)

    await asyncio.to_thread(record_sent)
    return "sent"
